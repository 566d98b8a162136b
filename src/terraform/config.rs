//! One Terraform module's declarations, read from its files as Terraform
//! reads them: override files merged over the others, attribute by
//! attribute, and the declarations Terraform refuses (a variable, local,
//! module call, output or resource declared twice; an override with nothing
//! to override) refused with Terraform's words and the place. Everything is
//! indexed by name, so a tree of any size is read in linear time.

use std::collections::HashMap;

use hcl::edit::Span;
use hcl::edit::expr::Expression;
use hcl::edit::structure::{Block, Body, Structure};

use super::parse::Parsed;
use super::types::Type;
use super::{Location, TfError, TfFile};

/// An expression and the file it is in.
pub struct Def {
    pub file: usize,
    pub expr: Expression,
    pub location: Location,
}

pub struct VariableDecl {
    pub location: Location,
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

pub struct ModuleCall {
    pub name: String,
    pub location: Location,
    /// In the order written; an override replaces in place or adds at the end.
    pub args: Vec<Arg>,
    index: HashMap<String, usize>,
    /// Nested blocks: a module call takes none.
    pub blocks: Vec<(String, Location)>,
}

impl ModuleCall {
    pub fn arg(&self, key: &str) -> Option<&Arg> {
        self.index.get(key).map(|&i| &self.args[i])
    }

    fn set(&mut self, arg: Arg) {
        match self.index.get(&arg.key) {
            Some(&i) => self.args[i] = arg,
            None => {
                self.index.insert(arg.key.clone(), self.args.len());
                self.args.push(arg);
            }
        }
    }
}

/// A `resource` or `data` block: what its `count` or `for_each` make.
pub struct Resource {
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
}

impl Config {
    pub fn module(&self, name: &str) -> Option<&ModuleCall> {
        self.module_index.get(name).map(|&i| &self.modules[i])
    }

    /// Reads a module's files: the others first, then the override files in
    /// their order.
    pub fn load(dir: &str, files: &[TfFile]) -> Result<Config, TfError> {
        let mut parsed: Vec<Parsed> = files.iter().map(Parsed::new).collect::<Result<_, _>>()?;
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
        };
        for (i, mut file) in parsed.into_iter().enumerate() {
            let body = std::mem::take(&mut file.body);
            let is_override = file.is_override;
            config.files.push(file);
            config.read_body(i, body, is_override)?;
        }
        Ok(config)
    }

    fn read_body(&mut self, file: usize, body: Body, is_override: bool) -> Result<(), TfError> {
        for structure in body {
            match structure {
                Structure::Attribute(a) => {
                    return Err(self.error(
                        file,
                        a.span(),
                        format!(
                            "Unsupported argument: an argument named \"{}\" is not expected \
                             at the top level of a module",
                            a.key.as_str()
                        ),
                    ));
                }
                Structure::Block(b) => match b.ident.as_str() {
                    "variable" => self.variable(file, b, is_override)?,
                    "locals" => self.locals(file, b, is_override)?,
                    "module" => self.module_call(file, b, is_override)?,
                    "output" => self.output(file, b, is_override)?,
                    "resource" | "data" => self.resource(file, b, is_override)?,
                    _ => {}
                },
            }
        }
        Ok(())
    }

    fn error(&self, file: usize, span: Option<std::ops::Range<usize>>, message: String) -> TfError {
        TfError {
            location: self.files[file].location(span),
            message,
        }
    }

    fn def(&self, file: usize, expr: Expression, span: Option<std::ops::Range<usize>>) -> Def {
        Def {
            file,
            location: self.files[file].location(span),
            expr,
        }
    }

    /// A block's labels, as many as its kind takes.
    fn labels(&self, file: usize, b: &Block, n: usize) -> Result<Vec<String>, TfError> {
        let labels: Vec<String> = b.labels.iter().map(|l| l.as_str().to_string()).collect();
        if labels.len() != n {
            return Err(self.error(
                file,
                b.ident.span(),
                format!(
                    "a {} block takes {n} label(s), this one has {}",
                    b.ident.as_str(),
                    labels.len()
                ),
            ));
        }
        Ok(labels)
    }

    /// Terraform's error for a second declaration of a name, or for an
    /// override of a name never declared.
    fn clash(
        &self,
        file: usize,
        b: &Block,
        what: &str,
        name: &str,
        first: Option<&Location>,
        is_override: bool,
    ) -> Result<(), TfError> {
        let span = b.ident.span();
        match (first, is_override) {
            (Some(first), false) => Err(self.error(
                file,
                span,
                format!(
                    "Duplicate {what}: \"{name}\" was already declared at {first}; names must \
                     be unique within a module"
                ),
            )),
            (None, true) => Err(self.error(
                file,
                span,
                format!("Missing base {what} for override: there is no \"{name}\" to override"),
            )),
            _ => Ok(()),
        }
    }

