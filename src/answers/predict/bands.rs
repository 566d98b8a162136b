//! The bands: the simulation run at the centre and at both edges of what
//! the inputs allow (the measured CPU's median and p95, the vCPU speed ±
//! `speed_uncertainty`), latencies widened by `model_uncertainty`; the
//! percentiles, timeout shares and drain time of each.

use serde::Serialize;

use super::simulate::Outcome;

/// A figure with its uncertainty: `low` ≤ `central` ≤ `high`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Band {
    pub low: f64,
    pub central: f64,
    pub high: f64,
}

impl Band {
    /// The three figures, ordered (a scenario's edge can cross the centre
    /// only by rounding; the band stays well-formed).
    pub fn of(a: f64, b: f64, c: f64) -> Band {
        let mut v = [a, b, c];
        v.sort_by(f64::total_cmp);
        Band {
            low: v[0],
            central: b.clamp(v[0], v[2]),
            high: v[2],
        }
    }
}

/// The latencies of every instance of a scenario: the busiest one's, and
/// one of the others' standing for each of `others` instances.
#[derive(Debug, Clone, Default)]
pub struct Scenario {
    pub busiest: Outcome,
    pub other: Outcome,
    pub others: u64,
    /// Latencies multiplied by this (the model's uncertainty at an edge).
    pub scale: f64,
}

impl Scenario {
    /// Every latency (s, scaled) with its weight, sorted.
    fn weighted(&self) -> Vec<(f64, f64)> {
        let mut v: Vec<(f64, f64)> = self
            .busiest
            .latencies_s
            .iter()
            .map(|l| (l * self.scale, 1.0))
            .chain(
                self.other
                    .latencies_s
                    .iter()
                    .map(|l| (l * self.scale, self.others as f64)),
            )
            .filter(|(_, w)| *w > 0.0)
            .collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v
    }

    /// The latency at percentile `p` (0 to 100): nearest rank, weighted.
    pub fn percentile(&self, p: f64) -> f64 {
        let v = self.weighted();
        let total: f64 = v.iter().map(|(_, w)| w).sum();
        let mut seen = 0.0;
        for (latency, w) in &v {
            seen += w;
            if seen >= p / 100.0 * total - 1e-9 {
                return *latency;
            }
        }
        v.last().map_or(0.0, |(l, _)| *l)
    }

    /// The share (0 to 1) of operations slower than `timeout_s`.
    pub fn share_over(&self, timeout_s: f64) -> f64 {
        let v = self.weighted();
        let total: f64 = v.iter().map(|(_, w)| w).sum();
        if total == 0.0 {
            return 0.0;
        }
        v.iter()
            .filter(|(l, _)| *l > timeout_s)
            .map(|(_, w)| w)
            .sum::<f64>()
            / total
            // An empty sum is -0.0.
            + 0.0
    }

    /// When the slowest instance has served its last request, unscaled:
    /// the drain depends on the inputs' spread, not on the queueing's.
    pub fn drain_s(&self) -> f64 {
        self.busiest.drain_s.max(self.other.drain_s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(l: &[f64]) -> Outcome {
        Outcome {
            latencies_s: l.to_vec(),
            drain_s: l.iter().copied().fold(0.0, f64::max),
        }
    }

    #[test]
    fn percentiles_weigh_the_other_instances() {
        let s = Scenario {
            busiest: outcome(&[10.0, 20.0]),
            other: outcome(&[1.0]),
            others: 2,
            scale: 1.0,
        };
        // Weights: 1.0 → 2, 10.0 → 1, 20.0 → 1 of 4.
        assert_eq!(s.percentile(50.0), 1.0);
        assert_eq!(s.percentile(75.0), 10.0);
        assert_eq!(s.percentile(95.0), 20.0);
        assert_eq!(s.share_over(5.0), 0.5);
        assert_eq!(s.drain_s(), 20.0);
        let wider = Scenario { scale: 1.5, ..s };
        assert_eq!(wider.percentile(95.0), 30.0);
    }

    #[test]
    fn a_band_is_ordered() {
        let b = Band::of(3.0, 1.0, 2.0);
        assert_eq!((b.low, b.central, b.high), (1.0, 1.0, 3.0));
    }
}
