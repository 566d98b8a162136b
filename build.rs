//! Turns the embedded data into what the binary reads without parsing TOML:
//! catalog.toml into static Rust data (`catalog.rs`), profiles.toml into
//! JSON (`profiles.json`, read with serde_json, many times faster than TOML).
//! Puts the module version and the catalog's region and price date into
//! `--version`. The data's own checks run when it is loaded; the tests load
//! both from their TOML and compare.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=profiles.toml");
    println!("cargo:rerun-if-changed=catalog.toml");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let profiles = read("profiles.toml");
    let catalog = read("catalog.toml");
    let get = |data: &toml::Table, table: &str, key: &str| {
        data.get(table)
            .and_then(|t| t.get(key))
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("lacks [{table}] {key}"))
            .to_string()
    };
    println!(
        "cargo:rustc-env=PYPI_SIZE_MODULE={} {}",
        get(&profiles, "module", "source"),
        get(&profiles, "module", "version")
    );
    println!(
        "cargo:rustc-env=PYPI_SIZE_PRICES_REGION={}",
        get(&catalog, "catalog", "region")
    );
    println!(
        "cargo:rustc-env=PYPI_SIZE_PRICES_AS_OF={}",
        get(&catalog, "catalog", "as_of")
    );
    let pattern = profiles["module"]["limits"]["asg_instance_type"]
        .as_str()
        .expect("[module.limits] asg_instance_type");
    let pattern = regex_lite::Regex::new(pattern).expect("a regex");
    write(&out, "catalog.rs", &catalog_rs(&catalog, &pattern));
    write(&out, "profiles.json", &profiles_json(profiles));
}

fn read(path: &str) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.parse().unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn write(dir: &str, name: &str, text: &str) {
    std::fs::write(Path::new(dir).join(name), text).expect("OUT_DIR is writable");
}

/// The catalog as static data for src/data/catalog.rs.
fn catalog_rs(catalog: &toml::Table, pattern: &regex_lite::Regex) -> String {
    let meta = catalog["catalog"].as_table().expect("[catalog]");
    let text = |key: &str| format!("{:?}", meta[key].as_str().expect(key));
    let mut rs = format!(
        "const EMBEDDED_META: CatalogMeta = CatalogMeta {{ region: Cow::Borrowed({}), \
         currency: Cow::Borrowed({}), as_of: Cow::Borrowed({}), source: Cow::Borrowed({}), ebs_gp3_gb_month: None }};\n",
        text("region"),
        text("currency"),
        text("as_of"),
        text("source")
    );
    // Names as one text and where each ends, instances as plain values:
    // static data without pointers, which the loader does not relocate.
    let mut instances: Vec<_> = catalog["instances"]
        .as_table()
        .expect("[instances]")
        .iter()
        .collect();
    instances.sort_by(|a, b| a.0.cmp(b.0));
    let names: Vec<&str> = instances.iter().map(|(n, _)| n.as_str()).collect();
    rs += &name_table("EMBEDDED_NAMES", "EMBEDDED_NAME_ENDS", &names);
    let _ = writeln!(
        rs,
        "static EMBEDDED_INSTANCES: [Instance; {}] = [",
        instances.len()
    );
    for (name, i) in instances {
        assert!(
            pattern.is_match(name),
            "catalog.toml: {name} fails the module's regex"
        );
        let int = |k: &str| i[k].as_integer().filter(|v| *v > 0).expect(k);
        let float = |k: &str| {
            i.get(k)
                .map(|v| v.as_float().or(v.as_integer().map(|n| n as f64)).expect(k))
        };
        let arch = match i["arch"].as_str() {
            Some("x86_64") => "X86_64",
            Some("arm64") => "Arm64",
            other => panic!("catalog.toml: {name}: arch {other:?}"),
        };
        let burstable = i
            .get("burstable")
            .and_then(|b| b.as_bool())
            .unwrap_or(false);
        let known = [
            "vcpus",
            "memory_mib",
            "hourly",
            "arch",
            "baseline_cpu_pct",
            "burstable",
            "clock_ghz",
            "threads_per_core",
        ];
        assert!(
            i.as_table()
                .unwrap()
                .keys()
                .all(|k| known.contains(&k.as_str()))
        );
        let _ = writeln!(
            rs,
            "    embedded({}, {}, {:?}, Arch::{arch}, {:?}, {burstable}, ({:?}, {:?})), // {name}",
            int("vcpus"),
            int("memory_mib"),
            float("hourly").expect("hourly"),
            float("baseline_cpu_pct"),
            float("clock_ghz"),
            i.get("threads_per_core")
                .map(|v| v.as_integer().filter(|v| *v > 0).expect("threads_per_core") as u64),
        );
    }
    rs += "];\n";
    let mut rejected: Vec<&str> = meta
        .get("rejected")
        .and_then(|r| r.as_array())
        .map(|a| a.iter().map(|n| n.as_str().expect("a name")).collect())
        .unwrap_or_default();
    rejected.sort();
    rejected.dedup();
    for name in &rejected {
        assert!(
            !pattern.is_match(name),
            "catalog.toml: rejected {name} passes"
        );
    }
    rs + &name_table("EMBEDDED_REJECTED", "EMBEDDED_REJECTED_ENDS", &rejected)
}

/// Sorted names as one `&str` constant and a static array of where each ends.
fn name_table(text: &str, ends: &str, names: &[&str]) -> String {
    let mut end = 0u32;
    let ends_list: Vec<String> = names
        .iter()
        .map(|n| {
            end += n.len() as u32;
            end.to_string()
        })
        .collect();
    format!(
        "const {text}: &str = {:?};\nstatic {ends}: [u32; {}] = [{}];\n",
        names.concat(),
        names.len(),
        ends_list.join(", ")
    )
}

/// profiles.toml as JSON. Its instance-type fields carry a source position
/// (toml's `Spanned`); serde_json reads one from the struct form it uses.
fn profiles_json(mut profiles: toml::Table) -> String {
    assert!(
        !profiles.contains_key("instances"),
        "profiles.toml: instance types belong in catalog.toml"
    );
    let mut json = serde_json::to_value(&profiles).expect("TOML is JSON");
    spanned(&mut json["module"]["defaults"]["asg_instance_type"]);
    for p in json["profiles"].as_array_mut().expect("[[profiles]]") {
        spanned(&mut p["config"]["asg_instance_type"]);
    }
    profiles.clear();
    json.to_string()
}

fn spanned(value: &mut serde_json::Value) {
    let inner = value.take();
    *value = serde_json::json!({
        "$__serde_spanned_private_start": 0,
        "$__serde_spanned_private_end": 0,
        "$__serde_spanned_private_value": inner,
    });
}
