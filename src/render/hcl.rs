//! Terraform: a `module "pypiserver"` block (`--format hcl`) or variable
//! assignments (`--format tfvars`), in the canonical style `terraform fmt`
//! leaves unchanged.
//!
//! hcl-edit builds the syntax (identifiers, quoting and escaping, numbers,
//! lists); this file only supplies what `terraform fmt` decides: two-space
//! indentation, comment lines, blank lines between groups, and the padding
//! that aligns the `=` of consecutive attributes.

use anyhow::{Result, bail};
use hcl::edit::Decorated;
use hcl::edit::expr::{Array, Expression};
use hcl::edit::repr::Decorate;
use hcl::edit::structure::{Attribute, Block, Body, Structure};
use hcl::edit::{Ident, Number};
use pypi_size::Tables;

use super::arguments::{self, Argument, ModuleRef, Value};
use super::{Document, Renderer, summary};

/// `--format hcl`: a module block, with marked placeholders for what the
/// user must fill in.
pub struct HclRenderer {
    pub module: ModuleRef,
}

/// `--format tfvars`: the same arguments as variable assignments; the
/// placeholders only when asked.
pub struct TfvarsRenderer {
    pub placeholders: bool,
}

impl Renderer for HclRenderer {
    fn render(&self, doc: &Document, tables: &Tables) -> Result<String> {
        let r = doc.sizing_report("hcl")?;
        let mut args = vec![Argument {
            name: "source".into(),
            value: Value::Str(self.module.source.clone()),
            comment: vec![],
            new_group: true,
        }];
        if let Some(version) = &self.module.version {
            args.push(Argument {
                name: "version".into(),
                value: Value::Str(version.clone()),
                comment: vec![],
                new_group: false,
            });
        }
        args.extend(arguments::sizing_arguments(r, tables, true)?);
        // One load-balancer subnet per public IPv4 address the bill counts,
        // so that `check` of the block prices it the same.
        let mut required =
            arguments::required_placeholders(tables, r.inputs.costs.load_balancer_subnets)?;
        if let Some(first) = required.first_mut() {
            first.new_group = true;
            first.comment = summary::wrap(
                "FILL IN: the module's other required inputs, which do not change sizing.",
            );
        }
        args.extend(required);
        let mut block = Block::new(Ident::new("module"));
        block.labels.push("pypiserver".into());
        block.body = body(&args, "  ")?;
        // The summary comment goes above the block.
        let mut summary = summary::summary(r, tables);
        summary.extend(summary::fill_in(r, tables, summary::Fill::Block));
        block.decor_mut().set_prefix(comment_lines(&summary, ""));
        let mut file = Body::new();
        file.push(block);
        Ok(with_providers(&file.to_string()))
    }
}

/// The module's README requires its two AWS providers passed in: `aws` for
/// its resources and `aws.dns` for the Route 53 zone (zone_id), which may
/// live in another account. A providers block before the module block's
/// end, with what to fill in (hcl-edit writes no `aws.dns` object key).
const PROVIDERS: &str = "
  # FILL IN: the module's providers: `aws` for its resources, `aws.dns` for the Route 53
  # zone's account (`aws.dns = aws` where it is the same account).
  providers = {
    aws     = aws
    aws.dns = aws.dns
  }
";

fn with_providers(file: &str) -> String {
    match file.trim_end().strip_suffix('}') {
        Some(open) => format!("{}\n{}}}\n", open.trim_end(), PROVIDERS),
        None => file.to_string(),
    }
}

impl Renderer for TfvarsRenderer {
    fn render(&self, doc: &Document, tables: &Tables) -> Result<String> {
        let r = doc.sizing_report("tfvars")?;
        let mut args = arguments::sizing_arguments(r, tables, self.placeholders)?;
        // The file starts with the summary, not a blank line.
        args[0].new_group = false;
        let mut summary = summary::summary(r, tables);
        let fill = if self.placeholders {
            summary::Fill::Placeholders
        } else {
            summary::Fill::Elsewhere
        };
        summary.extend(summary::fill_in(r, tables, fill));
        summary.push(String::new());
        args[0].comment.splice(0..0, summary);
        Ok(body(&args, "")?.to_string())
    }
}

/// The attributes, grouped and aligned, each line starting with `indent`.
fn body(args: &[Argument], indent: &str) -> Result<Body> {
    let mut body = Body::new();
    // A group ends at a blank line or a comment line, as in `terraform fmt`.
    let mut groups: Vec<&[Argument]> = Vec::new();
    let mut start = 0;
    for (i, a) in args.iter().enumerate() {
        if i > start && (a.new_group || !a.comment.is_empty()) {
            groups.push(&args[start..i]);
            start = i;
        }
    }
    groups.push(&args[start..]);
    let mut first = true;
    for group in groups {
        let width = group.iter().map(|a| a.name.len()).max().unwrap_or(0);
        for a in group {
            let mut prefix = String::new();
            if a.new_group && !first {
                prefix.push('\n');
            }
            prefix.push_str(&comment_lines(&a.comment, indent));
            prefix.push_str(indent);
            first = false;
            let mut key = Decorated::new(ident(&a.name)?);
            key.decor_mut()
                .set_suffix(" ".repeat(width - a.name.len() + 1));
            let mut attr = Attribute::new(key, expression(&a.value));
            attr.decor_mut().set_prefix(prefix);
            body.push(Structure::Attribute(attr));
        }
    }
    Ok(body)
}

fn ident(name: &str) -> Result<Ident> {
    match Ident::try_new(name) {
        Ok(ident) => Ok(ident),
        Err(_) => bail!("`{name}` is not an HCL identifier"),
    }
}

fn expression(v: &Value) -> Expression {
    match v {
        Value::Str(s) => Expression::from(s.as_str()),
        Value::Int(n) => Expression::from(Number::from(*n)),
        Value::List(items) => {
            let mut array = Array::new();
            for (i, item) in items.iter().enumerate() {
                let mut e = Expression::from(item.as_str());
                // `[a, b]`: a space after each comma.
                if i > 0 {
                    e.decor_mut().set_prefix(" ");
                }
                array.push(e);
            }
            Expression::from(array)
        }
    }
}

/// `# line` for each line, with the indentation, each ending in a newline.
/// A line break inside a line (from a data string) starts another comment
/// line rather than a line of HCL.
fn comment_lines(lines: &[String], indent: &str) -> String {
    lines
        .iter()
        .flat_map(|l| l.split(['\n', '\r']))
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("{indent}# {l}\n")
            }
        })
        .collect()
}
