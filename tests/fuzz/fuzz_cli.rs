//! Fuzzing the command line through the built binary: whatever the argument
//! list, pypi-size either answers or fails with a message. Nothing panics,
//! the exit code is one of 0..=4, a failure (1 or 2) leaves stdout empty, and
//! JSON output is one document without `-0.0`, `NaN` or `Infinity`.
//!
//! The subcommands, their flags and the values clap lists for them are read
//! once from the binary's own `--help`, so the fuzzer follows the command
//! line as it grows.
//!
//! Beyond argument lists, cases name odd files where a file belongs (a FIFO,
//! a socket, /dev/zero, symlink loops, unreadable files, names that are not
//! UTF-8 or carry escape sequences, a BOM) and give every command a damaged
//! profiles.toml (lines dropped or doubled, numbers and ranges replaced by
//! extremes, strings with control characters, a truncation, a BOM); see
//! fuzz_support.rs. Each case is a process measured with `wait4`: more
//! than 5 s or 512 MiB of peak RSS fails it, as does any control character
//! other than newline and tab on stderr (or in text output, colour aside).
//!
//! `cargo test` makes a short run (128 cases, about 1 s with the debug
//! binary). A long run prints how the cases of each class ended:
//!
//!     PROPTEST_CASES=100000 cargo test --test fuzz -- fuzz_cli::fuzz_command_line --nocapture

#![cfg(unix)]

use crate::common;
use crate::fuzz_support;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

use crate::fuzz_support::{Damage, Files, ODD, Odd, RSS_BUDGET_KIB, TIME_BUDGET};
use proptest::prelude::*;

/// Cases in a plain `cargo test`: about 10 ms each with the debug binary.
const DEFAULT_CASES: u32 = 128;

/// A long flag, whether it takes a value, and the values `--help` lists for
/// it (none when it takes a number, a name or a path).
#[derive(Debug, Clone)]
struct Flag {
    name: String,
    takes_value: bool,
    values: Vec<String>,
}

/// A subcommand as its `--help` describes it.
#[derive(Debug, Clone)]
struct Sub {
    name: String,
    /// Its own flags and the global ones.
    flags: Vec<Flag>,
    /// Values `--help` lists for its positional argument.
    positional: Vec<String>,
}

/// Values that break careless parsers and arithmetic, and the fixtures
/// `check` reads.
const VALUES: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "17",
    "128",
    "512",
    "1024",
    "30720",
    "100000",
    "4294967295",
    "18446744073709551615",
    "18446744073709551616",
    "-1",
    "-0",
    "0.0001",
    "1e308",
    "NaN",
    "inf",
    "",
    "abc",
    "c6a.xlarge",
    "c6a.xlarg",
    "t3.nano",
    "C6A.XL",
    "heavy",
    "hevy",
    "very-heavy",
    "c6a",
    "a=1",
    "instances=3",
    "-",
    "c6a.x\u{1b}]0;title\u{7}",
    "\u{9b}2J\u{202e}x",
    "tests/fixtures/check/findings",
    "tests/fixtures/check/syntax",
    "tests/fixtures/check/registry",
    "tests/fixtures/check/terraform-rules",
    "tests/fixtures/check/registry/more-instances.tfvars",
    "tests/fixtures/check/registry/bigger.tfvars.json",
    "profiles.toml",
    "/nonexistent",
    "./modules/pypiserver",
];

/// Ordinary values, which most flags accept: so that most argument lists get
/// past the parser and into the arithmetic.
const ORDINARY: &[&str] = &[
    "1", "2", "3", "4", "8", "12", "50", "96", "300", "512", "768",
];

/// Spellings that are not long flags of `--help`, tried now and then.
const OTHER_FLAGS: &[&str] = &["-var", "-var-file", "-h", "--help", "-V", "--version"];

