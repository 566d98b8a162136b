//! Terraform's number semantics, bit for bit.
//!
//! Terraform evaluates numbers with `cty` (`github.com/zclconf/go-cty`), whose numbers are Go
//! `math/big.Float` values. This module reproduces what Terraform 1.0.3 (cty v1.9.0, Go
//! `math/big`) computes; the arithmetic below is unchanged in later cty releases (checked
//! against cty v1.13 and v1.18):
//!
//! * every literal in configuration, `.tfvars` or `-var` is parsed with
//!   `big.ParseFloat(s, 10, 512, big.ToNearestEven)` ([`TfNumber::parse`]);
//! * `+`, `-` and `/` produce a result rounded (to nearest, ties to even) to the *larger* of
//!   the two operands' precisions (`new(big.Float).Add(a, b)`), so 512 bits whenever a literal
//!   is involved; `*` is rounded to 512 bits (cty's `Multiply`);
//! * `x / 0` is `±Inf`, `0 / 0` and `Inf / Inf` are errors, `0 * Inf` and `Inf - Inf` are errors;
//! * `floor` / `ceil` of `±Inf` stay infinite; `min` / `max` return one of their arguments;
//! * `%` is cty's `Modulo`: `a - b * trunc(a / b)`, and **`a % 0 == a`** (no error in
//!   Terraform); see [`TfNumber::tf_rem`] and [`TfNumber::checked_rem`].
//!
//! Every value also carries its `big.Float` precision, because Go rounds each `+ - /` to the
//! larger operand precision: values made from integers (`length()`, provider data via msgpack)
//! have 64 bits, literals 512. [`TfNumber::from_i64`] reproduces the former.
//!
//! The binary arithmetic is done with `dashu-float` (`Context<HalfEven>` on base-2 `Repr`s),
//! whose add/sub/mul/div are correctly rounded at any bit precision, which is what Go's
//! `big.Float` is. Zeros, signed zeros and infinities are handled here, following Go.
//!
//! No function in this module panics on any input: every fallible operation returns a
//! [`TfError`].

use core::cmp::Ordering;
use core::fmt;

use dashu_base::{Approximation, BitTest, Sign};
use dashu_float::round::mode::HalfEven;
use dashu_float::{Context, FBig, Repr};
use dashu_int::{IBig, UBig};

/// The precision (mantissa bits) Terraform parses numbers with.
pub const TF_PRECISION: u32 = 512;

/// Go `big.MaxExp` / `big.MinExp`: a `big.Float` is `0.mant × 2^exp` with `exp` an `int32`.
const GO_MAX_EXP: i64 = i32::MAX as i64;
const GO_MIN_EXP: i64 = i32::MIN as i64;

/// Extra bits Go uses for 5^n when parsing (`z.Prec() + 64`).
const POW5_EXTRA: u32 = 64;

/// Refuse to print numbers whose decimal expansion would be absurdly long.
const MAX_FORMAT_BITS: i64 = 1 << 20;

/// Errors, with Terraform's own wording where Terraform has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TfError {
    /// Not a number in Go `big.ParseFloat(s, 10, …)` syntax. Terraform says "a number is required".
    Parse { input: String, reason: &'static str },
    /// `0 / 0` or `±Inf / ±Inf`.
    DivideIndeterminate,
    /// `0 * ±Inf`.
    MultiplyIndeterminate,
    /// `Inf + -Inf`.
    AddOpposingInfinities,
    /// `Inf - Inf`.
    SubtractInfinities,
    /// `x % ±Inf` (and the `0 * Inf` inside cty's modulo).
    ModuloIndeterminate,
    /// `±Inf % x`: Terraform 1.0.3 hits a nil-pointer panic inside cty and reports
    /// "panic in function implementation: runtime error: invalid memory address…".
    ModuloOfInfinity,
    /// Only from [`TfNumber::checked_rem`]: Terraform itself returns the dividend.
    ModuloByZero,
    /// `min()` / `max()` with no arguments.
    NoArguments,
    /// A conversion needed an integer and the value has a fractional part.
    NotAnInteger,
    /// A conversion needed a finite value.
    Infinite,
    /// The integer does not fit the target type.
    OutOfRange,
    /// `from_f64(NaN)`.
    NaN,
    /// The decimal expansion would be longer than this module is willing to build.
    TooLargeToFormat,
    /// The arithmetic library reported something this module does not expect (a bug).
    Internal(&'static str),
}

impl fmt::Display for TfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TfError::Parse { input, reason } => {
                write!(f, "a number is required (cannot parse {input:?}: {reason})")
            }
            TfError::DivideIndeterminate => {
                f.write_str("can't divide zero by zero or infinity by infinity")
            }
            TfError::MultiplyIndeterminate => f.write_str("can't multiply zero by infinity"),
            TfError::AddOpposingInfinities => {
                f.write_str("can't compute sum of opposing infinities")
            }
            TfError::SubtractInfinities => f.write_str("can't subtract infinity from itself"),
            TfError::ModuloIndeterminate => f.write_str("can't use modulo with zero and infinity"),
            TfError::ModuloOfInfinity => f.write_str(
                "modulo of an infinite value (Terraform 1.0.3 panics: \
                 invalid memory address or nil pointer dereference)",
            ),
            TfError::ModuloByZero => f.write_str("modulo by zero"),
            TfError::NoArguments => f.write_str("must pass at least one number"),
            TfError::NotAnInteger => f.write_str("the number is not a whole number"),
            TfError::Infinite => f.write_str("the number is infinite"),
            TfError::OutOfRange => f.write_str("the number is out of range for the integer type"),
            TfError::NaN => f.write_str("NaN is not a Terraform number"),
            TfError::TooLargeToFormat => f.write_str("the number is too large to format"),
            TfError::Internal(what) => write!(f, "internal arithmetic error: {what}"),
        }
    }
}

