//! Terraform's built-in functions that configurations compute sizing with,
//! on [`Value`]s, as Terraform 1.0.3 computes them (numbers with
//! [`TfNumber`], `pow` through a float as cty does). `try` and `can`, which
//! take expressions rather than values, are the evaluator's. Any other
//! function is reported as one pypi-size does not evaluate.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::number::TfNumber;
use crate::types::{self, Type, to_number, to_string};
use crate::value::{self, Budget, EvalError, MapKind, Result, SeqKind, Value, arity};

/// The functions [`call`] evaluates (besides `try` and `can`).
pub const NAMES: &[&str] = &[
    "abs",
    "ceil",
    "coalesce",
    "compact",
    "concat",
    "contains",
    "distinct",
    "element",
    "flatten",
    "floor",
    "format",
    "join",
    "keys",
    "length",
    "lookup",
    "lower",
    "max",
    "merge",
    "min",
    "parseint",
    "pow",
    "range",
    "signum",
    "slice",
    "split",
    "sum",
    "timestamp",
    "tobool",
    "tolist",
    "tomap",
    "tonumber",
    "toset",
    "tostring",
    "trimspace",
    "upper",
    "uuid",
    "values",
    "zipmap",
];

/// Calls the function `name` with evaluated arguments.
pub fn call(name: &str, args: &[Value], budget: &Budget) -> Result<Value> {
    let more = crate::more_functions::NAMES.contains(&name);
    if !NAMES.contains(&name) && !more {
        return Err(EvalError::unsupported(format!(
            "pypi-size does not evaluate the function {name}()"
        )));
    }
    // Known only when `terraform apply` runs, as in Terraform's plan.
    if matches!(name, "timestamp" | "uuid") {
        arity(args, 0)?;
        return Ok(Value::unknown(format!(
            "{name}() is known only when `terraform apply` runs"
        )));
    }
    // A wholly unknown argument makes the result unknown, as in Terraform.
    if let Some(Value::Unknown(reason)) = args.iter().find(|a| matches!(a, Value::Unknown(_))) {
        return Ok(Value::Unknown(reason.clone()));
    }
    budget.spend(cost(name, args)?)?;
    let result = match name {
        _ if more => crate::more_functions::call(name, args),
        "abs" | "ceil" | "floor" | "signum" | "pow" | "min" | "max" | "parseint" | "range"
        | "sum" => numeric(name, args),
        "coalesce" | "compact" | "concat" | "contains" | "distinct" | "element" | "flatten"
        | "slice" | "length" => sequences(name, args),
        "keys" | "values" | "lookup" | "merge" | "zipmap" | "tomap" => maps(name, args),
        "format" | "join" | "split" | "lower" | "upper" | "trimspace" => strings(name, args),
        _ => conversions(name, args),
    };
    result.map_err(|mut e| {
        e.message = format!("{name}(): {}", e.message);
        e
    })
}

/// The work a call does: what it walks of its arguments. Functions that
/// compare or flatten walk them whole (and refuse a value too large to);
/// the others touch their top-level elements or bytes, or nothing more.
fn cost(name: &str, args: &[Value]) -> Result<u64> {
    let shallow = |v: &Value| match v {
        Value::Seq(s) => s.items.len() as u64,
        Value::Map(m) => m.entries.len() as u64,
        Value::String(s) => s.len() as u64,
        _ => 1,
    };
    let work = match name {
        "contains" | "distinct" | "flatten" | "toset" | "tolist" | "tomap" | "coalesce"
        | "index" | "sort" => {
            let mut total = 0u64;
            for a in args {
                a.walkable()?;
                total = total.saturating_add(a.size());
            }
            total
        }
        "length" | "lookup" | "element" | "abs" | "ceil" | "floor" | "signum" | "pow" | "min"
        | "max" | "tonumber" | "tobool" | "tostring" => args.len() as u64,
        _ => args.iter().map(shallow).fold(0u64, u64::saturating_add),
    };
    Ok(work.max(1))
}

fn number(v: &Value) -> Result<TfNumber> {
    if v.is_null() {
        return Err(EvalError::terraform("argument must not be null"));
    }
    to_number(v)
}

fn tf(e: crate::number::NumberError) -> EvalError {
    EvalError::terraform(e.to_string())
}

fn numeric(name: &str, args: &[Value]) -> Result<Value> {
    let num = |i: usize| number(&args[i]);
    match name {
        "abs" | "ceil" | "floor" | "signum" => {
            arity(args, 1)?;
            let n = num(0)?;
            Ok(Value::number(match name {
                "abs" if n.is_sign_negative() => n.neg(),
                "abs" => n,
                "ceil" => n.ceil(),
                "floor" => n.floor(),
                // cty's signum takes a whole number that fits 64 bits.
                _ => TfNumber::from_i64(
                    n.to_i64()
                        .map_err(|_| {
                            EvalError::terraform(
                                "value must be a whole number, between -9223372036854775808 and \
                         9223372036854775807",
                            )
                        })?
                        .signum(),
                ),
            }))
        }
        "pow" => {
            arity(args, 2)?;
            // cty computes pow with float64s.
            let p = value::to_f64(&num(0)?).powf(value::to_f64(&num(1)?));
            TfNumber::from_f64(p).map(Value::number).map_err(tf)
        }
        "min" | "max" => {
            let ns = args.iter().map(number).collect::<Result<Vec<_>>>()?;
            let r = if name == "min" {
                TfNumber::min_of(&ns)
            } else {
                TfNumber::max_of(&ns)
            };
            r.map(Value::number).map_err(tf)
        }
        "sum" => {
            arity(args, 1)?;
            let items = elements(&args[0])?;
            if items.is_empty() {
                return Err(EvalError::terraform("cannot sum an empty list"));
            }
            if let Some(r) = items.iter().find_map(Value::unknown_reason) {
                return Ok(Value::Unknown(r));
            }
            let mut total = number(&items[0])?;
            for i in &items[1..] {
                total = total.add(&number(i)?).map_err(tf)?;
            }
            Ok(Value::number(total))
        }
        "parseint" => parseint(args),
        _ => range(args),
    }
}

