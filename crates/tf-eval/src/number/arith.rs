//! Arithmetic as cty does it (`+ - * / %`, `floor`, `ceil`, `min`, `max`,
//! comparisons), on Go `big.Float` primitives with an explicit result
//! precision.

use super::*;

impl TfNumber {
    // -----------------------------------------------------------------------------------------
    // arithmetic as cty does it

    /// `a + b` (cty `AddFunc`): rounded to max(precisions).
    pub fn add(&self, other: &Self) -> Result<Self, NumberError> {
        go_add(self, other, self.prec.max(other.prec), false)
            .map_err(|_| NumberError::AddOpposingInfinities)
    }

    /// `a - b` (cty `SubtractFunc`): rounded to max(precisions).
    pub fn sub(&self, other: &Self) -> Result<Self, NumberError> {
        go_add(self, other, self.prec.max(other.prec), true)
            .map_err(|_| NumberError::SubtractInfinities)
    }

    /// `a * b` (cty `Value.Multiply`): the product rounded to 512 bits; the result's precision
    /// is max(precisions, bits the product needs).
    pub fn mul(&self, other: &Self) -> Result<Self, NumberError> {
        let mut r = go_mul(self, other, 512).map_err(|_| NumberError::MultiplyIndeterminate)?;
        let min_prec = match &r.form {
            Form::Finite(repr) => to_u32_prec(sig_bits(repr)),
            _ => 0,
        };
        r.prec = self.prec.max(other.prec).max(min_prec);
        Ok(r)
    }

    /// `a / b` (cty `DivideFunc`): rounded to max(precisions); `x/0 = ±Inf`;
    /// `0/0` and `Inf/Inf` are errors.
    pub fn div(&self, other: &Self) -> Result<Self, NumberError> {
        go_quo(self, other, self.prec.max(other.prec)).map_err(|_| NumberError::DivideIndeterminate)
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
    pub fn tf_rem(&self, other: &Self) -> Result<Self, NumberError> {
        if self.singleton || other.singleton {
            return self
                .mul(other)
                .map_err(|_| NumberError::ModuloIndeterminate);
        }
        if other.is_zero() {
            return Ok(self.clone());
        }
        let pa = self.prec;
        let rat = go_quo(self, other, self.prec.max(other.prec))
            .map_err(|_| NumberError::ModuloIndeterminate)?;
        // ratFloorInt, _ := rat.Int(nil): nil for an infinite rat, which then panics in SetInt
        if rat.is_infinite() {
            return Err(NumberError::ModuloOfInfinity);
        }
        let work_prec = if pa == 0 { 64 } else { pa };
        // work := new(big.Float).Copy(a).SetInt(trunc(rat))
        let work = match &rat.form {
            Form::Zero => Self::zero_with(false, work_prec),
            Form::Inf => return Err(NumberError::ModuloOfInfinity),
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
        let prod = go_mul(other, &work, work_prec).map_err(|_| NumberError::ModuloIndeterminate)?;
        go_add(self, &prod, work_prec, true).map_err(|_| NumberError::ModuloIndeterminate)
    }

    /// Like [`TfNumber::tf_rem`] but `x % 0` is an error ([`NumberError::ModuloByZero`]) instead of
    /// Terraform's silent `x`.
    pub fn checked_rem(&self, other: &Self) -> Result<Self, NumberError> {
        if other.is_zero() {
            return Err(NumberError::ModuloByZero);
        }
        self.tf_rem(other)
    }

    /// Terraform's `min(...)`: the first of the smallest arguments (the value itself, with its
    /// precision). All arguments +Inf gives cty's +Inf singleton. No arguments is an error.
    pub fn min_of<'a, I: IntoIterator<Item = &'a TfNumber>>(args: I) -> Result<Self, NumberError> {
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
            return Err(NumberError::NoArguments);
        }
        Ok(best.cloned().unwrap_or_else(Self::pos_inf_singleton))
    }

    /// Terraform's `max(...)`; see [`TfNumber::min_of`].
    pub fn max_of<'a, I: IntoIterator<Item = &'a TfNumber>>(args: I) -> Result<Self, NumberError> {
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
            return Err(NumberError::NoArguments);
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
}

// ---------------------------------------------------------------------------------------------
// Go big.Float primitives with an explicit result precision (z.prec)

/// `z.Add(x, y)` (or `z.Sub` when `subtract`) with `z.prec = prec`.
pub(super) fn go_add(
    x: &TfNumber,
    y: &TfNumber,
    prec: u32,
    subtract: bool,
) -> Result<TfNumber, GoNaN> {
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
pub(super) fn go_set(x: &TfNumber, prec: u32) -> TfNumber {
    match &x.form {
        Form::Finite(r) => TfNumber::from_repr(round_repr(r.clone(), prec), prec),
        Form::Zero => TfNumber::zero_with(x.neg, prec),
        Form::Inf => TfNumber::inf_with(x.neg, prec),
    }
}

/// `z.Mul(x, y)` with `z.prec = prec`.
pub(super) fn go_mul(x: &TfNumber, y: &TfNumber, prec: u32) -> Result<TfNumber, GoNaN> {
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
pub(super) fn go_quo(x: &TfNumber, y: &TfNumber, prec: u32) -> Result<TfNumber, GoNaN> {
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
