//! One Terraform module's declarations, read from its files as Terraform
//! reads them: override files merged over the others, attribute by
//! attribute, and the declarations Terraform refuses (a variable, local,
//! module call, output or resource declared twice; an override with nothing
//! to override) refused with Terraform's words and the place. Everything is
//! indexed by name, so a tree of any size is read in linear time.

use std::collections::HashMap;
use std::ops::Range;

use hcl::edit::Span;
use hcl::edit::expr::Expression;
use hcl::edit::structure::{Block, Body, Structure};

use crate::parse::Parsed;
use crate::types::Type;
use crate::{Location, TfError, TfFile};

/// An expression, the file it is in and where (its position is computed
/// when asked for: most are never reported).
pub struct Def {
    pub file: usize,
    /// The offset of the chunk it was parsed in.
    pub base: usize,
    span: Option<Range<usize>>,
    pub expr: Expression,
}

pub struct VariableDecl {
    pub at: At,
    /// `None` without a `type`, or with one pypi-size cannot read (then no
    /// conversion is made).
    pub type_: Option<Type>,
    pub default: Option<Def>,
}

/// One argument of a module call.
pub struct Arg {
    pub key: String,
    pub def: Def,
}

/// A place in one of the module's files, resolved when reported.
#[derive(Clone)]
pub struct At {
    pub file: usize,
    pub base: usize,
    pub span: Option<Range<usize>>,
}

pub struct ModuleCall {
    pub name: String,
    pub at: At,
    /// In the order written; an override replaces in place or adds at the end.
    pub args: Vec<Arg>,
    /// By name, once there are more than a few (a hash map per block would
    /// cost more than the block).
    index: Option<HashMap<String, usize>>,
    /// Nested blocks: a module call takes none.
    pub blocks: Vec<(String, At)>,
}

/// How many arguments a module call holds before it indexes them.
const INDEX_FROM: usize = 16;

impl ModuleCall {
    pub fn arg(&self, key: &str) -> Option<&Arg> {
        self.position(key).map(|i| &self.args[i])
    }

    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.args.iter().position(|a| a.key == key),
        }
    }

    fn set(&mut self, arg: Arg) {
        match self.position(&arg.key) {
            Some(i) => self.args[i] = arg,
            None => {
                if let Some(index) = &mut self.index {
                    index.insert(arg.key.clone(), self.args.len());
                }
                self.args.push(arg);
                if self.index.is_none() && self.args.len() > INDEX_FROM {
                    let index = self.args.iter().enumerate();
                    self.index = Some(index.map(|(i, a)| (a.key.clone(), i)).collect());
                }
            }
        }
    }
}

/// A `resource` or `data` block: what its `count` or `for_each` make.
pub struct Resource {
    pub at: At,
    pub count: Option<Def>,
    pub for_each: Option<Def>,
}

/// A module's declarations.
pub struct Config {
    /// The module's directory, as given (`.` for the current one).
    pub dir: String,
    /// The files, for positions (their bodies are moved into the declarations).
    pub files: Vec<Parsed>,
    pub variables: HashMap<String, VariableDecl>,
    pub locals: HashMap<String, Def>,
    pub modules: Vec<ModuleCall>,
    module_index: HashMap<String, usize>,
    /// By address: `TYPE.NAME`, `data.TYPE.NAME`.
    pub resources: HashMap<String, Resource>,
    pub outputs: HashMap<String, Def>,
    /// `moved` blocks between module addresses: from, to (relative to this
    /// module), in the order written.
    pub moved: Vec<(String, String)>,
}

impl Config {
    /// Where a place stands in its file.
    pub fn location(&self, at: &At) -> Location {
        self.files[at.file].location_at(at.base, at.span.clone())
    }

    /// Where a definition stands.
    pub fn def_location(&self, def: &Def) -> Location {
        self.files[def.file].location_at(def.base, def.span.clone())
    }

    pub fn module(&self, name: &str) -> Option<&ModuleCall> {
        self.module_index.get(name).map(|&i| &self.modules[i])
    }

