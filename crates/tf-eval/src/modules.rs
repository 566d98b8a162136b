//! The pypiserver `module` blocks of a root and of the local modules it
//! calls: each argument evaluated in its module's scope (per instance when
//! it uses `count.index` or `each.*`), checked against the module's
//! interface (an argument it does not have, a required one missing) and
//! converted to the variable's type, as Terraform does.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use hcl::edit::expr::Expression;

use crate::ModuleInterface;
use crate::config::{Config, ModuleCall};
use crate::eval::Instance;
use crate::references::{References, variable_name};
use crate::scope::{Calls, Inputs, META_ARGUMENTS, Repeat, Scope, Shared};
use crate::sources::{self, Source, Wanted};
use crate::types::{self, Type};
use crate::value::{self, ErrorKind, EvalError, Value};
use crate::variables::Settings;
use crate::{
    Argument, Copies, Location, ModuleBlock, Modules, NoModules, Problem, Resolved, Root,
    SourceTree, TfError,
};

/// The most pypiserver module blocks (instances) checked in one run.
pub const MAX_BLOCKS: usize = 1000;

/// What to look for and where local modules come from.
pub struct Request<'a> {
    pub wanted: Wanted,
    pub interface: &'a ModuleInterface,
    pub tree: &'a dyn SourceTree,
}

/// The module's variables by name, with their types.
struct Interface<'a> {
    data: &'a ModuleInterface,
    types: HashMap<&'a str, (Type, bool)>,
}