impl std::error::Error for TfError {}

/// Internal NaN signal of Go's big.Float (`panic(ErrNaN{…})`).
#[derive(Debug)]
struct GoNaN;

type Bin = FBig<HalfEven, 2>;

#[derive(Clone, Debug)]
enum Form {
    Zero,
    /// Non-zero finite value; the significand carries the sign (always equal to `neg`).
    Finite(Repr<2>),
    Inf,
}

/// A Terraform number: a Go `big.Float` value with its precision, as cty holds it.
///
/// `PartialEq`/`PartialOrd` compare numeric values like Terraform's `==`, `<` (`-0 == 0`,
/// precision ignored). Use [`TfNumber::identical`] to also compare sign of zero and precision.
#[derive(Clone, Debug)]
pub struct TfNumber {
    form: Form,
    neg: bool,
    /// Go `big.Float` precision in bits.
    prec: u32,
    /// True only for cty's `PositiveInfinity`/`NegativeInfinity` singletons, which `min()` /
    /// `max()` return when every argument is +Inf (resp. -Inf). cty's `Modulo` compares
    /// values by identity with these singletons (see [`TfNumber::tf_rem`]).
    singleton: bool,
}

// ---------------------------------------------------------------------------------------------
// small helpers on dashu values

fn sig_magnitude(r: &Repr<2>) -> UBig {
    r.significand().clone().into_parts().1
}

fn sig_bits(r: &Repr<2>) -> usize {
    sig_magnitude(r).bit_len()
}

/// Go's `x.exp`: the value is `0.mant × 2^exp` with `mant` in [0.5, 1).
fn go_exp(r: &Repr<2>) -> i64 {
    sig_bits(r) as i64 + r.exponent() as i64
}

fn to_u32_prec(p: usize) -> u32 {
    u32::try_from(p).unwrap_or(u32::MAX)
}

fn ctx(prec: u32) -> Context<HalfEven> {
    Context::new(prec.max(1) as usize)
}

/// Round an exact binary value to `prec` bits, ties to even.
fn round_repr(r: Repr<2>, prec: u32) -> Repr<2> {
    let (sig, exp) = r.into_parts();
    Bin::from_parts(sig, exp)
        .with_precision(prec.max(1) as usize)
        .value()
        .into_repr()
}

fn unwrap_fp(res: dashu_float::FpResult<Bin>, what: &'static str) -> Result<Repr<2>, TfError> {
    match res {
        Ok(Approximation::Exact(v)) | Ok(Approximation::Inexact(v, _)) => Ok(v.into_repr()),
        Err(_) => Err(TfError::Internal(what)),
    }
}

impl TfNumber {
    // -----------------------------------------------------------------------------------------
    // construction

    fn zero_with(neg: bool, prec: u32) -> Self {
        TfNumber {
            form: Form::Zero,
            neg,
            prec,
            singleton: false,
        }
    }

    fn inf_with(neg: bool, prec: u32) -> Self {
        TfNumber {
            form: Form::Inf,
            neg,
            prec,
            singleton: false,
        }
    }

    /// A finite value, mapped to ±Inf / ±0 outside Go's exponent range (as Go does).
    fn from_repr(r: Repr<2>, prec: u32) -> Self {
        if r.significand() == &IBig::ZERO {
            return Self::zero_with(false, prec);
        }
        let neg = r.significand() < &IBig::ZERO;
        let e = go_exp(&r);
        if e > GO_MAX_EXP {
            return Self::inf_with(neg, prec);
        }
        if e < GO_MIN_EXP {
            return Self::zero_with(neg, prec);
        }
        TfNumber {
            form: Form::Finite(r),
            neg,
            prec,
            singleton: false,
        }
    }

    /// A signed zero with the given Go precision.
    pub fn zero(negative: bool, prec: u32) -> Self {
        Self::zero_with(negative, prec)
    }

    /// A signed infinity with the given Go precision (`1/0` has the dividend's precision).
    pub fn infinity(negative: bool, prec: u32) -> Self {
        Self::inf_with(negative, prec)
    }

    /// Exact `sig × 2^exp`, rounded to `prec` bits (like `new(big.Float).SetPrec(prec)`
    /// followed by setting the exact value).
    pub fn from_binary_parts(sig: IBig, exp: isize, prec: u32) -> Self {
        let prec = prec.max(1);
        Self::from_repr(round_repr(Repr::new(sig, exp), prec), prec)
    }

    /// `cty.NumberIntVal(v)`: precision 64 (what `length()` and integer provider data give).
    pub fn from_i64(v: i64) -> Self {
        if v == 0 {
            return Self::zero_with(false, 64);
        }
        Self::from_repr(Repr::new(IBig::from(v), 0), 64)
    }