    /// Reads a module's files: the others first, then the override files in
    /// their order.
    pub fn load(dir: &str, files: &[TfFile]) -> Result<Config, TfError> {
        let mut parsed: Vec<Parsed> = files.iter().map(Parsed::config).collect::<Result<_, _>>()?;
        parsed.sort_by_key(|p| p.is_override);
        let mut config = Config {
            dir: dir.to_string(),
            files: Vec::new(),
            variables: HashMap::new(),
            locals: HashMap::new(),
            modules: Vec::new(),
            module_index: HashMap::new(),
            resources: HashMap::new(),
            outputs: HashMap::new(),
            moved: Vec::new(),
        };
        let mut failed = None;
        for (i, file) in parsed.iter().enumerate() {
            let read = file.for_each_chunk(|base, body| {
                config
                    .read_body(i, base, body, file.is_override)
                    .map_err(ReadError::Declaration)
            });
            if let Err(e) = read {
                failed = Some(e);
                break;
            }
        }
        config.files = parsed;
        match failed {
            None => Ok(config),
            Some(ReadError::Syntax(e)) => Err(e),
            Some(ReadError::Declaration(d)) => Err(d.resolve(&config)),
        }
    }

    fn read_body(
        &mut self,
        file: usize,
        base: usize,
        body: Body,
        is_override: bool,
    ) -> Result<(), Refusal> {
        let at = |span| At { file, base, span };
        for structure in body {
            match structure {
                Structure::Attribute(a) => {
                    return Err(Refusal::new(
                        at(a.span()),
                        format!(
                            "Unsupported argument: an argument named \"{}\" is not expected \
                             at the top level of a module",
                            a.key.as_str()
                        ),
                    ));
                }
                Structure::Block(b) => {
                    let here = at(b.ident.span());
                    match b.ident.as_str() {
                        "variable" => self.variable(here, b, is_override)?,
                        "locals" => self.locals(here, b, is_override)?,
                        "module" => self.module_call(here, b, is_override)?,
                        "output" => self.output(here, b, is_override)?,
                        "resource" | "data" => self.resource(here, b, is_override)?,
                        "moved" => self.moved(b),
                        _ => {}
                    }
                }
            }
        }
        Ok(())
    }

    /// A block's labels, as many as its kind takes.
    fn labels(at: &At, b: &Block, n: usize) -> Result<Vec<String>, Refusal> {
        let labels: Vec<String> = b.labels.iter().map(|l| l.as_str().to_string()).collect();
        if labels.len() != n {
            return Err(Refusal::new(
                at.clone(),
                format!(
                    "a {} block takes {n} label(s), this one has {}",
                    b.ident.as_str(),
                    labels.len()
                ),
            ));
        }
        Ok(labels)
    }

    fn variable(&mut self, at: At, b: Block, is_override: bool) -> Result<(), Refusal> {
        let name = Self::labels(&at, &b, 1)?.remove(0);
        let first = self.variables.get(&name).map(|v| v.at.clone());
        clash(&at, "variable declaration", &name, first, is_override)?;
        let mut type_ = None;
        let mut default = None;
        for attr in b.body.into_attributes() {
            let span = attr.span();
            match attr.key.as_str() {
                "type" => type_ = Some(Type::from_expr(&attr.value).ok()),
                "default" => default = Some(def(&at, attr.value, span)),
                _ => {}
            }
        }
        let decl = self.variables.entry(name).or_insert(VariableDecl {
            at,
            type_: None,
            default: None,
        });
        if let Some(t) = type_ {
            decl.type_ = t;
        }
        if default.is_some() {
            decl.default = default;
        }
        Ok(())
    }

    fn locals(&mut self, at: At, b: Block, is_override: bool) -> Result<(), Refusal> {
        for attr in b.body.into_attributes() {
            let name = attr.key.as_str().to_string();
            let here = At {
                span: attr.span(),
                ..at.clone()
            };
            let first = self.locals.get(&name).map(Def::at);
            clash(&here, "local value definition", &name, first, is_override)?;
            let d = def(&at, attr.value, here.span);
            self.locals.insert(name, d);
        }
        Ok(())
    }

