#!/usr/bin/env python3
"""Differential test: real Terraform 1.0.3 against pypi-size.

Terraform evaluates the sizing arithmetic and the validations of infrahouse/pypiserver/aws
2.3.0 and of the ECS module it calls (7.12.0) for N seeded random configurations, through the
hand-written root in terraform/ (see README.md). Each configuration is then given to
`pypi-size capacity --format json` and the answers are compared.

  python3 run.py --terraform PATH --pypi-size PATH [-n 300] [--seed 1]
  python3 run.py --from results.jsonl --pypi-size PATH     # reuse Terraform's records
  python3 run.py --terraform PATH --no-compare             # Terraform side only

Python 3 standard library only. Exit status: 0 all agree, 1 disagreements, 2 harness error.

Strategy (Terraform side): a Python pre-check guesses which configurations the stack accepts;
those are evaluated in batches (one `terraform apply` of outputs only, for_each over a map of
configurations); a failing batch is bisected down to single configurations. Configurations
expected to fail run one per apply, so every rejection is attributed by Terraform's own
diagnostics. The pre-check only groups work: every recorded outcome comes from Terraform.

Record (one JSON line per configuration, --out):
  id, seed, terraform: "1.0.3",
  inputs: {instance: {type, memory_mib, vcpus}, module: {<every pypiserver variable set>}},
  outcome: "ok" | "rejected",
  outputs: {gunicorn_workers, container_cpu, container_memory_reservation, available_ram_mb,
            available_cpu_units, tasks_per_instance_ram, tasks_per_instance_cpu,
            tasks_per_instance, asg_instance_count, task_min_count, task_max_count,
            ecs_asg_min_size, asg_max_size, ecs_asg_max_memory_term, ecs_asg_max_cpu_term,
            root_volume_size}
           | null   (whole numbers as JSON numbers, anything else as Terraform's text:
                     "+Inf", "2.5", ...)
  outputs_text: the same, all as Terraform's text,
  errors: [{module, variables, message, summary}]  (every error diagnostic; module is
           "pypiserver" or "ecs"; variables the module variables the error is about)

Comparison contract (pypi-size side), per configuration:
  - Terraform rejects (plan error) => exit 2, and a line of stderr names one of the rejected
    variables and its module: "ecs/aws" on that line for an ECS module validation, no
    "ecs/aws" for pypiserver's own.
  - Terraform accepts, but AWS would reject the apply (container_memory_reservation >=
    container_memory, or the group's minimum above its maximum: asg_min_size null, so the
    subnet count, above a set asg_max_size, or task_max_count below task_min_count) => exit 2,
    stderr mentions "apply".
  - Terraform accepts, but the launch template's root_volume_size (30 + 2 x memory_mib /
    1024, website-pod's) is not a whole number, which the AWS provider refuses at plan
    ("Attribute must be a whole number") => exit 2, stderr says "whole number".
  - Terraform accepts with a derived asg_max_size of +Inf (memory_mib 1280) => exit 2.
  - Terraform accepts otherwise => exit 0, or 3 exactly when the report holds an error
    finding (ECS cannot run what Terraform plans), and the JSON `capacity` object equals Terraform on
    COMPARED_FIELDS (tasks_per_instance_ram: Terraform +Inf <=> null), asg_max_size_source is
    "set" or "ecs_module_default", cost.at_asg_max_size.instances == asg_max_size, and
    cost.root_volume_gb == root_volume_size.
  Not comparable: configurations pypi-size cannot express (a fractional value for a flag
  that takes whole numbers, when pypi-size refuses it), and rejections only by
  efs_lifecycle_policy, which has no flag.
"""
import argparse
import concurrent.futures
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TF_SRC = HERE / "terraform"
TF_VERSION = "1.0.3"

OUTPUT_KEYS = ["gunicorn_workers", "container_cpu", "container_memory_reservation",
               "available_ram_mb", "available_cpu_units", "tasks_per_instance_ram",
               "tasks_per_instance_cpu", "tasks_per_instance", "asg_instance_count",
               "task_min_count", "task_max_count", "ecs_asg_min_size", "asg_max_size",
               "ecs_asg_max_memory_term", "ecs_asg_max_cpu_term", "root_volume_size"]

# Fields of pypi-size's JSON `capacity` object compared with Terraform's outputs.
COMPARED_FIELDS = ["gunicorn_workers", "container_cpu", "container_memory_reservation",
                   "tasks_per_instance_ram", "tasks_per_instance_cpu", "tasks_per_instance",
                   "asg_instance_count", "task_min_count", "task_max_count", "asg_max_size"]
EXTRA_FIELDS = ["asg_max_size_source", "cost.at_asg_max_size.instances", "cost.root_volume_gb"]

