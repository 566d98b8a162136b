//! Terraform's type constraints (`number`, `list(string)`, `set(string)`,
//! `object({...})`, ...) and its conversion of a value to one, as Terraform
//! converts a variable's value or a module argument: strings to numbers
//! strictly (`" 1024"` is not a number), `"true"`/`"false"` to bools, sets
//! without their duplicates.

use std::collections::BTreeMap;

use hcl::edit::expr::{Expression, ObjectKey};

use crate::number::TfNumber;
use crate::value::{self, EvalError, MapKind, Result, SeqKind, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    Any,
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    /// `None`: any object (the data's shorthand `object`).
    Object(Option<BTreeMap<String, (Type, bool)>>),
    Tuple(Vec<Type>),
}

impl std::fmt::Display for Type {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Type::Any => f.write_str("any"),
            Type::String => f.write_str("string"),
            Type::Number => f.write_str("number"),
            Type::Bool => f.write_str("bool"),
            Type::List(t) => write!(f, "list({t})"),
            Type::Set(t) => write!(f, "set({t})"),
            Type::Map(t) => write!(f, "map({t})"),
            Type::Object(_) => f.write_str("object"),
            Type::Tuple(_) => f.write_str("tuple"),
        }
    }
}

impl Type {
    /// A type constraint from its text (`list(string)`).
    pub fn parse(text: &str) -> std::result::Result<Type, String> {
        let expr = hcl::edit::parser::parse_expr(text).map_err(|e| e.message().to_string())?;
        Type::from_expr(&expr)
    }

    /// A type constraint from a variable block's `type` expression.
    pub fn from_expr(expr: &Expression) -> std::result::Result<Type, String> {
        match expr {
            Expression::Variable(v) => match v.as_str() {
                "any" => Ok(Type::Any),
                "string" => Ok(Type::String),
                "number" => Ok(Type::Number),
                "bool" => Ok(Type::Bool),
                "object" => Ok(Type::Object(None)),
                "list" | "set" | "map" => Ok(collection(v.as_str(), Type::Any)),
                other => Err(format!("the keyword \"{other}\" is not a type")),
            },
            Expression::Parenthesis(p) => Type::from_expr(p.inner()),
            Expression::FuncCall(call) => {
                let name = call.name.name.as_str();
                let args: Vec<&Expression> = call.args.iter().collect();
                match (name, args.as_slice()) {
                    ("list" | "set" | "map", [inner]) => {
                        Ok(collection(name, Type::from_expr(inner)?))
                    }
                    ("object", [Expression::Object(attrs)]) => object_type(attrs),
                    ("tuple", [Expression::Array(items)]) => Ok(Type::Tuple(
                        items
                            .iter()
                            .map(Type::from_expr)
                            .collect::<std::result::Result<_, _>>()?,
                    )),
                    ("optional", [inner]) => Type::from_expr(inner),
                    _ => Err(format!("{name}(...) is not a type constraint")),
                }
            }
            _ => Err("not a type constraint".into()),
        }
    }
}

fn collection(name: &str, inner: Type) -> Type {
    let inner = Box::new(inner);
    match name {
        "list" => Type::List(inner),
        "set" => Type::Set(inner),
        _ => Type::Map(inner),
    }
}

fn object_type(attrs: &hcl::edit::expr::Object) -> std::result::Result<Type, String> {
    let mut out = BTreeMap::new();
    for (key, value) in attrs.iter() {
        let name = match key {
            ObjectKey::Ident(i) => i.as_str().to_string(),
            ObjectKey::Expression(Expression::String(s)) => s.as_str().to_string(),
            _ => return Err("an object type's attribute names are identifiers".into()),
        };
        let expr = value.expr();
        let optional =
            matches!(expr, Expression::FuncCall(c) if c.name.name.as_str() == "optional");
        out.insert(name, (Type::from_expr(expr)?, optional));
    }
    Ok(Type::Object(Some(out)))
}

/// The value converted to the type, as Terraform converts it; the error is
/// Terraform's reason ("a number is required").
pub fn convert(v: &Value, t: &Type) -> Result<Value> {
    if !matches!(t, Type::Any) {
        v.walkable()?;
    }
    match (v, t) {
        (Value::Null | Value::Unknown(_), _) | (_, Type::Any) => Ok(v.clone()),
        (_, Type::String) => to_string(v).map(Value::string),
        (_, Type::Number) => to_number(v).map(Value::number),
        (_, Type::Bool) => to_bool(v).map(Value::Bool),
        (_, Type::List(inner)) => {
            let items = sequence(v, "list")?;
            let items = convert_all(&items, inner)?;
            Value::seq(SeqKind::List, items)
        }
        (_, Type::Set(inner)) => {
            let items = sequence(v, "set")?;
            let items = convert_all(&items, inner)?;
            Value::seq(SeqKind::Set, value::set_of(&items))
        }
        (_, Type::Tuple(types)) => {
            let items = sequence(v, "tuple")?;
            if items.len() != types.len() {
                return Err(EvalError::terraform(format!(
                    "tuple required with {} elements",
                    types.len()
                )));
            }
            let items = items
                .iter()
                .zip(types)
                .map(|(i, t)| convert(i, t))
                .collect::<Result<_>>()?;
            Value::seq(SeqKind::Tuple, items)
        }
        (Value::Map(m), Type::Map(inner)) => {
            let entries = m
                .entries
                .iter()
                .map(|(k, x)| Ok((k.clone(), in_element(convert(x, inner), k)?)))
                .collect::<Result<_>>()?;
            Value::map(MapKind::Map, entries)
        }
        (Value::Map(m), Type::Object(attrs)) => object(m, attrs.as_ref()),
        (_, Type::Map(_)) => Err(EvalError::terraform("map of any single type required")),
        (_, Type::Object(_)) => Err(EvalError::terraform("object required")),
    }
}

