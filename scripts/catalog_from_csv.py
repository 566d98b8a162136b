#!/usr/bin/env python3
"""Writes catalog.toml, the instance catalog pypi-size embeds, from the shared
EC2 data set (instances.csv; its README gives the provenance).

    python3 scripts/catalog_from_csv.py /work/shared/aws-catalog/instances.csv \
        instance-types.md > catalog.toml

instance-types.md is Karpenter's generated reference (aws/karpenter-provider-aws,
website/content/en/docs/reference/instance-types.md, at 1d927085, the commit
instances.csv comes from): its labels give each type's sustained clock
(EC2's ProcessorInfo.SustainedClockSpeedInGhz, in MHz) and CPU maker, for
`predict`. Without it no type gets a clock (predict then says it is unknown).

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


# EC2's DefaultThreadsPerCore, by the rules AWS publishes (EC2 User Guide,
# "CPU options"): "each vCPU is a thread of a CPU core, except for T2
# instances"; Graviton (maker "aws") and the AMD 7th generation on have one
# thread per core ("every vCPU is a physical core"). A one-vCPU type is one
# thread. Karpenter's labels have no thread count, so it is derived here.
def threads_per_core(row, labels):
    maker = labels.get("instance-cpu-manufacturer")
    if maker is None:
        return None
    if maker == "aws" or row["family"] == "t2" or int(row["vcpus"]) == 1:
        return 1
    if maker == "amd" and int(labels.get("instance-generation", "0")) >= 7:
        return 1
    return 2


def read_labels(path):
    """Karpenter's labels per type: {type: {label: value}}."""
    labels, current = {}, None
    with open(path) as f:
        for line in f:
            m = re.match(r"^### `(.+)`", line)
            if m:
                current = labels.setdefault(m.group(1), {})
                continue
            m = re.match(r"\s*\|karpenter\.k8s\.aws/([a-z-]+)\|(.*)\|", line)
            if m and current is not None:
                current[m.group(1)] = m.group(2)
    return labels


def instance_line(row, labels):
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
    mhz = labels.get("instance-cpu-sustained-clock-speed-mhz")
    if mhz and int(mhz) > 0:
        fields.append(f"clock_ghz = {number(str(int(mhz) / 1000))}")
    threads = threads_per_core(row, labels)
    if threads:
        fields.append(f"threads_per_core = {threads}")
    return f"\"{row['instance_type']}\" = {{ {', '.join(fields)} }}"


def main():
    with open(sys.argv[1], newline="") as f:
        rows = list(csv.DictReader(f))
    labels = read_labels(sys.argv[2]) if len(sys.argv) > 2 else {}
    accepted = [r for r in rows if r["module_accepts"] == "true"]
    rejected = [r["instance_type"] for r in rows if r["module_accepts"] != "true"]
    for r in rows:
        if (r["module_accepts"] == "true") != bool(MODULE_RE.match(r["instance_type"])):
            sys.exit(f"{r['instance_type']}: module_accepts disagrees with the module's regex")
    out = [
        "# The instance catalog pypi-size embeds: every EC2 instance type whose name",
        "# the module's asg_instance_type validation accepts, with its default vCPUs,",
        "# memory (MiB), architecture, on-demand hourly price and, for burstable",
        "# types, the baseline CPU share per vCPU; for `predict`, the sustained",
        "# clock (GHz, Karpenter's instance-types.md at 1d927085, from EC2's",
        "# SustainedClockSpeedInGhz) and threads per core (AWS's published rules:",
        "# scripts/catalog_from_csv.py). Generated from the shared data set",
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
    out += [instance_line(r, labels.get(r["instance_type"], {})) for r in accepted]
    sys.stdout.write("\n".join(out) + "\n")
    print(f"{len(accepted)} accepted types, {len(rejected)} rejected", file=sys.stderr)


if __name__ == "__main__":
    main()
