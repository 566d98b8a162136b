#!/usr/bin/env python3
"""Measures the CPU pypiserver spends per request, run the way the module
infrahouse/pypiserver/aws 2.3.0 runs it, and writes the figures profiles.toml's
[predict] table holds (bench/pypiserver/README.md says how to read them).

    python3 bench/pypiserver/measure.py [--venv DIR] [--files 300,3000]
        [--batch 10] [--stable 3] [--tolerance 0.03] [--installs 200]
        [--seconds 120] [--out measured.toml]

On the loopback interface only. It installs (into --venv, once) the image's
versions from PyPI: pypiserver 2.4.1, gunicorn 20.0.4, gevent 24.11.1,
passlib 1.7.4, bcrypt 3.2.0; writes a bcrypt cost-10 htpasswd (as Terraform's
random_password.bcrypt_hash) and a directory of N wheel files; starts
`pypi-server run --server gunicorn --backend simple-dir --authenticate
download,list,update` with one gevent worker pinned to CPU 0 (the client on
CPU 1); then makes pip's requests for a package (R /<pkg>/, S /simple/<pkg>/
twice, D the wheel) one at a time and reads the worker's CPU time from
/proc/PID/schedstat around each. It measures in batches and stops when the
last --stable batches agree within --tolerance (a busy machine does not
settle; then it says so and exits 3). The bcrypt check is timed in the
server: the same requests with and without --authenticate, their difference.
Every loop is bounded in count (--installs) and in time (--seconds); the
server is stopped whatever happens.

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
    """The server as the module runs it; `passwords` None: no authentication
    (`-a . -P .`), to time the bcrypt check as the difference."""
    server = os.path.join(venv_dir, "bin", "pypi-server")
    auth = (["--authenticate", "download,list,update", "-P", passwords] if passwords
            else ["-a", ".", "-P", "."])
    cmd = ["taskset", "-c", "0", server, "run", "-p", str(port), "-i", "127.0.0.1",
           "--server", "gunicorn", "--backend", "simple-dir", *auth, packages]
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


REQUESTS = (("R", 1), ("S", 2), ("D", 1))


def install_ms(samples):
    """CPU ms of one pip install (R + 2 S + D), from per-type medians."""
    return sum(statistics.median(samples[k]) * n for k, n in REQUESTS)


def measure(port, worker, names, installs, seconds, auth):
    """CPU ms per request type of `installs` installs: {"R": [...], ...}."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Connection": "keep-alive", **({"Authorization": auth} if auth else {})}
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
            # Back to back, as a worker runs in a burst: a pause would let it
            # idle, and waking costs 0.1-0.3 ms more (a redirect: 0.42 ms back
            # to back, 0.53 after 5 ms, 0.66 after 50 ms on the guest of
            # README.md). Work after a response counts to the next request.
            after = cpu_ns(worker)
            if response.status >= 400:
                raise SystemExit(f"{path}: HTTP {response.status}")
            out[kind].append((after - before) / 1e6)
    conn.close()
    return out


def redirects(port, worker, names, count, seconds):
    """CPU ms of `count` redirects back to back. In the install sequence a
    redirect follows a download, whose last 0.2-0.3 ms of work (after its
    response) would count to it: more than the redirect's own 0.3 ms."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    out = []
    deadline = time.monotonic() + seconds
    for i in range(count):
        if time.monotonic() > deadline:
            break
        before = cpu_ns(worker)
        conn.request("GET", f"/{names[i % len(names)].split('-')[0]}/",
                     headers={"Connection": "keep-alive"})
        response = conn.getresponse()
        response.read()
        after = cpu_ns(worker)
        if response.status != 303:
            raise SystemExit(f"a redirect: HTTP {response.status}")
        out.append((after - before) / 1e6)
    conn.close()
    return out


def until_stable(port, worker, names, auth, opts, label):
    """Batches of --batch installs until the last --stable batches' install
    CPU agree within --tolerance, or --installs / --seconds run out. Returns
    the stable batches' samples pooled, and whether they settled."""
    batches = []
    deadline = time.monotonic() + opts.seconds
    while sum(len(b["R"]) for b in batches) < opts.installs:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        batch = measure(port, worker, names, opts.batch, left, auth)
        if not batch["R"]:
            break
        batches.append(batch)
        last = [install_ms(b) for b in batches[-opts.stable:]]
        spread = max(last) / min(last) - 1
        print(f"  {label}: batch {len(batches)}: install {last[-1]:.1f} ms "
              f"(last {len(last)} within {spread:.1%})", file=sys.stderr)
        if len(last) == opts.stable and spread <= opts.tolerance:
            window = batches[-opts.stable:]
            return {k: [v for b in window for v in b[k]] for k in "RSD"}, True
    window = batches[-opts.stable:]
    return {k: [v for b in window for v in b[k]] for k in "RSD"}, False


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