    fn module_call(&mut self, at: At, b: Block, is_override: bool) -> Result<(), Refusal> {
        let name = Self::labels(&at, &b, 1)?.remove(0);
        let existing = self.module_index.get(&name).copied();
        let first = existing.map(|i| self.modules[i].at.clone());
        clash(&at, "module call", &name, first, is_override)?;
        let index = match existing {
            Some(i) => i,
            None => {
                self.module_index.insert(name.clone(), self.modules.len());
                self.modules.push(ModuleCall {
                    name,
                    at: at.clone(),
                    args: Vec::new(),
                    index: None,
                    blocks: Vec::new(),
                });
                self.modules.len() - 1
            }
        };
        for structure in b.body {
            match structure {
                Structure::Attribute(a) => {
                    let span = a.span();
                    let key = a.key.as_str().to_string();
                    let d = def(&at, a.value, span);
                    self.modules[index].set(Arg { key, def: d });
                }
                Structure::Block(inner) => {
                    let here = At {
                        span: inner.ident.span(),
                        ..at.clone()
                    };
                    self.modules[index]
                        .blocks
                        .push((inner.ident.as_str().to_string(), here));
                }
            }
        }
        Ok(())
    }

    fn output(&mut self, at: At, b: Block, is_override: bool) -> Result<(), Refusal> {
        let name = Self::labels(&at, &b, 1)?.remove(0);
        let first = self.outputs.get(&name).map(Def::at);
        clash(&at, "output definition", &name, first, is_override)?;
        if let Some(value) = b.body.into_attributes().find(|a| a.key.as_str() == "value") {
            let span = value.span();
            self.outputs.insert(name, def(&at, value.value, span));
        }
        Ok(())
    }

    /// A `moved` block whose `from` and `to` are both module addresses
    /// (`module.a`, `module.a["k"]`, `module.a[0].module.b`); one between
    /// resources concerns no module block.
    fn moved(&mut self, b: Block) {
        let mut from = None;
        let mut to = None;
        for attr in b.body.into_attributes() {
            match attr.key.as_str() {
                "from" => from = module_address(&attr.value),
                "to" => to = module_address(&attr.value),
                _ => {}
            }
        }
        if let (Some(from), Some(to)) = (from, to) {
            self.moved.push((from, to));
        }
    }

    fn resource(&mut self, at: At, b: Block, is_override: bool) -> Result<(), Refusal> {
        let labels = Self::labels(&at, &b, 2)?;
        let data = b.ident.as_str() == "data";
        let address = format!(
            "{}{}.{}",
            if data { "data." } else { "" },
            labels[0],
            labels[1]
        );
        let what = if data { "data source" } else { "resource" };
        let first = self.resources.get(&address).map(|r| r.at.clone());
        clash(&at, what, &address, first, is_override)?;
        let entry = self.resources.entry(address).or_insert(Resource {
            at: at.clone(),
            count: None,
            for_each: None,
        });
        for attr in b.body.into_attributes() {
            let span = attr.span();
            match attr.key.as_str() {
                "count" => entry.count = Some(def(&at, attr.value, span)),
                "for_each" => entry.for_each = Some(def(&at, attr.value, span)),
                _ => {}
            }
        }
        Ok(())
    }
}

impl Def {
    /// Where the definition is.
    pub fn at(&self) -> At {
        At {
            file: self.file,
            base: self.base,
            span: self.span.clone(),
        }
    }
}

fn def(at: &At, expr: Expression, span: Option<Range<usize>>) -> Def {
    Def {
        file: at.file,
        base: at.base,
        span,
        expr,
    }
}

/// Terraform's error for a second declaration of a name, or for an
/// override of a name never declared.
fn clash(
    at: &At,
    what: &str,
    name: &str,
    first: Option<At>,
    is_override: bool,
) -> Result<(), Refusal> {
    match (first, is_override) {
        (Some(first), false) => Err(Refusal {
            at: at.clone(),
            message: format!(
                "Duplicate {what}: \"{name}\" was already declared at {{first}}; names must be \
                 unique within a module"
            ),
            first: Some(first),
        }),
        (None, true) => Err(Refusal::new(
            at.clone(),
            format!("Missing base {what} for override: there is no \"{name}\" to override"),
        )),
        _ => Ok(()),
    }
}

