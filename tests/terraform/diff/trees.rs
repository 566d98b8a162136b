//! `diff` on trees written for one question each (in a scratch directory):
//! blocks moved or gone into unreadable modules, findings grown more severe,
//! every change Terraform would plan, and the gates that must not be fooled.

use super::*;

/// A tree of `main.tf` holding `before` and then a pypiserver block with
/// `inside` added to its arguments.
fn tree(dir: &Scratch, side: &str, inside: &str, before: &str) -> String {
    std::fs::create_dir_all(dir.0.join(side)).unwrap();
    dir.write(
        &format!("{side}/main.tf"),
        &format!(
            "{before}\nmodule \"pypiserver\" {{\n  source = \"infrahouse/pypiserver/aws\"\n  \
             version = \"2.3.0\"\n  asg_instance_type = \"c6a.large\"\n  asg_min_size = 2\n  \
             asg_max_size = 4\n  asg_subnets = [\"subnet-a\", \"subnet-b\"]\n  zone_id = \"Z\"\n  \
             load_balancer_subnets = [\"a\", \"b\"]\n  alarm_emails = [\"ops@example.com\"]\n\
             {inside}\n}}\n"
        ),
    );
    dir.file(side)
}

#[test]
fn a_block_gone_into_a_module_pypi_size_cannot_read_is_not_a_saving() {
    let dir = Scratch::new("diff-hidden");
    let base = tree(&dir, "base", "", "");
    std::fs::create_dir_all(dir.0.join("head")).unwrap();
    let platform = "module \"platform\" {\n  source = \"git::https://github.com/acme/platform.git?ref=v1\"\n}\n";
    dir.write("head/main.tf", platform);
    let head = dir.file("head");
    let d = json_with_code(&["diff", &base, &head, "--fail-above", "0"], 3);
    let m = &d["modules"][0];
    assert_eq!(m["change"], "removed");
    assert!(m["cost"]["at_asg_min_size"]["delta"].is_null(), "{m}");
    assert!(d["total"]["at_asg_min_size"]["delta"].is_null());
    assert_eq!(m["findings"]["appeared"][0]["code"], "removal_unverified");
    assert!(
        m["findings"]["appeared"][0]["message"]
            .as_str()
            .unwrap()
            .contains("module.platform (git::https://github.com/acme/platform.git?ref=v1)")
    );
    assert_eq!(output(&["diff", &base, &head, "--fail-on", "warning"]).1, 3);
    // A look-alike fork of the module is no more readable.
    dir.write(
        "head/main.tf",
        "module \"pypiserver\" {\n  source = \"git::https://github.com/evil/terraform-aws-pypiserver.git?ref=2.3.0\"\n}\n",
    );
    let d = json(&["diff", &base, &head]);
    assert!(d["total"]["at_asg_min_size"]["delta"].is_null());
    // A module call both trees make the same cannot have taken it: a real
    // removal, and a real saving.
    let base = tree(&dir, "base", "", platform);
    dir.write("head/main.tf", platform);
    let d = json(&["diff", &base, &head, "--fail-above", "0"]);
    assert!(d["total"]["at_asg_min_size"]["delta"].as_f64().unwrap() < 0.0);
}

