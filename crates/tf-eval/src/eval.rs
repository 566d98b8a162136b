//! Terraform's expression language, evaluated on [`Value`]s: literals
//! (numbers read from their text as Terraform reads them), templates with
//! their directives, collections, `for` expressions, conditionals,
//! operators, references with attribute, index and splat traversals, and
//! function calls. Names (`var.*`, `local.*`, `module.*`, resources) come
//! from a [`Names`]; `count.index` and `each.*` from the block instance
//! being evaluated. Every step is counted against the root's [`Budget`].

use std::cell::Cell;
use std::collections::BTreeMap;

use hcl::edit::Span;
use hcl::edit::expr::{
    BinaryOperator, Expression, ForExpr, FuncCall, ObjectKey, TraversalOperator, UnaryOperator,
};
use hcl::edit::template::{Directive, Element, Strip, Template};

use crate::functions;
use crate::number::TfNumber;
use crate::parse::Parsed;
use crate::types::{self, to_bool, to_number};
use crate::value::{Budget, ErrorKind, EvalError, MapKind, Result, SeqKind, Value};

/// How deep expressions may nest.
const MAX_DEPTH: u32 = 256;

/// Where references other than `count`, `each` and loop variables resolve.
pub trait Names {
    /// The value a reference starting with `root` and then the attribute
    /// names `attrs` stands for, and how many of `attrs` it took.
    fn resolve(&self, root: &str, attrs: &[&str]) -> Result<(Value, usize)>;
}

/// `count.index`, or `each.key` and `each.value`, of one block instance.
#[derive(Clone, Debug, Default)]
pub struct Instance {
    pub count_index: Option<Value>,
    pub each: Option<(Value, Value)>,
}

/// One evaluation context: the names, the file the expressions are in (for
/// error positions), the budget and the instance.
pub struct Eval<'a> {
    pub names: &'a dyn Names,
    pub file: &'a Parsed,
    /// The offset of the chunk of `file` the expressions were parsed in.
    base: usize,
    pub budget: &'a Budget,
    pub instance: Option<&'a Instance>,
    depth: Cell<u32>,
}

/// The variables a `for` expression binds, innermost first.
enum Env<'e> {
    Empty,
    /// The value variable, the key variable if named, and the outer scope.
    Bind(&'e str, Value, Option<(&'e str, Value)>, &'e Env<'e>),
}

impl Env<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        let mut env = self;
        while let Env::Bind(n, v, key, rest) = env {
            if *n == name {
                return Some(v);
            }
            if let Some((k, kv)) = key
                && *k == name
            {
                return Some(kv);
            }
            env = rest;
        }
        None
    }
}

impl<'a> Eval<'a> {
    pub fn new(names: &'a dyn Names, file: &'a Parsed, budget: &'a Budget) -> Eval<'a> {
        Eval {
            names,
            file,
            base: 0,
            budget,
            instance: None,
            depth: Cell::new(0),
        }
    }

    /// Expressions parsed from the chunk of the file at `base`.
    pub fn at_base(mut self, base: usize) -> Eval<'a> {
        self.base = base;
        self
    }

