//! What a newcomer tripped on in daily use (issue 20), each kept fixed:
//! complete JSON, the deployed config advise needs, a regional catalog
//! without a profile's type, one meaning for `-o`, help that says what the
//! tool does, a Terraform block that can be filled in to apply, docs that
//! hold what they promise, and sentences that read.

use crate::common;

use crate::common::{Scratch, fails, json, json_with_code, output, stdout};

#[test]
fn instances_json_lists_every_type_and_the_table_says_how_many_it_shows() {
    let v = json(&["instances"]);
    let listed = v["instances"].as_array().unwrap().len();
    assert_eq!(listed as u64, v["catalog_size"].as_u64().unwrap());
    assert!(listed > 600, "{listed}");
    assert_eq!(v["omitted"], 0);
    let table = stdout(&["instances"]);
    assert!(
        table.contains(&format!("25 of {listed} matching instance types")),
        "{table}"
    );
}

#[test]
fn advise_without_the_deployed_config_is_a_usage_error_that_says_how() {
    fails(
        &["advise", "--cpu-utilization", "90"],
        2,
        &["--profile NAME", "--instance TYPE"],
    );
    assert_eq!(
        output(&[
            "advise",
            "--instance",
            "c6a.xlarge",
            "--cpu-utilization",
            "50"
        ])
        .1,
        0
    );
}

/// A catalog like the embedded one without c6a.2xlarge (very-heavy's type).
fn regional_catalog(dir: &Scratch) -> String {
    let embedded =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog.toml")).unwrap();
    let without: String = embedded
        .lines()
        .filter(|l| !l.starts_with("\"c6a.2xlarge\""))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(
        without.len(),
        embedded.len(),
        "catalog.toml's c6a.2xlarge line moved"
    );
    dir.write("regional.toml", &without)
}

#[test]
fn a_catalog_without_a_profiles_type_keeps_the_others_and_names_the_profile() {
    let dir = Scratch::new("regional-catalog");
    let catalog = regional_catalog(&dir);
    let v = json(&["--catalog", &catalog, "profiles"]);
    let names: Vec<&str> = v["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["profile"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["light", "medium", "heavy"]);
    assert_eq!(v["unavailable"][0]["name"], "very-heavy");
    assert_eq!(v["unavailable"][0]["asg_instance_type"], "c6a.2xlarge");
    assert!(
        v["unavailable"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("not in the catalog"),
        "{v}"
    );
    let table = stdout(&["--catalog", &catalog, "profiles"]);
    assert!(table.contains("Unavailable: `very-heavy`"), "{table}");
    for args in [
        &["recommend", "--profile", "very-heavy"][..],
        &["capacity", "--profile", "very-heavy"][..],
    ] {
        let mut all = vec!["--catalog", catalog.as_str()];
        all.extend(args);
        fails(&all, 2, &["profile `very-heavy`", "c6a.2xlarge"]);
        let out = common::pypi_size().args(&all).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("--instance:"), "{stderr}");
    }
    // The embedded catalog has every profile's type.
    assert_eq!(json(&["profiles"])["unavailable"], serde_json::json!([]));
}

#[test]
fn dash_o_is_the_format_everywhere_and_catalog_import_says_where_a_file_goes() {
    fails(
        &[
            "catalog",
            "import",
            "--instance-types",
            "a",
            "--prices",
            "b",
            "-o",
            "x.toml",
        ],
        2,
        &["-o is --format in every command", "--output FILE"],
    );
    fails(
        &[
            "catalog",
            "import",
            "--instance-types",
            "a",
            "--prices",
            "b",
            "-o",
            "json",
        ],
        2,
        &["--format (-o) does not apply", "--output FILE"],
    );
    let help = stdout(&["catalog", "import", "--help"]);
    assert!(
        help.contains("--output <FILE>") && !help.contains("-o, --output"),
        "{help}"
    );
}

#[test]
fn format_help_names_the_commands_markdown_serves() {
    let help = stdout(&["capacity", "--help"]);
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "`capacity`, `recommend`, `check`, `diff`, `advise` and `predict` also Markdown"
        ),
        "{flat}"
    );
    // And they do.
    for args in [
        &["capacity"][..],
        &["recommend", "--profile", "heavy"][..],
        &["advise", "--profile", "heavy", "--cpu-utilization", "90"][..],
        &["predict", "--burst-clients", "100"][..],
    ] {
        let mut all = args.to_vec();
        all.extend(["--format", "markdown"]);
        // Markdown, not the table: a bold or heading line naming the command.
        let md = stdout(&all);
        let first = md.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!("**pypi-size {}**", args[0]))
                || first.starts_with(&format!("### pypi-size {}", args[0])),
            "{md}"
        );
    }
}

#[test]
fn check_with_a_profile_prices_the_profiles_figures() {
    let recommended = json(&["recommend", "--profile", "heavy"]);
    let v = json(&["check", "tests/fixtures/check/clean", "--profile", "heavy"]);
    let block = &v["modules"][0];
    assert_eq!(block["instance"]["asg_instance_type"], "c6a.xlarge");
    // The profile's EFS, logs and LCUs, not the module defaults' 1 GB.
    assert_eq!(
        block["inputs"]["assumptions"],
        recommended["inputs"]["assumptions"]
    );
    assert_eq!(
        block["cost"]["at_asg_min_size"]["total"],
        recommended["cost"]["at_asg_min_size"]["total"]
    );
}