MODULE_VARS = ["asg_instance_type", "asg_subnets", "asg_min_size", "asg_max_size",
               "container_memory", "container_memory_reservation", "container_cpu",
               "gunicorn_workers", "task_min_count", "task_max_count", "efs_throughput_mode",
               "efs_provisioned_throughput_in_mibps", "efs_lifecycle_policy"]
DEFAULTS = {"asg_instance_type": "t3.small", "asg_min_size": None, "asg_max_size": None,
            "container_memory": 512, "container_memory_reservation": None,
            "container_cpu": None, "gunicorn_workers": None, "task_min_count": None,
            "task_max_count": None, "efs_throughput_mode": "elastic",
            "efs_provisioned_throughput_in_mibps": None, "efs_lifecycle_policy": 30}

# pypi-size flags for module variables (asg_subnets goes as --subnets COUNT).
FLAGS = {"asg_min_size": "--asg-min-size", "asg_max_size": "--asg-max-size",
         "container_memory": "--container-memory",
         "container_memory_reservation": "--container-memory-reservation",
         "container_cpu": "--container-cpu", "gunicorn_workers": "--gunicorn-workers",
         "task_min_count": "--task-min-count", "task_max_count": "--task-max-count",
         "efs_throughput_mode": "--efs-throughput-mode",
         "efs_provisioned_throughput_in_mibps": "--efs-provisioned-throughput-in-mibps"}
NO_FLAG = {"efs_lifecycle_policy"}

# The locals of terraform/modules/pypiserver/locals.tf that fail on a rule across variables.
LOCAL_RULES = {"validate_asg_min_le_max": ["asg_min_size", "asg_max_size"],
               "validate_efs_provisioned_throughput": ["efs_throughput_mode",
                                                       "efs_provisioned_throughput_in_mibps"]}

INSTANCE_RE = re.compile(r"^[a-z][0-9][a-z]?\.[a-z0-9]+$")

# (name, MiB, vCPUs). Names failing the module's regex are real types, on purpose.
INSTANCES = [
    ("t3.nano", 512, 2), ("t3.micro", 1024, 2), ("t3.small", 2048, 2), ("t3.medium", 4096, 2),
    ("t3.large", 8192, 2), ("t3.xlarge", 16384, 4), ("t3.2xlarge", 32768, 8),
    ("t2.micro", 1024, 1), ("t4g.small", 2048, 2), ("c6a.large", 4096, 2),
    ("c6a.xlarge", 8192, 4), ("c6a.2xlarge", 16384, 8), ("c6a.4xlarge", 32768, 16),
    ("m5.large", 8192, 2), ("m5.xlarge", 16384, 4), ("r5.large", 16384, 2),
    ("r5.2xlarge", 65536, 8), ("m6i.4xlarge", 65536, 16), ("c5.18xlarge", 147456, 72),
    ("x1e.xlarge", 124928, 4), ("c6gn.large", 4096, 2), ("m7i-flex.large", 8192, 2),
    # Memory not a multiple of 512 MiB: a fractional root volume, refused at plan.
    ("c4.large", 3840, 2), ("t1.micro", 627, 1), ("m1.small", 1740, 1), ("c5n.large", 5376, 2),
]
COMMON = ["t3.small", "t3.micro", "t3.medium", "c6a.large", "c6a.xlarge", "c6a.2xlarge", "t3.nano"]

FIXED = [  # named edge cases, always first
    ("t3small_3200_min4", ("t3.small", 2048, 2), {"container_memory": 3200, "asg_min_size": 4}),
    ("worked_example_c6a_xlarge", ("c6a.xlarge", 8192, 4), {"container_memory": 512}),
    ("defaults_t3small", ("t3.small", 2048, 2), {}),
    ("reservation_0", ("t3.small", 2048, 2), {"container_memory_reservation": 0}),
    ("reservation_eq_memory", ("t3.small", 2048, 2), {"container_memory_reservation": 512}),
    ("reservation_gt_memory", ("t3.small", 2048, 2), {"container_memory_reservation": 1024}),
    ("asg_min_0", ("c6a.xlarge", 8192, 4), {"asg_min_size": 0}),
    ("t3micro", ("t3.micro", 1024, 2), {"container_memory": 256}),
    ("t3nano", ("t3.nano", 512, 2), {"container_memory": 128}),
    ("mem_1280_exact", ("z9.fake1280", 1280, 1), {}),
    ("huge_container", ("c6a.large", 4096, 2), {"container_memory": 30720}),
    ("explicit_workers_cpu", ("c6a.2xlarge", 16384, 8),
     {"gunicorn_workers": 16, "container_cpu": 4096, "task_min_count": 3, "task_max_count": 7}),
    ("min_gt_max", ("t3.small", 2048, 2), {"asg_min_size": 3, "asg_max_size": 2}),
    ("task_max_lt_min", ("t3.small", 2048, 2), {"task_min_count": 5, "task_max_count": 2}),
    ("c6gn_regex", ("c6gn.large", 4096, 2), {}),
    ("fractional_reservation", ("t3.medium", 4096, 2), {"container_memory_reservation": 383.5}),
    ("efs_provisioned_missing", ("t3.small", 2048, 2), {"efs_throughput_mode": "provisioned"}),
    ("fractional_root_volume", ("c4.large", 3840, 2), {}),
]

