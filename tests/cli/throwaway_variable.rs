//! docs/development.md's "Add a variable", followed once for a throwaway
//! variable, `probe_count`: a copy of the crate gets exactly the edits the
//! checklist lists (each in a file it names), is built, and the variable is
//! shown to flow through every place derived from the table: its flag and
//! help, its range (the module's validation, from `[module.limits]`), a
//! profile's config, `check`'s reading of a block, the HCL and tfvars
//! writers and the JSON `inputs` (compare's too).
//!
//! Ignored by `cargo test`: it compiles the crate a second time (about a
//! minute, the dependencies shared through this target directory). `.ci/run`
//! runs it: `cargo test --test cli -- --ignored throwaway_variable`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The checklist's edits: (file, text after which to insert, inserted text).
const EDITS: &[(&str, &str, &str)] = &[
    (
        "src/module/variables.rs",
        "        value_name: None,\n        terraform_type: \"number\",\n        \
         what: \"Days before a file moves to EFS Infrequent Access\",\n        \
         when_null: WhenNull::DataDefault,\n    },\n",
        "    Variable {\n        name: \"probe_count\",\n        flag: Some(\"--probe-count\"),\n        \
         value_name: Some(\"N\"),\n        terraform_type: \"number\",\n        \
         what: \"Probes of the throwaway variable\",\n        when_null: WhenNull::Unused,\n    },\n",
    ),
    (
        "src/module/variables.rs",
        "    pub task_max_count: Option<u64>,\n",
        "    pub probe_count: Option<u64>,\n",
    ),
    (
        "src/module/variables.rs",
        "            task_max_count: None,\n",
        "            probe_count: None,\n",
    ),
    (
        "src/module/variables.rs",
        "            task_max_count: set.task_max_count.or(self.task_max_count),\n",
        "            probe_count: set.probe_count.or(self.probe_count),\n",
    ),
    (
        "src/module/variables.rs",
        "            \"task_max_count\" => self.task_max_count,\n",
        "            \"probe_count\" => self.probe_count,\n",
    ),
    (
        "src/data/arguments.rs",
        "    pub efs_lifecycle_policy: Option<u64>,\n",
        "    #[serde(skip_serializing_if = \"Option::is_none\")]\n    \
         pub probe_count: Option<u64>,\n",
    ),
    (
        "src/data/tables.rs",
        "    pub task_max_count: Bounds,\n",
        "    pub probe_count: Bounds,\n",
    ),
    (
        "src/data/tables.rs",
        "            \"task_max_count\" => self.task_max_count,\n",
        "            \"probe_count\" => self.probe_count,\n",
    ),
    (
        "profiles.toml",
        "task_max_count = [1]\n",
        "probe_count = [1, 9]\n",
    ),
    (
        "profiles.toml",
        "  { name = \"task_min_count\", type = \"number\", required = false },\n",
        "  { name = \"probe_count\", type = \"number\", required = false },\n",
    ),
];

/// Applies one edit; the anchor must be in the file exactly once.
fn insert_after(text: &str, anchor: &str, inserted: &str, file: &str) -> String {
    assert_eq!(
        text.matches(anchor).count(),
        1,
        "{file}: the anchor {anchor:?} is not there exactly once"
    );
    text.replacen(anchor, &format!("{anchor}{inserted}"), 1)
}

/// The crate's tracked files, copied (the evaluator crates stay where they
/// are: the copy depends on them by path).
fn copy_crate(to: &Path) {
    let listed = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(ROOT)
        .output()
        .expect("git ls-files");
    for file in listed.stdout.split(|b| *b == 0).filter(|f| !f.is_empty()) {
        let file = String::from_utf8_lossy(file);
        if file.starts_with("crates/") || file.starts_with("tests/") {
            continue;
        }
        let from = Path::new(ROOT).join(&*file);
        if !from.is_file() {
            continue;
        }
        let dest = to.join(&*file);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&from, &dest).unwrap();
    }
    // Another package and binary name, so that its build shares the target
    // directory without replacing the binary the other tests run.
    let manifest = std::fs::read_to_string(to.join("Cargo.toml")).unwrap();
    let start = manifest.find("[workspace]").unwrap();
    let end = manifest.find("[dependencies]").unwrap();
    let manifest = format!(
        "{}[workspace]\n\n[lib]\nname = \"pypi_size\"\npath = \"src/lib.rs\"\n\n\
         [[bin]]\nname = \"pypi-size-throwaway\"\npath = \"src/main.rs\"\n\n{}",
        &manifest[..start],
        &manifest[end..]
    )
    .replacen("name = \"pypi-size\"", "name = \"pypi-size-throwaway\"", 1)
    .replace("path = \"crates/", &format!("path = \"{ROOT}/crates/"));
    std::fs::write(to.join("Cargo.toml"), manifest).unwrap();
}

/// The files docs/development.md's "Add a variable" names.
fn checklist_files() -> Vec<String> {
    let doc = std::fs::read_to_string(Path::new(ROOT).join("docs/development.md")).unwrap();
    let section = doc
        .split("## Add a variable")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("docs/development.md has an \"Add a variable\" section");
    section
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| s.contains('.') && !s.contains(' '))
        .map(String::from)
        .collect()
}

