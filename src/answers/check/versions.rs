//! The module version a block asks for (`version`, or a git source's
//! `?ref=`), against the version whose arithmetic pypi-size models.

use crate::answers::warnings::Severity;
use crate::data::Tables;
use tf_eval::ModuleBlock;

use super::Finding;

/// A `version` constraint that does not allow the module version whose
/// arithmetic pypi-size models.
pub(super) fn version_constraint(
    tables: &Tables,
    block: &ModuleBlock,
    findings: &mut Vec<Finding>,
) {
    let modelled = &tables.module.version;
    let Some((constraint, location)) = &block.version else {
        if block.git.is_some() {
            findings.push(unpinned_git(block, modelled, "has no ?ref="));
        }
        return;
    };
    let (what, fix_what) = if block.git.is_some() {
        (format!("?ref={constraint}"), format!("use ?ref={modelled}"))
    } else {
        (
            format!("version = \"{constraint}\""),
            format!("allow {modelled}"),
        )
    };
    match tf_eval::version::allows(constraint, modelled) {
        Some(false) => findings.push(Finding {
            severity: Severity::Warning,
            code: "module_version_differs",
            message: format!(
                "{what} does not allow {modelled}, the module version pypi-size's arithmetic \
                 models: another version may size differently"
            ),
            fix: format!(
                "{fix_what}, or check with a profiles.toml written for your version \
                 (--profiles)"
            ),
            argument: Some("version".into()),
            location: location.clone(),
        }),
        None if block.git.is_some() => {
            findings.push(unpinned_git(
                block,
                modelled,
                &format!("uses {what}, not a version tag,"),
            ));
        }
        _ => {}
    }
}

/// A git source that names no version: which one Terraform fetches is not known.
fn unpinned_git(block: &ModuleBlock, modelled: &str, how: &str) -> Finding {
    Finding {
        severity: Severity::Warning,
        code: "module_version_unknown",
        message: format!(
            "the git source {how} so the module version is not known; pypi-size's arithmetic \
             models {modelled}"
        ),
        fix: format!("pin the source with ?ref={modelled}"),
        argument: Some("source".into()),
        location: block.location.clone(),
    }
}
