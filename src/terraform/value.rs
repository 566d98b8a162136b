//! One expression evaluated with hcl-rs, within bounds: a result must be
//! finite and of a size worth evaluating. Also the conversion of a value to
//! the JSON the rest of the crate reports.

use hcl::edit::expr::Expression as EditExpression;
use hcl::eval::{Context, Evaluate};

/// Evaluates an expression with hcl-rs, refusing a result that is not a
/// finite number. hcl-rs computes `1e308 * 10` as +infinity (and asserts
/// against it in debug builds), which would otherwise reach the arithmetic as
/// a null; here it is an error that says so.
pub(super) fn evaluate(expr: &EditExpression, context: &Context<'_>) -> Result<hcl::Value, String> {
    let converted: hcl::Expression = expr.clone().into();
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| converted.evaluate(context)));
    match result {
        Err(_) => Err(OVERFLOW.to_string()),
        Ok(Err(e)) => Err(e.to_string()),
        Ok(Ok(value)) if !finite(&value) => Err(OVERFLOW.to_string()),
        // Values that double at each step (`[local.a, local.a]`) would
        // exhaust memory long before they mean anything for sizing.
        Ok(Ok(value)) if size_over(&value, MAX_VALUE_SIZE) => Err(format!(
            "its value is {TOO_LARGE} ({MAX_VALUE_SIZE} elements or bytes)"
        )),
        Ok(Ok(value)) => Ok(value),
    }
}

/// Whether an error (or a message quoting it) is the refusal of a value too
/// large to evaluate, which callers treat as unknown rather than fatal.
pub(super) fn too_large(message: &str) -> bool {
    message.contains(TOO_LARGE)
}

/// The words [`too_large`] recognises, kept in one place with the message.
const TOO_LARGE: &str = "larger than pypi-size evaluates";

/// The most elements (and string bytes) a value may hold.
const MAX_VALUE_SIZE: usize = 100_000;

/// Whether a value holds more than `budget` elements and string bytes,
/// stopping as soon as it does.
fn size_over(value: &hcl::Value, budget: usize) -> bool {
    fn walk(v: &hcl::Value, left: &mut usize) -> bool {
        let cost = match v {
            hcl::Value::String(s) => s.len().max(1),
            _ => 1,
        };
        if cost > *left {
            return true;
        }
        *left -= cost;
        match v {
            hcl::Value::Array(items) => items.iter().any(|i| walk(i, left)),
            hcl::Value::Object(map) => map.iter().any(|(k, v)| {
                *left = left.saturating_sub(k.len());
                walk(v, left)
            }),
            _ => false,
        }
    }
    let mut left = budget;
    walk(value, &mut left)
}

const OVERFLOW: &str = "its arithmetic does not give a finite number";

fn finite(value: &hcl::Value) -> bool {
    match value {
        hcl::Value::Number(n) => n.as_f64().is_some_and(f64::is_finite),
        hcl::Value::Array(items) => items.iter().all(finite),
        hcl::Value::Object(map) => map.values().all(finite),
        _ => true,
    }
}

pub(super) fn to_json(value: &hcl::Value) -> serde_json::Value {
    // hcl::Value serializes to the JSON shape Terraform uses for tfvars.json.
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use crate::terraform::test_support::root;
    use crate::terraform::{Resolved, Root, TfFile, module_blocks};

    /// An argument whose arithmetic overflows is unknown, with the reason,
    /// never a null that would pass for the module default.
    #[test]
    fn arithmetic_that_overflows_is_unknown() {
        let text = "locals {\n  big = 1e308 * 10\n}\n\nmodule \"p\" {\n  source       = \"s\"\n  asg_max_size = local.big\n  asg_min_size = 1e308 + 1e308\n}\n";
        let root = Root {
            tf_files: vec![TfFile {
                path: "main.tf".into(),
                text: text.into(),
            }],
            settings: vec![],
        };
        let blocks = module_blocks(&root, &["s".into()]).unwrap();
        for name in ["asg_max_size", "asg_min_size"] {
            match &blocks[0].arguments[name].value {
                Resolved::Unknown { reason } => assert!(reason.contains("finite"), "{reason}"),
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn values_that_double_are_refused_not_built() {
        let mut text = String::from("locals {\n  a0 = [1, 2, 3, 4, 5, 6, 7, 8]\n");
        for i in 1..40 {
            text.push_str(&format!("  a{i} = [local.a{}, local.a{}]\n", i - 1, i - 1));
        }
        text.push_str("}\nmodule \"p\" {\n  source = \"s\"\n  asg_subnets = local.a39\n}\n");
        let b = &module_blocks(&root(&[("main.tf", &text)], vec![]), &["s".into()]).unwrap()[0];
        match &b.arguments["asg_subnets"].value {
            Resolved::Unknown { reason } => assert!(reason.contains("local.a"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }
}
