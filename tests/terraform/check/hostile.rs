//! Hostile trees: each finishes with its answer, never a panic.

use super::*;

// ---------------------------------------------------------------------------
// Hostile trees: each finishes (in a release build well within 5 s and 512
// MiB; see README's Robustness) with its answer, never a panic.

/// `pypi-size check DIR --format json`: the exit code, stdout and stderr, and
/// how long it took.
fn timed_check(dir: &str) -> (i32, String, String, std::time::Duration) {
    let start = std::time::Instant::now();
    let out = pypi_size()
        .args(["check", dir, "--format", "json"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed(),
    )
}

const REQUIRED: &str = "  zone_id = \"Z1\"\n  load_balancer_subnets = [\"a\", \"b\"]\n  alarm_emails = [\"a@example.com\"]\n";

fn pypi_block(name: &str, body: &str) -> String {
    format!(
        "module \"{name}\" {{\n  source = \"infrahouse/pypiserver/aws\"\n  asg_subnets = [\"a\"]\n{body}{REQUIRED}}}\n"
    )
}

#[test]
fn hostile_evaluations_stop_at_the_budget_with_the_line() {
    let thousand = format!(
        "[{}]",
        (0..1000)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    let triple = format!(
        "length([for a in {thousand} : [for b in {thousand} : [for c in {thousand} : a + b + c]]])"
    );
    let dir = Scratch::new("hostile-triple");
    dir.write(
        "main.tf",
        &format!(
            "locals {{\n  n = {triple}\n}}\n{}",
            pypi_block("p", "  asg_min_size = local.n\n")
        ),
    );
    let (code, out, _, took) = timed_check(dir.path());
    assert_eq!(code, 3);
    assert!(
        out.contains("evaluation stopped") && out.contains("main.tf:2:"),
        "{out}"
    );
    assert!(took.as_secs() < 60, "{took:?}");

    // Unused, as a default and in terraform.tfvars: never evaluated.
    let dir = Scratch::new("hostile-unused");
    dir.write(
        "main.tf",
        &format!(
            "variable \"x\" {{\n  default = {triple}\n}}\nvariable \"y\" {{}}\n{}",
            pypi_block("p", "")
        ),
    );
    dir.write("terraform.tfvars", &format!("y = {triple}\n"));
    let (code, _, err, _) = timed_check(dir.path());
    assert_eq!(code, 0, "{err}");

    // Used from terraform.tfvars: the error names the tfvars line.
    let dir = Scratch::new("hostile-tfvars");
    dir.write(
        "main.tf",
        &format!(
            "variable \"x\" {{}}\n{}",
            pypi_block("p", "  asg_min_size = var.x\n")
        ),
    );
    dir.write("terraform.tfvars", &format!("x = {triple}\n"));
    let (code, out, _, _) = timed_check(dir.path());
    assert_eq!(code, 3);
    assert!(out.contains("terraform.tfvars:1:"), "{out}");

    // x % 0 is x (Terraform 1.0.3), and no panic text.
    let dir = Scratch::new("hostile-mod");
    dir.write("main.tf", &pypi_block("p", "  asg_min_size = 5 % 0\n"));
    let (code, out, err, _) = timed_check(dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("panic") && out.contains("\"asg_min_size\""));
}

#[test]
fn hostile_sizes_are_shared_not_copied() {
    let big = format!(
        "[{}]",
        (0..65_000)
            .map(|i| format!("\"s{i}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    for n in [300, 2000] {
        let refs: String = (0..n).map(|i| format!("  r{i} = local.big\n")).collect();
        let all = (0..n)
            .map(|i| format!("local.r{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let dir = Scratch::new("hostile-refs");
        dir.write(
            "main.tf",
            &format!(
                "locals {{\n  big = {big}\n{refs}  all = [{all}]\n}}\n{}",
                pypi_block(
                    "p",
                    "  asg_min_size = length(local.all) % 7 + length(local.r1) % 3\n"
                )
            ),
        );
        let (code, out, err, took) = timed_check(dir.path());
        assert_eq!(code, 0, "{n}: {err}");
        let r: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            r["modules"][0]["arguments"]["asg_min_size"]["value"],
            (n % 7 + 65_000 % 3) as u64
        );
        assert!(took.as_secs() < 60, "{took:?}");
    }
    // 1.1 MB of string templates.
    let templates: String = (0..12_000)
        .map(|i| {
            format!(
                "  t{i} = \"${{local.a}}-{}%{{ if true }}y%{{ endif }}\"\n",
                "x".repeat(70)
            )
        })
        .collect();
    let dir = Scratch::new("hostile-templates");
    dir.write(
        "main.tf",
        &format!(
            "locals {{\n  a = \"abc\"\n{templates}}}\n{}",
            pypi_block("q", "  service_name = local.t11999\n")
        ),
    );
    let (code, _, err, _) = timed_check(dir.path());
    assert_eq!(code, 0, "{err}");
}

#[test]
fn hostile_counts_of_instances_and_blocks() {
    let numbers = (0..=200_000)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let dir = Scratch::new("hostile-toset");
    dir.write(
        "main.tf",
        &format!(
            "locals {{\n  keys = toset([for i in [{numbers}] : tostring(i)])\n}}\n{}",
            pypi_block("p", "  for_each = local.keys\n  asg_min_size = 2\n")
        ),
    );
    let (code, out, err, took) = timed_check(dir.path());
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["modules"][0]["copies"], 200_001);
    assert!(took.as_secs() < 60, "{took:?}");

    // 80k module blocks and 80k overrides (100k would pass the 4 MiB a
    // file may hold): merged in linear time.
    let dir = Scratch::new("hostile-blocks");
    let main: String = (0..80_000)
        .map(|i| format!("module \"m{i}\" {{\n  source = \"./m\"\n  a = {i}\n}}\n"))
        .collect();
    let over: String = (0..80_000)
        .map(|i| format!("module \"m{i}\" {{\n  a = {}\n}}\n", i + 1))
        .collect();
    dir.write("main.tf", &main);
    dir.write("override.tf", &over);
    std::fs::create_dir_all(dir.file("m")).unwrap();
    dir.write("m/main.tf", "variable \"a\" {}\n");
    let (code, _, err, took) = timed_check(dir.path());
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("no pypiserver module block found"), "{err}");
    assert!(took.as_secs() < 60, "{took:?}");

    // As many pypiserver blocks: refused past 1000, with the place.
    let main: String = (0..20_000)
        .map(|i| pypi_block(&format!("m{i}"), ""))
        .collect();
    let over: String = (0..20_000)
        .map(|i| format!("module \"m{i}\" {{\n  asg_min_size = 2\n}}\n"))
        .collect();
    dir.write("main.tf", &main);
    dir.write("override.tf", &over);
    let (code, _, err, _) = timed_check(dir.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("more than 1000 pypiserver module blocks"),
        "{err}"
    );
}

/// `fewer_larger_instances` proposes only a fix the apply accepts: with
/// task_max_count 8, 2 × c6a.xlarge would run 10 tasks at minimum, above
/// it, so nothing is proposed; with 16 it is.
#[test]
fn fewer_larger_instances_proposes_only_what_the_apply_accepts() {
    let block = |task_max_count: u64| {
        format!(
            "module \"pypiserver\" {{\n  source = \"infrahouse/pypiserver/aws\"\n  \
             asg_instance_type = \"c6a.large\"\n  asg_min_size = 4\n  container_memory = 640\n  \
             task_max_count = {task_max_count}\n  asg_subnets = [\"subnet-a\", \"subnet-b\"]\n  \
             load_balancer_subnets = [\"subnet-c\", \"subnet-d\"]\n  zone_id = \"Z1\"\n  \
             alarm_emails = [\"ops@example.com\"]\n}}\n"
        )
    };
    let codes = |task_max_count: u64| -> Vec<String> {
        let dir = Scratch::new("fewer-larger");
        dir.write("main.tf", &block(task_max_count));
        let (report, _) = check(&[dir.path()]);
        report["modules"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!codes(8).contains(&"fewer_larger_instances".to_string()));
    assert!(codes(16).contains(&"fewer_larger_instances".to_string()));
}
