//! What a module block's `source` names: the pypiserver module (its
//! registry addresses, any git or GitHub form of its repository, or a local
//! copy named with --module-source), a local module to follow, or another
//! module.

/// The sources that mean the pypiserver module.
#[derive(Debug, Clone)]
pub struct Wanted {
    /// Registry addresses, and local paths that stand for the module.
    pub sources: Vec<String>,
    /// Its repository as `host/owner/name` (`github.com/infrahouse/...`).
    pub repository: String,
    /// One block per instance of every known `count` or `for_each` (as
    /// `diff` pairs them), not only where the arguments use `count.index`
    /// or `each.*`.
    pub every_instance: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The module; from git, with the `ref` if one is given.
    Pypiserver {
        git: bool,
        git_ref: Option<String>,
    },
    /// A local module (`./...`, `../...`) to read.
    Local(String),
    Other,
}

/// What `source` names.
pub fn classify(source: &str, wanted: &Wanted) -> Source {
    if wanted.sources.iter().any(|s| same_source(s, source)) {
        return Source::Pypiserver {
            git: false,
            git_ref: None,
        };
    }
    if let Some((repository, git_ref)) = git_repository(source)
        && repository.eq_ignore_ascii_case(&wanted.repository)
    {
        return Source::Pypiserver { git: true, git_ref };
    }
    if source.starts_with("./") || source.starts_with("../") {
        return Source::Local(source.to_string());
    }
    Source::Other
}

/// The repository (`github.com/owner/name`) and `ref` of a git or GitHub
/// source: `github.com/o/n`, `git::https://github.com/o/n.git`,
/// `git::ssh://git@github.com/o/n.git`, `git@github.com:o/n.git`, each
/// with an optional `?ref=...`.
fn git_repository(source: &str) -> Option<(String, Option<String>)> {
    let (address, query) = match source.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (source, None),
    };
    let git_ref = query.and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("ref="))
            .map(str::to_string)
    });
    let forced = address.strip_prefix("git::");
    let rest = forced.unwrap_or(address);
    let path = if let Some(r) = rest.strip_prefix("git@") {
        // scp-like: git@github.com:owner/name
        r.replacen(':', "/", 1)
    } else if let Some(r) = rest
        .strip_prefix("https://")
        .or_else(|| rest.strip_prefix("ssh://"))
        .filter(|_| forced.is_some())
    {
        r.strip_prefix("git@").unwrap_or(r).to_string()
    } else if forced.is_none() && rest.to_ascii_lowercase().starts_with("github.com/") {
        rest.to_string()
    } else {
        return None;
    };
    let path = path.trim_end_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    (path.split('/').count() == 3).then(|| (path.to_string(), git_ref))
}

/// A module registry address: `[hostname/]namespace/name/provider`, with no
/// scheme, `::` forced getter, query, or local path. Only these take `version`.
pub fn is_registry_source(source: &str) -> bool {
    let local = source.starts_with("./") || source.starts_with("../") || source.starts_with('/');
    let parts: Vec<&str> = source.split('/').collect();
    !local
        && !source.contains("::")
        && !source.contains("://")
        && !source.contains('?')
        && parts.iter().all(|p| !p.is_empty())
        // namespace/name/provider (a namespace has no dot: `github.com/x/y`
        // is GitHub), or a hostname before them.
        && match parts.len() {
            3 => !parts[0].contains('.'),
            4 => parts[0].contains('.') || parts[0].contains(':') || parts[0] == "localhost",
            _ => false,
        }
}

/// Whether two sources name the same module: registry addresses compare
/// without case and without the default `registry.terraform.io/` host, as
/// Terraform does; local paths compare with or without `./` and a final `/`.
fn same_source(wanted: &str, found: &str) -> bool {
    let norm = |s: &str| {
        let s = s.trim();
        if is_registry_source(s) {
            let lower = s.to_ascii_lowercase();
            lower
                .strip_prefix("registry.terraform.io/")
                .map(str::to_string)
                .unwrap_or(lower)
        } else {
            let s = s.trim_end_matches('/');
            s.strip_prefix("./").unwrap_or(s).to_string()
        }
    };
    norm(wanted) == norm(found)
}