#[test]
fn a_finding_that_grows_more_severe_is_new() {
    let dir = Scratch::new("diff-severity");
    let subnets = "variable \"subnets\" {\n  type = list(string)\n}\n";
    let base = tree(&dir, "base", "", subnets);
    let head = tree(&dir, "head", "", subnets);
    for side in ["base", "head"] {
        let path = dir.0.join(side).join("main.tf");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text = text.replace("[\"subnet-a\", \"subnet-b\"]", "var.subnets");
        if side == "head" {
            // Without asg_min_size, the unknown subnets set the count.
            text = text.replace("  asg_min_size = 2\n", "");
        }
        std::fs::write(&path, text).unwrap();
    }
    let d = json_with_code(&["diff", &base, &head, "--fail-on", "warning"], 3);
    let m = &d["modules"][0];
    let appeared: Vec<(&str, &str)> = m["findings"]["appeared"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    assert!(
        appeared.contains(&("unresolved", "warning")),
        "{appeared:?}"
    );
}

#[test]
fn every_change_terraform_would_plan_is_a_change() {
    let dir = Scratch::new("diff-plans");
    // for_each keys without each.*: b destroyed, c created.
    let base = tree(&dir, "base", "  for_each = toset([\"a\", \"b\"])", "");
    let head = tree(&dir, "head", "  for_each = toset([\"a\", \"c\"])", "");
    let d = json(&["diff", &base, &head]);
    assert_eq!(
        changes(&d),
        rows(&[
            ("module.pypiserver[\"a\"]", "unchanged"),
            ("module.pypiserver[\"b\"]", "removed"),
            ("module.pypiserver[\"c\"]", "added"),
        ])
    );
    // The version asked for.
    let base = tree(&dir, "base", "", "");
    let head = tree(&dir, "head", "", "");
    let path = dir.0.join("head/main.tf");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("\"2.3.0\"", "\"~> 2.3\"")).unwrap();
    let d = json(&["diff", &base, &head]);
    assert_eq!(d["modules"][0]["change"], "changed");
    assert_eq!(
        d["modules"][0]["other_arguments"],
        serde_json::json!(["version"])
    );
    // One unknown for another.
    let a = "variable \"a\" {\n  type = string\n}\nvariable \"b\" {\n  type = string\n}\n";
    let base = tree(&dir, "base", "", a);
    let head = tree(&dir, "head", "", a);
    for (side, var) in [("base", "var.a"), ("head", "var.b")] {
        let path = dir.0.join(side).join("main.tf");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("\"c6a.large\"", var)).unwrap();
    }
    let d = json(&["diff", &base, &head]);
    assert_eq!(d["modules"][0]["change"], "changed");
    assert_eq!(
        d["modules"][0]["inputs"][0]["variable"],
        "asg_instance_type"
    );
    assert_eq!(d["modules"][0]["inputs"][0]["after"]["state"], "unknown");
}

#[test]
fn a_block_with_no_copy_is_still_validated_as_terraform_does() {
    let dir = Scratch::new("diff-no-copy");
    let base = tree(&dir, "base", "", "");
    // Terraform refuses a constant argument out of its variable's range
    // even with count = 0; a check across variables runs inside the
    // module, which has no instance.
    let head = tree(&dir, "head", "  count = 0\n  container_memory = 64", "");
    let d = json_with_code(&["diff", &base, &head], 3);
    let m = &d["modules"][0];
    assert_eq!(m["head"], "not_deployed");
    let codes: Vec<&str> = m["findings"]["appeared"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"out_of_range"), "{codes:?}");
    // An empty for_each whose arguments read each.value: one block, no
    // copy, nothing unknown to report.
    let empty = "  for_each = {}\n  environment = each.value";
    let base = tree(&dir, "base", empty, "");
    let d = json(&["diff", &base, &base]);
    assert_eq!(d["modules"][0]["address"], "module.pypiserver");
    assert_eq!(d["modules"][0]["base"], "not_deployed");
    assert_eq!(d["summary"]["anything_changed"], false);
    // A lifecycle policy the module refuses: not sized, never a number.
    let head = tree(&dir, "head", "  efs_lifecycle_policy = 45", "");
    let base = tree(&dir, "base", "", "");
    let d = json_with_code(&["diff", &base, &head], 3);
    assert_eq!(d["modules"][0]["head"], "not_sized");
    assert!(d["total"]["at_asg_min_size"]["delta"].is_null());
}

#[test]
fn nothing_found_is_a_failed_gate_in_every_format() {
    let dir = Scratch::new("diff-none-gate");
    dir.write("main.tf", "locals {\n  a = 1\n}\n");
    let d = json_with_code(&["diff", dir.path(), dir.path()], 3);
    assert_eq!(d["gate"]["passed"], false);
    assert_eq!(d["gate"]["failures"][0]["rule"], "none_found");
    let (text, _) = output(&["diff", dir.path(), dir.path(), "--format", "markdown"]);
    assert!(
        String::from_utf8(text)
            .unwrap()
            .contains("Gate: **failed**")
    );
}

#[test]
fn the_percent_gate_is_not_fooled_by_rounding() {
    let dir = Scratch::new("diff-percent");
    let base = tree(&dir, "base", "", "");
    let head = tree(&dir, "head", "", "");
    let path = dir.0.join("head/main.tf");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("asg_min_size = 2", "asg_min_size = 3")).unwrap();
    // +$58.89 (an instance and its root volume) on $588.80: 10.0017%,
    // shown as +10.00%.
    let args = [
        "diff",
        &base,
        &head,
        "--alb-lcu-month",
        "424.87",
        "--fail-above-percent",
    ];
    let d = json_with_code(&[&args[..], &["10"]].concat(), 3);
    assert_eq!(d["total"]["at_asg_min_size"]["delta_percent"], 10.0);
    assert_eq!(output(&[&args[..], &["10.01"]].concat()).1, 0);
}

