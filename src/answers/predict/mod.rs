//! `predict`: how long a burst of pip installs takes on a config, from the
//! measured CPU of each request (`inputs.rs`), a queue simulation of the
//! busiest instance and the others (`simulate.rs`), its bands (`bands.rs`)
//! and the risks the measurements found (`findings.rs`). Pure and
//! deterministic: the simulation's draws are seeded from `[predict]`.

pub mod bands;
pub mod findings;
pub mod inputs;
pub mod modules;
pub mod simulate;

use serde::Serialize;

use crate::Tables;
use crate::data::CreditMode;
use bands::{Band, Run, Scenario};
use findings::Finding;
use inputs::{Assumption, Kind, Spread};
use simulate::Step;

/// Requests one prediction may simulate: a burst of 62,500 clients
/// installing a package of 4 requests fits (simulated in four scenarios:
/// about 0.1 s of a release build, 15 MB); beyond, an error rather than
/// minutes and gigabytes.
pub const MAX_SIMULATED_REQUESTS: u64 = 250_000;

/// The burst, as asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Burst {
    pub clients: u64,
    pub packages_per_client: u64,
    pub requests_per_package: u64,
    /// Files in the package directory; `None`: `[predict] packages`.
    pub packages: Option<u64>,
    /// `None`: `[predict] busiest_share`.
    pub busiest_share: Option<f64>,
    /// Client timeouts to report the share of; empty: pip's and the stress test's.
    pub timeouts_s: Vec<f64>,
}

/// A burst `predict` cannot simulate, named by its flag.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BurstError {
    #[error("invalid value {value} for --{flag}: {accepted}")]
    Invalid {
        flag: &'static str,
        value: String,
        accepted: String,
    },
}

/// The config as the burst meets it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PredictedConfig {
    pub asg_instance_type: String,
    /// asg_min_size's instances: the burst is over before the group scales.
    pub instances: u64,
    pub vcpus: u64,
    pub clock_ghz: Option<f64>,
    pub threads_per_core: Option<u64>,
    /// Measuring-core CPU a vCPU does in a second, under the burst; `null`: unknown.
    pub vcpu_speed: Option<f64>,
    pub tasks_on_busiest: u64,
    /// Instances ECS places a task on (tasks spread one per instance first):
    /// only they are behind the ALB's healthy targets, so only they get clients.
    pub instances_with_tasks: u64,
    /// Tasks on each of the other instances with tasks (the fewest).
    pub tasks_on_each_other: u64,
    pub gunicorn_workers: u64,
    pub workers_on_busiest: u64,
    pub burstable: bool,
    pub baseline_cpu_pct: Option<f64>,
    pub credit_mode: Option<CreditMode>,
}

/// The burst as simulated.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct BurstInfo {
    pub clients: u64,
    pub packages_per_client: u64,
    pub requests_per_package: u64,
    /// What a client times: a followed redirect and the request after it are one.
    pub operations_per_package: u64,
    pub packages: u64,
    pub busiest_share: f64,
    pub busiest_share_source: String,
    pub clients_on_busiest: u64,
    /// The clients on each other instance with tasks, but
    /// `others_with_one_more` of them, which hold one more: the clients sum
    /// to the burst.
    pub clients_on_each_other: u64,
    pub others_with_one_more: u64,
}

/// The share of operations past one client timeout.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TimeoutShare {
    pub timeout_s: f64,
    /// Whose timeout it is.
    pub name: String,
    /// 0 to 1.
    pub share: Band,
}

/// Latency percentiles of the burst's operations, every instance's, in seconds.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Latency {
    pub p50_s: Band,
    pub p95_s: Band,
    pub p99_s: Band,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Prediction {
    /// Measuring-core CPU ms of one package's requests.
    pub cpu_per_package_ms: Band,
    /// pip installs a second the whole stack can authenticate: on each
    /// instance with tasks, its vCPUs or its workers (one vCPU each) busy,
    /// whichever is fewer.
    pub throughput_ceiling_installs_per_s: Band,
    /// Until the slowest instance has served the burst's last request.
    pub burst_drain_s: Band,
    pub latency: Latency,
    pub timeouts: Vec<TimeoutShare>,
}

