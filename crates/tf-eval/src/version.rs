//! Terraform's module version constraints (`= 2.3.0`, `~> 2.3`, `>= 2.0, < 3`),
//! to tell whether a block's `version` allows the module version pypi-size's
//! arithmetic models.

/// Whether `constraint` allows `version`; `None` when either cannot be read.
pub fn allows(constraint: &str, version: &str) -> Option<bool> {
    let version = parse(version)?;
    let mut all = true;
    for part in constraint.split(',') {
        all &= allows_one(part.trim(), version)?;
    }
    Some(all)
}

fn allows_one(constraint: &str, v: [u64; 3]) -> Option<bool> {
    let (op, rest) = ["!=", ">=", "<=", "~>", "=", ">", "<"]
        .iter()
        .find_map(|op| constraint.strip_prefix(op).map(|r| (*op, r.trim())))
        .unwrap_or(("=", constraint));
    let segments = rest.split('.').count();
    let bound = parse(rest)?;
    Some(match op {
        "=" => v == bound,
        "!=" => v != bound,
        ">" => v > bound,
        ">=" => v >= bound,
        "<" => v < bound,
        "<=" => v <= bound,
        // Pessimistic: the last given segment may grow; the one before it may not.
        _ => {
            let mut upper = bound;
            let bump = segments.saturating_sub(2).min(2);
            upper[bump] = upper[bump].checked_add(1)?;
            for s in &mut upper[bump + 1..] {
                *s = 0;
            }
            v >= bound && v < upper
        }
    })
}

/// `1`, `1.2` or `1.2.3` (a `v` prefix allowed); a pre-release is not read.
fn parse(text: &str) -> Option<[u64; 3]> {
    let text = text.trim().trim_start_matches('v');
    if text.is_empty() || text.contains(['-', '+']) {
        return None;
    }
    let mut out = [0u64; 3];
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() > 3 {
        return None;
    }
    for (slot, part) in out.iter_mut().zip(&parts) {
        *slot = part.parse().ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::allows;

    #[test]
    fn terraform_constraints() {
        for (constraint, expected) in [
            ("2.3.0", true),
            ("= 2.3.0", true),
            ("2.3.1", false),
            ("!= 2.3.0", false),
            (">= 2.0", true),
            (">= 2.0, < 2.3", false),
            ("> 2.2.9, <= 2.3.0", true),
            ("~> 2.3", true),
            ("~> 2.0", true),
            ("~> 2.3.0", true),
            ("~> 2.2.0", false),
            ("~> 1.0", false),
            ("~> 2", true),
            ("~> 3", false),
        ] {
            assert_eq!(allows(constraint, "2.3.0"), Some(expected), "{constraint}");
        }
        assert_eq!(allows("~> banana", "2.3.0"), None);
        assert_eq!(allows(">= 2.0", "2.3.0-beta"), None);
    }
}
