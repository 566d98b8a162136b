//! The type conversions `tonumber`, `tostring`, `tobool`, `tolist` and
//! `toset`, and `sensitive` and `nonsensitive` (the value itself: sizing
//! hides nothing).

use super::collections::unify;
use super::elements;
use crate::types::{self, Type};
use crate::value::{self, EvalError, Result, SeqKind, Value, arity};

pub(super) fn conversions(name: &str, args: &[Value]) -> Result<Value> {
    arity(args, 1)?;
    let v = &args[0];
    // A conversion of null is null.
    if v.is_null() {
        return Ok(Value::Null);
    }
    match name {
        "sensitive" | "nonsensitive" => Ok(v.clone()),
        "tonumber" => types::convert(v, &Type::Number),
        "tostring" => types::convert(v, &Type::String),
        "tobool" => types::convert(v, &Type::Bool),
        "tolist" | "toset" => {
            let items = unify(&elements(v)?);
            if name == "toset" {
                if let Some(r) = items.iter().find_map(Value::unknown_reason) {
                    return Ok(Value::Unknown(r));
                }
                return Value::seq(SeqKind::Set, value::set_of(&items));
            }
            Value::seq(SeqKind::List, items)
        }
        _ => Err(EvalError::unsupported(format!("{name}() is not evaluated"))),
    }
}
