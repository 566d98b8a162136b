//! Terraform's values as pypi-size evaluates them: numbers are [`TfNumber`]s
//! (Terraform's 512-bit binary floats), collections are shared (`Rc`), so a
//! reference to a large value costs nothing, and every compound value knows
//! its size. A value may be unknown (known only to `plan` or `apply`) with
//! the reason; a list of known length may hold unknown elements, as
//! `aws_subnet.private[*].id` does with `count = 3`.
//!
//! Evaluation is bounded: a [`Budget`] counts the work done (expression
//! nodes, iterations, elements and bytes built) and stops it at
//! [`MAX_WORK`]. A value shared many times over (`[local.big, local.big]`)
//! costs no more to build than its references, but what would walk it all
//! (reporting it, converting it, comparing it) refuses one of more than
//! [`MAX_VALUE_SIZE`] elements and bytes.

use std::cell::Cell;
use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

use crate::number::TfNumber;

/// The most evaluation steps one argument may take, with the locals and
/// variables it uses (expression nodes visited, loop iterations, elements
/// and string bytes built): about half a second.
pub const MAX_WORK: u64 = 8_000_000;

/// The most evaluation steps one run of `check` may take, whatever the
/// number of arguments: about two seconds.
pub const MAX_TOTAL_WORK: u64 = 40_000_000;

/// The most elements and string bytes of a value that is reported,
/// converted or compared element by element.
pub const MAX_VALUE_SIZE: u64 = 2_000_000;

/// A value: Terraform's types, with lists, sets and tuples as sequences and
/// maps and objects as maps.
#[derive(Clone, Debug)]
pub enum Value {
    Null,
    /// Known only later; the reason says when and why.
    Unknown(Rc<str>),
    Bool(bool),
    Number(Rc<TfNumber>),
    String(Rc<str>),
    Seq(Rc<Seq>),
    Map(Rc<Map>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeqKind {
    Tuple,
    List,
    Set,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapKind {
    Object,
    Map,
}

#[derive(Debug)]
pub struct Seq {
    pub kind: SeqKind,
    pub items: Vec<Value>,
    size: u64,
    /// The reason of the first unknown element, at any depth.
    unknown: Option<Rc<str>>,
}

#[derive(Debug)]
pub struct Map {
    pub kind: MapKind,
    pub entries: BTreeMap<String, Value>,
    size: u64,
    unknown: Option<Rc<str>>,
}

/// Why an evaluation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Terraform itself refuses it (a wrong type, an undeclared name, 0/0).
    Terraform,
    /// Terraform evaluates it; pypi-size does not (a function it lacks).
    Unsupported,
    /// Past the evaluation budget.
    Budget,
}

/// An evaluation error: what kind, what, and where (`file:line:column`, when
/// known).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError {
    pub kind: ErrorKind,
    pub message: String,
    pub at: Option<crate::Location>,
}

impl EvalError {
    pub fn terraform(message: impl Into<String>) -> EvalError {
        EvalError {
            kind: ErrorKind::Terraform,
            message: message.into(),
            at: None,
        }
    }

    pub fn unsupported(message: impl Into<String>) -> EvalError {
        EvalError {
            kind: ErrorKind::Unsupported,
            message: message.into(),
            at: None,
        }
    }

    /// The message with its place, once.
    pub fn describe(&self) -> String {
        match &self.at {
            Some(at) => format!("{} (at {at})", self.message),
            None => self.message.clone(),
        }
    }
}

pub type Result<T> = std::result::Result<T, EvalError>;

/// The work left: for the argument being evaluated (reset for each), and
/// for the whole run.
#[derive(Debug)]
pub struct Budget {
    task: Cell<u64>,
    per_task: u64,
    total: Cell<u64>,
}

impl Default for Budget {
    fn default() -> Self {
        Budget::new(MAX_WORK, MAX_TOTAL_WORK)
    }
}

impl Budget {
    pub fn new(per_task: u64, total: u64) -> Budget {
        Budget {
            task: Cell::new(per_task),
            per_task,
            total: Cell::new(total),
        }
    }

    /// Starts the evaluation of another argument, with a fresh allowance.
    pub fn begin_task(&self) {
        self.task.set(self.per_task);
    }

    /// Whether the allowance is spent.
    pub fn exhausted(&self) -> bool {
        self.task.get() == 0 || self.total.get() == 0
    }

