//! What the CLI fuzzer needs beyond argument lists: running the binary
//! within budgets (wall time, and peak memory from `wait4`'s resource
//! usage), files that are not what they seem (FIFOs, sockets, devices,
//! symlink loops, unreadable files, names that are not UTF-8 or carry
//! escape sequences), and damaged copies of profiles.toml.
#![allow(dead_code)]

use std::ffi::OsString;
use std::io::Read;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use proptest::prelude::*;

/// A run over this is a failure: a pull request must not be able to make
/// one run of pypi-size take the CI runner's time or memory.
pub const TIME_BUDGET: Duration = Duration::from_secs(5);
pub const RSS_BUDGET_KIB: i64 = 512 * 1024;
/// A run still going after this is killed, so a hang fails the case instead
/// of the whole suite.
const KILL_AFTER: Duration = Duration::from_secs(20);

/// How one run of the binary went.
pub struct Outcome {
    /// The exit code, or `None` when a signal ended it.
    pub code: Option<i32>,
    pub signal: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
    /// Peak resident memory, KiB.
    pub max_rss_kib: i64,
}

/// Runs pypi-size with `args`, no standard input and a clean environment,
/// and measures it: wall time, and the peak RSS the kernel reports for the
/// child when it is reaped (`wait4`). A watchdog kills it after
/// [`KILL_AFTER`].
pub fn run_measured(args: &[OsString]) -> Outcome {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pypi-size"));
    cmd.args(args)
        .env_remove("PYPI_SIZE_PROFILES")
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("TF_VAR_")) {
        cmd.env_remove(k);
    }
    // `man --dir X` writes pages: into the target directory, not the tree.
    if args.iter().any(|a| a == "man") {
        cmd.current_dir(env!("CARGO_TARGET_TMPDIR"));
    }
    let started = Instant::now();
    let mut child = cmd.spawn().expect("the binary starts");
    let pid = child.id() as libc::pid_t;
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if wait.recv_timeout(KILL_AFTER).is_err() {
            // Not reaped yet (this thread is told before it is), so the pid
            // is still the child's.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    });
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = loop {
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            break r;
        }
    };
    let elapsed = started.elapsed();
    let _ = done.send(());
    watchdog.join().unwrap();
    assert_eq!(reaped, pid, "wait4 failed");
    // Reaped already: forget the handle without waiting again.
    drop(child);
    let exited = libc::WIFEXITED(status);
    Outcome {
        code: exited.then(|| libc::WEXITSTATUS(status)),
        signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
        elapsed,
        // Linux reports KiB; macOS bytes.
        max_rss_kib: if cfg!(target_os = "macos") {
            usage.ru_maxrss / 1024
        } else {
            usage.ru_maxrss
        },
    }
}

// ---------------------------------------------------------------------------
// Files that are not what they seem.

/// One odd file-system entry, named where a file belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Odd {
    Fifo,
    /// A directory whose main.tf is a FIFO.
    FifoInDirectory,
    Socket,
    /// `zero.tf`, a link to /dev/zero.
    CharDevice,
    SymlinkLoop,
    /// A directory holding a symlink loop named loop.tf.
    LoopInDirectory,
    DanglingLink,
    /// Mode 000 (readable all the same when the tests run as root).
    Unreadable,
    /// `mem.tfvars`, a link to /proc/self/mem: a regular file whose read
    /// fails (EIO).
    ReadFails,
    NonUtf8Name,
    /// A directory with a module in a file whose name is not UTF-8.
    NonUtf8InDirectory,
    /// A file name carrying an OSC escape sequence.
    ControlCharsInName,
    /// Past the per-file limit (sparse: no disk used).
    Huge,
    BomNative,
    BomJson,
    DirectoryNamedTfvars,
}

pub const ODD: &[Odd] = &[
    Odd::Fifo,
    Odd::FifoInDirectory,
    Odd::Socket,
    Odd::CharDevice,
    Odd::SymlinkLoop,
    Odd::LoopInDirectory,
    Odd::DanglingLink,
    Odd::Unreadable,
    Odd::ReadFails,
    Odd::NonUtf8Name,
    Odd::NonUtf8InDirectory,
    Odd::ControlCharsInName,
    Odd::Huge,
    Odd::BomNative,
    Odd::BomJson,
    Odd::DirectoryNamedTfvars,
];

