//! Terraform's built-in functions that configurations compute sizing with,
//! on [`Value`]s, as Terraform 1.0.3 computes them: the list of them and the
//! call (arity, unknown arguments, the work budget), with one file per kind
//! beside it: `numeric.rs` (numbers with [`TfNumber`], `pow` through a float
//! as cty does), `collections.rs` (lists, sets and tuples), `maps.rs`,
//! `strings.rs` (and `format`, in `crate::format`), `conversions.rs`. `try`
//! and `can`, which take expressions rather than values, are the
//! evaluator's. Any other function is reported as one pypi-size does not
//! evaluate.

mod collections;
mod conversions;
mod maps;
mod numeric;
mod strings;

use crate::number::TfNumber;
use crate::types::to_number;
use crate::value::{Budget, EvalError, Result, SeqKind, Value, arity};

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
    "index",
    "join",
    "keys",
    "length",
    "lookup",
    "lower",
    "max",
    "merge",
    "min",
    "nonsensitive",
    "one",
    "parseint",
    "pow",
    "range",
    "replace",
    "reverse",
    "sensitive",
    "signum",
    "slice",
    "sort",
    "split",
    "substr",
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
    if !NAMES.contains(&name) {
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
        "abs" | "ceil" | "floor" | "signum" | "pow" | "min" | "max" | "parseint" | "range"
        | "sum" => numeric::numeric(name, args),
        "coalesce" | "compact" | "concat" | "contains" | "distinct" | "element" | "flatten"
        | "slice" | "length" => collections::sequences(name, args),
        "index" | "one" | "reverse" | "sort" => collections::lists(name, args),
        "keys" | "values" | "lookup" | "merge" | "zipmap" | "tomap" => maps::maps(name, args),
        "format" | "join" | "split" | "lower" | "upper" | "trimspace" => {
            strings::strings(name, args)
        }
        "substr" | "replace" => strings::substrings(name, args),
        _ => conversions::conversions(name, args),
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

pub(super) fn number(v: &Value) -> Result<TfNumber> {
    if v.is_null() {
        return Err(EvalError::terraform("argument must not be null"));
    }
    to_number(v)
}

pub(super) fn tf(e: crate::number::NumberError) -> EvalError {
    EvalError::terraform(e.to_string())
}

/// The elements of a list, set or tuple.
pub(super) fn elements(v: &Value) -> Result<Vec<Value>> {
    match v {
        Value::Seq(s) => Ok(s.items.clone()),
        _ => Err(EvalError::terraform(format!(
            "a list, set or tuple is required, not {}",
            v.type_name()
        ))),
    }
}

pub(super) fn seq_kind(v: &Value) -> SeqKind {
    match v {
        Value::Seq(s) if s.kind == SeqKind::Set => SeqKind::List,
        Value::Seq(s) => s.kind,
        _ => SeqKind::Tuple,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value;

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
