//! Reading a number as Go's `big.ParseFloat` does: decimal digits with an
//! optional exponent, rounded once to the precision asked for.

use super::arith::{go_mul, go_quo, go_set};
use super::*;

impl TfNumber {
    /// `big.ParseFloat(s, 10, prec, big.ToNearestEven)`, reproducing Go's algorithm
    /// (including its use of a 5^n rounded to prec+64 bits when n > 27 and 5^n does not fit).
    ///
    /// Accepted: `[+-]digits[.digits][(e|E|p|P)[+-]digits]`, `.5`, `1.`, `Inf`, `inf`,
    /// `+Inf`, `-inf`, … (`p` is a binary exponent). Rejected: empty, spaces, `_`, hex, `NaN`.
    pub fn parse_with_precision(s: &str, prec: u32) -> Result<Self, NumberError> {
        let err = |reason: &'static str| NumberError::Parse {
            input: s.to_string(),
            reason,
        };
        let prec = if prec == 0 { 64 } else { prec };
        match s {
            "Inf" | "inf" | "+Inf" | "+inf" => return Ok(Self::inf_with(false, prec)),
            "-Inf" | "-inf" => return Ok(Self::inf_with(true, prec)),
            _ => {}
        }
        let b = s.as_bytes();
        let mut i = 0;
        let mut neg = false;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            neg = b[i] == b'-';
            i += 1;
        }
        // mantissa
        let mut digits = String::new();
        let mut seen_dot = false;
        let mut frac_digits: i64 = 0;
        let mut any_digit = false;
        while i < b.len() {
            let c = b[i];
            if c.is_ascii_digit() {
                any_digit = true;
                digits.push(c as char);
                if seen_dot {
                    frac_digits += 1;
                }
            } else if c == b'.' && !seen_dot {
                seen_dot = true;
            } else {
                break;
            }
            i += 1;
        }
        if !any_digit {
            return Err(err("number has no digits"));
        }
        // exponent
        let mut exp: i64 = 0;
        let mut exp_base2 = false;
        if i < b.len() && matches!(b[i], b'e' | b'E' | b'p' | b'P') {
            exp_base2 = matches!(b[i], b'p' | b'P');
            i += 1;
            let mut edigits = String::new();
            if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                if b[i] == b'-' {
                    edigits.push('-');
                }
                i += 1;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                edigits.push(b[i] as char);
                i += 1;
            }
            if i == start {
                return Err(err("exponent has no digits"));
            }
            exp = edigits
                .parse::<i64>()
                .map_err(|_| err("exponent out of range"))?;
        }
        if i != b.len() {
            return Err(err("expected end of string"));
        }
        let mant: UBig = digits.parse().map_err(|_| err("invalid digits"))?;
        if mant.is_zero() {
            return Ok(Self::zero_with(neg, prec));
        }
        // Go: exp2 = bitlen(mant) + fcount [+ exp]; exp5 = fcount [+ exp] (decimal exponent)
        let bits = mant.bit_len() as i128;
        let fcount = -(frac_digits as i128);
        let mut exp2 = bits + fcount;
        let mut exp5 = fcount;
        if exp_base2 {
            exp2 += exp as i128;
        } else {
            exp2 += exp as i128;
            exp5 += exp as i128;
        }
        if exp2 < GO_MIN_EXP as i128 || exp2 > GO_MAX_EXP as i128 {
            return Err(err("exponent overflow"));
        }
        let sign = if neg { Sign::Negative } else { Sign::Positive };
        // exact value mant × 2^(exp2 - bits), not yet rounded (Go keeps all digits here)
        let exact = Repr::new(IBig::from_parts(sign, mant), (exp2 - bits) as isize);
        if exp5 == 0 {
            return Ok(Self::from_repr(round_repr(exact, prec), prec));
        }
        let exact = TfNumber {
            form: Form::Finite(exact),
            neg,
            prec,
            singleton: false,
        };
        let n = exp5.unsigned_abs();
        let n = u64::try_from(n).unwrap_or(u64::MAX);
        let p = pow5(n, prec.saturating_add(POW5_EXTRA))?;
        let r = if exp5 < 0 {
            go_quo(&exact, &p, prec)
        } else {
            go_mul(&exact, &p, prec)
        };
        r.map_err(|_| NumberError::Internal("parse"))
    }
}

/// Go's `(*Float).pow5(n)` on a Float of precision `prec`.
fn pow5(n: u64, prec: u32) -> Result<TfNumber, NumberError> {
    const POW5_TAB_MAX: u64 = 27; // 5^27 is the largest power of 5 in a uint64
    let exact = |k: u64| TfNumber::from_repr(Repr::new(IBig::from(5u64.pow(k as u32)), 0), prec);
    if n <= POW5_TAB_MAX {
        return Ok(go_set(&exact(n), prec));
    }
    let mut z = go_set(&exact(POW5_TAB_MAX), prec);
    let mut n = n - POW5_TAB_MAX;
    let fprec = prec.saturating_add(64);
    let mut f = go_set(&exact(1), fprec);
    let nan = |_| NumberError::Internal("pow5");
    while n > 0 {
        if n & 1 != 0 {
            z = go_mul(&z, &f, prec).map_err(nan)?;
        }
        f = go_mul(&f, &f, fprec).map_err(nan)?;
        n >>= 1;
    }
    Ok(z)
}
