//! The instance catalog: the embedded one against the shared data set, the
//! importer on real AWS CLI output (tests/fixtures/aws: the shared samples and
//! a hand-made pair for the edge cases), and `--catalog` using what it wrote.

use std::collections::BTreeMap;

use crate::common::{Scratch, fails, fails_cmd, json, pypi_size};
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/aws/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// `catalog import`: (exit code, the catalog written, stderr).
fn import(types: &[&str], prices: &str, extra: &[&str]) -> (i32, String, String) {
    let dir = Scratch::new("import");
    let mut text = String::new();
    for t in types {
        text += &std::fs::read_to_string(fixture(t)).unwrap();
    }
    let types = dir.write("types.json", &text);
    let out = pypi_size()
        .args(["catalog", "import", "--instance-types", &types])
        .args(["--prices", &fixture(prices)])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The [instances] lines of a catalog: name → the line's figures, as
/// written (and checked to parse as TOML).
fn entries(catalog: &str) -> BTreeMap<String, String> {
    let _: toml::Table = catalog.parse().unwrap();
    let (_, instances) = catalog.split_once("\n[instances]\n").unwrap();
    instances
        .lines()
        .map(|l| {
            let (name, figures) = l.split_once(" = ").unwrap();
            (name.trim_matches('"').to_string(), figures.to_string())
        })
        .collect()
}

#[test]
fn instances_lists_every_type_of_the_data_set_the_module_accepts() {
    let csv = std::fs::read_to_string(fixture("instances.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let expected: BTreeMap<String, (u64, u64, f64)> = lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|r| r[col("module_accepts")] == "true")
        .map(|r| {
            let figures = (
                r[col("vcpus")].parse().unwrap(),
                r[col("memory_mib")].parse().unwrap(),
                r[col("hourly_usd_us_east_1")].parse().unwrap(),
            );
            (r[col("instance_type")].to_string(), figures)
        })
        .collect();
    assert_eq!(expected.len(), 622);
    let v = json(&["instances", "--all"]);
    let listed: BTreeMap<String, (u64, u64, f64)> = v["instances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let figures = (
                i["vcpus"].as_u64().unwrap(),
                i["memory_mib"].as_u64().unwrap(),
                i["hourly"].as_f64().unwrap(),
            );
            (
                i["asg_instance_type"].as_str().unwrap().to_string(),
                figures,
            )
        })
        .collect();
    assert_eq!(listed, expected);
    assert_eq!(v["pricing"]["region"], "us-east-1");
    assert_eq!(v["pricing"]["as_of"], "2026-07-20");
    // The guide's worked examples stay exact.
    for (name, price) in [
        ("t3.small", 0.0208),
        ("c6a.large", 0.0765),
        ("c6a.xlarge", 0.153),
        ("c6a.2xlarge", 0.306),
    ] {
        assert_eq!(listed[name].2, price, "{name}");
    }
}

#[test]
fn the_default_listing_is_a_screenful_that_says_how_to_see_the_rest() {
    // The JSON is complete (a script gets every type); the table pages.
    let v = json(&["instances"]);
    assert_eq!(v["instances"].as_array().unwrap().len(), 622);
    assert_eq!(
        (v["matched"].as_u64(), v["omitted"].as_u64()),
        (Some(622), Some(0))
    );
    let out = pypi_size().arg("instances").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("25 of 622 matching instance types"), "{text}");
    assert!(text.contains("--all lists them all"), "{text}");
    assert!(
        text.contains("us-east-1") && text.contains("2026-07-20"),
        "{text}"
    );
}

#[test]
fn a_name_the_module_rejects_says_its_regex_is_why() {
    for args in [
        &["capacity", "--instance", "c6gn.large"][..],
        &["compare", "--instance", "m5zn.large,c6a.large"],
        &["explain", "--instance", "c7i-flex.large"],
    ] {
        fails(
            args,
            2,
            &[
                "is an EC2 instance type",
                "validation rejects",
                r"^[a-z][0-9][a-z]?\.[a-z0-9]+$",
            ],
        );
    }
    for args in [
        &["instances", "--family", "c6gn"][..],
        &["optimize", "--min-workers", "8", "--family", "m5zn"],
        &["compare", "--family", "c7i-flex"],
    ] {
        fails(
            args,
            2,
            &["is EC2's", "validation rejects its names", "^[a-z]"],
        );
    }
}

