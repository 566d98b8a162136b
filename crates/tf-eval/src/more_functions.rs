//! More of Terraform's built-in functions, on [`Value`]s: `sensitive` and
//! `nonsensitive` (the value itself: sizing does not hide anything),
//! `substr`, `replace` (of a plain substring), `index`, `one`, `reverse` and
//! `sort`.

use crate::types::{self, to_string};
use crate::value::{EvalError, Result, SeqKind, Value, arity};

/// The functions [`call`] evaluates.
pub const NAMES: &[&str] = &[
    "index",
    "nonsensitive",
    "one",
    "replace",
    "reverse",
    "sensitive",
    "sort",
    "substr",
];

pub fn call(name: &str, args: &[Value]) -> Result<Value> {
    let want = |n: usize| arity(args, n);
    match name {
        "sensitive" | "nonsensitive" => {
            want(1)?;
            Ok(args[0].clone())
        }
        "substr" => {
            want(3)?;
            substr(&to_string(&args[0])?, &args[1], &args[2])
        }
        "replace" => {
            want(3)?;
            let (s, from, to) = (
                to_string(&args[0])?,
                to_string(&args[1])?,
                to_string(&args[2])?,
            );
            if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
                return Err(EvalError::unsupported(
                    "pypi-size does not evaluate replace() with a regular expression",
                ));
            }
            Ok(Value::string(s.replace(&*from, &to)))
        }
        _ => {
            want(if name == "index" { 2 } else { 1 })?;
            let Value::Seq(seq) = &args[0] else {
                return Err(EvalError::terraform("a list, set or tuple is required"));
            };
            sequence(name, &seq.items, args.get(1), seq.kind)
        }
    }
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

/// `substr(string, offset, length)`: characters; a negative offset counts
/// from the end, a length of -1 takes the rest.
fn substr(s: &str, offset: &Value, length: &Value) -> Result<Value> {
    let whole = |v: &Value| {
        types::to_number(v)?
            .to_i64()
            .map_err(|_| EvalError::terraform("offset and length must be whole numbers"))
    };
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len() as i64;
    let mut offset = whole(offset)?;
    let length = whole(length)?;
    if offset < 0 {
        offset += n;
    }
    if offset < 0 || offset > n {
        return Err(EvalError::terraform("offset out of range"));
    }
    let end = if length < 0 {
        n
    } else {
        (offset + length).min(n)
    };
    Ok(Value::string(
        chars[offset as usize..end.max(offset) as usize]
            .iter()
            .collect::<String>(),
    ))
}