/// What a subcommand requires, so that most lists get past the parser.
fn required(sub: &str) -> &'static [&'static str] {
    match sub {
        "recommend" => &["--profile", "heavy"],
        "check" => &["tests/fixtures/check/findings"],
        "diff" => &[
            "tests/fixtures/diff/instance_type/base",
            "tests/fixtures/diff/unknown/head",
        ],
        "compare" => &["--family", "c6a"],
        "optimize" => &["--min-workers", "48"],
        "advise" => &["--profile", "heavy", "--cpu-utilization", "85"],
        "completions" => &["bash"],
        _ => &[],
    }
}

fn help(args: &[&str]) -> String {
    let out = common::pypi_size().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?} --help failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The subcommands `pypi-size --help` lists, `help` aside.
fn subcommand_names(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        // A command starts two spaces in; its wrapped description further.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(String::from)
        .collect()
}

/// The long flags (with visible aliases) of one `--help` text, each with
/// the values listed under it; and the values listed for the positional
/// argument, before any flag.
fn flags_and_values(text: &str) -> (Vec<Flag>, Vec<String>) {
    let mut flags: Vec<Flag> = Vec::new();
    let mut positional = Vec::new();
    let mut listing = false;
    let mut push_value = |flags: &mut Vec<Flag>, value: &str| match flags.last_mut() {
        Some(f) => f.values.push(value.to_string()),
        None => positional.push(value.to_string()),
    };
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('-') && !t.starts_with("- ") {
            listing = false;
            let takes_value = t.contains('<');
            let names: Vec<_> = t
                .split([' ', ','])
                .filter(|w| w.starts_with("--") && w.len() > 2)
                .map(|w| w.split(['<', '=']).next().unwrap().to_string())
                .collect();
            for name in names
                .into_iter()
                .filter(|n| n != "--help" && n != "--version")
            {
                flags.push(Flag {
                    name,
                    takes_value,
                    values: vec![],
                });
            }
        } else if let Some(list) = t
            .strip_prefix("[possible values: ")
            .and_then(|r| r.strip_suffix(']'))
        {
            for v in list.split(", ") {
                push_value(&mut flags, v);
            }
        } else if let Some(aliases) = t
            .strip_prefix("[alias: ")
            .or_else(|| t.strip_prefix("[aliases: "))
            .and_then(|r| r.strip_suffix(']'))
        {
            if let Some(flag) = flags.last().cloned() {
                for a in aliases.split(", ").filter(|a| a.starts_with("--")) {
                    flags.push(Flag {
                        name: a.to_string(),
                        ..flag.clone()
                    });
                }
            }
        } else if t == "Possible values:" {
            listing = true;
        } else if listing && t.starts_with("- ") {
            let v = t[2..].split(':').next().unwrap().trim();
            push_value(&mut flags, v);
        } else if listing && !t.is_empty() && !t.starts_with('[') {
            listing = false;
        }
    }
    (flags, positional)
}

/// Every subcommand with its flags, read once.
static SUBS: LazyLock<Vec<Sub>> = LazyLock::new(|| {
    subcommand_names(&help(&["--help"]))
        .into_iter()
        .map(|name| {
            let (flags, positional) = flags_and_values(&help(&[&name, "--help"]));
            assert!(!flags.is_empty(), "no flags read from `{name} --help`");
            Sub {
                name,
                flags,
                positional,
            }
        })
        .collect()
});

/// The values `--format` accepts.
static FORMATS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let formats = SUBS[0]
        .flags
        .iter()
        .find(|f| f.name == "--format")
        .map(|f| f.values.clone())
        .unwrap_or_default();
    assert!(formats.iter().any(|f| f == "json"), "{formats:?}");
    formats
});

/// Every long flag of every subcommand, and the other spellings.
static ANY_FLAG: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut all: Vec<String> = SUBS
        .iter()
        .flat_map(|s| s.flags.iter().map(|f| f.name.clone()))
        .chain(OTHER_FLAGS.iter().map(|f| f.to_string()))
        .collect();
    all.sort();
    all.dedup();
    all
});

