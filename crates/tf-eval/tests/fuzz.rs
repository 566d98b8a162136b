//! Fuzzing the reader on other people's files: any text, and pypi-size's
//! `check` fixtures damaged one edit at a time. It may not panic; every
//! error and every problem says where; what it reads serializes to JSON.
//!
//! The default case counts keep `cargo test` quick; for a long run:
//!
//!     PROPTEST_CASES=20000 cargo test -p tf-eval fuzz
//!
//! (pypi-size's tests/fuzz/fuzz.rs fuzzes `check` on top of the reader.)

#[path = "support/damage.rs"]
mod damage;

use damage::damage;

use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;
use tf_eval::{ModuleInterface, Root, TfFile, VarSetting, module_blocks};

/// The module the blocks call, as pypi-size's profiles.toml gives it.
static INTERFACE: LazyLock<ModuleInterface> =
    LazyLock::new(|| serde_json::from_str(include_str!("pypiserver-interface.json")).unwrap());

/// `PROPTEST_CASES` when set (for a long run), else `default`.
fn cases(default: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    proptest::test_runner::Config::with_cases(cases)
}

/// Values that break careless arithmetic and parsers.
const EXTREMES: &[&str] = &[
    "0",
    "-1",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551616",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "nan",
    "inf",
    "0.0",
    "1e-320",
    "\"\"",
    "[]",
    "{}",
    "true",
    "null",
    "[0, 0]",
];

/// Reads `root`; whatever comes back is located and serializes.
fn read(root: &Root) {
    let sources = vec![
        "infrahouse/pypiserver/aws".to_string(),
        "registry.infrahouse.com/infrahouse/pypiserver/aws".to_string(),
    ];
    match module_blocks(root, &sources, &INTERFACE) {
        Ok(blocks) => {
            serde_json::to_string(&blocks).unwrap();
            for b in &blocks {
                assert!(b.location.line >= 1);
                for p in &b.problems {
                    assert!(p.location.line >= 1 && !p.message.is_empty(), "{p:?}");
                }
            }
        }
        Err(e) => {
            // A -var has no line: its error names the flag.
            assert!(
                e.location.line >= 1 || e.location.file.starts_with("-var "),
                "{e}"
            );
            assert!(!e.message.is_empty());
        }
    }
}

/// The files of pypi-size's `check` fixtures (the workspace's tests/), by path.
fn fixture_texts() -> Vec<(String, String)> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/check");
    let mut out = Vec::new();
    for dir in [
        "registry",
        "several",
        "findings",
        "unresolved",
        "clean",
        "terraform-rules",
    ] {
        let mut entries: Vec<_> = std::fs::read_dir(fixtures.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        entries.sort();
        for p in entries {
            let name = format!("{dir}/{}", p.file_name().unwrap().to_string_lossy());
            out.push((name, std::fs::read_to_string(&p).unwrap()));
        }
    }
    out
}

static FIXTURES: LazyLock<Vec<(String, String)>> = LazyLock::new(fixture_texts);

#[test]
fn the_fixtures_are_there_and_hold_blocks() {
    assert!(FIXTURES.len() >= 10, "{}", FIXTURES.len());
    let (path, text) = FIXTURES
        .iter()
        .find(|(p, _)| p == "registry/main.tf")
        .unwrap();
    let root = Root {
        tf_files: vec![TfFile {
            path: path.clone(),
            text: text.clone(),
        }],
        ..Root::default()
    };
    let sources = ["registry.infrahouse.com/infrahouse/pypiserver/aws".to_string()];
    let blocks = module_blocks(&root, &sources, &INTERFACE).unwrap();
    assert_eq!(blocks.len(), 1);
    assert!(blocks[0].problems.is_empty(), "{:?}", blocks[0].problems);
}

proptest! {
    #![proptest_config(cases(300))]

    #[test]
    fn fuzz_reader_on_any_text(src in "[ -~\n]{0,300}") {
        let root = Root {
            tf_files: vec![TfFile { path: "fuzz.tf".into(), text: src }],
            ..Root::default()
        };
        read(&root);
    }

    #[test]
    fn fuzz_reader_on_damaged_fixtures(
        file in 0usize..64,
        line in 0usize..200,
        how in 0u8..5,
        junk in "[ -~]{0,16}",
        extreme in 0usize..64,
        var in prop::option::of("[a-z_]{1,12}=[ -~]{0,10}"),
    ) {
        let (path, text) = &FIXTURES[file % FIXTURES.len()];
        let damaged = damage(text, line, how, &junk, EXTREMES[extreme % EXTREMES.len()]);
        let (tf_files, mut settings) = if path.ends_with(".tf") || path.ends_with(".tf.json") {
            (vec![TfFile { path: path.clone(), text: damaged }], vec![])
        } else {
            // A damaged variable file beside an intact root.
            let main = FIXTURES.iter().find(|(p, _)| p == "registry/main.tf").unwrap();
            (
                vec![TfFile { path: main.0.clone(), text: main.1.clone() }],
                vec![VarSetting::File { path: path.clone(), text: damaged }],
            )
        };
        if let Some(text) = var {
            settings.push(VarSetting::Assignment { text });
        }
        read(&Root { tf_files, settings, ..Root::default() });
    }
}