    /// `cty.NumberUIntVal(v)`: precision 64.
    pub fn from_u64(v: u64) -> Self {
        if v == 0 {
            return Self::zero_with(false, 64);
        }
        Self::from_repr(Repr::new(IBig::from(v), 0), 64)
    }

    /// `cty.NumberFloatVal(v)`: precision 53. NaN is an error; ±Inf and -0 are kept.
    pub fn from_f64(v: f64) -> Result<Self, TfError> {
        if v.is_nan() {
            return Err(TfError::NaN);
        }
        if v.is_infinite() {
            return Ok(Self::inf_with(v < 0.0, 53));
        }
        if v == 0.0 {
            return Ok(Self::zero_with(v.is_sign_negative(), 53));
        }
        let bits = v.to_bits();
        let neg = bits >> 63 == 1;
        let biased = ((bits >> 52) & 0x7ff) as i64;
        let frac = bits & ((1u64 << 52) - 1);
        let (m, e) = if biased == 0 {
            (frac, -1074i64)
        } else {
            (frac | (1u64 << 52), biased - 1075)
        };
        let sig = IBig::from_parts(
            if neg { Sign::Negative } else { Sign::Positive },
            UBig::from(m),
        );
        Ok(Self::from_repr(Repr::new(sig, e as isize), 53))
    }

    /// A literal at Terraform's 512 bits; `s` uses [`TfNumber::parse`] syntax.
    pub fn parse(s: &str) -> Result<Self, TfError> {
        Self::parse_with_precision(s, TF_PRECISION)
    }

    /// `big.ParseFloat(s, 10, prec, big.ToNearestEven)`, reproducing Go's algorithm
    /// (including its use of a 5^n rounded to prec+64 bits when n > 27 and 5^n does not fit).
    ///
    /// Accepted: `[+-]digits[.digits][(e|E|p|P)[+-]digits]`, `.5`, `1.`, `Inf`, `inf`,
    /// `+Inf`, `-inf`, … (`p` is a binary exponent). Rejected: empty, spaces, `_`, hex, `NaN`.
    pub fn parse_with_precision(s: &str, prec: u32) -> Result<Self, TfError> {
        let err = |reason: &'static str| TfError::Parse {
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
        r.map_err(|_| TfError::Internal("parse"))
    }

    // -----------------------------------------------------------------------------------------
    // inspection

    /// The Go `big.Float` precision of this value.
    pub fn precision(&self) -> u32 {
        self.prec
    }
    pub fn is_infinite(&self) -> bool {
        matches!(self.form, Form::Inf)
    }
    pub fn is_finite(&self) -> bool {
        !self.is_infinite()
    }
    pub fn is_zero(&self) -> bool {
        matches!(self.form, Form::Zero)
    }
    /// Sign bit (true for -0 and -Inf too).
    pub fn is_sign_negative(&self) -> bool {
        self.neg
    }
    /// True for finite values without a fractional part (including ±0).
    pub fn is_integer(&self) -> bool {
        match &self.form {
            Form::Zero => true,
            Form::Inf => false,
            Form::Finite(r) => r.exponent() >= 0,
        }
    }

    /// Exact value as (significand, binary exponent) with an odd significand, for finite
    /// non-zero values; `None` for zeros and infinities.
    pub fn to_binary_parts(&self) -> Option<(IBig, isize)> {
        match &self.form {
            Form::Finite(r) => Some((r.significand().clone(), r.exponent())),
            _ => None,
        }
    }

    /// Same value, same sign of zero and same precision.
    pub fn identical(&self, other: &Self) -> bool {
        if self.prec != other.prec || self.neg != other.neg {
            return false;
        }
        match (&self.form, &other.form) {
            (Form::Zero, Form::Zero) | (Form::Inf, Form::Inf) => true,
            (Form::Finite(a), Form::Finite(b)) => {
                a.significand() == b.significand() && a.exponent() == b.exponent()
            }
            _ => false,
        }
    }

    /// Nearest f64 (for display or plotting only; never for Terraform arithmetic).
    pub fn to_f64(&self) -> f64 {
        match &self.form {
            Form::Zero => {
                if self.neg {
                    -0.0
                } else {
                    0.0
                }
            }
            Form::Inf => {
                if self.neg {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                }
            }
            Form::Finite(r) => {
                let (sig, exp) = (r.significand().clone(), r.exponent());
                Bin::from_parts(sig, exp).to_f64().value()
            }
        }
    }

    /// The value as an `i64` if it is finite, whole and in range (Go `Int64()` exact).
    pub fn to_i64(&self) -> Result<i64, TfError> {
        let i = self.to_exact_integer()?;
        i64::try_from(&i).map_err(|_| TfError::OutOfRange)
    }

    /// The value as a `u64` if it is finite, whole, non-negative and in range. `-0` gives 0.
    pub fn to_u64(&self) -> Result<u64, TfError> {
        let i = self.to_exact_integer()?;
        u64::try_from(&i).map_err(|_| TfError::OutOfRange)
    }