impl<'a> Interface<'a> {
    fn new(data: &'a ModuleInterface) -> Interface<'a> {
        let types = data
            .variables
            .iter()
            .map(|v| {
                let t = Type::parse(&v.type_).unwrap_or(Type::Any);
                (v.name.as_str(), (t, v.required))
            })
            .collect();
        Interface { data, types }
    }
}

/// The blocks whose `source` is one of `sources` (registry addresses or
/// local paths), read with `interface` and no local modules.
pub fn module_blocks(
    root: &Root,
    sources: &[String],
    interface: &ModuleInterface,
) -> Result<Vec<ModuleBlock>, TfError> {
    let request = Request {
        wanted: Wanted {
            every_instance: false,
            sources: sources.to_vec(),
            repository: interface.repository.clone(),
        },
        interface,
        tree: &NoModules,
    };
    Ok(read_modules(root, &request)?.blocks)
}

/// Reads a root and the local modules it calls.
pub fn read_modules(root: &Root, request: &Request<'_>) -> Result<Modules, TfError> {
    let dir = if root.dir.is_empty() { "." } else { &root.dir };
    let config = Rc::new(Config::load(dir, &root.tf_files)?);
    let settings = Settings::read(&root.settings, &|name| config.variables.contains_key(name))?;
    let shared = Shared::new(request.tree, request.wanted.clone());
    let scope = Scope::new(&shared, config, Inputs::Root(settings));
    let interface = Interface::new(request.interface);
    let mut modules = Modules {
        blocks: Vec::new(),
        lookalikes: Vec::new(),
        unread: Vec::new(),
        moved: Vec::new(),
        followed: Vec::new(),
    };
    collect(&scope, &interface, &mut modules)?;
    modules.followed = shared.followed.borrow().clone();
    Ok(modules)
}

/// The pypiserver blocks of a scope and of the local modules it calls, in
/// the order written.
fn collect(scope: &Scope<'_>, interface: &Interface<'_>, out: &mut Modules) -> Result<(), TfError> {
    for (from, to) in &scope.config.moved {
        let at = |a: &str| format!("{}{a}", scope.address);
        out.moved.push((at(from), at(to)));
    }
    for call in &scope.config.modules {
        let Some(source) = call
            .arg("source")
            .and_then(|a| a.def.expr.as_str().map(str::to_string))
        else {
            // Terraform requires a literal source; a block without one is
            // refused when it is followed, and is not the module.
            if call.arg("source").is_some() {
                return Err(TfError {
                    location: scope.config.location(&call.at),
                    message: format!(
                        "Invalid source: module \"{}\"'s source must be a literal string",
                        call.name
                    ),
                });
            }
            continue;
        };
        match sources::classify(&source, &scope.shared.wanted) {
            Source::Pypiserver { git, git_ref } => {
                let git = git.then_some(git_ref);
                out.blocks
                    .extend(pypiserver_blocks(scope, interface, call, &source, git));
                if out.blocks.len() > MAX_BLOCKS {
                    return Err(TfError {
                        location: scope.config.location(&call.at),
                        message: format!(
                            "more than {MAX_BLOCKS} pypiserver module blocks (or instances of \
                             them): pypi-size checks at most {MAX_BLOCKS} in one run"
                        ),
                    });
                }
            }
            Source::Local(_) => {
                let calls = scope.calls(call);
                match &*calls {
                    Err(e) => return Err(e.clone()),
                    Ok(Calls::Local(_, scopes)) => {
                        for (_, child) in scopes {
                            collect(child, interface, out)?;
                        }
                    }
                    Ok(Calls::Unread(_)) => out.unread.push(unread(scope, call, &source)),
                }
            }
            Source::Other if source.to_ascii_lowercase().contains("pypiserver") => {
                out.lookalikes
                    .push((scope.config.location(&call.at), source.clone()));
                out.unread.push(unread(scope, call, &source));
            }
            Source::Other => out.unread.push(unread(scope, call, &source)),
        }
    }
    Ok(())
}

/// A module call whose contents pypi-size does not read: its address,
/// where, and its source with the version it asks for.
fn unread(scope: &Scope<'_>, call: &ModuleCall, source: &str) -> crate::UnreadCall {
    let version = call
        .arg("version")
        .and_then(|a| a.def.expr.as_str().map(str::to_string));
    crate::UnreadCall {
        address: format!("{}module.{}", scope.address, call.name),
        source: match version {
            Some(v) => format!("{source} {v}"),
            None => source.to_string(),
        },
        location: scope.config.location(&call.at),
    }
}

/// One block for the call, or one per instance when its arguments use
/// `count.index` or `each.*`.
fn pypiserver_blocks(
    scope: &Scope<'_>,
    interface: &Interface<'_>,
    call: &ModuleCall,
    source: &str,
    git: Option<Option<String>>,
) -> Vec<ModuleBlock> {
    let count = call.arg("count").map(|a| &a.def);
    let for_each = call.arg("for_each").map(|a| &a.def);
    scope.shared.budget.begin_task();
    let repeat = scope.repeat(count, for_each);
    let per_instance = scope.shared.wanted.every_instance
        || call
            .args
            .iter()
            .filter(|a| !META_ARGUMENTS.contains(&a.key.as_str()))
            .any(|a| References::of(&a.def.expr).instance);
    let address = format!("{}module.{}", scope.address, call.name);
    let base = Block {
        scope,
        interface,
        call,
        source,
        git: &git,
        repeat: &repeat,
    };
    if per_instance {
        // No instance: the block is still read (Terraform validates its
        // constant arguments), its per-instance values unknown.
        if let Some(instances) = repeat.instances().filter(|i| !i.is_empty()) {
            return instances
                .into_iter()
                .map(|(key, instance)| base.read(format!("{address}{key}"), &instance, true))
                .collect();
        }
        let unknown = repeat.unknown_instance();
        return vec![base.read(address, &unknown, false)];
    }
    vec![base.read(address, &Instance::default(), false)]
}

/// What reading one pypiserver block needs.
struct Block<'a, 's> {
    scope: &'a Scope<'s>,
    interface: &'a Interface<'a>,
    call: &'a ModuleCall,
    source: &'a str,
    git: &'a Option<Option<String>>,
    repeat: &'a Repeat,
}

impl Block<'_, '_> {
    fn read(&self, address: String, instance: &Instance, expanded: bool) -> ModuleBlock {
        let call = self.call;
        let mut problems = Vec::new();
        let mut arguments = BTreeMap::new();
        for arg in &call.args {
            let key = arg.key.as_str();
            // Terraform's own arguments (count and for_each shown below).
            let meta = self.interface.data.meta_arguments.iter().any(|m| m == key);
            if meta && !matches!(key, "count" | "for_each") {
                continue;
            }
            let argument = if matches!(key, "count" | "for_each") {
                self.meta_argument(arg, expanded)
            } else {
                self.argument(key, &arg.def, instance, &mut problems)
            };
            arguments.insert(key.to_string(), argument);
        }
        self.interface_problems(&mut problems);
        let version = self.version(&mut problems);
        ModuleBlock {
            // An instance is named with its key: `pypiserver["eu"]`.
            name: if expanded {
                format!(
                    "{}{}",
                    call.name,
                    address.rsplit_once(&*call.name).map_or("", |(_, key)| key)
                )
            } else {
                call.name.clone()
            },
            address,
            source: self.source.to_string(),
            version,
            git: self.git.as_ref().map(Option::is_some),
            location: self.scope.config.location(&call.at),
            arguments,
            copies: if expanded { Copies::One } else { self.copies() },
            problems,
        }
    }

