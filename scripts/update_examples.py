#!/usr/bin/env python3
"""Rewrites the output of every ```console example in the given Markdown
files (default: README.md and docs/*.md) with what the built binary prints
now. tests/docs/readme.rs checks the same examples; run this after a deliberate
change of output, then read the diff.

    cargo build && python3 scripts/update_examples.py [FILE...]
"""
import glob
import os
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "debug", "pypi-size")


def run(args):
    env = {k: v for k, v in os.environ.items() if k not in ("PYPI_SIZE_PROFILES", "PYPI_SIZE_CATALOG")}
    env["NO_COLOR"] = "1"
    env.pop("COLUMNS", None)
    p = subprocess.run([BIN] + args, capture_output=True, text=True, env=env, cwd=ROOT, stdin=subprocess.DEVNULL)
    return (p.stdout if p.stdout else p.stderr).rstrip("\n")


def update(path):
    lines = open(path).read().split("\n")
    out, i, changed = [], 0, 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line != "```console" or i >= len(lines) or not lines[i].startswith("$ pypi-size "):
            continue
        command = lines[i]
        out.append(command)
        i += 1
        body = []
        while i < len(lines) and lines[i] != "```":
            body.append(lines[i])
            i += 1
        new = run(shlex.split(command[len("$ pypi-size "):]))
        if new != "\n".join(body).rstrip("\n"):
            changed += 1
        out.extend(new.split("\n") if new else [])
    open(path, "w").write("\n".join(out))
    print(f"{path}: {changed} example(s) changed", file=sys.stderr)


files = sys.argv[1:] or [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))
for f in files:
    update(f)
