//! The numeric functions: `abs`, `ceil`, `floor`, `signum`, `pow`, `min`,
//! `max`, `sum`, `parseint` and `range`, in Terraform's numbers.

use super::{elements, number, tf};
use crate::number::TfNumber;
use crate::types::to_string;
use crate::value::{self, EvalError, Result, SeqKind, Value, arity};

pub(super) fn numeric(name: &str, args: &[Value]) -> Result<Value> {
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
