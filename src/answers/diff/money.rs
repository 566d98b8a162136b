//! Monthly amounts before and after, and their difference, in exact cents:
//! each bill is already rounded to the cent, so sums and differences are
//! done in decimals, never in binary floats (0.1 + 0.2 is not 0.3 there).

use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use serde::Serialize;

/// One side's amount: known, or unknown with the reason.
#[derive(Debug, Clone, PartialEq)]
pub enum Amount {
    Known(Decimal),
    Unknown(String),
}

impl Amount {
    /// A bill in dollars (already rounded to the cent) times its copies.
    pub fn of_bill(total: f64, copies: u64) -> Amount {
        match cents(total).and_then(|d| d.checked_mul(Decimal::from(copies))) {
            Some(d) => Amount::Known(d),
            None => Amount::Unknown(format!("the bill ${total} is too large to add up")),
        }
    }

    pub fn zero() -> Amount {
        Amount::Known(Decimal::ZERO)
    }

    /// The sum; unknown as soon as one part is, with the first part's
    /// reason and how many others are unknown too.
    pub fn sum<'a>(parts: impl IntoIterator<Item = &'a Amount>) -> Amount {
        let mut total = Some(Decimal::ZERO);
        let mut unknown: Vec<&str> = Vec::new();
        for part in parts {
            match part {
                Amount::Known(d) => total = total.and_then(|t| t.checked_add(*d)),
                Amount::Unknown(why) => unknown.push(why),
            }
        }
        match (unknown.split_first(), total) {
            (Some((first, [])), _) => Amount::Unknown(first.to_string()),
            (Some((first, rest)), _) => Amount::Unknown(format!(
                "{first} (and {} more block(s) that cannot be priced)",
                rest.len()
            )),
            (None, Some(t)) => Amount::Known(t),
            (None, None) => Amount::Unknown("the total is too large to add up".into()),
        }
    }

    fn known(&self) -> Option<Decimal> {
        match self {
            Amount::Known(d) => Some(*d),
            Amount::Unknown(_) => None,
        }
    }
}

/// An amount a month before and after a change. `null` where unknown: an
/// unknown side makes the delta unknown, never zero.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MoneyChange {
    /// Dollars a month in BASE (0 where the module is not there).
    pub before: Option<f64>,
    /// Dollars a month in HEAD (0 where the module is not there).
    pub after: Option<f64>,
    /// after − before, in dollars.
    pub delta: Option<f64>,
    /// The delta in percent of `before`, to two places; `null` when unknown
    /// or when `before` is 0 (no percentage of nothing).
    pub delta_percent: Option<f64>,
    /// Why a side is unknown (a value unknown before `terraform plan`, an
    /// invalid input); `null` when both are known.
    pub unknown: Option<String>,
}

impl MoneyChange {
    pub fn new(before: &Amount, after: &Amount) -> MoneyChange {
        let (b, a) = (before.known(), after.known());
        let delta = b.zip(a).and_then(|(b, a)| a.checked_sub(b));
        let delta_percent = b.zip(delta).and_then(|(b, d)| {
            if b.is_zero() {
                None
            } else {
                d.checked_mul(Decimal::ONE_HUNDRED)
                    .and_then(|p| p.checked_div(b))
                    .map(|p| p.round_dp(2))
            }
        });
        let reasons: Vec<&str> = [before, after]
            .into_iter()
            .filter_map(|s| match s {
                Amount::Unknown(why) => Some(why.as_str()),
                Amount::Known(_) => None,
            })
            .collect();
        let unknown = (!reasons.is_empty()).then(|| reasons.join("; "));
        MoneyChange {
            before: b.and_then(dollars),
            after: a.and_then(dollars),
            delta: delta.and_then(dollars),
            delta_percent: delta_percent.and_then(|p| p.to_f64()),
            unknown,
        }
    }

    /// Whether before and after are both known and equal.
    pub fn unchanged(&self) -> bool {
        self.delta == Some(0.0)
    }

    /// Whether the delta is more than `limit` percent of `before`, exactly
    /// (not the rounded `delta_percent`): growth from 0 is more than any;
    /// `None` when the delta is unknown.
    pub fn above_percent(&self, limit: f64) -> Option<bool> {
        let delta = cents(self.delta?)?;
        let before = cents(self.before?)?;
        if delta <= Decimal::ZERO {
            return Some(false);
        }
        if before.is_zero() {
            return Some(true);
        }
        // A limit beyond decimals is beyond any growth; one below their
        // smallest step (1e-28) is as good as 0.
        let Some(limit) = Decimal::from_f64(limit) else {
            return Some(false);
        };
        Some(
            match (
                delta.checked_mul(Decimal::ONE_HUNDRED),
                limit.checked_mul(before),
            ) {
                (Some(growth), Some(allowed)) => growth > allowed,
                _ => false,
            },
        )
    }
}

