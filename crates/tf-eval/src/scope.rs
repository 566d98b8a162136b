//! The names a module's expressions see, resolved lazily and once each:
//! `var.*` (a root's settings, or a caller's arguments), `local.*` (each
//! after the locals it uses, by an explicit walk, so a long chain cannot
//! overflow the stack), `module.*` (a local module's outputs, evaluated in
//! its own scope with the caller's arguments; another module's outputs are
//! unknown), resources and data sources (unknown, but a list of known length
//! when `count` or `for_each` is known), `path.*` and `terraform.workspace`.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use crate::config::{Config, Def, ModuleCall};
use crate::eval::{Eval, Instance, Names};
use crate::references::References;
use crate::sources::{self, Source, Wanted};
use crate::types::{self, Type};
use crate::value::{self, Budget, ErrorKind, EvalError, MapKind, Result, SeqKind, Value};
use crate::variables::{Settings, Winner};
use crate::{Location, SourceTree, TfError};

/// The most instances of one block pypi-size evaluates one by one.
pub const MAX_INSTANCES: u64 = 1000;

/// The deepest chain of local modules followed.
const MAX_MODULE_DEPTH: usize = 16;

/// What one root's scopes share: the budget, the files, the modules read.
pub struct Shared<'t> {
    pub budget: Budget,
    pub tree: &'t dyn SourceTree,
    pub wanted: Wanted,
    configs: RefCell<HashMap<String, Rc<Config>>>,
    /// The directories of the local modules read, in the order read.
    pub followed: RefCell<Vec<String>>,
}

impl<'t> Shared<'t> {
    pub fn new(tree: &'t dyn SourceTree, wanted: Wanted) -> Shared<'t> {
        Shared {
            budget: Budget::default(),
            tree,
            wanted,
            configs: RefCell::new(HashMap::new()),
            followed: RefCell::new(Vec::new()),
        }
    }

    /// A local module's configuration, read once.
    fn config(&self, dir: &str, called_at: &Location) -> std::result::Result<Rc<Config>, TfError> {
        if let Some(c) = self.configs.borrow().get(dir) {
            return Ok(c.clone());
        }
        let files = self.tree.module_files(dir).map_err(|message| TfError {
            location: called_at.clone(),
            message: format!("cannot read the local module at {dir}: {message}"),
        })?;
        let config = Rc::new(Config::load(dir, &files)?);
        self.configs
            .borrow_mut()
            .insert(dir.to_string(), config.clone());
        self.followed.borrow_mut().push(dir.to_string());
        Ok(config)
    }
}

/// What sets a module's variables.
pub enum Inputs {
    Root(Settings),
    /// A caller's arguments, evaluated in its scope (an error is kept and
    /// reported where the variable is used).
    Caller(HashMap<String, Result<Value>>),
}

/// How many instances `count` or `for_each` make of a block.
#[derive(Clone, Debug)]
pub enum Repeat {
    Single,
    Count(u64),
    /// The keys and `each.value`s.
    Each(Vec<(String, Value)>),
    Unknown(Rc<str>),
    Invalid(EvalError),
}

impl Repeat {
    /// Each instance's `count.index` or `each.*`, when known and not too many.
    pub fn instances(&self) -> Option<Vec<(String, Instance)>> {
        match self {
            Repeat::Single => Some(vec![(String::new(), Instance::default())]),
            Repeat::Count(n) if *n <= MAX_INSTANCES => Some(
                (0..*n)
                    .map(|i| {
                        let instance = Instance {
                            count_index: Some(Value::from_u64(i)),
                            each: None,
                        };
                        (format!("[{i}]"), instance)
                    })
                    .collect(),
            ),
            Repeat::Each(keys) if keys.len() as u64 <= MAX_INSTANCES => Some(
                keys.iter()
                    .map(|(k, v)| {
                        let instance = Instance {
                            count_index: None,
                            each: Some((Value::string(k.as_str()), v.clone())),
                        };
                        (format!("[{k:?}]"), instance)
                    })
                    .collect(),
            ),
            _ => None,
        }
    }

