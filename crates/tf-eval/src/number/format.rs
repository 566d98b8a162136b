//! Printing a number as Terraform prints it: Go's `Text('f', -1)`, the
//! shortest decimal that rounds back to the same value.

use super::*;

impl TfNumber {
    // -----------------------------------------------------------------------------------------
    // formatting

    /// The number as Terraform prints it (`big.Float.Text('f', -1)`, used by `terraform
    /// console`, `output`, `-json` and `tostring()`): the shortest decimal that rounds back to
    /// the same value at the value's precision, no exponent; `+Inf`, `-Inf`, `-0`.
    pub fn to_tf_string(&self) -> Result<String, NumberError> {
        let mut out = String::new();
        if self.neg {
            out.push('-');
        }
        let r = match &self.form {
            Form::Inf => {
                if !self.neg {
                    out.push('+');
                }
                out.push_str("Inf");
                return Ok(out);
            }
            Form::Zero => {
                out.push('0');
                return Ok(out);
            }
            Form::Finite(r) => r,
        };
        if go_exp(r).abs() > MAX_FORMAT_BITS || (r.exponent() as i64).abs() > MAX_FORMAT_BITS {
            return Err(NumberError::TooLargeToFormat);
        }
        let mag = sig_magnitude(r);
        let mut d = Decimal::init(&mag, r.exponent() as i64);
        // roundShortest: bounds at ±1/2 ulp of the value's precision
        let prec = self.prec.max(1) as i64;
        let bits = mag.bit_len() as i64;
        let s = bits - (prec + 1);
        let (m, e2) = if s < 0 {
            (mag.clone() << ((-s) as usize), r.exponent() as i64 + s)
        } else {
            (mag.clone() >> (s as usize), r.exponent() as i64 + s)
        };
        let lower = Decimal::init(&(&m - UBig::ONE), e2);
        let upper = Decimal::init(&(&m + UBig::ONE), e2);
        let inclusive = !m.bit(1);
        round_shortest(&mut d, &lower, &upper, inclusive);
        let fprec = (d.mant.len() as i64 - d.exp).max(0);
        // fmtF
        if d.exp > 0 {
            let m = (d.mant.len() as i64).min(d.exp) as usize;
            out.push_str(core::str::from_utf8(&d.mant[..m]).unwrap_or("?"));
            for _ in m as i64..d.exp {
                out.push('0');
            }
        } else {
            out.push('0');
        }
        if fprec > 0 {
            out.push('.');
            for i in 0..fprec {
                out.push(d.at(d.exp + i) as char);
            }
        }
        Ok(out)
    }
}

// ---------------------------------------------------------------------------------------------
// Go's math/big decimal (for Text('f', -1))

struct Decimal {
    mant: Vec<u8>, // ASCII digits, no trailing zeros
    exp: i64,      // value = 0.mant × 10^exp
}

impl Decimal {
    /// Exact decimal of `m × 2^shift`.
    fn init(m: &UBig, shift: i64) -> Decimal {
        if m.is_zero() {
            return Decimal {
                mant: Vec::new(),
                exp: 0,
            };
        }
        let (digits, point_shift) = if shift >= 0 {
            ((m.clone() << (shift as usize)).to_string(), 0i64)
        } else {
            // m / 2^k = m × 5^k / 10^k
            let tz = m.trailing_zeros().unwrap_or(0) as i64;
            let drop = tz.min(-shift);
            let k = -shift - drop;
            let m = m.clone() >> (drop as usize);
            ((m * UBig::from(5u8).pow(k as usize)).to_string(), k)
        };
        let bytes = digits.into_bytes();
        let exp = bytes.len() as i64 - point_shift;
        let mut n = bytes.len();
        while n > 0 && bytes[n - 1] == b'0' {
            n -= 1;
        }
        Decimal {
            mant: bytes[..n].to_vec(),
            exp,
        }
    }

    fn at(&self, i: i64) -> u8 {
        if 0 <= i && (i as usize) < self.mant.len() {
            self.mant[i as usize]
        } else {
            b'0'
        }
    }

    fn should_round_up(&self, n: usize) -> bool {
        if self.mant[n] == b'5' && n + 1 == self.mant.len() {
            return n > 0 && (self.mant[n - 1] - b'0') & 1 != 0;
        }
        self.mant[n] >= b'5'
    }

    fn round(&mut self, n: usize) {
        if n >= self.mant.len() {
            return;
        }
        if self.should_round_up(n) {
            self.round_up(n);
        } else {
            self.round_down(n);
        }
    }

    fn round_up(&mut self, mut n: usize) {
        if n >= self.mant.len() {
            return;
        }
        while n > 0 && self.mant[n - 1] >= b'9' {
            n -= 1;
        }
        if n == 0 {
            self.mant[0] = b'1';
            self.mant.truncate(1);
            self.exp += 1;
            return;
        }
        self.mant[n - 1] += 1;
        self.mant.truncate(n);
    }

    fn round_down(&mut self, n: usize) {
        if n >= self.mant.len() {
            return;
        }
        self.mant.truncate(n);
        while let Some(&b'0') = self.mant.last() {
            self.mant.pop();
        }
        if self.mant.is_empty() {
            self.exp = 0;
        }
    }
}

fn round_shortest(d: &mut Decimal, lower: &Decimal, upper: &Decimal, inclusive: bool) {
    if d.mant.is_empty() {
        return;
    }
    for i in 0..d.mant.len() {
        let m = d.mant[i];
        let l = lower.at(i as i64);
        let u = upper.at(i as i64);
        let okdown = l != m || inclusive && i + 1 == lower.mant.len();
        let okup = m != u && (inclusive || m + 1 < u || i + 1 < upper.mant.len());
        match (okdown, okup) {
            (true, true) => {
                d.round(i + 1);
                return;
            }
            (true, false) => {
                d.round_down(i + 1);
                return;
            }
            (false, true) => {
                d.round_up(i + 1);
                return;
            }
            _ => {}
        }
    }
}