fn value_for(listed: Vec<String>) -> BoxedStrategy<String> {
    let ordinary = prop::sample::select(ORDINARY).prop_map(String::from);
    let odd = prop::sample::select(VALUES).prop_map(String::from);
    if listed.is_empty() {
        prop_oneof![5 => ordinary, 2 => odd, 1 => "[ -~]{0,10}"].boxed()
    } else {
        prop_oneof![5 => prop::sample::select(listed), 1 => ordinary, 1 => odd, 1 => "[ -~]{0,10}"]
            .boxed()
    }
}

/// One of the subcommand's flags as `--help` says to use it (with a value
/// if it takes one), or now and then not: a value missing or too many, any
/// flag of any subcommand, a value alone.
fn unit(sub: &Sub) -> impl Strategy<Value = Vec<String>> + use<> {
    let own = prop::sample::select(sub.flags.clone()).prop_flat_map(|f| {
        let (right, wrong) = if f.takes_value { (10, 1) } else { (1, 10) };
        let (name, eq) = (f.name.clone(), format!("{}=", f.name));
        prop_oneof![
            right => value_for(f.values.clone()).prop_map(move |v| vec![name.clone(), v]),
            1 => value_for(f.values).prop_map(move |v| vec![format!("{eq}{v}")]),
            wrong => Just(vec![f.name]),
        ]
    });
    let any =
        (prop::sample::select(ANY_FLAG.clone()), value_for(vec![])).prop_map(|(f, v)| vec![f, v]);
    let alone = value_for(sub.positional.clone()).prop_map(|v| vec![v]);
    prop_oneof![20 => own, 1 => any, 1 => alone]
}

fn argv() -> impl Strategy<Value = Vec<String>> {
    prop::sample::select(SUBS.clone())
        .prop_flat_map(|sub| {
            (
                Just(sub.name.clone()),
                prop::bool::weighted(0.8),
                prop::collection::vec(unit(&sub), 0..5),
                prop_oneof![
                    3 => Just("json".to_string()),
                    1 => prop::sample::select(FORMATS.clone()),
                ],
            )
        })
        .prop_map(|(sub, with_required, units, format)| {
            let mut args = vec![sub.clone()];
            if with_required {
                args.extend(required(&sub).iter().map(|a| a.to_string()));
            }
            args.extend(units.into_iter().flatten());
            args.extend(["--format".to_string(), format]);
            args
        })
}

/// Whether `args` ask for a JSON answer: `--format json`, and neither help,
/// the version, shell completions nor the manual.
fn wants_json(args: &[String]) -> bool {
    let json = args
        .windows(2)
        .any(|w| w[0] == "--format" && w[1] == "json")
        || args.iter().any(|a| a == "--format=json");
    let other = args.iter().any(|a| {
        matches!(
            a.as_str(),
            "-h" | "--help" | "-V" | "--version" | "help" | "completions" | "man"
        )
    });
    json && !other
        && args
            .first()
            .is_some_and(|s| s != "completions" && s != "man")
}

/// A number token JSON must not hold, found outside string literals:
/// negative zero (`-0.0`, `-0`), `NaN` or `Infinity`.
fn bad_number(text: &str) -> Option<&str> {
    let structural = |b: u8| b"{}[],:\" \t\r\n".contains(&b);
    let bytes = text.as_bytes();
    let (mut i, mut in_string, mut escaped) = (0, false, false);
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
        } else if b == b'"' {
            in_string = true;
            i += 1;
        } else if structural(b) {
            i += 1;
        } else {
            let start = i;
            while i < bytes.len() && !structural(bytes[i]) {
                i += 1;
            }
            let token = &text[start..i];
            let negative_zero =
                token.starts_with('-') && token.parse::<f64>().is_ok_and(|v| v == 0.0);
            if negative_zero || token.contains("NaN") || token.contains("Infinity") {
                return Some(token);
            }
        }
    }
    None
}

