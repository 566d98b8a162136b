//! Reading the Terraform users already have: the `module` blocks that use the
//! pypiserver module, with each sizing argument resolved as Terraform would
//! resolve it before `plan`, or marked unknown with the reason.
//!
//! Pure like the rest of the core: it takes file texts, not paths. hcl-edit
//! parses (keeping byte spans for line numbers); hcl-rs evaluates expressions
//! against the variables and locals this module resolves.

mod parse;
mod variables;
pub mod version;

use std::collections::BTreeMap;
use std::ops::Range;

use hcl::edit::Span;
use hcl::edit::expr::Expression as EditExpression;
use hcl::edit::structure::Block;
use hcl::edit::visit::Visit;
use hcl::edit::visit_mut::VisitMut;
use hcl::eval::{Context, Evaluate};

use serde::Serialize;

pub use variables::{VarSetting, VariableValue};

use parse::Parsed;

/// A `.tf` file.
#[derive(Debug, Clone)]
pub struct TfFile {
    pub path: String,
    pub text: String,
}

/// One Terraform root: its `.tf` files and the variable values that apply, in
/// Terraform's precedence order (lowest first).
#[derive(Debug, Clone, Default)]
pub struct Root {
    pub tf_files: Vec<TfFile>,
    pub settings: Vec<VarSetting>,
}

/// Where something stands in a file (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A value as far as it can be known before `terraform plan`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Resolved {
    Known { value: serde_json::Value },
    Unknown { reason: String },
}

/// One argument of a module block.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Argument {
    #[serde(flatten)]
    pub value: Resolved,
    /// How the value was found: `literal`, `var.NAME (from ...)`, `expression`.
    pub origin: String,
    pub location: Location,
}

/// A `module` block that uses the pypiserver module.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ModuleBlock {
    pub name: String,
    pub source: String,
    /// The `version` constraint, if the block has one, and where.
    #[serde(skip)]
    pub version: Option<(String, Location)>,
    pub location: Location,
    pub arguments: BTreeMap<String, Argument>,
}

/// A file Terraform itself would refuse: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct TfError {
    pub location: Location,
    pub message: String,
}

/// What a root's module blocks are, once read.
#[derive(Debug, Clone, PartialEq)]
pub struct Modules {
    /// The blocks whose `source` is one of the sources asked for.
    pub blocks: Vec<ModuleBlock>,
    /// Other blocks whose source mentions pypiserver: where, and the source.
    pub lookalikes: Vec<(Location, String)>,
}

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

    // Every module block, merged; a block without a source is not Terraform's.
    let mut all: Vec<(ModuleBlock, Option<String>)> = Vec::new();
    for file in &parsed {
        for block in file.body.get_blocks("module") {
            let Some(name) = block.labels.first().map(|l| l.as_str().to_string()) else {
                continue;
            };
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
                });
            let source = block
                .body
                .get_attribute("source")
                .and_then(|a| a.value.as_str().map(str::to_string));
            let version = block.body.get_attribute("version").and_then(|a| {
                a.value
                    .as_str()
                    .map(|v| (v.to_string(), file.location(a.span())))
            });
            if file.is_override {
                // An override block's settings replace the original's.
                if let Some((original, original_source)) =
                    all.iter_mut().find(|(b, _)| b.name == name)
                {
                    original.arguments.extend(arguments);
                    if version.is_some() {
                        original.version = version;
                    }
                    if source.is_some() {
                        *original_source = source;
                    }
                }
                continue;
            }
            all.push((
                ModuleBlock {
                    name,
                    source: String::new(),
                    version,
                    location: file.location(block_span(block)),
                    arguments: arguments.collect(),
                },
                source,
            ));
        }
    }
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
    Ok(modules)
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