    fn to_exact_integer(&self) -> Result<IBig, TfError> {
        match &self.form {
            Form::Zero => Ok(IBig::ZERO),
            Form::Inf => Err(TfError::Infinite),
            Form::Finite(r) => {
                if r.exponent() < 0 {
                    return Err(TfError::NotAnInteger);
                }
                if go_exp(r) > 130 {
                    return Err(TfError::OutOfRange);
                }
                Ok(r.significand().clone() << (r.exponent() as usize))
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // arithmetic as cty does it

    /// `a + b` (cty `AddFunc`): rounded to max(precisions).
    pub fn add(&self, other: &Self) -> Result<Self, TfError> {
        go_add(self, other, self.prec.max(other.prec), false)
            .map_err(|_| TfError::AddOpposingInfinities)
    }

    /// `a - b` (cty `SubtractFunc`): rounded to max(precisions).
    pub fn sub(&self, other: &Self) -> Result<Self, TfError> {
        go_add(self, other, self.prec.max(other.prec), true)
            .map_err(|_| TfError::SubtractInfinities)
    }

    /// `a * b` (cty `Value.Multiply`): the product rounded to 512 bits; the result's precision
    /// is max(precisions, bits the product needs).
    pub fn mul(&self, other: &Self) -> Result<Self, TfError> {
        let mut r = go_mul(self, other, 512).map_err(|_| TfError::MultiplyIndeterminate)?;
        let min_prec = match &r.form {
            Form::Finite(repr) => to_u32_prec(sig_bits(repr)),
            _ => 0,
        };
        r.prec = self.prec.max(other.prec).max(min_prec);
        Ok(r)
    }

    /// `a / b` (cty `DivideFunc`): rounded to max(precisions); `x/0 = ±Inf`;
    /// `0/0` and `Inf/Inf` are errors.
    pub fn div(&self, other: &Self) -> Result<Self, TfError> {
        go_quo(self, other, self.prec.max(other.prec)).map_err(|_| TfError::DivideIndeterminate)
    }

    /// `-a` (HCL's unary minus, cty `Value.Negate`): flips the sign (also of 0 and Inf) and
    /// keeps the precision.
    pub fn neg(&self) -> Self {
        let mut r = self.clone();
        r.neg = !r.neg;
        r.singleton = false;
        if let Form::Finite(repr) = &self.form {
            let (sig, exp) = repr.clone().into_parts();
            r.form = Form::Finite(Repr::new(-sig, exp));
        }
        r
    }

    /// `floor(x)` (cty `FloorFunc`): keeps the precision; `floor(±Inf) = ±Inf`;
    /// a zero result is +0 (so `floor(-0) == +0`).
    pub fn floor(&self) -> Self {
        self.floor_or_ceil(false)
    }

    /// `ceil(x)` (cty `CeilFunc`): keeps the precision; `ceil(±Inf) = ±Inf`;
    /// a zero result is +0 (`ceil(-0.5)` prints `0`).
    pub fn ceil(&self) -> Self {
        self.floor_or_ceil(true)
    }

    fn floor_or_ceil(&self, ceil: bool) -> Self {
        let prec = if self.prec == 0 { 64 } else { self.prec };
        match &self.form {
            Form::Inf => {
                let mut r = self.clone();
                r.singleton = false;
                r
            }
            Form::Zero => Self::zero_with(false, prec),
            Form::Finite(r) => {
                if r.exponent() >= 0 {
                    // already whole: f.SetInt(f's own integer) is exact
                    return TfNumber {
                        form: self.form.clone(),
                        neg: self.neg,
                        prec,
                        singleton: false,
                    };
                }
                let (sign, mag) = r.significand().clone().into_parts();
                let shift = (-r.exponent()) as usize;
                let mut t = mag >> shift; // truncated magnitude
                let neg = sign == Sign::Negative;
                // fractional part is non-zero here (the significand is odd and exponent < 0)
                if ceil && !neg || !ceil && neg {
                    t += UBig::ONE;
                }
                if t.is_zero() {
                    return Self::zero_with(false, prec);
                }
                let sig = IBig::from_parts(sign, t);
                Self::from_repr(round_repr(Repr::new(sig, 0), prec), prec)
            }
        }
    }

    /// Terraform's `%` exactly as Terraform 1.0.3 computes it (cty `Modulo`):
    /// * `a % ±0 == a` (no error!);
    /// * `a % ±Inf` is an error, `±Inf % b` is an error (a panic inside Terraform 1.0.3),
    ///   except for the singleton infinities that `min()`/`max()` return when all their
    ///   arguments are infinite, where cty returns `a * b`;
    /// * otherwise `a - b * trunc(a / b)`, with `a / b` rounded to max(precisions) and the
    ///   rest rounded to `a`'s precision; the result has the sign of `a` (`-7 % 3 == -1`).
    pub fn tf_rem(&self, other: &Self) -> Result<Self, TfError> {
        if self.singleton || other.singleton {
            return self.mul(other).map_err(|_| TfError::ModuloIndeterminate);
        }
        if other.is_zero() {
            return Ok(self.clone());
        }
        let pa = self.prec;
        let rat = go_quo(self, other, self.prec.max(other.prec))
            .map_err(|_| TfError::ModuloIndeterminate)?;
        // ratFloorInt, _ := rat.Int(nil): nil for an infinite rat, which then panics in SetInt
        if rat.is_infinite() {
            return Err(TfError::ModuloOfInfinity);
        }
        let work_prec = if pa == 0 { 64 } else { pa };
        // work := new(big.Float).Copy(a).SetInt(trunc(rat))
        let work = match &rat.form {
            Form::Zero => Self::zero_with(false, work_prec),
            Form::Inf => return Err(TfError::ModuloOfInfinity),
            Form::Finite(r) => {
                if r.exponent() >= 0 {
                    Self::from_repr(round_repr(r.clone(), work_prec), work_prec)
                } else {
                    let (sign, mag) = r.significand().clone().into_parts();
                    let t = mag >> ((-r.exponent()) as usize);
                    if t.is_zero() {
                        Self::zero_with(false, work_prec)
                    } else {
                        Self::from_repr(
                            round_repr(Repr::new(IBig::from_parts(sign, t), 0), work_prec),
                            work_prec,
                        )
                    }
                }
            }
        };
        // work.Mul(b, work); work.Sub(a, work)   (both at a's precision)
        let prod = go_mul(other, &work, work_prec).map_err(|_| TfError::ModuloIndeterminate)?;
        go_add(self, &prod, work_prec, true).map_err(|_| TfError::ModuloIndeterminate)
    }

    /// Like [`TfNumber::tf_rem`] but `x % 0` is an error ([`TfError::ModuloByZero`]) instead of
    /// Terraform's silent `x`.
    pub fn checked_rem(&self, other: &Self) -> Result<Self, TfError> {
        if other.is_zero() {
            return Err(TfError::ModuloByZero);
        }
        self.tf_rem(other)
    }

    /// Terraform's `min(...)`: the first of the smallest arguments (the value itself, with its
    /// precision). All arguments +Inf gives cty's +Inf singleton. No arguments is an error.
    pub fn min_of<'a, I: IntoIterator<Item = &'a TfNumber>>(args: I) -> Result<Self, TfError> {
        let mut best: Option<&TfNumber> = None;
        let mut any = false;
        for a in args {
            any = true;
            let current_is_less = match best {
                None => a.total_cmp(&Self::pos_inf_singleton()) == Ordering::Less,
                Some(b) => a.total_cmp(b) == Ordering::Less,
            };
            if current_is_less {
                best = Some(a);
            }
        }
        if !any {
            return Err(TfError::NoArguments);
        }
        Ok(best.cloned().unwrap_or_else(Self::pos_inf_singleton))
    }

    /// Terraform's `max(...)`; see [`TfNumber::min_of`].
    pub fn max_of<'a, I: IntoIterator<Item = &'a TfNumber>>(args: I) -> Result<Self, TfError> {
        let mut best: Option<&TfNumber> = None;
        let mut any = false;
        for a in args {
            any = true;
            let current_is_greater = match best {
                None => a.total_cmp(&Self::neg_inf_singleton()) == Ordering::Greater,
                Some(b) => a.total_cmp(b) == Ordering::Greater,
            };
            if current_is_greater {
                best = Some(a);
            }
        }
        if !any {
            return Err(TfError::NoArguments);
        }
        Ok(best.cloned().unwrap_or_else(Self::neg_inf_singleton))
    }

    /// Two-argument `min`.
    pub fn min(&self, other: &Self) -> Self {
        Self::min_of([self, other]).unwrap_or_else(|_| self.clone())
    }

    /// Two-argument `max`.
    pub fn max(&self, other: &Self) -> Self {
        Self::max_of([self, other]).unwrap_or_else(|_| self.clone())
    }

    fn pos_inf_singleton() -> Self {
        TfNumber {
            form: Form::Inf,
            neg: false,
            prec: 0,
            singleton: true,
        }
    }

    fn neg_inf_singleton() -> Self {
        TfNumber {
            form: Form::Inf,
            neg: true,
            prec: 0,
            singleton: true,
        }
    }

    /// Numeric comparison, like Go `Cmp` (`-0 == +0`, `-Inf < x < +Inf`). Total: there is no NaN.
    pub fn total_cmp(&self, other: &Self) -> Ordering {
        fn class(x: &TfNumber) -> i8 {
            match (&x.form, x.neg) {
                (Form::Inf, true) => -2,
                (Form::Finite(_), true) => -1,
                (Form::Zero, _) => 0,
                (Form::Finite(_), false) => 1,
                (Form::Inf, false) => 2,
            }
        }
        let (ca, cb) = (class(self), class(other));
        if ca != cb {
            return ca.cmp(&cb);
        }
        match (&self.form, &other.form) {
            (Form::Finite(a), Form::Finite(b)) => {
                let mag = cmp_magnitude(a, b);
                if self.neg { mag.reverse() } else { mag }
            }
            _ => Ordering::Equal,
        }
    }

    // -----------------------------------------------------------------------------------------
    // formatting

    /// The number as Terraform prints it (`big.Float.Text('f', -1)`, used by `terraform
    /// console`, `output`, `-json` and `tostring()`): the shortest decimal that rounds back to
    /// the same value at the value's precision, no exponent; `+Inf`, `-Inf`, `-0`.
    pub fn to_tf_string(&self) -> Result<String, TfError> {
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
            return Err(TfError::TooLargeToFormat);
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

fn cmp_magnitude(a: &Repr<2>, b: &Repr<2>) -> Ordering {
    let (ea, eb) = (go_exp(a), go_exp(b));
    if ea != eb {
        return ea.cmp(&eb);
    }
    // same magnitude class: align exponents (difference bounded by the significand lengths)
    let (ma, mb) = (sig_magnitude(a), sig_magnitude(b));
    let (xa, xb) = (a.exponent(), b.exponent());
    if xa >= xb {
        (ma << ((xa - xb) as usize)).cmp(&mb)
    } else {
        ma.cmp(&(mb << ((xb - xa) as usize)))
    }
}

impl PartialEq for TfNumber {
    fn eq(&self, other: &Self) -> bool {
        self.total_cmp(other) == Ordering::Equal
    }
}

impl PartialOrd for TfNumber {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.total_cmp(other))
    }
}

impl fmt::Display for TfNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_tf_string() {
            Ok(s) => f.write_str(&s),
            Err(_) => write!(f, "{:e}", self.to_f64()),
        }
    }
}

impl core::str::FromStr for TfNumber {
    type Err = TfError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TfNumber::parse(s)
    }
}