    fn variable(&mut self, file: usize, b: Block, is_override: bool) -> Result<(), TfError> {
        let name = self.labels(file, &b, 1)?.remove(0);
        let first = self.variables.get(&name).map(|v| &v.location);
        self.clash(file, &b, "variable declaration", &name, first, is_override)?;
        let location = self.files[file].location(b.ident.span());
        let mut type_ = None;
        let mut default = None;
        for attr in b.body.into_attributes() {
            let span = attr.span();
            match attr.key.as_str() {
                "type" => type_ = Some(Type::from_expr(&attr.value).ok()),
                "default" => default = Some(self.def(file, attr.value, span)),
                _ => {}
            }
        }
        let decl = self.variables.entry(name).or_insert(VariableDecl {
            location,
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

    fn locals(&mut self, file: usize, b: Block, is_override: bool) -> Result<(), TfError> {
        for attr in b.body.into_attributes() {
            let name = attr.key.as_str().to_string();
            let span = attr.span();
            match (self.locals.get(&name), is_override) {
                (Some(first), false) => {
                    return Err(self.error(
                        file,
                        span,
                        format!(
                            "Duplicate local value definition: \"{name}\" was already defined \
                             at {}; local value names must be unique within a module",
                            first.location
                        ),
                    ));
                }
                (None, true) => {
                    return Err(self.error(
                        file,
                        span,
                        format!(
                            "Missing base local value definition to override: there is no \
                             local \"{name}\""
                        ),
                    ));
                }
                _ => {}
            }
            let def = self.def(file, attr.value, span);
            self.locals.insert(name, def);
        }
        Ok(())
    }

    fn module_call(&mut self, file: usize, b: Block, is_override: bool) -> Result<(), TfError> {
        let name = self.labels(file, &b, 1)?.remove(0);
        let existing = self.module_index.get(&name).copied();
        let first = existing.map(|i| &self.modules[i].location);
        self.clash(file, &b, "module call", &name, first, is_override)?;
        let location = self.files[file].location(b.ident.span());
        let index = match existing {
            Some(i) => i,
            None => {
                self.module_index.insert(name.clone(), self.modules.len());
                self.modules.push(ModuleCall {
                    name,
                    location,
                    args: Vec::new(),
                    index: HashMap::new(),
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
                    let def = self.def(file, a.value, span);
                    self.modules[index].set(Arg { key, def });
                }
                Structure::Block(inner) => {
                    let at = self.files[file].location(inner.ident.span());
                    self.modules[index]
                        .blocks
                        .push((inner.ident.as_str().to_string(), at));
                }
            }
        }
        Ok(())
    }

    fn output(&mut self, file: usize, b: Block, is_override: bool) -> Result<(), TfError> {
        let name = self.labels(file, &b, 1)?.remove(0);
        let first = self.outputs.get(&name).map(|o| &o.location);
        self.clash(file, &b, "output definition", &name, first, is_override)?;
        let span = b.ident.span();
        if let Some(value) = b.body.into_attributes().find(|a| a.key.as_str() == "value") {
            let def = self.def(file, value.value, span);
            self.outputs.insert(name, def);
        }
        Ok(())
    }

    fn resource(&mut self, file: usize, b: Block, is_override: bool) -> Result<(), TfError> {
        let labels = self.labels(file, &b, 2)?;
        let prefix = if b.ident.as_str() == "data" {
            "data."
        } else {
            ""
        };
        let address = format!("{prefix}{}.{}", labels[0], labels[1]);
        if self.resources.contains_key(&address) != is_override {
            let what = if prefix.is_empty() {
                "resource"
            } else {
                "data source"
            };
            return Err(self.error(
                file,
                b.ident.span(),
                if is_override {
                    format!("Missing base {what} for override: there is no {address}")
                } else {
                    format!(
                        "Duplicate {what} configuration: {address} is declared twice; \
                         names must be unique within a module"
                    )
                },
            ));
        }
        let entry = self.resources.entry(address).or_insert(Resource {
            count: None,
            for_each: None,
        });
        let mut count = None;
        let mut for_each = None;
        for attr in b.body.into_attributes() {
            match attr.key.as_str() {
                "count" => count = Some((attr.span(), attr.value)),
                "for_each" => for_each = Some((attr.span(), attr.value)),
                _ => {}
            }
        }
        let files = &self.files;
        let def = |(span, expr): (Option<std::ops::Range<usize>>, Expression)| Def {
            file,
            location: files[file].location(span),
            expr,
        };
        if let Some(c) = count {
            entry.count = Some(def(c));
        }
        if let Some(f) = for_each {
            entry.for_each = Some(def(f));
        }
        Ok(())
    }
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
        assert_eq!(m.arg("b").unwrap().def.location.file, "override.tf");
        let orphan = load(&[("main.tf", ""), ("x_override.tf", "locals {\n  y = 1\n}\n")]);
        assert!(orphan.err().unwrap().message.contains("Missing base"));
    }
}
