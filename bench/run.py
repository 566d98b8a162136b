#!/usr/bin/env python3
"""Whole-process benchmark of pypi-size: wall time and peak memory.

Runs each command many times as a fresh process (as a user or CI runs it) and
reports the median and 90th-percentile wall time and the peak resident memory,
next to a bare process start (/bin/true) measured the same way.

Targets: `capacity` and `recommend` each within 3x a bare process start and
under 16 MiB peak (issue #2); `check` of a tree of 1,000 .tf files in under
1 second (issue #3); `optimize` over a synthetic catalog of 1,000 instance
types in under 100 ms (issue #4). Exits 1 when a target is missed.

    cargo build --release && python3 bench/run.py [--runs N] [--bin PATH]
"""

import argparse
import os
import statistics
import subprocess
import sys

TARGET_RATIO = 3.0
TARGET_PEAK_KIB = 16 * 1024
TARGET_CHECK_SECONDS = 1.0
CHECK_FILES = 1000
TARGET_OPTIMIZE_SECONDS = 0.1
CATALOG_TYPES = 1000


def make_catalog(path):
    """profiles.toml with CATALOG_TYPES synthetic instance types added."""
    with open(os.path.join(HERE, "..", "profiles.toml")) as f:
        base = f.read()
    lines = [base]
    for i in range(CATALOG_TYPES):
        vcpus = 2 ** (i % 6)
        lines.append(
            f'[instances."q{i % 10}.s{i:04}"]\n'
            f"vcpus = {vcpus}\n"
            f"memory_mib = {vcpus * (1024, 2048, 4096, 8192)[i % 4]}\n"
            f"hourly = {0.02 * vcpus * (1 + (i % 7) / 10):.4f}\n"
            f'arch = "{("x86_64", "arm64")[i % 2]}"\n'
        )
    # The [[profiles]] array must stay last in TOML, so put the instances first.
    head, sep, profiles = base.partition("[[profiles]]")
    with open(path, "w") as f:
        f.write(head + "\n".join(lines[1:]) + "\n" + sep + profiles)

TF_FILE = """\
variable "instance_type_{i}" {{
  type    = string
  default = "c6a.xlarge"
}}

locals {{
  instances_{i} = 2
}}

resource "aws_s3_bucket" "logs_{i}" {{
  bucket = "pypi-logs-{i}"
  tags = {{
    team = "platform"
  }}
}}

module "pypiserver_{i}" {{
  source  = "registry.infrahouse.com/infrahouse/pypiserver/aws"
  version = "2.3.0"

  asg_instance_type = var.instance_type_{i}
  asg_min_size      = local.instances_{i}
  asg_max_size      = local.instances_{i} * 2
  container_memory  = 512 + {i} % 4 * 128
  asg_subnets       = ["subnet-a", "subnet-b"]
  zone_id           = data.aws_route53_zone.main.zone_id
}}
"""


def make_tree(root):
    """A Terraform root of CHECK_FILES .tf files, each with a pypiserver module."""
    os.makedirs(root, exist_ok=True)
    for i in range(CHECK_FILES):
        path = os.path.join(root, f"pypi_{i:04}.tf")
        if not os.path.exists(path):
            with open(path, "w") as f:
                f.write(TF_FILE.format(i=i))


HERE = os.path.dirname(os.path.abspath(__file__))
SPAWN = os.path.join(HERE, "..", "target", "bench-spawn")


def build_spawn():
    """Compiles the C launcher (see spawn.c for why it exists)."""
    source = os.path.join(HERE, "spawn.c")
    if not os.path.exists(SPAWN) or os.path.getmtime(SPAWN) < os.path.getmtime(source):
        os.makedirs(os.path.dirname(SPAWN), exist_ok=True)
        subprocess.run(["cc", "-O2", "-o", SPAWN, source], check=True)