    /// An instance whose `count.index` and `each.*` are unknown, and why.
    pub fn unknown_instance(&self) -> Instance {
        let reason: Rc<str> = match self {
            Repeat::Unknown(r) => r.clone(),
            Repeat::Invalid(e) => e.message.as_str().into(),
            Repeat::Count(0) => "count = 0 makes no instance".into(),
            Repeat::Each(keys) if keys.is_empty() => "for_each is empty: no instance".into(),
            _ => format!(
                "the block has more than {MAX_INSTANCES} instances, which pypi-size does not \
                 evaluate one by one"
            )
            .into(),
        };
        let unknown = Value::Unknown(reason);
        Instance {
            count_index: Some(unknown.clone()),
            each: Some((unknown.clone(), unknown)),
        }
    }
}

/// A local or one of the values computed once.
enum Slot {
    Busy,
    Done(Result<Value>),
}

/// The instances of one module call.
pub enum Calls<'s> {
    /// A local module: each instance's key and scope, and the repetition.
    Local(Repeat, Vec<(String, Rc<Scope<'s>>)>),
    /// Another module: its outputs are unknown, for this reason.
    Unread(Rc<str>),
}

/// One module instance's names.
pub struct Scope<'s> {
    pub shared: &'s Shared<'s>,
    pub config: Rc<Config>,
    inputs: Inputs,
    /// `module.NAME[KEY].` prefixes from the root ("" for the root).
    pub address: String,
    /// `path.module`: the module's directory from the root's (`.` for the root).
    path: String,
    depth: usize,
    variables: RefCell<HashMap<String, Result<Value>>>,
    locals: RefCell<HashMap<String, Slot>>,
    calls: RefCell<HashMap<String, Rc<std::result::Result<Calls<'s>, TfError>>>>,
}

impl<'s> Scope<'s> {
    pub fn new(shared: &'s Shared<'s>, config: Rc<Config>, inputs: Inputs) -> Scope<'s> {
        Scope {
            shared,
            config,
            inputs,
            address: String::new(),
            path: ".".to_string(),
            depth: 0,
            variables: RefCell::new(HashMap::new()),
            locals: RefCell::new(HashMap::new()),
            calls: RefCell::new(HashMap::new()),
        }
    }

    /// Evaluates one argument with a fresh allowance of the budget.
    pub fn eval_task(&self, def: &Def, instance: Option<&Instance>) -> Result<Value> {
        self.shared.budget.begin_task();
        self.eval(def, instance)
    }