impl From<i64> for TfNumber {
    fn from(v: i64) -> Self {
        TfNumber::from_i64(v)
    }
}

// ---------------------------------------------------------------------------------------------
// Go big.Float primitives with an explicit result precision (z.prec)

/// `z.Add(x, y)` (or `z.Sub` when `subtract`) with `z.prec = prec`.
fn go_add(x: &TfNumber, y: &TfNumber, prec: u32, subtract: bool) -> Result<TfNumber, GoNaN> {
    let yneg = y.neg != subtract;
    match (&x.form, &y.form) {
        (Form::Finite(a), Form::Finite(b)) => {
            let b = if subtract {
                let (s, e) = b.clone().into_parts();
                Repr::new(-s, e)
            } else {
                b.clone()
            };
            let (a, b) = sticky_proxy(a.clone(), b, prec);
            // Exact sum, rounded once. (dashu-float 0.6.2's Context::add/sub keep one extra
            // bit on effective subtraction, i.e. are not correctly rounded; see the report.)
            let r = round_repr(exact_sum(&a, &b), prec);
            // an exact zero sum is +0 under ToNearestEven
            Ok(TfNumber::from_repr(r, prec))
        }
        (Form::Inf, Form::Inf) if x.neg != yneg => Err(GoNaN),
        (Form::Zero, Form::Zero) => Ok(TfNumber::zero_with(x.neg && yneg, prec)),
        (Form::Inf, _) | (_, Form::Zero) => Ok(go_set(x, prec)),
        _ => {
            let mut r = go_set(y, prec);
            if subtract {
                r = r.neg();
            }
            Ok(r)
        }
    }
}