# Edge cases whose Terraform answer is known from module-stack.md / module-spec.md: checked
# on every run (a failure means the Terraform root or Terraform itself is wrong).
EXPECTED = {"t3small_3200_min4": {"asg_max_size": 26},
            "worked_example_c6a_xlarge": {"gunicorn_workers": 4, "container_cpu": 640,
                                          "container_memory_reservation": 384,
                                          "tasks_per_instance_ram": 19,
                                          "tasks_per_instance_cpu": 6, "task_min_count": 12,
                                          "task_max_count": 24, "asg_max_size": 4},
            "mem_1280_exact": {"asg_max_size": "+Inf"},
            "fractional_root_volume": {"root_volume_size": "37.5"}}


def subnets(k):
    return [f"subnet-{i:08x}{i:04x}" for i in range(1, k + 1)]


def log(s):
    print(s, flush=True)


# ------------------------------------------------------------------------------ generation

def random_config(rng):
    if rng.random() < 0.6:
        name = rng.choice(COMMON)
        inst = next(i for i in INSTANCES if i[0] == name)
    else:
        inst = rng.choice(INSTANCES)
    m = {}
    r = rng.random()
    if r < 0.45:
        m["container_memory"] = rng.choice([128, 256, 384, 512, 640, 768, 1024, 1536, 2048, 3200,
                                            4096, 8192, 16384, 30720])
    elif r < 0.8:
        m["container_memory"] = rng.randint(128, 4096 if rng.random() < 0.7 else 30720)
    elif r < 0.84:
        m["container_memory"] = rng.choice([64, 127, 30721, 40000])
    elif r < 0.87:
        m["container_memory"] = rng.randint(128, 2000) + 0.5
    cm = m.get("container_memory", 512)
    r = rng.random()
    if r < 0.1:
        m["container_memory_reservation"] = 0
    elif r < 0.3:
        m["container_memory_reservation"] = rng.randint(1, max(1, int(cm) - 1))
    elif r < 0.36:
        m["container_memory_reservation"] = rng.choice([int(cm), int(cm) + rng.randint(1, 500)])
    elif r < 0.38:
        m["container_memory_reservation"] = rng.choice([30721, rng.randint(1, 900) + 0.25])
    r = rng.random()
    if r < 0.1:
        m["asg_min_size"] = 0
    elif r < 0.45:
        m["asg_min_size"] = rng.randint(1, 6)
    elif r < 0.47:
        m["asg_min_size"] = rng.choice([1000, 1001])
    r = rng.random()
    if r < 0.2:
        m["asg_max_size"] = rng.randint(1, 12)
    elif r < 0.23:
        m["asg_max_size"] = rng.choice([0, 1000, 1001])
    r = rng.random()
    if r < 0.25:
        m["gunicorn_workers"] = rng.randint(1, 16)
    elif r < 0.28:
        m["gunicorn_workers"] = rng.choice([0, 17])
    r = rng.random()
    if r < 0.2:
        m["container_cpu"] = rng.randint(128, 4096)
    elif r < 0.23:
        m["container_cpu"] = rng.choice([100, 127, 4097])
    r = rng.random()
    if r < 0.15:
        m["task_min_count"] = rng.randint(0, 20)
    r = rng.random()
    if r < 0.15:
        m["task_max_count"] = rng.randint(0, 40)
    r = rng.random()
    if r < 0.06:
        m["efs_throughput_mode"] = "provisioned"
        if rng.random() < 0.7:
            m["efs_provisioned_throughput_in_mibps"] = rng.choice([1, 50, 3414, 3415, 0])
    elif r < 0.1:
        m["efs_throughput_mode"] = rng.choice(["bursting", "elastic", "turbo"])
    if rng.random() < 0.05:
        m["efs_lifecycle_policy"] = rng.choice([None, 7, 14, 60, 90, 45])
    k = 0 if rng.random() < 0.02 else rng.choice([1, 2, 2, 3])
    m["asg_subnets"] = subnets(k)
    m["asg_instance_type"] = inst[0]
    return inst, m


def make_configs(n, seed):
    rng = random.Random(seed)
    out = []
    for name, inst, m in FIXED[:n]:
        m = dict(m)
        m.setdefault("asg_subnets", subnets(2))
        m.setdefault("asg_instance_type", inst[0])
        out.append((name, inst, m))
    while len(out) < n:
        inst, m = random_config(rng)
        out.append((f"r{len(out):04d}", inst, m))
    return out


# ------------------------------------------------------------------------------ pre-check