/// What a case adds to its argument list.
#[derive(Debug, Clone)]
enum Extra {
    /// The argument list alone.
    Nothing,
    /// An odd file where a file belongs.
    Odd(Odd, Place),
    /// A damaged profiles.toml as `--profiles`, whatever the command.
    Damaged(Damage),
}

/// Where an odd file is named.
#[derive(Debug, Clone, Copy)]
enum Place {
    Profiles,
    /// `check PATH`.
    Checked,
    /// `check FIXTURE -var-file PATH`.
    VarFile,
}

#[derive(Debug, Clone)]
struct Case {
    args: Vec<String>,
    extra: Extra,
}

impl Case {
    /// The class the tally counts the case under.
    fn class(&self) -> String {
        match &self.extra {
            Extra::Nothing => "cli".to_string(),
            Extra::Odd(odd, _) => format!("file:{odd:?}"),
            Extra::Damaged(d) => d.class().to_string(),
        }
    }

    /// The arguments, with the odd path or the damaged file put in.
    fn resolve(&self, files: &Files) -> (Vec<OsString>, Option<PathBuf>) {
        let os = |v: &[String]| v.iter().map(OsString::from).collect::<Vec<_>>();
        match &self.extra {
            Extra::Nothing => (os(&self.args), None),
            Extra::Damaged(d) => {
                let path = files.write(&d.apply());
                let mut args = vec!["--profiles".into(), path.clone().into_os_string()];
                args.extend(os(&self.args));
                (args, Some(path))
            }
            Extra::Odd(odd, place) => {
                let path = files.path(*odd);
                let format = os(&self.args[self.args.len() - 2..]);
                let mut args: Vec<OsString> = match place {
                    Place::Profiles => {
                        let mut a = vec!["--profiles".into(), path];
                        a.extend(os(&self.args));
                        return (a, None);
                    }
                    Place::Checked => vec!["check".into(), path],
                    Place::VarFile => vec![
                        "check".into(),
                        "tests/fixtures/check/registry".into(),
                        "-var-file".into(),
                        path,
                    ],
                };
                args.extend(format);
                (args, None)
            }
        }
    }
}

fn case() -> impl Strategy<Value = Case> {
    let place = prop_oneof![
        1 => Just(Place::Profiles),
        2 => Just(Place::Checked),
        1 => Just(Place::VarFile),
    ];
    let odd = (prop::sample::select(ODD), place).prop_map(|(o, p)| Extra::Odd(o, p));
    prop_oneof![
        6 => argv().prop_map(|args| Case { args, extra: Extra::Nothing }),
        2 => (well_formed(), odd).prop_map(|(args, extra)| Case { args, extra }),
        3 => (well_formed(), fuzz_support::damage())
            .prop_map(|(args, d)| Case { args, extra: Extra::Damaged(d) }),
    ]
}

/// A command as `--help` says to give it, with what it requires and at most
/// one more flag: so that a damaged data file or an odd file is what the
/// run meets, not a usage error.
fn well_formed() -> impl Strategy<Value = Vec<String>> {
    prop::sample::select(SUBS.clone())
        .prop_flat_map(|sub| {
            let own = prop::sample::select(sub.flags.clone()).prop_flat_map(|f| {
                let name = f.name.clone();
                if f.takes_value {
                    value_for(f.values)
                        .prop_map(move |v| vec![name.clone(), v])
                        .boxed()
                } else {
                    Just(vec![name]).boxed()
                }
            });
            (
                Just(sub.name.clone()),
                prop::option::weighted(0.5, own),
                prop::sample::select(FORMATS.clone()),
            )
        })
        .prop_map(|(sub, unit, format)| {
            let mut args = vec![sub.clone()];
            args.extend(required(&sub).iter().map(|a| a.to_string()));
            args.extend(unit.into_iter().flatten());
            args.extend(["--format".to_string(), format]);
            args
        })
}

