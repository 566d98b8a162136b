//! The `module` blocks of a root: each read with its arguments resolved,
//! override files merged over the originals as Terraform merges them, then
//! kept when their `source` is one asked for (or noted when it only looks
//! like pypiserver).

use std::ops::Range;

use hcl::edit::Span;
use hcl::edit::structure::Block;

use super::evaluate::Scope;
use super::parse::Parsed;
use super::{Argument, ModuleBlock, Modules, Root, TfError, variables};

/// The module blocks of a root whose `source` is one of `sources`, with the
/// root's override files merged over them as Terraform merges them (their
/// `source` and `version` too, before the source is matched).
pub fn module_blocks(root: &Root, sources: &[String]) -> Result<Vec<ModuleBlock>, TfError> {
    Ok(read_modules(root, sources)?.blocks)
}

pub fn read_modules(root: &Root, sources: &[String]) -> Result<Modules, TfError> {
    let mut parsed: Vec<Parsed> = root
        .tf_files
        .iter()
        .map(Parsed::new)
        .collect::<Result<_, _>>()?;
    // Override files apply after all others, in their own order.
    parsed.sort_by_key(|p| p.is_override);
    let variables = variables::resolve(&parsed, &root.settings)?;
    let mut scope = Scope::new(&variables);
    scope.resolve_locals(&parsed);
    Ok(select(merged_blocks(&parsed, &scope), sources))
}

/// A module block read, with its `source` if it has one.
type Sourced = (ModuleBlock, Option<String>);

/// Every module block, with override blocks merged into their originals.
fn merged_blocks(parsed: &[Parsed], scope: &Scope) -> Vec<Sourced> {
    let mut all: Vec<Sourced> = Vec::new();
    for file in parsed {
        for block in file.body.get_blocks("module") {
            let Some((read, source)) = read_block(file, block, scope) else {
                continue;
            };
            if !file.is_override {
                all.push((read, source));
            } else if let Some((original, original_source)) =
                all.iter_mut().find(|(b, _)| b.name == read.name)
            {
                // An override block's settings replace the original's.
                original.arguments.extend(read.arguments);
                if read.version.is_some() {
                    original.version = read.version;
                }
                if source.is_some() {
                    *original_source = source;
                }
            }
        }
    }
    all
}

/// One module block, its arguments resolved in `scope`; `None` for a block
/// without a name label.
fn read_block(file: &Parsed, block: &Block, scope: &Scope) -> Option<Sourced> {
    let name = block.labels.first().map(|l| l.as_str().to_string())?;
    let arguments = block
        .body
        .attributes()
        .filter(|a| !matches!(a.key.as_str(), "source" | "version" | "providers"))
        .map(|a| {
            let (value, origin) = scope.resolve(&a.value);
            let argument = Argument {
                value,
                origin,
                location: file.location(a.span()),
            };
            (a.key.to_string(), argument)
        })
        .collect();
    let source = block
        .body
        .get_attribute("source")
        .and_then(|a| a.value.as_str().map(str::to_string));
    let version = block.body.get_attribute("version").and_then(|a| {
        a.value
            .as_str()
            .map(|v| (v.to_string(), file.location(a.span())))
    });
    let read = ModuleBlock {
        name,
        source: String::new(),
        version,
        location: file.location(block_span(block)),
        arguments,
    };
    Some((read, source))
}

/// The blocks whose source is one of `sources`, and the lookalikes; a block
/// without a source is not Terraform's and is left out.
fn select(all: Vec<Sourced>, sources: &[String]) -> Modules {
    let mut modules = Modules {
        blocks: Vec::new(),
        lookalikes: Vec::new(),
    };
    for (mut block, source) in all {
        let Some(source) = source else { continue };
        if sources.iter().any(|s| same_source(s, &source)) {
            block.source = source;
            modules.blocks.push(block);
        } else if source.to_ascii_lowercase().contains("pypiserver") {
            modules.lookalikes.push((block.location, source));
        }
    }
    modules
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

fn block_span(block: &Block) -> Option<Range<usize>> {
    block.ident.span()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::test_support::{SOURCE, root};

    #[test]
    fn registry_sources_match_as_terraform_does() {
        let s = "infrahouse/pypiserver/aws";
        assert!(same_source(
            s,
            "registry.terraform.io/infrahouse/pypiserver/aws"
        ));
        assert!(same_source(s, "InfraHouse/PyPIServer/AWS"));
        assert!(!same_source(
            s,
            "registry.infrahouse.com/infrahouse/pypiserver/aws"
        ));
        assert!(!same_source(s, "infrahouse/pypiserver/gcp"));
        assert!(is_registry_source(
            "registry.infrahouse.com/infrahouse/pypiserver/aws"
        ));
        for not_registry in [
            "./modules/pypi",
            "../pypi",
            "/abs/pypi",
            "git::https://example.com/pypi.git?ref=v2.3.0",
            "github.com/infrahouse/terraform-aws-pypiserver",
            "https://example.com/pypi.zip",
            "s3::https://s3.amazonaws.com/bucket/pypi.zip",
        ] {
            assert!(!is_registry_source(not_registry), "{not_registry}");
        }
    }

    #[test]
    fn local_sources_match_with_or_without_dot_slash() {
        let text = "module \"p\" {\n  source = \"./modules/pypi/\"\n}\n";
        let r = root(&[("main.tf", text)], vec![]);
        assert_eq!(
            module_blocks(&r, &["modules/pypi".into()]).unwrap().len(),
            1
        );
        assert_eq!(module_blocks(&r, &[SOURCE.into()]).unwrap().len(), 0);
    }

    #[test]
    fn an_override_can_change_the_source() {
        let main = "module \"a\" {\n  source = \"s\"\n}\nmodule \"b\" {\n  source = \"other/pypiserver/gcp\"\n}\n";
        let over = "module \"a\" {\n  source = \"other/pypiserver/gcp\"\n}\nmodule \"b\" {\n  source = \"s\"\n}\n";
        let r = root(&[("main.tf", main), ("override.tf", over)], vec![]);
        let m = read_modules(&r, &["s".into()]).unwrap();
        let names: Vec<&str> = m.blocks.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["b"]);
        assert_eq!(m.lookalikes.len(), 1);
    }
}