def expect_valid(inst, m):
    """Python guess of whether the stack accepts the config (to group work only)."""
    v = {**DEFAULTS, **m}

    def num(x):
        return None if x is None else Fraction(str(x))
    amin, amax = num(v["asg_min_size"]), num(v["asg_max_size"])
    cm, res = num(v["container_memory"]), num(v["container_memory_reservation"])
    cpu, gw = num(v["container_cpu"]), num(v["gunicorn_workers"])
    tmin, tmax = num(v["task_min_count"]), num(v["task_max_count"])
    p = num(v["efs_provisioned_throughput_in_mibps"])
    rules = [
        INSTANCE_RE.match(v["asg_instance_type"]),
        len(v["asg_subnets"]) >= 1,
        amin is None or 1 <= amin <= 1000,  # pypiserver >= 0, ECS 1..1000
        amax is None or 1 <= amax <= 1000,
        amin is None or amax is None or amin <= amax,
        128 <= cm <= 30720,
        res is None or 0 < res <= 30720,  # pypiserver 0..30720, ECS > 0
        cpu is None or 128 <= cpu <= 4096,
        gw is None or 1 <= gw <= 16,
        tmin is None or tmin >= 1,  # pypiserver >= 0, ECS >= 1
        tmax is None or tmax > 0,
        v["efs_throughput_mode"] in ("bursting", "elastic", "provisioned"),
        p is None or 1 <= p <= 3414,
        v["efs_throughput_mode"] != "provisioned" or p is not None,
        v["efs_lifecycle_policy"] in (None, 7, 14, 30, 60, 90),
    ]
    return all(rules)


# ------------------------------------------------------------------------------ terraform

class Workdir:
    """A copy of terraform/, initialised once and applied many times."""

    def __init__(self, base, terraform, tag):
        self.terraform = terraform
        self.path = Path(tempfile.mkdtemp(prefix=f"tf-{tag}-", dir=base))
        shutil.copytree(TF_SRC, self.path, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".terraform*", "*.tfstate*"))
        rc_file = self.path / "terraformrc"
        rc_file.write_text("")
        self.env = dict(os.environ, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1",
                        TF_CLI_CONFIG_FILE=str(rc_file))
        for k in [k for k in self.env if k.startswith("TF_VAR_") or k == "TF_CLI_ARGS"
                  or k.startswith("TF_CLI_ARGS_")]:
            del self.env[k]
        self.tf(["init", "-input=false", "-no-color", "-backend=false"], check=True)

    def tf(self, args, check=False):
        p = subprocess.run([self.terraform] + args, cwd=self.path, env=self.env,
                           capture_output=True, text=True)
        if check and p.returncode != 0:
            raise RuntimeError(f"terraform {' '.join(args)} failed:\n{p.stdout}{p.stderr}")
        return p

    def run(self, configs):
        """One apply of the given configs. Returns (outputs by id or None, error diags)."""
        tfvars = {"configs": {}}
        for cid, inst, m in configs:
            v = {**DEFAULTS, **m}
            tfvars["configs"][cid] = {"memory_mib": inst[1], "vcpus": inst[2],
                                      **{k: v[k] for k in MODULE_VARS}}
        (self.path / "configs.tfvars.json").write_text(json.dumps(tfvars))
        state = self.path / "terraform.tfstate"
        if state.exists():
            state.unlink()
        p = self.tf(["apply", "-auto-approve", "-input=false", "-no-color", "-lock=false",
                     "-json", "-var-file=configs.tfvars.json"])
        diags = []
        for line in p.stdout.splitlines():
            try:
                d = json.loads(line)
            except ValueError:
                continue
            if d.get("type") == "diagnostic" and d["diagnostic"].get("severity") == "error":
                diags.append(d["diagnostic"])
        if p.returncode != 0:
            if not diags:
                diags.append({"severity": "error", "summary": "terraform failed",
                              "detail": (p.stdout + p.stderr)[-2000:]})
            return None, diags
        o = self.tf(["output", "-json", "-no-color", "results"], check=True)
        return json.loads(o.stdout), diags


def attribute(diag, workdir):
    """A Terraform error diagnostic as {module, variables, message, summary}."""
    detail, summary = diag.get("detail", ""), diag.get("summary", "")
    rng = diag.get("range") or {}
    fname = rng.get("filename", "")
    module, variables = None, []
    m = re.search(r"validation rule at (\S+?):(\d+),", detail)
    if m:  # a variable's validation: the enclosing `variable "x"` block of that file
        path, line = Path(m.group(1)), int(m.group(2))
        module = path.parent.name
        for text in reversed((workdir / path).read_text().splitlines()[:line]):
            mm = re.match(r'^variable "([^"]+)"', text)
            if mm:
                variables = [mm.group(1)]
                break
    elif fname:  # anything else: the module of the file, and the local it sits in
        module = Path(fname).parent.name
        if (workdir / fname).exists():
            line = (rng.get("start") or {}).get("line", 0)
            for text in reversed((workdir / fname).read_text().splitlines()[:line]):
                mm = re.match(r"^  (\w+)\s*=", text)
                if mm:
                    variables = LOCAL_RULES.get(mm.group(1), ["local." + mm.group(1)])
                    break
    if module not in ("pypiserver", "ecs"):
        module = module or None
    message = detail.split("\n\nThis was checked")[0]
    return {"module": module, "variables": variables, "message": message, "summary": summary}