struct Patched {
    dir: PathBuf,
    bin: PathBuf,
}

impl Patched {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(&self.bin)
            .args(args)
            .current_dir(&self.dir)
            .env_remove("PYPI_SIZE_PROFILES")
            .output()
            .unwrap()
    }

    fn stdout(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.stdout(args)).unwrap()
    }
}

fn build() -> Patched {
    let dir = std::env::temp_dir().join(format!("pypi-size-throwaway-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_crate(&dir);
    let listed = checklist_files();
    for (file, anchor, inserted) in EDITS {
        assert!(
            listed.iter().any(|l| l == file),
            "the test edits {file}, which docs/development.md's checklist does not name \
             (it names {listed:?})"
        );
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, insert_after(&text, anchor, inserted, file)).unwrap();
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(ROOT).join("target"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--offline", "--bin", "pypi-size-throwaway"])
        .arg("--target-dir")
        .arg(&target)
        .current_dir(&dir)
        .status()
        .expect("cargo build");
    assert!(status.success(), "the patched copy does not build");
    Patched {
        bin: target.join("debug/pypi-size-throwaway"),
        dir,
    }
}

#[test]
#[ignore = "builds a patched copy of the crate; .ci/run runs it"]
fn throwaway_variable_flows_through_every_derived_place() {
    let p = build();

    // The flag, with its help line from the table's row.
    let help = p.stdout(&["capacity", "--help"]);
    assert!(help.contains("--probe-count <N>"), "{help}");
    assert!(
        help.contains("Probes of the throwaway variable (1 to 9) [default: null]"),
        "{help}"
    );
    let refused = p.run(&["capacity", "--probe-count", "x"]);
    assert_eq!(refused.status.code(), Some(2));
    // Its range in [module.limits] is the module's validation, by the table.
    let refused = p.run(&["capacity", "--probe-count", "10"]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("probe_count") && said.contains("1 to 9"),
        "{said}"
    );

    // The request's JSON inputs, and the Terraform writers.
    let flags = ["capacity", "--instance", "c6a.xlarge", "--probe-count", "3"];
    let with = |format: &'static str| [&flags[..], &["--format", format]].concat();
    assert_eq!(p.json(&with("json"))["inputs"]["probe_count"], 3);
    let unset = p.json(&["capacity", "--format", "json"]);
    assert_eq!(unset["inputs"]["probe_count"], Value::Null);
    for format in ["hcl", "tfvars"] {
        let text = p.stdout(&with(format));
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["probe_count", "=", "3"]),
            "{format}: {text}"
        );
    }
    assert_eq!(p.json(&with("tfvars-json"))["probe_count"], 3);
    let compare = p.json(&[
        "compare",
        "--instance",
        "c6a.xlarge,c6a.2xlarge",
        "--probe-count",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(compare["inputs"]["probe_count"], 3);

    // A profile's config.
    let profiles = std::fs::read_to_string(p.dir.join("profiles.toml")).unwrap();
    let anchor = "asg_instance_type = \"c6a.xlarge\"\n";
    let file = p.dir.join("probe-profiles.toml");
    std::fs::write(
        &file,
        insert_after(&profiles, anchor, "probe_count = 2\n", "profiles.toml"),
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let profile = ["--profiles", file, "capacity", "--profile", "heavy"];
    let sized = p.json(&[&profile[..], &["--format", "json"]].concat());
    assert_eq!(sized["inputs"]["probe_count"], 2);
    std::fs::write(
        file,
        insert_after(
            &profiles,
            anchor,
            "probe_count = \"two\"\n",
            "profiles.toml",
        ),
    )
    .unwrap();
    let refused = p.run(&profile);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("probe_count"));

    // check's reading of a module block: the value, and a bad one reported.
    let block = |value: &str| {
        let dir = p.dir.join(format!("block-{}", value.len()));
        std::fs::create_dir_all(&dir).unwrap();
        let main =
            std::fs::read_to_string(Path::new(ROOT).join("tests/fixtures/check/clean/main.tf"))
                .unwrap();
        let main = main.replacen(
            "  asg_max_size",
            &format!("  probe_count = {value}\n  asg_max_size"),
            1,
        );
        std::fs::write(dir.join("main.tf"), main).unwrap();
        let out = p.run(&["check", dir.to_str().unwrap(), "--format", "json"]);
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["modules"][0].clone()
    };
    assert_eq!(block("3")["inputs"]["probe_count"], 3);
    let bad = block("-1");
    let finding = &bad["findings"][0];
    assert_eq!(finding["code"], "invalid_value", "{bad}");
    assert_eq!(finding["variable"], "probe_count", "{bad}");
    assert_eq!(
        bad["inputs"],
        Value::Null,
        "an invalid argument sizes nothing"
    );
    let outside = block("10");
    let finding = &outside["findings"][0];
    assert_eq!(finding["variable"], "probe_count", "{outside}");
    assert_eq!(finding["severity"], "error", "{outside}");

    let _ = std::fs::remove_dir_all(&p.dir);
}
