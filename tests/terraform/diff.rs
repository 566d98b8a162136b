//! `diff` on fixture pairs (tests/fixtures/diff/CASE/{base,head}): every
//! before/after figure and cost is checked against `capacity` run with the
//! same inputs, and every delta against after − before; then the gate, the
//! variable settings per side, and the usage errors.

use crate::common;

use crate::common::{Scratch, fails, json, json_with_code, output, proptest_cases, stdout};
use serde_json::Value;

mod trees;

fn pair(case: &str) -> (String, String) {
    let dir = format!("tests/fixtures/diff/{case}");
    (format!("{dir}/base"), format!("{dir}/head"))
}

fn diff(case: &str, extra: &[&str]) -> Value {
    let (base, head) = pair(case);
    let mut args = vec!["diff", base.as_str(), head.as_str()];
    args.extend_from_slice(extra);
    json(&args)
}

/// `capacity` for one config: (figures, monthly total at min, at max).
fn capacity(args: &[&str]) -> (Value, f64, f64) {
    let mut all = vec!["capacity"];
    all.extend_from_slice(args);
    let doc = json(&all);
    let cost = &doc["cost"];
    (
        doc["capacity"].clone(),
        cost["at_asg_min_size"]["total"].as_f64().unwrap(),
        cost["at_asg_max_size"]["total"].as_f64().unwrap(),
    )
}

/// Each module's address and change, in the report's order.
fn changes(d: &Value) -> Vec<(String, String)> {
    d["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["address"].as_str().unwrap().to_string(),
                m["change"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `(address, change)` rows, as [`changes`] gives them.
fn rows(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, c)| (a.to_string(), c.to_string()))
        .collect()
}

const FIGURES: [&str; 7] = [
    "asg_instance_count",
    "asg_max_size",
    "tasks_per_instance",
    "task_min_count",
    "task_max_count",
    "gunicorn_workers",
    "total_workers",
];

/// A module's figures on one side (`before` or `after`) equal capacity's.
fn figures_match(module: &Value, side: &str, capacity: &Value) {
    for name in FIGURES {
        assert_eq!(
            module["figures"][name][side], capacity[name],
            "{name} {side} of {}",
            module["address"]
        );
    }
}

/// Cents, to compare money without binary-float noise.
fn cents(x: &Value) -> i64 {
    (x.as_f64().unwrap_or_else(|| panic!("{x} is not a number")) * 100.0).round() as i64
}

fn money(change: &Value, before: f64, after: f64) {
    let (b, a) = (
        (before * 100.0).round() as i64,
        (after * 100.0).round() as i64,
    );
    assert_eq!(cents(&change["before"]), b, "{change}");
    assert_eq!(cents(&change["after"]), a, "{change}");
    assert_eq!(cents(&change["delta"]), a - b, "{change}");
    match b {
        0 => assert!(change["delta_percent"].is_null(), "{change}"),
        _ => {
            let percent = ((a - b) as f64 * 100.0 / b as f64 * 100.0).round() / 100.0;
            assert_eq!(change["delta_percent"].as_f64(), Some(percent), "{change}");
        }
    }
    assert!(change["unknown"].is_null());
}

const GROUP: [&str; 4] = ["--asg-min-size", "2", "--asg-max-size", "4"];

fn with_group<'a>(instance: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["--instance", instance];
    args.extend_from_slice(&GROUP);
    args.extend_from_slice(extra);
    args
}

