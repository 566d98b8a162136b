//! How a change is worded in every text format (the table and Markdown):
//! money with its sign and percentage, a figure before and after, a value
//! as Terraform would write it.

use pypi_size::answers::diff::{
    DiffReport, FigureChange, GateResult, ModuleDiff, MoneyChange, Pair,
};
use tf_eval::Resolved;

/// `module.pypi`, or `envs/prod: module.pypi` when roots are compared.
pub fn module_label(report: &DiffReport, m: &ModuleDiff) -> String {
    if report.modules.iter().all(|m| m.root == ".") {
        m.address.clone()
    } else {
        format!("{}: {}", m.root, m.address)
    }
}

/// Whether BASE and HEAD deploy nothing at the address: their figures
/// then show as `–`, not as unknown.
pub fn deploys_nothing(m: &ModuleDiff) -> (bool, bool) {
    (m.base.deploys_nothing(), m.head.deploys_nothing())
}

/// ` (moved from module.a)` for a block a `moved` block renamed.
pub fn moved_note(m: &ModuleDiff) -> String {
    m.moved_from
        .as_ref()
        .map_or(String::new(), |from| format!(" (moved from {from})"))
}

/// ` (2 copies)`, ` (2 → 0 copies)`, ` (copies unknown)`: what `count` or
/// `for_each` makes of a block, when it is not one copy on each side where
/// the block is.
pub fn copies_note(m: &ModuleDiff) -> String {
    use pypi_size::answers::diff::Presence;
    let side = |n: Option<u64>, p: Presence| match (n, p) {
        (_, Presence::Absent) => None,
        (Some(n), _) => Some(n.to_string()),
        (None, _) => Some("unknown".to_string()),
    };
    let (b, a) = (side(m.copies.before, m.base), side(m.copies.after, m.head));
    let one = Some("1".to_string());
    match (b, a) {
        (b, a) if (b == one || b.is_none()) && (a == one || a.is_none()) => String::new(),
        (Some(b), Some(a)) if b != a => format!(" ({b} → {a} copies)"),
        (Some(n), _) | (None, Some(n)) if n == "unknown" => " (copies unknown)".to_string(),
        (Some(n), _) | (None, Some(n)) => format!(" ({n} copies)"),
        (None, None) => String::new(),
    }
}

/// What the gate judged: `monthly delta at asg_min_size at most +$100.00
/// and +20%; no new finding at or above error`.
pub fn gate_rules(g: &GateResult) -> String {
    let l = &g.limits;
    let mut limits = Vec::new();
    if let Some(usd) = l.fail_above {
        limits.push(format!("+{}", dollars(usd)));
    }
    if let Some(pct) = l.fail_above_percent {
        limits.push(format!("+{pct}%"));
    }
    let mut rules = Vec::new();
    if !limits.is_empty() {
        rules.push(format!(
            "monthly delta at {} at most {}",
            l.at.as_str(),
            limits.join(" and ")
        ));
    }
    rules.push(match l.fail_on {
        Some(s) => format!("no new finding at or above {}", s.as_str()),
        None => "findings do not fail".to_string(),
    });
    rules.join("; ")
}

/// `$1,234.56`; `-$3.20` below zero; a negative zero is `$0.00`.
pub fn dollars(amount: f64) -> String {
    let cents = format!("{:.2}", amount.abs());
    let (whole, fraction) = cents.split_once('.').unwrap_or((&cents, "00"));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if amount < 0.0 && cents != "0.00" {
        "-"
    } else {
        ""
    };
    format!("{sign}${grouped}.{fraction}")
}

/// `+$55.85`, `-$3.20`, `±$0.00`.
pub fn signed_dollars(delta: f64) -> String {
    match dollars(delta) {
        d if d == "$0.00" => "±$0.00".to_string(),
        d if d.starts_with('-') => d,
        d => format!("+{d}"),
    }
}

/// `+12.50%`; `null` (from $0, or unknown) words nothing.
pub fn signed_percent(percent: Option<f64>) -> Option<String> {
    percent.map(|p| {
        if p > 0.0 {
            format!("+{p:.2}%")
        } else if p < 0.0 {
            format!("{p:.2}%")
        } else {
            "±0.00%".to_string()
        }
    })
}

/// `$55.85 → $111.70 (+$55.85, +100.00%)`, `unknown → $111.70 (delta
/// unknown)`, `$55.85` alone when nothing changed, `unknown` when neither
/// side is known.
pub fn money_change(c: &MoneyChange) -> String {
    let side = |x: Option<f64>| x.map_or_else(|| "unknown".to_string(), dollars);
    if c.before.is_none() && c.after.is_none() {
        return "unknown".to_string();
    }
    match c.delta {
        Some(0.0) => side(c.after),
        Some(d) => {
            let mut delta = signed_dollars(d);
            if let Some(p) = signed_percent(c.delta_percent) {
                delta = format!("{delta}, {p}");
            }
            format!("{} → {} ({delta})", side(c.before), side(c.after))
        }
        None => format!("{} → {} (delta unknown)", side(c.before), side(c.after)),
    }
}