fn convert_all(items: &[Value], t: &Type) -> Result<Vec<Value>> {
    items
        .iter()
        .enumerate()
        .map(|(i, x)| in_element(convert(x, t), &format!("[{i}]")))
        .collect()
}

fn in_element(r: Result<Value>, at: &str) -> Result<Value> {
    r.map_err(|mut e| {
        e.message = format!("element {at}: {}", e.message);
        e
    })
}

fn object(m: &value::Map, attrs: Option<&BTreeMap<String, (Type, bool)>>) -> Result<Value> {
    let Some(attrs) = attrs else {
        return Value::map(MapKind::Object, m.entries.clone());
    };
    let mut out = BTreeMap::new();
    for (name, (t, optional)) in attrs {
        match m.entries.get(name) {
            Some(x) => {
                out.insert(name.clone(), in_element(convert(x, t), name)?);
            }
            None if *optional => {
                out.insert(name.clone(), Value::Null);
            }
            None => {
                return Err(EvalError::terraform(format!(
                    "attribute \"{name}\" is required"
                )));
            }
        }
    }
    Value::map(MapKind::Object, out)
}

/// The elements of a list, set or tuple, for conversion to another.
fn sequence(v: &Value, wanted: &str) -> Result<Vec<Value>> {
    match v {
        Value::Seq(s) => Ok(s.items.clone()),
        _ => Err(EvalError::terraform(format!("{wanted} of a single type required")).with_found(v)),
    }
}

trait Found {
    fn with_found(self, v: &Value) -> Self;
}

impl Found for EvalError {
    fn with_found(mut self, v: &Value) -> Self {
        if matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_)) {
            self.message = format!("{} (found a {})", self.message, v.type_name());
        }
        self
    }
}

/// A primitive as a string: numbers as Terraform prints them.
pub fn to_string(v: &Value) -> Result<std::rc::Rc<str>> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(value::number_text(n).into()),
        Value::Bool(b) => Ok(if *b { "true" } else { "false" }.into()),
        _ => Err(EvalError::terraform("string required")),
    }
}

/// A number, or a string Terraform reads as one: exactly Go's number syntax
/// (`Inf` and `1p3` too), with no space around it.
pub fn to_number(v: &Value) -> Result<TfNumber> {
    match v {
        Value::Number(n) => Ok((**n).clone()),
        Value::String(s) => {
            TfNumber::parse(s).map_err(|_| EvalError::terraform("a number is required"))
        }
        _ => Err(EvalError::terraform("a number is required")),
    }
}

/// A bool, or the strings `"true"`, `"1"`, `"false"` and `"0"` (cty's
/// conversion, checked with Terraform 1.0.3).
pub fn to_bool(v: &Value) -> Result<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if matches!(&**s, "true" | "1") => Ok(true),
        Value::String(s) if matches!(&**s, "false" | "0") => Ok(false),
        _ => Err(EvalError::terraform("a bool is required")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::string(x)
    }

    #[test]
    fn strings_convert_strictly() {
        assert!(convert(&s("1024"), &Type::Number).is_ok());
        for bad in [" 1024", "1024 ", "0x10", "", "1_000"] {
            assert!(convert(&s(bad), &Type::Number).is_err(), "{bad:?}");
        }
        assert!(matches!(
            convert(&s("true"), &Type::Bool),
            Ok(Value::Bool(true))
        ));
        assert!(matches!(
            convert(&s("1"), &Type::Bool),
            Ok(Value::Bool(true))
        ));
        assert!(convert(&s("yes"), &Type::Bool).is_err());
    }

    #[test]
    fn sets_drop_duplicates() {
        let list = Value::seq(SeqKind::Tuple, vec![s("b"), s("a"), s("b")]).unwrap();
        let set = convert(&list, &Type::parse("set(string)").unwrap()).unwrap();
        assert_eq!(value::to_json(&set), serde_json::json!(["a", "b"]));
        assert!(convert(&s("a"), &Type::parse("list(string)").unwrap()).is_err());
    }

    #[test]
    fn types_parse() {
        assert_eq!(
            Type::parse("list(object({a = string, b = optional(number)}))")
                .unwrap()
                .to_string(),
            "list(object)"
        );
        assert!(Type::parse("banana").is_err());
    }
}
