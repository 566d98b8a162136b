//! The queue simulation of one instance under a burst: every client starts
//! at once and makes its requests one after the other; each request goes to
//! a worker drawn at random (seeded), which serves its requests in order
//! (FIFO: a gevent worker does not overlap CPU work); the busy workers share
//! the instance's vCPUs equally, at most one vCPU each.
//!
//! The draws are common random numbers: a request's worker is drawn from
//! the seed, its client and its step alone, never from the order events
//! happen in. So one more client, a slower request or a higher share leaves
//! every other request's worker where it was, and a prediction moves with
//! its inputs rather than with a reshuffle of the draws.
//!
//! All busy workers progress at the same rate, so the simulation keeps one
//! "virtual" clock of work done per busy worker: a request finishes when the
//! virtual clock reaches its start plus its work, whatever the rate did in
//! between. Each event costs O(log workers).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::collections::binary_heap::PeekMut;

/// One request of a client's sequence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// CPU ms on the measuring core.
    pub work_ms: f64,
    /// The client sees an operation end here (a followed redirect does not
    /// end one).
    pub ends_operation: bool,
}

/// One instance and its share of the burst.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Instance {
    pub vcpus: f64,
    /// Measuring-core CPU ms one vCPU does in a ms.
    pub vcpu_speed: f64,
    pub workers: u64,
    pub clients: u64,
}

/// What the clients saw: each operation's latency (s) and when the last
/// request finished (s).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    pub latencies_s: Vec<f64>,
    pub drain_s: f64,
}

/// A request waiting at, or being served by, a worker: linked to the next
/// in its worker's queue (one slab for every queue: no allocation per worker).
#[derive(Debug, Clone, Copy)]
struct Queued {
    client: usize,
    work_ms: f64,
    next: u32,
}

const NONE: u32 = u32::MAX;

/// Every worker's FIFO queue, as heads and tails into one slab of requests.
struct Queues {
    slab: Vec<Queued>,
    head: Vec<u32>,
    tail: Vec<u32>,
}

impl Queues {
    fn new(workers: usize, requests: usize) -> Queues {
        Queues {
            slab: Vec::with_capacity(requests),
            head: vec![NONE; workers],
            tail: vec![NONE; workers],
        }
    }

    /// Queues a request; true when the worker was idle.
    fn push(&mut self, worker: usize, client: usize, work_ms: f64) -> bool {
        let id = self.slab.len() as u32;
        self.slab.push(Queued {
            client,
            work_ms,
            next: NONE,
        });
        match self.tail[worker] {
            NONE => {
                self.head[worker] = id;
                self.tail[worker] = id;
                true
            }
            last => {
                self.slab[last as usize].next = id;
                self.tail[worker] = id;
                false
            }
        }
    }

    fn front(&self, worker: usize) -> Option<&Queued> {
        self.slab.get(self.head[worker] as usize)
    }

    fn pop(&mut self, worker: usize) -> Option<Queued> {
        let done = *self.slab.get(self.head[worker] as usize)?;
        self.head[worker] = done.next;
        if done.next == NONE {
            self.tail[worker] = NONE;
        }
        Some(done)
    }
}

/// A busy worker's head request finishes when the virtual clock reaches
/// `at`, kept as its bits: the clock is never negative, and the bits of
/// non-negative floats order as their values, so the heap compares integers
/// (the heap is most of a simulation's time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Finish {
    at_bits: u64,
    worker: usize,
}

impl Finish {
    fn new(at: f64, worker: usize) -> Finish {
        debug_assert!(at >= 0.0);
        Finish {
            // +0.0 for -0.0, whose bits would sort last.
            at_bits: (at + 0.0).to_bits(),
            worker,
        }
    }

    fn at(self) -> f64 {
        f64::from_bits(self.at_bits)
    }
}

/// The worker of client `client`'s request `step`, of `workers`: splitmix64
/// (a small, well-mixed hash; no dependency) of the seed, the client and the
/// step, scaled to the workers.
fn draw(seed: u64, client: usize, step: usize, workers: usize) -> usize {
    let key = seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add((client as u64).wrapping_mul(0xD1B5_4A32_D192_ED03))
        .wrapping_add((step as u64).wrapping_mul(0x8CB9_2BA7_2F3D_8DD7));
    let mut z = key.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    ((z as u128 * workers as u128) >> 64) as usize
}

struct State<'a> {
    steps: &'a [Step],
    queues: Queues,
    workers: usize,
    heap: BinaryHeap<Reverse<Finish>>,
    busy: usize,
    virtual_ms: f64,
    seed: u64,
    /// Per client: the next step and when its operation started (ms).
    next: Vec<usize>,
    started: Vec<f64>,
}

impl State<'_> {
    fn arrive(&mut self, client: usize) {
        let Some(step) = self.steps.get(self.next[client]) else {
            return;
        };
        let worker = draw(self.seed, client, self.next[client], self.workers);
        if self.queues.push(worker, client, step.work_ms) {
            self.busy += 1;
            self.heap
                .push(Reverse(Finish::new(self.virtual_ms + step.work_ms, worker)));
        }
    }
}