#[test]
fn optimize_no_burstable_proposes_dropping_it_not_a_conflicting_flag() {
    let v = json_with_code(
        &[
            "optimize",
            "--no-burstable",
            "--min-workers",
            "4",
            "--max-monthly-cost",
            "70",
            "--ci-builds",
            "5",
        ],
        3,
    );
    let relax = v["relax"].as_array().unwrap();
    assert!(
        relax.iter().any(|r| r["requirement"] == "--no-burstable"
            && r["message"]
                .as_str()
                .unwrap()
                .starts_with("drop --no-burstable")),
        "{relax:?}"
    );
    assert!(!v.to_string().contains("add --burstable"), "{v}");
}

#[test]
fn the_hcl_block_passes_the_modules_providers() {
    let hcl = stdout(&["capacity", "--format", "hcl"]);
    let providers = hcl.find("  providers = {").expect("a providers block");
    let block = &hcl[providers..];
    assert!(block.contains("    aws     = aws\n"), "{hcl}");
    assert!(block.contains("    aws.dns = aws.dns\n"), "{hcl}");
    assert!(block.contains("  }\n}\n"), "{hcl}");
    // What to fill in is said above it.
    let before = &hcl[..providers];
    assert!(
        before.rfind("# FILL IN: the module's providers").is_some(),
        "{hcl}"
    );
    // `check` reads the block back: the same config, no new finding.
    let dir = Scratch::new("hcl-providers");
    dir.write("main.tf", &hcl);
    let v = json(&["check", dir.path()]);
    assert_eq!(v["summary"]["errors"], 0, "{v}");
}

/// The codes in docs/json.md's warning table.
fn documented_codes() -> Vec<String> {
    let doc = include_str!("../../docs/json.md");
    let table = &doc[doc.find("| code | when |").unwrap()..];
    table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.split('`').nth(1).map(String::from))
        .collect()
}

#[test]
fn docs_json_documents_every_command_and_only_codes_that_occur() {
    let doc = include_str!("../../docs/json.md");
    let mut codes: Vec<String> = pypi_size::answers::warnings::WarningCode::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect();
    let mut documented = documented_codes();
    codes.sort();
    documented.sort();
    assert_eq!(documented, codes);
    for command in pypi_size::answers::schema::COMMANDS {
        let heading = format!("\n## `{command}`\n");
        let start = doc
            .find(&heading)
            .unwrap_or_else(|| panic!("docs/json.md has no section for {command}"));
        let section = &doc[start + heading.len()..];
        let section = &section[..section.find("\n## ").unwrap_or(section.len())];
        // Every top-level key of the command's document is named there.
        let alone;
        let args: &[&str] = match command {
            "recommend" => &["recommend", "--profile", "heavy"],
            "check" => &["check", "tests/fixtures/check/clean"],
            "diff" => &[
                "diff",
                "tests/fixtures/diff/instance_type/base",
                "tests/fixtures/diff/instance_type/head",
            ],
            "compare" => &["compare", "--family", "c6a"],
            "optimize" => &["optimize", "--min-workers", "48"],
            "advise" => &["advise", "--profile", "heavy", "--cpu-utilization", "90"],
            "predict" => &["predict", "--burst-clients", "100"],
            other => {
                alone = [other];
                &alone
            }
        };
        let v = json(args);
        for key in v.as_object().unwrap().keys() {
            if ["schema_version", "command", "module", "pricing"].contains(&key.as_str()) {
                continue;
            }
            let named = section.contains(&format!("`{key}`"))
                || section.contains(&format!("\"{key}\""))
                || (command == "capacity" && doc.contains(&format!("`\"{key}\"`")));
            assert!(
                named,
                "docs/json.md's {command} section does not name `{key}`"
            );
        }
    }
}

#[test]
fn the_readme_says_every_exit_code_check_gives() {
    let readme = include_str!("../../README.md");
    let ci = &readme[readme.find("## In CI").unwrap()..];
    let flat = ci.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in [
        "one rule for every command: 0 done, 1 input that cannot be read, 2 a usage error",
        "3 a verdict",
        "no pypiserver module is found",
        "1 when it cannot read what it was given or Terraform would refuse the files (a syntax error)",
        "2 on a usage error",
    ] {
        assert!(flat.contains(words), "README's In CI lacks {words:?}");
    }
}

#[test]
fn sentences_read() {
    // One task pending is "1 task", not "1 tasks".
    let v = json(&[
        "capacity",
        "--instance",
        "t3.small",
        "--task-min-count",
        "5",
    ]);
    let text = v["warnings"].to_string();
    assert!(text.contains("1 task may stay pending"), "{text}");
    assert!(!text.contains("1 tasks"), "{text}");
    let v = json(&["capacity"]);
    assert!(
        v["warnings"]
            .to_string()
            .contains("2 tasks may stay pending")
    );
    // The guide's worker formula reads as a sentence.
    let heavy = stdout(&["recommend", "--profile", "heavy"]);
    assert!(heavy.contains("raised to its minimum of 4"), "{heavy}");
    assert!(!heavy.contains("rounded to 4 (minimum)"), "{heavy}");
    // explain says when a change keeps the same workers at the same cost.
    let e = stdout(&["explain", "--profile", "heavy"]);
    assert!(
        e.contains("the same 48 workers in all at the same cost"),
        "{e}"
    );
    // compare's refusal names the types it refused.
    fails(
        &[
            "compare",
            "--instance",
            "c6a.large",
            "--instance",
            "c6a.xlarge",
            "--task-min-count",
            "2",
            "--task-max-count",
            "1",
        ],
        2,
        &["on c6a.large, c6a.xlarge"],
    );
}