    /// Spends `n` steps, or fails once the allowance is spent.
    pub fn spend(&self, n: u64) -> Result<()> {
        let (task, total) = (self.task.get(), self.total.get());
        if n > task || n > total {
            self.task.set(0);
            let (limit, what) = if n > total {
                (MAX_TOTAL_WORK, "one run")
            } else {
                (self.per_task, "one argument and the values it uses")
            };
            return Err(EvalError {
                kind: ErrorKind::Budget,
                message: format!(
                    "evaluation stopped: more than {limit} steps (expressions, iterations, \
                     elements and bytes), pypi-size's budget for {what}"
                ),
                at: None,
            });
        }
        self.task.set(task - n);
        self.total.set(total - n);
        Ok(())
    }
}

/// The refusal of a value too large to walk element by element.
pub fn too_large() -> EvalError {
    EvalError {
        kind: ErrorKind::Budget,
        message: format!(
            "its value is larger than pypi-size evaluates ({MAX_VALUE_SIZE} elements and bytes)"
        ),
        at: None,
    }
}

impl Value {
    pub fn string(s: impl Into<Rc<str>>) -> Value {
        Value::String(s.into())
    }

    pub fn number(n: TfNumber) -> Value {
        Value::Number(Rc::new(n))
    }

    pub fn unknown(reason: impl Into<Rc<str>>) -> Value {
        Value::Unknown(reason.into())
    }

    pub fn from_u64(n: u64) -> Value {
        Value::number(TfNumber::from_u64(n))
    }

    /// A sequence; refused only when it directly holds more than
    /// [`MAX_VALUE_SIZE`] elements.
    pub fn seq(kind: SeqKind, items: Vec<Value>) -> Result<Value> {
        if items.len() as u64 > MAX_VALUE_SIZE {
            return Err(too_large());
        }
        let size = items
            .iter()
            .fold(1u64, |acc, v| acc.saturating_add(v.size()));
        let unknown = items.iter().find_map(Value::unknown_reason);
        Ok(Value::Seq(Rc::new(Seq {
            kind,
            items,
            size,
            unknown,
        })))
    }

    /// A map or object; refused only when it directly holds more than
    /// [`MAX_VALUE_SIZE`] entries.
    pub fn map(kind: MapKind, entries: BTreeMap<String, Value>) -> Result<Value> {
        if entries.len() as u64 > MAX_VALUE_SIZE {
            return Err(too_large());
        }
        let size = entries.iter().fold(1u64, |acc, (k, v)| {
            acc.saturating_add(k.len() as u64).saturating_add(v.size())
        });
        let unknown = entries.values().find_map(Value::unknown_reason);
        Ok(Value::Map(Rc::new(Map {
            kind,
            entries,
            size,
            unknown,
        })))
    }

    /// Refuses a value too large to walk element by element.
    pub fn walkable(&self) -> Result<()> {
        if self.size() > MAX_VALUE_SIZE {
            Err(too_large())
        } else {
            Ok(())
        }
    }

    /// Elements and string bytes, counted once per element however shared.
    pub fn size(&self) -> u64 {
        match self {
            Value::String(s) => (s.len() as u64).max(1),
            Value::Seq(s) => s.size,
            Value::Map(m) => m.size,
            _ => 1,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The reason of the first unknown value in it, if any (kept when the
    /// value is built, so this is immediate).
    pub fn unknown_reason(&self) -> Option<Rc<str>> {
        match self {
            Value::Unknown(r) => Some(r.clone()),
            Value::Seq(s) => s.unknown.clone(),
            Value::Map(m) => m.unknown.clone(),
            _ => None,
        }
    }

    /// Terraform's name for the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Unknown(_) => "unknown",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Seq(s) => match s.kind {
                SeqKind::Tuple => "tuple",
                SeqKind::List => "list",
                SeqKind::Set => "set",
            },
            Value::Map(m) => match m.kind {
                MapKind::Object => "object",
                MapKind::Map => "map",
            },
        }
    }

    /// A key equal for values Terraform's `==` finds equal, for sets and
    /// `distinct` (hash-based, linear); `None` for a value with unknowns.
    pub fn key(&self) -> Option<String> {
        let mut out = String::new();
        self.write_key(&mut out).then_some(out)
    }

