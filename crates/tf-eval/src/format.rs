//! Terraform's `format()`: the verbs configurations use (`%d`, `%s`, `%v`,
//! `%q`, `%t`, `%f`, `%x`, `%X`, `%o`, `%b`, `%%`), with flags, width and
//! precision. Other verbs are reported as not evaluated.

use crate::types::to_string;
use crate::value::{EvalError, Result, Value};

pub fn format(args: &[Value]) -> Result<Value> {
    let spec = match args.first() {
        Some(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) => to_string(v)?,
        _ => return Err(EvalError::terraform("the format must be a string")),
    };
    let mut out = String::new();
    let mut next = 1;
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = chars.peek().filter(|f| "+- #0".contains(**f)) {
            flags.push(f);
            chars.next();
        }
        let width = digits(&mut chars);
        let precision = if chars.peek() == Some(&'.') {
            chars.next();
            Some(digits(&mut chars).unwrap_or(0))
        } else {
            None
        };
        let verb = chars
            .next()
            .ok_or_else(|| EvalError::terraform("the format ends with %"))?;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let arg = args
            .get(next)
            .ok_or_else(|| EvalError::terraform(format!("not enough arguments for %{verb}")))?;
        next += 1;
        if let Value::Unknown(r) = arg {
            return Ok(Value::Unknown(r.clone()));
        }
        let text = verb_text(verb, arg, &flags, precision)?;
        pad(&mut out, &text, width, &flags);
    }
    if next < args.len() {
        return Err(EvalError::terraform("too many arguments for the format"));
    }
    Ok(Value::string(out))
}

fn digits(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<usize> {
    let mut n: Option<usize> = None;
    while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
        n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d as usize));
        chars.next();
    }
    n
}

fn verb_text(verb: char, arg: &Value, flags: &str, precision: Option<usize>) -> Result<String> {
    let number = || crate::types::to_number(arg);
    let integer = || {
        number()?.to_i64().map_err(|_| {
            EvalError::terraform(format!("%{verb} needs a whole number that fits 64 bits"))
        })
    };
    let signed = |s: String, negative: bool| {
        if !negative && flags.contains('+') {
            format!("+{s}")
        } else if !negative && flags.contains(' ') {
            format!(" {s}")
        } else {
            s
        }
    };
    Ok(match verb {
        'v' | 's' => match arg {
            Value::Null if verb == 'v' => "null".to_string(),
            Value::String(_) | Value::Number(_) | Value::Bool(_) => to_string(arg)?.to_string(),
            _ => {
                return Err(EvalError::unsupported(format!(
                    "%{verb} of a {}",
                    arg.type_name()
                )));
            }
        },
        'q' => serde_json::to_string(&*to_string(arg)?).unwrap_or_default(),
        't' => match arg {
            Value::Bool(b) => b.to_string(),
            _ => return Err(EvalError::terraform("%t needs a bool")),
        },
        'd' => {
            let i = integer()?;
            signed(i.to_string(), i < 0)
        }
        'x' => format!("{:x}", integer()?),
        'X' => format!("{:X}", integer()?),
        'o' => format!("{:o}", integer()?),
        'b' => format!("{:b}", integer()?),
        'f' => {
            let f = number()?.to_f64();
            signed(format!("{:.*}", precision.unwrap_or(6), f), f < 0.0)
        }
        _ => {
            return Err(EvalError::unsupported(format!(
                "pypi-size does not evaluate the format verb %{verb}"
            )));
        }
    })
}

fn pad(out: &mut String, text: &str, width: Option<usize>, flags: &str) {
    let fill = width.unwrap_or(0).saturating_sub(text.chars().count());
    if flags.contains('-') {
        out.push_str(text);
        out.extend(std::iter::repeat_n(' ', fill));
    } else if flags.contains('0') {
        let (sign, rest) = match text.strip_prefix(['-', '+']) {
            Some(rest) => (&text[..1], rest),
            None => ("", text),
        };
        out.push_str(sign);
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(rest);
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::TfNumber;

    #[test]
    fn verbs_flags_and_widths() {
        let n = |x: &str| Value::number(TfNumber::parse(x).unwrap());
        let f = |args: &[Value]| match format(args).unwrap() {
            Value::String(s) => s.to_string(),
            other => panic!("{other:?}"),
        };
        let s = |x: &str| Value::string(x);
        assert_eq!(f(&[s("%d-%s"), n("3"), s("x")]), "3-x");
        assert_eq!(
            f(&[s("%03d|%-3s|%q"), n("7"), s("a"), s("b")]),
            "007|a  |\"b\""
        );
        assert_eq!(f(&[s("%.2f%%"), n("2.5")]), "2.50%");
        assert!(format(&[s("%d"), n("1.5")]).is_err());
    }
}