#[test]
fn a_moved_block_pairs_the_renamed_block_with_its_old_address() {
    let dir = Scratch::new("diff-moved");
    let base = tree(&dir, "base", "", "");
    let head = tree(
        &dir,
        "head",
        "",
        "moved {\n  from = module.pypiserver\n  to   = module.pypi[\"eu\"]\n}\n",
    );
    let path = dir.0.join("head/main.tf");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "module \"pypiserver\" {",
            "module \"pypi\" {\n  for_each = toset([\"eu\"])",
        ),
    )
    .unwrap();
    let d = json(&["diff", &base, &head, "--fail-above", "0"]);
    let modules = d["modules"].as_array().unwrap();
    assert_eq!(modules.len(), 1, "{modules:?}");
    assert_eq!(modules[0]["address"], "module.pypi[\"eu\"]");
    assert_eq!(modules[0]["moved_from"], "module.pypiserver");
    assert_eq!(modules[0]["change"], "changed");
    assert_eq!(d["total"]["at_asg_min_size"]["delta"], 0.0);
    let text = stdout(&["diff", &base, &head]);
    assert!(
        text.contains("module.pypi[\"eu\"] (moved from module.pypiserver)"),
        "{text}"
    );
}

#[test]
fn a_new_module_call_pypi_size_cannot_read_is_said() {
    let dir = Scratch::new("diff-unread");
    let base = tree(&dir, "base", "", "");
    let platform = "module \"platform\" {\n  source  = \"app.terraform.io/acme/platform/aws\"\n  version = \"2.0.0\"\n}\n";
    let head = tree(&dir, "head", "", platform);
    let d = json(&["diff", &base, &head]);
    assert_eq!(d["findings"][0]["code"], "unread_module_changed");
    assert_eq!(d["findings"][0]["severity"], "info");
    assert_eq!(d["summary"]["anything_changed"], true);
    assert_eq!(output(&["diff", &base, &head, "--fail-on", "info"]).1, 3);
    // The same call on both sides is no news.
    let base = tree(&dir, "base", "", platform);
    let d = json(&["diff", &base, &head]);
    assert_eq!(d["findings"], serde_json::json!([]));
    // A version bump is.
    let bumped = platform.replace("2.0.0", "2.1.0");
    let head = tree(&dir, "head", "", &bumped);
    assert_eq!(
        json(&["diff", &base, &head])["findings"][0]["code"],
        "unread_module_changed"
    );
    // A source that looks like the module is a warning.
    let fork = "module \"fork\" {\n  source = \"git::https://github.com/evil/terraform-aws-pypiserver.git?ref=2.3.0\"\n}\n";
    let head = tree(&dir, "head", "", fork);
    let d = json(&["diff", &base, &head]);
    assert!(
        d["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["severity"] == "warning"),
        "{d}"
    );
}

#[test]
fn a_move_onto_an_address_still_held_is_skipped_as_terraform_does() {
    let dir = Scratch::new("diff-moved-held");
    let two = |side: &str, moved: &str| {
        std::fs::create_dir_all(dir.0.join(side)).unwrap();
        let text = std::fs::read_to_string("tests/fixtures/diff/removed/base/main.tf").unwrap();
        let text = if side == "head" {
            text.split("\n\n").next().unwrap().to_string() + "\n"
        } else {
            text
        };
        dir.write(&format!("{side}/main.tf"), &format!("{text}{moved}"));
        dir.file(side)
    };
    let base = two("base", "");
    let head = two(
        "head",
        "moved {\n  from = module.pypiserver_eu\n  to   = module.pypiserver\n}\n",
    );
    let d = json(&["diff", &base, &head]);
    assert_eq!(
        changes(&d),
        rows(&[
            ("module.pypiserver", "unchanged"),
            ("module.pypiserver_eu", "removed"),
        ])
    );
    let (_, eu_min, _) = capacity(&with_group("m6a.large", &[]));
    assert_eq!(
        cents(&d["total"]["at_asg_min_size"]["delta"]),
        -((eu_min * 100.0).round() as i64)
    );
}
