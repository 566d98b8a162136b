#!/usr/bin/env python3
"""Re-verifies the `check` corpus against real Terraform.

Each directory under tests/fixtures/check/corpus/ is a Terraform root with an
`expect.json`: what Terraform does with it (accepts it, or refuses it with an
error) and the values of the pypiserver module arguments as Terraform sees
them at plan time, and what `pypi-size check` must answer (exit code,
finding codes). `cargo test` (tests/terraform.rs) checks pypi-size against
expect.json; this script checks expect.json, and pypi-size, against
Terraform itself:

    python3 tests/differential/check_corpus.py [--terraform PATH] [CASE...]
    python3 tests/differential/check_corpus.py --record CASE   # write what Terraform says

How: each case is copied to a scratch directory where every pypiserver source
(registry or git form) is replaced by a local stub module generated from
profiles.toml's [module.interface] (the same 34 variables with their types,
the required ones without a default, each echoed as an output), so no
registry or provider is needed. Outputs exposing each pypiserver module call
are added (one per variable: Terraform's plan marks a whole output unknown
when any part of it is), then `terraform init`, `terraform plan -out` and
`terraform show -json` give Terraform's verdict and its plan-time values
(`after_unknown` for values known only later). An expect.json `env` (e.g.
`TF_CLI_ARGS_plan`) is set for pypi-size and for `terraform plan` alike (not
for `init`, which refuses -var); a relative -var-file is then the case
directory's, where each runs. Cases marked `"needs_provider": true` (data
sources, resources) cannot be planned offline and are reported as skipped.

Exit status: 0 when every case agrees, 1 when one does not, 2 when Terraform
is not found.
"""

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "check" / "corpus"
DEFAULT_TERRAFORM = Path("/work/scratch/diff/bin/terraform")
STUB_DIR = ".pypiserver-stub"

# The Terraform refusals pypi-size reports as findings.
REFUSALS = {"unsupported_argument", "missing_required", "invalid_value"}


def interface():
    data = tomllib.loads((ROOT / "profiles.toml").read_text())
    return data["module"]["interface"], data["module"]


def stub_text(iface):
    out = []
    for v in iface["variables"]:
        t = v["type"].replace("(object)", "(any)")
        default = "" if v["required"] else "\n  default = null"
        out.append(f'variable "{v["name"]}" {{\n  type = {t}{default}\n}}\n')
        out.append(f'output "{v["name"]}" {{\n  value = var.{v["name"]}\n}}\n')
    return "".join(out)


def is_pypiserver(source, iface, module):
    s = source.strip().lower()
    registry = {module["source"].lower(), module["registry_source"].lower(),
                "registry.terraform.io/" + module["source"].lower()}
    if s in registry:
        return True
    repo = iface["repository"].lower()
    s = re.sub(r"\?.*$", "", s)
    s = s.removeprefix("git::").removeprefix("https://").removeprefix("ssh://")
    s = s.removeprefix("git@").replace("github.com:", "github.com/", 1)
    s = s.removesuffix("/").removesuffix(".git")
    return s == repo


MODULE_BLOCK = re.compile(r'^module\s+"([^"]+)"\s*\{\s*$')
SOURCE_LINE = re.compile(r'^(\s*source\s*=\s*)"([^"]*)"(.*)$')
LOCAL_SOURCE = re.compile(r'^\s*source\s*=\s*"(\.\.?/[^"]*)"')


REPEAT_LINE = re.compile(r"^\s*(count|for_each)\s*=")


def rewrite_native(text, stub_rel, iface, module):
    """Sources of the module replaced by the stub; `version` dropped there.
    Returns the text and the calls: (name, local path or None, repetition)."""
    out, pypi, local = [], [], []
    block, lines = None, []
    for line in text.splitlines():
        m = MODULE_BLOCK.match(line)
        if m and block is None:
            block, lines = m.group(1), [line]
            continue
        if block is None:
            out.append(line)
            continue
        lines.append(line)
        if line.strip() == "}" and not line.startswith(" "):
            src = next((SOURCE_LINE.match(l) for l in lines if SOURCE_LINE.match(l)), None)
            repeat = next((REPEAT_LINE.match(l).group(1) for l in lines if REPEAT_LINE.match(l)),
                          None)
            if src and is_pypiserver(src.group(2), iface, module):
                pypi.append((block, None, repeat))
                lines = [f'{SOURCE_LINE.match(l).group(1)}"{stub_rel}"'
                         if SOURCE_LINE.match(l) else l
                         for l in lines if not re.match(r"^\s*version\s*=", l)]
            elif src and LOCAL_SOURCE.match(src.group(0)):
                local.append((block, src.group(2), repeat))
            out.extend(lines)
            block = None
    return "\n".join(out) + "\n", pypi, local