    pub fn with_instance(mut self, instance: Option<&'a Instance>) -> Eval<'a> {
        self.instance = instance;
        self
    }

    /// Evaluates an expression; an error says where it arose.
    pub fn eval(&self, expr: &Expression) -> Result<Value> {
        self.expr(expr, &Env::Empty)
    }

    fn expr(&self, expr: &Expression, env: &Env<'_>) -> Result<Value> {
        let depth = self.depth.get();
        let result = if depth >= MAX_DEPTH {
            Err(EvalError::unsupported(format!(
                "the expression nests deeper than {MAX_DEPTH} levels"
            )))
        } else {
            self.depth.set(depth + 1);
            let result = self
                .budget
                .spend(1)
                .and_then(|()| self.expr_inner(expr, env));
            self.depth.set(depth);
            result
        };
        result.map_err(|mut e| {
            if e.at.is_none() {
                e.at = Some(self.file.location_at(self.base, expr.span()));
            }
            e
        })
    }

    fn expr_inner(&self, expr: &Expression, env: &Env<'_>) -> Result<Value> {
        match expr {
            Expression::Null(_) => Ok(Value::Null),
            Expression::Bool(b) => Ok(Value::Bool(*b.value())),
            Expression::Number(n) => {
                let text: String = n
                    .as_repr()
                    .map(|r| r.chars().filter(|c| !c.is_whitespace()).collect())
                    .unwrap_or_else(|| n.value().to_string());
                let parsed = TfNumber::parse(&text)
                    .or_else(|_| TfNumber::from_f64(n.value().as_f64().unwrap_or(f64::NAN)));
                parsed
                    .map(Value::number)
                    .map_err(|e| EvalError::terraform(e.to_string()))
            }
            Expression::String(s) => {
                self.budget.spend(s.len() as u64)?;
                Ok(Value::string(s.as_str()))
            }
            Expression::Array(items) => {
                let values = items
                    .iter()
                    .map(|i| self.expr(i, env))
                    .collect::<Result<Vec<_>>>()?;
                Value::seq(SeqKind::Tuple, values)
            }
            Expression::Object(object) => self.object(object, env),
            Expression::StringTemplate(t) => self.template(t, env),
            Expression::HeredocTemplate(h) => self.template(&h.template, env),
            Expression::Parenthesis(p) => self.expr(p.inner(), env),
            Expression::Variable(v) => self.reference(v.as_str(), &[], env),
            Expression::Conditional(c) => self.conditional(c, env),
            Expression::FuncCall(call) => self.call(call, env),
            Expression::Traversal(t) => self.traversal(&t.expr, &t.operators, env),
            Expression::UnaryOp(op) => {
                let v = self.expr(&op.expr, env)?;
                if let Value::Unknown(r) = v {
                    return Ok(Value::Unknown(r));
                }
                match op.operator.value() {
                    UnaryOperator::Not => operand(to_bool(&v), "!").map(|b| Value::Bool(!b)),
                    UnaryOperator::Neg => {
                        operand(to_number(&v), "-").map(|n| Value::number(n.neg()))
                    }
                }
            }
            Expression::BinaryOp(op) => {
                let lhs = self.expr(&op.lhs_expr, env)?;
                let rhs = self.expr(&op.rhs_expr, env)?;
                let operator = *op.operator.value();
                if matches!(operator, BinaryOperator::Eq | BinaryOperator::NotEq) {
                    // == walks both values.
                    lhs.walkable()?;
                    rhs.walkable()?;
                    self.budget.spend(lhs.size().min(rhs.size()))?;
                }
                binary(operator, &lhs, &rhs)
            }
            Expression::ForExpr(f) => self.for_expr(f, env),
        }
    }

    fn object(&self, object: &hcl::edit::expr::Object, env: &Env<'_>) -> Result<Value> {
        let mut entries = BTreeMap::new();
        for (key, value) in object.iter() {
            let key = match key {
                ObjectKey::Ident(i) => i.as_str().to_string(),
                ObjectKey::Expression(e) => match self.expr(e, env)? {
                    Value::Unknown(r) => return Ok(Value::Unknown(r)),
                    Value::Null => return Err(EvalError::terraform("an object key is null")),
                    k => types::to_string(&k)?.to_string(),
                },
            };
            entries.insert(key, self.expr(value.expr(), env)?);
        }
        Value::map(MapKind::Object, entries)
    }

    /// A template: one interpolation alone is its value as it is; anything
    /// else is a string.
    fn template(&self, t: &Template, env: &Env<'_>) -> Result<Value> {
        let elements: Vec<&Element> = t.iter().collect();
        if let [Element::Interpolation(i)] = elements.as_slice() {
            return self.expr(&i.expr, env);
        }
        let mut out = String::new();
        match self.render(t, env, &mut out)? {
            Some(reason) => Ok(Value::Unknown(reason)),
            None => Ok(Value::string(out)),
        }
    }

    /// Appends a template's text to `out`; `Some(reason)` when a part is unknown.
    fn render(
        &self,
        t: &Template,
        env: &Env<'_>,
        out: &mut String,
    ) -> Result<Option<std::rc::Rc<str>>> {
        let mut strip_next = false;
        for element in t.iter() {
            let (strip, text) = match element {
                Element::Literal(l) => {
                    let s = l.value().as_str();
                    let s = if strip_next { s.trim_start() } else { s };
                    strip_next = false;
                    self.budget.spend(s.len() as u64)?;
                    out.push_str(s);
                    continue;
                }
                Element::Interpolation(i) => {
                    let v = self.expr(&i.expr, env)?;
                    (i.strip, interpolated(v)?)
                }
                Element::Directive(d) => (Strip::None, self.directive(d, env)?),
            };
            if matches!(strip, Strip::Start | Strip::Both) {
                out.truncate(out.trim_end().len());
            }
            strip_next = matches!(strip, Strip::End | Strip::Both);
            match text {
                Err(reason) => return Ok(Some(reason)),
                Ok(s) => {
                    self.budget.spend(s.len() as u64)?;
                    if out.len() as u64 + s.len() as u64 > crate::value::MAX_VALUE_SIZE {
                        return Err(EvalError::unsupported(
                            "the template's text is larger than pypi-size evaluates",
                        ));
                    }
                    out.push_str(&s);
                }
            }
        }
        Ok(None)
    }

    /// `%{if}` and `%{for}`: their text, or the reason it is unknown.
    fn directive(
        &self,
        d: &Directive,
        env: &Env<'_>,
    ) -> Result<std::result::Result<String, std::rc::Rc<str>>> {
        let mut out = String::new();
        match d {
            Directive::If(i) => {
                let cond = self.expr(&i.if_expr.cond_expr, env)?;
                if let Value::Unknown(r) = cond {
                    return Ok(Err(r));
                }
                let chosen = if operand(to_bool(&cond), "if")? {
                    Some(&i.if_expr.template)
                } else {
                    i.else_expr.as_ref().map(|e| &e.template)
                };
                if let Some(t) = chosen
                    && let Some(r) = self.render(t, env, &mut out)?
                {
                    return Ok(Err(r));
                }
            }
            Directive::For(f) => {
                let e = &f.for_expr;
                let collection = self.expr(&e.collection_expr, env)?;
                let key = e.key_var.as_ref().map(|k| k.as_str());
                for (k, v) in self.pairs(&collection)? {
                    let bound = bind(key, e.value_var.as_str(), k, v, env);
                    if let Some(r) = self.render(&e.template, &bound, &mut out)? {
                        return Ok(Err(r));
                    }
                }
            }
        }
        Ok(Ok(out))
    }

    fn conditional(&self, c: &hcl::edit::expr::Conditional, env: &Env<'_>) -> Result<Value> {
        let cond = self.expr(&c.cond_expr, env)?;
        let (chosen, other) = match cond {
            Value::Unknown(r) => return Ok(Value::Unknown(r)),
            Value::Null => return Err(EvalError::terraform("the condition value is null")),
            v if operand(to_bool(&v), "condition")? => (&c.true_expr, &c.false_expr),
            _ => (&c.false_expr, &c.true_expr),
        };
        let value = self.expr(chosen, env)?;
        // Terraform gives both results one type: a number and a string
        // make strings.
        if matches!(value, Value::Number(_) | Value::Bool(_))
            && let Ok(Value::String(_)) = self.expr(other, env)
        {
            return types::to_string(&value).map(Value::String);
        }
        Ok(value)
    }

    fn call(&self, call: &FuncCall, env: &Env<'_>) -> Result<Value> {
        let name = call.name.name.as_str();
        if call.name.is_namespaced() {
            return Err(EvalError::unsupported(format!(
                "pypi-size does not evaluate provider functions ({name})"
            )));
        }
        let args: Vec<&Expression> = call.args.iter().collect();
        match name {
            "try" => return self.try_call(&args, env),
            "can" => {
                let [arg] = args.as_slice() else {
                    return Err(EvalError::terraform("can() takes one argument"));
                };
                return match self.expr(arg, env) {
                    Ok(v) => Ok(match v.unknown_reason() {
                        Some(r) => Value::Unknown(r),
                        None => Value::Bool(true),
                    }),
                    Err(e) if e.kind == ErrorKind::Terraform => Ok(Value::Bool(false)),
                    Err(e) => Err(e),
                };
            }
            _ => {}
        }
        let mut values = args
            .iter()
            .map(|a| self.expr(a, env))
            .collect::<Result<Vec<_>>>()?;
        if call.args.expand_final() {
            match values.pop() {
                Some(Value::Seq(s)) => values.extend(s.items.iter().cloned()),
                Some(Value::Unknown(r)) => return Ok(Value::Unknown(r)),
                _ => return Err(EvalError::terraform("only a list can be expanded with ...")),
            }
        }
        functions::call(name, &values, self.budget)
    }

    /// `try`: the first argument that evaluates without a Terraform error.
    fn try_call(&self, args: &[&Expression], env: &Env<'_>) -> Result<Value> {
        let mut last = EvalError::terraform("try() needs at least one argument");
        for arg in args {
            match self.expr(arg, env) {
                Ok(v) => return Ok(v),
                Err(e) if e.kind == ErrorKind::Terraform => last = e,
                Err(e) => return Err(e),
            }
        }
        Err(EvalError::terraform(format!(
            "no expression succeeded: {}",
            last.message
        )))
    }

    fn traversal(
        &self,
        root: &Expression,
        ops: &[hcl::edit::Decorated<TraversalOperator>],
        env: &Env<'_>,
    ) -> Result<Value> {
        let (value, used) = match root {
            Expression::Variable(v) if env.get(v.as_str()).is_none() => {
                let attrs: Vec<&str> = ops
                    .iter()
                    .map_while(|o| match o.value() {
                        TraversalOperator::GetAttr(a) => Some(a.as_str()),
                        _ => None,
                    })
                    .collect();
                self.named(v.as_str(), &attrs)?
            }
            other => (self.expr(other, env)?, 0),
        };
        self.apply(value, &ops[used..], env)
    }

    fn reference(&self, name: &str, attrs: &[&str], env: &Env<'_>) -> Result<Value> {
        if let Some(v) = env.get(name) {
            return Ok(v.clone());
        }
        let (value, used) = self.named(name, attrs)?;
        debug_assert_eq!(used, attrs.len());
        Ok(value)
    }

    /// `count.index`, `each.*`, or a name the [`Names`] resolve.
    fn named(&self, root: &str, attrs: &[&str]) -> Result<(Value, usize)> {
        let instance = |what: &str| {
            EvalError::terraform(format!(
                "Reference to \"{what}\" in a context without {what}: only a block with \
                 {} has {what}.*",
                if what == "count" { "count" } else { "for_each" }
            ))
        };
        match (root, attrs.first()) {
            ("count", Some(&"index")) => match self.instance.and_then(|i| i.count_index.clone()) {
                Some(v) => Ok((v, 1)),
                None => Err(instance("count")),
            },
            ("each", Some(&which @ ("key" | "value"))) => {
                match self.instance.and_then(|i| i.each.clone()) {
                    Some((k, v)) => Ok((if which == "key" { k } else { v }, 1)),
                    None => Err(instance("each")),
                }
            }
            ("count" | "each", _) => Err(EvalError::terraform(format!(
                "invalid reference to {root}: only {root}.{}",
                if root == "count" {
                    "index"
                } else {
                    "key and each.value"
                }
            ))),
            _ => self.names.resolve(root, attrs),
        }
    }

    /// Applies traversal operators to a value.
    fn apply(
        &self,
        mut value: Value,
        ops: &[hcl::edit::Decorated<TraversalOperator>],
        env: &Env<'_>,
    ) -> Result<Value> {
        let mut i = 0;
        while i < ops.len() {
            self.budget.spend(1)?;
            match ops[i].value() {
                TraversalOperator::GetAttr(name) => value = get_attr(&value, name.as_str())?,
                TraversalOperator::Index(e) => {
                    let key = self.expr(e, env)?;
                    value = index(&value, &key)?;
                }
                TraversalOperator::LegacyIndex(n) => {
                    value = index(&value, &Value::from_u64(*n.value()))?;
                }
                TraversalOperator::FullSplat(_) => {
                    return self.splat(&value, &ops[i + 1..], env);
                }
                TraversalOperator::AttrSplat(_) => {
                    let attrs = ops[i + 1..]
                        .iter()
                        .take_while(|o| matches!(o.value(), TraversalOperator::GetAttr(_)))
                        .count();
                    value = self.splat(&value, &ops[i + 1..i + 1 + attrs], env)?;
                    i += attrs;
                }
            }
            i += 1;
        }
        Ok(value)
    }

    /// `[*]`: the operators applied to each element; a null is none, a
    /// single value is one.
    fn splat(
        &self,
        value: &Value,
        ops: &[hcl::edit::Decorated<TraversalOperator>],
        env: &Env<'_>,
    ) -> Result<Value> {
        let (items, kind) = match value {
            Value::Unknown(r) => return Ok(Value::Unknown(r.clone())),
            Value::Null => (Vec::new(), SeqKind::Tuple),
            Value::Seq(s) => (
                s.items.clone(),
                if s.kind == SeqKind::List {
                    SeqKind::List
                } else {
                    SeqKind::Tuple
                },
            ),
            other => (vec![other.clone()], SeqKind::Tuple),
        };
        let out = items
            .into_iter()
            .map(|item| self.apply(item, ops, env))
            .collect::<Result<Vec<_>>>()?;
        Value::seq(kind, out)
    }

    /// The key and value pairs a `for` iterates: index and element of a
    /// sequence (a set's element twice), key and value of a map.
    fn pairs(&self, collection: &Value) -> Result<Vec<(Value, Value)>> {
        let pairs: Vec<(Value, Value)> = match collection {
            Value::Seq(s) if s.kind == SeqKind::Set => {
                s.items.iter().map(|v| (v.clone(), v.clone())).collect()
            }
            Value::Seq(s) => s
                .items
                .iter()
                .enumerate()
                .map(|(i, v)| (Value::from_u64(i as u64), v.clone()))
                .collect(),
            Value::Map(m) => m
                .entries
                .iter()
                .map(|(k, v)| (Value::string(k.as_str()), v.clone()))
                .collect(),
            Value::Null => {
                return Err(EvalError::terraform("a for expression cannot iterate null"));
            }
            other => {
                return Err(EvalError::terraform(format!(
                    "a for expression cannot iterate a {}",
                    other.type_name()
                )));
            }
        };
        self.budget.spend(pairs.len() as u64)?;
        Ok(pairs)
    }

    fn for_expr(&self, f: &ForExpr, env: &Env<'_>) -> Result<Value> {
        let collection = self.expr(&f.intro.collection_expr, env)?;
        if let Value::Unknown(r) = collection {
            return Ok(Value::Unknown(r));
        }
        let key_var = f.intro.key_var.as_ref().map(|k| k.as_str());
        let mut items = Vec::new();
        let mut object: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (k, v) in self.pairs(&collection)? {
            let bound = bind(key_var, f.intro.value_var.as_str(), k, v, env);
            if let Some(cond) = &f.cond {
                match self.expr(&cond.expr, &bound)? {
                    Value::Unknown(r) => return Ok(Value::Unknown(r)),
                    c if !operand(to_bool(&c), "if")? => continue,
                    _ => {}
                }
            }
            let value = self.expr(&f.value_expr, &bound)?;
            match &f.key_expr {
                None => items.push(value),
                Some(key_expr) => {
                    let key = match self.expr(key_expr, &bound)? {
                        Value::Unknown(r) => return Ok(Value::Unknown(r)),
                        k => types::to_string(&k)?.to_string(),
                    };
                    let slot = object.entry(key.clone()).or_default();
                    if !slot.is_empty() && !f.grouping {
                        return Err(EvalError::terraform(format!(
                            "Duplicate object key {key:?}: use ... after the value to group"
                        )));
                    }
                    slot.push(value);
                }
            }
        }
        if f.key_expr.is_none() {
            return Value::seq(SeqKind::Tuple, items);
        }
        let entries = object
            .into_iter()
            .map(|(k, mut vs)| {
                let v = if f.grouping {
                    Value::seq(SeqKind::Tuple, vs)?
                } else {
                    vs.pop().unwrap_or(Value::Null)
                };
                Ok((k, v))
            })
            .collect::<Result<_>>()?;
        Value::map(MapKind::Object, entries)
    }
}

/// An environment with the loop variables bound (the key variable only
/// when named).
fn bind<'e>(
    key_var: Option<&'e str>,
    value_var: &'e str,
    key: Value,
    value: Value,
    env: &'e Env<'e>,
) -> Env<'e> {
    Env::Bind(value_var, value, key_var.map(|k| (k, key)), env)
}