    fn write_key(&self, out: &mut String) -> bool {
        match self {
            Value::Unknown(_) => return false,
            Value::Null => out.push('~'),
            Value::Bool(b) => out.push_str(if *b { "T" } else { "F" }),
            Value::Number(n) => {
                out.push('n');
                out.push_str(&number_text(n));
                out.push(';');
            }
            Value::String(s) => {
                out.push('s');
                out.push_str(&s.len().to_string());
                out.push(':');
                out.push_str(s);
            }
            Value::Seq(s) => {
                out.push(['t', 'l', 'e'][s.kind as usize]);
                out.push('[');
                for item in &s.items {
                    if !item.write_key(out) {
                        return false;
                    }
                }
                out.push(']');
            }
            Value::Map(m) => {
                out.push(if m.kind == MapKind::Object { 'o' } else { 'm' });
                out.push('{');
                for (k, v) in &m.entries {
                    out.push_str(&k.len().to_string());
                    out.push(':');
                    out.push_str(k);
                    if !v.write_key(out) {
                        return false;
                    }
                }
                out.push('}');
            }
        }
        true
    }

    /// Terraform's `==`: `None` when an unknown decides it. Values of
    /// different types are not equal (`1 == "1"` is false). Callers check
    /// that the values are [`Value::walkable`].
    pub fn equals(&self, other: &Value) -> Option<bool> {
        match (self, other) {
            (Value::Seq(a), Value::Seq(b)) if Rc::ptr_eq(a, b) && a.unknown.is_none() => Some(true),
            (Value::Unknown(_), _) | (_, Value::Unknown(_)) => None,
            (Value::Null, Value::Null) => Some(true),
            (Value::Bool(a), Value::Bool(b)) => Some(a == b),
            (Value::Number(a), Value::Number(b)) => Some(a == b),
            (Value::String(a), Value::String(b)) => Some(a == b),
            (Value::Seq(a), Value::Seq(b)) => {
                if a.kind != b.kind && (a.kind == SeqKind::Set || b.kind == SeqKind::Set) {
                    return Some(false);
                }
                if a.items.len() != b.items.len() {
                    return Some(false);
                }
                all_equal(a.items.iter().zip(&b.items))
            }
            (Value::Map(a), Value::Map(b)) => {
                if a.entries.len() != b.entries.len()
                    || a.entries.keys().zip(b.entries.keys()).any(|(x, y)| x != y)
                {
                    return Some(false);
                }
                all_equal(a.entries.values().zip(b.entries.values()))
            }
            _ => Some(false),
        }
    }
}

fn all_equal<'a>(pairs: impl Iterator<Item = (&'a Value, &'a Value)>) -> Option<bool> {
    let mut unknown = false;
    for (x, y) in pairs {
        match x.equals(y) {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    (!unknown).then_some(true)
}

/// Distinct values in first-seen order, by [`Value::key`]; values with
/// unknowns are kept (their identity is not known).
pub fn distinct(items: &[Value]) -> Vec<Value> {
    let mut seen = HashSet::new();
    items
        .iter()
        .filter(|v| v.key().is_none_or(|k| seen.insert(k)))
        .cloned()
        .collect()
}

/// A set's elements in Terraform's order: distinct, then strings in byte
/// order, numbers by value, false before true; other values as they came.
pub fn set_of(items: &[Value]) -> Vec<Value> {
    let mut out = distinct(items);
    if out.iter().all(|v| matches!(v, Value::String(_))) {
        out.sort_by(|a, b| match (a, b) {
            (Value::String(x), Value::String(y)) => x.cmp(y),
            _ => std::cmp::Ordering::Equal,
        });
    } else if out.iter().all(|v| matches!(v, Value::Number(_))) {
        out.sort_by(|a, b| match (a, b) {
            (Value::Number(x), Value::Number(y)) => x.total_cmp(y),
            _ => std::cmp::Ordering::Equal,
        });
    } else if out.iter().all(|v| matches!(v, Value::Bool(_))) {
        out.sort_by_key(|v| matches!(v, Value::Bool(true)));
    }
    out
}

/// A number as Terraform prints it, quickly for whole numbers.
pub fn number_text(n: &TfNumber) -> String {
    match n.to_i64() {
        Ok(i) if !(n.is_zero() && n.is_sign_negative()) => i.to_string(),
        _ => n.to_string(),
    }
}

/// The value as JSON: whole numbers that fit as integers, other finite
/// numbers as the nearest float, and numbers JSON cannot carry (infinite,
/// or beyond a float) as Terraform's text. Unknown parts become `null`;
/// callers check [`Value::unknown_reason`] first.
pub fn to_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Null | Value::Unknown(_) => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Number(n) => number_json(n),
        Value::String(s) => J::String(s.to_string()),
        Value::Seq(s) => J::Array(s.items.iter().map(to_json).collect()),
        Value::Map(m) => J::Object(
            m.entries
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect(),
        ),
    }
}