    /// Evaluates an expression of this module.
    pub fn eval<'a>(&'a self, def: &'a Def, instance: Option<&'a Instance>) -> Result<Value> {
        self.prepare(&def.expr);
        // A local that spent the budget: its error says where.
        if self.shared.budget.exhausted()
            && let Some(e) = References::of(&def.expr).local.iter().find_map(|n| {
                match self.locals.borrow().get(n) {
                    Some(Slot::Done(Err(e))) if e.kind == ErrorKind::Budget => Some(e.clone()),
                    _ => None,
                }
            })
        {
            return Err(e);
        }
        let file = &self.config.files[def.file];
        Eval::new(self, file, &self.shared.budget)
            .at_base(def.base)
            .with_instance(instance)
            .eval(&def.expr)
    }

    /// Evaluates the locals an expression uses, each after the locals it
    /// uses, without recursion.
    fn prepare(&self, expr: &hcl::edit::expr::Expression) {
        let mut on_path = HashSet::new();
        let mut stack: Vec<(String, bool)> = References::of(expr)
            .local
            .into_iter()
            .map(|n| (n, false))
            .collect();
        while let Some((name, expanded)) = stack.pop() {
            if self.locals.borrow().contains_key(&name) && !expanded {
                continue;
            }
            let Some(def) = self.config.locals.get(&name) else {
                continue;
            };
            if expanded {
                on_path.remove(&name);
                self.settle_local(&name, def);
                continue;
            }
            if !on_path.insert(name.clone()) {
                continue;
            }
            stack.push((name, true));
            for r in References::of(&def.expr).local {
                if !self.locals.borrow().contains_key(&r) && !on_path.contains(&r) {
                    stack.push((r, false));
                }
            }
        }
    }

    fn settle_local(&self, name: &str, def: &Def) {
        if self.locals.borrow().contains_key(name) {
            return;
        }
        self.locals
            .borrow_mut()
            .insert(name.to_string(), Slot::Busy);
        let file = &self.config.files[def.file];
        let value = Eval::new(self, file, &self.shared.budget)
            .at_base(def.base)
            .eval(&def.expr);
        self.locals
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(value));
    }

    fn local(&self, name: &str) -> Result<Value> {
        let Some(def) = self.config.locals.get(name) else {
            return Err(EvalError::terraform(format!(
                "Reference to undeclared local value: no local \"{name}\" is declared"
            )));
        };
        match self.locals.borrow().get(name) {
            Some(Slot::Done(v)) => return v.clone(),
            Some(Slot::Busy) => {
                return Err(EvalError::terraform(format!(
                    "Cycle: local.{name} refers to itself through other values"
                )));
            }
            None => {}
        }
        // Reached through another module: settle it now.
        self.prepare(&def.expr);
        self.settle_local(name, def);
        match self.locals.borrow().get(name) {
            Some(Slot::Done(v)) => v.clone(),
            _ => Err(EvalError::terraform(format!("Cycle: local.{name}"))),
        }
    }

    /// `var.NAME`, converted to its declared type.
    pub fn variable(&self, name: &str) -> Result<Value> {
        if let Some(v) = self.variables.borrow().get(name) {
            return v.clone();
        }
        let value = self.compute_variable(name);
        self.variables
            .borrow_mut()
            .insert(name.to_string(), value.clone());
        value
    }

    fn compute_variable(&self, name: &str) -> Result<Value> {
        let Some(decl) = self.config.variables.get(name) else {
            return Err(EvalError::terraform(format!(
                "Reference to undeclared input variable: no variable \"{name}\" is declared"
            )));
        };
        let (value, at) = match &self.inputs {
            Inputs::Caller(args) => match args.get(name) {
                Some(v) => return v.clone(),
                None => (
                    self.default(name)?,
                    self.config.location(&decl.at).to_string(),
                ),
            },
            Inputs::Root(settings) => match settings.winners.get(name) {
                Some(w) => (
                    self.setting(settings, w, decl.type_.as_ref())?,
                    w.describe(),
                ),
                None => (
                    self.default(name)?,
                    self.config.location(&decl.at).to_string(),
                ),
            },
        };
        match &decl.type_ {
            Some(t) => types::convert(&value, t).map_err(|e| {
                EvalError::terraform(format!(
                    "Invalid value for input variable \"{name}\" (set at {at}): {}",
                    e.message
                ))
            }),
            None => Ok(value),
        }
    }

    fn default(&self, name: &str) -> Result<Value> {
        match self
            .config
            .variables
            .get(name)
            .and_then(|d| d.default.as_ref())
        {
            Some(def) => {
                let file = &self.config.files[def.file];
                Eval::new(&Constants, file, &self.shared.budget)
                    .at_base(def.base)
                    .eval(&def.expr)
            }
            None => Ok(Value::unknown(format!(
                "variable `{name}` has no default and no value: give it with -var or -var-file"
            ))),
        }
    }

    fn setting(&self, settings: &Settings, w: &Winner, t: Option<&Type>) -> Result<Value> {
        match w {
            Winner::Expr { file, expr, .. } => {
                Eval::new(&Constants, &settings.files[*file], &self.shared.budget).eval(expr)
            }
            Winner::Json { value, .. } => value::from_json(value),
            // Text for no type or a primitive one; HCL for the others.
            Winner::Text { raw, .. } => match t {
                None | Some(Type::String | Type::Number | Type::Bool) => {
                    Ok(Value::string(raw.as_str()))
                }
                Some(_) => {
                    let expr = hcl::edit::parser::parse_expr(raw).map_err(|e| {
                        EvalError::terraform(format!(
                            "{raw:?} is not an HCL value: {}",
                            e.message()
                        ))
                    })?;
                    let file = crate::parse::Parsed::text_only(&w.describe(), raw);
                    Eval::new(&Constants, &file, &self.shared.budget).eval(&expr)
                }
            },
        }
    }

    /// How `var.NAME` got its value, for the report.
    pub fn variable_origin(&self, name: &str) -> String {
        let Some(decl) = self.config.variables.get(name) else {
            return "not declared".into();
        };
        let by_setting = match &self.inputs {
            Inputs::Root(settings) => settings.winners.get(name).map(Winner::describe),
            Inputs::Caller(args) => args.contains_key(name).then(|| {
                format!(
                    "the caller's argument ({})",
                    self.address.trim_end_matches('.')
                )
            }),
        };
        match (by_setting, &decl.default) {
            (Some(s), _) => s,
            (None, Some(_)) => format!("default at {}", self.config.location(&decl.at)),
            (None, None) => "no default".into(),
        }
    }

    /// How many instances a block's `count` or `for_each` make.
    pub fn repeat(&self, count: Option<&Def>, for_each: Option<&Def>) -> Repeat {
        match (count, for_each) {
            (Some(_), Some(_)) => Repeat::Invalid(EvalError::terraform(
                "Invalid combination of \"count\" and \"for_each\": use one or the other",
            )),
            (Some(c), None) => match self.eval(c, None) {
                Err(e) => Repeat::Invalid(e),
                Ok(v) => count_of(&v),
            },
            (None, Some(f)) => match self.eval(f, None) {
                Err(e) => Repeat::Invalid(e),
                Ok(v) => for_each_of(&v),
            },
            (None, None) => Repeat::Single,
        }
    }

    /// The instances of the module call `name`, each with its scope.
    pub fn calls(&self, call: &ModuleCall) -> Rc<std::result::Result<Calls<'s>, TfError>> {
        if let Some(c) = self.calls.borrow().get(&call.name) {
            return c.clone();
        }
        let calls = Rc::new(self.compute_calls(call));
        self.calls
            .borrow_mut()
            .insert(call.name.clone(), calls.clone());
        calls
    }

    fn compute_calls(&self, call: &ModuleCall) -> std::result::Result<Calls<'s>, TfError> {
        let source = call
            .arg("source")
            .and_then(|a| a.def.expr.as_str().map(str::to_string));
        let Some(source) = source else {
            return Err(TfError {
                location: self.config.location(&call.at),
                message: format!(
                    "Missing required argument: module \"{}\" has no source (a literal string)",
                    call.name
                ),
            });
        };
        let path = match sources::classify(&source, &self.shared.wanted) {
            Source::Local(path) => path,
            _ => {
                return Ok(Calls::Unread(
                    format!(
                        "module.{} comes from {source}, which pypi-size does not read: its \
                         outputs are known only to Terraform",
                        call.name
                    )
                    .into(),
                ));
            }
        };
        if self.depth >= MAX_MODULE_DEPTH {
            return Err(TfError {
                location: self.config.location(&call.at),
                message: format!(
                    "local modules nest deeper than {MAX_MODULE_DEPTH} levels (a module that \
                     calls itself?)"
                ),
            });
        }
        let dir = sources::join(&self.config.dir, &path);
        let child = self.shared.config(&dir, &self.config.location(&call.at))?;
        let repeat = self.repeat(
            call.arg("count").map(|a| &a.def),
            call.arg("for_each").map(|a| &a.def),
        );
        if let Repeat::Invalid(e) = &repeat {
            return Err(error_at(e, &self.config.location(&call.at)));
        }
        let instances = match repeat.instances() {
            Some(list) => list,
            None if matches!(repeat, Repeat::Unknown(_)) => {
                vec![("[?]".to_string(), repeat.unknown_instance())]
            }
            None => {
                return Err(TfError {
                    location: self.config.location(&call.at),
                    message: format!(
                        "module.{} has more than {MAX_INSTANCES} instances, which pypi-size \
                         does not follow one by one",
                        call.name
                    ),
                });
            }
        };
        let mut scopes = Vec::new();
        for (key, instance) in instances {
            let inputs = self.child_inputs(call, &child, &instance)?;
            let mut scope = Scope::new(self.shared, child.clone(), Inputs::Caller(inputs));
            scope.address = format!("{}module.{}{key}.", self.address, call.name);
            scope.path = sources::join(&self.path, &path);
            scope.depth = self.depth + 1;
            scopes.push((key, Rc::new(scope)));
        }
        Ok(Calls::Local(repeat, scopes))
    }

    /// A local module's variables from the caller's arguments: an argument
    /// the module does not declare, a required one missing, or a value of
    /// the wrong type is Terraform's error.
    fn child_inputs(
        &self,
        call: &ModuleCall,
        child: &Config,
        instance: &Instance,
    ) -> std::result::Result<HashMap<String, Result<Value>>, TfError> {
        let mut inputs = HashMap::new();
        for arg in &call.args {
            if META_ARGUMENTS.contains(&arg.key.as_str()) {
                continue;
            }
            let Some(decl) = child.variables.get(&arg.key) else {
                let known: Vec<&str> = child.variables.keys().map(String::as_str).collect();
                let hint = crate::suggest::nearest(&arg.key, known)
                    .first()
                    .map(|s| format!(" Did you mean \"{s}\"?"))
                    .unwrap_or_default();
                return Err(TfError {
                    location: self.config.def_location(&arg.def),
                    message: format!(
                        "Unsupported argument: an argument named \"{}\" is not expected in \
                         module \"{}\" ({}).{hint}",
                        arg.key, call.name, child.dir
                    ),
                });
            };
            let value = self.eval_task(&arg.def, Some(instance));
            let value = match (value, &decl.type_) {
                (Ok(v), Some(t)) => types::convert(&v, t).map_err(|e| {
                    let mut e = EvalError::terraform(format!(
                        "Invalid value for module argument \"{}\": {}",
                        arg.key, e.message
                    ));
                    e.at = Some(self.config.def_location(&arg.def));
                    e
                }),
                (other, _) => other,
            };
            if let Err(e) = &value
                && e.kind == ErrorKind::Terraform
            {
                return Err(error_at(e, &self.config.def_location(&arg.def)));
            }
            inputs.insert(arg.key.clone(), value);
        }
        let mut missing: Vec<&String> = child
            .variables
            .iter()
            .filter(|(name, decl)| decl.default.is_none() && call.arg(name).is_none())
            .map(|(name, _)| name)
            .collect();
        missing.sort();
        if let Some(name) = missing.first() {
            return Err(TfError {
                location: self.config.location(&call.at),
                message: format!(
                    "Missing required argument: the argument \"{name}\" is required by module \
                     \"{}\" ({}), but no definition was found",
                    call.name, child.dir
                ),
            });
        }
        Ok(inputs)
    }

    /// `module.NAME`: an object of outputs, a tuple or object of them for
    /// `count` or `for_each`; with `attrs[1]` and no repetition, only that
    /// output.
    fn module_value(&self, attrs: &[&str]) -> Result<(Value, usize)> {
        let name = attrs.first().ok_or_else(|| {
            EvalError::terraform("The \"module\" object cannot be accessed directly")
        })?;
        let Some(call) = self.config.module(name) else {
            return Err(EvalError::terraform(format!(
                "Reference to undeclared module: no module call named \"{name}\" is declared"
            )));
        };
        let calls = self.calls(call);
        let calls = match &*calls {
            Err(e) => return Err(EvalError::terraform(e.to_string())),
            Ok(c) => c,
        };
        match calls {
            Calls::Unread(reason) => Ok((Value::Unknown(reason.clone()), 1)),
            Calls::Local(Repeat::Single, scopes) => match attrs.get(1) {
                Some(output) => Ok((scopes[0].1.output(output)?, 2)),
                None => Ok((scopes[0].1.outputs()?, 1)),
            },
            Calls::Local(Repeat::Count(_), scopes) => {
                let items = scopes
                    .iter()
                    .map(|(_, s)| s.outputs())
                    .collect::<Result<Vec<_>>>()?;
                Ok((Value::seq(SeqKind::Tuple, items)?, 1))
            }
            Calls::Local(Repeat::Each(keys), scopes) => {
                let entries = keys
                    .iter()
                    .zip(scopes)
                    .map(|((k, _), (_, s))| Ok((k.clone(), s.outputs()?)))
                    .collect::<Result<BTreeMap<_, _>>>()?;
                Ok((Value::map(MapKind::Object, entries)?, 1))
            }
            Calls::Local(repeat, _) => Ok((
                Value::Unknown(match repeat {
                    Repeat::Unknown(r) => r.clone(),
                    _ => "the module's instances are not known".into(),
                }),
                1,
            )),
        }
    }

    fn output(&self, name: &str) -> Result<Value> {
        match self.config.outputs.get(name) {
            Some(def) => self.eval(def, None),
            None => Err(EvalError::terraform(format!(
                "Unsupported attribute: module at {} has no output \"{name}\"",
                self.config.dir
            ))),
        }
    }

    fn outputs(&self) -> Result<Value> {
        let mut names: Vec<&String> = self.config.outputs.keys().collect();
        names.sort();
        let entries = names
            .into_iter()
            .map(|n| Ok((n.clone(), self.output(n)?)))
            .collect::<Result<BTreeMap<_, _>>>()?;
        Value::map(MapKind::Object, entries)
    }

    /// A resource or data source: unknown, but as many unknowns as its
    /// `count` or `for_each` make when that is known.
    fn resource(&self, address: &str) -> Result<Value> {
        let Some(resource) = self.config.resources.get(address) else {
            return Err(EvalError::terraform(format!(
                "Reference to undeclared resource: {address} is not declared in {}",
                self.config.dir
            )));
        };
        let reason = |key: &str| -> Rc<str> {
            if address.starts_with("data.") {
                format!("{address}{key} is read from the provider during `terraform plan`").into()
            } else {
                format!(
                    "{address}{key} is created by `terraform apply`; its attributes are known \
                     only then"
                )
                .into()
            }
        };
        match self.repeat(resource.count.as_ref(), resource.for_each.as_ref()) {
            Repeat::Single => Ok(Value::Unknown(reason(""))),
            Repeat::Count(n) => {
                self.shared.budget.spend(n)?;
                let unknown = Value::Unknown(reason("[*]"));
                let n = n.min(value::MAX_VALUE_SIZE + 1) as usize;
                Value::seq(SeqKind::Tuple, vec![unknown; n])
            }
            Repeat::Each(keys) => {
                let unknown = Value::Unknown(reason("[*]"));
                let entries = keys
                    .iter()
                    .map(|(k, _)| (k.clone(), unknown.clone()))
                    .collect();
                Value::map(MapKind::Object, entries)
            }
            Repeat::Unknown(r) => Ok(Value::Unknown(r)),
            Repeat::Invalid(e) => Err(e),
        }
    }
}

