//! Bad output conditions and shell integration: escape sequences never reach
//! the terminal raw, a stream that cannot be written is an exit code, and
//! completions, man pages and colour work without a data file.

use super::*;

// ---------------------------------------------------------------------------
// Terminal safety and output streams.

/// Escape sequences from a file name, a flag value or a data string reach
/// the terminal escaped: in tables, in HCL comments and in errors.
#[cfg(target_os = "linux")]
#[test]
fn control_characters_never_reach_the_terminal_raw() {
    let dir = Scratch::new("controls");
    let module = std::fs::read_to_string(fixture("clean/main.tf")).unwrap();
    dir.write("m\x1b]0;title\x07.tf", &module);
    let out = pypi_size().args(["check", dir.path()]).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("m\\x1b]0;title\\x07.tf:"), "{table}");
    assert!(!table.contains('\x1b') && !table.contains('\x07'));

    let out = pypi_size()
        .args(["capacity", "--instance", "c6a.x\x1b[2J\u{9b}1A\u{202e}"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("c6a.x\\x1b[2J\\u{9b}1A\\u{202e}"),
        "{stderr}"
    );

    let (_d, path) = with_profiles(
        "region = \"us-east-1\"",
        "region = \"us-east-1\\u001b]52;c;eA==\\u0007\\nresource \\\"x\\\" \\\"y\\\" {}\"",
    );
    for format in ["table", "hcl", "tfvars", "markdown"] {
        let out = pypi_size()
            .args(["--profiles", &path, "capacity", "--format", format])
            .args(["--color", "always"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains("\x1b]") && !text.contains('\x07'),
            "{format}: {text}"
        );
        // A line break in a data string starts another comment, not HCL.
        if format != "table" {
            assert!(!text.lines().any(|l| l.starts_with("resource")), "{text}");
        }
    }
}

fn dev_full() -> std::process::Stdio {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap()
        .into()
}

fn bare(args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_pypi-size"));
    cmd.args(args).env_remove("PYPI_SIZE_PROFILES");
    cmd
}

/// `eprintln!` panicked on a full disk (exit 101) and a failed write of the
/// answer went unnoticed (exit 0).
#[cfg(target_os = "linux")]
#[test]
fn a_stream_that_cannot_be_written_is_an_exit_code_not_a_panic() {
    let code_with_stderr_full = |args: &[&str]| {
        let out = bare(args).stderr(dev_full()).output().unwrap();
        out.status.code()
    };
    assert_eq!(code_with_stderr_full(&["capacity", "--bad"]), Some(2));
    assert_eq!(
        code_with_stderr_full(&["capacity", "--instance", "zz"]),
        Some(2)
    );
    // Nothing to check is a failure of its own (3), whose message cannot be
    // written; the exit code still says so.
    let empty = Scratch::new("note");
    empty.write("main.tf", "");
    assert_eq!(code_with_stderr_full(&["check", empty.path()]), Some(3));

    for args in [
        vec!["capacity", "--format", "json"],
        vec!["optimize", "--min-workers", "48"],
        vec!["--help"],
    ] {
        let out = bare(&args).stdout(dev_full()).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write the answer to standard output"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"));
    }
}

/// A reader that stops early (`| head`) gets a quiet end and the answer's
/// own exit code.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly() {
    // More than a pipe buffer, so the write meets the closed end.
    let mut child = bare(&["optimize", "--min-workers", "8", "--top", "1000"])
        .args(["--max-instances", "1000", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A price of `-0.0` in a data file, a savings plan on a free instance:
/// JSON and tables show 0, never -0.
#[test]
fn negative_zero_is_shown_as_zero() {
    let (_dir, path) = with_catalog("hourly = 0.153,", "hourly = -0.0,");
    for args in [
        vec!["instances", "--format", "json"],
        vec!["capacity", "--instance", "c6a.xlarge", "--format", "json"],
        vec![
            "capacity",
            "--instance",
            "c6a.xlarge",
            "--savings-plan",
            "30",
            "--format",
            "json",
        ],
        vec!["compare", "--family", "c6a", "--format", "json"],
        vec![
            "capacity",
            "--instance",
            "c6a.xlarge",
            "--savings-plan",
            "30",
        ],
    ] {
        let out = pypi_size()
            .args(["--catalog", &path])
            .args(&args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains("-0.0") && !text.contains(": -0"),
            "{args:?}: {text}"
        );
    }
}

// ---------------------------------------------------------------------------
// Shell integration.

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "_pypi__size()"),
        ("zsh", "#compdef pypi-size"),
        ("fish", "complete -c pypi-size"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = pypi_size().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains(marker),
            "{shell}: {}",
            &text[..200.min(text.len())]
        );
        assert!(
            text.contains("optimize") && text.contains("min-workers"),
            "{shell}"
        );
    }
    fails(pypi_size().args(["completions", "tcsh"]), 2, &["tcsh"]);
}

#[test]
fn man_page() {
    let out = pypi_size().arg("man").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(".TH pypi-size 1"));
    assert!(text.contains("capacity"));
}

