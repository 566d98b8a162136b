//! One test per class of bad input: each gets its exit code, an empty stdout
//! and a message that names the flag, field or file and what is wrong.

use crate::common::{Scratch, fails_cmd as fails, fixture, pypi_size};
use serde_json::Value;

mod output;

/// catalog.toml with c6a.xlarge's entry edited, for --catalog.
fn with_catalog(edit: &str, replacement: &str) -> (Scratch, String) {
    let dir = Scratch::new("catalog");
    let path = dir.file("catalog.toml");
    let entry = "\"c6a.xlarge\" = { vcpus = 4, memory_mib = 8192, hourly = 0.153,";
    let edited = entry.replacen(edit, replacement, 1);
    assert!(pypi_size::EMBEDDED_CATALOG.contains(entry) && edited != entry);
    std::fs::write(
        &path,
        pypi_size::EMBEDDED_CATALOG.replacen(entry, &edited, 1),
    )
    .unwrap();
    (dir, path)
}

/// The line of a setting in the embedded profiles.toml, e.g. where
/// `container_memory = [128, 30720]` stands.
fn line_of(start: &str) -> usize {
    pypi_size::EMBEDDED_PROFILES
        .lines()
        .position(|l| l.starts_with(start))
        .unwrap()
        + 1
}

fn memory_limits_line() -> usize {
    line_of("container_memory = [128, 30720]")
}

/// A profiles.toml with one edit (which must match) in a scratch directory.
fn with_profiles(edit: &str, replacement: &str) -> (Scratch, String) {
    let dir = Scratch::new("profiles");
    let path = dir.file("profiles.toml");
    assert!(pypi_size::EMBEDDED_PROFILES.contains(edit), "{edit}");
    std::fs::write(
        &path,
        pypi_size::EMBEDDED_PROFILES.replacen(edit, replacement, 1),
    )
    .unwrap();
    (dir, path)
}

// ---------------------------------------------------------------------------
// Numbers too large for the arithmetic.

#[test]
fn a_price_of_1e308_is_an_error_naming_the_cost() {
    let (_dir, path) = with_catalog("hourly = 0.153", "hourly = 1e308");
    for cmd in [
        vec!["capacity", "--instance", "c6a.xlarge"],
        vec!["instances"],
        vec!["compare", "--family", "c6a"],
        vec!["optimize", "--min-workers", "8", "--family", "c6a"],
    ] {
        fails(
            pypi_size().args(["--catalog", &path]).args(&cmd),
            1,
            &["too large to compute with", "1e308"],
        );
    }
}

#[test]
fn a_catalog_entry_of_2_pow_63_mib_is_refused_clearly() {
    // 2^63 − 512 MiB: a multiple of 512, so its root volume (2^54 GB) is
    // whole, and its bill is beyond what a JSON number holds to the cent:
    // an error naming the total, not a rounded figure or a panic.
    let (_dir, path) = with_catalog("memory_mib = 8192", "memory_mib = 9223372036854775296");
    fails(
        pypi_size().args(["--catalog", &path, "capacity", "--instance", "c6a.xlarge"]),
        1,
        &["total monthly cost", "to the cent"],
    );
    // 2^63 − 1 MiB: the root volume comes out fractional, which the plan
    // refuses.
    let (_dir, path) = with_catalog("memory_mib = 8192", "memory_mib = 9223372036854775807");
    fails(
        pypi_size().args(["--catalog", &path, "capacity", "--instance", "c6a.xlarge"]),
        2,
        &["whole number"],
    );
}

#[test]
fn a_number_beyond_toml_integers_is_a_data_error_with_its_line() {
    let (_dir, path) = with_catalog("memory_mib = 8192", "memory_mib = 18446744073709551616");
    fails(
        pypi_size().args(["--catalog", &path, "profiles"]),
        1,
        &["catalog.toml:", "memory_mib"],
    );
}

#[test]
fn a_count_of_u64_max_is_an_error_naming_it() {
    fails(
        pypi_size().args(["capacity", "--task-min-count", "18446744073709551615"]),
        1,
        &["task_max_count is too large to compute with"],
    );
    // The ECS module caps asg_min_size at 1000: a plan error, not arithmetic.
    fails(
        pypi_size().args(["capacity", "--asg-min-size", "18446744073709551615"]),
        2,
        &["--asg-min-size", "1 to 1000"],
    );
    fails(
        pypi_size().args(["capacity", "--asg-min-size", "18446744073709551616"]),
        2,
        &["--asg-min-size"],
    );
}