def rewrite_json(text, stub_rel, iface, module):
    doc = json.loads(text)
    pypi, local = [], []
    blocks = doc.get("module", {})
    for name, body in (blocks.items() if isinstance(blocks, dict) else []):
        src = body.get("source", "")
        repeat = "count" if "count" in body else "for_each" if "for_each" in body else None
        if is_pypiserver(src, iface, module):
            body["source"] = stub_rel
            body.pop("version", None)
            pypi.append((name, None, repeat))
        elif src.startswith("./") or src.startswith("../"):
            local.append((name, src, repeat))
    return json.dumps(doc, indent=2), pypi, local


def prepare(case, scratch, iface, module):
    work = scratch / "root"
    shutil.copytree(case, work, ignore=shutil.ignore_patterns("expect.json"))
    stub = work / STUB_DIR
    stub.mkdir()
    (stub / "main.tf").write_text(stub_text(iface))
    calls = {}
    for d in sorted({p.parent for p in work.rglob("*") if p.is_file()}):
        if STUB_DIR in d.parts:
            continue
        stub_rel = os.path.relpath(stub, d)
        stub_rel = stub_rel if stub_rel.startswith("..") else "./" + stub_rel
        calls[d] = []
        for f in sorted(d.iterdir()):
            if not f.is_file() or f.name.startswith("."):
                continue
            if f.name.endswith(".tf"):
                text, pypi, local = rewrite_native(f.read_text(), stub_rel, iface, module)
            elif f.name.endswith(".tf.json"):
                text, pypi, local = rewrite_json(f.read_text(), stub_rel, iface, module)
            else:
                continue
            f.write_text(text)
            if not f.stem.endswith("override"):
                calls[d] += pypi + local
    names = [v["name"] for v in iface["variables"]]
    exposed = {}
    # Children first: a directory's outputs are known before its callers'.
    for d in sorted(calls, key=lambda p: -len(p.parts)):
        exposed[d] = outputs_of(d, calls[d], names, exposed)
        text = "".join(f'output "{n}" {{\n  value = {v}\n}}\n' for n, v, _ in exposed[d])
        if text:
            (d / "zz_pypi_outputs.tf").write_text(text)
    # For each root output, the count or for_each of each call on its path.
    repeats = {n: r for n, _, r in exposed.get(work.resolve(), exposed.get(work, []))}
    return work, repeats


def outputs_of(d, calls, names, exposed):
    """One output per pypiserver variable of each pypiserver call, and per
    output of each local module call: `p__CALL[__CALL...]___VARIABLE`, with
    the repetition (count, for_each or None) of each call on the way."""
    out = []
    for name, local, repeat in sorted(set(calls), key=str):
        if local is None:
            inner = [(f"p__{name}___{v}", v, []) for v in names]
        else:
            child = (d / local).resolve()
            inner = [(f"p__{name}__{n[3:]}", n, r) for n, _, r in exposed.get(child, [])]
        for out_name, attr, inner_repeats in inner:
            if repeat == "count":
                value = f"[for m in module.{name} : m.{attr}]"
            elif repeat == "for_each":
                value = f"{{ for k, m in module.{name} : k => m.{attr} }}"
            else:
                value = f"module.{name}.{attr}"
            out.append((out_name, value, [repeat] + inner_repeats))
    return out