def tf_value(text):
    if isinstance(text, str) and re.fullmatch(r"-?\d+", text) and text != "-0":
        return int(text)
    return text


def run_terraform(configs, terraform, batch_size, workers):
    base = Path(tempfile.mkdtemp(prefix="pypi-size-diff-"))
    try:
        wds = [Workdir(base, terraform, f"w{i}") for i in range(workers)]
        stats = {"applies": 0}

        def solve(wd, group, into):
            """Evaluate a group; bisect on failure down to single configurations."""
            stats["applies"] += 1
            res, diags = wd.run(group)
            if res is not None:
                for cid, _, _ in group:
                    into[cid] = ("ok", res[cid])
            elif len(group) == 1:
                into[group[0][0]] = ("rejected", [attribute(d, wd.path) for d in diags])
            else:
                mid = len(group) // 2
                solve(wd, group[:mid], into)
                solve(wd, group[mid:], into)

        good = [c for c in configs if expect_valid(c[1], c[2])]
        bad = [c for c in configs if not expect_valid(c[1], c[2])]
        jobs = [good[i:i + batch_size] for i in range(0, len(good), batch_size)]
        jobs += [[c] for c in bad]
        shares = [jobs[i::workers] for i in range(workers)]

        def worker(i):
            out = {}
            for group in shares[i]:
                solve(wds[i], group, out)
            return out

        results = {}
        with concurrent.futures.ThreadPoolExecutor(workers) as ex:
            for part in ex.map(worker, range(workers)):
                results.update(part)
        stats.update(expected_ok=len(good), expected_rejected=len(bad))
        return results, stats
    finally:
        shutil.rmtree(base, ignore_errors=True)


def build_records(configs, results, seed):
    recs = []
    for cid, inst, m in configs:
        rec = {"id": cid, "seed": seed, "terraform": TF_VERSION,
               "inputs": {"instance": {"type": inst[0], "memory_mib": inst[1], "vcpus": inst[2]},
                          "module": {k: m[k] for k in MODULE_VARS if k in m}}}
        kind, payload = results[cid]
        if kind == "ok":
            text = {k: payload[k] for k in OUTPUT_KEYS}
            rec.update(outcome="ok", outputs={k: tf_value(v) for k, v in text.items()},
                       outputs_text=text, errors=[])
        else:  # Terraform reports errors in no fixed order
            errs = sorted(payload, key=lambda e: (e["module"] != "pypiserver", e["variables"]))
            rec.update(outcome="rejected", outputs=None, outputs_text=None, errors=errs)
        recs.append(rec)
    return recs


def check_expected(records):
    """The fixed edge cases with a known answer. Returns a list of problems."""
    by_id = {r["id"]: r for r in records}
    problems = []
    for cid, want in EXPECTED.items():
        r = by_id.get(cid)
        if r is None:
            continue
        if r["outcome"] != "ok":
            problems.append(f"{cid}: Terraform rejected it: {r['errors']}")
            continue
        for k, v in want.items():
            if r["outputs"][k] != v:
                problems.append(f"{cid}: {k} = {r['outputs'][k]}, expected {v}")
    return problems


# ------------------------------------------------------------------------------ pypi-size

def synthetic_name(mem, vcpus):
    return f"x9.m{mem}v{vcpus}"


def write_profiles(base_file, records, dest):
    """base profiles.toml + one [instances."x9.m<MiB>v<vCPUs>"] entry per instance shape."""
    shapes = sorted({(r["inputs"]["instance"]["memory_mib"], r["inputs"]["instance"]["vcpus"])
                     for r in records})
    text = Path(base_file).read_text()
    # A profiles file with its own [instances] replaces the catalog: keep the
    # embedded catalog's types (the profiles name some) beside the synthetic ones.
    catalog = (REPO / "catalog.toml").read_text().split("\n[instances]\n", 1)[1]
    parts = [text.rstrip("\n"), "", "[instances]", catalog.rstrip("\n"),
             "# Added by tests/differential/run.py: one entry per (memory_mib, vcpus) tested."]
    for mem, vcpus in shapes:
        name = synthetic_name(mem, vcpus)
        assert INSTANCE_RE.match(name), name
        parts += [f'"{name}" = {{ vcpus = {vcpus}, memory_mib = {mem}, hourly = 0.1, '
                  'arch = "x86_64" }']
    parts.append("")
    Path(dest).write_text("\n".join(parts))