def measure(argv, runs):
    """Median and p90 wall seconds, and the largest peak RSS (KiB), of `runs` runs."""
    times, peaks = [], []
    for _ in range(runs):
        out = subprocess.run([SPAWN, *argv], capture_output=True, text=True, check=True).stdout
        ns, peak_kib, code = (int(x) for x in out.split())
        if code != 0:
            sys.exit(f"{' '.join(argv)} failed with exit code {code}")
        times.append(ns / 1e9)
        peaks.append(peak_kib)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], max(peaks)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--bin", default="target/release/pypi-size")
    args = parser.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"{args.bin} not found: run `cargo build --release` first")

    bench = {
        "capacity": [args.bin, "capacity", "--instance", "c6a.xlarge", "--asg-min-size", "2",
                     "--asg-max-size", "4", "--format", "json"],
        "capacity (table)": [args.bin, "capacity", "--instance", "c6a.xlarge",
                             "--asg-min-size", "2", "--asg-max-size", "4"],
        "recommend": [args.bin, "recommend", "--profile", "heavy", "--format", "json"],
        "recommend (workload)": [args.bin, "recommend", "--packages", "300", "--users", "30",
                                 "--ci-builds", "80", "--burst", "400"],
    }
    build_spawn()
    # Warm the page cache so the first runs do not measure the disk.
    measure(["/bin/true"], 20)
    for argv in bench.values():
        measure(argv, 20)

    base_median, base_p90, base_peak = measure(["/bin/true"], args.runs)
    print(f"{'command':<22} {'median':>9} {'p90':>9} {'x bare':>7} {'peak RSS':>10}")
    print(f"{'bare start (/bin/true)':<22} {base_median * 1e3:>7.2f}ms {base_p90 * 1e3:>7.2f}ms "
          f"{1.0:>7.2f} {base_peak / 1024:>8.1f}MiB")
    failed = False
    for name, argv in bench.items():
        median, p90, peak = measure(argv, args.runs)
        ratio = median / base_median
        ok = ratio <= TARGET_RATIO and peak <= TARGET_PEAK_KIB
        failed |= not ok
        print(f"{name:<22} {median * 1e3:>7.2f}ms {p90 * 1e3:>7.2f}ms {ratio:>7.2f} "
              f"{peak / 1024:>8.1f}MiB {'ok' if ok else 'MISSED'}")
    tree = os.path.join(HERE, "..", "target", "bench-tree")
    make_tree(tree)
    check = [args.bin, "check", tree, "--format", "json"]
    measure(check, 2)
    median, p90, peak = measure(check, max(5, args.runs // 30))
    ok = median <= TARGET_CHECK_SECONDS
    failed |= not ok
    print(f"{'check (1,000 .tf files)':<22} {median * 1e3:>7.1f}ms {p90 * 1e3:>7.1f}ms "
          f"{'':>7} {peak / 1024:>8.1f}MiB {'ok' if ok else 'MISSED'}")
    catalog = os.path.join(HERE, "..", "target", "bench-catalog.toml")
    make_catalog(catalog)
    opt = [args.bin, "--profiles", catalog, "optimize", "--min-workers", "200",
           "--format", "json"]
    measure(opt, 2)
    median, p90, peak = measure(opt, max(5, args.runs // 10))
    ok = median <= TARGET_OPTIMIZE_SECONDS
    failed |= not ok
    print(f"{'optimize (1,000 types)':<22} {median * 1e3:>7.1f}ms {p90 * 1e3:>7.1f}ms "
          f"{'':>7} {peak / 1024:>8.1f}MiB {'ok' if ok else 'MISSED'}")
    print(f"targets: median within {TARGET_RATIO}x a bare start, peak under "
          f"{TARGET_PEAK_KIB // 1024} MiB ({args.runs} runs each); check of "
          f"{CHECK_FILES:,} files under {TARGET_CHECK_SECONDS:.0f} s; optimize over "
          f"{CATALOG_TYPES:,} types under {TARGET_OPTIMIZE_SECONDS * 1e3:.0f} ms")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