#[test]
fn a_count_of_u32_max_gives_finite_costs() {
    let out = pypi_size()
        .args([
            "capacity",
            "--task-min-count",
            "4294967295",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["cost"]["at_asg_min_size"]["total"]
            .as_f64()
            .unwrap()
            .is_finite()
    );
    assert_eq!(v["capacity"]["task_max_count"], 2u64 * 4_294_967_295);
}

#[test]
fn an_lcu_count_too_large_is_a_usage_error() {
    fails(
        pypi_size().args(["capacity", "--alb-lcus", "1e308"]),
        2,
        &["--alb-lcus", "too large"],
    );
}

// ---------------------------------------------------------------------------
// Data files that are valid TOML but would ask for unbounded work.

/// Each run must end in a few seconds whatever the data file says.
fn bounded(profiles: &str, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = pypi_size();
    cmd.args(["--profiles", profiles])
        .args(args)
        .timeout(std::time::Duration::from_secs(20));
    cmd
}

/// [0, 2^63-1] made `optimize --min-workers 48` abort allocating 576 PB;
/// an unbounded container_cpu or ECS group size made `explain` and `check`
/// walk for hours.
#[test]
fn ranges_too_wide_to_search_are_refused_with_their_line() {
    for (edit, replacement, words) in [
        (
            "container_memory = [128, 30720]",
            "container_memory = [0, 9223372036854775807]",
            [
                &format!("profiles.toml:{}:", memory_limits_line()),
                "container_memory",
                "1048576",
            ],
        ),
        (
            "container_cpu = [128, 4096]",
            "container_cpu = [128]",
            [
                &format!("profiles.toml:{}:", line_of("container_cpu = [128, 4096]")),
                "container_cpu",
                "no upper bound",
            ],
        ),
        (
            "asg_min_size = [1, 1000]",
            "asg_min_size = [1]",
            [
                &format!("profiles.toml:{}:", line_of("asg_min_size = [1, 1000]")),
                "asg_min_size",
                "10000",
            ],
        ),
    ] {
        let (_dir, path) = with_profiles(edit, replacement);
        for cmd in [
            vec!["optimize", "--min-workers", "48"],
            vec!["explain", "--container-memory", "4000"],
            vec!["profiles"],
        ] {
            fails(&mut bounded(&path, &cmd), 1, &words);
        }
    }
}

/// Within the bounds, the widest ranges still end quickly: `explain`
/// searches at most 65536 values per lever and says so, `optimize` counts
/// its work up front and asks to be narrowed past its budget.
#[test]
fn the_planning_commands_bound_their_work_up_front() {
    let (_dir, path) = with_profiles(
        "container_memory = [128, 30720]",
        "container_memory = [128, 1048576]",
    );
    let started = std::time::Instant::now();
    let out = bounded(
        &path,
        &[
            "explain",
            "--container-memory",
            "1048576",
            "--format",
            "json",
        ],
    )
    .output()
    .unwrap();
    // 3: the config's error finding is a verdict, the report printed.
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("only the 65536 values below 1048576"),
        "{notes}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let dir = Scratch::new("work");
    let path = dir.write(
        "profiles.toml",
        &pypi_size::EMBEDDED_PROFILES
            .replacen("worker_memory_mb = 128", "worker_memory_mb = 1", 1)
            .replacen(
                "container_memory = [128, 30720]",
                "container_memory = [128, 1048576]",
                1,
            ),
    );
    fails(
        &mut bounded(&path, &["optimize", "--min-workers", "48"]),
        2,
        &["steps", "1000000", "--family"],
    );
    // Narrowed, the same search runs.
    let out = bounded(
        &path,
        &[
            "optimize",
            "--min-workers",
            "48",
            "--container-memory",
            "512",
        ],
    )
    .output()
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn catalogs_and_profiles_are_bounded_in_number() {
    let mut catalog = String::new();
    for i in 0..2001 {
        catalog.push_str(&format!(
            "[instances.\"x9.s{i}\"]\nvcpus = 2\nmemory_mib = 4096\nhourly = 0.1\narch = \"x86_64\"\n\n"
        ));
    }
    // A profiles file's own [instances], as catalog.toml writes them.
    let (_dir, path) = with_profiles("\n[pricing]\n", &format!("\n{catalog}[pricing]\n"));
    let listed = 2001;
    fails(
        &mut bounded(&path, &["profiles"]),
        1,
        &[
            "profiles.toml:",
            &format!("{listed} instance types"),
            "2000",
        ],
    );
    let last = pypi_size::EMBEDDED_PROFILES
        .rsplit_once("[[profiles]]")
        .unwrap()
        .1;
    let mut more = String::new();
    for i in 0..100 {
        more.push_str(&format!(
            "\n[[profiles]]{}",
            last.replacen("name = \"very-heavy\"", &format!("name = \"p{i}\""), 1)
        ));
    }
    let dir = Scratch::new("profiles");
    let path = dir.write(
        "profiles.toml",
        &(pypi_size::EMBEDDED_PROFILES.to_string() + &more),
    );
    fails(
        &mut bounded(&path, &["profiles"]),
        1,
        &["profiles.toml:", "104 [[profiles]]", "100"],
    );
}

// ---------------------------------------------------------------------------
// Files.

#[test]
fn missing_files() {
    fails(
        pypi_size().args(["--profiles", "/nonexistent/p.toml", "profiles"]),
        1,
        &["/nonexistent/p.toml", "No such file"],
    );
    fails(
        pypi_size().args(["check", "/nonexistent/main.tf"]),
        1,
        &["/nonexistent/main.tf", "No such file"],
    );
    fails(
        pypi_size().args([
            "check",
            &fixture("clean"),
            "--var-file",
            "/nonexistent/x.tfvars",
        ]),
        1,
        &["/nonexistent/x.tfvars"],
    );
}

#[test]
fn a_directory_where_a_file_belongs() {
    let dir = Scratch::new("dir");
    fails(
        pypi_size().args(["--profiles", dir.0.to_str().unwrap(), "profiles"]),
        1,
        &["is a directory"],
    );
    fails(
        pypi_size().args([
            "check",
            &fixture("clean"),
            "--var-file",
            dir.0.to_str().unwrap(),
        ]),
        1,
        &["is a directory"],
    );
}

#[test]
fn files_that_are_not_utf8() {
    let dir = Scratch::new("utf8");
    let toml = dir.file("p.toml");
    let tf = dir.file("main.tf");
    std::fs::write(&toml, b"[module]\nsource = \"\xff\xfe\"\n").unwrap();
    std::fs::write(&tf, b"module \"x\" {\n  source = \"\xc3\x28\"\n}\n").unwrap();
    fails(
        pypi_size().args(["--profiles", &toml, "profiles"]),
        1,
        &["not UTF-8", "offset 19"],
    );
    fails(
        pypi_size().args(["check", &tf]),
        1,
        &["main.tf", "not UTF-8"],
    );
}

#[test]
fn empty_files() {
    let dir = Scratch::new("empty");
    let toml = dir.file("p.toml");
    let tf = dir.file("main.tf");
    std::fs::write(&toml, "").unwrap();
    std::fs::write(&tf, "").unwrap();
    fails(
        pypi_size().args(["--profiles", &toml, "profiles"]),
        1,
        &["p.toml", "missing field"],
    );
    // An empty .tf is valid Terraform with no module in it: nothing was
    // checked, which fails unless --allow-none.
    let out = pypi_size().args(["check", &tf]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no pypiserver module block"));
    let out = pypi_size()
        .args(["check", &tf, "--allow-none"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn huge_files_are_refused_before_they_are_read() {
    let dir = Scratch::new("huge");
    let toml = dir.file("p.toml");
    let tf = dir.file("main.tf");
    // Sparse files: the size is there, the disk is not used.
    std::fs::File::create(&toml)
        .unwrap()
        .set_len(5 << 20)
        .unwrap();
    std::fs::File::create(&tf)
        .unwrap()
        .set_len(17 << 20)
        .unwrap();
    fails(
        pypi_size().args(["--profiles", &toml, "profiles"]),
        1,
        &["p.toml", "larger than"],
    );
    fails(
        pypi_size().args(["check", &tf]),
        1,
        &["main.tf", "larger than"],
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops() {
    let dir = Scratch::new("loop");
    let a = dir.file("a.tf");
    let b = dir.file("b.tf");
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    fails(
        pypi_size().args(["--profiles", &a, "profiles"]),
        1,
        &["a.tf", "symbolic links"],
    );
    fails(
        pypi_size().args(["check", &a]),
        1,
        &["a.tf", "symbolic links"],
    );
    // In a directory, the looping link is still named.
    fails(
        pypi_size().args(["check", dir.0.to_str().unwrap()]),
        1,
        &["symbolic links"],
    );
}

/// A FIFO, a device or a socket where a file belongs: refused from its type,
/// never opened in a way that waits for a writer. Each run is bounded so a
/// regression fails instead of hanging the suite.
#[cfg(unix)]
#[test]
fn special_files_are_refused_without_blocking() {
    let dir = Scratch::new("special");
    let fifo = dir.file("main.tf");
    make_fifo(&fifo);
    let socket = dir.file("s.tfvars");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let bounded = |args: &[&str]| {
        let mut cmd = pypi_size();
        cmd.args(args).timeout(std::time::Duration::from_secs(10));
        cmd
    };
    let fifo_words = ["main.tf", "named pipe (FIFO)", "not a regular file"];
    fails(&mut bounded(&["check", dir.path()]), 1, &fifo_words);
    fails(&mut bounded(&["check", &fifo]), 1, &fifo_words);
    fails(
        &mut bounded(&["--profiles", &fifo, "profiles"]),
        1,
        &fifo_words,
    );
    let clean = fixture("clean");
    fails(
        &mut bounded(&["check", &clean, "-var-file", &fifo]),
        1,
        &fifo_words,
    );
    fails(
        &mut bounded(&["check", &clean, "-var-file", &socket]),
        1,
        &["s.tfvars", "a socket"],
    );
    fails(
        &mut bounded(&["--profiles", "/dev/zero", "profiles"]),
        1,
        &["/dev/zero", "character device", "`-`"],
    );
}

#[cfg(unix)]
fn make_fifo(path: &str) {
    let c = std::ffi::CString::new(path).unwrap();
    assert_eq!(
        unsafe { libc::mkfifo(c.as_ptr(), 0o644) },
        0,
        "mkfifo {path}"
    );
}

/// A name that is not UTF-8 in a checked directory is read, as Terraform
/// reads it and as naming the file directly does; it is shown with `\xNN`.
#[cfg(target_os = "linux")]
#[test]
fn names_that_are_not_utf8_are_read_like_any_other() {
    use std::os::unix::ffi::OsStrExt;
    let dir = Scratch::new("names");
    let name = std::ffi::OsStr::from_bytes(b"a\xff.tf");
    let path = dir.0.join(name);
    std::fs::write(&path, "module \"x\" {\n  source = \n}\n").unwrap();
    // The same syntax error, whether the directory or the file is named.
    fails(pypi_size().args(["check", dir.path()]), 1, &["a\\xff.tf:2"]);
    fails(pypi_size().arg("check").arg(&path), 1, &["a\\xff.tf:2"]);
}

/// Terraform 1.0.3 skips a byte order mark in native syntax (`.tf`,
/// `.tfvars`) and rejects one in JSON (`.tf.json`, `.tfvars.json`);
/// profiles.toml skips it, as the TOML parser does.
#[test]
fn a_byte_order_mark_is_read_as_terraform_reads_it() {
    let bom = "\u{feff}";
    let dir = Scratch::new("bom");
    let module = std::fs::read_to_string(fixture("clean/main.tf")).unwrap();
    dir.write("main.tf", &format!("{bom}{module}"));
    dir.write("terraform.tfvars", &format!("{bom}# nothing\n"));
    let out = pypi_size().args(["check", dir.path()]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.write("x.tf.json", &format!("{bom}{{}}"));
    fails(
        pypi_size().args(["check", dir.path()]),
        1,
        &["x.tf.json:1:1", "byte order mark"],
    );
    let toml = dir.write("p.toml", &format!("{bom}{}", pypi_size::EMBEDDED_PROFILES));
    let out = pypi_size()
        .args(["--profiles", &toml, "profiles"])
        .output()
        .unwrap();
    assert!(out.status.success());
}

/// Files under the per-file limit still share one budget per run.
#[test]
fn the_files_of_a_run_share_a_byte_budget() {
    let dir = Scratch::new("budget");
    let comment = format!("# {}\n", "x".repeat(1021)).repeat(3 * 1024);
    for name in ["a.tf", "b.tf", "c.tf"] {
        dir.write(name, &comment);
    }
    fails(
        pypi_size().args(["check", dir.path()]),
        1,
        &["c.tf", "8 MiB", "budget of one run"],
    );
}

#[test]
fn standard_input() {
    let out = pypi_size()
        .args(["--profiles", "-", "capacity", "--format", "json"])
        .write_stdin(pypi_size::EMBEDDED_PROFILES)
        .output()
        .unwrap();
    assert!(out.status.success());
    fails(
        pypi_size()
            .args(["--profiles", "-", "profiles"])
            .write_stdin("[module]\nversion = 3\n"),
        1,
        &["<stdin>:", "version"],
    );
}
