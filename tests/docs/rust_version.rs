//! The minimum Rust pypi-size claims is true: no locked dependency needs a
//! newer one (comfy-table 8.0.1 needs 1.88, which 1.85 did not build), both
//! crates claim the same, and the README says it. The dependencies' own
//! manifests are read where cargo unpacked them for the build.

use std::path::PathBuf;

/// A `rust-version` as numbers: "1.88" → [1, 88, 0].
fn parse(version: &str) -> Vec<u64> {
    let mut parts: Vec<u64> = version
        .trim()
        .split('.')
        .map(|p| {
            p.parse()
                .unwrap_or_else(|_| panic!("rust-version {version:?}"))
        })
        .collect();
    parts.resize(3, 0);
    parts
}

/// Where cargo unpacks registry crates: $CARGO_HOME/registry/src/*/.
fn registry_dirs() -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    std::fs::read_dir(home.join("registry/src"))
        .map(|dirs| dirs.filter_map(|d| Some(d.ok()?.path())).collect())
        .unwrap_or_default()
}

/// A manifest's `package.rust-version`, if it has one.
fn rust_version_of(manifest: &str) -> Option<String> {
    let doc: toml::Table = toml::from_str(manifest).ok()?;
    doc.get("package")?
        .get("rust-version")?
        .as_str()
        .map(String::from)
}

#[test]
fn no_locked_dependency_needs_a_newer_rust_than_ours() {
    let ours = env!("CARGO_PKG_RUST_VERSION");
    let lock: toml::Table = toml::from_str(include_str!("../../Cargo.lock")).unwrap();
    let dirs = registry_dirs();
    let mut read = Vec::new();
    let mut newer = Vec::new();
    for package in lock["package"].as_array().unwrap() {
        if package.get("source").is_none() {
            continue; // ours: the workspace's crates
        }
        let (name, version) = (
            package["name"].as_str().unwrap(),
            package["version"].as_str().unwrap(),
        );
        // A crate of another platform is not unpacked here; the rest are.
        let Some(manifest) = dirs.iter().find_map(|d| {
            std::fs::read_to_string(d.join(format!("{name}-{version}/Cargo.toml"))).ok()
        }) else {
            continue;
        };
        read.push(name.to_string());
        if let Some(needs) = rust_version_of(&manifest)
            && parse(&needs) > parse(ours)
        {
            newer.push(format!("{name} {version} needs {needs}"));
        }
    }
    // The test reads the build's dependencies, not nothing.
    for needed in ["clap", "comfy-table", "serde", "toml"] {
        assert!(
            read.iter().any(|n| n == needed),
            "{needed} not unpacked: {read:?}"
        );
    }
    assert!(
        newer.is_empty(),
        "rust-version {ours} is too low: {newer:?}"
    );
}

#[test]
fn both_crates_and_the_readme_claim_the_same_rust() {
    let ours = env!("CARGO_PKG_RUST_VERSION");
    let tf_eval = include_str!("../../crates/tf-eval/Cargo.toml");
    assert_eq!(rust_version_of(tf_eval).as_deref(), Some(ours));
    let readme = include_str!("../../README.md");
    assert!(
        readme.contains(&format!("Rust {ours} or later")),
        "README.md does not say Rust {ours} or later"
    );
}

#[test]
fn versions_compare_by_number() {
    assert!(parse("1.88") > parse("1.85"));
    assert!(parse("1.100") > parse("1.88"));
    assert!(parse("1.88.1") > parse("1.88"));
    assert_eq!(parse("1.88"), parse("1.88.0"));
}