/// `predict`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PredictReport {
    pub config: PredictedConfig,
    pub burst: BurstInfo,
    /// `null` when a figure the model needs is unknown (`unknown` says which).
    pub prediction: Option<Prediction>,
    pub unknown: Vec<String>,
    pub findings: Vec<Finding>,
    pub assumptions: Vec<Assumption>,
    /// `--max-p95`, seconds; absent without the gate (and in a module's
    /// prediction, whose gate is the module's `over_max_p95`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_p95_s: Option<f64>,
    /// `--max-p95`: whether the P95 band's upper edge is above it (true,
    /// failing closed, when the prediction is unknown); absent without the gate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub over_max_p95: Option<bool>,
}

fn invalid(flag: &'static str, value: impl ToString, accepted: &str) -> BurstError {
    BurstError::Invalid {
        flag,
        value: value.to_string(),
        accepted: accepted.to_string(),
    }
}

/// What of a sized config the burst meets: `capacity`'s figures, or an
/// `optimize` candidate's.
#[derive(Debug, Clone, PartialEq)]
pub struct Deployment {
    pub asg_instance_type: String,
    pub vcpus: u64,
    pub burstable: bool,
    pub baseline_cpu_pct: Option<f64>,
    /// asg_min_size's instances.
    pub instances: u64,
    pub task_min_count: u64,
    pub tasks_per_instance: u64,
    pub gunicorn_workers: u64,
}

/// How ECS spreads `task_min_count` tasks over the instances: evenly, one
/// per instance first, at most `tasks_per_instance` each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Placement {
    pub instances: u64,
    pub tasks: u64,
}

impl Placement {
    pub fn of(d: &Deployment) -> Placement {
        let instances = d.instances.max(1);
        let tasks = d
            .task_min_count
            .min(instances.saturating_mul(d.tasks_per_instance.max(1)))
            .max(1);
        Placement { instances, tasks }
    }
    /// Instances holding at least one task.
    pub fn serving(&self) -> u64 {
        self.instances.min(self.tasks)
    }
    pub fn most(&self) -> u64 {
        self.tasks.div_ceil(self.instances)
    }
    /// The fewest tasks on an instance that has any.
    pub fn fewest_serving(&self) -> u64 {
        (self.tasks / self.instances).max(1)
    }
    /// vCPUs the workers can keep busy, over every instance: a gevent
    /// worker runs on at most one vCPU at a time.
    pub fn busy_vcpus(&self, vcpus: u64, workers_per_task: u64) -> u64 {
        let (q, r) = (self.tasks / self.instances, self.tasks % self.instances);
        let on = |tasks: u64| vcpus.min(tasks.saturating_mul(workers_per_task));
        r * on(q + 1) + (self.instances - r) * on(q)
    }
}

/// What `recommend` shows of a burst on its choice.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct BurstSummary {
    pub burst: BurstInfo,
    /// `null` when a figure the model needs is unknown (`unknown` says which).
    pub prediction: Option<Prediction>,
    pub unknown: Vec<String>,
    /// The findings `predict` gives for this burst (timeouts, a burstable
    /// type, the keep-alive); `recommend` adds the profile's P95 target.
    pub findings: Vec<Finding>,
}

impl From<PredictReport> for BurstSummary {
    fn from(r: PredictReport) -> BurstSummary {
        BurstSummary {
            burst: r.burst,
            prediction: r.prediction,
            unknown: r.unknown,
            findings: r.findings,
        }
    }
}