/// The nearest f64, rounded correctly (through the decimal Terraform
/// prints, which identifies the value exactly).
pub fn to_f64(n: &TfNumber) -> f64 {
    n.to_tf_string()
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or_else(|| n.to_f64())
}

fn number_json(n: &TfNumber) -> serde_json::Value {
    if let Ok(i) = n.to_i64() {
        return serde_json::Value::from(i);
    }
    if let Ok(u) = n.to_u64() {
        return serde_json::Value::from(u);
    }
    let f = to_f64(n);
    match serde_json::Number::from_f64(f) {
        Some(x) if f.is_finite() && f != 0.0 || n.is_zero() => serde_json::Value::Number(x),
        _ => serde_json::Value::String(n.to_string()),
    }
}

/// A JSON value (from a `.tfvars.json` file) as a value: JSON numbers are
/// read from their text, as Terraform reads them.
pub fn from_json(json: &serde_json::Value) -> Result<Value> {
    use serde_json::Value as J;
    Ok(match json {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => Value::number(
            TfNumber::parse(&n.to_string()).map_err(|e| EvalError::terraform(e.to_string()))?,
        ),
        J::String(s) => Value::string(s.as_str()),
        J::Array(items) => Value::seq(
            SeqKind::Tuple,
            items.iter().map(from_json).collect::<Result<_>>()?,
        )?,
        J::Object(map) => Value::map(
            MapKind::Object,
            map.iter()
                .map(|(k, v)| Ok((k.clone(), from_json(v)?)))
                .collect::<Result<_>>()?,
        )?,
    })
}

/// Terraform's refusal of a call with other than `n` arguments.
pub fn arity(args: &[Value], n: usize) -> Result<()> {
    if args.len() == n {
        Ok(())
    } else {
        Err(EvalError::terraform(format!(
            "takes {n} argument(s), {} given",
            args.len()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Value {
        Value::number(TfNumber::parse(s).unwrap())
    }

    #[test]
    fn sets_are_distinct_and_ordered_as_terraform_orders_them() {
        let strings: Vec<Value> = ["b", "a", "b"].into_iter().map(Value::string).collect();
        let set = set_of(&strings);
        assert_eq!(
            to_json(&Value::seq(SeqKind::Set, set).unwrap()),
            serde_json::json!(["a", "b"])
        );
        let numbers = vec![n("10"), n("2"), n("2"), n("1")];
        let set = Value::seq(SeqKind::Set, set_of(&numbers)).unwrap();
        assert_eq!(to_json(&set), serde_json::json!([1, 2, 10]));
    }

    #[test]
    fn equality_is_by_type_and_value() {
        assert_eq!(n("1").equals(&Value::string("1")), Some(false));
        assert_eq!(n("1").equals(&n("1.0")), Some(true));
        assert_eq!(n("1").equals(&Value::unknown("x")), None);
    }

    #[test]
    fn budgets_stop_work_and_size() {
        let b = Budget::new(10, 100);
        assert!(b.spend(5).is_ok());
        assert_eq!(b.spend(6).unwrap_err().kind, ErrorKind::Budget);
        let big = Value::string("x".repeat(MAX_VALUE_SIZE as usize));
        let shared = Value::seq(SeqKind::Tuple, vec![big.clone(), big.clone()]).unwrap();
        assert!(shared.walkable().is_err());
        assert!(Value::string("x").walkable().is_ok());
    }

    #[test]
    fn json_numbers_as_terraform_prints_them() {
        assert_eq!(to_json(&n("110")), serde_json::json!(110));
        assert_eq!(to_json(&n("2.5")), serde_json::json!(2.5));
        // The nearest float to the exact value Terraform prints for 0.3 % 1e-5.
        let rem = TfNumber::parse("0.3")
            .unwrap()
            .tf_rem(&TfNumber::parse("1e-5").unwrap());
        let exact = "3.72917036560010337164548265773146691868823576730020344713e-155";
        assert_eq!(
            to_json(&Value::number(rem.unwrap())),
            serde_json::json!(exact.parse::<f64>().unwrap())
        );
        assert_eq!(to_json(&n("1e400")).as_str().map(|s| s.len()), Some(401));
    }
}
