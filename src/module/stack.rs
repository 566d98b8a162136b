//! What the rest of the stack creates per config, as the bill needs it: the
//! root volume website-pod gives each instance, and the CloudWatch metrics
//! the stack is estimated to publish. One place for each, so every command
//! prices the same volume and the same metrics.

use rust_decimal::Decimal;

use crate::data::{EfsThroughputMode, Stack};

/// The root volume of an instance, in GB, exactly as website-pod's launch
/// template computes it: `var.root_volume_size + 2 * memory_size / 1024`, a
/// real division (3840 MiB gives 37.5 GB).
pub fn root_volume_gb(stack: &Stack, memory_mib: u64) -> Decimal {
    Decimal::from(stack.root_volume_size_gb)
        + Decimal::from(stack.root_volume_gb_per_memory_gib) * Decimal::from(memory_mib)
            / Decimal::from(1024)
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
        assert_eq!(root_volume_gb(s, 8192), Decimal::from(46));
        assert_eq!(root_volume_gb(s, 2048), Decimal::from(34));
        // c4.large: 3840 MiB is not a whole GiB; the division is real.
        assert_eq!(root_volume_gb(s, 3840), Decimal::new(375, 1));
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