    /// `count` as its number, `for_each` as its keys (a long list by its
    /// length), as already evaluated for the copies.
    fn meta_argument(&self, arg: &crate::config::Arg, expanded: bool) -> Argument {
        let value = match self.repeat {
            Repeat::Count(n) => Resolved::Known {
                value: serde_json::Value::from(*n),
            },
            Repeat::Each(keys) if keys.len() <= 100 => Resolved::Known {
                value: keys
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>()
                    .into(),
            },
            Repeat::Each(keys) => Resolved::Known {
                value: format!("{} keys", keys.len()).into(),
            },
            Repeat::Unknown(r) => Resolved::Unknown {
                reason: r.to_string(),
            },
            Repeat::Single | Repeat::Invalid(_) => match self.scope.eval(&arg.def, None) {
                Ok(v) if v.walkable().is_ok() && v.unknown_reason().is_none() => Resolved::Known {
                    value: value::to_json(&v),
                },
                Ok(v) => Resolved::Unknown {
                    reason: format!("a {} that pypi-size does not show", v.type_name()),
                },
                Err(e) => Resolved::Unknown {
                    reason: e.describe(),
                },
            },
        };
        let origin = if expanded {
            "expression (one instance of it)".to_string()
        } else {
            origin(self.scope, &arg.def.expr)
        };
        Argument {
            value,
            origin,
            location: self.scope.config.def_location(&arg.def),
        }
    }

    /// An argument evaluated and converted to the module's type.
    fn argument(
        &self,
        key: &str,
        def: &crate::config::Def,
        instance: &Instance,
        problems: &mut Vec<Problem>,
    ) -> Argument {
        let location = self.scope.config.def_location(def);
        let declared = self.interface.types.get(key);
        if declared.is_none() {
            problems.push(self.unsupported(key, &location));
        }
        let evaluated = self
            .scope
            .eval_task(def, Some(instance))
            .and_then(|v| match declared {
                Some((t, _)) => types::convert(&v, t).map_err(|e| {
                    if e.kind != ErrorKind::Terraform {
                        return e;
                    }
                    EvalError::terraform(format!(
                        "Invalid value for module argument: {} is not suitable for the module's \
                     {key} ({t}): {}",
                        short(&v),
                        e.message
                    ))
                }),
                None => v.walkable().map(|()| v),
            });
        let value = match evaluated {
            Ok(v) => match v.unknown_reason() {
                Some(reason) => Resolved::Unknown {
                    reason: reason.to_string(),
                },
                None => Resolved::Known {
                    value: value::to_json(&v),
                },
            },
            Err(e) => {
                if let Some(p) = evaluation_problem(key, &e, &location) {
                    problems.push(p);
                }
                Resolved::Unknown {
                    reason: match e.kind {
                        ErrorKind::Unsupported => format!(
                            "cannot be evaluated by pypi-size (Terraform may): {}",
                            e.describe()
                        ),
                        _ => e.describe(),
                    },
                }
            }
        };
        Argument {
            value,
            origin: origin(self.scope, &def.expr),
            location,
        }
    }

    fn unsupported(&self, key: &str, location: &Location) -> Problem {
        let names = self
            .interface
            .data
            .variables
            .iter()
            .map(|v| v.name.as_str());
        let suggestion = crate::suggest::nearest(key, names).into_iter().next();
        let (hint, fix) = match &suggestion {
            Some(s) => (format!("; did you mean {s}?"), format!("rename it to {s}")),
            None => (
                String::new(),
                "remove it (`pypi-size capacity --help` lists the module's sizing inputs)"
                    .to_string(),
            ),
        };
        Problem {
            code: "unsupported_argument",
            argument: Some(key.to_string()),
            message: format!(
                "{key} is not an argument of the module (Terraform: Unsupported argument){hint}"
            ),
            fix,
            location: location.clone(),
        }
    }

