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

/// One run of a scenario: each kind of instance's outcome and how many
/// instances it stands for.
pub type Run = Vec<(Outcome, u64)>;

/// The latencies of every instance of a scenario, pooled over its runs:
/// each kind of instance's, weighed by how many instances it stands for.
#[derive(Debug, Clone, Default)]
pub struct Scenario {
    /// Every latency (s, scaled) with its weight, sorted once.
    sorted: Vec<(f64, f64)>,
    total: f64,
    drain_s: f64,
}

impl Scenario {
    /// Runs, each the outcome of every kind of instance with the number of
    /// instances it stands for, pooled (each run weighs alike), latencies
    /// multiplied by `scale` (the model's uncertainty at an edge). The
    /// drain is the runs' mean of their slowest instance's.
    pub fn new(runs: &[Run], scale: f64) -> Scenario {
        let mut sorted: Vec<(f64, f64)> = runs
            .iter()
            .flatten()
            .flat_map(|(o, n)| o.latencies_s.iter().map(move |l| (l * scale, *n as f64)))
            .filter(|(_, w)| *w > 0.0)
            .collect();
        // Equal latencies read the same whatever their order: unstable is
        // fine. Latencies are never negative, so their bits order as they do.
        sorted.sort_unstable_by_key(|(l, _)| l.to_bits());
        let total = sorted.iter().map(|(_, w)| w).sum();
        let drains = runs
            .iter()
            .map(|run| run.iter().map(|(o, _)| o.drain_s).fold(0.0, f64::max));
        Scenario {
            sorted,
            total,
            drain_s: drains.sum::<f64>() / runs.len().max(1) as f64,
        }
    }

    /// The same runs at `speed_factor` times the time, latencies also
    /// multiplied by `scale`: a run at k times the vCPU speed is the run
    /// scaled by 1/k (see `simulate::Outcome::scaled`), in the same order.
    pub fn scaled(&self, speed_factor: f64, scale: f64) -> Scenario {
        Scenario {
            sorted: self
                .sorted
                .iter()
                .map(|(l, w)| (l * speed_factor * scale, *w))
                .collect(),
            total: self.total,
            drain_s: self.drain_s * speed_factor,
        }
    }

    /// The latency at percentile `p` (0 to 100): nearest rank, weighted.
    pub fn percentile(&self, p: f64) -> f64 {
        let mut seen = 0.0;
        for (latency, w) in &self.sorted {
            seen += w;
            if seen >= p / 100.0 * self.total - 1e-9 {
                return *latency;
            }
        }
        self.sorted.last().map_or(0.0, |(l, _)| *l)
    }

    /// The share (0 to 1) of operations slower than `timeout_s`.
    pub fn share_over(&self, timeout_s: f64) -> f64 {
        if self.total == 0.0 {
            return 0.0;
        }
        // The sorted latencies past the timeout are the tail.
        let first = self.sorted.partition_point(|(l, _)| *l <= timeout_s);
        self.sorted[first..].iter().map(|(_, w)| w).sum::<f64>() / self.total
            // An empty sum is -0.0.
            + 0.0
    }

    /// When the slowest instance has served its last request, unscaled:
    /// the drain depends on the inputs' spread, not on the queueing's.
    pub fn drain_s(&self) -> f64 {
        self.drain_s
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
        let (busiest, other) = (outcome(&[10.0, 20.0]), outcome(&[1.0]));
        let s = Scenario::new(&[vec![(busiest.clone(), 1), (other.clone(), 2)]], 1.0);
        // Weights: 1.0 → 2, 10.0 → 1, 20.0 → 1 of 4.
        assert_eq!(s.percentile(50.0), 1.0);
        assert_eq!(s.percentile(75.0), 10.0);
        assert_eq!(s.percentile(95.0), 20.0);
        assert_eq!(s.share_over(5.0), 0.5);
        assert_eq!(s.drain_s(), 20.0);
        let wider = Scenario::new(&[vec![(busiest, 1), (other, 2)]], 1.5);
        assert_eq!(wider.percentile(95.0), 30.0);
    }

    #[test]
    fn a_band_is_ordered() {
        let b = Band::of(3.0, 1.0, 2.0);
        assert_eq!((b.low, b.central, b.high), (1.0, 1.0, 3.0));
    }
}