def clean_env(extra):
    """The environment without TF_VAR_ and TF_CLI_ARGS*, plus the case's `env`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("TF_VAR_") and not k.startswith("TF_CLI_ARGS")}
    env.update(extra)
    return env


def terraform(tf, work, args, extra_env=None):
    env = dict(clean_env({}), TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1",
               TF_CLI_CONFIG_FILE="/dev/null")
    run = lambda *a, env=env: subprocess.run([str(tf), *a], cwd=work, env=env,
                                             capture_output=True, text=True, timeout=300)
    init = run("init", "-backend=false", "-input=false", "-no-color")
    if init.returncode != 0:
        return {"accepts": False, "error": first_error(init.stdout + init.stderr)}
    # TF_CLI_ARGS(_plan) for the plan only: `init` refuses -var.
    plan = run("plan", "-input=false", "-no-color", "-out=plan.bin", *args,
               env=dict(env, **(extra_env or {})))
    if plan.returncode != 0:
        return {"accepts": False, "error": first_error(plan.stdout + plan.stderr)}
    show = run("show", "-json", "plan.bin")
    doc = json.loads(show.stdout)
    changes = doc.get("output_changes", {})
    outputs = {k: (v.get("after"), v.get("after_unknown", False))
               for k, v in changes.items() if k.startswith("p__")}
    return {"accepts": True, "outputs": outputs}


def first_error(text):
    m = re.search(r"Error: (.+)", text)
    return m.group(1).strip() if m else text.strip()[:200]


def address_path(address):
    """module.a[0].module.b["x"] -> [("a", 0), ("b", "x")]."""
    out = []
    for name, key in re.findall(r'module\.([A-Za-z0-9_-]+)(\[[^\]]*\])?', address):
        if key:
            k = key[1:-1]
            key = json.loads(k) if k.startswith('"') else int(k)
        out.append((name, key if key != "" else None))
    return out


def lookup(outputs, address, variable, repeats):
    """Terraform's plan-time value of one variable of a module call, and its
    after_unknown mirror; `None, None` when the plan does not have it. A call
    with count or for_each that pypi-size reports once (its copies alike)
    must have the same value in every instance."""
    path = address_path(address)
    name = "p__" + "__".join(n for n, _ in path) + "___" + variable
    if name not in outputs:
        return None, None
    value, unknown = outputs[name]
    for (_, key), repeat in zip(path, repeats.get(name, [None] * len(path))):
        if key is None and repeat is not None:
            if unknown is True:
                return None, True
            items = value if isinstance(value, list) else list((value or {}).values())
            mirrors = unknown if isinstance(unknown, list) else list((unknown or {}).values()) \
                if isinstance(unknown, dict) else [False] * len(items)
            if not items or any(not same(i, items[0]) for i in items):
                return None, None
            value, unknown = items[0], (mirrors[0] if mirrors else False)
            continue
        if key is None:
            continue
        if unknown is True:
            return None, True
        try:
            value = value[key] if value is not None else None
        except (KeyError, IndexError, TypeError):
            return None, None
        if isinstance(unknown, list):
            unknown = unknown[key]
        elif isinstance(unknown, dict):
            unknown = unknown.get(key, False)
    return value, unknown


def is_unknown(mirror):
    if mirror is True:
        return True
    if isinstance(mirror, list):
        return any(is_unknown(m) for m in mirror)
    if isinstance(mirror, dict):
        return any(is_unknown(m) for m in mirror.values())
    return False


def same(a, b):
    """Equal values; numbers within a float's rounding, as Terraform's JSON
    output rounds a 512-bit number to 16 digits where pypi-size takes the
    nearest float (tostring() gives both the same digits)."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return float(a) == float(b) or math.isclose(float(a), float(b), rel_tol=4e-16)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def pypi_size(binary, case, args, extra_env=None):
    rel = os.path.relpath(case, ROOT)
    out = subprocess.run([str(binary), "check", rel, *args, "--format", "json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120,
                         env=clean_env(extra_env or {}))
    report = json.loads(out.stdout) if out.stdout.strip() else None
    return out.returncode, report, out.stderr


def terraform_args(args):
    """The -var and -var-file flags, with paths from the repository root."""
    out, it = [], iter(args)
    for a in it:
        if a in ("-var", "--var"):
            out += ["-var", next(it)]
        elif a in ("-var-file", "--var-file"):
            out += ["-var-file", str(ROOT / next(it))]
    return out


def terraform_values(tf_outputs, report, repeats):
    """Terraform's plan-time value of each argument pypi-size reports, by
    module address; `"(unknown)"` for one known only later."""
    out = {}
    for m in (report or {}).get("modules", []):
        values = {}
        for name in m["arguments"]:
            if name in ("count", "for_each"):
                continue
            value, unknown = lookup(tf_outputs, m["address"], name, repeats)
            if unknown is not None:
                values[name] = "(unknown)" if is_unknown(unknown) else value
        out[m["address"]] = values
    return out


def compare_values(tf_outputs, report, repeats):
    """Each argument pypi-size reports against Terraform's plan-time value."""
    problems, compared = [], 0
    for m in (report or {}).get("modules", []):
        for name, arg in m["arguments"].items():
            if name in ("count", "for_each"):
                continue
            tf_value, unknown = lookup(tf_outputs, m["address"], name, repeats)
            if unknown is None:
                problems.append(f'{m["address"]}.{name}: not in Terraform\'s plan')
                continue
            compared += 1
            tf_unknown = is_unknown(unknown)
            if arg["state"] == "unknown" and not tf_unknown:
                # pypi-size leaves unknown what it does not evaluate.
                problems.append(f'{m["address"]}.{name}: pypi-size unknown ({arg["reason"][:80]}), '
                                f'Terraform knows {json.dumps(tf_value)}')
            elif arg["state"] == "known" and tf_unknown:
                problems.append(f'{m["address"]}.{name}: pypi-size knows {json.dumps(arg["value"])}, '
                                f'Terraform does not')
            elif arg["state"] == "known" and not same(arg["value"], tf_value):
                problems.append(f'{m["address"]}.{name}: pypi-size {json.dumps(arg["value"])}, '
                                f'Terraform {json.dumps(tf_value)}')
    return problems, compared


def check_case(case, tf, binary, iface, module, record):
    expect = json.loads((case / "expect.json").read_text())
    args = expect.get("args", [])
    # Terraform's own arguments from the environment, for both sides: a
    # relative -var-file is the case directory's, where each runs Terraform.
    extra_env = expect.get("env", {})
    code, report, stderr = pypi_size(binary, case, args, extra_env)
    refusals = {f["code"] for m in (report or {}).get("modules", [])
                for f in m["findings"] if f["severity"] == "error" and f["code"] in REFUSALS}
    pypi_refuses = code == 1 or bool(refusals)
    if expect.get("needs_provider"):
        return "skipped", ["needs a provider: not planned offline"], 0
    with tempfile.TemporaryDirectory(prefix="check-corpus-") as scratch:
        work, repeats = prepare(case, Path(scratch), iface, module)
        verdict = terraform(tf, work, terraform_args(args), extra_env)
    problems = []
    if record:
        expect["terraform"] = {"accepts": verdict["accepts"]}
        if not verdict["accepts"]:
            expect["terraform"]["error"] = verdict["error"]
            expect.pop("values", None)
        else:
            expect["values"] = terraform_values(verdict["outputs"], report, repeats)
        (case / "expect.json").write_text(json.dumps(expect, indent=2) + "\n")
    for address, values in expect.get("values", {}).items():
        if verdict["accepts"] and values != terraform_values(verdict["outputs"], report,
                                                             repeats).get(address):
            problems.append(f"{address}: expect.json's values are not Terraform's")
    want = expect.get("terraform", {})
    if want.get("accepts") != verdict["accepts"]:
        problems.append(f'expect.json says Terraform accepts={want.get("accepts")}, '
                        f'Terraform: {verdict.get("error", "accepts")}')
    elif not verdict["accepts"] and want.get("error", "") not in verdict["error"]:
        problems.append(f'Terraform\'s error is "{verdict["error"]}", expect.json '
                        f'"{want.get("error")}"')
    if verdict["accepts"] == pypi_refuses:
        what = "refuses" if pypi_refuses else "accepts"
        problems.append(f"pypi-size {what} (exit {code}, {sorted(refusals)} {stderr.strip()[:120]}) "
                        f"where Terraform {'accepts' if verdict['accepts'] else 'refuses'}")
    compared = 0
    if verdict["accepts"]:
        value_problems, compared = compare_values(verdict["outputs"], report, repeats)
        problems += value_problems
    return ("agree" if not problems else "disagree"), problems, compared


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--terraform", default=os.environ.get("TERRAFORM", DEFAULT_TERRAFORM))
    ap.add_argument("--pypi-size", default=ROOT / "target" / "debug" / "pypi-size")
    ap.add_argument("--record", action="store_true",
                    help="write Terraform's verdict into the cases' expect.json")
    ap.add_argument("cases", nargs="*")
    opts = ap.parse_args()
    tf = Path(opts.terraform)
    if not tf.exists():
        print(f"Terraform not found at {tf}: nothing verified", file=sys.stderr)
        return 2
    iface, module = interface()
    cases = [CORPUS / c for c in opts.cases] or sorted(p for p in CORPUS.iterdir() if p.is_dir())
    tally, values = {"agree": 0, "disagree": 0, "skipped": 0}, 0
    for case in cases:
        outcome, problems, compared = check_case(case, tf, opts.pypi_size, iface, module,
                                                 opts.record)
        tally[outcome] += 1
        values += compared
        print(f"{outcome:9} {case.name}")
        for p in problems:
            print(f"          {p}")
    print(f"\n{len(cases)} cases: {tally['agree']} agree with Terraform 1.0.3, "
          f"{tally['disagree']} disagree, {tally['skipped']} skipped; "
          f"{values} argument values compared")
    return 1 if tally["disagree"] else 0


if __name__ == "__main__":
    sys.exit(main())