#[test]
fn instance_type_changed() {
    let d = diff("instance_type", &[]);
    let (before, b_min, b_max) = capacity(&with_group("c6a.large", &[]));
    let (after, a_min, a_max) = capacity(&with_group("c6a.xlarge", &[]));
    let m = &d["modules"][0];
    assert_eq!(d["modules"].as_array().unwrap().len(), 1);
    assert_eq!(m["change"], "changed");
    assert_eq!(m["inputs"][0]["variable"], "asg_instance_type");
    assert_eq!(m["inputs"][0]["before"]["value"], "c6a.large");
    assert_eq!(m["inputs"][0]["after"]["value"], "c6a.xlarge");
    assert_eq!(m["inputs"].as_array().unwrap().len(), 1);
    figures_match(m, "before", &before);
    figures_match(m, "after", &after);
    assert_eq!(m["figures"]["task_min_count"]["delta"], 6);
    money(&m["cost"]["at_asg_min_size"], b_min, a_min);
    money(&m["cost"]["at_asg_max_size"], b_max, a_max);
    money(&d["total"]["at_asg_min_size"], b_min, a_min);
    money(&d["total"]["at_asg_max_size"], b_max, a_max);
    assert_eq!(d["summary"]["changed"], 1);
    assert_eq!(d["summary"]["anything_changed"], true);
    assert_eq!(d["gate"]["passed"], true);
}

#[test]
fn memory_changed() {
    let d = diff("memory", &[]);
    let (before, b_min, b_max) = capacity(&with_group("c6a.xlarge", &[]));
    let (after, a_min, a_max) =
        capacity(&with_group("c6a.xlarge", &["--container-memory", "1024"]));
    let m = &d["modules"][0];
    assert_eq!(m["inputs"][0]["variable"], "container_memory");
    assert_eq!(m["inputs"][0]["before"]["value"], 512, "the default counts");
    assert_eq!(m["inputs"][0]["after"]["value"], 1024);
    figures_match(m, "before", &before);
    figures_match(m, "after", &after);
    assert_eq!(m["figures"]["tasks_per_instance"]["delta"], -3);
    money(&m["cost"]["at_asg_min_size"], b_min, a_min);
    money(&d["total"]["at_asg_max_size"], b_max, a_max);
}