/// How `clients` fall on `serving` instances when the busiest takes `share`:
/// (the busiest's, each other's, how many others hold one more). The
/// busiest takes its share rounded up, and never less than an even spread;
/// the others share the rest evenly, some of them one more. A remainder
/// given to the busiest instead would take clients off it when the burst
/// grows by one (23 clients on 5 instances: 23 on one; 24: 20).
pub fn split(clients: u64, share: f64, serving: u64) -> (u64, u64, u64) {
    let serving = serving.max(1);
    let even = clients.div_ceil(serving);
    let busiest = ((clients as f64 * share - 1e-9).ceil() as u64).clamp(even, clients);
    let rest = clients - busiest;
    match serving {
        1 => (busiest, 0, 0),
        n => (busiest, rest / (n - 1), rest % (n - 1)),
    }
}

/// Predicts `burst` on the sized config.
pub fn predict(
    tables: &Tables,
    sized: &Deployment,
    burst: &Burst,
) -> Result<PredictReport, BurstError> {
    let p = &tables.predict;
    let place = Placement::of(sized);
    let instances = place.instances;
    let serving = place.serving();
    let share = if serving == 1 {
        1.0
    } else {
        burst.busiest_share.unwrap_or(p.busiest_share.get())
    };
    check(burst, share, serving)?;
    if let Some(files) = burst.packages.filter(|f| *f == 0 || *f > p.packages_max) {
        return Err(invalid(
            "packages",
            files,
            &format!(
                "from 1 to {} files in the package directory",
                p.packages_max
            ),
        ));
    }
    let name = &sized.asg_instance_type;
    // `size` accepted the type from this catalog.
    let catalogued = tables.instance(name);
    let speed = match catalogued {
        Some(i) => inputs::vcpu_speed(p, name, i),
        None => Err(format!("{name} is not in the catalog")),
    };
    let facts = sized;
    let tasks = place.most();
    let workers = sized.gunicorn_workers;
    let files = burst.packages.unwrap_or(p.packages);
    let (busiest, each_other, one_more) = split(burst.clients, share, serving);
    let credit_mode = if facts.burstable {
        inputs::credit_mode(p, name)
    } else {
        None
    };
    let config = PredictedConfig {
        asg_instance_type: name.clone(),
        instances,
        vcpus: facts.vcpus,
        clock_ghz: catalogued.and_then(|i| i.clock_ghz).map(|c| c.get()),
        threads_per_core: catalogued.and_then(|i| i.threads_per_core).map(|t| t.get()),
        vcpu_speed: speed.as_ref().ok().copied(),
        tasks_on_busiest: tasks,
        instances_with_tasks: serving,
        tasks_on_each_other: place.fewest_serving(),
        gunicorn_workers: workers,
        workers_on_busiest: tasks * workers,
        burstable: facts.burstable,
        baseline_cpu_pct: facts.baseline_cpu_pct,
        credit_mode,
    };
    let kinds = inputs::package_requests(burst.requests_per_package);
    let info = BurstInfo {
        clients: burst.clients,
        packages_per_client: burst.packages_per_client,
        requests_per_package: burst.requests_per_package,
        operations_per_package: kinds.iter().filter(|k| **k != Kind::Redirect).count() as u64,
        packages: files,
        busiest_share: share,
        busiest_share_source: share_source(p, burst, instances, serving),
        clients_on_busiest: busiest,
        clients_on_each_other: each_other,
        others_with_one_more: one_more,
    };
    let mut findings: Vec<Finding> = findings::keep_alive(p).into_iter().collect();
    findings.extend(findings::packages_extrapolated(p, files));
    let mut unknown = Vec::new();
    let prediction = match speed {
        Err(reason) => {
            findings.push(findings::unknown(&reason));
            unknown.push(reason);
            None
        }
        Ok(speed) => {
            let model = Model {
                tables,
                config: &config,
                info: &info,
                kinds: &kinds,
                busy_vcpus: place.busy_vcpus(facts.vcpus, workers),
                timeouts: timeouts(tables, &burst.timeouts_s),
            };
            let prediction = model.run(speed);
            findings.extend(model.findings(&prediction, speed));
            Some(prediction)
        }
    };
    Ok(PredictReport {
        config,
        burst: info,
        prediction,
        unknown,
        findings,
        assumptions: inputs::data_assumptions(p),
        max_p95_s: None,
        over_max_p95: None,
    })
}

