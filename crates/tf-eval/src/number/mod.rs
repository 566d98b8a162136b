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
//! [`NumberError`].
//!
//! This file holds the type, its construction, inspection and comparison; `parse` reads
//! literals as `big.ParseFloat` does, `arith` computes as cty does, `format` prints as
//! Terraform prints, and `tests` checks all three against Terraform's own values.

use core::cmp::Ordering;
use core::fmt;

use dashu_base::{Approximation, BitTest, Sign};
use dashu_float::round::mode::HalfEven;
use dashu_float::{Context, FBig, Repr};
use dashu_int::{IBig, UBig};

mod arith;
mod format;
mod parse;
#[cfg(test)]
mod tests;

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
pub enum NumberError {
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

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberError::Parse { input, reason } => {
                write!(f, "a number is required (cannot parse {input:?}: {reason})")
            }
            NumberError::DivideIndeterminate => {
                f.write_str("can't divide zero by zero or infinity by infinity")
            }
            NumberError::MultiplyIndeterminate => f.write_str("can't multiply zero by infinity"),
            NumberError::AddOpposingInfinities => {
                f.write_str("can't compute sum of opposing infinities")
            }
            NumberError::SubtractInfinities => f.write_str("can't subtract infinity from itself"),
            NumberError::ModuloIndeterminate => {
                f.write_str("can't use modulo with zero and infinity")
            }
            NumberError::ModuloOfInfinity => f.write_str(
                "modulo of an infinite value (Terraform 1.0.3 panics: \
                 invalid memory address or nil pointer dereference)",
            ),
            NumberError::ModuloByZero => f.write_str("modulo by zero"),
            NumberError::NoArguments => f.write_str("must pass at least one number"),
            NumberError::NotAnInteger => f.write_str("the number is not a whole number"),
            NumberError::Infinite => f.write_str("the number is infinite"),
            NumberError::OutOfRange => {
                f.write_str("the number is out of range for the integer type")
            }
            NumberError::NaN => f.write_str("NaN is not a Terraform number"),
            NumberError::TooLargeToFormat => f.write_str("the number is too large to format"),
            NumberError::Internal(what) => write!(f, "internal arithmetic error: {what}"),
        }
    }
}

impl std::error::Error for NumberError {}

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

fn unwrap_fp(res: dashu_float::FpResult<Bin>, what: &'static str) -> Result<Repr<2>, NumberError> {
    match res {
        Ok(Approximation::Exact(v)) | Ok(Approximation::Inexact(v, _)) => Ok(v.into_repr()),
        Err(_) => Err(NumberError::Internal(what)),
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
    pub fn from_f64(v: f64) -> Result<Self, NumberError> {
        if v.is_nan() {
            return Err(NumberError::NaN);
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
    pub fn parse(s: &str) -> Result<Self, NumberError> {
        Self::parse_with_precision(s, TF_PRECISION)
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
    pub fn to_i64(&self) -> Result<i64, NumberError> {
        let i = self.to_exact_integer()?;
        i64::try_from(&i).map_err(|_| NumberError::OutOfRange)
    }

    /// The value as a `u64` if it is finite, whole, non-negative and in range. `-0` gives 0.
    pub fn to_u64(&self) -> Result<u64, NumberError> {
        let i = self.to_exact_integer()?;
        u64::try_from(&i).map_err(|_| NumberError::OutOfRange)
    }

    fn to_exact_integer(&self) -> Result<IBig, NumberError> {
        match &self.form {
            Form::Zero => Ok(IBig::ZERO),
            Form::Inf => Err(NumberError::Infinite),
            Form::Finite(r) => {
                if r.exponent() < 0 {
                    return Err(NumberError::NotAnInteger);
                }
                if go_exp(r) > 130 {
                    return Err(NumberError::OutOfRange);
                }
                Ok(r.significand().clone() << (r.exponent() as usize))
            }
        }
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
    type Err = NumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TfNumber::parse(s)
    }
}

impl From<i64> for TfNumber {
    fn from(v: i64) -> Self {
        TfNumber::from_i64(v)
    }
}