/// What expressions are evaluated against: `var.*` and `local.*`. Each
/// evaluation gets a context holding only the names its expression refers
/// to, so a large tree costs no more per expression than a small one.
struct Scope<'a> {
    variables: &'a BTreeMap<String, VariableValue>,
    locals: hcl::Map<String, hcl::Value>,
    /// Locals that never resolved, with why.
    unresolved_locals: BTreeMap<String, String>,
}

impl<'a> Scope<'a> {
    fn new(variables: &'a BTreeMap<String, VariableValue>) -> Scope<'a> {
        Scope {
            variables,
            locals: hcl::Map::new(),
            unresolved_locals: BTreeMap::new(),
        }
    }

    fn evaluate(&self, expr: &EditExpression) -> Result<hcl::Value, String> {
        let mut refs = References::default();
        refs.visit_expr(expr);
        let pick = |names: &[String], get: &dyn Fn(&str) -> Option<hcl::Value>| {
            names
                .iter()
                .filter_map(|n| get(n).map(|v| (n.clone(), v)))
                .collect::<hcl::Map<String, hcl::Value>>()
        };
        let vars = pick(&refs.var, &|n| {
            self.variables.get(n).and_then(|v| v.value.clone())
        });
        let locals = pick(&refs.local, &|n| self.locals.get(n).cloned());
        let context = |vars: hcl::Map<String, hcl::Value>, locals| {
            let mut context = Context::new();
            context.declare_var("var", hcl::Value::Object(vars));
            context.declare_var("local", hcl::Value::Object(locals));
            declare_functions(&mut context);
            context
        };
        let first = evaluate(expr, &context(vars.clone(), locals.clone()));
        match first {
            // Terraform converts a numeric string where arithmetic needs a
            // number ("4" * 128); hcl-rs does not, so try once more with
            // such strings as numbers.
            Err(e) if e.contains("not applicable to") => {
                let mut numeric = expr.clone();
                NumericStrings.visit_expr_mut(&mut numeric);
                let numbers = |m: hcl::Map<String, hcl::Value>| {
                    m.into_iter().map(|(k, v)| (k, numeric_value(v))).collect()
                };
                evaluate(&numeric, &context(numbers(vars), numbers(locals))).map_err(|_| e)
            }
            other => other,
        }
    }

    /// Evaluates the `locals` blocks, each after the locals it refers to
    /// (they may come in any order), by an explicit depth-first walk: linear
    /// in the locals, and a long chain cannot overflow the stack. A local in a
    /// cycle, or that cannot be evaluated, is kept with the reason.
    fn resolve_locals(&mut self, parsed: &[Parsed]) {
        // By name: a local in an override file replaces the original.
        let mut defs: BTreeMap<String, &EditExpression> = BTreeMap::new();
        for attr in parsed
            .iter()
            .flat_map(|p| p.body.get_blocks("locals"))
            .flat_map(|b| b.body.attributes())
        {
            defs.insert(attr.key.to_string(), &attr.value);
        }
        let mut on_path = std::collections::HashSet::new();
        for root in defs.keys() {
            let mut stack = vec![(root.clone(), false)];
            while let Some((name, expanded)) = stack.pop() {
                let done = |scope: &Self, n: &str| {
                    scope.locals.contains_key(n) || scope.unresolved_locals.contains_key(n)
                };
                if done(self, &name) {
                    continue;
                }
                let expr = defs[&name];
                if expanded {
                    on_path.remove(&name);
                    match self.evaluate(expr) {
                        Ok(value) => {
                            self.locals.insert(name, value);
                        }
                        Err(e) => {
                            self.unresolved_locals.insert(name, e);
                        }
                    }
                    continue;
                }
                if !on_path.insert(name.clone()) {
                    self.unresolved_locals
                        .insert(name, "it refers to itself through other locals".into());
                    continue;
                }
                stack.push((name, true));
                let mut refs = References::default();
                refs.visit_expr(expr);
                for r in refs.local {
                    if defs.contains_key(&r) && !done(self, &r) {
                        stack.push((r, false));
                    }
                }
            }
        }
    }

    fn resolve(&self, expr: &hcl::edit::expr::Expression) -> (Resolved, String) {
        use hcl::edit::expr::Expression as E;
        let origin = match expr {
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
        };
        if let Some(name) = variable_name(expr) {
            match self.variables.get(name) {
                None => {
                    return (
                        Resolved::Unknown {
                            reason: format!("variable `{name}` is not declared"),
                        },
                        origin,
                    );
                }
                Some(VariableValue { value: None, .. }) => {
                    return (
                        Resolved::Unknown {
                            reason: format!(
                                "variable `{name}` has no default and no value: give it with \
                                 -var or -var-file"
                            ),
                        },
                        origin,
                    );
                }
                Some(VariableValue {
                    value: Some(value), ..
                }) => {
                    // The common case needs no evaluation.
                    return (
                        Resolved::Known {
                            value: to_json(value),
                        },
                        origin,
                    );
                }
            }
        }
        let value = match self.evaluate(expr) {
            Ok(value) => Resolved::Known {
                value: to_json(&value),
            },
            Err(e) => {
                let mut refs = References::default();
                refs.visit_expr(expr);
                let local = refs
                    .local
                    .iter()
                    .find_map(|n| self.unresolved_locals.get(n).map(|why| (n, why)));
                Resolved::Unknown {
                    reason: match local {
                        Some((name, why)) => format!(
                            "depends on local.{name}, which cannot be resolved: {}",
                            first_line(why)
                        ),
                        None if e.contains("undefined variable") => format!(
                            "cannot be resolved before `terraform plan`: {}",
                            first_line(&e)
                        ),
                        None => format!(
                            "cannot be evaluated by pypi-size (Terraform may): {}",
                            first_line(&e)
                        ),
                    },
                }
            }
        };
        (value, origin)
    }
}

/// Evaluates an expression with hcl-rs, refusing a result that is not a
/// finite number. hcl-rs computes `1e308 * 10` as +infinity (and asserts
/// against it in debug builds), which would otherwise reach the arithmetic as
/// a null; here it is an error that says so.
pub(crate) fn evaluate(expr: &EditExpression, context: &Context<'_>) -> Result<hcl::Value, String> {
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
            "its value is larger than pypi-size evaluates ({MAX_VALUE_SIZE} elements or bytes)"
        )),
        Ok(Ok(value)) => Ok(value),
    }
}

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

