#!/usr/bin/env python3
"""Measures the CPU pypiserver spends per request, run the way the module
infrahouse/pypiserver/aws 2.3.0 runs it, and writes the figures profiles.toml's
[predict] table holds (bench/pypiserver/README.md says how to read them).

    python3 bench/pypiserver/measure.py [--venv DIR] [--files 300,1002]
        [--installs 60] [--seconds 60] [--out measured.toml]

On the loopback interface only. It installs (into --venv, once) the image's
versions from PyPI: pypiserver 2.4.1, gunicorn 20.0.4, gevent 24.11.1,
passlib 1.7.4, bcrypt 3.2.0; writes a bcrypt cost-10 htpasswd (as Terraform's
random_password.bcrypt_hash) and a directory of N wheel files; starts
`pypi-server run --server gunicorn --backend simple-dir --authenticate
download,list,update` with one gevent worker pinned to CPU 0 (the client on
CPU 1); then makes pip's requests for a package (R /<pkg>/, S /simple/<pkg>/
twice, D the wheel) one at a time and reads the worker's CPU time from
/proc/PID/schedstat around each. Every loop is bounded in count (--installs)
and in time (--seconds); the server is stopped whatever happens.

Standard library only (the server's packages live in the venv).
"""

import argparse
import base64
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PINNED = ["pypiserver==2.4.1", "gunicorn==20.0.4", "gevent==24.11.1",
          "passlib==1.7.4", "bcrypt==3.2.0"]
START_TIMEOUT_S = 30
SETTLE_S = 0.005


def venv(path):
    python = os.path.join(path, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", path], check=True)
    subprocess.run([python, "-m", "pip", "install", "-q", *PINNED], check=True, timeout=600)
    return python


def htpasswd(python, path, user, password):
    """A bcrypt cost-10 entry, as Terraform's bcrypt() writes it."""
    code = ("import bcrypt,sys;print(bcrypt.hashpw(sys.argv[1].encode(),"
            "bcrypt.gensalt(10)).decode())")
    hashed = subprocess.run([python, "-c", code, password], check=True,
                            capture_output=True, text=True).stdout.strip()
    with open(path, "w") as f:
        f.write(f"{user}:{hashed}\n")


def wheels(directory, count):
    os.makedirs(directory, exist_ok=True)
    names = []
    for i in range(count):
        name = f"pkg{i:05d}-1.0-py3-none-any.whl"
        with zipfile.ZipFile(os.path.join(directory, name), "w") as z:
            z.writestr(f"pkg{i:05d}/__init__.py", "")
        names.append(name)
    return names


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def cpu_ns(pid):
    """The process's CPU time so far (every thread), from schedstat."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
            total += int(f.read().split()[0])
    return total


def start(venv_dir, workdir, port, packages, passwords):
    server = os.path.join(venv_dir, "bin", "pypi-server")
    cmd = ["taskset", "-c", "0", server, "run", "-p", str(port), "-i", "127.0.0.1",
           "--server", "gunicorn", "--backend", "simple-dir",
           "--authenticate", "download,list,update", "-P", passwords, packages]
    env = dict(os.environ, GUNICORN_WORKERS="1")
    proc = subprocess.Popen(cmd, cwd=workdir, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            workers = children(proc.pid)
            if workers:
                return proc, workers[0]
        except OSError:
            pass
        time.sleep(0.2)
    stop(proc)
    raise SystemExit(f"the server did not start within {START_TIMEOUT_S} s")


def stop(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def measure(port, worker, names, installs, seconds, auth):
    """CPU ms per request type: {"R": [...], "S": [...], "D": [...]}."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": auth, "Connection": "keep-alive"}
    out = {"R": [], "S": [], "D": []}
    deadline = time.monotonic() + seconds
    for i in range(installs):
        if time.monotonic() > deadline:
            break
        pkg = names[i % len(names)].split("-")[0]
        for kind, path in [("R", f"/{pkg}/"), ("S", f"/simple/{pkg}/"),
                           ("S", f"/simple/{pkg}/"), ("D", f"/packages/{names[i % len(names)]}")]:
            before = cpu_ns(worker)
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            time.sleep(SETTLE_S)
            after = cpu_ns(worker)
            if response.status >= 400:
                raise SystemExit(f"{path}: HTTP {response.status}")
            out[kind].append((after - before) / 1e6)
    conn.close()
    return out


def bcrypt_ms(python, rounds=20):
    code = (
        "import bcrypt,time,statistics\n"
        "h=bcrypt.hashpw(b'pw',bcrypt.gensalt(10));t=[]\n"
        f"for _ in range({rounds}):\n"
        "  s=time.thread_time();bcrypt.checkpw(b'pw',h);t.append((time.thread_time()-s)*1e3)\n"
        "print(statistics.median(t))\n")
    out = subprocess.run(["taskset", "-c", "0", python, "-c", code], check=True,
                         capture_output=True, text=True, timeout=120)
    return float(out.stdout)


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def cpu_name():
    with open("/proc/cpuinfo") as f:
        m = re.search(r"model name\s*:\s*(.*)", f.read())
    return m.group(1).strip() if m else "unknown"