/// Control characters a terminal would act on: all but newline and tab,
/// and with `colour` the SGR codes the tables use.
fn raw_control(text: &str, colour: bool) -> Option<char> {
    let mut text = text.to_string();
    if colour {
        for sgr in [
            "\x1b[0m", "\x1b[1m", "\x1b[4m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[34m",
        ] {
            text = text.replace(sgr, "");
        }
    }
    text.chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\t')
}

/// How each class of case ended, for the long run's report.
#[derive(Default)]
struct Tally {
    /// (class, exit code or signal) → cases.
    ends: BTreeMap<(String, String), u64>,
    slowest: Duration,
    largest_rss_kib: i64,
}

static TALLY: LazyLock<Mutex<Tally>> = LazyLock::new(Mutex::default);

fn run(case: &Case, files: &Files) -> Result<(), TestCaseError> {
    let (args, written) = case.resolve(files);
    let out = fuzz_support::run_measured(&args);
    if let Some(path) = written {
        let _ = std::fs::remove_file(path);
    }
    {
        let mut t = TALLY.lock().unwrap();
        let end = match (out.code, out.signal) {
            (Some(c), _) => format!("exit {c}"),
            (None, s) => format!("signal {s:?}"),
        };
        *t.ends.entry((case.class(), end)).or_default() += 1;
        t.slowest = t.slowest.max(out.elapsed);
        t.largest_rss_kib = t.largest_rss_kib.max(out.max_rss_kib);
    }
    let strings: Vec<String> = case.args.clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.code;
    let context = || {
        format!(
            "{args:?} exited {code:?} (signal {:?}) in {:?}, {} KiB\nstderr: {stderr}\nstdout: {stdout:.400}",
            out.signal, out.elapsed, out.max_rss_kib
        )
    };
    prop_assert!(
        !stderr.contains("panicked at") && !stderr.contains("RUST_BACKTRACE"),
        "panic: {}",
        context()
    );
    prop_assert!(
        out.elapsed <= TIME_BUDGET,
        "over the time budget: {}",
        context()
    );
    prop_assert!(
        out.max_rss_kib <= RSS_BUDGET_KIB,
        "over the memory budget: {}",
        context()
    );
    let Some(code) = code else {
        return Err(TestCaseError::fail(format!("killed: {}", context())));
    };
    prop_assert!((0..=3).contains(&code), "exit code: {}", context());
    prop_assert_eq!(raw_control(&stderr, false), None, "stderr: {}", context());
    let colour = strings.iter().any(|a| a == "always");
    if !wants_json(&strings) {
        prop_assert_eq!(raw_control(&stdout, colour), None, "stdout: {}", context());
    }
    // A verdict (3) is an answer on stdout; 1 and 2 leave stdout empty.
    if code == 1 || code == 2 {
        // A failure: the message on stderr, nothing on stdout.
        prop_assert!(stdout.is_empty(), "stdout on failure: {}", context());
        prop_assert!(!stderr.trim().is_empty(), "no message: {}", context());
    } else if wants_json(&strings)
        && !matches!(case.extra, Extra::Odd(_, Place::Checked | Place::VarFile))
    {
        // An answer (3, a verdict, is an answer too).
        let mut docs = serde_json::Deserializer::from_str(&stdout).into_iter::<serde_json::Value>();
        let first = docs.next();
        prop_assert!(
            matches!(first, Some(Ok(serde_json::Value::Object(_)))),
            "not a JSON object: {}",
            context()
        );
        prop_assert!(docs.next().is_none(), "two JSON documents: {}", context());
        prop_assert_eq!(bad_number(&stdout), None, "{}", context());
    }
    Ok(())
}