/// The odd entries, made once per test in a directory removed afterwards.
pub struct Files {
    dir: PathBuf,
    _socket: std::os::unix::net::UnixListener,
    written: AtomicUsize,
}

const MODULE: &str = "module \"pypiserver\" {\n  source = \"registry.infrahouse.com/\
                      infrahouse/pypiserver/aws\"\n  version = \"2.3.0\"\n  \
                      asg_subnets = [\"a\", \"b\"]\n}\n";

impl Files {
    pub fn new() -> Files {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("fuzz-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let sub = |name: &str| {
            let d = dir.join(name);
            std::fs::create_dir_all(&d).unwrap();
            d
        };
        mkfifo(&dir.join("fifo.tf"));
        mkfifo(&sub("fifo-dir").join("main.tf"));
        let socket = std::os::unix::net::UnixListener::bind(dir.join("socket.tfvars")).unwrap();
        let link = |target: &Path, at: &Path| std::os::unix::fs::symlink(target, at).unwrap();
        link(&dir.join("loop-b.tf"), &dir.join("loop-a.tf"));
        link(&dir.join("loop-a.tf"), &dir.join("loop-b.tf"));
        let loops = sub("loop-dir");
        std::fs::write(loops.join("main.tf"), MODULE).unwrap();
        link(&loops.join("loop.tf"), &loops.join("loop.tf"));
        link(&dir.join("nowhere.tf"), &dir.join("dangling.tf"));
        let unreadable = dir.join("unreadable.tf");
        std::fs::write(&unreadable, MODULE).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).unwrap();
        std::fs::write(dir.join(odd_name(b"bad\xff.tf")), MODULE).unwrap();
        std::fs::write(sub("odd-names").join(odd_name(b"m\xfe\xff.tf")), MODULE).unwrap();
        std::fs::write(dir.join("t\x1b]0;title\x07.tf"), MODULE).unwrap();
        std::fs::File::create(dir.join("huge.tf"))
            .unwrap()
            .set_len(5 << 20)
            .unwrap();
        std::fs::write(sub("bom").join("main.tf"), format!("\u{feff}{MODULE}")).unwrap();
        std::fs::write(dir.join("bom.tf.json"), "\u{feff}{}").unwrap();
        sub("dir.tfvars");
        link(Path::new("/dev/zero"), &dir.join("zero.tf"));
        link(Path::new("/proc/self/mem"), &dir.join("mem.tfvars"));
        Files {
            dir,
            _socket: socket,
            written: AtomicUsize::new(0),
        }
    }

    /// The path of an odd entry.
    pub fn path(&self, odd: Odd) -> OsString {
        let under = |name: &str| self.dir.join(name).into_os_string();
        match odd {
            Odd::Fifo => under("fifo.tf"),
            Odd::FifoInDirectory => under("fifo-dir"),
            Odd::Socket => under("socket.tfvars"),
            Odd::CharDevice => under("zero.tf"),
            Odd::SymlinkLoop => under("loop-a.tf"),
            Odd::LoopInDirectory => under("loop-dir"),
            Odd::DanglingLink => under("dangling.tf"),
            Odd::Unreadable => under("unreadable.tf"),
            Odd::ReadFails => under("mem.tfvars"),
            Odd::NonUtf8Name => self.dir.join(odd_name(b"bad\xff.tf")).into_os_string(),
            Odd::NonUtf8InDirectory => under("odd-names"),
            Odd::ControlCharsInName => under("t\x1b]0;title\x07.tf"),
            Odd::Huge => under("huge.tf"),
            Odd::BomNative => under("bom"),
            Odd::BomJson => under("bom.tf.json"),
            Odd::DirectoryNamedTfvars => under("dir.tfvars"),
        }
    }

    /// Writes `text` to a new file of the directory; its path.
    pub fn write(&self, text: &str) -> PathBuf {
        let n = self.written.fetch_add(1, Ordering::Relaxed);
        let path = self.dir.join(format!("profiles-{n}.toml"));
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn odd_name(bytes: &[u8]) -> OsString {
    OsString::from_vec(bytes.to_vec())
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

// ---------------------------------------------------------------------------
// Damaged copies of profiles.toml.

/// Numbers that break careless arithmetic.
const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "-0.0",
    "1",
    "4294967295",
    "9223372036854775807",
    "18446744073709551616",
    "1e308",
    "nan",
    "inf",
    "0.0001",
    "1048576",
];

/// Ranges that are too wide, empty or backwards.
const RANGES: &[&str] = &[
    "[0, 9223372036854775807]",
    "[0]",
    "[1]",
    "[128, 1048576]",
    "[1048576, 1048576]",
    "[5, 1]",
    "[]",
    "[0, 0]",
];

/// Strings a terminal would act on, or too long to be a name.
const STRINGS: &[&str] = &[
    "\"x\\u001b]0;title\\u0007\\ny\"",
    "\"\\u009b2J\\u202e\"",
    "\"\"",
    "\"c6a.xlarge\"",
];

/// One damage done to the embedded profiles.toml; `at` picks the line (or
/// byte), modulo what there is.
#[derive(Debug, Clone)]
pub enum Damage {
    DropLine(usize),
    DoubleLine(usize),
    Number(usize, &'static str),
    Range(usize, &'static str),
    String(usize, &'static str),
    Truncate(usize),
    Bom,
}

impl Damage {
    pub fn class(&self) -> &'static str {
        match self {
            Damage::DropLine(_) => "data:drop-line",
            Damage::DoubleLine(_) => "data:double-line",
            Damage::Number(..) => "data:number",
            Damage::Range(..) => "data:range",
            Damage::String(..) => "data:string",
            Damage::Truncate(_) => "data:truncate",
            Damage::Bom => "data:bom",
        }
    }

    /// The damaged text.
    pub fn apply(&self) -> String {
        let src = pypi_size::EMBEDDED_PROFILES;
        let lines: Vec<&str> = src.lines().collect();
        // The lines `key = value` whose value starts as `starts` does.
        let valued = |starts: fn(char) -> bool| -> Vec<usize> {
            (0..lines.len())
                .filter(|&i| {
                    let l = lines[i];
                    !l.starts_with('#')
                        && l.split_once(" = ")
                            .is_some_and(|(_, v)| v.chars().next().is_some_and(starts))
                })
                .collect()
        };
        let replace_value = |at: usize, starts: fn(char) -> bool, with: &str| {
            let candidates = valued(starts);
            let i = candidates[at % candidates.len()];
            let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            let key = lines[i].split_once(" = ").unwrap().0;
            out[i] = format!("{key} = {with}");
            out.join("\n") + "\n"
        };
        match self {
            Damage::DropLine(at) => {
                let mut out = lines.clone();
                out.remove(at % lines.len());
                out.join("\n") + "\n"
            }
            Damage::DoubleLine(at) => {
                let mut out = lines.clone();
                let i = at % lines.len();
                out.insert(i, lines[i]);
                out.join("\n") + "\n"
            }
            Damage::Number(at, n) => replace_value(*at, |c| c.is_ascii_digit() || c == '-', n),
            Damage::Range(at, r) => replace_value(*at, |c| c == '[', r),
            Damage::String(at, s) => replace_value(*at, |c| c == '"', s),
            Damage::Truncate(at) => {
                let mut cut = at % src.len();
                while !src.is_char_boundary(cut) {
                    cut -= 1;
                }
                src[..cut].to_string()
            }
            Damage::Bom => format!("\u{feff}{src}"),
        }
    }
}

pub fn damage() -> impl Strategy<Value = Damage> {
    let at = any::<usize>();
    prop_oneof![
        1 => at.prop_map(Damage::DropLine),
        1 => at.prop_map(Damage::DoubleLine),
        2 => (at, prop::sample::select(NUMBERS)).prop_map(|(a, n)| Damage::Number(a, n)),
        3 => (at, prop::sample::select(RANGES)).prop_map(|(a, r)| Damage::Range(a, r)),
        1 => (at, prop::sample::select(STRINGS)).prop_map(|(a, s)| Damage::String(a, s)),
        1 => at.prop_map(Damage::Truncate),
        1 => Just(Damage::Bom),
    ]
}
