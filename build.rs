//! Puts the module version the embedded profiles.toml models, and the date
//! of its prices, into `--version`.

fn main() {
    println!("cargo:rerun-if-changed=profiles.toml");
    let text = std::fs::read_to_string("profiles.toml").expect("profiles.toml at the crate root");
    let data: toml::Table = text.parse().expect("profiles.toml is TOML");
    let get = |table: &str, key: &str| {
        data.get(table)
            .and_then(|t| t.get(key))
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("profiles.toml lacks [{table}] {key}"))
            .to_string()
    };
    println!(
        "cargo:rustc-env=PYPI_SIZE_MODULE={} {}",
        get("module", "source"),
        get("module", "version")
    );
    println!(
        "cargo:rustc-env=PYPI_SIZE_PRICES_REGION={}",
        get("pricing", "region")
    );
    println!(
        "cargo:rustc-env=PYPI_SIZE_PRICES_AS_OF={}",
        get("pricing", "as_of")
    );
}