def fmt_num(x):
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def pypi_size_argv(binary, profiles, rec):
    inst, m = rec["inputs"]["instance"], rec["inputs"]["module"]
    itype = inst["type"]
    # a name the module's regex accepts goes as the synthetic catalog entry of that shape;
    # a name it rejects goes as is (pypi-size must reject it too)
    name = synthetic_name(inst["memory_mib"], inst["vcpus"]) if INSTANCE_RE.match(itype) else itype
    argv = [binary, "capacity", "--format", "json", "--profiles", str(profiles),
            "--instance", name, "--subnets", str(len(m.get("asg_subnets", [])))]
    for var, flag in FLAGS.items():
        if m.get(var) is not None:
            argv += [flag, fmt_num(m[var])]
    return argv


def tf_fraction(v):
    """Terraform text or JSON number -> Fraction, or "+Inf"/"-Inf", or None."""
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        if v in (float("inf"), float("-inf")):
            return "+Inf" if v > 0 else "-Inf"
        return Fraction(str(v))
    s = str(v).strip()
    if s in ("+Inf", "-Inf"):
        return s
    try:
        return Fraction(s)
    except ValueError:
        return s


def dig(obj, dotted):
    for part in dotted.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return KeyError
        obj = obj[part]
    return obj


def names_variable(line, var):
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(var)}(?![A-Za-z0-9_])", line) is not None


def fractional_flags(m):
    return [k for k in FLAGS if isinstance(m.get(k), float) and not m[k].is_integer()]


def judge(rec, proc):
    """Compare one record with pypi-size's answer.

    Returns (category, problems, field_results) where category is one of accepted,
    rejected, fractional_root_volume, apply_error, infinite_max, not_comparable;
    field_results maps a field to
    True (agrees), False (disagrees) or None (missing)."""
    m = rec["inputs"]["module"]
    v = {**DEFAULTS, **m}
    code, out, err = proc.returncode, proc.stdout, proc.stderr
    fields = {}
    frac = fractional_flags(m)
    if frac and code == 2 and any(FLAGS[k] in err for k in frac):
        return "not_comparable", [f"pypi-size refuses the fractional {', '.join(frac)}"], fields

    if rec["outcome"] == "rejected":
        expected = [e for e in rec["errors"] if not set(e["variables"]) <= NO_FLAG]
        if not expected:
            return "not_comparable", ["rejected only by variables pypi-size has no flag for"], fields
        if code != 2:
            return "rejected", [f"Terraform rejects, pypi-size exits {code}"], fields
        lines = err.splitlines()
        for e in expected:
            for line in lines:
                if any(names_variable(line, var) for var in e["variables"]) and \
                        (("ecs/aws" in line) == (e["module"] == "ecs")):
                    return "rejected", [], fields
        want = "; ".join(f"{e['module']}:{'/'.join(e['variables']) or e['summary']}"
                         for e in expected)
        return "rejected", [f"stderr names none of Terraform's errors ({want}): "
                            f"{err.strip()[:300]!r}"], fields

    outs = rec["outputs"]
    if tf_fraction(outs["root_volume_size"]).denominator != 1:
        if code != 2 or "whole number" not in err:
            return "fractional_root_volume", [f"root_volume_size {outs['root_volume_size']}: "
                                              f"pypi-size exits {code}, expected 2 naming a "
                                              f"whole number: {err.strip()[:300]!r}"], fields
        return "fractional_root_volume", [], fields
    res = Fraction(str(outs["container_memory_reservation"]))
    group_min_above_max = (v.get("asg_min_size") is None and v.get("asg_max_size") is not None
                           and Fraction(str(outs["asg_instance_count"]))
                           > Fraction(str(v["asg_max_size"])))
    # Application Auto Scaling refuses a target whose maximum is below its
    # minimum: the plan passes, the apply fails.
    tasks_max_below_min = (Fraction(str(outs["task_max_count"]))
                           < Fraction(str(outs["task_min_count"])))
    if group_min_above_max or tasks_max_below_min:
        if code != 2 or "apply" not in err:
            return "apply_error", [f"group minimum above asg_max_size: pypi-size exits {code}: "
                                   f"{err.strip()[:300]!r}"], fields
        return "apply_error", [], fields
    if res >= Fraction(str(v["container_memory"])):
        if code != 2:
            return "apply_error", [f"reservation {res} >= container_memory: pypi-size exits "
                                   f"{code}, expected 2"], fields
        if "apply" not in err:
            return "apply_error", [f"stderr does not mention 'apply': {err.strip()[:300]!r}"], fields
        return "apply_error", [], fields
    if outs["asg_max_size"] == "+Inf":
        if code != 2:
            return "infinite_max", [f"asg_max_size +Inf: pypi-size exits {code}, expected 2"], fields
        return "infinite_max", [], fields

    if code not in (0, 3):
        return "accepted", [f"Terraform accepts, pypi-size exits {code}: "
                            f"{err.strip()[:300]!r}"], fields
    try:
        doc = json.loads(out)
    except ValueError:
        return "accepted", [f"pypi-size stdout is not JSON: {out[:200]!r}"], fields
    # Exit 3 is a verdict: the report is printed and holds an error finding
    # (Terraform plans the config, but ECS cannot run it); 0 holds none.
    errors = [w.get("code") for w in (doc.get("warnings") or []) if isinstance(doc, dict)
              and isinstance(w, dict) and w.get("severity") == "error"]
    if (code == 3) != bool(errors):
        return "accepted", [f"pypi-size exits {code} with error findings {errors}"], fields
    cap = doc.get("capacity") if isinstance(doc, dict) else None
    problems = []
    for f in COMPARED_FIELDS:
        got = dig(cap, f) if isinstance(cap, dict) else KeyError
        want = tf_fraction(outs[f])
        if got is KeyError:
            fields[f] = None
            problems.append(f"{f}: missing (Terraform {outs[f]})")
            continue
        if f == "tasks_per_instance_ram" and want == "+Inf":
            ok = got is None
        else:
            ok = got is not None and tf_fraction(got) == want
        fields[f] = ok
        if not ok:
            problems.append(f"{f}: Terraform {outs[f]}, pypi-size {json.dumps(got)}")
    source_want = "set" if v["asg_max_size"] is not None else "ecs_module_default"
    checks = [("asg_max_size_source", dig(cap, "asg_max_size_source")
               if isinstance(cap, dict) else KeyError, source_want),
              ("cost.at_asg_max_size.instances", dig(doc, "cost.at_asg_max_size.instances"),
               outs["asg_max_size"]),
              ("cost.root_volume_gb", dig(doc, "cost.root_volume_gb"), outs["root_volume_size"])]
    for f, got, want in checks:
        if got is KeyError:
            fields[f] = None
            problems.append(f"{f}: missing (expected {want})")
            continue
        ok = tf_fraction(got) == tf_fraction(want) if f != "asg_max_size_source" else got == want
        fields[f] = ok
        if not ok:
            problems.append(f"{f}: expected {want}, pypi-size {json.dumps(got)}")
    return "accepted", problems, fields