fn parseint(args: &[Value]) -> Result<Value> {
    arity(args, 2)?;
    let text = to_string(&args[0])?;
    let base = number(&args[1])?
        .to_i64()
        .ok()
        .filter(|b| (2..=62).contains(b))
        .ok_or_else(|| EvalError::terraform("base must be a whole number between 2 and 62"))?;
    let fail = || {
        EvalError::terraform(format!(
            "cannot parse {:?} as a base {base} integer",
            &*text
        ))
    };
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    if digits.is_empty() {
        return Err(fail());
    }
    let mut n = dashu_int::IBig::ZERO;
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'a'..='z' if base <= 36 => c as u32 - 'a' as u32 + 10,
            'A'..='Z' if base <= 36 => c as u32 - 'A' as u32 + 10,
            'a'..='z' => c as u32 - 'a' as u32 + 10,
            'A'..='Z' => c as u32 - 'A' as u32 + 36,
            _ => return Err(fail()),
        };
        if i64::from(d) >= base {
            return Err(fail());
        }
        n = n * dashu_int::IBig::from(base) + dashu_int::IBig::from(d);
    }
    if negative {
        n = -n;
    }
    let bits = dashu_base::BitTest::bit_len(&n.clone().into_parts().1) as u32;
    Ok(Value::number(TfNumber::from_binary_parts(
        n,
        0,
        bits.max(64),
    )))
}

fn range(args: &[Value]) -> Result<Value> {
    let ns = args.iter().map(number).collect::<Result<Vec<_>>>()?;
    let (start, end, step) = match ns.as_slice() {
        [end] => (TfNumber::from_i64(0), end.clone(), TfNumber::from_i64(1)),
        [start, end] => {
            let step = if start > end { -1 } else { 1 };
            (start.clone(), end.clone(), TfNumber::from_i64(step))
        }
        [start, end, step] => (start.clone(), end.clone(), step.clone()),
        _ => return Err(EvalError::terraform("takes 1 to 3 arguments")),
    };
    if step.is_zero() {
        return Err(EvalError::terraform("step must not be zero"));
    }
    let mut out = Vec::new();
    let mut i = start;
    let up = !step.is_sign_negative();
    while if up { i < end } else { i > end } {
        // Terraform's own limit.
        if out.len() >= 1024 {
            return Err(EvalError::terraform("more than 1024 numbers"));
        }
        out.push(Value::number(i.clone()));
        i = i.add(&step).map_err(tf)?;
    }
    Value::seq(SeqKind::List, out)
}

/// The elements of a list, set or tuple.
fn elements(v: &Value) -> Result<Vec<Value>> {
    match v {
        Value::Seq(s) => Ok(s.items.clone()),
        _ => Err(EvalError::terraform(format!(
            "a list, set or tuple is required, not {}",
            v.type_name()
        ))),
    }
}

fn seq_kind(v: &Value) -> SeqKind {
    match v {
        Value::Seq(s) if s.kind == SeqKind::Set => SeqKind::List,
        Value::Seq(s) => s.kind,
        _ => SeqKind::Tuple,
    }
}

fn sequences(name: &str, args: &[Value]) -> Result<Value> {
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
fn unify(args: &[Value]) -> Vec<Value> {
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

fn entries(v: &Value) -> Result<&BTreeMap<String, Value>> {
    match v {
        Value::Map(m) => Ok(&m.entries),
        _ => Err(EvalError::terraform(format!(
            "a map or object is required, not {}",
            v.type_name()
        ))),
    }
}

fn maps(name: &str, args: &[Value]) -> Result<Value> {
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

fn strings(name: &str, args: &[Value]) -> Result<Value> {
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

fn conversions(name: &str, args: &[Value]) -> Result<Value> {
    arity(args, 1)?;
    let v = &args[0];
    // A conversion of null is null.
    if v.is_null() {
        return Ok(Value::Null);
    }
    match name {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn n(x: &str) -> Value {
        Value::number(TfNumber::parse(x).unwrap())
    }

    fn run(name: &str, args: &[Value]) -> serde_json::Value {
        value::to_json(&call(name, args, &Budget::default()).unwrap())
    }

    #[test]
    fn numbers_as_terraform_computes_them() {
        assert_eq!(run("min", &[n("3"), n("1"), n("2")]), 1);
        assert_eq!(run("pow", &[n("2"), n("10")]), 1024);
        assert_eq!(run("parseint", &[Value::string("ff"), n("16")]), 255);
        assert_eq!(run("abs", &[n("-3.5")]), 3.5);
        let hundred_ten = TfNumber::parse("100")
            .unwrap()
            .mul(&TfNumber::parse("1.1").unwrap());
        assert_eq!(run("ceil", &[Value::number(hundred_ten.unwrap())]), 110);
    }

    #[test]
    fn unknown_arguments_give_unknown_results() {
        let r = call(
            "max",
            &[n("1"), Value::unknown("later")],
            &Budget::default(),
        )
        .unwrap();
        assert!(matches!(r, Value::Unknown(_)));
        assert!(call("nosuch", &[], &Budget::default()).is_err());
    }
}