/// An interpolated value as text, or the reason it is unknown.
fn interpolated(v: Value) -> Result<std::result::Result<String, std::rc::Rc<str>>> {
    match v {
        Value::Unknown(r) => Ok(Err(r)),
        Value::Null => Err(EvalError::terraform(
            "Invalid template interpolation value: the expression result is null",
        )),
        Value::String(_) | Value::Number(_) | Value::Bool(_) => {
            Ok(Ok(types::to_string(&v)?.to_string()))
        }
        other => Err(EvalError::terraform(format!(
            "Invalid template interpolation value: cannot include a {} in a string",
            other.type_name()
        ))),
    }
}

fn operand<T>(r: Result<T>, op: &str) -> Result<T> {
    r.map_err(|e| EvalError::terraform(format!("Invalid operand for {op}: {}", e.message)))
}

fn binary(op: BinaryOperator, lhs: &Value, rhs: &Value) -> Result<Value> {
    use BinaryOperator as B;
    match op {
        B::Eq | B::NotEq => Ok(match lhs.equals(rhs) {
            None => Value::Unknown(
                lhs.unknown_reason()
                    .or_else(|| rhs.unknown_reason())
                    .unwrap_or_else(|| "unknown".into()),
            ),
            Some(eq) => Value::Bool(eq == (op == B::Eq)),
        }),
        _ => {
            for v in [lhs, rhs] {
                if let Value::Unknown(r) = v {
                    return Ok(Value::Unknown(r.clone()));
                }
            }
            if matches!(op, B::And | B::Or) {
                let (a, b) = (operand(to_bool(lhs), "&&")?, operand(to_bool(rhs), "||")?);
                return Ok(Value::Bool(if op == B::And { a && b } else { a || b }));
            }
            let symbol = op.as_str();
            let (a, b) = (
                operand(to_number(lhs), symbol)?,
                operand(to_number(rhs), symbol)?,
            );
            let tf = |r: std::result::Result<TfNumber, crate::number::NumberError>| {
                r.map(Value::number)
                    .map_err(|e| EvalError::terraform(format!("{symbol}: {e}")))
            };
            match op {
                B::Plus => tf(a.add(&b)),
                B::Minus => tf(a.sub(&b)),
                B::Mul => tf(a.mul(&b)),
                B::Div => tf(a.div(&b)),
                B::Mod => tf(a.tf_rem(&b)),
                B::Less => Ok(Value::Bool(a < b)),
                B::LessEq => Ok(Value::Bool(a <= b)),
                B::Greater => Ok(Value::Bool(a > b)),
                _ => Ok(Value::Bool(a >= b)),
            }
        }
    }
}

