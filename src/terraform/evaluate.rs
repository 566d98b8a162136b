//! The scope expressions are evaluated in (`var.*` and `local.*`), the
//! evaluation of `locals` in dependency order, and the resolution of a module
//! argument to a known value or an unknown one with the reason.

use std::collections::{BTreeMap, HashSet};

use hcl::edit::expr::Expression as EditExpression;
use hcl::edit::visit_mut::VisitMut;
use hcl::eval::Context;

use super::Resolved;
use super::functions::declare_functions;
use super::parse::Parsed;
use super::references::{References, variable_name};
use super::value::{self, to_json};
use super::variables::VariableValue;

type Values = hcl::Map<String, hcl::Value>;

/// What expressions are evaluated against: `var.*` and `local.*`. Each
/// evaluation gets a context holding only the names its expression refers
/// to, so a large tree costs no more per expression than a small one.
pub(super) struct Scope<'a> {
    variables: &'a BTreeMap<String, VariableValue>,
    locals: Values,
    /// Locals that never resolved, with why.
    unresolved_locals: BTreeMap<String, String>,
}

impl<'a> Scope<'a> {
    pub fn new(variables: &'a BTreeMap<String, VariableValue>) -> Scope<'a> {
        Scope {
            variables,
            locals: hcl::Map::new(),
            unresolved_locals: BTreeMap::new(),
        }
    }

    fn evaluate(&self, expr: &EditExpression) -> Result<hcl::Value, String> {
        let refs = References::of(expr);
        let pick = |names: &[String], get: &dyn Fn(&str) -> Option<hcl::Value>| {
            names
                .iter()
                .filter_map(|n| get(n).map(|v| (n.clone(), v)))
                .collect::<Values>()
        };
        let vars = pick(&refs.var, &|n| {
            self.variables.get(n).and_then(|v| v.value.clone())
        });
        let locals = pick(&refs.local, &|n| self.locals.get(n).cloned());
        let first = value::evaluate(expr, &context(vars.clone(), locals.clone()));
        match first {
            // Terraform converts a numeric string where arithmetic needs a
            // number ("4" * 128); hcl-rs does not, so try once more with
            // such strings as numbers.
            Err(e) if e.contains("not applicable to") => {
                let mut numeric = expr.clone();
                NumericStrings.visit_expr_mut(&mut numeric);
                let numbers =
                    |m: Values| m.into_iter().map(|(k, v)| (k, numeric_value(v))).collect();
                value::evaluate(&numeric, &context(numbers(vars), numbers(locals))).map_err(|_| e)
            }
            other => other,
        }
    }

    /// Evaluates the `locals` blocks, each after the locals it refers to
    /// (they may come in any order), by an explicit depth-first walk: linear
    /// in the locals, and a long chain cannot overflow the stack. A local in a
    /// cycle, or that cannot be evaluated, is kept with the reason.
    pub fn resolve_locals(&mut self, parsed: &[Parsed]) {
        // By name: a local in an override file replaces the original.
        let mut defs: BTreeMap<String, &EditExpression> = BTreeMap::new();
        for attr in parsed
            .iter()
            .flat_map(|p| p.body.get_blocks("locals"))
            .flat_map(|b| b.body.attributes())
        {
            defs.insert(attr.key.to_string(), &attr.value);
        }
        let mut on_path = HashSet::new();
        for root in defs.keys() {
            let mut stack = vec![(root.clone(), false)];
            while let Some((name, expanded)) = stack.pop() {
                if self.is_done(&name) {
                    continue;
                }
                let expr = defs[&name];
                if expanded {
                    on_path.remove(&name);
                    self.settle_local(name, expr);
                    continue;
                }
                if !on_path.insert(name.clone()) {
                    self.unresolved_locals
                        .insert(name, "it refers to itself through other locals".into());
                    continue;
                }
                stack.push((name, true));
                for r in References::of(expr).local {
                    if defs.contains_key(&r) && !self.is_done(&r) {
                        stack.push((r, false));
                    }
                }
            }
        }
    }

    /// Whether a local has been evaluated, or given up on.
    fn is_done(&self, name: &str) -> bool {
        self.locals.contains_key(name) || self.unresolved_locals.contains_key(name)
    }

    /// Evaluates a local whose own references are settled, keeping the value
    /// or why there is none.
    fn settle_local(&mut self, name: String, expr: &EditExpression) {
        match self.evaluate(expr) {
            Ok(value) => {
                self.locals.insert(name, value);
            }
            Err(e) => {
                self.unresolved_locals.insert(name, e);
            }
        }
    }

    /// A module argument's value, or why it is unknown, and how it was found.
    pub fn resolve(&self, expr: &EditExpression) -> (Resolved, String) {
        let origin = self.origin(expr);
        // The common case, exactly `var.NAME`, needs no evaluation.
        if let Some(name) = variable_name(expr) {
            return (self.variable(name), origin);
        }
        let value = match self.evaluate(expr) {
            Ok(value) => Resolved::Known {
                value: to_json(&value),
            },
            Err(e) => Resolved::Unknown {
                reason: self.unknown_reason(expr, &e),
            },
        };
        (value, origin)
    }

    /// `literal`, `var.NAME (how it was set)`, or `expression`.
    fn origin(&self, expr: &EditExpression) -> String {
        use EditExpression as E;
        match expr {
            E::Null(_) | E::Bool(_) | E::Number(_) | E::String(_) => "literal".to_string(),
            E::Array(a) if a.iter().all(|e| matches!(e, E::String(_) | E::Number(_))) => {
                "literal".to_string()
            }
            _ => match variable_name(expr) {
                Some(name) => match self.variables.get(name) {
                    Some(v) => format!("var.{name} ({})", v.set_by),
                    None => format!("var.{name} (not declared)"),
                },
                None => "expression".to_string(),
            },
        }
    }

    /// The value of `var.NAME`, or why it has none.
    fn variable(&self, name: &str) -> Resolved {
        match self.variables.get(name) {
            None => Resolved::Unknown {
                reason: format!("variable `{name}` is not declared"),
            },
            Some(VariableValue { value: None, .. }) => Resolved::Unknown {
                reason: format!(
                    "variable `{name}` has no default and no value: give it with -var or \
                     -var-file"
                ),
            },
            Some(VariableValue {
                value: Some(value), ..
            }) => Resolved::Known {
                value: to_json(value),
            },
        }
    }

    /// Why an expression that failed to evaluate is unknown: an unresolved
    /// local it uses, something only `plan` knows, or a limit of pypi-size.
    fn unknown_reason(&self, expr: &EditExpression, error: &str) -> String {
        let local = References::of(expr)
            .local
            .iter()
            .find_map(|n| self.unresolved_locals.get(n).map(|why| (n.clone(), why)));
        match local {
            Some((name, why)) => format!(
                "depends on local.{name}, which cannot be resolved: {}",
                first_line(why)
            ),
            None if error.contains("undefined variable") => format!(
                "cannot be resolved before `terraform plan`: {}",
                first_line(error)
            ),
            None => format!(
                "cannot be evaluated by pypi-size (Terraform may): {}",
                first_line(error)
            ),
        }
    }
}

/// A context with the given `var` and `local` objects and the functions.
fn context(vars: Values, locals: Values) -> Context<'static> {
    let mut context = Context::new();
    context.declare_var("var", hcl::Value::Object(vars));
    context.declare_var("local", hcl::Value::Object(locals));
    declare_functions(&mut context);
    context
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s).trim()
}

