#!/usr/bin/env python3
"""Random Terraform expressions, evaluated by Terraform 1.0.3 and by
`pypi-size check`, compared value for value.

    python3 tests/differential/random_expressions.py [-n 400] [--seed 1] [--terraform PATH]

Each expression (half of them arithmetic on decimal literals, the others
mixing literals, the functions pypi-size evaluates, operators,
conditionals, `for` expressions, indexes, locals and variables) becomes a
root output for Terraform (`terraform apply` of outputs only; an expression
Terraform refuses is recorded as an error) and an argument of a pypiserver
module block for pypi-size (an argument the module does not have, so its
value is reported as evaluated, not converted). Outcomes: both give the same
value; both refuse it; pypi-size leaves it unknown ("does not evaluate");
or they disagree, which fails the run (exit 1).
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))
from check_corpus import DEFAULT_TERRAFORM, same  # noqa: E402

FUNCS = ["abs", "ceil", "coalesce", "compact", "concat", "contains", "distinct", "element",
         "flatten", "floor", "format", "index", "join", "keys", "length", "lookup", "lower",
         "max", "merge", "min", "one", "parseint", "pow", "replace", "reverse", "signum",
         "slice", "sort", "split", "substr", "sum", "tobool", "tolist", "tomap", "tonumber",
         "toset", "tostring", "trimspace", "upper", "values", "zipmap", "try", "can"]
ATOMS = ["0", "1", "2", "3", "1.1", "0.58", "100", "1500", "-1", "2.5", "1e3", '""', '"a"',
         '"b,a,b"', '" 1"', '"1e3"', '"10"', '"ff"', '"true"', '"%d-%s"', "null", "true",
         "false", "[]", "{}", '[1, "a"]', "[3, 1, 2]", '["b", "a", "b"]', "{ a = 1, b = 2 }",
         "local.l", "local.m", "var.v", "module.m.o", '"${1 + 1}x"']
OPS = ["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||"]


def expr(rng, depth=0):
    r = rng.random()
    if depth > 3 or r < 0.3:
        return rng.choice(ATOMS)
    if r < 0.6:
        f = rng.choice(FUNCS)
        return f"{f}({', '.join(expr(rng, depth + 1) for _ in range(rng.randint(1, 3)))})"
    if r < 0.75:
        return f"({expr(rng, depth + 1)} {rng.choice(OPS)} {expr(rng, depth + 1)})"
    if r < 0.82:
        return f"({expr(rng, depth + 1)} ? {expr(rng, depth + 1)} : {expr(rng, depth + 1)})"
    if r < 0.9:
        return f"[for x in {expr(rng, depth + 1)} : {expr(rng, depth + 1)}]"
    return f"{expr(rng, depth + 1)}[{expr(rng, depth + 1)}]"


NUMBERS = ["0", "1", "2", "3", "7", "100", "1500", "1024", "0.1", "0.2", "0.3", "0.58", "0.75",
           "1.1", "2.5", "1e-5", "3.14159", "-4", "1e20", "local.l[1]", "var.v", '"12"']


def num(rng, depth=0):
    """An expression of type number: Terraform's arithmetic, where decimal
    literals are binary floats."""
    r = rng.random()
    if depth > 3 or r < 0.3:
        return rng.choice(NUMBERS)
    if r < 0.6:
        return f"({num(rng, depth + 1)} {rng.choice(['+', '-', '*', '/', '%'])} {num(rng, depth + 1)})"
    if r < 0.8:
        f = rng.choice(["abs", "ceil", "floor", "signum", "tonumber"])
        return f"{f}({num(rng, depth + 1)})"
    if r < 0.9:
        f = rng.choice(["max", "min"])
        return f"{f}({num(rng, depth + 1)}, {num(rng, depth + 1)}, {num(rng, depth + 1)})"
    return f"({num(rng, depth + 1)} > {num(rng, depth + 1)} ? {num(rng, depth + 1)} : {num(rng, depth + 1)})"


PRELUDE = '''locals {
  l = [1, 2, 3]
  m = { a = 1, b = "x" }
}

variable "v" {
  default = 2
}

module "m" {
  source = "./m"
}
'''


def terraform_values(tf, work, exprs):
    """Each expression's value, or None when Terraform refuses it."""
    env = dict(os.environ, TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1",
               TF_CLI_CONFIG_FILE="/dev/null")
    run = lambda *a: subprocess.run([str(tf), *a], cwd=work, env=env, capture_output=True,
                                    text=True, timeout=600)
    pending = dict(enumerate(exprs))
    results = {}
    for _ in range(5):
        body = "".join(f'output "x{i}" {{\n  value = {e}\n}}\n' for i, e in pending.items())
        (work / "main.tf").write_text(PRELUDE + body)
        if run("init", "-backend=false", "-input=false", "-no-color").returncode != 0:
            raise SystemExit("terraform init failed")
        apply = run("apply", "-auto-approve", "-input=false", "-no-color")
        if apply.returncode == 0:
            out = json.loads(run("output", "-json").stdout)
            # An output whose value is null is not listed.
            results.update({i: ("value", None) for i in pending})
            results.update({int(k[1:]): ("value", v["value"]) for k, v in out.items()})
            return results
        text = apply.stdout + apply.stderr
        bad = {int(n) for n in re.findall(r'in output "x(\d+)"', text)}
        # Terraform computes an infinity but cannot store it: not compared.
        infinite = {int(n) for n in re.findall(r'serializing output value "x(\d+)"', text)}
        if not bad and not infinite:
            raise SystemExit(text)
        for i in bad:
            results[i] = ("error", None)
            pending.pop(i, None)
        for i in infinite:
            results[i] = ("infinite", None)
            pending.pop(i, None)
    return results