/// A bill's dollars as exact cents: the shortest decimal that reads back as
/// the same f64, which for a bill rounded to the cent is that cent.
fn cents(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    Decimal::from_str_exact(&x.to_string())
        .ok()
        .map(|d| d.round_dp(2))
}

fn dollars(d: Decimal) -> Option<f64> {
    d.round_dp(2).to_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_and_deltas_are_exact_to_the_cent() {
        let before = Amount::sum(&[Amount::of_bill(0.1, 1), Amount::of_bill(0.2, 1)]);
        let after = Amount::of_bill(55.85, 3);
        let change = MoneyChange::new(&before, &after);
        assert_eq!(change.before, Some(0.3));
        assert_eq!(change.after, Some(167.55));
        assert_eq!(change.delta, Some(167.25));
        assert_eq!(change.delta_percent, Some(55750.0));
        assert_eq!(change.unknown, None);
    }

    #[test]
    fn an_unknown_side_makes_the_delta_unknown_never_zero() {
        let unknown = Amount::Unknown("asg_instance_type is unknown".into());
        for change in [
            MoneyChange::new(&unknown, &Amount::of_bill(10.0, 1)),
            MoneyChange::new(&Amount::of_bill(10.0, 1), &unknown),
        ] {
            assert_eq!(change.delta, None);
            assert_eq!(change.delta_percent, None);
            assert_eq!(
                change.unknown.as_deref(),
                Some("asg_instance_type is unknown")
            );
            assert!(!change.unchanged());
        }
        let sum = Amount::sum(&[Amount::of_bill(1.0, 1), unknown.clone()]);
        assert_eq!(sum, unknown);
        let two = Amount::sum(&[unknown.clone(), Amount::Unknown("b".into())]);
        assert_eq!(
            two,
            Amount::Unknown(
                "asg_instance_type is unknown (and 1 more block(s) that cannot be priced)".into()
            )
        );
    }

    #[test]
    fn the_percent_limit_is_judged_unrounded() {
        // +55.85 on 558.40 is 10.0018%, shown as 10.00%: above 10.
        let change = MoneyChange::new(&Amount::of_bill(558.4, 1), &Amount::of_bill(614.25, 1));
        assert_eq!(change.delta_percent, Some(10.0));
        assert_eq!(change.above_percent(10.0), Some(true));
        assert_eq!(change.above_percent(10.01), Some(false));
        let exactly = MoneyChange::new(&Amount::of_bill(100.0, 1), &Amount::of_bill(110.0, 1));
        assert_eq!(exactly.above_percent(10.0), Some(false));
        let from_zero = MoneyChange::new(&Amount::zero(), &Amount::of_bill(0.01, 1));
        assert_eq!(from_zero.above_percent(1e9), Some(true));
        assert_eq!(
            MoneyChange::new(&Amount::of_bill(1.0, 1), &Amount::of_bill(2.0, 1))
                .above_percent(1e300),
            Some(false)
        );
        let unknown = MoneyChange::new(&Amount::Unknown("x".into()), &Amount::zero());
        assert_eq!(unknown.above_percent(10.0), None);
        // Limits too small for 28 decimal places: any growth is above.
        assert_eq!(exactly.above_percent(1e-30), Some(true));
        assert_eq!(exactly.above_percent(f64::MIN_POSITIVE), Some(true));
    }

    #[test]
    fn no_percentage_of_nothing() {
        let change = MoneyChange::new(&Amount::zero(), &Amount::of_bill(55.85, 1));
        assert_eq!(change.delta, Some(55.85));
        assert_eq!(change.delta_percent, None);
        let same = MoneyChange::new(&Amount::zero(), &Amount::zero());
        assert!(same.unchanged());
        assert_eq!(same.delta_percent, None);
    }

    #[test]
    fn percent_is_rounded_to_two_places() {
        let change = MoneyChange::new(&Amount::of_bill(3.0, 1), &Amount::of_bill(4.0, 1));
        assert_eq!(change.delta_percent, Some(33.33));
        let down = MoneyChange::new(&Amount::of_bill(4.0, 1), &Amount::of_bill(3.0, 1));
        assert_eq!(down.delta_percent, Some(-25.0));
        assert_eq!(down.delta, Some(-1.0));
    }

    #[test]
    fn a_bill_beyond_decimals_is_unknown_not_wrong() {
        assert!(matches!(Amount::of_bill(f64::MAX, 2), Amount::Unknown(_)));
        assert!(matches!(Amount::of_bill(f64::NAN, 1), Amount::Unknown(_)));
    }
}
