//! The audit of issue 20's exit-code rule and wording: an error finding is
//! a verdict in every command that sizes a config (explain, profiles), a
//! workload's profile missing from the catalog is named, and the texts say
//! what is true.

use crate::common;

use crate::exit_codes;

use crate::common::{Scratch, output};

fn embedded(file: &str) -> String {
    std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// profiles.toml with the first profile (light) on a t3.micro, where its
/// container does not fit.
fn profiles_with_an_error(dir: &Scratch) -> String {
    let text = embedded("profiles.toml");
    let at = text.find("[[profiles]]").unwrap();
    let (head, tail) = text.split_at(at);
    let changed = tail.replacen(
        "asg_instance_type = \"t3.small\"",
        "asg_instance_type = \"t3.micro\"",
        1,
    );
    assert_ne!(changed, tail, "light's instance type moved");
    dir.write("profiles.toml", &format!("{head}{changed}"))
}

#[test]
fn explain_with_an_error_finding_exits_with_a_verdict() {
    let (out, code) = output(&["explain", "--instance", "t3.micro"]);
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("error [container_does_not_fit_ram]"),
        "{text}"
    );
    assert_eq!(code, i32::from(exit_codes::FINDINGS));
    let (_, code) = output(&["explain", "--instance", "c6a.xlarge"]);
    assert_eq!(code, i32::from(exit_codes::SUCCESS));
}

#[test]
fn profiles_shows_an_error_finding_and_exits_with_a_verdict() {
    let dir = Scratch::new("audit-profiles");
    let path = profiles_with_an_error(&dir);
    let (out, code) = output(&["profiles", "--profiles", &path]);
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("error [container_does_not_fit_ram] in `light`"),
        "{text}"
    );
    assert_eq!(code, i32::from(exit_codes::FINDINGS));
    let (_, code) = output(&["profiles", "--profiles", &path, "--format", "json"]);
    assert_eq!(code, i32::from(exit_codes::FINDINGS));
    let (_, code) = output(&["profiles"]);
    assert_eq!(code, i32::from(exit_codes::SUCCESS));
}

/// `recommend --packages 600` is a valid command line: with a catalog
/// lacking very-heavy's c6a.2xlarge it names the profile and why, and
/// exits 1 (the catalog given cannot answer it), not 2.
#[test]
fn a_workloads_profile_missing_from_the_catalog_is_named() {
    let dir = Scratch::new("audit-regional");
    let without: String = embedded("catalog.toml")
        .lines()
        .filter(|l| !l.starts_with("\"c6a.2xlarge\""))
        .map(|l| format!("{l}\n"))
        .collect();
    let catalog = dir.write("regional.toml", &without);
    common::fails(
        &["--catalog", &catalog, "recommend", "--packages", "600"],
        exit_codes::FAILURE.into(),
        &[
            "the workload maps to profile `very-heavy`, which is unavailable with this catalog",
            "c6a.2xlarge is not in the catalog",
        ],
    );
    let help = common::stdout(&["--help"]);
    assert!(help.contains("a catalog without the type of"), "{help}");
}

/// One task is "1 task": capacity's HCL header and explain's notes.
#[test]
fn one_task_is_singular() {
    let (hcl, _) = output(&["capacity", "--instance", "t3.micro", "--format", "hcl"]);
    let (explain, _) = output(&["explain", "--instance", "t3.micro"]);
    for text in [hcl, explain] {
        let text = String::from_utf8(text).unwrap();
        assert!(!text.contains(" 1 tasks"), "{text}");
        assert!(text.contains(" 1 task per instance"), "{text}");
    }
}

/// optimize's JSON is a ranking: never silently partial, it carries how
/// many feasible configurations it left out, and says so.
#[test]
fn optimize_says_how_many_it_left_out() {
    let v = common::json(&["optimize", "--min-workers", "8"]);
    let listed = v["configurations"].as_array().unwrap().len() as u64;
    assert_eq!(listed, 5);
    let feasible = v["feasible"].as_u64().unwrap();
    assert_eq!(v["left_out"].as_u64(), Some(feasible - listed));
    let all = common::json(&["optimize", "--min-workers", "1000", "--top", "1000"]);
    let listed = all["configurations"].as_array().unwrap().len() as u64;
    assert_eq!(
        all["left_out"].as_u64(),
        Some(all["feasible"].as_u64().unwrap() - listed)
    );
}