/// Turns string literals that are numbers into number literals.
struct NumericStrings;

impl VisitMut for NumericStrings {
    fn visit_expr_mut(&mut self, node: &mut EditExpression) {
        if let EditExpression::String(s) = node
            && let Ok(n) = s.value().trim().parse::<f64>()
            && let Some(number) = hcl::Number::from_f64(n)
        {
            *node = EditExpression::from(number);
            return;
        }
        hcl::edit::visit_mut::visit_expr_mut(self, node);
    }
}

/// A value with its numeric strings as numbers.
fn numeric_value(v: hcl::Value) -> hcl::Value {
    match v {
        hcl::Value::String(s) => match s.trim().parse::<f64>().ok().and_then(hcl::Number::from_f64)
        {
            Some(n) => hcl::Value::Number(n),
            None => hcl::Value::String(s),
        },
        hcl::Value::Array(items) => {
            hcl::Value::Array(items.into_iter().map(numeric_value).collect())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use crate::terraform::test_support::{MAIN, known, root};
    use crate::terraform::{Resolved, module_blocks};

    #[test]
    fn resolves_literals_variables_locals_and_arithmetic() {
        let r = root(&[("main.tf", MAIN)], vec![]);
        let blocks = module_blocks(
            &r,
            &["registry.infrahouse.com/infrahouse/pypiserver/aws".into()],
        )
        .unwrap();
        assert_eq!(blocks.len(), 1);
        let b = &blocks[0];
        assert_eq!(b.name, "pypiserver");
        assert_eq!(b.location.line, 18);
        assert_eq!(known(b, "asg_instance_type"), "c6a.large");
        assert_eq!(known(b, "asg_min_size"), 2);
        assert_eq!(known(b, "asg_max_size"), 4);
        assert_eq!(known(b, "container_memory"), 512);
        assert_eq!(b.arguments["asg_min_size"].location.line, 22);
        assert!(
            b.arguments["asg_min_size"]
                .origin
                .starts_with("var.instances (default")
        );
        match &b.arguments["asg_subnets"].value {
            Resolved::Unknown { reason } => assert!(reason.contains("no default"), "{reason}"),
            other => panic!("{other:?}"),
        }
        match &b.arguments["zone_id"].value {
            Resolved::Unknown { reason } => assert!(reason.contains("terraform plan"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn locals_in_any_order_long_chains_and_cycles() {
        // 20,000 locals, each referring to the next: linear, no deep recursion.
        let n = 20_000;
        let mut text = String::from("locals {\n");
        for i in 0..n {
            text.push_str(&format!("  l{i} = local.l{} + 1\n", i + 1));
        }
        text.push_str(&format!("  l{n} = 1\n  a = local.b\n  b = local.a\n}}\n"));
        text.push_str("module \"p\" {\n  source = \"s\"\n  asg_min_size = local.l0\n  asg_max_size = local.a\n}\n");
        let r = root(&[("main.tf", &text)], vec![]);
        let b = &module_blocks(&r, &["s".into()]).unwrap()[0];
        assert_eq!(known(b, "asg_min_size"), n + 1);
        match &b.arguments["asg_max_size"].value {
            Resolved::Unknown { reason } => assert!(reason.contains("local."), "{reason}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn numeric_strings_count_as_numbers_in_arithmetic() {
        let text = "locals {\n  n = \"4\"\n}\nmodule \"p\" {\n  source = \"s\"\n  asg_min_size = local.n * 2\n  asg_max_size = \"3\" + 1\n}\n";
        let b = &module_blocks(&root(&[("main.tf", text)], vec![]), &["s".into()]).unwrap()[0];
        assert_eq!(known(b, "asg_min_size"), 8);
        assert_eq!(known(b, "asg_max_size"), 4);
    }
}