/// The delta alone: `+$55.85 (+100.00%)`, `±$0.00`, `unknown`.
pub fn money_delta(c: &MoneyChange) -> String {
    match c.delta {
        None => "unknown".to_string(),
        Some(d) => match signed_percent(c.delta_percent) {
            Some(p) if d != 0.0 => format!("{} ({p})", signed_dollars(d)),
            _ => signed_dollars(d),
        },
    }
}

/// `3 → 6 (+3)`, `3`, `– → 6`, `3 → ?`.
pub fn figure_change(c: &FigureChange, before_absent: bool, after_absent: bool) -> String {
    let side = |x: Option<u64>, absent: bool| match x {
        Some(v) => v.to_string(),
        None if absent => "–".to_string(),
        None => "?".to_string(),
    };
    let (b, a) = (side(c.before, before_absent), side(c.after, after_absent));
    match c.delta {
        Some(0) => a,
        Some(d) => format!("{b} → {a} ({d:+})"),
        None if b == a => a,
        None => format!("{b} → {a}"),
    }
}

/// `c6a.large → c6a.xlarge`, or one name when it did not change.
pub fn text_change(p: &Pair<String>, before_absent: bool, after_absent: bool) -> String {
    let side = |x: &Option<String>, absent: bool| match x {
        Some(v) => v.clone(),
        None if absent => "–".to_string(),
        None => "?".to_string(),
    };
    let (b, a) = (side(&p.before, before_absent), side(&p.after, after_absent));
    if b == a { a } else { format!("{b} → {a}") }
}

/// A value as Terraform writes it (`"c6a.large"`, `1024`, `null`), or
/// `(unknown)`; `–` where the block is absent.
pub fn value(v: Option<&Resolved>) -> String {
    match v {
        None => "–".to_string(),
        Some(Resolved::Known { value }) => value.to_string(),
        Some(Resolved::Unknown { .. }) => "(unknown)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pypi_size::answers::diff::Amount;

    #[test]
    fn dollars_group_thousands_and_keep_the_sign() {
        assert_eq!(dollars(1234567.891), "$1,234,567.89");
        assert_eq!(dollars(55.85), "$55.85");
        assert_eq!(dollars(-3.2), "-$3.20");
        assert_eq!(dollars(-0.001), "$0.00");
        assert_eq!(dollars(999.999), "$1,000.00");
        assert_eq!(signed_dollars(0.0), "±$0.00");
        assert_eq!(signed_dollars(1000.0), "+$1,000.00");
        assert_eq!(signed_dollars(-1.5), "-$1.50");
    }

    #[test]
    fn money_changes_read_in_one_line() {
        let up = MoneyChange::new(&Amount::of_bill(55.85, 1), &Amount::of_bill(111.7, 1));
        assert_eq!(money_change(&up), "$55.85 → $111.70 (+$55.85, +100.00%)");
        assert_eq!(money_delta(&up), "+$55.85 (+100.00%)");
        let same = MoneyChange::new(&Amount::of_bill(55.85, 1), &Amount::of_bill(55.85, 1));
        assert_eq!(money_change(&same), "$55.85");
        let new = MoneyChange::new(&Amount::zero(), &Amount::of_bill(55.85, 1));
        assert_eq!(money_change(&new), "$0.00 → $55.85 (+$55.85)");
        let unknown = MoneyChange::new(&Amount::Unknown("x".into()), &Amount::of_bill(1.0, 1));
        assert_eq!(money_change(&unknown), "unknown → $1.00 (delta unknown)");
        assert_eq!(money_delta(&unknown), "unknown");
        let neither = MoneyChange::new(&Amount::Unknown("x".into()), &Amount::Unknown("y".into()));
        assert_eq!(money_change(&neither), "unknown");
    }

    #[test]
    fn figures_show_their_delta() {
        let c = |b, a| FigureChange {
            before: b,
            after: a,
            delta: b.zip(a).map(|(b, a): (u64, u64)| a as i64 - b as i64),
        };
        assert_eq!(
            figure_change(&c(Some(3), Some(6)), false, false),
            "3 → 6 (+3)"
        );
        assert_eq!(
            figure_change(&c(Some(6), Some(3)), false, false),
            "6 → 3 (-3)"
        );
        assert_eq!(figure_change(&c(Some(3), Some(3)), false, false), "3");
        assert_eq!(figure_change(&c(None, Some(3)), true, false), "– → 3");
        assert_eq!(figure_change(&c(Some(3), None), false, false), "3 → ?");
    }
}
