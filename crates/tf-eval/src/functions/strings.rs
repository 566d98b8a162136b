//! The functions on strings: `format` (in `crate::format`), `join`,
//! `split`, `lower`, `upper`, `trimspace`, `substr` and `replace` (of a
//! plain substring).

use std::rc::Rc;

use super::elements;
use crate::types::{self, to_string};
use crate::value::{EvalError, Result, SeqKind, Value, arity};

pub(super) fn strings(name: &str, args: &[Value]) -> Result<Value> {
    let text = |i: usize| -> Result<Rc<str>> {
        match &args[i] {
            Value::Null => Err(EvalError::terraform("argument must not be null")),
            v => to_string(v),
        }
    };
    match name {
        "lower" | "upper" | "trimspace" => {
            arity(args, 1)?;
            let s = text(0)?;
            Ok(Value::string(match name {
                "lower" => s.to_lowercase(),
                "upper" => s.to_uppercase(),
                _ => s.trim().to_string(),
            }))
        }
        "split" => {
            arity(args, 2)?;
            let (sep, s) = (text(0)?, text(1)?);
            let parts: Vec<Value> = if sep.is_empty() {
                s.chars().map(|c| Value::string(c.to_string())).collect()
            } else {
                s.split(&*sep).map(Value::string).collect()
            };
            Value::seq(SeqKind::List, parts)
        }
        "join" => {
            if args.len() < 2 {
                return Err(EvalError::terraform(
                    "takes a separator and at least one list",
                ));
            }
            let sep = text(0)?;
            let mut parts = Vec::new();
            for list in &args[1..] {
                for item in elements(list)? {
                    if let Value::Unknown(r) = item {
                        return Ok(Value::Unknown(r));
                    }
                    if item.is_null() {
                        return Err(EvalError::terraform("an element is null"));
                    }
                    parts.push(to_string(&item)?);
                }
            }
            Ok(Value::string(parts.join(&*sep)))
        }
        _ => crate::format::format(args),
    }
}

/// `substr` and `replace`.
pub(super) fn substrings(name: &str, args: &[Value]) -> Result<Value> {
    arity(args, 3)?;
    if name == "substr" {
        return substr(&to_string(&args[0])?, &args[1], &args[2]);
    }
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
