//! The functions on maps and objects: `keys`, `values`, `lookup`, `merge`,
//! `zipmap` and `tomap`.

use std::collections::BTreeMap;

use super::elements;
use crate::types::{self, Type, to_string};
use crate::value::{EvalError, MapKind, Result, SeqKind, Value, arity};

fn entries(v: &Value) -> Result<&BTreeMap<String, Value>> {
    match v {
        Value::Map(m) => Ok(&m.entries),
        _ => Err(EvalError::terraform(format!(
            "a map or object is required, not {}",
            v.type_name()
        ))),
    }
}

pub(super) fn maps(name: &str, args: &[Value]) -> Result<Value> {
    match name {
        "keys" => {
            arity(args, 1)?;
            let keys = entries(&args[0])?.keys().map(|k| Value::string(k.as_str()));
            Value::seq(SeqKind::List, keys.collect())
        }
        "values" => {
            arity(args, 1)?;
            Value::seq(
                SeqKind::Tuple,
                entries(&args[0])?.values().cloned().collect(),
            )
        }
        "lookup" => {
            if !(2..=3).contains(&args.len()) {
                return Err(EvalError::terraform("takes 2 or 3 arguments"));
            }
            let key = to_string(&args[1])?;
            match (entries(&args[0])?.get(&*key), args.get(2)) {
                (Some(v), _) => Ok(v.clone()),
                (None, Some(default)) => Ok(default.clone()),
                (None, None) => Err(EvalError::terraform(format!(
                    "lookup failed to find key {:?}",
                    &*key
                ))),
            }
        }
        "merge" => {
            let mut out = BTreeMap::new();
            let mut all_maps = true;
            for a in args.iter().filter(|a| !a.is_null()) {
                if let Value::Map(m) = a {
                    all_maps &= m.kind == MapKind::Map;
                }
                out.extend(entries(a)?.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            let kind = if all_maps {
                MapKind::Map
            } else {
                MapKind::Object
            };
            Value::map(kind, out)
        }
        "zipmap" => {
            arity(args, 2)?;
            let (keys, values) = (elements(&args[0])?, elements(&args[1])?);
            if keys.len() != values.len() {
                return Err(EvalError::terraform("the lists must have the same length"));
            }
            let mut out = BTreeMap::new();
            for (k, v) in keys.iter().zip(values) {
                out.insert(to_string(k)?.to_string(), v);
            }
            Value::map(MapKind::Object, out)
        }
        _ if args.first().is_some_and(Value::is_null) => Ok(Value::Null),
        _ => {
            arity(args, 1)?;
            types::convert(&args[0], &Type::Map(Box::new(Type::Any))).and_then(|v| retag_map(&v))
        }
    }
}

fn retag_map(v: &Value) -> Result<Value> {
    match v {
        Value::Map(m) => Value::map(MapKind::Map, m.entries.clone()),
        other => Ok(other.clone()),
    }
}
