//! The corpus: roots whose expected results were verified against Terraform
//! 1.0.3, read as Terraform reads them.

use super::*;

// ---------------------------------------------------------------------------
// The corpus: roots whose expected results were verified against Terraform
// 1.0.3 (tests/differential/check_corpus.py re-verifies them).

/// The finding codes that mean Terraform refuses the configuration.
const REFUSALS: [&str; 3] = ["unsupported_argument", "missing_required", "invalid_value"];

/// Each corpus case: pypi-size's exit code and findings as expect.json says,
/// every argument value Terraform computed at plan time, and a refusal
/// exactly where Terraform refuses.
#[test]
fn the_corpus_reads_as_terraform_does() {
    let corpus = std::path::Path::new(FIXTURES).join("corpus");
    let mut cases: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(why) = corpus_case(case) {
            failures.push(format!("{}: {why}", case.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn corpus_case(case: &std::path::Path) -> Result<(), String> {
    let expect: Value =
        serde_json::from_str(&std::fs::read_to_string(case.join("expect.json")).unwrap()).unwrap();
    let args: Vec<&str> = expect["args"]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap()).collect())
        .unwrap_or_default();
    let mut command = pypi_size();
    // Terraform's own arguments from the environment (TF_CLI_ARGS_plan), as
    // expect.json's `env` sets them for both Terraform and pypi-size.
    for (name, value) in expect["env"].as_object().into_iter().flatten() {
        command.env(name, value.as_str().unwrap());
    }
    let out = command
        .arg("check")
        .arg(case)
        .args(&args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if code != expect["check"]["exit"] {
        return Err(format!(
            "exit {code}, expected {}: {stderr}",
            expect["check"]["exit"]
        ));
    }
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let found: Vec<&str> = report["modules"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|m| m["findings"].as_array().unwrap())
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    for wanted in expect["check"]["codes"].as_array().unwrap() {
        if !found.contains(&wanted.as_str().unwrap()) {
            return Err(format!("no {wanted} in {found:?}"));
        }
    }
    let refuses = code == 1 || found.iter().any(|c| REFUSALS.contains(c));
    if expect["terraform"]["accepts"] == refuses {
        return Err(format!(
            "refuses = {refuses}, Terraform: {}",
            expect["terraform"]
        ));
    }
    for (address, values) in expect["values"].as_object().into_iter().flatten() {
        let m = report["modules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["address"] == *address)
            .ok_or_else(|| format!("no module {address}"))?;
        for (name, want) in values.as_object().unwrap() {
            let arg = &m["arguments"][name];
            let agrees = match want.as_str() {
                Some("(unknown)") => arg["state"] == "unknown",
                _ => arg["state"] == "known" && same_value(&arg["value"], want),
            };
            if !agrees {
                return Err(format!("{address}.{name} is {arg}, Terraform: {want}"));
            }
        }
    }
    Ok(())
}

/// JSON values equal as Terraform compares them: numbers by value.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_value(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}