/// Prints how the cases ended, by class: with `--nocapture`, the long
/// run's report.
fn report(cases: u32, took: Duration) {
    let t = TALLY.lock().unwrap();
    let mut classes: BTreeMap<&str, BTreeMap<&str, u64>> = BTreeMap::new();
    for ((class, end), n) in &t.ends {
        *classes.entry(class).or_default().entry(end).or_default() += n;
    }
    eprintln!(
        "fuzz_cli: {cases} cases in {took:.1?}; slowest run {:.2?}, largest RSS {} KiB",
        t.slowest, t.largest_rss_kib
    );
    for (class, ends) in classes {
        let total: u64 = ends.values().sum();
        let ends: Vec<String> = ends.iter().map(|(e, n)| format!("{e}: {n}")).collect();
        eprintln!("  {class:<32} {total:>7}  ({})", ends.join(", "));
    }
}

/// The fuzzer: argument lists, odd files and damaged data files, each run
/// as a process within the budgets.
#[test]
fn fuzz_command_line() {
    let files = Files::new();
    let config = proptest::test_runner::Config {
        // Failures are kept here and replayed first.
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(
                "tests/fuzz_cli.proptest-regressions",
            ),
        )),
        ..common::proptest_cases(DEFAULT_CASES)
    };
    let cases = config.cases;
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let started = std::time::Instant::now();
    let result = runner.run(&case(), |c| run(&c, &files));
    report(cases, started.elapsed());
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn help_is_read_into_subcommands_flags_and_values() {
    let names: Vec<&str> = SUBS.iter().map(|s| s.name.as_str()).collect();
    for expected in ["capacity", "check", "optimize", "completions", "schema"] {
        assert!(names.contains(&expected), "{names:?}");
    }
    let capacity = SUBS.iter().find(|s| s.name == "capacity").unwrap();
    let flag = |name: &str| capacity.flags.iter().find(|f| f.name == name);
    assert!(flag("--instance").is_some());
    assert!(flag("--asg-instance-type").is_some(), "a visible alias");
    assert!(flag("--container-memory").is_some(), "a flattened flag");
    assert!(flag("--profiles").is_some(), "a global flag");
    assert!(flag("--help").is_none());
    assert!(
        flag("--efs-throughput-mode")
            .unwrap()
            .values
            .contains(&"elastic".into())
    );
    assert!(
        FORMATS.contains(&"tfvars-json".to_string()),
        "{:?}",
        *FORMATS
    );
    let completions = SUBS.iter().find(|s| s.name == "completions").unwrap();
    assert!(completions.positional.contains(&"bash".into()));
}

#[test]
fn json_checks_catch_what_they_are_for() {
    assert_eq!(bad_number(r#"{"a": -0.0}"#), Some("-0.0"));
    assert_eq!(bad_number(r#"{"a": [1, -0]}"#), Some("-0"));
    assert_eq!(bad_number(r#"{"a": NaN}"#), Some("NaN"));
    assert_eq!(bad_number(r#"{"a": -Infinity}"#), Some("-Infinity"));
    assert_eq!(
        bad_number(r#"{"a": "NaN -0.0 \" Infinity", "b": -0.5, "c": 0}"#),
        None
    );
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    assert!(wants_json(&s(&["capacity", "--format", "json"])));
    assert!(!wants_json(&s(&["capacity", "--format", "table"])));
    assert!(!wants_json(&s(&[
        "completions",
        "bash",
        "--format",
        "json"
    ])));
    assert!(!wants_json(&s(&["capacity", "-h", "--format", "json"])));
}

#[test]
fn the_runner_measures_and_the_checks_catch_raw_controls() {
    let out = fuzz_support::run_measured(&["--version".into()]);
    assert_eq!(out.code, Some(0));
    assert!(out.max_rss_kib > 1024, "{} KiB", out.max_rss_kib);
    assert!(out.elapsed > Duration::ZERO && out.elapsed < TIME_BUDGET);
    assert_eq!(raw_control("a\tb\n", false), None);
    assert_eq!(raw_control("\x1b[1mbold\x1b[0m", true), None);
    assert_eq!(raw_control("\x1b[1mbold\x1b[0m", false), Some('\x1b'));
    assert_eq!(raw_control("\x1b]0;t\x07", true), Some('\x1b'));
    assert_eq!(raw_control("\u{9b}", false), Some('\u{9b}'));
}