def shared_figures():
    """The [predict] figures profiles.toml holds now (a light TOML read)."""
    import tomllib
    with open(os.path.join(REPO, "profiles.toml"), "rb") as f:
        return tomllib.load(f)["predict"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--venv", default=os.path.join(tempfile.gettempdir(), "pypi-bench-venv"))
    ap.add_argument("--files", default="300,1002")
    ap.add_argument("--installs", type=int, default=60)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--out", default=None)
    ap.add_argument("--clock-ghz", type=float, default=None,
                    help="the measuring core's effective clock: written as measured_clock_ghz, "
                         "and the comparison is then clock for clock (CPU ms × GHz), as predict "
                         "scales a vCPU")
    args = ap.parse_args()
    counts = [int(c) for c in args.files.split(",")]
    if len(counts) != 2 or counts[0] >= counts[1]:
        raise SystemExit("--files takes two counts, the smaller first (for the per-file term)")
    python = venv(args.venv)
    user, password = "bench", secrets.token_urlsafe(16)
    auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    results = {}
    for count in counts:
        workdir = tempfile.mkdtemp(prefix="pypi-bench-")
        try:
            shutil.copy(os.path.join(HERE, "gunicorn.conf.py"), workdir)
            passwords = os.path.join(workdir, ".htpasswd")
            htpasswd(python, passwords, user, password)
            names = wheels(os.path.join(workdir, "packages"), count)
            port = free_port()
            proc, worker = start(args.venv, workdir, port, os.path.join(workdir, "packages"),
                                 passwords)
            try:
                os.sched_setaffinity(0, {1})
            except OSError:
                pass
            try:
                # The first requests warm caches and imports: not counted.
                measure(port, worker, names, 3, args.seconds, auth)
                results[count] = measure(port, worker, names, args.installs, args.seconds, auth)
            finally:
                stop(proc)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    report(results, counts, bcrypt_ms(python), args.out, args.clock_ghz)


def report(results, counts, bcrypt, out_path, clock):
    low = results[counts[0]]
    install = {c: sum(statistics.median(results[c][k]) * n
                      for k, n in (("R", 1), ("S", 2), ("D", 1))) for c in counts}
    per_file = (install[counts[1]] - install[counts[0]]) / (counts[1] - counts[0])
    measured = {
        "redirect": (statistics.median(low["R"]), p95(low["R"])),
        "index": (statistics.median(low["S"]), p95(low["S"])),
        "download": (statistics.median(low["D"]), p95(low["D"])),
    }
    versions = "pypiserver 2.4.1, gunicorn 20.0.4, gevent 24.11.1, passlib 1.7.4, bcrypt 3.2.0, " \
               f"Python {sys.version_info.major}.{sys.version_info.minor}"
    lines = [
        "# Written by bench/pypiserver/measure.py: the figures of profiles.toml's [predict].",
        f"# {len(low['R'])} installs at {counts[0]} files, "
        f"{len(results[counts[1]]['R'])} at {counts[1]} files.",
        "[predict]",
        f'measured_versions = "{versions}"',
        f'measured_cpu = "{cpu_name()}, one core (CPU 0), the client on CPU 1"',
        f"measured_files = {counts[0]}",
        *([f"measured_clock_ghz = {clock}"] if clock else []),
        f"per_file_cpu_ms = {per_file:.4f}",
        f"bcrypt_cpu_ms = {bcrypt:.1f}",
    ]
    for name, (median, high) in measured.items():
        lines += [f"[predict.{name}]", f"median_cpu_ms = {median:.2f}", f"p95_cpu_ms = {high:.2f}"]
    text = "\n".join(lines) + "\n"
    if out_path:
        with open(out_path, "w") as f:
            f.write(text)
    print(text)
    shared = shared_figures()
    # Clock for clock: a figure at `clock` GHz is figure × clock / theirs at theirs.
    scale = clock / shared["measured_clock_ghz"] if clock else 1.0
    print(f"clock for clock: × {scale:.3f}" if clock else "raw CPU ms (no --clock-ghz)")
    print("figure                 measured   profiles.toml   ratio   within 15 %")
    rows = [("bcrypt_cpu_ms", bcrypt, shared["bcrypt_cpu_ms"]),
            ("per_file_cpu_ms", per_file, shared["per_file_cpu_ms"])]
    for name, (median, _) in measured.items():
        rows.append((f"{name}.median_cpu_ms", median, shared[name]["median_cpu_ms"]))
    rows.append(("install (R+2S+D) ms", install[counts[0]],
                 sum(shared[k]["median_cpu_ms"] * n
                     for k, n in (("redirect", 1), ("index", 2), ("download", 1)))))
    for name, mine, theirs in rows:
        mine = mine * scale
        ratio = mine / theirs if theirs else float("nan")
        print(f"{name:22} {mine:9.3f} {theirs:15.3f} {ratio:7.2f}   "
              f"{'yes' if abs(ratio - 1) <= 0.15 else 'no'}")


if __name__ == "__main__":
    main()
