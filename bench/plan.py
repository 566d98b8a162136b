#!/usr/bin/env python3
"""Benchmark of `check --plan` on a plan of a large monorepo: wall time and
peak memory.

Generates (into target/, not kept) the `terraform show -json` document of a
root with the two pypiserver module calls of tests/fixtures/plans/two-calls.json
among tens of thousands of unrelated resources (S3 buckets, IAM policies with
long JSON documents, instances with nested blocks, each in resource_changes,
planned_values and prior_state, and declared in configuration), about 100 MB,
then times `pypi-size check --plan FILE --format json` as a fresh process
(bench/spawn.c, as run.py does) and checks the two modules' figures are
those of two-calls.json.

Targets: median under 2 s and peak RSS under 512 MiB on this machine.
Exits 1 when a target is missed.

    cargo build --release && python3 bench/plan.py [--runs N] [--bin PATH] [--mb 100]
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the launcher and the measuring loop)

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET_SECONDS = 2.0
TARGET_PEAK_KIB = 512 * 1024
BASE = os.path.join(HERE, "..", "tests", "fixtures", "plans", "two-calls.json")


def resource(n):
    """An unrelated resource: its change, planned value and prior value."""
    kind = ("aws_s3_bucket", "aws_iam_policy", "aws_instance")[n % 3]
    module = f"module.team_{n % 97}"
    address = f"{module}.{kind}.r{n}"
    if kind == "aws_iam_policy":
        values = {"name": f"policy-{n}", "path": "/", "policy": json.dumps({
            "Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": [f"s3:Get{a}" for a in "Object Bucket Acl".split()],
                 "Resource": [f"arn:aws:s3:::bucket-{n}/{k}/*" for k in range(6)]}]}),
                  "tags": {"team": f"t{n % 97}", "cost-center": "1234"}}
    elif kind == "aws_instance":
        values = {"ami": "ami-0123456789abcdef0", "instance_type": "m5.large",
                  "root_block_device": [{"volume_size": 50, "volume_type": "gp3",
                                         "tags": {"n": str(n)}}],
                  "ebs_block_device": [{"device_name": f"/dev/sd{c}", "volume_size": 100}
                                       for c in "fgh"],
                  "metadata_options": [{"http_tokens": "required",
                                        "http_put_response_hop_limit": 2}],
                  "tags": {"Name": f"host-{n}", "team": f"t{n % 97}"}}
    else:
        values = {"bucket": f"bucket-{n}", "force_destroy": False,
                  "tags": {"team": f"t{n % 97}", "data": "internal"},
                  "server_side_encryption_configuration": [{"rule": [{
                      "apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}],
                      "bucket_key_enabled": True}]}]}
    unknown = {"arn": True, "id": True, "tags_all": {}}
    action = ("no-op", "update", "create")[n % 3]
    change = {"address": address, "module_address": module, "mode": "managed", "type": kind,
              "name": f"r{n}", "provider_name": "registry.terraform.io/hashicorp/aws",
              "change": {"actions": [action], "before": None if action == "create" else values,
                         "after": values, "after_unknown": unknown,
                         "before_sensitive": {} if action != "create" else False,
                         "after_sensitive": {"tags": {}}}}
    planned = {"address": address, "mode": "managed", "type": kind, "name": f"r{n}",
               "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
               "values": values, "sensitive_values": {"tags": {}}}
    return (json.dumps(change, separators=(",", ":")),
            json.dumps(planned, separators=(",", ":")))


def make_plan(path, mb):
    if os.path.exists(path) and os.path.getsize(path) >= mb * 10**6:
        return
    with open(BASE) as f:
        base = json.load(f)
    base["resource_changes"].append("@@CHANGES@@")
    base["planned_values"]["root_module"].setdefault("resources", []).append("@@PLANNED@@")
    base["prior_state"]["values"]["root_module"].setdefault("resources", []).append("@@PRIOR@@")
    calls = base["configuration"]["root_module"]["module_calls"]
    for t in range(97):
        calls[f"team_{t}"] = {"source": f"./teams/t{t}", "module": {"resources": [
            {"address": f"aws_s3_bucket.r{k}", "mode": "managed", "type": "aws_s3_bucket",
             "name": f"r{k}", "provider_config_key": "aws",
             "expressions": {"bucket": {"constant_value": f"bucket-{k}"}},
             "schema_version": 0} for k in range(20)]}}
    text = json.dumps(base, separators=(",", ":"), sort_keys=True)
    size = len(text)
    n = 0
    chunks = {"@@CHANGES@@": [], "@@PLANNED@@": []}
    # A third of the bytes in each of the three arrays.
    while size < mb * 10**6:
        change, planned = resource(n)
        chunks["@@CHANGES@@"].append(change)
        chunks["@@PLANNED@@"].append(planned)
        size += len(change) + 2 * len(planned) + 3
        n += 1
    with open(path + ".tmp", "w") as f:
        rest = text
        markers = [("@@CHANGES@@", chunks["@@CHANGES@@"]),
                   ("@@PLANNED@@", chunks["@@PLANNED@@"]),
                   ("@@PRIOR@@", chunks["@@PLANNED@@"])]
        # In the order the document holds them (its keys are sorted).
        markers.sort(key=lambda m: text.index(f'"{m[0]}"'))
        for marker, items in markers:
            head, rest = rest.split(f'"{marker}"', 1)
            f.write(head)
            f.write(",".join(items))
        f.write(rest)
    os.replace(path + ".tmp", path)
    print(f"generated {path}: {os.path.getsize(path) / 1e6:.0f} MB, {n:,} unrelated resources")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "pypi-size"))
    ap.add_argument("--mb", type=int, default=100)
    args = ap.parse_args()
    path = os.path.join(HERE, "..", "target", f"bench-plan-{args.mb}mb.json")
    make_plan(path, args.mb)
    run.build_spawn()
    argv = [args.bin, "check", "--plan", path, "--format", "json"]
    run.measure(argv, 1)
    median, p90, peak = run.measure(argv, args.runs)
    import subprocess
    report = json.loads(subprocess.run(argv, capture_output=True, text=True).stdout)
    got = [(m["address"], m["capacity"]["task_min_count"], m["capacity"]["asg_max_size"])
           for m in report["modules"]]
    want = [("module.pypi_a", 12, 4), ("module.pypi_b", 2, 3)]
    ok = median <= TARGET_SECONDS and peak <= TARGET_PEAK_KIB and got == want
    size = os.path.getsize(path) / 1e6
    print(f"check --plan ({size:.0f} MB) median {median:.2f}s p90 {p90:.2f}s "
          f"peak {peak / 1024:.1f}MiB {'ok' if ok else 'MISSED'} "
          f"(targets {TARGET_SECONDS:.0f} s, {TARGET_PEAK_KIB // 1024} MiB; modules {got})")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