/// Simulates `instance` under its clients, each making `steps` in order.
pub fn simulate(instance: Instance, steps: &[Step], seed: u64) -> Outcome {
    let clients = instance.clients as usize;
    let workers = instance.workers as usize;
    if clients == 0 || workers == 0 || steps.is_empty() || instance.vcpu_speed <= 0.0 {
        return Outcome::default();
    }
    let operations = steps.iter().filter(|s| s.ends_operation).count();
    let mut s = State {
        steps,
        queues: Queues::new(workers, clients.saturating_mul(steps.len())),
        workers,
        heap: BinaryHeap::new(),
        busy: 0,
        virtual_ms: 0.0,
        seed,
        next: vec![0; clients],
        started: vec![0.0; clients],
    };
    let mut out = Outcome {
        latencies_s: Vec::with_capacity(clients * operations),
        drain_s: 0.0,
    };
    for client in 0..clients {
        s.arrive(client);
    }
    let mut now_ms = 0.0;
    loop {
        let done = {
            let Some(mut top) = s.heap.peek_mut() else {
                break;
            };
            let Reverse(finish) = *top;
            let (at, worker) = (finish.at(), finish.worker);
            let rate = instance.vcpu_speed * (instance.vcpus / s.busy as f64).min(1.0);
            now_ms += (at - s.virtual_ms).max(0.0) / rate;
            s.virtual_ms = at;
            let done = s.queues.pop(worker);
            // The worker's next request replaces its finish in place: one
            // sift instead of a pop and a push (the heap is most of the time).
            match s.queues.front(worker) {
                Some(head) => *top = Reverse(Finish::new(s.virtual_ms + head.work_ms, worker)),
                None => {
                    PeekMut::pop(top);
                    s.busy -= 1;
                }
            }
            done
        };
        let Some(done) = done else {
            continue;
        };
        let c = done.client;
        if steps[s.next[c]].ends_operation {
            out.latencies_s.push((now_ms - s.started[c]) / 1000.0);
            s.started[c] = now_ms;
        }
        s.next[c] += 1;
        s.arrive(c);
    }
    out.drain_s = now_ms / 1000.0;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(work_ms: f64) -> Step {
        Step {
            work_ms,
            ends_operation: true,
        }
    }

    #[test]
    fn one_client_on_one_worker_takes_its_work_at_the_vcpus_speed() {
        let i = Instance {
            vcpus: 2.0,
            vcpu_speed: 0.5,
            workers: 4,
            clients: 1,
        };
        let o = simulate(i, &[step(100.0), step(50.0)], 1);
        // A worker uses one vCPU at most: 100 ms of work at half speed.
        assert_eq!(o.latencies_s, [0.2, 0.1]);
        assert!((o.drain_s - 0.3).abs() < 1e-12);
    }

    #[test]
    fn the_drain_of_a_saturated_instance_is_its_work_over_its_cpu() {
        let i = Instance {
            vcpus: 4.0,
            vcpu_speed: 1.0,
            workers: 24,
            clients: 400,
        };
        let o = simulate(i, &[step(100.0); 3], 7);
        assert_eq!(o.latencies_s.len(), 1200);
        // 400 × 300 ms on 4 vCPUs is 30 s; idle workers at the tail add a little.
        assert!(
            o.drain_s >= 30.0 - 1e-9 && o.drain_s < 33.0,
            "{}",
            o.drain_s
        );
    }

    #[test]
    fn a_faster_vcpu_divides_every_time_and_keeps_the_order() {
        // What the fast edge of the bands relies on (bands::Scenario::scaled).
        let steps = [step(47.0), step(55.0), step(0.3), step(52.0)];
        let at = |vcpu_speed| Instance {
            vcpus: 4.0,
            vcpu_speed,
            workers: 24,
            clients: 433,
        };
        let (one, faster) = (simulate(at(1.0), &steps, 9), simulate(at(1.25), &steps, 9));
        assert_eq!(one.latencies_s.len(), faster.latencies_s.len());
        for (a, b) in one.latencies_s.iter().zip(&faster.latencies_s) {
            assert!((a / 1.25 - b).abs() < 1e-9, "{a} / 1.25 != {b}");
        }
        assert!((one.drain_s / 1.25 - faster.drain_s).abs() < 1e-9);
    }

    #[test]
    fn one_more_client_moves_no_other_clients_worker() {
        // Common random numbers: a draw depends on the seed, client and step.
        let before: Vec<_> = (0..50).map(|c| draw(7, c, 2, 24)).collect();
        assert!(before.iter().all(|w| *w < 24));
        assert_eq!(
            before,
            (0..50).map(|c| draw(7, c, 2, 24)).collect::<Vec<_>>()
        );
        assert_ne!(
            before,
            (0..50).map(|c| draw(8, c, 2, 24)).collect::<Vec<_>>()
        );
        // Every worker gets some of 1,000 draws.
        let mut seen = [false; 24];
        (0..1000).for_each(|c| seen[draw(7, c, 0, 24)] = true);
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn a_followed_redirect_ends_no_operation_and_the_seed_decides_the_draws() {
        let steps = [
            Step {
                work_ms: 1.0,
                ends_operation: false,
            },
            step(50.0),
        ];
        let i = Instance {
            vcpus: 1.0,
            vcpu_speed: 1.0,
            workers: 3,
            clients: 50,
        };
        let a = simulate(i, &steps, 5);
        assert_eq!(a.latencies_s.len(), 50);
        assert_eq!(a, simulate(i, &steps, 5));
        assert_ne!(a.latencies_s, simulate(i, &steps, 6).latencies_s);
    }
}
