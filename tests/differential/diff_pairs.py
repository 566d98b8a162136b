#!/usr/bin/env python3
"""Differential test of `pypi-size diff` against real Terraform 1.0.3.

Terraform's own records (run.py's format: accepted configurations with Terraform's
outputs, rejected ones with its errors) are placed in pairs of Terraform trees, BASE and
HEAD, each a main.tf of `module "..." { source = "infrahouse/pypiserver/aws" ... }` blocks:
one block changed, blocks added and removed, a `for_each` map whose keys come and go, a
`count` that changes, identical trees. `pypi-size diff BASE HEAD --format json` must pair
them and report what Terraform computes on each side.

  python3 diff_pairs.py --terraform PATH --pypi-size PATH [-n 300] [--seed 1] [--pairs 300]
  python3 diff_pairs.py --from results.jsonl --pypi-size PATH [--pairs 300] [--seed 1]

Python 3 standard library only. Exit status: 0 all agree, 1 disagreements, 2 harness error.

Records. With --terraform, run.py's N configurations of --seed plus as many "mutants" (a
configuration with one to three variables changed, as a pull request changes them) are
evaluated by Terraform through terraform/ (run.py's code) and written to --out; --from
reads records already written (run.py's results.jsonl: then pairs have no mutants).
Every expected figure comes from those records, every expected cost from `pypi-size
capacity` run with the record's inputs (capacity is itself differential-tested by run.py).

Trees. Each record becomes a module block setting the record's variables (asg_instance_type
as run.py's synthetic catalog name of the instance shape, x9.m<MiB>v<vCPUs>, when the
module's regex accepts the name) plus the module's other required inputs (zone_id,
load_balancer_subnets, alarm_emails). A `for_each` block reads every variable from
`each.value`, a map of objects in which a variable the record leaves unset holds the
module's default, so each key means exactly the record. A block with `count = 0` is only
given a record Terraform accepts, or one refused by a pypiserver variable's own validation:
for those Terraform's verdict on the `count = 0` tree is asked of Terraform (terraform/
planned with `count = 0` and the record's values as constants), as Terraform 1.0.3 checks
a variable's validation against constant arguments even where count makes no instance.

Contract, per module address of a pair:
  - the address is reported once, with change added / removed / changed / unchanged
    (unchanged iff both sides set the same values, with the module's defaults for the
    unset, and make as many copies), base/head presence absent / sized / not_sized /
    not_deployed, copies before/after, no other_arguments;
  - inputs: both sides present: exactly the variables whose values differ; an added or
    removed block: the variables it sets; each side's value as written;
  - a side Terraform accepts and AWS would deploy is `sized`; its figures equal
    Terraform's outputs: asg_instance_count (= ecs_asg_min_size), asg_max_size,
    tasks_per_instance, task_min_count, task_max_count, gunicorn_workers, total_workers =
    task_min_count x gunicorn_workers, asg_instance_type the name written;
  - a side Terraform rejects (plan; a fractional root volume too), AWS would reject (apply)
    or whose derived asg_max_size
    is +Inf is `not_sized`, priced null, with an error finding (appeared in HEAD /
    disappeared from BASE where the other side does not have it); a figure it still shows
    must be Terraform's where Terraform computed one;
  - a fractional value Terraform accepts where pypi-size takes whole numbers: `not_sized`
    (counted as not comparable) or `sized` and compared;
  - every figure's delta = after - before, null unless both are known;
  - cost at asg_min_size and asg_max_size: absent or count = 0 -> 0; sized -> copies x
    capacity's total; not sized -> null; delta = after - before (null, never 0, when a side
    is); delta_percent = round(delta / before x 100, 2), null when before is 0;
  - total: the exact-cent sum of each side, same shape; summary counts; the gate's rules
    (--fail-above, --fail-above-percent, --at-max-size, --fail-on, drawn at random) and the
    exit code (0 passed, 3 failed); identical trees: anything_changed false, exit 0 when
    no cost limit is unverifiable.
"""
import argparse
import concurrent.futures
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import run as tfrun  # noqa: E402  (run.py beside this file: Terraform side and catalog)

REPO = tfrun.REPO
VARS = tfrun.MODULE_VARS
DEFAULTS = tfrun.DEFAULTS
OTHER_REQUIRED = [("zone_id", '"Z0123456789"'),
                  ("load_balancer_subnets", '["subnet-public-a", "subnet-public-b"]'),
                  ("alarm_emails", '["ops@example.com"]')]
FIGURES = ["asg_instance_count", "asg_max_size", "tasks_per_instance", "task_min_count",
           "task_max_count", "gunicorn_workers", "total_workers"]
POINTS = ["at_asg_min_size", "at_asg_max_size"]
NOT_SIZED_KINDS = {"rejected", "root_volume", "apply_error", "infinite_max"}


def log(s=""):
    print(s, flush=True)


# ------------------------------------------------------------------------------ records

def mutate(rng, inst, m):
    """A configuration with one to three variables changed, as a pull request would."""
    inst2, m2 = inst, dict(m)
    donor_inst, donor = tfrun.random_config(rng)
    names = VARS + ["instance"]
    for var in rng.sample(names, rng.choice([1, 1, 1, 2, 2, 3])):
        if var in ("instance", "asg_instance_type"):
            inst2 = donor_inst
            m2["asg_instance_type"] = donor_inst[0]
        elif var in ("asg_min_size", "asg_max_size", "task_min_count", "task_max_count",
                     "container_memory", "gunicorn_workers") and m2.get(var) is not None \
                and rng.random() < 0.4:
            step = 128 if var == "container_memory" else 1
            m2[var] = m2[var] + rng.choice([-step, step, 2 * step])
        elif var in donor:
            m2[var] = donor[var]
        elif var != "asg_subnets":
            m2.pop(var, None)
    return inst2, m2