/// A local module's directory: `source` joined to the calling module's
/// directory, `.` and `..` resolved in the text.
pub fn join(dir: &str, source: &str) -> String {
    let mut parts: Vec<&str> = if dir.starts_with('/') {
        vec![""]
    } else {
        Vec::new()
    };
    let mut ups = 0;
    for part in dir.split('/').chain(source.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| !p.is_empty()) {
                    parts.pop();
                } else if parts.is_empty() {
                    ups += 1;
                }
            }
            p => parts.push(p),
        }
    }
    let mut out: Vec<&str> = std::iter::repeat_n("..", ups).collect();
    out.extend(parts);
    match out.join("/") {
        s if s.is_empty() => ".".to_string(),
        s if dir.starts_with('/') && !s.starts_with('/') => format!("/{s}"),
        s => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted() -> Wanted {
        Wanted {
            every_instance: false,
            sources: vec![
                "infrahouse/pypiserver/aws".into(),
                "registry.infrahouse.com/infrahouse/pypiserver/aws".into(),
            ],
            repository: "github.com/infrahouse/terraform-aws-pypiserver".into(),
        }
    }

    #[test]
    fn every_form_of_the_module() {
        let pypi = |git_ref: Option<&str>| Source::Pypiserver {
            git: true,
            git_ref: git_ref.map(str::to_string),
        };
        for (source, expected) in [
            (
                "git::https://github.com/infrahouse/terraform-aws-pypiserver.git?ref=2.3.0",
                pypi(Some("2.3.0")),
            ),
            (
                "git::ssh://git@github.com/infrahouse/terraform-aws-pypiserver.git?ref=v2.2.0",
                pypi(Some("v2.2.0")),
            ),
            (
                "git@github.com:infrahouse/terraform-aws-pypiserver.git",
                pypi(None),
            ),
            (
                "github.com/infrahouse/terraform-aws-pypiserver?ref=2.3.0",
                pypi(Some("2.3.0")),
            ),
            ("github.com/InfraHouse/terraform-aws-pypiserver", pypi(None)),
            (
                "registry.terraform.io/InfraHouse/PyPIServer/aws",
                Source::Pypiserver {
                    git: false,
                    git_ref: None,
                },
            ),
            ("./platform", Source::Local("./platform".into())),
            ("../modules/x", Source::Local("../modules/x".into())),
            (
                "git::https://github.com/example/terraform-aws-pypiserver.git",
                Source::Other,
            ),
            (
                "https://github.com/infrahouse/terraform-aws-pypiserver",
                Source::Other,
            ),
            ("terraform-aws-modules/vpc/aws", Source::Other),
        ] {
            assert_eq!(classify(source, &wanted()), expected, "{source}");
        }
    }

    #[test]
    fn local_paths_join_as_directories() {
        assert_eq!(join(".", "./platform"), "platform");
        assert_eq!(join("tests/fx/root", "../shared/m"), "tests/fx/shared/m");
        assert_eq!(join("a", "../../b"), "../b");
        assert_eq!(join("/abs/root", "./m/"), "/abs/root/m");
        assert_eq!(join("x", ".."), ".");
    }

    #[test]
    fn registry_sources_match_as_terraform_does() {
        let s = "infrahouse/pypiserver/aws";
        assert!(same_source(
            s,
            "registry.terraform.io/infrahouse/pypiserver/aws"
        ));
        assert!(!same_source(
            s,
            "registry.infrahouse.com/infrahouse/pypiserver/aws"
        ));
        assert!(!same_source(s, "infrahouse/pypiserver/gcp"));
        for not_registry in [
            "./modules/pypi",
            "/abs/pypi",
            "git::https://example.com/pypi.git?ref=v2.3.0",
            "github.com/infrahouse/terraform-aws-pypiserver",
        ] {
            assert!(!is_registry_source(not_registry), "{not_registry}");
        }
    }
}