def compare(records, binary, base_profiles, workers):
    tmp = Path(tempfile.mkdtemp(prefix="pypi-size-diff-profiles-"))
    try:
        profiles = tmp / "profiles.toml"
        write_profiles(base_profiles, records, profiles)
        # the catalog must load: a defaults config on one synthetic type
        r0 = records[0]["inputs"]["instance"]
        p = subprocess.run([binary, "capacity", "--format", "json", "--profiles", str(profiles),
                            "--instance", synthetic_name(r0["memory_mib"], r0["vcpus"])],
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"pypi-size does not load the generated profiles.toml:\n{p.stderr}")

        def one(rec):
            argv = pypi_size_argv(binary, profiles, rec)
            return rec, argv, subprocess.run(argv, capture_output=True, text=True)

        with concurrent.futures.ThreadPoolExecutor(workers) as ex:
            answers = list(ex.map(one, records))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    cats, disagreements = {}, []
    tally = {f: [0, 0, 0] for f in COMPARED_FIELDS + EXTRA_FIELDS}  # agree, disagree, missing
    for rec, argv, proc in answers:
        cat, problems, fields = judge(rec, proc)
        c = cats.setdefault(cat, [0, 0])
        c[0 if not problems else 1] += 1
        for f, ok in fields.items():
            tally[f][0 if ok else 2 if ok is None else 1] += 1
        if problems and cat != "not_comparable":
            disagreements.append({"id": rec["id"], "category": cat, "problems": problems,
                                  "instance": rec["inputs"]["instance"],
                                  "module": rec["inputs"]["module"],
                                  "terraform": rec["outputs"] or rec["errors"],
                                  "pypi_size": " ".join(["pypi-size"] + argv[1:4] + argv[6:]),
                                  "exit": proc.returncode})
    return cats, tally, disagreements


