//! The built-in Terraform functions that sizing expressions use (`min`,
//! `max`, `length`, `floor`, `ceil`, `toset`), declared into an hcl-rs
//! evaluation context. Any other function leaves its expression unknown.

use hcl::eval::{Context, FuncArgs, FuncDef, ParamType};

/// Declares the function table into `ctx`.
pub(super) fn declare_functions(ctx: &mut Context<'_>) {
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
    let length = FuncDef::builder().param(ParamType::Any).build(length);
    let floor = FuncDef::builder()
        .param(ParamType::Number)
        .build(|args| number(first_number(&args)?.floor()));
    let ceil = FuncDef::builder()
        .param(ParamType::Number)
        .build(|args| number(first_number(&args)?.ceil()));
    let toset = FuncDef::builder().param(ParamType::Any).build(toset);
    ctx.declare_func("toset", toset);
    ctx.declare_func("min", min);
    ctx.declare_func("max", max);
    ctx.declare_func("length", length);
    ctx.declare_func("floor", floor);
    ctx.declare_func("ceil", ceil);
}

/// The variadic arguments, all numbers.
fn numbers(args: &FuncArgs) -> Result<Vec<f64>, String> {
    args.variadic_args()
        .map(|v| {
            v.as_number()
                .and_then(|n| n.as_f64())
                .ok_or_else(|| "expected numbers".to_string())
        })
        .collect()
}

/// The first positional argument, a number.
fn first_number(args: &FuncArgs) -> Result<f64, String> {
    args[0]
        .as_number()
        .and_then(|n| n.as_f64())
        .ok_or_else(|| "expected a number".to_string())
}

fn number(n: f64) -> Result<hcl::Value, String> {
    hcl::Number::from_f64(n)
        .map(hcl::Value::Number)
        .ok_or_else(|| "not a finite number".to_string())
}

fn length(args: FuncArgs) -> Result<hcl::Value, String> {
    let n = match &args[0] {
        hcl::Value::Array(a) => a.len(),
        hcl::Value::Object(o) => o.len(),
        hcl::Value::String(s) => s.chars().count(),
        _ => return Err("length() takes a list, map or string".into()),
    };
    Ok(hcl::Value::from(n as u64))
}

/// Distinct elements, in order (for `for_each`).
fn toset(args: FuncArgs) -> Result<hcl::Value, String> {
    match &args[0] {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str) -> Result<hcl::Value, String> {
        let mut ctx = Context::new();
        declare_functions(&mut ctx);
        let expr = hcl::edit::parser::parse_expr(text).unwrap();
        crate::terraform::value::evaluate(&expr, &ctx)
    }

    #[test]
    fn the_table_computes_as_terraform_does() {
        let n = |text: &str| crate::terraform::value::to_json(&eval(text).unwrap());
        assert_eq!(n("min(3, 1, 2)"), 1);
        assert_eq!(n("max(3, 1, 2)"), 3);
        assert_eq!(n("floor(2.7)"), 2);
        assert_eq!(n("ceil(2.1)"), 3);
        assert_eq!(n("length(\"héllo\")"), 5);
        assert_eq!(n("length({a = 1})"), 1);
        assert_eq!(
            n("toset([\"a\", \"b\", \"a\"])"),
            serde_json::json!(["a", "b"])
        );
        assert!(eval("length(1)").is_err());
        assert!(eval("upper(\"a\")").is_err());
    }
}
