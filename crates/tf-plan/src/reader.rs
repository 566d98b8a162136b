//! The streaming read: serde visitors over the document's top-level keys,
//! `resource_changes`, `prior_state` and `configuration`, each keeping what
//! is asked for into one `State` and skipping the rest with `IgnoredAny`
//! (nothing skipped is kept in memory).

use std::collections::BTreeMap;
use std::fmt;
use std::io::{BufReader, Read};

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::budget::{Bounded, count};
use crate::{
    Action, DataSource, Expression, Limits, ModuleCall, Plan, PlanError, ResourceChange, Wanted,
};

/// What the visitors share: the request, the plan so far, what was seen.
struct State<'a> {
    wanted: &'a Wanted,
    limits: &'a Limits,
    plan: Plan,
    /// An error of ours, which the serde error that stops the read stands for.
    error: Option<PlanError>,
    kept: usize,
    seen: Seen,
}

#[derive(Default)]
struct Seen {
    format_version: bool,
    planned: bool,
    state_values: bool,
    state_file: bool,
    configuration: bool,
}

impl State<'_> {
    fn fail<E: de::Error>(&mut self, error: PlanError) -> E {
        let message = error.to_string();
        self.error = Some(error);
        E::custom(message)
    }

    fn keep<E: de::Error>(&mut self) -> Result<(), E> {
        count(
            &mut self.kept,
            self.limits.max_kept_resources,
            "resources of the types read",
        )
        .map_err(|m| self.fail(PlanError::Budget(m)))
    }
}

pub fn read(reader: impl Read, wanted: &Wanted, limits: &Limits) -> Result<Plan, PlanError> {
    let bounded = Bounded::new(reader, limits.max_bytes);
    let exceeded = bounded.exceeded.clone();
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(1 << 16, bounded));
    let mut state = State {
        wanted,
        limits,
        plan: Plan::default(),
        error: None,
        kept: 0,
        seen: Seen::default(),
    };
    let outcome = TopSeed(&mut state)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    if let Err(e) = outcome {
        return Err(state
            .error
            .take()
            .unwrap_or_else(|| classify(&e, exceeded.get(), limits.max_bytes)));
    }
    judge(state)
}

/// A serde error in the plan's words.
fn classify(e: &serde_json::Error, exceeded: bool, max_bytes: u64) -> PlanError {
    use serde_json::error::Category;
    let (line, column) = (e.line(), e.column());
    match e.classify() {
        Category::Io if exceeded => PlanError::Budget(format!(
            "the plan is larger than {} MiB: past pypi-size's limit for one plan",
            max_bytes >> 20
        )),
        Category::Io => PlanError::Io(e.to_string()),
        Category::Eof => PlanError::Truncated { line, column },
        _ if e.to_string().contains("recursion limit") => PlanError::Budget(format!(
            "the plan nests values more than 128 levels deep (at line {line}, column {column}): past pypi-size's limit"
        )),
        Category::Syntax => PlanError::Syntax {
            line,
            column,
            message: strip_position(&e.to_string()),
        },
        Category::Data => PlanError::Shape(format!(
            "not a plan as terraform show -json writes it: {}",
            e
        )),
    }
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// What the whole document turned out to be.
fn judge(state: State<'_>) -> Result<Plan, PlanError> {
    let seen = &state.seen;
    if !seen.format_version {
        if seen.state_file {
            return Err(PlanError::StateFile);
        }
        return Err(PlanError::Shape(
            "no `format_version`: not the output of terraform show -json".into(),
        ));
    }
    if !seen.planned && seen.state_values {
        return Err(PlanError::State);
    }
    if !seen.configuration {
        return Err(PlanError::NoConfiguration);
    }
    let mut plan = state.plan;
    plan.calls.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(plan)
}

/// Whether pypi-size reads this `format_version`: 1.x, x a number ("1.x"
/// itself is not a version).
fn supported(version: &str) -> bool {
    version
        .strip_prefix("1.")
        .is_some_and(|minor| !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit()))
}