    /// Required variables not given, and nested blocks (a module call takes none).
    fn interface_problems(&self, problems: &mut Vec<Problem>) {
        for v in self.interface.data.variables.iter().filter(|v| v.required) {
            if self.call.arg(&v.name).is_none() {
                problems.push(Problem {
                    code: "missing_required",
                    argument: Some(v.name.clone()),
                    message: format!(
                        "{} is missing: the module requires it (Terraform: Missing required \
                         argument)",
                        v.name
                    ),
                    fix: format!("add {} = ... ({})", v.name, v.type_),
                    location: self.scope.config.location(&self.call.at),
                });
            }
        }
        for (kind, at) in &self.call.blocks {
            problems.push(Problem {
                code: "unsupported_argument",
                argument: Some(kind.clone()),
                message: format!(
                    "a `{kind}` block is not expected in a module call (Terraform: \
                     Unsupported block type)"
                ),
                fix: format!("remove the {kind} block"),
                location: self.scope.config.location(at),
            });
        }
    }

    /// The version constraint, or the git ref; a `version` on a git source
    /// is Terraform's error.
    fn version(&self, problems: &mut Vec<Problem>) -> Option<(String, Location)> {
        let version = self.call.arg("version").map(|a| {
            let text = a.def.expr.as_str().unwrap_or_default().to_string();
            (text, self.scope.config.def_location(&a.def))
        });
        match (self.git, version) {
            (Some(_), Some((_, at))) => {
                problems.push(Problem {
                    code: "invalid_value",
                    argument: Some("version".into()),
                    message: "version applies only to registry modules; a git source takes \
                              its version from ?ref= (Terraform: Invalid version constraint)"
                        .into(),
                    fix: "remove version and pin the source with ?ref=".into(),
                    location: at,
                });
                None
            }
            (Some(Some(git_ref)), None) => {
                let at = self
                    .call
                    .arg("source")
                    .map(|a| self.scope.config.def_location(&a.def));
                at.map(|at| (git_ref.clone(), at))
            }
            (_, v) => v,
        }
    }

