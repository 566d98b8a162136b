//! The core's effective clock, for measure.py: a chain of dependent
//! register additions completes one a cycle on every x86-64 and arm64 core,
//! so additions per second are its clock in Hz. Register to register: some
//! cores (Intel's Golden Cove and later) fold an immediate `add x, 1` chain at
//! rename and would read twice their clock. Built with `rustc -O clock.rs`;
//! prints GHz, the fastest of seven runs (a preempted run is only slower).
use std::time::Instant;

#[inline(never)]
fn chain(iterations: u64) -> u64 {
    let mut x: u64 = 0;
    let one: u64 = std::hint::black_box(1);
    for _ in 0..iterations {
        // 16 dependent additions: 16 cycles, whatever the core's width.
        // SAFETY: register arithmetic only, no memory or stack.
        unsafe {
            #[cfg(target_arch = "x86_64")]
            core::arch::asm!(
                "add {x}, {y}", "add {x}, {y}", "add {x}, {y}", "add {x}, {y}",
                "add {x}, {y}", "add {x}, {y}", "add {x}, {y}", "add {x}, {y}",
                "add {x}, {y}", "add {x}, {y}", "add {x}, {y}", "add {x}, {y}",
                "add {x}, {y}", "add {x}, {y}", "add {x}, {y}", "add {x}, {y}",
                x = inout(reg) x, y = in(reg) one, options(nomem, nostack, pure));
            #[cfg(target_arch = "aarch64")]
            core::arch::asm!(
                "add {x}, {x}, {y}", "add {x}, {x}, {y}", "add {x}, {x}, {y}", "add {x}, {x}, {y}",
                "add {x}, {x}, {y}", "add {x}, {x}, {y}", "add {x}, {x}, {y}", "add {x}, {x}, {y}",
                "add {x}, {x}, {y}", "add {x}, {x}, {y}", "add {x}, {x}, {y}", "add {x}, {x}, {y}",
                "add {x}, {x}, {y}", "add {x}, {x}, {y}", "add {x}, {x}, {y}", "add {x}, {x}, {y}",
                x = inout(reg) x, y = in(reg) one, options(nomem, nostack, pure));
        }
    }
    x
}

fn main() {
    let iterations = 50_000_000u64;
    let mut best = f64::MAX;
    for _ in 0..7 {
        let t = Instant::now();
        std::hint::black_box(chain(std::hint::black_box(iterations)));
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("{:.3}", (iterations * 16) as f64 / best / 1e9);
}