/// The `var.NAME` and `local.NAME` an expression refers to.
#[derive(Default)]
struct References {
    var: Vec<String>,
    local: Vec<String>,
}

impl Visit for References {
    fn visit_traversal(&mut self, node: &hcl::edit::expr::Traversal) {
        use hcl::edit::expr::TraversalOperator;
        if let EditExpression::Variable(root) = &node.expr
            && let Some(TraversalOperator::GetAttr(name)) =
                node.operators.first().map(|o| o.value())
        {
            match root.as_str() {
                "var" => self.var.push(name.to_string()),
                "local" => self.local.push(name.to_string()),
                _ => {}
            }
        }
        hcl::edit::visit::visit_traversal(self, node);
    }
}

/// `NAME` of an expression that is exactly `var.NAME`.
fn variable_name(expr: &hcl::edit::expr::Expression) -> Option<&str> {
    use hcl::edit::expr::{Expression as E, TraversalOperator};
    let E::Traversal(t) = expr else { return None };
    let E::Variable(root) = &t.expr else {
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

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s).trim()
}

pub(crate) fn to_json(value: &hcl::Value) -> serde_json::Value {
    // hcl::Value serializes to the JSON shape Terraform uses for tfvars.json.
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// The Terraform functions sizing expressions use.
fn declare_functions(ctx: &mut Context<'_>) {
    use hcl::eval::{FuncArgs, FuncDef, ParamType};
    fn numbers(args: &FuncArgs) -> Result<Vec<f64>, String> {
        args.variadic_args()
            .map(|v| {
                v.as_number()
                    .and_then(|n| n.as_f64())
                    .ok_or_else(|| "expected numbers".to_string())
            })
            .collect()
    }
    fn number(n: f64) -> Result<hcl::Value, String> {
        hcl::Number::from_f64(n)
            .map(hcl::Value::Number)
            .ok_or_else(|| "not a finite number".to_string())
    }
    let min = FuncDef::builder()
        .variadic_param(ParamType::Number)
        .build(|args| number(numbers(&args)?.into_iter().fold(f64::INFINITY, f64::min)));
    let max = FuncDef::builder()
        .variadic_param(ParamType::Number)
        .build(|args| {
            number(
                numbers(&args)?
                    .into_iter()
                    .fold(f64::NEG_INFINITY, f64::max),
            )
        });
    let length = FuncDef::builder().param(ParamType::Any).build(|args| {
        let n = match &args[0] {
            hcl::Value::Array(a) => a.len(),
            hcl::Value::Object(o) => o.len(),
            hcl::Value::String(s) => s.chars().count(),
            _ => return Err("length() takes a list, map or string".into()),
        };
        Ok(hcl::Value::from(n as u64))
    });
    let floor = FuncDef::builder()
        .param(ParamType::Number)
        .build(|args| number(numbers_positional(&args)?.floor()));
    let ceil = FuncDef::builder()
        .param(ParamType::Number)
        .build(|args| number(numbers_positional(&args)?.ceil()));
    fn numbers_positional(args: &FuncArgs) -> Result<f64, String> {
        args[0]
            .as_number()
            .and_then(|n| n.as_f64())
            .ok_or_else(|| "expected a number".to_string())
    }
    // toset: distinct elements, in order (for `for_each`).
    let toset = FuncDef::builder()
        .param(ParamType::Any)
        .build(|args| match &args[0] {
            hcl::Value::Array(items) => {
                let mut seen = Vec::new();
                for item in items {
                    if !seen.contains(item) {
                        seen.push(item.clone());
                    }
                }
                Ok(hcl::Value::Array(seen))
            }
            _ => Err("toset() takes a list".into()),
        });
    ctx.declare_func("toset", toset);
    ctx.declare_func("min", min);
    ctx.declare_func("max", max);
    ctx.declare_func("length", length);
    ctx.declare_func("floor", floor);
    ctx.declare_func("ceil", ceil);
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "infrahouse/pypiserver/aws";

    fn root(files: &[(&str, &str)], settings: Vec<VarSetting>) -> Root {
        Root {
            tf_files: files
                .iter()
                .map(|(path, text)| TfFile {
                    path: path.to_string(),
                    text: text.to_string(),
                })
                .collect(),
            settings,
        }
    }

    fn known(block: &ModuleBlock, name: &str) -> serde_json::Value {
        match &block.arguments[name].value {
            Resolved::Known { value } => value.clone(),
            other => panic!("{name}: {other:?}"),
        }
    }

    const MAIN: &str = r#"
variable "instance_type" {
  type    = string
  default = "c6a.large"
}

variable "instances" {
  default = 2
}

variable "subnets" {}

locals {
  memory = local.base * 2
  base   = 256
}

module "pypiserver" {
  source            = "registry.infrahouse.com/infrahouse/pypiserver/aws"
  version           = "2.3.0"
  asg_instance_type = var.instance_type
  asg_min_size      = var.instances
  asg_max_size      = var.instances * 2
  container_memory  = local.memory
  asg_subnets       = var.subnets
  zone_id           = data.aws_route53_zone.main.zone_id
}

module "other" {
  source = "terraform-aws-modules/vpc/aws"
}
"#;

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
    fn precedence_default_env_tfvars_var() {
        let tfvars = VarSetting::File {
            path: "terraform.tfvars".into(),
            text: "instances = 3\ninstance_type = \"c6a.xlarge\"\n".into(),
        };
        let env = VarSetting::Environment {
            name: "instances".into(),
            value: "5".into(),
        };
        let cli = VarSetting::Assignment {
            text: "instance_type=c7a.xlarge".into(),
        };
        let json = VarSetting::File {
            path: "x.tfvars.json".into(),
            text: r#"{"subnets": ["a", "b", "c"]}"#.into(),
        };
        let r = root(&[("main.tf", MAIN)], vec![env, tfvars, json, cli]);
        let b = &module_blocks(
            &r,
            &["registry.infrahouse.com/infrahouse/pypiserver/aws".into()],
        )
        .unwrap()[0];
        assert_eq!(known(b, "asg_min_size"), 3);
        assert!(
            b.arguments["asg_min_size"]
                .origin
                .contains("terraform.tfvars:1")
        );
        assert_eq!(known(b, "asg_instance_type"), "c7a.xlarge");
        assert_eq!(known(b, "asg_subnets"), serde_json::json!(["a", "b", "c"]));
    }

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
    fn syntax_errors_have_a_line() {
        let r = root(&[("bad.tf", "module \"p\" {\n  source = \n}\n")], vec![]);
        let e = module_blocks(&r, &[SOURCE.into()]).unwrap_err();
        assert_eq!(e.location.file, "bad.tf");
        assert_eq!(e.location.line, 2, "{e}");
    }

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
    fn json_arguments_keep_their_own_lines_in_any_key_order() {
        let json = "{\n  \"module\": {\n    \"p\": {\n      \"source\": \"s\",\n      \"container_memory\": 64,\n      \"asg_subnets\": [\"a\"],\n      \"asg_min_size\": 2,\n      \"asg_instance_type\": \"c6a.large\"\n    }\n  }\n}\n";
        let r = root(&[("main.tf.json", json)], vec![]);
        let b = &module_blocks(&r, &["s".into()]).unwrap()[0];
        let line = |n: &str| b.arguments[n].location.line;
        assert_eq!(
            [
                line("container_memory"),
                line("asg_subnets"),
                line("asg_min_size"),
                line("asg_instance_type")
            ],
            [5, 6, 7, 8]
        );
    }

    #[test]
    fn json_expression_errors_quote_the_json() {
        let json = "{\n  \"module\": {\n    \"p\": {\n      \"source\": \"s\",\n      \"asg_min_size\": \"${1 +}\"\n    }\n  }\n}\n";
        let e = module_blocks(&root(&[("main.tf.json", json)], vec![]), &["s".into()]).unwrap_err();
        assert_eq!(e.location.line, 5);
        assert!(
            e.message.contains("\"asg_min_size\": \"${1 +}\""),
            "{}",
            e.message
        );
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

    #[test]
    fn command_line_values_are_read_by_the_variables_type() {
        let main = "variable \"untyped\" {}\nvariable \"n\" {\n  type = number\n}\nvariable \"l\" {\n  type = list(string)\n}\nmodule \"p\" {\n  source = \"s\"\n  asg_subnets = var.untyped\n  asg_min_size = var.n\n  asg_max_size = length(var.l)\n}\n";
        let settings = vec![
            VarSetting::Assignment {
                text: "untyped=[\"a\",\"b\"]".into(),
            },
            VarSetting::Assignment { text: "n=3".into() },
            VarSetting::Assignment {
                text: "l=[\"a\",\"b\"]".into(),
            },
        ];
        let b = &module_blocks(&root(&[("main.tf", main)], settings), &["s".into()]).unwrap()[0];
        let known = |n: &str| match &b.arguments[n].value {
            Resolved::Known { value } => value.clone(),
            other => panic!("{n}: {other:?}"),
        };
        // No type: the text as it is, as Terraform takes it.
        assert_eq!(known("asg_subnets"), "[\"a\",\"b\"]");
        assert_eq!(known("asg_min_size"), 3);
        assert_eq!(known("asg_max_size"), 2);
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