/// Where the busiest share comes from, and why it is 1.0 when one instance
/// holds every task.
fn share_source(
    p: &crate::data::PredictData,
    burst: &Burst,
    instances: u64,
    serving: u64,
) -> String {
    if serving == 1
        && let Some(asked) = burst.busiest_share
    {
        format!(
            "--busiest-share {asked} does not apply: one instance holds every task and \
             takes the whole burst (share 1.0)"
        )
    } else if instances == 1 {
        "one instance takes the whole burst".into()
    } else if serving == 1 {
        "one instance holds every task: it takes the whole burst (share 1.0)".into()
    } else if burst.busiest_share.is_some() {
        "--busiest-share".into()
    } else {
        p.busiest_share_source.clone()
    }
}

/// The burst's bounds, each named by its flag.
fn check(burst: &Burst, share: f64, instances: u64) -> Result<(), BurstError> {
    if burst.clients == 0 {
        return Err(invalid("burst-clients", 0, "at least 1 client"));
    }
    if burst.packages_per_client == 0 {
        return Err(invalid("packages-per-client", 0, "at least 1"));
    }
    if burst.requests_per_package == 0 {
        return Err(invalid("requests-per-package", 0, "at least 1"));
    }
    let requests = burst
        .clients
        .saturating_mul(burst.packages_per_client)
        .saturating_mul(burst.requests_per_package);
    if requests > MAX_SIMULATED_REQUESTS {
        // Name the flag that alone overflows the cap, else the clients.
        let per_client = burst
            .packages_per_client
            .saturating_mul(burst.requests_per_package);
        let (flag, value) = if burst.requests_per_package > MAX_SIMULATED_REQUESTS {
            ("requests-per-package", burst.requests_per_package)
        } else if per_client > MAX_SIMULATED_REQUESTS {
            ("packages-per-client", burst.packages_per_client)
        } else {
            ("burst-clients", burst.clients)
        };
        return Err(invalid(
            flag,
            value,
            &format!(
                "a burst of at most {MAX_SIMULATED_REQUESTS} requests (clients × \
                 packages per client × requests per package is {requests})"
            ),
        ));
    }
    let even = 1.0 / instances as f64;
    if !(share.is_finite() && share <= 1.0 && share >= even - 1e-12) {
        // A share near 0 prints as its exponent, not 300 digits.
        let shown = if share.abs() < 1e-3 && share != 0.0 {
            format!("{share:e}")
        } else {
            share.to_string()
        };
        return Err(invalid(
            "busiest-share",
            shown,
            &format!(
                "a share from 1/{instances} (an even spread over {instances} instances: \
                 {} or more) to 1 (the whole burst on one)",
                (even * 1e4).ceil() / 1e4
            ),
        ));
    }
    if let Some(t) = burst
        .timeouts_s
        .iter()
        .find(|t| !(t.is_finite() && **t > 0.0))
    {
        return Err(invalid("timeout", t, "seconds above 0"));
    }
    Ok(())
}

/// The timeouts to report: the asked ones, else pip's and the stress test's.
fn timeouts(tables: &Tables, asked: &[f64]) -> Vec<(f64, String)> {
    let p = &tables.predict;
    if asked.is_empty() {
        return vec![
            (p.pip_timeout_s.get(), "pip's default socket timeout".into()),
            (
                p.stress_test_timeout_s.get(),
                "the module's stress test's client timeout".into(),
            ),
        ];
    }
    asked
        .iter()
        .map(|t| (*t, "--timeout".to_string()))
        .collect()
}