/// `z.Set(x)` with `z.prec = prec` (rounds if needed).
fn go_set(x: &TfNumber, prec: u32) -> TfNumber {
    match &x.form {
        Form::Finite(r) => TfNumber::from_repr(round_repr(r.clone(), prec), prec),
        Form::Zero => TfNumber::zero_with(x.neg, prec),
        Form::Inf => TfNumber::inf_with(x.neg, prec),
    }
}

/// `z.Mul(x, y)` with `z.prec = prec`.
fn go_mul(x: &TfNumber, y: &TfNumber, prec: u32) -> Result<TfNumber, GoNaN> {
    let neg = x.neg != y.neg;
    match (&x.form, &y.form) {
        (Form::Finite(a), Form::Finite(b)) => {
            let r = unwrap_fp(ctx(prec).mul(a, b), "mul").map_err(|_| GoNaN)?;
            Ok(TfNumber::from_repr(r, prec))
        }
        (Form::Zero, Form::Inf) | (Form::Inf, Form::Zero) => Err(GoNaN),
        (Form::Inf, _) | (_, Form::Inf) => Ok(TfNumber::inf_with(neg, prec)),
        _ => Ok(TfNumber::zero_with(neg, prec)),
    }
}

/// `z.Quo(x, y)` with `z.prec = prec`.
fn go_quo(x: &TfNumber, y: &TfNumber, prec: u32) -> Result<TfNumber, GoNaN> {
    let neg = x.neg != y.neg;
    match (&x.form, &y.form) {
        (Form::Finite(a), Form::Finite(b)) => {
            let r = unwrap_fp(ctx(prec).div(a, b), "div").map_err(|_| GoNaN)?;
            Ok(TfNumber::from_repr(r, prec))
        }
        (Form::Zero, Form::Zero) | (Form::Inf, Form::Inf) => Err(GoNaN),
        (Form::Zero, _) | (_, Form::Inf) => Ok(TfNumber::zero_with(neg, prec)),
        _ => Ok(TfNumber::inf_with(neg, prec)),
    }
}

/// `a + b` exactly (the exponent gap is bounded by [`sticky_proxy`]).
fn exact_sum(a: &Repr<2>, b: &Repr<2>) -> Repr<2> {
    let (ea, eb) = (a.exponent(), b.exponent());
    let emin = ea.min(eb);
    let sa = a.significand().clone() << ((ea - emin) as usize);
    let sb = b.significand().clone() << ((eb - emin) as usize);
    Repr::new(sa + sb, emin)
}