fn get_attr(value: &Value, name: &str) -> Result<Value> {
    match value {
        Value::Unknown(r) => Ok(Value::Unknown(r.clone())),
        Value::Map(m) => m.entries.get(name).cloned().ok_or_else(|| {
            EvalError::terraform(format!(
                "Unsupported attribute: this {} does not have an attribute named \"{name}\"",
                value.type_name()
            ))
        }),
        Value::Null => Err(EvalError::terraform(format!(
            "Attempt to get attribute \"{name}\" from a null value"
        ))),
        other => Err(EvalError::terraform(format!(
            "Unsupported attribute \"{name}\": a {} has no attributes",
            other.type_name()
        ))),
    }
}

fn index(value: &Value, key: &Value) -> Result<Value> {
    let invalid = || {
        EvalError::terraform(
            "Invalid index: the given key does not identify an element in this collection value",
        )
    };
    match (value, key) {
        (Value::Unknown(r), _) | (_, Value::Unknown(r)) => Ok(Value::Unknown(r.clone())),
        (Value::Null, _) => Err(EvalError::terraform("Attempt to index a null value")),
        (Value::Seq(s), _) if s.kind == SeqKind::Set => Err(EvalError::terraform(
            "Invalid index: elements of a set are identified only by their value",
        )),
        (Value::Seq(s), k) => {
            let i = to_number(k)
                .ok()
                .and_then(|n| n.to_u64().ok())
                .ok_or_else(invalid)?;
            s.items.get(i as usize).cloned().ok_or_else(invalid)
        }
        (Value::Map(m), k) => {
            let k = types::to_string(k).map_err(|_| invalid())?;
            m.entries.get(&*k).cloned().ok_or_else(invalid)
        }
        (other, _) => Err(EvalError::terraform(format!(
            "Invalid index: a {} cannot be indexed",
            other.type_name()
        ))),
    }
}