struct TopSeed<'s, 'a>(&'s mut State<'a>);

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object (terraform show -json output)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let st = self.0;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format_version" => {
                    let v: String = map.next_value()?;
                    if !supported(&v) {
                        return Err(st.fail(PlanError::Version(v)));
                    }
                    st.seen.format_version = true;
                    st.plan.format_version = v;
                }
                "terraform_version" => st.plan.terraform_version = Some(map.next_value()?),
                "variables" => {
                    let vars: BTreeMap<String, Variable> = map.next_value()?;
                    if vars.len() > st.limits.max_variables {
                        let m = format!(
                            "the plan has more than {} root variables: past pypi-size's limit",
                            st.limits.max_variables
                        );
                        return Err(st.fail(PlanError::Budget(m)));
                    }
                    st.plan.variables = vars.into_iter().map(|(k, v)| (k, v.value)).collect();
                }
                "resource_changes" => {
                    st.seen.planned = true;
                    map.next_value_seed(Changes(st))?;
                }
                "planned_values" => {
                    st.seen.planned = true;
                    map.next_value::<IgnoredAny>()?;
                }
                "prior_state" => map.next_value_seed(PriorState(st))?,
                "configuration" => {
                    st.seen.configuration = true;
                    map.next_value_seed(Configuration(st))?;
                }
                "values" => {
                    st.seen.state_values = true;
                    map.next_value::<IgnoredAny>()?;
                }
                "lineage" | "serial" => {
                    st.seen.state_file = true;
                    map.next_value::<IgnoredAny>()?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct Variable {
    #[serde(default)]
    value: Value,
}

/// `resource_changes`: an array of resource instance changes.
struct Changes<'s, 'a>(&'s mut State<'a>);

impl<'de> DeserializeSeed<'de> for Changes<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Changes<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of resource changes")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(OneChange(self.0))?.is_some() {}
        Ok(())
    }
}

struct OneChange<'s, 'a>(&'s mut State<'a>);

impl<'de> DeserializeSeed<'de> for OneChange<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

#[derive(Deserialize)]
struct ChangeBody {
    actions: Vec<String>,
    #[serde(default)]
    before: Value,
    #[serde(default)]
    after: Value,
    #[serde(default)]
    after_unknown: Value,
}

impl<'de> Visitor<'de> for OneChange<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a resource change object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let st = self.0;
        let (mut address, mut module_address, mut mode, mut kind) = (None, None, None, None);
        let (mut body, mut reason): (Option<ChangeBody>, Option<String>) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "address" => address = Some(map.next_value::<String>()?),
                "module_address" => module_address = Some(map.next_value::<String>()?),
                "mode" => mode = Some(map.next_value::<String>()?),
                "type" => kind = Some(map.next_value::<String>()?),
                "action_reason" => reason = Some(map.next_value::<String>()?),
                // Terraform writes `type` before `change`: a type not asked
                // for is skipped unread.
                "change" if kind.as_deref().is_some_and(|t| !st.wanted.wants(t)) => {
                    map.next_value::<IgnoredAny>()?;
                }
                "change" => body = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let Some(kind) = kind.filter(|t| st.wanted.wants(t)) else {
            return Ok(());
        };
        let (Some(address), Some(body)) = (address, body) else {
            return Err(de::Error::custom(
                "a resource change without address or change",
            ));
        };
        let action = action(&body.actions).ok_or_else(|| {
            de::Error::custom(format!("{address}: unknown actions {:?}", body.actions))
        })?;
        st.keep()?;
        st.plan.changes.push(ResourceChange {
            address,
            module_address,
            data: mode.as_deref() == Some("data"),
            resource_type: kind,
            action,
            before: body.before,
            after: body.after,
            after_unknown: body.after_unknown,
            action_reason: reason,
        });
        Ok(())
    }
}

/// A change's `actions` as one action.
fn action(actions: &[String]) -> Option<Action> {
    let names: Vec<&str> = actions.iter().map(String::as_str).collect();
    Some(match names.as_slice() {
        ["no-op"] => Action::NoOp,
        ["create"] => Action::Create,
        ["read"] => Action::Read,
        ["update"] => Action::Update,
        ["delete"] => Action::Delete,
        ["delete", "create"] | ["create", "delete"] => Action::Replace,
        // Terraform 1.5 and later: `forget` (removed from state, kept in AWS).
        ["forget"] => Action::Delete,
        _ => return None,
    })
}

/// `prior_state`: `{"values": {"root_module": MODULE}}`.
struct PriorState<'s, 'a>(&'s mut State<'a>);

impl<'de> DeserializeSeed<'de> for PriorState<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PriorState<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a state object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "values" => map.next_value_seed(PriorState(self.0))?,
                "root_module" => map.next_value_seed(StateModule(self.0))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A module of a state: its `resources` and `child_modules`.
struct StateModule<'s, 'a>(&'s mut State<'a>);

impl<'de> DeserializeSeed<'de> for StateModule<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for StateModule<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a state module object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "resources" => map.next_value_seed(Each(self.0, Item::StateResource))?,
                "child_modules" => map.next_value_seed(Each(self.0, Item::StateModule))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Item {
    StateResource,
    StateModule,
}

/// An array whose elements are state resources or state modules.
struct Each<'s, 'a>(&'s mut State<'a>, Item);

