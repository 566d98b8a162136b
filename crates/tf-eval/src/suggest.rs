//! "Did you mean": the known names closest to a mistyped one (an argument
//! name here; pypi-size uses it for instance types and profile names too).

/// The known names closest to `wanted`, best first: at most three, and only
/// those close enough to be a plausible typo.
pub fn nearest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let wanted = wanted.to_ascii_lowercase();
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .map(|name| (strsim::jaro_winkler(&wanted, name), name))
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    // Best score first; equal scores in name order, so the answer is stable.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, name)| name.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 5] = [
        "c6a.large",
        "c6a.xlarge",
        "c6a.2xlarge",
        "t3.small",
        "c7a.xlarge",
    ];

    #[test]
    fn a_typo_finds_the_intended_name_first() {
        assert_eq!(nearest("c6a.xlarg", NAMES)[0], "c6a.xlarge");
        assert_eq!(nearest("t3.smal", NAMES)[0], "t3.small");
        assert_eq!(nearest("C6A.XLARGE", NAMES)[0], "c6a.xlarge");
    }

    #[test]
    fn nothing_close_suggests_nothing() {
        assert!(nearest("banana", NAMES).is_empty());
    }

    #[test]
    fn at_most_three() {
        assert!(nearest("c6a.xlarge", NAMES).len() <= 3);
    }
}