/// The meta-arguments of a module call, which are not the module's variables.
pub const META_ARGUMENTS: &[&str] = &[
    "source",
    "version",
    "providers",
    "count",
    "for_each",
    "depends_on",
];

fn error_at(e: &EvalError, fallback: &Location) -> TfError {
    TfError {
        location: e.at.clone().unwrap_or_else(|| fallback.clone()),
        message: e.message.clone(),
    }
}

/// `count`'s value as Terraform reads it.
fn count_of(v: &Value) -> Repeat {
    match v {
        Value::Unknown(r) => Repeat::Unknown(r.clone()),
        Value::Null => Repeat::Invalid(EvalError::terraform(
            "Invalid count argument: the given \"count\" argument value is null",
        )),
        v => match types::to_number(v).ok().and_then(|n| n.to_u64().ok()) {
            Some(n) => Repeat::Count(n),
            None => Repeat::Invalid(EvalError::terraform(format!(
                "Invalid count argument: count = {} is not a whole number of 0 or more",
                value::to_json(v)
            ))),
        },
    }
}

/// `for_each`'s value as Terraform reads it: a map or object, or a set of
/// strings.
fn for_each_of(v: &Value) -> Repeat {
    let invalid = |what: String| {
        Repeat::Invalid(EvalError::terraform(format!(
            "Invalid for_each argument: \"for_each\" supports maps and sets of strings, but you \
             have provided {what}"
        )))
    };
    match v {
        Value::Unknown(r) => Repeat::Unknown(r.clone()),
        Value::Null => invalid("null".into()),
        Value::Map(m) => Repeat::Each(
            m.entries
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        Value::Seq(s) if s.kind == SeqKind::Set => {
            if let Some(r) = v.unknown_reason() {
                return Repeat::Unknown(r);
            }
            let mut keys = Vec::with_capacity(s.items.len());
            for item in &s.items {
                match item {
                    Value::String(k) => keys.push((k.to_string(), item.clone())),
                    other => {
                        return invalid(format!("a set containing type {}", other.type_name()));
                    }
                }
            }
            Repeat::Each(keys)
        }
        other => invalid(format!("a value of type {}", other.type_name())),
    }
}

impl Names for Scope<'_> {
    fn resolve(&self, root: &str, attrs: &[&str]) -> Result<(Value, usize)> {
        let first = || {
            attrs.first().copied().ok_or_else(|| {
                EvalError::terraform(format!("The \"{root}\" object cannot be accessed directly"))
            })
        };
        match root {
            "var" => Ok((self.variable(first()?)?, 1)),
            "local" => Ok((self.local(first()?)?, 1)),
            "module" => self.module_value(attrs),
            "path" => match first()? {
                "module" => Ok((Value::string(self.path.as_str()), 1)),
                "root" => Ok((Value::string("."), 1)),
                "cwd" => Err(EvalError::unsupported(
                    "pypi-size does not evaluate path.cwd (where terraform runs)",
                )),
                other => Err(EvalError::terraform(format!("path.{other} does not exist"))),
            },
            "terraform" => match first()? {
                "workspace" => Ok((Value::string("default"), 1)),
                other => Err(EvalError::terraform(format!(
                    "terraform.{other} does not exist"
                ))),
            },
            "data" => match attrs {
                [t, n, ..] => Ok((self.resource(&format!("data.{t}.{n}"))?, 2)),
                _ => Err(EvalError::terraform("a data source is data.TYPE.NAME")),
            },
            "self" => Err(EvalError::terraform("self is only for provisioners")),
            resource_type => {
                let name = attrs.first().ok_or_else(|| {
                    EvalError::terraform(format!(
                        "Invalid reference: \"{resource_type}\" is not a name Terraform knows"
                    ))
                })?;
                Ok((self.resource(&format!("{resource_type}.{name}"))?, 1))
            }
        }
    }
}

/// The names of a constant: none (a default or a `.tfvars` value refers to
/// nothing).
struct Constants;

impl Names for Constants {
    fn resolve(&self, root: &str, _: &[&str]) -> Result<(Value, usize)> {
        Err(EvalError::terraform(format!(
            "Variables not allowed: a default or a .tfvars value must be constant, and refers \
             to {root}"
        )))
    }
}
