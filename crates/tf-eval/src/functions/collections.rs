//! The functions on lists, sets and tuples: `length`, `coalesce`,
//! `compact`, `concat`, `contains`, `distinct`, `element`, `flatten`,
//! `slice`, and `index`, `one`, `reverse` and `sort`.

use super::{elements, number, seq_kind};
use crate::types::{self, to_string};
use crate::value::{self, EvalError, Result, SeqKind, Value, arity};

pub(super) fn sequences(name: &str, args: &[Value]) -> Result<Value> {
    match name {
        "length" => {
            arity(args, 1)?;
            let n = match &args[0] {
                Value::Seq(s) => s.items.len(),
                Value::Map(m) => m.entries.len(),
                Value::String(s) => s.chars().count(),
                v => {
                    return Err(EvalError::terraform(format!(
                        "a collection or string is required, not {}",
                        v.type_name()
                    )));
                }
            };
            Ok(Value::from_u64(n as u64))
        }
        "coalesce" => {
            let primitive =
                |v: &Value| matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_));
            let collection = |v: &Value| matches!(v, Value::Seq(_) | Value::Map(_));
            if args.iter().any(primitive) && args.iter().any(collection) {
                return Err(EvalError::terraform(
                    "all arguments must have the same type",
                ));
            }
            let items = unify(args);
            for v in &items {
                match v {
                    Value::Unknown(r) => return Ok(Value::Unknown(r.clone())),
                    Value::Null => {}
                    Value::String(s) if s.is_empty() => {}
                    v => return Ok(v.clone()),
                }
            }
            Err(EvalError::terraform(
                "no non-null, non-empty-string arguments",
            ))
        }
        "concat" => {
            let mut out = Vec::new();
            for a in args {
                out.extend(elements(a)?);
            }
            let kind = if args.iter().all(|a| seq_kind(a) == SeqKind::List) {
                SeqKind::List
            } else {
                SeqKind::Tuple
            };
            Value::seq(kind, out)
        }
        "flatten" => {
            arity(args, 1)?;
            let mut out = Vec::new();
            flatten_into(&args[0], &mut out)?;
            Value::seq(SeqKind::Tuple, out)
        }
        _ => picks(name, args),
    }
}

fn flatten_into(v: &Value, out: &mut Vec<Value>) -> Result<()> {
    for item in elements(v)? {
        match &item {
            Value::Seq(_) => flatten_into(&item, out)?,
            Value::Unknown(_) => {
                return Err(EvalError::unsupported(
                    "an element is unknown, so flatten's length is too",
                ));
            }
            _ => out.push(item),
        }
    }
    Ok(())
}

/// Functions that pick from a sequence.
fn picks(name: &str, args: &[Value]) -> Result<Value> {
    match name {
        "compact" => {
            arity(args, 1)?;
            let items = elements(&args[0])?;
            let kept: Vec<Value> = items
                .into_iter()
                .filter(|v| {
                    !matches!(v, Value::Null) && !matches!(v, Value::String(s) if s.is_empty())
                })
                .collect();
            Value::seq(SeqKind::List, kept)
        }
        "contains" => {
            arity(args, 2)?;
            let mut unknown = None;
            for item in elements(&args[0])? {
                match item.equals(&args[1]) {
                    Some(true) => return Ok(Value::Bool(true)),
                    None => unknown = item.unknown_reason().or(args[1].unknown_reason()),
                    Some(false) => {}
                }
            }
            Ok(unknown.map_or(Value::Bool(false), Value::Unknown))
        }
        "distinct" => {
            arity(args, 1)?;
            let items = elements(&args[0])?;
            if let Some(r) = items.iter().find_map(Value::unknown_reason) {
                return Ok(Value::Unknown(r));
            }
            Value::seq(SeqKind::List, value::distinct(&items))
        }
        "element" => {
            arity(args, 2)?;
            let items = elements(&args[0])?;
            let i = index(&args[1])?;
            if items.is_empty() {
                return Err(EvalError::terraform(
                    "cannot use element() with an empty list",
                ));
            }
            Ok(items[(i % items.len() as u64) as usize].clone())
        }
        _ => slice(args),
    }
}

fn index(v: &Value) -> Result<u64> {
    number(v)?
        .to_u64()
        .map_err(|_| EvalError::terraform("an index must be a whole number of 0 or more"))
}

fn slice(args: &[Value]) -> Result<Value> {
    arity(args, 3)?;
    let items = elements(&args[0])?;
    let (start, end) = (index(&args[1])?, index(&args[2])?);
    if end > items.len() as u64 {
        return Err(EvalError::terraform(
            "end index must not exceed the length of the list",
        ));
    }
    if start > end {
        return Err(EvalError::terraform(
            "start index must not be greater than end index",
        ));
    }
    Value::seq(
        seq_kind(&args[0]),
        items[start as usize..end as usize].to_vec(),
    )
}

/// Primitives of mixed types converted to strings, as Terraform unifies them.
pub(super) fn unify(args: &[Value]) -> Vec<Value> {
    let kinds: std::collections::HashSet<&str> = args
        .iter()
        .filter(|a| matches!(a, Value::String(_) | Value::Number(_) | Value::Bool(_)))
        .map(Value::type_name)
        .collect();
    if kinds.len() <= 1 {
        return args.to_vec();
    }
    args.iter()
        .map(|a| match a {
            Value::Number(_) | Value::Bool(_) => to_string(a).map_or(a.clone(), Value::String),
            _ => a.clone(),
        })
        .collect()
}

/// `index`, `one`, `reverse` and `sort`.
pub(super) fn lists(name: &str, args: &[Value]) -> Result<Value> {
    arity(args, if name == "index" { 2 } else { 1 })?;
    let Value::Seq(seq) = &args[0] else {
        return Err(EvalError::terraform("a list, set or tuple is required"));
    };
    sequence(name, &seq.items, args.get(1), seq.kind)
}

fn sequence(name: &str, items: &[Value], item: Option<&Value>, kind: SeqKind) -> Result<Value> {
    match name {
        "index" => {
            let item = item.unwrap_or(&Value::Null);
            item.walkable()?;
            for (i, v) in items.iter().enumerate() {
                v.walkable()?;
                match v.equals(item) {
                    Some(true) => return Ok(Value::from_u64(i as u64)),
                    None => return Ok(Value::Unknown(v.unknown_reason().unwrap_or_default())),
                    Some(false) => {}
                }
            }
            Err(EvalError::terraform("item not found"))
        }
        "one" => match items {
            [] => Ok(Value::Null),
            [v] => Ok(v.clone()),
            _ => Err(EvalError::terraform(
                "must be a list, set, or tuple value with either zero or one elements",
            )),
        },
        "reverse" => {
            let kind = if kind == SeqKind::Set {
                SeqKind::List
            } else {
                kind
            };
            Value::seq(kind, items.iter().rev().cloned().collect())
        }
        _ => {
            if let Some(r) = items.iter().find_map(Value::unknown_reason) {
                return Ok(Value::Unknown(r));
            }
            let mut strings = items
                .iter()
                .map(|v| types::to_string(v).map(|s| s.to_string()))
                .collect::<Result<Vec<_>>>()?;
            strings.sort();
            Value::seq(
                SeqKind::List,
                strings.into_iter().map(Value::string).collect(),
            )
        }
    }
}
