//! `diff`: two `check` reports of the same Terraform, BASE (before a pull
//! request) and HEAD (after it), paired module block by module block: what
//! was added, removed or changed, each sizing input that changed, what
//! Terraform computes before and after, the monthly cost and its delta, and
//! the findings that appear or disappear. Nothing here reads a file: the
//! app layer reads both trees and hands over their reports.

mod gate;
mod money;

use std::collections::BTreeMap;

use serde::Serialize;

pub use gate::{CostPoint, Gate, GateFailure, GateResult};
pub use money::{Amount, MoneyChange};

use crate::answers::check::{CheckReport, Finding, ModuleCheck};
use crate::answers::sizing::{ModuleInfo, PricingInfo};
use crate::answers::warnings::Severity;
use crate::data::Tables;
use crate::module::variables;
use tf_eval::{Location, Resolved, UnreadCall};

/// One side of the comparison: its `check` report, and for each of its
/// modules (in the same order) the root it was found in, relative to the
/// path given (`.` for the path itself).
pub struct Side {
    pub path: String,
    pub report: CheckReport,
    pub roots: Vec<String>,
    /// The module calls pypi-size does not read into, each with its root.
    pub unread: Vec<(String, UnreadCall)>,
    /// Its `moved` blocks between module addresses: root, from, to. HEAD's
    /// tell which BASE address each HEAD block was, as Terraform reads them.
    pub moved: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct DiffReport {
    pub module: ModuleInfo,
    pub pricing: PricingInfo,
    pub base: SideSummary,
    pub head: SideSummary,
    /// Every module block instance of either side, by root and address.
    pub modules: Vec<ModuleDiff>,
    /// The monthly cost of every module of each side, copies counted.
    pub total: CostChange,
    /// New in HEAD and about the trees rather than one block:
    /// `unread_module_changed`, a module call pypi-size does not read that
    /// is new or changed (a pypiserver block inside it is not in this diff).
    pub findings: Vec<Finding>,
    pub summary: DiffSummary,
    pub gate: GateResult,
    /// Source mode: `TF_CLI_ARGS_plan` and `TF_CLI_ARGS` as set, applied to
    /// both sides (absent when neither is set), as in `check`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub terraform_cli_args: Vec<crate::answers::check::CliArgs>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SideSummary {
    pub path: String,
    /// Module block instances found.
    pub modules: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Module blocks with no capacity figures (unknown or invalid inputs).
    pub not_sized: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct DiffSummary {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Whether anything at all differs: `false` only for the same modules
    /// with the same inputs, figures, costs and findings.
    pub anything_changed: bool,
    pub findings_appeared: SeverityCounts,
    pub findings_disappeared: SeverityCounts,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SeverityCounts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl SeverityCounts {
    fn of<'a>(findings: impl Iterator<Item = &'a Finding>) -> SeverityCounts {
        let mut c = SeverityCounts::default();
        for f in findings {
            match f.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
    Unchanged,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::Unchanged => "unchanged",
        }
    }
}

/// What a side holds at an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// No module block instance at this address.
    Absent,
    Sized,
    /// Found, but an input is unknown before plan or invalid: see its findings.
    NotSized,
    /// `count = 0` or an empty `for_each`: Terraform creates nothing.
    NotDeployed,
}

impl Presence {
    /// No block, or no copy of it: nothing is deployed, so its figures are
    /// none rather than unknown, and its cost is 0.
    pub fn deploys_nothing(self) -> bool {
        matches!(self, Presence::Absent | Presence::NotDeployed)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ModuleDiff {
    /// The root the block was found in, relative to the path given (`.`).
    pub root: String,
    /// `module.pypiserver`, `module.pypi["prod"]`.
    pub address: String,
    pub change: ChangeKind,
    /// The BASE address a `moved` block in HEAD brings it from; `null` when
    /// it kept its address.
    pub moved_from: Option<String>,
    pub base: Presence,
    pub head: Presence,
    /// Where the block is on each side (`null` where absent).
    pub location: Pair<tf_eval::Location>,
    /// Copies Terraform makes (`null` where absent or unknown).
    pub copies: Pair<u64>,
    /// Each sizing input whose value differs (a variable left unset counts as
    /// the module's default); for an added or removed block, those it sets.
    pub inputs: Vec<InputChange>,
    /// Other arguments of the block whose values differ (`source` and
    /// `version` included).
    pub other_arguments: Vec<String>,
    pub figures: Figures,
    pub cost: CostChange,
    pub findings: FindingChanges,
}

/// A value on each side; `null` where the side has none or it is unknown.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "Pair_of_{T}")]
pub struct Pair<T> {
    pub before: Option<T>,
    pub after: Option<T>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct InputChange {
    pub variable: String,
    /// `null` where the block is absent on that side.
    pub before: Option<Resolved>,
    pub after: Option<Resolved>,
}

/// A whole-number figure of the module's arithmetic on each side.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FigureChange {
    pub before: Option<u64>,
    pub after: Option<u64>,
    /// after − before; `null` unless both are known.
    pub delta: Option<i64>,
}

impl FigureChange {
    fn new(before: Option<u64>, after: Option<u64>) -> FigureChange {
        let delta = before
            .zip(after)
            .and_then(|(b, a)| i64::try_from(a).ok()?.checked_sub(i64::try_from(b).ok()?));
        FigureChange {
            before,
            after,
            delta,
        }
    }
}

/// What Terraform computes on each side, in the module's names; a figure
/// is `null` where the block is absent or the figure waits for an input
/// unknown before plan.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Figures {
    pub asg_instance_type: Pair<String>,
    pub asg_instance_count: FigureChange,
    pub asg_max_size: FigureChange,
    pub tasks_per_instance: FigureChange,
    pub task_min_count: FigureChange,
    pub task_max_count: FigureChange,
    pub gunicorn_workers: FigureChange,
    pub total_workers: FigureChange,
}

impl Figures {
    /// The whole-number figures by their names, in the module's order.
    pub fn counts(&self) -> [(&'static str, &FigureChange); 7] {
        [
            ("asg_instance_count", &self.asg_instance_count),
            ("asg_max_size", &self.asg_max_size),
            ("tasks_per_instance", &self.tasks_per_instance),
            ("task_min_count", &self.task_min_count),
            ("task_max_count", &self.task_max_count),
            ("gunicorn_workers", &self.gunicorn_workers),
            ("total_workers", &self.total_workers),
        ]
    }

    fn differ(&self) -> bool {
        self.asg_instance_type.before != self.asg_instance_type.after
            || self.counts().iter().any(|(_, c)| c.before != c.after)
    }
}

/// The monthly cost before and after, at asg_min_size and at the deployed
/// asg_max_size, copies counted.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CostChange {
    pub at_asg_min_size: MoneyChange,
    pub at_asg_max_size: MoneyChange,
}

impl CostChange {
    pub fn at(&self, point: CostPoint) -> &MoneyChange {
        match point {
            CostPoint::AsgMinSize => &self.at_asg_min_size,
            CostPoint::AsgMaxSize => &self.at_asg_max_size,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FindingChanges {
    /// In HEAD, not in BASE (matched by code, variable and severity).
    pub appeared: Vec<Finding>,
    /// In BASE, not in HEAD.
    pub disappeared: Vec<Finding>,
}

/// One address: its block instance in BASE and in HEAD, where there is
/// one, and the BASE address a `moved` block of HEAD brings it from.
#[derive(Default)]
struct Paired<'a> {
    base: Option<&'a ModuleCheck>,
    head: Option<&'a ModuleCheck>,
    moved_from: Option<&'a str>,
}

/// Every address of either side, by root and address.
fn pair<'a>(base: &'a Side, head: &'a Side) -> BTreeMap<(&'a str, String), Paired<'a>> {
    let mut pairs: BTreeMap<(&str, String), Paired> = BTreeMap::new();
    let held: std::collections::BTreeSet<(&str, &str)> = base
        .report
        .modules
        .iter()
        .zip(&base.roots)
        .map(|(m, root)| (root.as_str(), m.address.as_str()))
        .collect();
    for (m, root) in base.report.modules.iter().zip(&base.roots) {
        // Terraform skips a move onto an address that still holds a block.
        let target = moved_to(&head.moved, root, &m.address)
            .filter(|to| !held.contains(&(root.as_str(), to.as_str())));
        let moved = target.is_some();
        let entry = pairs
            .entry((root, target.unwrap_or_else(|| m.address.clone())))
            .or_default();
        entry.base = Some(m);
        entry.moved_from = moved.then_some(m.address.as_str());
    }
    for (m, root) in head.report.modules.iter().zip(&head.roots) {
        pairs.entry((root, m.address.clone())).or_default().head = Some(m);
    }
    pairs
}

/// Compares BASE and HEAD and judges the change against `gate`.
pub fn diff(tables: &Tables, base: &Side, head: &Side, gate: &Gate) -> DiffReport {
    let pairs = pair(base, head);
    let mut modules = Vec::with_capacity(pairs.len());
    // Each side's bill per block, at asg_min_size and at asg_max_size.
    let (mut base_bills, mut head_bills) = (Vec::new(), Vec::new());
    let hiding = new_unread_calls(base, head);
    for ((root, address), p) in &pairs {
        // A block gone from HEAD may have moved into a module call that is
        // new there, which pypi-size does not read.
        let moved_into = match (p.base, p.head) {
            (Some(m), None) if m.copies != Some(0) => hiding.get(root).map(Vec::as_slice),
            _ => None,
        };
        let bills = |point| {
            let head = match moved_into {
                Some(calls) => Amount::Unknown(gone_unverified(address, calls)),
                None => amount(p.head, "HEAD", point),
            };
            (amount(p.base, "BASE", point), head)
        };
        let bills = [bills(CostPoint::AsgMinSize), bills(CostPoint::AsgMaxSize)];
        let mut diff = module_diff(tables, root, address, p, &bills);
        if let Some(calls) = moved_into {
            unverified_removal(&mut diff, calls);
        }
        modules.push(diff);
        let [(base_min, head_min), (base_max, head_max)] = bills;
        base_bills.push([base_min, base_max]);
        head_bills.push([head_min, head_max]);
    }
    let total_at = |i: usize| {
        MoneyChange::new(
            &Amount::sum(base_bills.iter().map(|b| &b[i])),
            &Amount::sum(head_bills.iter().map(|b| &b[i])),
        )
    };
    let total = CostChange {
        at_asg_min_size: total_at(0),
        at_asg_max_size: total_at(1),
    };
    let findings = unread_changes(&hiding);
    let count = |c: ChangeKind| modules.iter().filter(|m| m.change == c).count();
    let appeared = SeverityCounts::of(
        modules
            .iter()
            .flat_map(|m| &m.findings.appeared)
            .chain(&findings),
    );
    let disappeared = SeverityCounts::of(modules.iter().flat_map(|m| &m.findings.disappeared));
    let summary = DiffSummary {
        added: count(ChangeKind::Added),
        removed: count(ChangeKind::Removed),
        changed: count(ChangeKind::Changed),
        unchanged: count(ChangeKind::Unchanged),
        anything_changed: !findings.is_empty()
            || modules.iter().any(|m| m.change != ChangeKind::Unchanged),
        findings_appeared: appeared,
        findings_disappeared: disappeared,
    };
    let new_severities: Vec<Severity> = modules
        .iter()
        .flat_map(|m| &m.findings.appeared)
        .chain(&findings)
        .map(|f| f.severity)
        .collect();
    let gate = gate::judge(gate, total.at(gate.at), &new_severities, modules.len());
    DiffReport {
        module: ModuleInfo::of(tables),
        pricing: PricingInfo::of(tables),
        base: side_summary(base),
        head: side_summary(head),
        modules,
        total,
        findings,
        summary,
        gate,
        // Both sides were read with the same environment.
        terraform_cli_args: head.report.terraform_cli_args.clone(),
    }
}

/// Where a `moved` block of HEAD takes a BASE address: `from` itself, or an
/// instance or a module inside it (`module.a[0]`, `module.a.module.b`).
fn moved_to(moved: &[(String, String, String)], root: &str, address: &str) -> Option<String> {
    moved.iter().find_map(|(r, from, to)| {
        let rest = address.strip_prefix(from.as_str())?;
        (r == root && (rest.is_empty() || rest.starts_with(['[', '.'])))
            .then(|| format!("{to}{rest}"))
    })
}

/// HEAD's module calls not read into that BASE does not make (by root,
/// address, source and version), by root.
fn new_unread_calls<'a>(base: &Side, head: &'a Side) -> BTreeMap<&'a str, Vec<&'a UnreadCall>> {
    let mut out: BTreeMap<&str, Vec<&UnreadCall>> = BTreeMap::new();
    for (root, call) in &head.unread {
        let known = base
            .unread
            .iter()
            .any(|(r, c)| r == root && c.address == call.address && c.source == call.source);
        if !known {
            out.entry(root.as_str()).or_default().push(call);
        }
    }
    out
}

/// A finding for each module call HEAD makes that BASE does not make the
/// same way and pypi-size does not read: a warning where its source looks
/// like the pypiserver module, else information (most are a VPC or the
/// like, and failing every such change would make the gate useless).
fn unread_changes(hiding: &BTreeMap<&str, Vec<&UnreadCall>>) -> Vec<Finding> {
    hiding
        .values()
        .flatten()
        .map(|call| Finding {
            code: "unread_module_changed",
            severity: if call.source.to_ascii_lowercase().contains("pypiserver") {
                Severity::Warning
            } else {
                Severity::Info
            },
            argument: None,
            message: format!(
                "{} ({}) is new or changed in HEAD, and pypi-size does not read registry or \
                 git modules: a pypiserver module block inside it, and its cost, is not in \
                 this diff",
                call.address, call.source
            ),
            fix: "if it holds a pypiserver module block, check that module's own tree (a \
                  local copy, named with --module-source)"
                .into(),
            location: call.location.clone(),
        })
        .collect()
}

fn calls_text(calls: &[&UnreadCall]) -> String {
    calls
        .iter()
        .map(|c| format!("{} ({})", c.address, c.source))
        .collect::<Vec<_>>()
        .join(", ")
}

fn gone_unverified(address: &str, calls: &[&UnreadCall]) -> String {
    format!(
        "{address} is gone from HEAD, which calls a module pypi-size does not read that may \
         hold it: {}",
        calls_text(calls)
    )
}

/// A removal that cannot be told from a move: HEAD's bill is unknown (made
/// so by the caller) and a finding says why, so that --fail-on sees it too.
fn unverified_removal(diff: &mut ModuleDiff, calls: &[&UnreadCall]) {
    let reason = gone_unverified(&diff.address, calls);
    let location: Location = calls[0].location.clone();
    diff.findings.appeared.push(Finding {
        code: "removal_unverified",
        severity: Severity::Warning,
        argument: None,
        message: format!(
            "{reason}: removed, or moved there; its cost in HEAD is unknown, and so is the \
             delta"
        ),
        fix: "if it moved into that module, check that module's own tree (a local copy, \
              named with --module-source); if it was removed, nothing"
            .into(),
        location,
    });
}

fn side_summary(side: &Side) -> SideSummary {
    let s = &side.report.summary;
    SideSummary {
        path: side.path.clone(),
        modules: s.modules,
        errors: s.errors,
        warnings: s.warnings,
        infos: s.infos,
        not_sized: s.not_sized,
    }
}

/// One address compared; `bills` are BASE's and HEAD's at asg_min_size,
/// then at asg_max_size.
fn module_diff(
    tables: &Tables,
    root: &str,
    address: &str,
    p: &Paired<'_>,
    bills: &[(Amount, Amount); 2],
) -> ModuleDiff {
    let (base, head) = (p.base, p.head);
    let figures = figures(tables, base, head);
    let cost = CostChange {
        at_asg_min_size: MoneyChange::new(&bills[0].0, &bills[0].1),
        at_asg_max_size: MoneyChange::new(&bills[1].0, &bills[1].1),
    };
    let findings = finding_changes(base, head);
    let inputs = input_changes(tables, base, head);
    let other_arguments = other_arguments(base, head);
    let copies = Pair {
        before: base.and_then(|m| m.copies),
        after: head.and_then(|m| m.copies),
    };
    let (before, after) = (presence(base), presence(head));
    // A block with no copy creates nothing: against no block or another
    // with no copy, it is a change of its arguments or findings only
    // (Terraform still validates it), never an addition or a removal.
    let change = match (base, head) {
        _ if before.deploys_nothing() && after.deploys_nothing() => {
            if inputs.is_empty()
                && other_arguments.is_empty()
                && findings.appeared.is_empty()
                && findings.disappeared.is_empty()
                && p.moved_from.is_none()
            {
                ChangeKind::Unchanged
            } else {
                ChangeKind::Changed
            }
        }
        (None, _) => ChangeKind::Added,
        (_, None) => ChangeKind::Removed,
        // A move is a change, though the block may be the same.
        _ if p.moved_from.is_some() => ChangeKind::Changed,
        _ if before != after
            || copies.before != copies.after
            || !inputs.is_empty()
            || !other_arguments.is_empty()
            || figures.differ()
            || !findings.appeared.is_empty()
            || !findings.disappeared.is_empty()
            || [&cost.at_asg_min_size, &cost.at_asg_max_size]
                .iter()
                .any(|c| c.delta.is_some_and(|d| d != 0.0)) =>
        {
            ChangeKind::Changed
        }
        _ => ChangeKind::Unchanged,
    };
    ModuleDiff {
        root: root.to_string(),
        address: address.to_string(),
        change,
        moved_from: p.moved_from.map(str::to_string),
        base: before,
        head: after,
        location: Pair {
            before: base.map(|m| m.location.clone()),
            after: head.map(|m| m.location.clone()),
        },
        copies,
        inputs,
        other_arguments,
        figures,
        cost,
        findings,
    }
}

fn presence(m: Option<&ModuleCheck>) -> Presence {
    match m {
        None => Presence::Absent,
        Some(m) if m.copies == Some(0) => Presence::NotDeployed,
        Some(m) if m.capacity.is_some() => Presence::Sized,
        Some(_) => Presence::NotSized,
    }
}

/// A side's monthly bill for the block, copies counted: 0 where there is
/// no block or no copy, unknown where it could not be sized.
fn amount(m: Option<&ModuleCheck>, side: &str, point: CostPoint) -> Amount {
    let Some(m) = m else {
        return Amount::zero();
    };
    if m.copies == Some(0) {
        return Amount::zero();
    }
    let Some(cost) = &m.cost else {
        return Amount::Unknown(format!("{} in {side}: {}", m.address, not_sized_reason(m)));
    };
    let Some(copies) = m.copies else {
        return Amount::Unknown(format!(
            "{} in {side}: how many copies count or for_each make is unknown before \
             `terraform plan`",
            m.address
        ));
    };
    let bill = match point {
        CostPoint::AsgMinSize => &cost.at_asg_min_size,
        CostPoint::AsgMaxSize => &cost.at_asg_max_size,
    };
    Amount::of_bill(bill.total, copies)
}

/// Why a block has no figures: its first unknown input or error.
fn not_sized_reason(m: &ModuleCheck) -> String {
    m.findings
        .iter()
        .find(|f| f.code == "unresolved" && f.severity != Severity::Info)
        .or_else(|| m.findings.iter().find(|f| f.severity == Severity::Error))
        .map_or_else(
            || "it could not be sized".to_string(),
            |f| f.message.clone(),
        )
}

fn figures(tables: &Tables, base: Option<&ModuleCheck>, head: Option<&ModuleCheck>) -> Figures {
    let (b, a) = (figure_values(base), figure_values(head));
    let pair = |name: &str| {
        FigureChange::new(
            b.get(name).and_then(|v| v.as_u64()),
            a.get(name).and_then(|v| v.as_u64()),
        )
    };
    Figures {
        asg_instance_type: Pair {
            before: instance_type(tables, base),
            after: instance_type(tables, head),
        },
        asg_instance_count: pair("asg_instance_count"),
        asg_max_size: pair("asg_max_size"),
        tasks_per_instance: pair("tasks_per_instance"),
        task_min_count: pair("task_min_count"),
        task_max_count: pair("task_max_count"),
        gunicorn_workers: pair("gunicorn_workers"),
        total_workers: pair("total_workers"),
    }
}

/// The capacity figures of a side: all of them where it was sized, else
/// those still known without the inputs unknown before plan.
fn figure_values(m: Option<&ModuleCheck>) -> BTreeMap<String, serde_json::Value> {
    let Some(m) = m else {
        return BTreeMap::new();
    };
    if let Some(c) = &m.capacity
        && let Ok(serde_json::Value::Object(map)) = serde_json::to_value(c)
    {
        return map.into_iter().collect();
    }
    m.partial
        .iter()
        .flatten()
        .filter_map(|(name, r)| match r {
            Resolved::Known { value } => Some((name.clone(), value.clone())),
            Resolved::Unknown { .. } => None,
        })
        .collect()
}

fn instance_type(tables: &Tables, m: Option<&ModuleCheck>) -> Option<String> {
    let m = m?;
    if let Some(i) = &m.instance {
        return Some(i.asg_instance_type.clone());
    }
    match input_value(tables, m, "asg_instance_type") {
        Resolved::Known {
            value: serde_json::Value::String(s),
        } => Some(s),
        _ => None,
    }
}

/// A sizing variable's value in a block: as set, or the module's default.
fn input_value(tables: &Tables, m: &ModuleCheck, name: &str) -> Resolved {
    match m.arguments.get(name) {
        Some(arg) => arg.value.clone(),
        None => Resolved::Known {
            value: variables::variable(name)
                .map_or(serde_json::Value::Null, |v| v.default_value(&tables.module)),
        },
    }
}

fn input_changes(
    tables: &Tables,
    base: Option<&ModuleCheck>,
    head: Option<&ModuleCheck>,
) -> Vec<InputChange> {
    variables::names()
        .filter_map(|name| {
            let before = base.map(|m| input_value(tables, m, name));
            let after = head.map(|m| input_value(tables, m, name));
            let listed = match (&before, &after) {
                // Unknown both sides: the same unknown (the same reason) or not.
                (Some(b), Some(a)) => b != a,
                // An added or removed block: the inputs it sets.
                _ => base
                    .or(head)
                    .is_some_and(|m| m.arguments.contains_key(name)),
            };
            listed.then(|| InputChange {
                variable: name.to_string(),
                before,
                after,
            })
        })
        .collect()
}

/// The block's other arguments (not sizing inputs, not `count`/`for_each`,
/// which the address already tells) whose values differ.
fn other_arguments(base: Option<&ModuleCheck>, head: Option<&ModuleCheck>) -> Vec<String> {
    let (Some(b), Some(a)) = (base, head) else {
        return Vec::new();
    };
    let mut names: Vec<String> = b
        .arguments
        .keys()
        .chain(a.arguments.keys())
        .filter(|n| {
            variables::variable(n).is_none() && n.as_str() != "count" && n.as_str() != "for_each"
        })
        .filter(|n| b.arguments.get(*n).map(|x| &x.value) != a.arguments.get(*n).map(|x| &x.value))
        .cloned()
        .collect();
    names.sort();
    names.dedup();
    if b.version != a.version {
        names.insert(0, "version".to_string());
    }
    if b.source != a.source {
        names.insert(0, "source".to_string());
    }
    names
}

/// Findings matched by code, variable and severity, as many times as each
/// occurs: a finding whose wording changed (its numbers) is the same
/// finding, one that became more or less severe is not.
fn finding_changes(base: Option<&ModuleCheck>, head: Option<&ModuleCheck>) -> FindingChanges {
    let empty = Vec::new();
    let b = base.map_or(&empty, |m| &m.findings);
    let a = head.map_or(&empty, |m| &m.findings);
    FindingChanges {
        appeared: unmatched(a, b),
        disappeared: unmatched(b, a),
    }
}

/// The findings of `these` left over once each is matched to one of `those`.
fn unmatched(these: &[Finding], those: &[Finding]) -> Vec<Finding> {
    let mut taken = vec![false; those.len()];
    these
        .iter()
        .filter(|f| {
            let found = (0..those.len()).find(|&i| {
                !taken[i]
                    && those[i].code == f.code
                    && those[i].argument == f.argument
                    && those[i].severity == f.severity
            });
            match found {
                Some(i) => {
                    taken[i] = true;
                    false
                }
                None => true,
            }
        })
        .cloned()
        .collect()
}