    fn copies(&self) -> Copies {
        let meta = if self.call.arg("count").is_some() {
            "count"
        } else {
            "for_each"
        };
        match self.repeat {
            Repeat::Single => Copies::One,
            Repeat::Count(n) => Copies::Known { meta, n: *n },
            Repeat::Each(keys) => Copies::Known {
                meta,
                n: keys.len() as u64,
            },
            Repeat::Unknown(r) => Copies::Unknown {
                meta,
                reason: r.to_string(),
            },
            Repeat::Invalid(e) => Copies::Invalid {
                meta,
                message: e.message.clone(),
            },
        }
    }
}

/// A value for a message: itself when short.
fn short(v: &Value) -> String {
    if v.size() > 60 {
        return format!("this {}", v.type_name());
    }
    let json = value::to_json(v).to_string();
    if json.chars().count() > 60 {
        format!("this {}", v.type_name())
    } else {
        json
    }
}

/// The problem an evaluation error makes: Terraform's refusal or the
/// budget; `None` for what pypi-size does not evaluate (the value is then
/// unknown).
fn evaluation_problem(key: &str, e: &EvalError, location: &Location) -> Option<Problem> {
    let (code, fix) = match e.kind {
        ErrorKind::Unsupported => return None,
        ErrorKind::Terraform => (
            "invalid_value",
            format!("give {key} a value Terraform accepts"),
        ),
        ErrorKind::Budget => (
            "evaluation_budget",
            format!("simplify the expressions {key} depends on"),
        ),
    };
    Some(Problem {
        code,
        argument: Some(key.to_string()),
        message: format!("{key}: {}", e.describe()),
        fix,
        location: location.clone(),
    })
}

/// `literal`, `var.NAME (how it was set)`, or `expression`.
fn origin(scope: &Scope<'_>, expr: &Expression) -> String {
    use Expression as E;
    match expr {
        E::Null(_) | E::Bool(_) | E::Number(_) | E::String(_) => "literal".to_string(),
        E::Array(a) if a.iter().all(|e| matches!(e, E::String(_) | E::Number(_))) => {
            "literal".to_string()
        }
        _ => match variable_name(expr) {
            Some(name) => format!("var.{name} ({})", scope.variable_origin(name)),
            None => "expression".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::VarSetting;
    use crate::test_support::{MAIN, SOURCE, interface, known, root, unknown};

    fn one(text: &str) -> ModuleBlock {
        module_blocks(
            &root(&[("main.tf", text)], vec![]),
            &["s".into()],
            interface(),
        )
        .unwrap()
        .remove(0)
    }

    #[test]
    fn resolves_literals_variables_locals_and_arithmetic() {
        let r = root(&[("main.tf", MAIN)], vec![]);
        let blocks = module_blocks(
            &r,
            &["registry.infrahouse.com/infrahouse/pypiserver/aws".into()],
            interface(),
        )
        .unwrap();
        assert_eq!(blocks.len(), 1);
        let b = &blocks[0];
        assert_eq!(
            (b.name.as_str(), b.address.as_str()),
            ("pypiserver", "module.pypiserver")
        );
        assert_eq!(b.location.line, 22);
        assert_eq!(known(b, "asg_instance_type"), "c6a.large");
        assert_eq!(known(b, "asg_min_size"), 2);
        assert_eq!(known(b, "asg_max_size"), 4);
        assert_eq!(known(b, "container_memory"), 512);
        assert_eq!(b.arguments["asg_min_size"].location.line, 26);
        assert!(
            b.arguments["asg_min_size"]
                .origin
                .starts_with("var.instances (default")
        );
        assert!(unknown(b, "asg_subnets").contains("no default"));
        assert!(unknown(b, "zone_id").contains("terraform plan"));
    }

    #[test]
    fn decimal_literals_are_terraforms_binary_numbers() {
        let b = one(
            "module \"p\" {\n  source = \"s\"\n  asg_min_size = ceil(100 * 1.1)\n  asg_max_size = floor(1500 * 0.58)\n  container_memory = 5 % 0\n}\n",
        );
        assert_eq!(known(&b, "asg_min_size"), 110);
        assert_eq!(known(&b, "asg_max_size"), 870);
        assert_eq!(known(&b, "container_memory"), 5);
    }

    #[test]
    fn locals_in_any_order_long_chains_and_cycles() {
        let n = 20_000;
        let mut text = String::from("locals {\n");
        for i in 0..n {
            text.push_str(&format!("  l{i} = local.l{} + 1\n", i + 1));
        }
        text.push_str(&format!("  l{n} = 1\n  a = local.b\n  b = local.a\n}}\n"));
        text.push_str("module \"p\" {\n  source = \"s\"\n  asg_min_size = local.l0\n  asg_max_size = local.a\n}\n");
        let b = one(&text);
        assert_eq!(known(&b, "asg_min_size"), n + 1);
        assert!(unknown(&b, "asg_max_size").contains("Cycle"));
        assert!(b.problems.iter().any(|p| p.code == "invalid_value"));
    }

    #[test]
    fn strings_convert_to_the_modules_types_strictly() {
        let b = one(
            "locals {\n  n = \"4\"\n}\nmodule \"p\" {\n  source = \"s\"\n  asg_min_size = local.n * 2\n  asg_max_size = \"3\"\n  container_memory = \" 1024\"\n  asg_subnets = \"subnet-a\"\n}\n",
        );
        assert_eq!(known(&b, "asg_min_size"), 8);
        assert_eq!(known(&b, "asg_max_size"), 3);
        let invalid: Vec<&str> = b
            .problems
            .iter()
            .filter(|p| p.code == "invalid_value")
            .filter_map(|p| p.argument.as_deref())
            .collect();
        assert_eq!(invalid, ["container_memory", "asg_subnets"]);
        assert!(unknown(&b, "container_memory").contains("a number is required"));
    }

    /// Every type of the module's interface is a constraint the reader knows.
    #[test]
    fn the_interfaces_types_parse() {
        let interface = interface();
        assert_eq!(interface.variables.len(), 34);
        for v in &interface.variables {
            assert!(Type::parse(&v.type_).is_ok(), "{}: {}", v.name, v.type_);
        }
    }

    #[test]
    fn the_interface_is_checked_with_did_you_mean() {
        let b = one(
            "module \"p\" {\n  source = \"s\"\n  container_memroy = 1024\n  zone_id = \"Z1\"\n}\n",
        );
        let codes: Vec<(&str, Option<&str>)> = b
            .problems
            .iter()
            .map(|p| (p.code, p.argument.as_deref()))
            .collect();
        assert!(codes.contains(&("unsupported_argument", Some("container_memroy"))));
        let typo = b
            .problems
            .iter()
            .find(|p| p.code == "unsupported_argument")
            .unwrap();
        assert!(
            typo.message.contains("did you mean container_memory"),
            "{}",
            typo.message
        );
        assert_eq!(typo.location.line, 3);
        let missing: Vec<&str> = b
            .problems
            .iter()
            .filter(|p| p.code == "missing_required")
            .filter_map(|p| p.argument.as_deref())
            .collect();
        assert_eq!(
            missing,
            ["asg_subnets", "load_balancer_subnets", "alarm_emails"]
        );
    }

    #[test]
    fn count_index_and_each_make_one_block_per_instance() {
        let b = module_blocks(&root(&[("main.tf", "module \"p\" {\n  source = \"s\"\n  count = 2\n  asg_min_size = count.index + 1\n}\nmodule \"q\" {\n  source = \"s\"\n  for_each = {a = 3, b = 4}\n  asg_min_size = each.value\n}\n")], vec![]), &["s".into()], interface()).unwrap();
        let seen: Vec<(String, serde_json::Value)> = b
            .iter()
            .map(|b| (b.address.clone(), known(b, "asg_min_size")))
            .collect();
        assert_eq!(
            seen,
            [
                ("module.p[0]".to_string(), serde_json::json!(1)),
                ("module.p[1]".to_string(), serde_json::json!(2)),
                ("module.q[\"a\"]".to_string(), serde_json::json!(3)),
                ("module.q[\"b\"]".to_string(), serde_json::json!(4)),
            ]
        );
        assert!(b.iter().all(|b| b.copies == Copies::One));
        assert_eq!(b[2].name, "q[\"a\"]");
    }

    #[test]
    fn unknown_lists_of_known_length() {
        let b = one(
            "resource \"aws_subnet\" \"private\" {\n  count = 3\n}\nmodule \"p\" {\n  source = \"s\"\n  asg_min_size = length(aws_subnet.private[*].id)\n  asg_subnets = aws_subnet.private[*].id\n}\n",
        );
        assert_eq!(known(&b, "asg_min_size"), 3);
        assert!(unknown(&b, "asg_subnets").contains("terraform apply"));
    }

    #[test]
    fn the_functions_terraform_has() {
        let b = one(r#"locals {
  m = { small = 512, big = 1024 }
}
module "p" {
  source = "s"
  container_memory = lookup(local.m, "big", 0) + try(tonumber("x"), 0) + pow(2, 0) - 1
  asg_min_size = length(distinct(concat(split(",", "a,b,a"), flatten([["c"]]))))
  asg_max_size = parseint("10", 16) + abs(-1) + (contains(keys(local.m), "big") ? 0 : 100)
  asg_instance_type = lower(format("%s.%s", "C6A", join("", ["x", "large"])))
  task_min_count = coalesce(null, 7) + length(values(merge(local.m, {x = 1}))) + (can(local.m.nope) ? 100 : 0)
  task_max_count = length(slice([1, 2, 3, 4], 1, 3))
}
"#);
        assert_eq!(known(&b, "container_memory"), 1024);
        assert_eq!(known(&b, "asg_min_size"), 3);
        assert_eq!(known(&b, "asg_max_size"), 17);
        assert_eq!(known(&b, "asg_instance_type"), "c6a.xlarge");
        assert_eq!(known(&b, "task_min_count"), 10);
        assert_eq!(known(&b, "task_max_count"), 2);
    }

    #[test]
    fn set_variables_drop_duplicates() {
        let text = "variable \"subnets\" {\n  type = set(string)\n  default = [\"a\", \"b\", \"a\"]\n}\nmodule \"p\" {\n  source = \"s\"\n  asg_subnets = var.subnets\n}\n";
        let b = one(text);
        assert_eq!(known(&b, "asg_subnets"), serde_json::json!(["a", "b"]));
        let settings = vec![VarSetting::Assignment {
            text: "subnets=[\"x\",\"x\"]".into(),
        }];
        let b = module_blocks(
            &root(&[("main.tf", text)], settings),
            &[SOURCE.into(), "s".into()],
            interface(),
        )
        .unwrap();
        assert_eq!(known(&b[0], "asg_subnets"), serde_json::json!(["x"]));
    }

    /// `[local.a, local.a]` shares `local.a`: 2^40 elements cost 40 steps to
    /// build, and `length` is immediate; walking them is refused.
    #[test]
    fn values_that_double_are_shared_and_never_walked() {
        let mut text = String::from("locals {\n  a0 = [1, 2, 3, 4, 5, 6, 7, 8]\n");
        for i in 1..40 {
            text.push_str(&format!("  a{i} = [local.a{}, local.a{}]\n", i - 1, i - 1));
        }
        text.push_str("}\nmodule \"p\" {\n  source = \"s\"\n  asg_subnets = local.a39\n  asg_min_size = length(local.a39)\n}\n");
        let b = one(&text);
        assert!(unknown(&b, "asg_subnets").contains("larger than pypi-size evaluates"));
        assert!(b.problems.iter().any(|p| p.code == "evaluation_budget"));
        assert_eq!(known(&b, "asg_min_size"), 2);
    }
}
