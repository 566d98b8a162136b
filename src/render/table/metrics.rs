//! `advise --metrics` as text: one line per rule (metric, threshold,
//! observed, verdict), heat strips of when a rule's runs happen, and what
//! could not be judged.

use std::fmt::Write as _;

use pypi_size::answers::advise::metrics::Measured;
use pypi_size::answers::advise::metrics::rules::{RuleId, Verdict};

use super::Out;

/// `0.0..=1.0` shares as one block character each, from a space (none) to
/// a full block.
pub(crate) fn strip(shares: &[f64]) -> String {
    const BLOCKS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    shares
        .iter()
        .map(|s| {
            if *s <= 0.0 {
                '·'
            } else {
                BLOCKS[((s.clamp(0.0, 1.0) * 8.0).ceil() as usize).clamp(1, 8)]
            }
        })
        .collect()
}

pub(crate) fn rule_name(rule: RuleId) -> &'static str {
    match rule {
        RuleId::CpuSustained => "CPU sustained",
        RuleId::ErrorRate => "error rate",
        RuleId::ResponseTimeP95 => "P95 response time",
        RuleId::MemoryPressure => "memory pressure",
        RuleId::EfsIoLimit => "EFS I/O limit",
        RuleId::EfsBurstCredits => "EFS burst credits",
        RuleId::TasksAtMax => "at task_max_count",
        RuleId::Quiet => "downgrade test",
    }
}

pub(crate) fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Action => "action",
        Verdict::Within => "within",
        Verdict::BurstOnly => "bursts only",
        Verdict::NotJudged => "NOT JUDGED",
    }
}

/// The measured window, for the headline.
pub(crate) fn window(m: &Measured) -> String {
    match &m.window {
        Some(w) => format!(
            "measured {} – {} ({} days, {}-minute periods)",
            w.first,
            w.last,
            w.days,
            w.period_s / 60
        ),
        None => "no datapoints".to_string(),
    }
}

pub(super) fn measured(out: &mut Out, m: &Measured) {
    let mut t = out
        .style
        .table(&["rule", "metric", "threshold", "observed", "verdict"], 5);
    for r in &m.rules {
        let series: Vec<&str> = r.series.iter().map(|s| s.id()).collect();
        t.add_row(vec![
            rule_name(r.rule).to_string(),
            series.join(" / "),
            r.threshold.clone(),
            r.observed.clone(),
            verdict_name(r.verdict).to_string(),
        ]);
    }
    let _ = writeln!(out, "{}", out.style.fit(t));
    for r in m.rules.iter().filter(|r| r.verdict != Verdict::Within) {
        if let Some(e) = &r.evidence {
            let _ = writeln!(
                out,
                "{}: hours UTC 00→23 [{}]  Mon→Sun [{}]  {}",
                rule_name(r.rule),
                strip(&e.by_hour),
                strip(&e.by_weekday),
                e.when
            );
        }
    }
    if !m.not_judged.is_empty() {
        let _ = writeln!(out, "\nNot judged (never read as fine):");
        for n in &m.not_judged {
            let what = n.series.map_or("the file", |s| s.id());
            let _ = writeln!(out, "  {what}: {}", n.reason);
        }
    }
    if !m.ignored_ids.is_empty() {
        let _ = writeln!(
            out,
            "\nIgnored Ids (not pypi-size's queries): {}",
            m.ignored_ids.join(", ")
        );
    }
    if !m.messages.is_empty() {
        let _ = writeln!(out, "\nCloudWatch's Messages:");
        for text in &m.messages {
            let _ = writeln!(out, "  {text}");
        }
    }
    let _ = writeln!(out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strip_has_a_character_per_share() {
        assert_eq!(strip(&[0.0, 0.01, 0.5, 1.0, 2.0]), "·▁▄██");
    }
}