#[test]
fn the_shared_samples_import_to_the_right_types_and_prices_without_decoys() {
    let types = [
        "describe-instance-types-us-east-1.json",
        "t3_micro.json",
        "c4_large.json",
        "m4_xlarge.json",
    ];
    let (code, catalog, err) = import(&types, "get-products-us-east-1-sample.json", &[]);
    assert_eq!(code, 0, "{err}");
    let got = entries(&catalog);
    // Every type of the fixture states a 2.5 GHz sustained clock (no
    // thread count), which the import keeps for `predict`.
    let line = |v: u64, m: u64, h: &str, a: &str, extra: &str| {
        format!(
            "{{ vcpus = {v}, memory_mib = {m}, hourly = {h}, arch = \"{a}\"{extra}, clock_ghz = 2.5 }}"
        )
    };
    let base = ", baseline_cpu_pct = 20";
    let want: BTreeMap<String, String> = [
        ("c6a.large", line(2, 4096, "0.0765", "x86_64", "")),
        ("c6a.xlarge", line(4, 8192, "0.153", "x86_64", "")),
        ("c7g.xlarge", line(4, 8192, "0.145", "arm64", "")),
        ("m5.large", line(2, 8192, "0.096", "x86_64", "")),
        ("m6i.large", line(2, 8192, "0.096", "x86_64", "")),
        ("r6g.large", line(2, 16384, "0.1008", "arm64", "")),
        ("t3.small", line(2, 2048, "0.0208", "x86_64", base)),
        ("t4g.small", line(2, 2048, "0.0168", "arm64", base)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(got, want);
    let table: toml::Table = catalog.parse().unwrap();
    assert_eq!(table["catalog"]["region"].as_str(), Some("us-east-1"));
    assert_eq!(table["catalog"]["as_of"].as_str(), Some("2026-07-20"));
    let rejected = table["catalog"]["rejected"].as_array().unwrap();
    assert!(rejected.iter().any(|n| n.as_str() == Some("c6gn.large")));
    // Every decoy counted by the filter that excludes it.
    for said in [
        "1 not Linux",
        "1 not shared tenancy",
        "1 capacitystatus not Used",
        "1 with pre-installed software",
        "left out 3 the module accepts without a Linux on-demand price: c4.large, m4.xlarge, t3.micro",
    ] {
        assert!(err.contains(said), "{said}: {err}");
    }
}

#[test]
fn catalog_uses_an_imported_catalog_and_names_its_region_and_date() {
    let (code, catalog, err) = import(
        &["edge-describe-instance-types.json"],
        "edge-get-products.json",
        &["--region", "eu-west-1"],
    );
    assert_eq!(code, 0, "{err}");
    let dir = Scratch::new("catalog-use");
    let path = dir.write("eu-west-1.toml", &catalog);
    let v: Value = serde_json::from_slice(
        &pypi_size()
            .args(["--catalog", &path, "instances", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["pricing"]["region"], "eu-west-1");
    assert_eq!(v["pricing"]["as_of"], "2026-08-04");
    assert_eq!(v["matched"], 4);
    // The environment names the catalog as --catalog does; every command uses it.
    let out = pypi_size()
        .env("PYPI_SIZE_CATALOG", &path)
        .args(["capacity", "--instance", "t3.small", "--asg-min-size", "2"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // 2 × 0.0228 × 730.
    assert_eq!(v["cost"]["at_asg_min_size"]["ec2"], 33.29);
    assert_eq!(v["pricing"]["region"], "eu-west-1");
    let out = pypi_size()
        .args(["--catalog", &path, "optimize", "--min-workers", "8"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("m7g.medium") || text.contains("t3.small"),
        "{text}"
    );
    // A profile on a type the region's catalog lacks says so when used,
    // naming the profile (no --instance was given).
    fails_cmd(
        pypi_size().args(["--catalog", &path, "recommend", "--profile", "heavy"]),
        2,
        &[
            "profile `heavy` is unavailable",
            "c6a.xlarge is not in the catalog",
        ],
    );
}

/// The edge cases: pages concatenated, a document placed by its location,
/// a price of 0, a non-hourly unit, licenses, capacity blocks, other OSes,
/// tenancies and regions, an architecture with no name, a burstable type
/// without a known baseline; the same prices as an offer file with its
/// terms before its products.
#[test]
fn the_edge_pair_imports_exactly() {
    let want: BTreeMap<String, String> = [
        ("m1.small", "{ vcpus = 1, memory_mib = 1740, hourly = 0.047, arch = \"x86_64\", clock_ghz = 2.5 }"),
        ("m7g.medium", "{ vcpus = 1, memory_mib = 4096, hourly = 0.0448, arch = \"arm64\", clock_ghz = 2.5 }"),
        (
            "t3.small",
            "{ vcpus = 2, memory_mib = 2048, hourly = 0.0228, arch = \"x86_64\", baseline_cpu_pct = 20, clock_ghz = 2.5 }",
        ),
        (
            "t5.small",
            "{ vcpus = 2, memory_mib = 2048, hourly = 0.019, arch = \"arm64\", burstable = true, clock_ghz = 2.5 }",
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let types = ["edge-describe-instance-types.json"];
    for prices in ["edge-get-products.json", "edge-offer-file.json"] {
        let (code, catalog, err) = import(&types, prices, &["--region", "eu-west-1"]);
        assert_eq!(code, 0, "{prices}: {err}");
        assert_eq!(entries(&catalog), want, "{prices}");
        assert!(catalog.contains("as_of = \"2026-08-04\""), "{catalog}");
        for said in [
            "1 not Linux",
            "1 not shared tenancy",
            "1 with a license",
            "1 not the on-demand market",
            "1 of another region",
            "2 without an hourly price",
            "left out 3 the module accepts without a Linux on-demand price: c7i.large, m5.large, r7i.large",
            "left out 1 without usable figures: x9.large",
            "c6gn.large",
            "burstable without a known CPU baseline (no credit warnings for them): t5.small",
        ] {
            assert!(err.contains(said), "{prices}: {said}: {err}");
        }
        // Two regions and none chosen: the importer asks which.
        let (code, out, err) = import(&types, prices, &[]);
        assert_eq!(code, 1, "{err}");
        assert!(out.is_empty());
        assert!(
            err.contains("eu-west-1, us-east-1") && err.contains("--region"),
            "{err}"
        );
    }
}

/// The region's gp3 price, where the price list holds it, prices the root
/// volumes; the import says which lines stay at `[pricing]`'s prices.
#[test]
fn the_region_gp3_price_prices_the_root_volumes() {
    let types = ["edge-describe-instance-types.json"];
    for prices in ["gp3-get-products.json", "gp3-offer-file.json"] {
        let (code, catalog, err) = import(&types, prices, &["--region", "eu-west-1"]);
        assert_eq!(code, 0, "{prices}: {err}");
        // The gp2 decoy is not taken.
        assert!(catalog.contains("ebs_gp3_gb_month = 0.088\n"), "{catalog}");
        assert!(
            err.contains("EBS gp3 (the root volumes): 0.088 a GB-month"),
            "{err}"
        );
        assert!(err.contains("EFS and its backup") && err.contains("stay at us-east-1 prices"));
        let dir = Scratch::new("gp3");
        let path = dir.write("eu-west-1.toml", &catalog);
        let out = pypi_size()
            .args(["--catalog", &path, "capacity", "--instance", "t3.small"])
            .args(["--asg-min-size", "2", "--format", "json"])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        // 2 × (30 + 2 × 2048 / 1024) GB × 0.088 = 5.984.
        assert_eq!(v["cost"]["at_asg_min_size"]["root_volumes"], 5.98);
        let said = v["cost"]["assumptions"].to_string();
        assert!(
            said.contains(
                "priced for eu-west-1, every other line but the root volumes at us-east-1"
            ),
            "{said}"
        );
    }
    // Without it, the import says the root volumes stay at [pricing]'s.
    let (code, catalog, err) = import(&types, "edge-get-products.json", &["--region", "eu-west-1"]);
    assert_eq!(code, 0, "{err}");
    assert!(!catalog.contains("ebs_gp3_gb_month"));
    assert!(
        err.contains("no EBS gp3 price in the price list: the root volumes"),
        "{err}"
    );
}

#[test]
fn a_broken_catalog_file_names_its_line() {
    let entry = "\"c6a.xlarge\" = { vcpus = 4, memory_mib = 8192, hourly = 0.153,";
    for (from, to, words) in [
        ("vcpus = 4", "vcpus = 0", &["above 0"][..]),
        ("hourly = 0.153", "hourly = -0.153", &["0 or more"]),
    ] {
        let bad = entry.replacen(from, to, 1);
        let dir = Scratch::new("bad-catalog");
        let f = dir.write(
            "c.toml",
            &pypi_size::EMBEDDED_CATALOG.replacen(entry, &bad, 1),
        );
        let line = pypi_size::EMBEDDED_CATALOG
            .lines()
            .position(|l| l.starts_with(entry))
            .unwrap()
            + 1;
        let location = format!("{f}:{line}:");
        let mut expected = vec![location.as_str()];
        expected.extend(words);
        fails_cmd(
            pypi_size().args(["--catalog", &f, "instances"]),
            1,
            &expected,
        );
    }
    // A name the module rejects cannot be in [instances].
    let f = Scratch::new("bad-catalog");
    let path = f.write(
        "c.toml",
        &pypi_size::EMBEDDED_CATALOG.replacen("\"c6a.xlarge\" =", "\"c6an.xlarge\" =", 1),
    );
    fails_cmd(
        pypi_size().args(["--catalog", &path, "instances"]),
        1,
        &["c6an.xlarge", "not a name the module accepts"],
    );
}

#[test]
fn standard_input_serves_one_file() {
    let types = std::fs::read_to_string(fixture("describe-instance-types-us-east-1.json")).unwrap();
    let out = pypi_size()
        .args(["catalog", "import", "--instance-types", "-"])
        .args(["--prices", &fixture("get-products-us-east-1-sample.json")])
        .write_stdin(types)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("\"c6a.xlarge\" = { vcpus = 4")
    );
    fails(
        &["--catalog", "-", "--profiles", "-", "instances"],
        2,
        &["standard input can be read once", "--catalog"],
    );
    fails(
        &[
            "catalog",
            "import",
            "--instance-types",
            "-",
            "--prices",
            "-",
        ],
        2,
        &["standard input can be read once"],
    );
}