def print_compare(cats, tally, disagreements, show, dump):
    names = {"accepted": "Terraform accepts (fields compared)",
             "rejected": "Terraform rejects (plan error)",
             "apply_error": "Terraform accepts, AWS rejects the apply",
             "fractional_root_volume": "root volume not whole (plan refuses)",
             "infinite_max": "Terraform accepts, asg_max_size +Inf",
             "not_comparable": "not comparable (no flag / fractional)"}
    log("pypi-size: agree / disagree per kind of configuration")
    for k in names:
        if k == "not_comparable" and k in cats:
            log(f"  {names[k]:42} {sum(cats[k]):4} skipped")
        elif k in cats:
            log(f"  {names[k]:42} {cats[k][0]:4} agree {cats[k][1]:4} disagree")
    log("pypi-size: fields of accepted configurations: agree / disagree / missing")
    for f, (a, d, mi) in tally.items():
        log(f"  {f:32} {a:4} {d:4} {mi:4}")
    if dump:
        with open(dump, "w") as fh:
            for d in disagreements:
                fh.write(json.dumps(d) + "\n")
    log(f"{len(disagreements)} configurations disagree" +
        (f" (all written to {dump})" if dump and disagreements else ""))
    for d in disagreements[:show]:
        inst = d["instance"]
        mod = {k: (len(v) if k == "asg_subnets" else v) for k, v in d["module"].items()
               if k != "asg_instance_type"}
        log(f"- {d['id']} [{d['category']}] {inst['type']} ({inst['memory_mib']} MiB, "
            f"{inst['vcpus']} vCPU) {json.dumps(mod)}")
        log(f"    {d['pypi_size']}  -> exit {d['exit']}")
        for p in d["problems"]:
            log(f"    {p}")
    if len(disagreements) > show:
        log(f"... {len(disagreements) - show} more (--show to list more)")


# ------------------------------------------------------------------------------ main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=300, help="number of configurations (default 300)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--terraform", help="Terraform 1.0.3 binary")
    ap.add_argument("--pypi-size", help="pypi-size binary to compare against")
    ap.add_argument("--no-compare", action="store_true", help="Terraform side only")
    ap.add_argument("--profiles-base", default=str(REPO / "profiles.toml"),
                    help="profiles.toml the test catalog is built from")
    ap.add_argument("--out", help="write Terraform's records here (JSON lines)")
    ap.add_argument("--from", dest="from_file", help="reuse Terraform's records from this file")
    ap.add_argument("--disagreements", help="write every disagreement here (JSON lines)")
    ap.add_argument("--show", type=int, default=40, help="disagreements printed (default 40)")
    ap.add_argument("--batch-size", type=int, default=60)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    for attr in ("terraform", "pypi_size"):  # absolute: Terraform runs in other directories
        if getattr(a, attr):
            found = shutil.which(getattr(a, attr))
            if not found:
                ap.error(f"--{attr.replace('_', '-')} {getattr(a, attr)}: not an executable")
            setattr(a, attr, str(Path(found).resolve()))

    if a.from_file:
        records = [json.loads(line) for line in open(a.from_file)]
        ok = sum(r["outcome"] == "ok" for r in records)
        log(f"Terraform {TF_VERSION}: {len(records)} configurations from {a.from_file}: {ok} "
            f"accepted, {len(records) - ok} rejected")
    else:
        if not a.terraform:
            ap.error("--terraform is required (or --from)")
        v = subprocess.run([a.terraform, "version"], capture_output=True, text=True,
                           env=dict(os.environ, CHECKPOINT_DISABLE="1")).stdout
        if f"Terraform v{TF_VERSION}\n" not in v:
            ap.error(f"{a.terraform} is not Terraform {TF_VERSION}: {v.splitlines()[:1]}")
        t0 = time.time()
        configs = make_configs(a.n, a.seed)
        results, stats = run_terraform(configs, a.terraform, a.batch_size, a.workers)
        records = build_records(configs, results, a.seed)
        if a.out:
            Path(a.out).parent.mkdir(parents=True, exist_ok=True)
            with open(a.out, "w") as f:
                for r in records:
                    f.write(json.dumps(r) + "\n")
        ok = sum(r["outcome"] == "ok" for r in records)
        log(f"Terraform {TF_VERSION}: {len(records)} configurations (seed {a.seed}): {ok} "
            f"accepted, {len(records) - ok} rejected; {stats['applies']} applies "
            f"({stats['expected_ok']} pre-checked valid in batches of {a.batch_size}); "
            f"{time.time() - t0:.1f} s" + (f" -> {a.out}" if a.out else ""))
    by_module = {}
    for r in records:
        for e in r["errors"]:
            key = f"{e['module']}:{'/'.join(e['variables']) or e['summary']}"
            by_module[key] = by_module.get(key, 0) + 1
    if by_module:
        log("  rejections: " + ", ".join(f"{k} {n}" for k, n in sorted(by_module.items())))
    problems = check_expected(records)
    for p in problems:
        log(f"EDGE CASE WRONG: {p}")
    if problems:
        sys.exit(2)
    log(f"  edge cases as specified: {', '.join(k for k in EXPECTED if any(r['id'] == k for r in records))}")
    if a.no_compare or not a.pypi_size:
        return
    t0 = time.time()
    cats, tally, disagreements = compare(records, a.pypi_size, a.profiles_base, 4)
    log(f"pypi-size compared on {len(records)} configurations in {time.time() - t0:.1f} s")
    print_compare(cats, tally, disagreements, a.show, a.disagreements)
    sys.exit(1 if disagreements else 0)


if __name__ == "__main__":
    main()