impl<'de> DeserializeSeed<'de> for Each<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Each<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (st, item) = (self.0, self.1);
        loop {
            let more = match item {
                Item::StateModule => seq.next_element_seed(StateModule(st))?,
                Item::StateResource => seq.next_element_seed(StateResource(st))?,
            };
            if more.is_none() {
                return Ok(());
            }
        }
    }
}

/// A resource of a state: kept when it is a data source of a wanted type.
struct StateResource<'s, 'a>(&'s mut State<'a>);

impl<'de> DeserializeSeed<'de> for StateResource<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for StateResource<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a state resource object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let st = self.0;
        let (mut address, mut mode, mut kind, mut values) = (None, None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            let skip = kind.as_deref().is_some_and(|t| !st.wanted.wants(t))
                || mode.as_deref().is_some_and(|m| m != "data");
            match key.as_str() {
                "address" => address = Some(map.next_value::<String>()?),
                "mode" => mode = Some(map.next_value::<String>()?),
                "type" => kind = Some(map.next_value::<String>()?),
                "values" if !skip => values = Some(map.next_value::<Value>()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if mode.as_deref() != Some("data") {
            return Ok(());
        }
        let Some(kind) = kind.filter(|t| st.wanted.wants(t)) else {
            return Ok(());
        };
        let Some(address) = address else {
            return Err(de::Error::custom("a prior_state resource without address"));
        };
        st.keep()?;
        st.plan.data.push(DataSource {
            address,
            resource_type: kind,
            values: values.unwrap_or(Value::Null),
        });
        Ok(())
    }
}

/// `configuration`: `{"root_module": MODULE}`.
struct Configuration<'s, 'a>(&'s mut State<'a>);

impl<'de> DeserializeSeed<'de> for Configuration<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Configuration<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a configuration object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "root_module" {
                map.next_value_seed(ConfigModule(self.0, Vec::new()))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// A module of the configuration at `path`: only its `module_calls` are read.
struct ConfigModule<'s, 'a>(&'s mut State<'a>, Vec<String>);

impl<'de> DeserializeSeed<'de> for ConfigModule<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ConfigModule<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a configuration module object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (st, path) = (self.0, self.1);
        while let Some(key) = map.next_key::<String>()? {
            if key == "module_calls" {
                map.next_value_seed(Calls(st, path.clone()))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// `module_calls`: an object of calls by name.
struct Calls<'s, 'a>(&'s mut State<'a>, Vec<String>);

impl<'de> DeserializeSeed<'de> for Calls<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Calls<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of module calls")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (st, path) = (self.0, self.1);
        while let Some(name) = map.next_key::<String>()? {
            let mut call_path = path.clone();
            call_path.push(name);
            map.next_value_seed(Call(st, call_path))?;
        }
        Ok(())
    }
}

/// One module call: its own keys, then its module's calls.
struct Call<'s, 'a>(&'s mut State<'a>, Vec<String>);

impl<'de> DeserializeSeed<'de> for Call<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Call<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a module call object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (st, path) = (self.0, self.1);
        let mut call = ModuleCall {
            path: path.clone(),
            source: String::new(),
            version_constraint: None,
            expressions: BTreeMap::new(),
            repetition: None,
        };
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "source" => call.source = map.next_value()?,
                "version_constraint" => call.version_constraint = Some(map.next_value()?),
                "expressions" => {
                    let raw: BTreeMap<String, Value> = map.next_value()?;
                    call.expressions = raw.into_iter().map(|(k, v)| (k, expression(v))).collect();
                }
                "count_expression" => {
                    call.repetition = Some("count");
                    map.next_value::<IgnoredAny>()?;
                }
                "for_each_expression" => {
                    call.repetition = Some("for_each");
                    map.next_value::<IgnoredAny>()?;
                }
                "module" => map.next_value_seed(ConfigModule(st, path.clone()))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if st.plan.calls.len() >= st.limits.max_calls {
            let m = format!(
                "the plan has more than {} module calls: past pypi-size's limit",
                st.limits.max_calls
            );
            return Err(st.fail(PlanError::Budget(m)));
        }
        st.plan.calls.push(call);
        Ok(())
    }
}

/// An argument's expression object.
fn expression(v: Value) -> Expression {
    match v {
        Value::Object(mut o) => {
            if let Some(c) = o.remove("constant_value") {
                Expression::Constant(c)
            } else if let Some(Value::Array(refs)) = o.remove("references") {
                Expression::References(
                    refs.into_iter()
                        .filter_map(|r| r.as_str().map(str::to_string))
                        .collect(),
                )
            } else {
                Expression::Other
            }
        }
        _ => Expression::Other,
    }
}