def effective_clock_ghz():
    """CPU 0's effective clock, timed by clock.rs (built with rustc, which
    builds pypi-size too); None without rustc."""
    rustc = shutil.which("rustc")
    if not rustc:
        return None
    out = tempfile.mkdtemp(prefix="pypi-bench-clock-")
    try:
        binary = os.path.join(out, "clock")
        subprocess.run([rustc, "-O", "-o", binary, os.path.join(HERE, "clock.rs")],
                       check=True, capture_output=True, timeout=300)
        run = subprocess.run(["taskset", "-c", "0", binary], check=True,
                             capture_output=True, text=True, timeout=120)
        return float(run.stdout)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def run_server(opts, python, count, passwords_for, auth, label, redirect_pass=False):
    """One server over `count` wheels; its stable samples and whether they
    settled (with `redirect_pass`, "R" is a run of redirects alone)."""
    workdir = tempfile.mkdtemp(prefix="pypi-bench-")
    try:
        shutil.copy(os.path.join(HERE, "gunicorn.conf.py"), workdir)
        passwords = passwords_for(workdir)
        names = wheels(os.path.join(workdir, "packages"), count)
        port = free_port()
        proc, worker = start(opts.venv, workdir, port, os.path.join(workdir, "packages"),
                             passwords)
        try:
            os.sched_setaffinity(0, {1})
        except OSError:
            pass
        try:
            # The first requests warm caches and imports: not counted.
            measure(port, worker, names, 3, opts.seconds, auth)
            samples, settled = until_stable(port, worker, names, auth, opts, label)
            if redirect_pass:
                samples["R"] = redirects(port, worker, names, opts.installs * 4, opts.seconds)
            return samples, settled
        finally:
            stop(proc)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--venv", default=os.path.join(tempfile.gettempdir(), "pypi-bench-venv"))
    ap.add_argument("--files", default="300,3000",
                    help="two wheel counts, the smaller first: the per-file term is their "
                         "difference (the shared figures' 300 and 3,000)")
    ap.add_argument("--batch", type=int, default=10, help="installs per batch")
    ap.add_argument("--stable", type=int, default=3,
                    help="batches that must agree before it stops")
    ap.add_argument("--tolerance", type=float, default=0.03,
                    help="how far apart those batches' install CPU may be (0.03: 3 %%)")
    ap.add_argument("--installs", type=int, default=200, help="most installs per server")
    ap.add_argument("--seconds", type=float, default=120.0, help="most seconds per server")
    ap.add_argument("--out", default=None)
    ap.add_argument("--clock-ghz", type=float, default=None,
                    help="the measuring core's effective clock, GHz [default: timed by "
                         "clock.rs before and after, their mean]: written as measured_clock_ghz, "
                         "and the comparison is clock for clock (CPU ms × GHz), as predict "
                         "scales a vCPU")
    args = ap.parse_args()
    counts = [int(c) for c in args.files.split(",")]
    if len(counts) != 2 or counts[0] >= counts[1]:
        raise SystemExit("--files takes two counts, the smaller first (for the per-file term)")
    if min(args.batch, args.stable, args.installs) < 1 or args.tolerance <= 0:
        raise SystemExit("--batch, --stable and --installs take 1 or more, --tolerance above 0")
    load = loadavg()
    if load > 1.5:
        print(f"warning: load average {load:.2f}: CPU time per request grows on a busy "
              "machine (caches, the other vCPU); measure on a quiet one", file=sys.stderr)
    python = venv(args.venv)
    before = args.clock_ghz or effective_clock_ghz()
    user, password = "bench", secrets.token_urlsafe(16)
    auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def with_htpasswd(workdir):
        path = os.path.join(workdir, ".htpasswd")
        htpasswd(python, path, user, password)
        return path

    results, settled = {}, {}
    for count in counts:
        results[count], settled[count] = run_server(
            args, python, count, with_htpasswd, auth, f"{count} files",
            redirect_pass=count == counts[0])
    no_auth, settled["no auth"] = run_server(
        args, python, counts[0], lambda _: None, None, f"{counts[0]} files, no auth")
    after = args.clock_ghz or effective_clock_ghz()
    clock = None
    if before and after:
        clock = round((before + after) / 2, 3)
        if not args.clock_ghz:
            print(f"effective clock of CPU 0: {before:.3f} GHz before, {after:.3f} after",
                  file=sys.stderr)
    report(results, no_auth, counts, args.out, clock)
    unsettled = [str(k) for k, ok in settled.items() if not ok]
    if unsettled:
        print(f"not stable: {', '.join(unsettled)} did not settle within "
              f"{args.tolerance:.0%} over {args.stable} batches before --installs/--seconds "
              "ran out; the figures above are the last batches'", file=sys.stderr)
        sys.exit(3)