def pypi_values(binary, work, exprs):
    body = "".join(f"  x{i} = {e}\n" for i, e in enumerate(exprs))
    (work / "main.tf").write_text(
        PRELUDE + f'module "p" {{\n  source = "infrahouse/pypiserver/aws"\n{body}}}\n')
    out = subprocess.run([str(binary), "check", str(work), "--format", "json"],
                         capture_output=True, text=True, timeout=120)
    if not out.stdout.strip():
        raise SystemExit(f"pypi-size: {out.stderr}")
    report = json.loads(out.stdout)
    args = report["modules"][0]["arguments"]
    results = {}
    for i in range(len(exprs)):
        a = args[f"x{i}"]
        if a["state"] == "known":
            results[i] = ("value", a["value"])
        elif "pypi-size" in a["reason"] and "Terraform may" in a["reason"]:
            results[i] = ("unsupported", a["reason"])
        else:
            results[i] = ("error", a["reason"])
    return results


def agree(p, t):
    if p[0] != t[0]:
        return False
    if p[0] != "value":
        return True
    a, b = p[1], t[1]
    if isinstance(a, str) and isinstance(b, (int, float)):
        try:
            return float(a) == float(b)
        except ValueError:
            return False
    return same(a, b)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--terraform", default=os.environ.get("TERRAFORM", DEFAULT_TERRAFORM))
    ap.add_argument("--pypi-size", default=ROOT / "target" / "debug" / "pypi-size")
    opts = ap.parse_args()
    if not Path(opts.terraform).exists():
        print(f"Terraform not found at {opts.terraform}: nothing verified", file=sys.stderr)
        return 2
    rng = random.Random(opts.seed)
    # Half any expression, half arithmetic (where floats would go wrong).
    exprs = [expr(rng) if i % 2 else num(rng) for i in range(opts.n)]
    with tempfile.TemporaryDirectory(prefix="random-expressions-") as scratch:
        work = Path(scratch)
        (work / "m").mkdir()
        (work / "m" / "main.tf").write_text('output "o" {\n  value = [1, "two"]\n}\n')
        tf = terraform_values(opts.terraform, work, exprs)
        py = pypi_values(opts.pypi_size, work, exprs)
    tally = {"same value": 0, "both refuse": 0, "not evaluated": 0, "disagree": 0}
    for i, e in enumerate(exprs):
        p, t = py[i], tf.get(i, ("error", None))
        if t[0] == "infinite":
            tally["infinite"] = tally.get("infinite", 0) + 1
        elif p[0] == "unsupported":
            tally["not evaluated"] += 1
        elif agree(p, t):
            tally["same value" if p[0] == "value" else "both refuse"] += 1
        else:
            tally["disagree"] += 1
            print(f"disagree: {e}\n  pypi-size: {p}\n  Terraform: {t}")
    print(f"{opts.n} expressions (seed {opts.seed}): " +
          ", ".join(f"{v} {k}" for k, v in tally.items()))
    return 1 if tally["disagree"] else 0


if __name__ == "__main__":
    sys.exit(main())
