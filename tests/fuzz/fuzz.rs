//! Fuzzing the entry points that read other people's files: the
//! profiles.toml loader, and `check` on what the Terraform reader reads from
//! damaged fixtures. Neither may panic, and every error must say where.
//! (The reader alone is fuzzed in crates/tf-eval/tests/fuzz.rs.)
//!
//! The default case counts keep `cargo test` quick; for a long run:
//!
//!     PROPTEST_CASES=20000 cargo test fuzz
//!
//! (the command-line fuzzer, fuzz_cli.rs beside it, and the reader's fuzzer run
//! with the same command).

use crate::common::{fixture, proptest_cases as cases};
use crate::damage::damage;
use proptest::prelude::*;
use pypi_size::Tables;
use pypi_size::answers::check::{CheckOptions, check};
use pypi_size::answers::sizing::default_costs;
use pypi_size::data::Usd;
use pypi_size::module::bill::MonthlyBudget;
use tf_eval::{Root, TfFile, VarSetting, module_blocks};

static TABLES: std::sync::LazyLock<Tables> = std::sync::LazyLock::new(Tables::embedded);

/// Values that break careless arithmetic and parsers.
const EXTREMES: &[&str] = &[
    "0",
    "-1",
    "1",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551616",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "nan",
    "inf",
    "-inf",
    "0.0",
    "1e-320",
    "\"\"",
    "\"x\"",
    "[]",
    "{}",
    "true",
    "null",
    "[0, 0]",
    "[30720, 128]",
];

fn check_all(root: &Root) {
    let sources = vec![
        "infrahouse/pypiserver/aws".to_string(),
        "registry.infrahouse.com/infrahouse/pypiserver/aws".to_string(),
    ];
    match module_blocks(root, &sources, &TABLES.module.interface) {
        Ok(blocks) => {
            let options = CheckOptions {
                profile: Some("heavy".into()),
                ci_builds_per_day: Some(100),
                budget: Some(MonthlyBudget::at_asg_max_size(
                    Usd::try_from(500.0).unwrap(),
                )),
                costs: default_costs(&TABLES),
            };
            let report = check(&TABLES, blocks, &options);
            // Whatever it found serializes to JSON (numbers finite).
            serde_json::to_string(&report).unwrap();
            for m in &report.modules {
                for f in &m.findings {
                    assert!(f.location.line >= 1 && !f.message.is_empty());
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

fn fixture_texts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in [
        "registry",
        "several",
        "findings",
        "unresolved",
        "clean",
        "terraform-rules",
    ] {
        let path = fixture(dir);
        let mut entries: Vec<_> = std::fs::read_dir(&path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        entries.sort();
        for p in entries {
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    out
}

static FIXTURES: std::sync::LazyLock<Vec<(String, String)>> =
    std::sync::LazyLock::new(fixture_texts);

proptest! {
    #![proptest_config(cases(300))]

    #[test]
    fn fuzz_loader_on_any_text(src in ".{0,400}") {
        let _ = Tables::from_toml(&src, "fuzz");
    }

    #[test]
    fn fuzz_loader_on_a_damaged_file(
        line in 0usize..2000,
        how in 0u8..5,
        junk in "[ -~]{0,12}",
        extreme in 0usize..64,
    ) {
        let src = damage(
            pypi_size::EMBEDDED_PROFILES,
            line,
            how,
            &junk,
            EXTREMES[extreme % EXTREMES.len()],
        );
        match Tables::from_toml(&src, "fuzz") {
            Ok(t) => {
                prop_assert!(!t.profiles.is_empty());
                // Whatever loads must size every profile or say why.
                for p in &t.profiles {
                    let _ = pypi_size::answers::sizing::recommend_profile(&t, &p.name, |c| c, None);
                }
                let _ = pypi_size::answers::listing::instances(&t, &Default::default(), Default::default());
            }
            Err(e) => {
                prop_assert!(!e.message.is_empty());
                if let Some((line, column)) = e.location {
                    prop_assert!(line >= 1 && column >= 1);
                    prop_assert!(line <= src.lines().count() + 1);
                }
            }
        }
    }

    #[test]
    fn fuzz_check_on_damaged_fixtures(
        file in 0usize..64,
        line in 0usize..200,
        how in 0u8..5,
        junk in "[ -~]{0,16}",
        extreme in 0usize..64,
        var in prop::option::of("[a-z_]{1,12}=[ -~]{0,10}"),
    ) {
        let (path, text) = &FIXTURES[file % FIXTURES.len()];
        let damaged = damage(text, line, how, &junk, EXTREMES[extreme % EXTREMES.len()]);
        let (tf_files, settings) = if path.ends_with(".tf") || path.ends_with(".tf.json") {
            (vec![TfFile { path: path.clone(), text: damaged }], vec![])
        } else {
            // A damaged variable file beside an intact root.
            let main = FIXTURES.iter().find(|(p, _)| p.ends_with("registry/main.tf")).unwrap();
            (
                vec![TfFile { path: main.0.clone(), text: main.1.clone() }],
                vec![VarSetting::File { path: path.clone(), text: damaged }],
            )
        };
        let mut settings = settings;
        if let Some(text) = var {
            settings.push(VarSetting::Assignment { text });
        }
        check_all(&Root { tf_files, settings, ..Root::default() });
    }
}