/// When one addend is far below the other's last bit and below the rounding position, replace
/// it with a tiny value of the same sign just below both: the correctly rounded sum is the
/// same, and no huge shifted significand is ever built (Go would build it).
fn sticky_proxy(a: Repr<2>, b: Repr<2>, prec: u32) -> (Repr<2>, Repr<2>) {
    let (ga, gb) = (go_exp(&a), go_exp(&b));
    let (big, small, swapped) = if ga >= gb {
        (a, b, false)
    } else {
        (b, a, true)
    };
    let gbig = go_exp(&big);
    let limit = (big.exponent() as i64).min(gbig - prec as i64) - 2;
    if go_exp(&small) < limit {
        let sign = if small.significand() < &IBig::ZERO {
            -1
        } else {
            1
        };
        let proxy = Repr::new(IBig::from(sign), (limit - 1) as isize);
        return if swapped { (proxy, big) } else { (big, proxy) };
    }
    if swapped { (small, big) } else { (big, small) }
}

/// Go's `(*Float).pow5(n)` on a Float of precision `prec`.
fn pow5(n: u64, prec: u32) -> Result<TfNumber, TfError> {
    const POW5_TAB_MAX: u64 = 27; // 5^27 is the largest power of 5 in a uint64
    let exact = |k: u64| TfNumber::from_repr(Repr::new(IBig::from(5u64.pow(k as u32)), 0), prec);
    if n <= POW5_TAB_MAX {
        return Ok(go_set(&exact(n), prec));
    }
    let mut z = go_set(&exact(POW5_TAB_MAX), prec);
    let mut n = n - POW5_TAB_MAX;
    let fprec = prec.saturating_add(64);
    let mut f = go_set(&exact(1), fprec);
    let nan = |_| TfError::Internal("pow5");
    while n > 0 {
        if n & 1 != 0 {
            z = go_mul(&z, &f, prec).map_err(nan)?;
        }
        f = go_mul(&f, &f, fprec).map_err(nan)?;
        n >>= 1;
    }
    Ok(z)
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

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> TfNumber {
        TfNumber::parse(s).expect("literal")
    }

    fn int(x: &TfNumber) -> i64 {
        x.to_i64().expect("integer")
    }

    /// ECS 7.12.0 asg_max_size memory term, as Terraform evaluates it from literals.
    fn ecs_mem_term(task_max: &str, memory_mib: &str, reservation: &str) -> TfNumber {
        let cap = n(memory_mib)
            .sub(&n("1024"))
            .unwrap()
            .sub(&n("256"))
            .unwrap();
        let per_instance = cap.div(&n(reservation)).unwrap();
        n(task_max).div(&per_instance).unwrap().ceil()
    }

    #[test]
    fn t3_small_ceil_is_26_not_25() {
        // ceil(8 / ((2048 - 1024 - 256) / 2400)): exact arithmetic gives 25
        assert_eq!(int(&ecs_mem_term("8", "2048", "2400")), 26);
        let q = n("8").div(&n("768").div(&n("2400")).unwrap()).unwrap();
        assert!(q > n("25"));
        assert!(q.to_tf_string().unwrap().len() > 10);
    }

    #[test]
    fn decimal_literals_at_512_bits() {
        assert_eq!(int(&n("100").mul(&n("1.1")).unwrap().ceil()), 110);
        assert_eq!(int(&n("1500").mul(&n("0.58")).unwrap().floor()), 870);
        // f64 disagrees on both
        assert_eq!((100.0f64 * 1.1).ceil(), 111.0);
        assert_eq!((1500.0f64 * 0.58).floor(), 869.0);
        assert_eq!(
            n("100").mul(&n("1.1")).unwrap().to_tf_string().unwrap(),
            "110"
        );
    }

    #[test]
    fn cpu_term_and_exact_cases() {
        // ceil(24 / ((8192 - 1280) / 384)) = ceil(24 / 18) = 2
        let per = n("8192").sub(&n("1280")).unwrap().div(&n("384")).unwrap();
        assert_eq!(int(&n("24").div(&per).unwrap().ceil()), 2);
        // c6a.xlarge CPU term: ceil(24 / ((4*1024 - 128) / 640)) = ceil(24 / 6.2) = 4
        let cpu = n("4")
            .mul(&n("1024"))
            .unwrap()
            .sub(&n("128"))
            .unwrap()
            .div(&n("640"))
            .unwrap();
        assert_eq!(int(&n("24").div(&cpu).unwrap().ceil()), 4);
        // pypiserver step 3: floor(512 * 0.75) = 384
        assert_eq!(int(&n("512").mul(&n("0.75")).unwrap().floor()), 384);
    }

    #[test]
    fn division_by_zero_and_infinities() {
        let inf = n("1").div(&n("0")).unwrap();
        assert!(inf.is_infinite() && !inf.is_sign_negative());
        assert_eq!(inf.to_tf_string().unwrap(), "+Inf");
        let ninf = n("-1").div(&n("0")).unwrap();
        assert_eq!(ninf.to_tf_string().unwrap(), "-Inf");
        assert_eq!(n("0").div(&n("0")), Err(TfError::DivideIndeterminate));
        assert_eq!(inf.div(&inf), Err(TfError::DivideIndeterminate));
        assert!(inf.floor().is_infinite() && inf.ceil().is_infinite());
        assert!(ninf.floor().is_infinite() && ninf.ceil().is_sign_negative());
        // pypiserver step 6 with reservation 0, then step 8
        let ram = n("1").max(&n("1248").div(&n("0")).unwrap().floor());
        assert_eq!(ram.to_tf_string().unwrap(), "+Inf");
        assert_eq!(int(&ram.min(&n("3"))), 3);
        // x / inf = 0, inf - inf error, 0 * inf error
        assert!(n("5").div(&inf).unwrap().is_zero());
        assert_eq!(inf.sub(&inf), Err(TfError::SubtractInfinities));
        assert_eq!(inf.add(&ninf), Err(TfError::AddOpposingInfinities));
        assert_eq!(n("0").mul(&inf), Err(TfError::MultiplyIndeterminate));
        // a zero-capacity instance: 8 / (0 / 384) = +Inf (memory_mib == 1280 in ECS's formula)
        assert!(ecs_mem_term("8", "1280", "384").is_infinite());
        // negative capacity gives a non-positive term
        assert!(ecs_mem_term("8", "1024", "384") <= n("0"));
    }

    #[test]
    fn modulo_like_terraform() {
        assert_eq!(n("5").tf_rem(&n("0")).unwrap().to_tf_string().unwrap(), "5");
        assert_eq!(n("5").checked_rem(&n("0")), Err(TfError::ModuloByZero));
        assert_eq!(
            n("-7").tf_rem(&n("3")).unwrap().to_tf_string().unwrap(),
            "-1"
        );
        assert_eq!(
            n("7.5").tf_rem(&n("2")).unwrap().to_tf_string().unwrap(),
            "1.5"
        );
        let inf = n("1").div(&n("0")).unwrap();
        assert_eq!(n("3").tf_rem(&inf), Err(TfError::ModuloIndeterminate));
        assert_eq!(inf.tf_rem(&n("3")), Err(TfError::ModuloOfInfinity));
        // min() of only +Inf returns cty's singleton, which Modulo special-cases
        let single = TfNumber::min_of([&inf]).unwrap();
        assert!(single.is_infinite());
        assert_eq!(
            n("3").tf_rem(&single).unwrap().to_tf_string().unwrap(),
            "+Inf"
        );
    }

    #[test]
    fn min_max_and_comparisons() {
        assert_eq!(TfNumber::min_of([]), Err(TfError::NoArguments));
        assert_eq!(TfNumber::max_of([]), Err(TfError::NoArguments));
        let (a, b, c) = (n("2"), n("8"), n("3.5"));
        assert_eq!(
            int(&TfNumber::max_of([&a, &TfNumber::min_of([&b, &c]).unwrap().floor()]).unwrap()),
            3
        );
        assert!(n("-0") == n("0"));
        assert!(!n("-0").identical(&n("0")));
        // the f64 0.1 is 0.1000000000000000055..., above the 512-bit 0.1
        let f = TfNumber::from_f64(0.1).unwrap();
        assert!(n("0.1") < f && f.precision() == 53);
        assert_eq!(f.to_tf_string().unwrap(), "0.1");
        assert!(n("-Inf") < n("-1e300") && n("1e300") < n("Inf"));
    }

    #[test]
    fn integer_conversion() {
        assert_eq!(n("26").to_i64(), Ok(26));
        assert_eq!(n("-0").to_u64(), Ok(0));
        assert_eq!(n("1.5").to_i64(), Err(TfError::NotAnInteger));
        assert_eq!(n("Inf").to_i64(), Err(TfError::Infinite));
        assert_eq!(n("9223372036854775808").to_i64(), Err(TfError::OutOfRange));
        assert_eq!(n("9223372036854775808").to_u64(), Ok(9223372036854775808));
        assert_eq!(n("-1").to_u64(), Err(TfError::OutOfRange));
        assert_eq!(n("1e300").to_u64(), Err(TfError::OutOfRange));
    }

    #[test]
    fn signed_zero_and_printing() {
        assert_eq!(n("0").mul(&n("-1")).unwrap().to_tf_string().unwrap(), "-0");
        assert_eq!(n("-0.5").ceil().to_tf_string().unwrap(), "0");
        assert_eq!(n("-0.5").floor().to_tf_string().unwrap(), "-1");
        assert_eq!(
            n("1").div(&n("3")).unwrap().to_tf_string().unwrap(),
            "0.33333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333335"
        );
        assert_eq!(n("0.1").to_tf_string().unwrap(), "0.1");
        assert_eq!(n("1e20").to_tf_string().unwrap(), "100000000000000000000");
    }

    #[test]
    fn bad_input_never_panics() {
        for s in [
            "",
            "-",
            ".",
            "e5",
            "1e",
            "1..2",
            "0x10",
            "1_000",
            " 1",
            "NaN",
            "Infinity",
            "1e99999999999999999999",
        ] {
            assert!(TfNumber::parse(s).is_err(), "{s:?}");
        }
        assert!(TfNumber::from_f64(f64::NAN).is_err());
        assert!(n("1e999999999").is_infinite());
        assert!(n("1e-999999999").is_zero());
        let huge = n("1e600000000");
        let tiny = n("1e-600000000");
        assert!(huge.add(&tiny).unwrap() == huge);
        assert!(huge.mul(&huge).unwrap().is_infinite());
        assert!(tiny.mul(&tiny).unwrap().is_zero());
        assert!(huge.to_tf_string().is_err());
        assert_eq!(huge.floor(), huge);
        assert!(huge.tf_rem(&n("3")).is_ok());
    }
}