/// A declaration Terraform refuses, placed once the files are all read.
struct Refusal {
    at: At,
    /// `{first}` stands for where the name was first declared.
    message: String,
    first: Option<At>,
}

impl Refusal {
    fn new(at: At, message: String) -> Refusal {
        Refusal {
            at,
            message,
            first: None,
        }
    }

    fn resolve(self, config: &Config) -> TfError {
        let message = match &self.first {
            Some(first) => self
                .message
                .replace("{first}", &config.location(first).to_string()),
            None => self.message,
        };
        TfError {
            location: config.location(&self.at),
            message,
        }
    }
}

enum ReadError {
    Syntax(TfError),
    Declaration(Refusal),
}

impl From<TfError> for ReadError {
    fn from(e: TfError) -> Self {
        ReadError::Syntax(e)
    }
}

/// `module.a["k"].module.b` as the reader writes addresses; `None` for
/// anything but a module address of names and literal keys.
fn module_address(expr: &Expression) -> Option<String> {
    use hcl::edit::expr::TraversalOperator;
    let Expression::Traversal(t) = expr else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    if root.as_str() != "module" {
        return None;
    }
    let mut out = "module".to_string();
    for op in &t.operators {
        match op.value() {
            TraversalOperator::GetAttr(a) => {
                out.push('.');
                out.push_str(a.as_str());
            }
            TraversalOperator::Index(Expression::Number(n)) => {
                out.push_str(&format!("[{}]", n.value().as_u64()?));
            }
            TraversalOperator::Index(Expression::String(k)) => {
                out.push_str(&format!("[{:?}]", k.value().as_str()));
            }
            TraversalOperator::LegacyIndex(i) => out.push_str(&format!("[{}]", i.value())),
            _ => return None,
        }
    }
    // `module.NAME` at least, and never ending inside a call's name.
    (out.matches('.').count() >= 1 && !out.ends_with("module")).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(files: &[(&str, &str)]) -> Result<Config, TfError> {
        let files: Vec<TfFile> = files
            .iter()
            .map(|(p, t)| TfFile {
                path: p.to_string(),
                text: t.to_string(),
            })
            .collect();
        Config::load(".", &files)
    }

    #[test]
    fn duplicates_are_terraforms_errors() {
        for (text, words, line) in [
            (
                "variable \"a\" {}\nvariable \"a\" {}\n",
                "Duplicate variable declaration",
                2,
            ),
            (
                "locals {\n  x = 1\n}\nlocals {\n  x = 2\n}\n",
                "Duplicate local value",
                5,
            ),
            (
                "module \"m\" { source = \"./m\" }\nmodule \"m\" { source = \"./m\" }\n",
                "Duplicate module call",
                2,
            ),
            (
                "output \"o\" { value = 1 }\noutput \"o\" { value = 2 }\n",
                "Duplicate output",
                2,
            ),
            (
                "resource \"t\" \"n\" {}\nresource \"t\" \"n\" {}\n",
                "Duplicate resource",
                2,
            ),
        ] {
            let e = load(&[("main.tf", text)]).err().expect(words);
            assert!(e.message.contains(words), "{e}");
            assert_eq!(e.location.line, line, "{e}");
        }
    }

    #[test]
    fn overrides_merge_attribute_by_attribute() {
        let main = "module \"m\" {\n  source = \"s\"\n  a = 1\n  b = 2\n}\n";
        let over = "module \"m\" {\n  b = 3\n  c = 4\n}\n";
        let c = load(&[("override.tf", over), ("main.tf", main)]).unwrap();
        let m = c.module("m").unwrap();
        let keys: Vec<&str> = m.args.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, ["source", "a", "b", "c"]);
        assert_eq!(c.def_location(&m.arg("b").unwrap().def).file, "override.tf");
        let orphan = load(&[("main.tf", ""), ("x_override.tf", "locals {\n  y = 1\n}\n")]);
        assert!(orphan.err().unwrap().message.contains("Missing base"));
    }
}
