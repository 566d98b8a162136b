//! What an expression refers to, read from its syntax: the `var.NAME` and
//! `local.NAME` it uses, and whether it is exactly one `var.NAME`.

use hcl::edit::expr::{Expression, Traversal, TraversalOperator};
use hcl::edit::visit::Visit;

/// The `var.NAME` and `local.NAME` an expression refers to, and whether it
/// uses `count.*` or `each.*`.
#[derive(Default)]
pub(super) struct References {
    pub var: Vec<String>,
    pub local: Vec<String>,
    pub instance: bool,
}

impl References {
    pub fn of(expr: &Expression) -> References {
        let mut refs = References::default();
        refs.visit_expr(expr);
        refs
    }
}

impl Visit for References {
    fn visit_traversal(&mut self, node: &Traversal) {
        if let Expression::Variable(root) = &node.expr
            && let Some(TraversalOperator::GetAttr(name)) =
                node.operators.first().map(|o| o.value())
        {
            match root.as_str() {
                "var" => self.var.push(name.to_string()),
                "local" => self.local.push(name.to_string()),
                "count" | "each" => self.instance = true,
                _ => {}
            }
        }
        hcl::edit::visit::visit_traversal(self, node);
    }
}

/// `NAME` of an expression that is exactly `var.NAME`.
pub(super) fn variable_name(expr: &Expression) -> Option<&str> {
    let Expression::Traversal(t) = expr else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    if root.as_str() != "var" || t.operators.len() != 1 {
        return None;
    }
    match t.operators[0].value() {
        TraversalOperator::GetAttr(name) => Some(name.as_str()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(text: &str) -> Expression {
        hcl::edit::parser::parse_expr(text).unwrap()
    }

    #[test]
    fn finds_variables_and_locals_at_any_depth() {
        let refs = References::of(&expr("max(var.a, local.b.c * 2, [var.d])"));
        assert_eq!(refs.var, ["a", "d"]);
        assert_eq!(refs.local, ["b"]);
        assert!(!refs.instance);
        assert!(References::of(&expr("[for x in var.l : x * count.index]")).instance);
        assert_eq!(variable_name(&expr("var.a")), Some("a"));
        assert_eq!(variable_name(&expr("var.a.b")), None);
        assert_eq!(variable_name(&expr("local.a")), None);
    }
}