/// Completions offer the catalog's instance types, the guide's profiles and
/// the subcommands of `schema` and `man`, from the data.
#[test]
fn completions_complete_names_from_the_data() {
    let t = pypi_size::Tables::embedded();
    for shell in ["bash", "zsh", "fish"] {
        let out = pypi_size().args(["completions", shell]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        for name in t.instance_names().chain(["very-heavy", "c6a", "capacity"]) {
            assert!(text.contains(name), "{shell}: no {name}");
        }
    }
}

/// A page per subcommand, with the data's ranges; `man --dir` writes them
/// all and lists them.
#[test]
fn man_pages_for_every_subcommand() {
    let page = |args: &[&str]| {
        let out = pypi_size().arg("man").args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let capacity = page(&["capacity"]);
    assert!(capacity.contains(".TH pypi-size-capacity 1"), "{capacity}");
    assert!(capacity.contains("container\\-memory"));
    assert!(capacity.contains("128 to 30720"), "the data's range");
    assert!(page(&[]).contains("Exit codes"));
    let dir = Scratch::new("man");
    let listed = page(&["--dir", dir.path()]);
    for sub in ["capacity", "optimize", "check", "advise", "man"] {
        let file = dir.file(&format!("pypi-size-{sub}.1"));
        assert!(listed.contains(&file), "{listed}");
        assert!(std::fs::read_to_string(&file).unwrap().contains(".TH"));
    }
    assert!(listed.contains(&dir.file("pypi-size.1")));
    fails(pypi_size().args(["man", "capacty"]), 2, &["'capacity'"]);
}

/// Completions and the manual work even when the data file is broken.
#[test]
fn shell_integration_needs_no_data_file() {
    let out = pypi_size()
        .env("PYPI_SIZE_PROFILES", "/nonexistent.toml")
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn version_names_the_module_and_the_price_date() {
    let t = pypi_size::Tables::embedded();
    let out = pypi_size().arg("--version").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!("{} {}", t.module.source, t.module.version)),
        "{text}"
    );
    let catalog = &t.instances.meta;
    assert!(text.contains(&*catalog.as_of), "{text}");
    assert!(text.contains(&*catalog.region), "{text}");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    // A container too big for the instance: a warning, in colour.
    let args = [
        "capacity",
        "--instance",
        "t3.micro",
        "--container-memory",
        "1024",
    ];
    let esc = |out: &std::process::Output| out.stdout.contains(&0x1b);
    // Piped: no colour by default, even with a terminal-like TERM.
    let plain = pypi_size()
        .args(args)
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    assert!(!esc(&plain));
    let always = pypi_size()
        .args(args)
        .args(["--color", "always"])
        .output()
        .unwrap();
    assert!(esc(&always));
    // --color always wins over NO_COLOR; --color never always holds.
    let both = pypi_size()
        .args(args)
        .args(["--color", "always"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(esc(&both));
    let never = pypi_size()
        .args(args)
        .args(["--color", "never"])
        .output()
        .unwrap();
    assert!(!esc(&never));
    // JSON never carries colour.
    let json = pypi_size()
        .args(args)
        .args(["--color", "always", "--format", "json"])
        .output()
        .unwrap();
    assert!(!esc(&json));
}

#[test]
fn tables_fit_the_width() {
    for cmd in [
        vec!["capacity", "--instance", "c6a.xlarge"],
        vec!["compare", "--family", "c6a"],
        vec!["instances"],
        vec!["profiles"],
        vec!["optimize", "--min-workers", "48"],
    ] {
        let out = pypi_size()
            .args(&cmd)
            .env("COLUMNS", "80")
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        for line in text
            .lines()
            .filter(|l| l.starts_with(['╭', '│', '╞', '╰', '├']))
        {
            assert!(line.chars().count() <= 80, "{cmd:?}: {line}");
        }
    }
}

/// Found by the fuzzer: --subnets 4294967295 with --format hcl asked for four
/// billion placeholders. Output sizes are bounded now.
#[test]
fn outputs_stay_bounded_whatever_the_counts() {
    fails(
        pypi_size().args(["capacity", "--subnets", "4294967295", "--format", "hcl"]),
        2,
        &["--subnets", "at most 64"],
    );
    fails(
        pypi_size().args(["optimize", "--min-workers", "8", "--top", "1000000"]),
        2,
        &["--top", "1 to 1000"],
    );
    // The arithmetic itself takes the count.
    let out = pypi_size()
        .args(["capacity", "--subnets", "4294967295", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
}

/// `man --dir` lists the pages it wrote: a directory name with an escape
/// sequence (setting the window title here) is listed escaped.
#[test]
fn man_dir_lists_a_hostile_directory_name_escaped() {
    let scratch = Scratch::new("man-dir");
    let dir = format!("{}/x\u{1b}]0;title\u{7}", scratch.path());
    let out = pypi_size().args(["man", "--dir", &dir]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed = String::from_utf8(out.stdout).unwrap();
    assert!(
        listed.contains("x\\x1b]0;title\\x07/pypi-size.1"),
        "{listed}"
    );
    assert!(!listed.contains('\u{1b}') && !listed.contains('\u{7}'));
}