def make_records(a):
    configs = tfrun.make_configs(a.n, a.seed)
    rng = random.Random(a.seed * 7919 + 3)
    parents = {}
    mutants = []
    for i in range(a.mutants if a.mutants is not None else a.n):
        cid, inst, m = rng.choice(configs)
        inst2, m2 = mutate(rng, inst, m)
        mid = f"m{i:04d}"
        parents[mid] = cid
        mutants.append((mid, inst2, m2))
    t0 = time.time()
    results, stats = tfrun.run_terraform(configs + mutants, a.terraform, a.batch_size,
                                         a.workers)
    records = tfrun.build_records(configs + mutants, results, a.seed)
    for r in records:
        if r["id"] in parents:
            r["mutant_of"] = parents[r["id"]]
    ok = sum(r["outcome"] == "ok" for r in records)
    log(f"Terraform {tfrun.TF_VERSION}: {len(records)} configurations (seed {a.seed}: "
        f"{len(configs)} + {len(mutants)} mutants): {ok} accepted, {len(records) - ok} "
        f"rejected; {stats['applies']} applies; {time.time() - t0:.1f} s")
    return records


# ------------------------------------------------------------------------------ records' meaning

def tree_type(rec):
    inst = rec["inputs"]["instance"]
    if tfrun.INSTANCE_RE.match(inst["type"]):
        return tfrun.synthetic_name(inst["memory_mib"], inst["vcpus"])
    return inst["type"]


def tree_value(rec, var):
    """The value a block gives `var` for this record: as set, else the module's default."""
    if var == "asg_instance_type":
        return tree_type(rec)
    m = rec["inputs"]["module"]
    return m[var] if var in m else DEFAULTS.get(var)