#[test]
fn module_added_and_removed() {
    let (_, large_min, large_max) = capacity(&with_group("c6a.large", &[]));
    let (eu, eu_min, eu_max) = capacity(&with_group("m6a.large", &[]));
    let added = diff("added", &[]);
    let m = added["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["address"] == "module.pypiserver_eu")
        .unwrap();
    assert_eq!(m["change"], "added");
    assert_eq!(m["base"], "absent");
    assert_eq!(m["head"], "sized");
    figures_match(m, "after", &eu);
    assert!(m["figures"]["tasks_per_instance"]["before"].is_null());
    assert!(m["figures"]["tasks_per_instance"]["delta"].is_null());
    money(&m["cost"]["at_asg_min_size"], 0.0, eu_min);
    money(
        &added["total"]["at_asg_min_size"],
        large_min,
        large_min + eu_min,
    );
    money(
        &added["total"]["at_asg_max_size"],
        large_max,
        large_max + eu_max,
    );
    assert_eq!(added["summary"]["added"], 1);
    assert_eq!(added["summary"]["unchanged"], 1);

    let removed = diff("removed", &[]);
    let m = removed["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["address"] == "module.pypiserver_eu")
        .unwrap();
    assert_eq!(m["change"], "removed");
    assert_eq!(m["head"], "absent");
    figures_match(m, "before", &eu);
    money(&m["cost"]["at_asg_max_size"], eu_max, 0.0);
    money(
        &removed["total"]["at_asg_min_size"],
        large_min + eu_min,
        large_min,
    );
    assert_eq!(removed["summary"]["removed"], 1);
}

#[test]
fn for_each_key_added() {
    let d = diff("for_each_key", &[]);
    assert_eq!(
        changes(&d),
        rows(&[
            ("module.pypi[\"dev\"]", "unchanged"),
            ("module.pypi[\"prod\"]", "unchanged"),
            ("module.pypi[\"stage\"]", "added"),
        ])
    );
    let (stage, s_min, s_max) = capacity(&["--instance", "c6a.large", "--asg-min-size", "2"]);
    let (_, dev_min, dev_max) = capacity(&["--instance", "t3.small", "--asg-min-size", "2"]);
    let (_, prod_min, prod_max) = capacity(&["--instance", "c6a.xlarge", "--asg-min-size", "2"]);
    figures_match(&d["modules"][2], "after", &stage);
    money(
        &d["total"]["at_asg_min_size"],
        dev_min + prod_min,
        dev_min + prod_min + s_min,
    );
    money(
        &d["total"]["at_asg_max_size"],
        dev_max + prod_max,
        dev_max + prod_max + s_max,
    );
    // The for_each argument changed, yet the unchanged instances are not
    // listed as changed: the address says which instance it is.
    assert_eq!(d["modules"][0]["other_arguments"], serde_json::json!([]));
}

#[test]
fn identical_trees_exit_0_and_say_nothing_changed() {
    let (base, head) = pair("unchanged");
    let text = stdout(&["diff", &base, &head]);
    assert!(text.starts_with("No change: 1 module block(s)"), "{text}");
    let d = diff(
        "unchanged",
        &["--fail-above", "0", "--fail-above-percent", "0"],
    );
    assert_eq!(d["summary"]["anything_changed"], false);
    assert_eq!(d["summary"]["unchanged"], 1);
    assert_eq!(d["modules"][0]["inputs"], serde_json::json!([]));
    assert_eq!(d["total"]["at_asg_min_size"]["delta"], 0.0);
    assert_eq!(d["gate"]["passed"], true);
    // A tree against itself, for every fixture side.
    for case in ["instance_type", "added", "for_each_key", "unknown"] {
        let (base, _) = pair(case);
        let d = json(&["diff", &base, &base]);
        assert_eq!(d["summary"]["anything_changed"], false, "{case}");
    }
}

#[test]
fn an_unknown_value_makes_the_delta_unknown_never_zero() {
    let d = diff("unknown", &[]);
    let m = &d["modules"][0];
    assert_eq!(m["head"], "not_sized");
    assert_eq!(m["change"], "changed");
    for point in ["at_asg_min_size", "at_asg_max_size"] {
        for scope in [&m["cost"], &d["total"]] {
            let c = &scope[point];
            assert!(c["after"].is_null(), "{c}");
            assert!(c["delta"].is_null(), "{c}");
            assert!(c["delta_percent"].is_null(), "{c}");
            assert!(
                c["unknown"]
                    .as_str()
                    .unwrap()
                    .contains("asg_instance_type is unknown"),
                "{c}"
            );
        }
    }
    // Still known without the instance type: from the partial figures.
    assert_eq!(m["figures"]["asg_instance_count"]["after"], 2);
    assert_eq!(m["figures"]["gunicorn_workers"]["delta"], 0);
    assert!(m["figures"]["tasks_per_instance"]["after"].is_null());
    // A cost limit cannot be verified: the gate fails closed.
    let (base, head) = pair("unknown");
    let failed = json_with_code(&["diff", &base, &head, "--fail-above", "1000000"], 3);
    assert_eq!(failed["gate"]["passed"], false);
    assert_eq!(failed["gate"]["failures"][0]["rule"], "fail_above");
    // With the value given to HEAD, the delta is known and is capacity's.
    let known = json(&[
        "diff",
        &base,
        &head,
        "--head-var",
        "instance_type=c6a.xlarge",
    ]);
    let (_, b_min, _) = capacity(&with_group("c6a.large", &[]));
    let (_, a_min, _) = capacity(&with_group("c6a.xlarge", &[]));
    money(&known["total"]["at_asg_min_size"], b_min, a_min);
}

#[test]
fn the_cost_gate_in_dollars_and_percent_at_min_or_max() {
    let (base, head) = pair("instance_type");
    let (_, b_min, b_max) = capacity(&with_group("c6a.large", &[]));
    let (_, a_min, a_max) = capacity(&with_group("c6a.xlarge", &[]));
    let delta_min = a_min - b_min;
    let delta_max = a_max - b_max;
    let run = |extra: &[&str]| {
        let mut args = vec!["diff", base.as_str(), head.as_str()];
        args.extend_from_slice(extra);
        output(&args).1
    };
    let just_below = format!("{:.2}", delta_min - 0.01);
    let at = format!("{:.2}", delta_min);
    assert_eq!(run(&["--fail-above", &just_below]), 3);
    assert_eq!(run(&["--fail-above", &at]), 0, "strictly above fails");
    // At the maximum the delta is larger.
    let between = format!("{:.2}", (delta_min + delta_max) / 2.0);
    assert_eq!(run(&["--fail-above", &between]), 0);
    assert_eq!(run(&["--fail-above", &between, "--at-max-size"]), 3);
    let percent = delta_min / b_min * 100.0;
    assert_eq!(
        run(&["--fail-above-percent", &format!("{:.2}", percent - 0.1)]),
        3
    );
    assert_eq!(
        run(&["--fail-above-percent", &format!("{:.2}", percent + 0.1)]),
        0
    );
    // A saving never fails: HEAD against BASE reversed.
    let reversed = output(&["diff", &head, &base, "--fail-above", "0"]);
    assert_eq!(reversed.1, 0);
    // The failure says why, on stderr, and the report still prints.
    let out = common::pypi_size()
        .args(["diff", &base, &head, "--fail-above", "1"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("above --fail-above $1.00"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Gate failed"));
}

#[test]
fn new_findings_fail_at_or_above_fail_on() {
    let dir = Scratch::new("diff-findings");
    let block = |min: u32| {
        format!(
            "module \"pypiserver\" {{\n  source = \"infrahouse/pypiserver/aws\"\n  version = \
             \"2.3.0\"\n  asg_min_size = {min}\n  asg_subnets = [\"a\", \"b\"]\n  zone_id = \
             \"Z\"\n  load_balancer_subnets = [\"a\", \"b\"]\n  alarm_emails = [\"a@b.c\"]\n}}\n"
        )
    };
    std::fs::create_dir_all(dir.0.join("base")).unwrap();
    std::fs::create_dir_all(dir.0.join("head")).unwrap();
    dir.write("base/main.tf", &block(2));
    // One instance: the single_instance finding (info) appears.
    dir.write("head/main.tf", &block(1));
    let (base, head) = (dir.file("base"), dir.file("head"));
    let d = json(&["diff", &base, &head]);
    let new: Vec<&str> = d["modules"][0]["findings"]["appeared"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(new.contains(&"single_instance"), "{new:?}");
    assert_eq!(d["summary"]["findings_appeared"]["infos"], 1);
    assert_eq!(output(&["diff", &base, &head, "--fail-on", "info"]).1, 3);
    assert_eq!(output(&["diff", &base, &head, "--fail-on", "warning"]).1, 0);
    // It is gone the other way round, and a gone finding never fails.
    let back = json(&["diff", &head, &base, "--fail-on", "info"]);
    assert_eq!(back["summary"]["findings_disappeared"]["infos"], 1);
    assert_eq!(back["gate"]["passed"], true);
    // A finding both sides have is not new.
    assert_eq!(output(&["diff", &head, &head, "--fail-on", "info"]).1, 0);
    // A new error fails by default, as in check.
    dir.write(
        "head/main.tf",
        &block(2).replace("asg_min_size = 2", "asg_min_size = \"two\""),
    );
    let failed = json_with_code(&["diff", &base, &head], 3);
    assert_eq!(failed["summary"]["findings_appeared"]["errors"], 1);
    assert_eq!(failed["gate"]["failures"][0]["rule"], "fail_on");
}

#[test]
fn variables_per_side_in_the_order_given() {
    let (base, head) = pair("unknown");
    // --var for both sides; BASE does not declare it, and Terraform
    // ignores -var for an undeclared variable only in a var file, so give
    // it through a file for both.
    let dir = Scratch::new("diff-vars");
    let both = dir.write("both.tfvars", "instance_type = \"c6a.xlarge\"\n");
    let d = json(&["diff", &base, &head, "--head-var-file", &both]);
    assert_eq!(
        d["modules"][0]["figures"]["asg_instance_type"]["after"],
        "c6a.xlarge"
    );
    // A later --head-var wins over an earlier file.
    let d = json(&[
        "diff",
        &base,
        &head,
        "--head-var-file",
        &both,
        "--head-var",
        "instance_type=c6a.large",
    ]);
    assert_eq!(d["summary"]["anything_changed"], false);
    // --base-var does not reach HEAD.
    let d = json(&[
        "diff",
        &head,
        &head,
        "--base-var",
        "instance_type=c6a.large",
    ]);
    assert_eq!(d["modules"][0]["base"], "sized");
    assert_eq!(d["modules"][0]["head"], "not_sized");
    // --var reaches both.
    let d = json(&["diff", &head, &head, "--var", "instance_type=c6a.large"]);
    assert_eq!(d["summary"]["anything_changed"], false);
    assert_eq!(d["modules"][0]["head"], "sized");
}

#[test]
fn recursive_pairs_roots_by_their_path() {
    let (base, head) = pair("recursive");
    let d = json(&["diff", "--recursive", &base, &head]);
    let roots: Vec<(&str, &str)> = d["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["root"].as_str().unwrap(), m["change"].as_str().unwrap()))
        .collect();
    assert_eq!(
        roots,
        [("envs/prod", "changed"), ("envs/staging", "unchanged")]
    );
    let text = stdout(&["diff", "--recursive", &base, &head]);
    assert!(text.contains("envs/prod: module.pypiserver"), "{text}");
}

#[test]
fn nothing_to_compare_fails_closed() {
    let dir = Scratch::new("diff-none");
    dir.write("main.tf", "locals {\n  a = 1\n}\n");
    let out = common::pypi_size()
        .args(["diff", dir.path(), dir.path()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was compared"));
    assert_eq!(
        output(&["diff", dir.path(), dir.path(), "--allow-none"]).1,
        0
    );
}

#[test]
fn usage_errors_name_the_flag_and_print_nothing() {
    let (base, head) = pair("instance_type");
    fails(
        &["diff", &base, &head, "--fail-above", "-5"],
        2,
        &["--fail-above", "0 or more"],
    );
    fails(
        &["diff", &base, &head, "--fail-above-percent", "ten"],
        2,
        &["--fail-above-percent"],
    );
    fails(&["diff", "-", "-"], 2, &["standard input can be read once"]);
    fails(
        &["diff", "--recursive", &format!("{base}/main.tf"), &head],
        2,
        &["--recursive takes directories"],
    );
    fails(&["diff", &base], 2, &["HEAD"]);
    fails(
        &["diff", &base, "tests/fixtures/diff/nowhere"],
        1,
        &["tests/fixtures/diff/nowhere"],
    );
    fails(
        &["diff", &base, &head, "--profile", "enormous"],
        2,
        &["enormous"],
    );
}

proptest::proptest! {
    #![proptest_config(proptest_cases(12))]

    /// For any two valid configs, diff's figures and costs are capacity's,
    /// and the delta is exactly after − before.
    #[test]
    fn diff_agrees_with_capacity_on_both_sides(
        types in proptest::sample::subsequence(
            vec!["t3.small", "t3.medium", "c6a.large", "c6a.xlarge", "m6a.large", "r6a.xlarge",
                 "c7i.large", "m5.2xlarge"], 2),
        memories in proptest::collection::vec(
            proptest::sample::select(vec![512u32, 768, 1024, 2048]), 2),
        mins in proptest::collection::vec(1u32..5, 2),
    ) {
        let dir = Scratch::new("diff-prop");
        let mut sides = Vec::new();
        for (i, side) in ["base", "head"].iter().enumerate() {
            std::fs::create_dir_all(dir.0.join(side)).unwrap();
            dir.write(&format!("{side}/main.tf"), &format!(
                "module \"pypiserver\" {{\n  source = \"infrahouse/pypiserver/aws\"\n  \
                 asg_instance_type = \"{}\"\n  container_memory = {}\n  asg_min_size = {}\n  \
                 asg_subnets = [\"a\", \"b\"]\n  zone_id = \"Z\"\n  \
                 load_balancer_subnets = [\"a\", \"b\"]\n  alarm_emails = [\"a@b.c\"]\n}}\n",
                types[i], memories[i], mins[i]));
            let memory = memories[i].to_string();
            let min = mins[i].to_string();
            sides.push(common::pypi_size().args([
                "capacity", "--instance", types[i], "--container-memory", &memory,
                "--asg-min-size", &min, "--format", "json"]).output().unwrap());
        }
        let d = json(&["diff", &dir.file("base"), &dir.file("head")]);
        let m = &d["modules"][0];
        // What capacity rejects (exit 2), check reports as an error: not sized.
        // An error finding (exit 3, a verdict) is printed and sized.
        let docs: Vec<Option<Value>> = sides
            .iter()
            .map(|o| {
                matches!(o.status.code(), Some(0 | 3)).then(|| common::one_document(&o.stdout))
            })
            .collect();
        for ((side, presence), doc) in [("before", "base"), ("after", "head")].iter().zip(&docs) {
            match doc {
                Some(doc) => {
                    proptest::prop_assert_eq!(&m[presence], "sized");
                    figures_match(m, side, &doc["capacity"]);
                }
                None => proptest::prop_assert_eq!(&m[presence], "not_sized"),
            }
        }
        if let [Some(b), Some(a)] = &docs[..] {
            for point in ["at_asg_min_size", "at_asg_max_size"] {
                money(&m["cost"][point],
                      b["cost"][point]["total"].as_f64().unwrap(),
                      a["cost"][point]["total"].as_f64().unwrap());
            }
        } else {
            proptest::prop_assert!(m["cost"]["at_asg_min_size"]["delta"].is_null());
        }
    }
}

#[test]
fn instances_of_count_pair_by_index_and_an_unknown_count_is_unknown() {
    let (base, head) = pair("count");
    let (one, one_min, one_max) = capacity(&["--instance", "c6a.large"]);
    // count = 2 against count = var.n, given 3 in HEAD: a third instance,
    // as Terraform plans it (module.pypiserver[2]).
    let d = json(&["diff", &base, &head, "--head-var", "n=3"]);
    assert_eq!(
        changes(&d),
        rows(&[
            ("module.pypiserver[0]", "unchanged"),
            ("module.pypiserver[1]", "unchanged"),
            ("module.pypiserver[2]", "added"),
        ])
    );
    figures_match(&d["modules"][2], "after", &one);
    money(&d["total"]["at_asg_min_size"], 2.0 * one_min, 3.0 * one_min);
    money(&d["total"]["at_asg_max_size"], 2.0 * one_max, 3.0 * one_max);
    // count = 0: both instances removed, nothing paid; the block itself
    // stays, with no copy (its not_deployed note is new).
    let d = json(&["diff", &base, &head, "--head-var", "n=0"]);
    assert_eq!(
        changes(&d),
        rows(&[
            ("module.pypiserver", "changed"),
            ("module.pypiserver[0]", "removed"),
            ("module.pypiserver[1]", "removed"),
        ])
    );
    assert_eq!(d["modules"][0]["head"], "not_deployed");
    money(&d["total"]["at_asg_min_size"], 2.0 * one_min, 0.0);
    // Unknown: one block whose copies are unknown; the sizing of one copy
    // is known, the bill is not.
    let d = json(&["diff", &base, &head]);
    let unknown = d["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["address"] == "module.pypiserver")
        .unwrap();
    assert_eq!(unknown["change"], "added");
    assert!(unknown["copies"]["after"].is_null());
    assert_eq!(unknown["figures"]["task_min_count"]["after"], 6);
    assert!(unknown["cost"]["at_asg_min_size"]["delta"].is_null());
    assert!(d["total"]["at_asg_min_size"]["delta"].is_null());
    assert!(
        d["total"]["at_asg_min_size"]["unknown"]
            .as_str()
            .unwrap()
            .contains("how many copies")
    );
    let text = stdout(&["diff", &base, &head]);
    assert!(
        text.contains("module.pypiserver (copies unknown)"),
        "{text}"
    );
}
