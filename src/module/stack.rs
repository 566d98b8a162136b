//! What the rest of the stack creates per config, as the bill needs it: the
//! root volume website-pod gives each instance, and the CloudWatch metrics
//! the stack is estimated to publish. One place for each, so every command
//! prices the same volume and the same metrics.

use rust_decimal::Decimal;

use crate::data::error::{SizingError, overflow};
use crate::data::{EfsThroughputMode, Stack};

/// The root volume of an instance, in GB, exactly as website-pod's launch
/// template computes it: `var.root_volume_size + 2 * memory_size / 1024`, a
/// real division (3840 MiB gives 37.5 GB). An error when a catalog's or a
/// profiles file's figures make it too large to compute with.
pub fn root_volume_gb(stack: &Stack, memory_mib: u64) -> Result<Decimal, SizingError> {
    Decimal::from(stack.root_volume_gb_per_memory_gib)
        .checked_mul(Decimal::from(memory_mib))
        .and_then(|gb| gb.checked_div(Decimal::from(1024)))
        .and_then(|gb| gb.checked_add(Decimal::from(stack.root_volume_size_gb)))
        .ok_or_else(|| {
            overflow(
                "the root volume",
                format!(
                    "{} + {} × {memory_mib} / 1024 GB",
                    stack.root_volume_size_gb, stack.root_volume_gb_per_memory_gib
                ),
            )
        })
}

/// Why `terraform plan` refuses the instance type: its root volume comes
/// out fractional (memory not a multiple of 512 MiB with 2 GB per GiB, as
/// c4.large's 3840 MiB gives 37.5), and the AWS provider's volume_size takes
/// only a whole number ("Attribute must be a whole number, got 37.5").
pub fn root_volume_problem(
    stack: &Stack,
    asg_instance_type: &str,
    memory_mib: u64,
) -> Option<SizingError> {
    let gb = match root_volume_gb(stack, memory_mib) {
        Ok(gb) => gb,
        Err(e) => return Some(e),
    };
    if gb.fract().is_zero() {
        return None;
    }
    Some(SizingError::Rejected {
        variable: "asg_instance_type",
        value: format!("\"{asg_instance_type}\""),
        accepted: format!(
            "an instance type whose root volume, {} + {} × memory_size / 1024 GB, is a whole \
             number",
            stack.root_volume_size_gb, stack.root_volume_gb_per_memory_gib
        ),
        by: format!(
            "`terraform plan` fails in {}: its launch template's root volume_size = {} + {} × \
             {memory_mib} / 1024 = {}, and the AWS provider takes only a whole number of GB \
             (\"Attribute must be a whole number, got {}\")",
            stack.launch_template_module,
            stack.root_volume_size_gb,
            stack.root_volume_gb_per_memory_gib,
            gb.normalize(),
            gb.normalize()
        ),
    })
}

/// The estimated alarm metrics: the stack's, plus the EFS burst-credit
/// alarm pypiserver adds in bursting mode.
pub fn estimated_alarm_metrics(stack: &Stack, mode: EfsThroughputMode) -> u64 {
    match mode {
        EfsThroughputMode::Bursting => stack.alarm_metrics + stack.bursting_alarm_metrics,
        _ => stack.alarm_metrics,
    }
}

/// The months a log event is kept: the retention in days over the days of
/// a billing month (hours_per_month / 24), exactly (365 days at 730 hours a
/// month is 12 months).
pub fn log_retention_months(stack: &Stack, hours_per_month: Decimal) -> Option<Decimal> {
    (Decimal::from(stack.log_retention_days) * Decimal::from(24)).checked_div(hours_per_month)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Tables;

    #[test]
    fn root_volume_is_30_plus_two_gb_per_gib() {
        let t = Tables::embedded();
        let s = &t.module.stack;
        assert_eq!(root_volume_gb(s, 8192), Ok(Decimal::from(46)));
        assert_eq!(root_volume_gb(s, 2048), Ok(Decimal::from(34)));
        // c4.large: 3840 MiB is not a whole GiB; the division is real.
        assert_eq!(root_volume_gb(s, 3840), Ok(Decimal::new(375, 1)));
        // Figures no stack has are an error, not a panic.
        let huge = Stack {
            root_volume_gb_per_memory_gib: u64::MAX,
            ..s.clone()
        };
        assert!(root_volume_gb(&huge, u64::MAX).is_err());
        assert!(root_volume_problem(&huge, "x", u64::MAX).is_some());
    }

    #[test]
    fn a_fractional_root_volume_fails_the_plan() {
        let t = Tables::embedded();
        let s = &t.module.stack;
        assert!(root_volume_problem(s, "c6a.xlarge", 8192).is_none());
        // 512 MiB steps are whole with 2 GB per GiB: 1536 MiB gives 33.
        assert!(root_volume_problem(s, "x", 1536).is_none());
        let e = root_volume_problem(s, "c4.large", 3840).unwrap();
        let text = e.to_string();
        assert!(
            text.contains("30 + 2 × 3840 / 1024 = 37.5") && text.contains("got 37.5"),
            "{text}"
        );
        assert_eq!(e.variables(), ["asg_instance_type"]);
        let t1 = root_volume_problem(s, "t1.micro", 627).unwrap().to_string();
        assert!(t1.contains("= 31.224609375"), "{t1}");
    }

    #[test]
    fn bursting_adds_the_burst_credit_alarm() {
        let t = Tables::embedded();
        let s = &t.module.stack;
        assert_eq!(estimated_alarm_metrics(s, EfsThroughputMode::Elastic), 13);
        assert_eq!(estimated_alarm_metrics(s, EfsThroughputMode::Bursting), 14);
    }

    #[test]
    fn a_year_of_retention_is_twelve_months() {
        let t = Tables::embedded();
        assert_eq!(
            log_retention_months(&t.module.stack, Decimal::from(730)),
            Some(Decimal::from(12))
        );
        assert_eq!(log_retention_months(&t.module.stack, Decimal::ZERO), None);
    }
}