def hcl(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return tfrun.fmt_num(v)
    if isinstance(v, list):
        return "[" + ", ".join(hcl(x) for x in v) + "]"
    return json.dumps(v)


def num(v):
    """A number (or Terraform's text of one) as a Fraction; anything else as is."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return Fraction(str(v))
    if isinstance(v, str):
        try:
            return Fraction(v)
        except ValueError:
            return v
    return v


def same_value(a, b):
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) \
            and not isinstance(a, bool) and not isinstance(b, bool):
        return num(a) == num(b)
    return a == b


def kind_of(rec):
    """rejected | root_volume | apply_error | infinite_max | sized: what Terraform and AWS
    make of it. root_volume: website-pod's launch template gets a fractional root volume
    (30 + 2 x memory / 1024), which the AWS provider refuses at plan."""
    if rec["outcome"] == "rejected":
        return "rejected"
    m, outs = rec["inputs"]["module"], rec["outputs"]
    volume = outs.get("root_volume_size")
    if volume is not None and Fraction(str(volume)).denominator != 1:
        return "root_volume"
    v = {**DEFAULTS, **m}
    group_min_above_max = (v.get("asg_min_size") is None and v.get("asg_max_size") is not None
                           and num(outs["asg_instance_count"]) > num(v["asg_max_size"]))
    if group_min_above_max or num(outs["task_max_count"]) < num(outs["task_min_count"]) \
            or num(outs["container_memory_reservation"]) >= num(v["container_memory"]):
        return "apply_error"
    if outs["asg_max_size"] == "+Inf":
        return "infinite_max"
    return "sized"


def fractional(rec):
    return bool(tfrun.fractional_flags(rec["inputs"]["module"]))


def refused_by_own_validation(rec):
    """Rejected by a pypiserver variable's own validation (checked on constants even
    where count = 0 makes no instance)."""
    return rec["outcome"] == "rejected" and any(
        e["module"] == "pypiserver" and len(e["variables"]) == 1 and e["variables"][0] in VARS
        for e in rec["errors"])


def count0_ok(rec):
    """Whether Terraform's verdict on `count = 0` with this record is known to carry over
    from terraform/ to the real modules (see the docstring)."""
    return rec["outcome"] == "ok" or refused_by_own_validation(rec)


# ------------------------------------------------------------------------------ trees

class Block:
    """A module block: plain, count or for_each (entries: key -> record)."""

    def __init__(self, name, rec=None, count=None, entries=None, inline=False):
        self.name, self.rec, self.count = name, rec, count
        self.entries, self.inline = entries, inline

    def copy(self):
        return Block(self.name, self.rec, self.count,
                     dict(self.entries) if self.entries is not None else None, self.inline)

    def instances(self):
        """address -> (record, copies, variables the block sets)."""
        if self.entries is not None:
            return {f'module.{self.name}["{k}"]': (r, 1, list(VARS))
                    for k, r in self.entries.items()}
        sets = [v for v in VARS if v in self.rec["inputs"]["module"] or v == "asg_instance_type"]
        if self.count is None:
            return {f"module.{self.name}": (self.rec, 1, sets)}
        if self.count == 0:
            # No instance: the block itself, with no copy (Terraform still validates it).
            return {f"module.{self.name}": (self.rec, 0, sets)}
        # diff pairs every copy by its address, as Terraform plans them.
        return {f"module.{self.name}[{i}]": (self.rec, 1, sets) for i in range(self.count)}

    def text(self):
        head = [f'module "{self.name}" {{', '  source  = "infrahouse/pypiserver/aws"',
                '  version = "2.3.0"']
        body = []
        if self.entries is not None:
            if self.inline:
                body.append("  for_each = " + self.map_text("  "))
            else:
                body.append(f"  for_each = local.{self.name}_instances")
            body += [f"  {v} = each.value.{v}" for v in VARS]
        else:
            if self.count is not None:
                body.append(f"  count = {self.count}")
            body += [f"  {v} = {hcl(tree_value(self.rec, v))}" for v in VARS
                     if v in self.rec["inputs"]["module"] or v == "asg_instance_type"]
        body += [f"  {k} = {v}" for k, v in OTHER_REQUIRED]
        out = "\n".join(head + body + ["}", ""])
        if self.entries is not None and not self.inline:
            out = (f"locals {{\n  {self.name}_instances = {self.map_text('  ')}\n}}\n\n" + out)
        return out

    def map_text(self, indent):
        if not self.entries:
            return "{}"
        lines = ["{"]
        for k, r in self.entries.items():
            lines.append(f'{indent}  "{k}" = {{')
            lines += [f"{indent}    {v} = {hcl(tree_value(r, v))}" for v in VARS]
            lines.append(f"{indent}  }}")
        lines.append(indent + "}")
        return "\n".join(lines)


def tree_text(blocks):
    return "\n".join(b.text() for b in blocks) if blocks else "# no pypiserver module here\n"


def instances(blocks):
    out = {}
    for b in blocks:
        out.update(b.instances())
    return out


class Pairs:
    """Seeded scenarios over the records."""

    def __init__(self, records, seed):
        self.rng = random.Random(seed * 1000003 + 11)
        self.by_id = {r["id"]: r for r in records}
        self.sized = [r for r in records if kind_of(r) == "sized" and not fractional(r)]
        self.other = [r for r in records if r not in self.sized]
        self.own_rejected = [r for r in records if refused_by_own_validation(r)]
        self.mutants = {}
        for r in records:
            if "mutant_of" in r and r["mutant_of"] in self.by_id:
                self.mutants.setdefault(r["mutant_of"], []).append(r)
                self.mutants.setdefault(r["id"], []).append(self.by_id[r["mutant_of"]])

    def pick(self, count0=False):
        while True:
            pool = self.sized if self.rng.random() < 0.72 or not self.other else self.other
            r = self.rng.choice(pool)
            if not count0 or count0_ok(r):
                return r

    def next_of(self, r, count0=False):
        """HEAD's record for BASE's r: a mutant, another record, or r itself."""
        for _ in range(20):
            x = self.rng.random()
            if x < 0.45 and self.mutants.get(r["id"]):
                n = self.rng.choice(self.mutants[r["id"]])
            elif x < 0.78:
                n = self.pick(count0)
            else:
                n = r
            if not count0 or count0_ok(n):
                return n
        return r

    def single(self):
        a = self.pick()
        return [Block("pypiserver", a)], [Block("pypiserver", self.next_of(a))]

    def blocks(self):
        names = ["pypi_a", "pypi_b", "pypi_c", "pypi_d", "pypi_e"]
        self.rng.shuffle(names)
        base = [Block(n, self.pick()) for n in names[:self.rng.randint(0, 3)]]
        head = [Block(b.name, self.next_of(b.rec)) for b in base if self.rng.random() < 0.7]
        head += [Block(n, self.pick()) for n in names[len(base):len(base) + self.rng.randint(0, 2)]]
        if not base and not head:
            head = [Block(names[0], self.pick())]
        self.rng.shuffle(head)
        return base, head

    def for_each(self):
        keys = ["prod", "dev", "stage", "eu", "us", "ci"]
        self.rng.shuffle(keys)
        inline = self.rng.random() < 0.3
        base_keys = keys[:self.rng.randint(0, 4)]
        base_e = {k: self.pick() for k in base_keys}
        head_e = {}
        for k in base_keys:
            if self.rng.random() < 0.75:
                head_e[k] = self.next_of(base_e[k])
        for k in keys[len(base_keys):len(base_keys) + self.rng.randint(0, 2)]:
            head_e[k] = self.pick()
        if not base_e and not head_e:
            head_e[keys[0]] = self.pick()
        base = [Block("pypi", entries=base_e, inline=inline)]
        head = [Block("pypi", entries=head_e, inline=self.rng.random() < 0.3)]
        if self.rng.random() < 0.4:
            a = self.pick()
            base.append(Block("pypiserver", a))
            head.insert(0, Block("pypiserver", self.next_of(a)))
        return base, head

    def count(self):
        kb = self.rng.choice([0, 1, 2, 3])
        kh = kb if self.rng.random() < 0.4 else self.rng.choice([0, 1, 2, 3])
        zero = kb == 0 or kh == 0
        if zero and self.own_rejected and self.rng.random() < 0.5:
            a = self.rng.choice(self.own_rejected)  # what does Terraform say of count = 0?
        else:
            a = self.pick(count0=zero)
        b = self.next_of(a, count0=zero)
        return [Block("pool", a, count=kb)], [Block("pool", b, count=kh)]

    def identical(self):
        maker = self.rng.choice([self.single, self.blocks, self.for_each, self.count])
        _, head = maker()
        if not head:
            head = [Block("pypiserver", self.pick())]
        return [b.copy() for b in head], head

    def make(self, i):
        x = self.rng.random()
        for limit, kind, maker in [(0.33, "single", self.single), (0.53, "blocks", self.blocks),
                                   (0.78, "for_each", self.for_each), (0.9, "count", self.count),
                                   (1.01, "identical", self.identical)]:
            if x < limit:
                base, head = maker()
                break
        flags = []
        if self.rng.random() < 0.3:
            flags += ["--fail-above", str(self.rng.choice([0, 25, 100, 1000]))]
        if self.rng.random() < 0.2:
            flags += ["--fail-above-percent", str(self.rng.choice([0, 10, 50, 200]))]
        if flags and self.rng.random() < 0.4:
            flags.append("--at-max-size")
        if self.rng.random() < 0.1:
            flags += ["--fail-on", "never"]
        if kind == "identical":  # the promise: identical trees exit 0 without cost limits
            flags = [f for f in flags if f in ("--fail-on", "never")]
        return {"id": f"p{i:04d}", "scenario": kind, "base": base, "head": head,
                "flags": flags}


# ------------------------------------------------------------------------------ count = 0

def count0_verdicts(records, terraform):
    """Whether Terraform refuses `count = 0` of each record (terraform/ planned with the
    record's values as constants): {id: True (refused) | False}."""
    if not records:
        return {}
    base = Path(tempfile.mkdtemp(prefix="pypi-size-diff-count0-"))
    try:
        wd = tfrun.Workdir(base, terraform, "count0")
        out = {}
        for r in records:
            inst, m = r["inputs"]["instance"], r["inputs"]["module"]
            v = {**DEFAULTS, **m}
            lines = ['module "pypiserver" {', '  source = "./modules/pypiserver"', "  count = 0",
                     f"  memory_mib = {inst['memory_mib']}", f"  vcpus = {inst['vcpus']}"]
            lines += [f"  {k} = {hcl(v[k])}" for k in VARS]
            (wd.path / "main.tf").write_text("\n".join(lines + ["}", ""]))
            for f in wd.path.glob("*.tfvars.json"):
                f.unlink()
            p = wd.tf(["plan", "-input=false", "-no-color", "-lock=false"])
            out[r["id"]] = p.returncode != 0
        return out
    finally:
        shutil.rmtree(base, ignore_errors=True)


# ------------------------------------------------------------------------------ pypi-size

def capacity_costs(binary, profiles, records, workers):
    """id -> {at_asg_min_size: Fraction, at_asg_max_size: Fraction} or an error string."""
    def one(rec):
        argv = tfrun.pypi_size_argv(binary, profiles, rec)
        p = subprocess.run(argv, capture_output=True, text=True, env=clean_env())
        # 3 is a verdict with the report printed (an error finding): still priced.
        if p.returncode not in (0, 3):
            return rec["id"], f"capacity exits {p.returncode}: {p.stderr.strip()[:200]}"
        doc = json.loads(p.stdout)
        return rec["id"], {pt: Fraction(str(doc["cost"][pt]["total"])) for pt in POINTS}

    with concurrent.futures.ThreadPoolExecutor(workers) as ex:
        return dict(ex.map(one, records))


def clean_env():
    return {k: v for k, v in os.environ.items()
            if not k.startswith("TF_VAR_") and k not in ("PYPI_SIZE_PROFILES", "PYPI_SIZE_CATALOG")}


# ------------------------------------------------------------------------------ judging

class Tally:
    def __init__(self):
        self.c = {}

    def add(self, key, n=1):
        self.c[key] = self.c.get(key, 0) + n

    def __getitem__(self, key):
        return self.c.get(key, 0)


def money(x):
    return None if x is None else Fraction(str(x))


def fmt_money(x):
    if x is None:
        return "null"
    if x == "skip":
        return "?"
    return f"{float(x):.2f}"


def expected_side(inst):
    """(expected presence, kind) of one side of an address; inst may be None. Presence
    "either": a fractional value, which pypi-size may refuse."""
    if inst is None:
        return "absent", None
    rec, copies, _ = inst
    if copies == 0:
        return "not_deployed", None
    k = kind_of(rec)
    if k in NOT_SIZED_KINDS:
        return "not_sized", k
    if fractional(rec):
        return "either", "fractional"
    return "sized", k


def side_cost(inst, presence_exp, presence_got, caps, point):
    """Expected cost of a side: Fraction, None (unknown) or "skip" (cannot be checked)."""
    if inst is None:
        return Fraction(0)
    rec, copies, _ = inst
    if copies == 0:
        return Fraction(0)
    if presence_exp == "not_sized":
        return None
    if presence_exp == "either":
        if presence_got == "not_sized":
            return None
        return "skip"
    cap = caps.get(rec["id"])
    if not isinstance(cap, dict):
        return "skip"
    return cap[point] * copies


def money_change(before, after):
    """Expected {before, after, delta, delta_percent}; "skip" parts are not checked."""
    if "skip" in (before, after):
        b = before if before != "skip" else "skip"
        a = after if after != "skip" else "skip"
        known_null = before is None or after is None
        return {"before": b, "after": a, "delta": None if known_null else "skip",
                "delta_percent": None if known_null else "skip"}
    delta = None if before is None or after is None else after - before
    pct = None
    if delta is not None and before != 0:
        pct = round(delta * 100 / before, 2)
    return {"before": before, "after": after, "delta": delta, "delta_percent": pct}


def check_money(where, got, want, problems, tally):
    if not isinstance(got, dict):
        problems.append(f"{where}: missing")
        return
    for k in ("before", "after", "delta", "delta_percent"):
        w = want[k]
        if w == "skip":
            tally.add("costs skipped")
            continue
        g = got.get(k, KeyError)
        if g is KeyError:
            problems.append(f"{where}.{k}: missing")
            continue
        tally.add("cost values compared")
        if w is None:
            if g is not None:
                problems.append(f"{where}.{k}: {g}, expected null")
        elif g is None or money(g) != w:
            shown = float(w) if k == "delta_percent" else fmt_money(w)
            problems.append(f"{where}.{k}: {json.dumps(g)}, expected {shown}")
    if want["delta_percent"] not in (None, "skip") and \
            (want["delta"] * 100 * 100 / want["before"]).denominator == 2:
        tally.add("delta_percent ties (rounded half to even)")
    unknown_expected = want["before"] is None or want["after"] is None
    if unknown_expected and not got.get("unknown"):
        problems.append(f"{where}.unknown: null, expected a reason (a side is unknown)")
    if not unknown_expected and "skip" not in (want["before"], want["after"]) \
            and got.get("unknown"):
        problems.append(f"{where}.unknown: {got['unknown'][:100]!r}, expected null")


def judge_pair(pair, proc, caps, verdict0):
    """Problems (list of str) of one pair; adds to the tally."""
    tally = Tally()
    problems = []
    if proc.returncode not in (0, 3):
        return [f"pypi-size diff exits {proc.returncode}: {proc.stderr.strip()[:300]!r}"], tally
    try:
        doc = json.loads(proc.stdout)
    except ValueError:
        return [f"stdout is not JSON: {proc.stdout[:200]!r}"], tally
    b_inst, h_inst = instances(pair["base"]), instances(pair["head"])
    addresses = sorted(set(b_inst) | set(h_inst))
    got_mods = doc.get("modules") or []
    got_by = {}
    for gm in got_mods:
        key = gm.get("address")
        if gm.get("root") != ".":
            problems.append(f"{key}: root {gm.get('root')!r}, expected '.'")
        if key in got_by:
            problems.append(f"{key}: reported twice")
        got_by[key] = gm
    exp_totals = {pt: [Fraction(0), Fraction(0)] for pt in POINTS}
    changes = {"added": 0, "removed": 0, "changed": 0, "unchanged": 0}
    side_counts = {"base": [0, 0], "head": [0, 0]}  # modules, not_sized
    # A block whose for_each is empty makes no instance: it may be reported as
    # `module.NAME`, not deployed, or not at all.
    empty = {side: {f"module.{b.name}" for b in pair[side] if b.entries == {}}
             for side in ("base", "head")}
    for addr in sorted((empty["base"] | empty["head"]) & (set(got_by) - set(addresses))):
        gm = got_by.pop(addr)
        tally.add("empty for_each reported")
        want = {side: "not_deployed" if addr in empty[side] else "absent"
                for side in ("base", "head")}
        # A block with no copy is never added or removed: nothing is created.
        change = "changed" if want["base"] != want["head"] else "unchanged"
        changes[change] += 1
        for side in ("base", "head"):
            if want[side] != "absent":
                side_counts[side][0] += 1
        got = (gm.get("change"), gm.get("base"), gm.get("head"))
        if got != (change, want["base"], want["head"]):
            problems.append(f"{addr} (empty for_each): change/base/head {got}, expected "
                            f"{(change, want['base'], want['head'])}")
        for pt in POINTS:
            c = (gm.get("cost") or {}).get(pt) or {}
            if money(c.get("before")) != 0 or money(c.get("after")) != 0:
                problems.append(f"{addr} (empty for_each): cost.{pt} {json.dumps(c)}, expected 0")
    for extra in sorted(set(got_by) - set(addresses)):
        problems.append(f"{extra}: reported, but neither tree has it")
    for addr in addresses:
        bi, hi = b_inst.get(addr), h_inst.get(addr)
        gm = got_by.get(addr)
        if gm is None:
            problems.append(f"{addr}: not reported")
            for pt in POINTS:
                exp_totals[pt] = ["skip", "skip"]
            continue
        tally.add("modules compared")
        pb, kb = expected_side(bi)
        ph, kh = expected_side(hi)
        # change
        if bi is None:
            # A block with no copy against none creates nothing: its arguments changed.
            change = "changed" if hi[1] == 0 else "added"
        elif hi is None:
            change = "changed" if bi[1] == 0 else "removed"
        else:
            same = bi[1] == hi[1] and all(same_value(tree_value(bi[0], v), tree_value(hi[0], v))
                                          for v in VARS)
            change = "unchanged" if same else "changed"
        changes[change] += 1
        tally.add(f"change {change}")
        if gm.get("change") != change:
            problems.append(f"{addr}: change {gm.get('change')!r}, expected {change!r}")
        for side, pexp, inst in (("base", pb, bi), ("head", ph, hi)):
            got = gm.get(side)
            if inst is not None:
                side_counts[side][0] += 1
                side_counts[side][1] += got == "not_sized"
            if pexp == "either":
                tally.add(f"fractional side {got}")
                if got not in ("sized", "not_sized"):
                    problems.append(f"{addr}: {side} {got!r}, expected sized or not_sized")
            elif got != pexp:
                rec = inst[0] if inst else None
                why = ""
                if rec is not None:
                    why = f" (Terraform: {rec['outcome']}, {kind_of(rec)}" + (
                        f": {'; '.join(e['message'].splitlines()[0] for e in rec['errors'])}"
                        if rec["errors"] else "") + ")"
                problems.append(f"{addr}: {side} {got!r}, expected {pexp!r}{why}")
        copies = gm.get("copies") or {}
        for side, inst, k in (("base", bi, "before"), ("head", hi, "after")):
            want = None if inst is None else inst[1]
            if copies.get(k) != want:
                problems.append(f"{addr}: copies.{k} {copies.get(k)}, expected {want}")
        if gm.get("other_arguments"):
            problems.append(f"{addr}: other_arguments {gm['other_arguments']}, expected []")
        # inputs
        if bi is not None and hi is not None:
            want_vars = [v for v in VARS if not same_value(tree_value(bi[0], v),
                                                           tree_value(hi[0], v))]
        else:
            want_vars = (bi or hi)[2]
        got_inputs = {i.get("variable"): i for i in gm.get("inputs") or []}
        if sorted(got_inputs) != sorted(want_vars):
            problems.append(f"{addr}: inputs {sorted(got_inputs)}, expected {sorted(want_vars)}")
        for v in want_vars:
            gi = got_inputs.get(v)
            if gi is None:
                continue
            tally.add("input values compared")
            for k, inst in (("before", bi), ("after", hi)):
                g = gi.get(k)
                if inst is None:
                    if g is not None:
                        problems.append(f"{addr}: inputs.{v}.{k} {json.dumps(g)}, expected null")
                    continue
                want = tree_value(inst[0], v)
                if not (isinstance(g, dict) and g.get("state") == "known"
                        and same_value(g.get("value"), want)):
                    problems.append(f"{addr}: inputs.{v}.{k} {json.dumps(g)}, expected known "
                                    f"{json.dumps(want)}")
        # figures
        figs = gm.get("figures") or {}
        sides = {}
        for k, inst, pexp, kind in (("before", bi, pb, kb), ("after", hi, ph, kh)):
            want = {}
            rec = inst[0] if inst else None
            outs = rec["outputs"] if rec is not None and rec["outcome"] == "ok" else None
            if outs is not None:
                want = {f: outs[f] for f in FIGURES if f != "total_workers"}
                if outs["asg_instance_count"] != outs["ecs_asg_min_size"]:
                    problems.append(f"{addr}: Terraform's asg_instance_count "
                                    f"{outs['asg_instance_count']} differs from ecs_asg_min_size "
                                    f"{outs['ecs_asg_min_size']}")
                want["total_workers"] = num(outs["task_min_count"]) * num(outs["gunicorn_workers"])
            got_side = {f: (figs.get(f) or {}).get(k) for f in FIGURES}
            sides[k] = got_side
            actually_sized = gm.get("base" if k == "before" else "head") == "sized"
            for f in FIGURES:
                g = got_side[f]
                if inst is None:
                    if g is not None:
                        problems.append(f"{addr}: figures.{f}.{k} {g}, expected null (absent)")
                    continue
                must = pexp == "sized" or (pexp == "either" and actually_sized)
                if g is None:
                    if must:
                        problems.append(f"{addr}: figures.{f}.{k} null, expected "
                                        f"{tfrun.fmt_num(want[f]) if f in want else '?'}")
                    continue
                if f not in want or want[f] == "+Inf":
                    if rec["outcome"] != "ok" or want.get(f) == "+Inf":
                        tally.add("figures shown where Terraform has none")
                        if want.get(f) == "+Inf":
                            problems.append(f"{addr}: figures.{f}.{k} {g}, Terraform +Inf")
                    continue
                tally.add("figures compared with Terraform")
                if num(g) != num(want[f]):
                    problems.append(f"{addr}: figures.{f}.{k} {g}, Terraform {want[f]}")
            it = (figs.get("asg_instance_type") or {}).get(k)
            if inst is None:
                if it is not None:
                    problems.append(f"{addr}: figures.asg_instance_type.{k} {it!r}, expected null")
            elif it is not None or pexp == "sized":
                tally.add("figures compared with Terraform")
                if it != tree_type(rec):
                    problems.append(f"{addr}: figures.asg_instance_type.{k} {it!r}, expected "
                                    f"{tree_type(rec)!r}")
        for f in FIGURES:
            b, a = sides["before"][f], sides["after"][f]
            d = (figs.get(f) or {}).get("delta", KeyError)
            want = None if b is None or a is None else a - b
            tally.add("deltas compared")
            if d != want:
                problems.append(f"{addr}: figures.{f}.delta {d}, expected {want}")
        # cost
        cost = gm.get("cost") or {}
        for pt in POINTS:
            before = side_cost(bi, pb, gm.get("base"), caps, pt)
            after = side_cost(hi, ph, gm.get("head"), caps, pt)
            check_money(f"{addr}: cost.{pt}", cost.get(pt), money_change(before, after),
                        problems, tally)
            for i, x in enumerate((before, after)):
                t = exp_totals[pt][i]
                if t is None or x is None:
                    exp_totals[pt][i] = None
                elif t == "skip" or x == "skip":
                    exp_totals[pt][i] = "skip"
                else:
                    exp_totals[pt][i] = t + x
        # findings: a side that cannot be sized brings an error the other side lacks
        fnd = gm.get("findings") or {}
        for side, pexp, other, key in (("head", ph, pb, "appeared"),
                                       ("base", pb, ph, "disappeared")):
            if pexp == "not_sized" and other in ("absent", "sized"):
                tally.add("error findings expected")
                if not any(f.get("severity") == "error" for f in fnd.get(key) or []):
                    problems.append(f"{addr}: {side} cannot be sized, but no error finding "
                                    f"{key}")
        # count = 0 that Terraform refuses
        for side, inst in (("base", bi), ("head", hi)):
            if inst is not None and inst[1] == 0 and verdict0.get(inst[0]["id"]):
                tally.add("count = 0 refused by Terraform")
                errs = (doc.get(side) or {}).get("errors")
                if not errs:
                    problems.append(f"{addr}: {side} has count = 0 and a value Terraform "
                                    f"refuses even so ({first_error(inst[0])}), but {side} "
                                    f"reports {errs} errors")
    # total
    total = doc.get("total") or {}
    for pt in POINTS:
        b, a = exp_totals[pt]
        check_money(f"total.{pt}", total.get(pt), money_change(b, a), problems, tally)
    # summary
    s = doc.get("summary") or {}
    for k, n in changes.items():
        if s.get(k) != n:
            problems.append(f"summary.{k} {s.get(k)}, expected {n}")
    anything = any(changes[k] for k in ("added", "removed", "changed"))
    if s.get("anything_changed") != anything:
        problems.append(f"summary.anything_changed {s.get('anything_changed')}, "
                        f"expected {anything}")
    for key, side in (("findings_appeared", "appeared"), ("findings_disappeared", "disappeared")):
        want = {"errors": 0, "warnings": 0, "infos": 0}
        for gm in got_mods:
            for f in (gm.get("findings") or {}).get(side) or []:
                want[f["severity"] + "s"] += 1
        if s.get(key) != want:
            problems.append(f"summary.{key} {s.get(key)}, expected {want}")
    for side, (mods, not_sized) in side_counts.items():
        got = doc.get(side) or {}
        if got.get("modules") != mods or got.get("not_sized") != not_sized:
            problems.append(f"{side}: modules {got.get('modules')} not_sized "
                            f"{got.get('not_sized')}, expected {mods} and {not_sized}")
    # gate and exit code
    flags = pair["flags"]
    at = "at_asg_max_size" if "--at-max-size" in flags else "at_asg_min_size"
    rules = set()
    tot = total.get(at) or {}
    delta, before = money(tot.get("delta")), money(tot.get("before"))
    if "--fail-above" in flags:
        limit = Fraction(flags[flags.index("--fail-above") + 1])
        if delta is None or delta > limit:
            rules.add("fail_above")
    if "--fail-above-percent" in flags:
        limit = Fraction(flags[flags.index("--fail-above-percent") + 1])
        if delta is None or (before == 0 and delta > 0) or \
                (before and delta * 100 / before > limit):
            rules.add("fail_above_percent")
    fail_on = None if "never" in flags else "error"
    if fail_on and any(f.get("severity") == "error" for gm in got_mods
                       for f in (gm.get("findings") or {}).get("appeared") or []):
        rules.add("fail_on")
    gate = doc.get("gate") or {}
    got_rules = {f.get("rule") for f in gate.get("failures") or []}
    if got_rules != rules:
        problems.append(f"gate failures {sorted(got_rules)}, expected {sorted(rules)} "
                        f"({' '.join(flags) or 'no flags'}; total {at} {json.dumps(tot)})")
    want_exit = 3 if rules else 0
    if gate.get("passed") != (not rules):
        problems.append(f"gate.passed {gate.get('passed')}, expected {not rules}")
    if proc.returncode != want_exit:
        why = ""
        if not got_mods and "no pypiserver module block found" in proc.stderr:
            why = (" (stderr: no pypiserver module block found; but both trees have one, whose "
                   "for_each is empty: Terraform accepts them and creates nothing)")
        problems.append(f"exit {proc.returncode}, expected {want_exit}{why}")
    if pair["scenario"] == "identical" and (anything or want_exit):
        problems.append("identical trees: harness expected a change (harness bug)")
    tally.add("exit codes compared")
    return problems, tally


def classify(problem):
    """A short name for the kind of a problem, for the summary."""
    if "count = 0 and a value Terraform refuses" in problem:
        return "count = 0 that Terraform refuses reported without error"
    if "'sized', expected 'not_sized'" in problem:
        return "Terraform rejects, diff sizes"
    if "expected 'sized'" in problem or "expected 'not_sized'" in problem or \
            "expected 'absent'" in problem or "expected 'not_deployed'" in problem:
        return "presence"
    if "no pypiserver module block found" in problem:
        return "empty for_each: no module block found"
    for key in ("figures.", "cost.", "total.", "inputs", "copies", "change", "summary",
                "gate", "exit", "capacity", "error finding"):
        if key in problem:
            return key.rstrip(".")
    return "other"


def first_error(rec):
    e = rec["errors"][0] if rec["errors"] else {"message": "?"}
    return e["message"].splitlines()[0][:120]


# ------------------------------------------------------------------------------ main

def describe(rec):
    inst = rec["inputs"]["instance"]
    mod = {k: (len(v) if k == "asg_subnets" else v) for k, v in rec["inputs"]["module"].items()
           if k != "asg_instance_type"}
    return (f"{rec['id']}: {inst['type']} ({inst['memory_mib']} MiB, {inst['vcpus']} vCPU) "
            f"{json.dumps(mod)} -> {rec['outcome']}/{kind_of(rec)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=300, help="configurations for Terraform (default 300)")
    ap.add_argument("--mutants", type=int, help="mutated configurations (default: -n)")
    ap.add_argument("--seed", type=int, default=1, help="seed of configurations and pairs")
    ap.add_argument("--pairs", type=int, default=300, help="pairs of trees (default 300)")
    ap.add_argument("--terraform", help="Terraform 1.0.3 binary")
    ap.add_argument("--pypi-size", required=True, help="pypi-size binary")
    ap.add_argument("--from", dest="from_file", help="reuse Terraform's records (run.py's format)")
    ap.add_argument("--out", help="write Terraform's records here (JSON lines)")
    ap.add_argument("--disagreements", help="write every disagreeing pair here (JSON lines)")
    ap.add_argument("--keep", help="copy the trees of disagreeing pairs under this directory")
    ap.add_argument("--show", type=int, default=20, help="disagreements printed (default 20)")
    ap.add_argument("--profiles-base", default=str(REPO / "profiles.toml"))
    ap.add_argument("--batch-size", type=int, default=60)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    for attr in ("terraform", "pypi_size"):
        if getattr(a, attr):
            found = shutil.which(getattr(a, attr))
            if not found:
                ap.error(f"--{attr.replace('_', '-')} {getattr(a, attr)}: not an executable")
            setattr(a, attr, str(Path(found).resolve()))
    t_start = time.time()
    if a.keep:  # only this run's disagreeing pairs
        shutil.rmtree(a.keep, ignore_errors=True)

    if a.from_file:
        records = [json.loads(line) for line in open(a.from_file)]
        log(f"Terraform {tfrun.TF_VERSION}: {len(records)} records from {a.from_file}")
    else:
        if not a.terraform:
            ap.error("--terraform is required (or --from)")
        records = make_records(a)
        if a.out:
            Path(a.out).parent.mkdir(parents=True, exist_ok=True)
            with open(a.out, "w") as f:
                for r in records:
                    f.write(json.dumps(r) + "\n")
    problems = tfrun.check_expected(records)
    for p in problems:
        log(f"EDGE CASE WRONG: {p}")
    if problems:
        sys.exit(2)
    kinds = Tally()
    for r in records:
        kinds.add(kind_of(r) + (" (fractional)" if fractional(r) else ""))
    log("  records: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.c.items())))

    gen = Pairs(records, a.seed)
    pairs = [gen.make(i) for i in range(a.pairs)]
    used = {}
    for p in pairs:
        for inst in list(instances(p["base"]).values()) + list(instances(p["head"]).values()):
            used[inst[0]["id"]] = inst[0]
    count0 = {inst[0]["id"]: inst[0] for p in pairs
              for inst in list(instances(p["base"]).values()) + list(instances(p["head"]).values())
              if inst[1] == 0 and inst[0]["outcome"] == "rejected"}
    verdict0 = {}
    if count0:
        if not a.terraform:
            log(f"  no --terraform: {len(count0)} count = 0 blocks with a rejected value are "
                "not judged on Terraform's refusal")
        else:
            t0 = time.time()
            verdict0 = count0_verdicts(list(count0.values()), a.terraform)
            log(f"  Terraform on count = 0: {sum(verdict0.values())} of {len(verdict0)} rejected "
                f"records refused even so ({time.time() - t0:.1f} s)")

    work = Path(tempfile.mkdtemp(prefix="pypi-size-diff-pairs-"))
    try:
        profiles = work / "profiles.toml"
        tfrun.write_profiles(a.profiles_base, records, profiles)
        t0 = time.time()
        sized = [r for r in used.values() if kind_of(r) == "sized" and not fractional(r)]
        caps = capacity_costs(a.pypi_size, profiles, sized, 4)
        bad_caps = {k: v for k, v in caps.items() if not isinstance(v, dict)}

        def one(pair):
            d = work / pair["id"]
            for side in ("base", "head"):
                (d / side).mkdir(parents=True)
                (d / side / "main.tf").write_text(tree_text(pair[side]))
            argv = [a.pypi_size, "diff", "base", "head", "--format", "json", "--color", "never",
                    "--profiles", str(profiles)] + pair["flags"]
            return pair, argv, subprocess.run(argv, cwd=d, capture_output=True, text=True,
                                              env=clean_env())

        with concurrent.futures.ThreadPoolExecutor(4) as ex:
            answers = list(ex.map(one, pairs))
        t_diff = time.time() - t0

        total, disagreements = Tally(), []
        scen = Tally()
        for pair, argv, proc in answers:
            scen.add(pair["scenario"])
            probs, tally = judge_pair(pair, proc, caps, verdict0)
            for k, n in tally.c.items():
                total.add(k, n)
            for inst in list(instances(pair["base"]).values()) + \
                    list(instances(pair["head"]).values()):
                if inst[0]["id"] in bad_caps:
                    probs.append(f"capacity refuses {inst[0]['id']}, which Terraform accepts: "
                                 f"{bad_caps[inst[0]['id']]}")
            if probs:
                recs = {inst[0]["id"]: describe(inst[0]) for inst in
                        list(instances(pair["base"]).values()) +
                        list(instances(pair["head"]).values())}
                disagreements.append({
                    "pair": pair["id"], "scenario": pair["scenario"], "problems": probs,
                    "command": "pypi-size diff base head --format json --profiles profiles.toml"
                               + "".join(" " + f for f in pair["flags"]),
                    "exit": proc.returncode, "records": recs,
                    "base": tree_text(pair["base"]), "head": tree_text(pair["head"])})
                if a.keep:
                    dest = Path(a.keep) / pair["id"]
                    shutil.rmtree(dest, ignore_errors=True)
                    shutil.copytree(work / pair["id"], dest)
        if a.keep and disagreements:
            shutil.copy(profiles, Path(a.keep) / "profiles.toml")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    modules = total["modules compared"]
    log(f"pypi-size diff on {len(pairs)} pairs (seed {a.seed}: "
        + ", ".join(f"{k} {n}" for k, n in sorted(scen.c.items())) + f") in {t_diff:.1f} s")
    log(f"  modules compared: {modules} (" + ", ".join(
        f"{k[7:]} {total[k]}" for k in sorted(total.c) if k.startswith("change ")) + ")")
    log(f"  figures compared with Terraform: {total['figures compared with Terraform']}; "
        f"deltas: {total['deltas compared']}; input values: {total['input values compared']}")
    log(f"  cost values compared with capacity (modules and totals): "
        f"{total['cost values compared']} ({len(caps)} configurations priced by capacity; "
        f"{total['costs skipped']} skipped)")
    log(f"  error findings expected: {total['error findings expected']}; count = 0 refused by "
        f"Terraform: {total['count = 0 refused by Terraform']}; gates and exit codes: "
        f"{total['exit codes compared']}")
    notes = [k for k in sorted(total.c) if k.startswith("fractional side") or k in (
        "empty for_each reported", "figures shown where Terraform has none",
        "delta_percent ties (rounded half to even)")]
    if notes:
        log("  notes: " + ", ".join(f"{k} {total[k]}" for k in notes))
    if a.disagreements:
        Path(a.disagreements).parent.mkdir(parents=True, exist_ok=True)
        with open(a.disagreements, "w") as fh:
            for d in disagreements:
                fh.write(json.dumps(d) + "\n")
    classes = Tally()
    for d in disagreements:
        for c in sorted({classify(p) for p in d["problems"]}):
            classes.add(c)
    if classes.c:
        log("  pairs disagreeing, by kind of problem: " +
            ", ".join(f"{k} {n}" for k, n in sorted(classes.c.items())))
    log(f"{len(disagreements)} of {len(pairs)} pairs disagree" +
        (f" (all written to {a.disagreements})" if a.disagreements and disagreements else "") +
        f"; {time.time() - t_start:.1f} s in all")
    for d in disagreements[:a.show]:
        log(f"- {d['pair']} [{d['scenario']}] exit {d['exit']}: {d['command']}")
        for r in d["records"].values():
            log(f"    record {r}")
        for p in d["problems"]:
            log(f"    {p}")
    if len(disagreements) > a.show:
        log(f"... {len(disagreements) - a.show} more (--show to list more)")
    sys.exit(1 if disagreements else 0)


if __name__ == "__main__":
    try:
        main()
    except (RuntimeError, OSError, KeyError, ValueError) as e:
        print(f"harness error: {e!r}", file=sys.stderr)
        sys.exit(2)