/// One prediction's fixed inputs.
struct Model<'a> {
    tables: &'a Tables,
    config: &'a PredictedConfig,
    info: &'a BurstInfo,
    kinds: &'a [Kind],
    /// vCPUs the workers can keep busy, every instance with tasks.
    busy_vcpus: u64,
    timeouts: Vec<(f64, String)>,
}

impl Model<'_> {
    fn steps(&self, spread: Spread) -> Vec<Step> {
        let p = &self.tables.predict;
        let package = self.kinds.iter().map(|k| Step {
            work_ms: inputs::request_cpu_ms(p, *k, self.info.packages, spread),
            ends_operation: *k != Kind::Redirect,
        });
        let package: Vec<Step> = package.collect();
        (0..self.info.packages_per_client)
            .flat_map(|_| package.iter().copied())
            .collect()
    }

    /// The instances at this speed and spread, each kind simulated once
    /// and standing for as many instances as hold its clients (the busiest,
    /// the others with one client more, the others; the others on one seed,
    /// so that with common random numbers one more client on an instance
    /// adds that client's draws and moves no other),
    /// `replications` times on seeds `seed`, `seed + 1`, …, pooled: the
    /// prediction of one run would move with the seed (P95 by about ±5 %).
    fn outcomes(&self, speed: f64, spread: Spread) -> Vec<Run> {
        let steps = self.steps(spread);
        let p = &self.tables.predict;
        let on = |clients, tasks: u64| simulate::Instance {
            vcpus: self.config.vcpus as f64,
            vcpu_speed: speed,
            workers: tasks * self.config.gunicorn_workers,
            clients,
        };
        let c = self.config;
        let (b, others) = (self.info, c.instances_with_tasks - 1);
        let kinds = [
            (on(b.clients_on_busiest, c.tasks_on_busiest), 1, 0),
            (
                on(b.clients_on_each_other + 1, c.tasks_on_each_other),
                b.others_with_one_more,
                1 << 63,
            ),
            (
                on(b.clients_on_each_other, c.tasks_on_each_other),
                others - b.others_with_one_more,
                1 << 63,
            ),
        ];
        (0..p.replications.get())
            .map(|r| {
                let seed = p.seed.wrapping_add(r);
                kinds
                    .iter()
                    .filter(|(i, n, _)| *n > 0 && i.clients > 0)
                    .map(|(i, n, salt)| (simulate::simulate(*i, &steps, seed ^ salt), *n))
                    .collect()
            })
            .collect()
    }

    fn package_cpu_ms(&self, spread: Spread) -> f64 {
        self.steps(spread).iter().map(|s| s.work_ms).sum::<f64>()
            / self.info.packages_per_client as f64
    }

    fn run(&self, speed: f64) -> Prediction {
        let p = &self.tables.predict;
        let (su, mu) = (p.speed_uncertainty.get(), p.model_uncertainty.get());
        // The centre and the slow edge are independent simulations: the
        // slow one runs on a second thread (the result is the same bytes).
        let (centre, slow) = std::thread::scope(|threads| {
            let slow = threads
                .spawn(|| Scenario::new(&self.outcomes(speed * (1.0 - su), Spread::P95), 1.0 + mu));
            let centre = Scenario::new(&self.outcomes(speed, Spread::Median), 1.0);
            // A panic there is one here: the simulation does not panic.
            let slow = slow.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            (centre, slow)
        });
        // The fast edge is the centre sped up: every rate in the simulation
        // is the vCPU speed times a share that does not depend on it, so the
        // events keep their order and every time divides by the factor.
        let fast = centre.scaled(1.0 / (1.0 + su), 1.0 - mu);
        let band = |f: &dyn Fn(&Scenario) -> f64| Band::of(f(&fast), f(&centre), f(&slow));
        let cpu = Band::of(
            self.package_cpu_ms(Spread::Median),
            self.package_cpu_ms(Spread::Median),
            self.package_cpu_ms(Spread::P95),
        );
        // The lesser of the vCPU and the worker bound, per instance with tasks.
        let all_vcpus = self.busy_vcpus as f64;
        let ceiling = |s: f64, ms: f64| all_vcpus * s * 1000.0 / ms;
        Prediction {
            cpu_per_package_ms: cpu,
            throughput_ceiling_installs_per_s: Band::of(
                ceiling(speed * (1.0 - su), cpu.high),
                ceiling(speed, cpu.central),
                ceiling(speed * (1.0 + su), cpu.low),
            ),
            burst_drain_s: band(&|s| s.drain_s()),
            latency: Latency {
                p50_s: band(&|s| s.percentile(50.0)),
                p95_s: band(&|s| s.percentile(95.0)),
                p99_s: band(&|s| s.percentile(99.0)),
            },
            timeouts: self
                .timeouts
                .iter()
                .map(|(t, name)| TimeoutShare {
                    timeout_s: *t,
                    name: name.clone(),
                    share: band(&|s| s.share_over(*t)),
                })
                .collect(),
        }
    }

    fn findings(&self, prediction: &Prediction, speed: f64) -> Vec<Finding> {
        let mut out: Vec<Finding> = prediction
            .timeouts
            .iter()
            .filter_map(|t| findings::timeouts(t.timeout_s, t.share.central, t.share.high))
            .collect();
        if self.config.burstable {
            let throttled = self.config.baseline_cpu_pct.map(|b| {
                let runs = self.outcomes(speed * b / 100.0, Spread::Median);
                Scenario::new(&runs, 1.0).percentile(95.0)
            });
            out.push(findings::burstable(
                &self.config.asg_instance_type,
                self.config.baseline_cpu_pct,
                self.config.credit_mode,
                prediction.burst_drain_s.central,
                throttled,
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    /// 2 × c6a.xlarge as the module sizes it by default (`capacity`).
    fn published() -> Deployment {
        Deployment {
            asg_instance_type: "c6a.xlarge".into(),
            vcpus: 4,
            burstable: false,
            baseline_cpu_pct: None,
            instances: 2,
            task_min_count: 12,
            tasks_per_instance: 6,
            gunicorn_workers: 4,
        }
    }

    fn burst(clients: u64) -> Burst {
        Burst {
            clients,
            packages_per_client: 1,
            requests_per_package: 4,
            packages: None,
            busiest_share: None,
            timeouts_s: Vec::new(),
        }
    }

    #[test]
    fn the_published_run_is_predicted_without_fitting() {
        let t = Tables::embedded();
        let r = predict(&t, &published(), &burst(510)).unwrap();
        let p = r.prediction.unwrap();
        assert_eq!(r.burst.clients_on_busiest, 434);
        assert!(p.latency.p95_s.low <= 14.0 && 14.0 <= p.latency.p95_s.high);
        // The shared measurements' own simulation: 10.9 s.
        assert!((9.0..12.0).contains(&p.latency.p95_s.central), "{p:?}");
        // Both instances' 8 vCPUs, each 0.77 of the measuring core.
        let ceiling = 8.0 * (3.6 / 3.95 * 0.84) * 1000.0 / 164.8;
        assert!((p.throughput_ceiling_installs_per_s.central - ceiling).abs() < 1e-9);
    }

    #[test]
    fn one_instance_takes_the_whole_burst_and_a_bad_share_names_its_flag() {
        let t = Tables::embedded();
        let one = Deployment {
            instances: 1,
            task_min_count: 6,
            ..published()
        };
        let r = predict(&t, &one, &burst(100)).unwrap();
        assert_eq!(r.burst.busiest_share, 1.0);
        assert_eq!(r.burst.clients_on_busiest, 100);
        let low = Burst {
            busiest_share: Some(0.3),
            ..burst(100)
        };
        let e = predict(&t, &published(), &low).unwrap_err();
        assert!(e.to_string().contains("--busiest-share"), "{e}");
    }
}