def report(results, no_auth, counts, out_path, clock):
    low = results[counts[0]]
    install = {c: install_ms(results[c]) for c in counts}
    # The authenticated requests list the directory; the redirect does not.
    listed = {c: install[c] - statistics.median(results[c]["R"]) for c in counts}
    per_file = (listed[counts[1]] - listed[counts[0]]) / (counts[1] - counts[0])
    # Timed in the server: each authenticated request less the same request
    # without authentication, the index and the download averaged.
    bcrypt = statistics.mean(statistics.median(low[k]) - statistics.median(no_auth[k])
                             for k in ("S", "D"))
    measured = {
        "redirect": (statistics.median(low["R"]), p95(low["R"])),
        "index": (statistics.median(low["S"]), p95(low["S"])),
        "download": (statistics.median(low["D"]), p95(low["D"])),
    }
    versions = "pypiserver 2.4.1, gunicorn 20.0.4, gevent 24.11.1, passlib 1.7.4, bcrypt 3.2.0, " \
               f"Python {sys.version_info.major}.{sys.version_info.minor}"
    lines = [
        "# Written by bench/pypiserver/measure.py: the figures of profiles.toml's [predict].",
        f"# {len(low['S']) // 2} installs at {counts[0]} files, "
        f"{len(results[counts[1]]['R'])} at {counts[1]} files, "
        f"{len(no_auth['R'])} without authentication; {len(low['R'])} redirects alone.",
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
    scale = clock / shared["measured_clock_ghz"] if clock else None
    print(f"clock for clock: this core at {clock} GHz, theirs at {shared['measured_clock_ghz']} "
          f"GHz: × {scale:.3f}" if clock else "raw CPU ms only (no clock: rustc not found)")
    print("figure                  measured  profiles.toml  raw ratio  clock ratio  within 15 %")
    rows = [("bcrypt_cpu_ms", bcrypt, shared["bcrypt_cpu_ms"]),
            ("per_file_cpu_ms", per_file, shared["per_file_cpu_ms"])]
    for name, (median, _) in measured.items():
        rows.append((f"{name}.median_cpu_ms", median, shared[name]["median_cpu_ms"]))
    rows.append(("install (R+2S+D) ms", install[counts[0]],
                 sum(shared[k]["median_cpu_ms"] * n
                     for k, n in (("redirect", 1), ("index", 2), ("download", 1)))))
    for name, mine, theirs in rows:
        raw = mine / theirs if theirs else float("nan")
        judged = raw * scale if scale else raw
        clock_text = f"{raw * scale:11.2f}" if scale else f"{'-':>11}"
        print(f"{name:22} {mine:9.3f} {theirs:14.3f} {raw:10.2f} {clock_text}  "
              f"{'yes' if abs(judged - 1) <= 0.15 else 'no'}")


if __name__ == "__main__":
    main()
