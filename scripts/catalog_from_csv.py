#!/usr/bin/env python3
"""Writes catalog.toml, the instance catalog pypi-size embeds, from the shared
EC2 data set (instances.csv; its README gives the provenance).

    python3 scripts/catalog_from_csv.py /work/shared/aws-catalog/instances.csv > catalog.toml

Every type whose name the module's asg_instance_type validation accepts goes
into [instances] with the data set's vCPUs, memory, architecture, burstable
baseline and price; the others are listed by name in [catalog] rejected, so
that pypi-size can say why the module refuses them. Standard library only.
"""

import csv
import re
import sys

# The data set's figures: the date its prices were generated and where they come from.
AS_OF = "2026-07-20"
SOURCE = (
    "AWS Price List (us-east-1, Linux, shared tenancy, on-demand) and EC2 "
    "DescribeInstanceTypes, as copied by aws/karpenter-provider-aws at 1d927085 "
    "(prices generated 2026-07-20T13:44:30Z)"
)
MODULE_RE = re.compile(r"^[a-z][0-9][a-z]?\.[a-z0-9]+$")


def number(text):
    """A CSV figure as TOML writes it: whole numbers without a fraction."""
    value = float(text)
    return str(int(value)) if value == int(value) else text


def instance_line(row):
    fields = [
        f"vcpus = {row['vcpus']}",
        f"memory_mib = {row['memory_mib']}",
        f"hourly = {row['hourly_usd_us_east_1']}",
        f"arch = \"{row['arch']}\"",
    ]
    if row["baseline_cpu_pct"]:
        fields.append(f"baseline_cpu_pct = {number(row['baseline_cpu_pct'])}")
    elif row["burstable"] == "true":
        fields.append("burstable = true")
    return f"\"{row['instance_type']}\" = {{ {', '.join(fields)} }}"


def main():
    with open(sys.argv[1], newline="") as f:
        rows = list(csv.DictReader(f))
    accepted = [r for r in rows if r["module_accepts"] == "true"]
    rejected = [r["instance_type"] for r in rows if r["module_accepts"] != "true"]
    for r in rows:
        if (r["module_accepts"] == "true") != bool(MODULE_RE.match(r["instance_type"])):
            sys.exit(f"{r['instance_type']}: module_accepts disagrees with the module's regex")
    out = [
        "# The instance catalog pypi-size embeds: every EC2 instance type whose name",
        "# the module's asg_instance_type validation accepts, with its default vCPUs,",
        "# memory (MiB), architecture, on-demand hourly price and, for burstable",
        "# types, the baseline CPU share per vCPU. Generated from the shared data set",
        "# by scripts/catalog_from_csv.py; `pypi-size catalog import` writes the same",
        "# format for any region, and `--catalog FILE` uses such a file instead.",
        "",
        "[catalog]",
        'region = "us-east-1"',
        'currency = "USD"',
        f'as_of = "{AS_OF}"',
        f'source = "{SOURCE}"',
        "# EC2 instance types the module's validation rejects by name",
        "# ([module.limits] asg_instance_type in profiles.toml).",
        "rejected = [",
    ]
    line = " "
    for name in rejected:
        item = f' "{name}",'
        if len(line) + len(item) > 88:
            out.append(line)
            line = " "
        line += item
    out += [line, "]", "", "[instances]"]
    out += [instance_line(r) for r in accepted]
    sys.stdout.write("\n".join(out) + "\n")
    print(f"{len(accepted)} accepted types, {len(rejected)} rejected", file=sys.stderr)


if __name__ == "__main__":
    main()
