//! Picking the guide's profile for a workload: the smallest profile that
//! covers every figure the user gave, and which figure decided it.

use serde::Serialize;

use crate::data::Tables;
use crate::data::error::SizingError;

/// What a user knows of their workload; any subset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct WorkloadFigures {
    pub packages: Option<u64>,
    pub users: Option<u64>,
    pub ci_builds_per_day: Option<u64>,
    pub burst_requests: Option<u64>,
}

/// Why a profile was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Selection {
    pub profile: String,
    /// The figures that needed the chosen profile (the others fit a smaller one).
    pub decided_by: Vec<&'static str>,
    pub figures: Vec<FigureFit>,
}

impl Selection {
    /// The figures that needed the chosen profile, as `users = 30`.
    pub fn decided(&self) -> Vec<String> {
        self.figures
            .iter()
            .filter(|f| self.decided_by.contains(&f.figure))
            .map(|f| format!("{} = {}", f.figure, f.value))
            .collect()
    }
}

/// One figure, and the smallest profile that covers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FigureFit {
    pub figure: &'static str,
    pub value: u64,
    /// `None` when no profile of the guide covers the value.
    pub smallest_profile: Option<String>,
}

impl WorkloadFigures {
    fn given(&self) -> Vec<(&'static str, u64)> {
        [
            ("packages", self.packages),
            ("users", self.users),
            ("ci_builds_per_day", self.ci_builds_per_day),
            ("burst_requests", self.burst_requests),
        ]
        .into_iter()
        .filter_map(|(name, v)| v.map(|v| (name, v)))
        .collect()
    }
}

/// The smallest profile covering every given figure. A figure beyond every
/// profile picks the largest, and its `smallest_profile` is `None`.
pub fn select_profile(
    tables: &Tables,
    figures: &WorkloadFigures,
) -> Result<Selection, SizingError> {
    let given = figures.given();
    if given.is_empty() {
        return Err(SizingError::Inconsistent {
            variables: &[],
            message: "no workload figure given: name a profile, or give at least one of \
                      packages, users, CI builds a day, burst requests"
                .into(),
        });
    }
    let last = tables.profiles.len().saturating_sub(1);
    let fits: Vec<(FigureFit, usize)> = given
        .into_iter()
        .map(|(figure, value)| {
            let index = tables
                .profiles
                .iter()
                .position(|p| p.workload.covers(figure, value));
            let fit = FigureFit {
                figure,
                value,
                smallest_profile: index.map(|i| tables.profiles[i].name.clone()),
            };
            (fit, index.unwrap_or(last))
        })
        .collect();
    let chosen = fits.iter().map(|(_, i)| *i).max().unwrap_or(0);
    Ok(Selection {
        profile: tables.profiles[chosen].name.clone(),
        decided_by: fits
            .iter()
            .filter(|(_, i)| *i == chosen)
            .map(|(f, _)| f.figure)
            .collect(),
        figures: fits.into_iter().map(|(f, _)| f).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(figures: WorkloadFigures) -> Selection {
        select_profile(&Tables::embedded(), &figures).unwrap()
    }

    #[test]
    fn bounds_are_exclusive_above() {
        let at = |packages| {
            pick(WorkloadFigures {
                packages: Some(packages),
                ..Default::default()
            })
            .profile
        };
        assert_eq!(at(0), "light");
        assert_eq!(at(49), "light");
        assert_eq!(at(50), "medium");
        assert_eq!(at(199), "medium");
        assert_eq!(at(200), "heavy");
        assert_eq!(at(500), "very-heavy");
        assert_eq!(at(100_000), "very-heavy");
    }

    #[test]
    fn the_largest_need_decides() {
        let s = pick(WorkloadFigures {
            packages: Some(30),
            users: Some(40),
            ci_builds_per_day: Some(12),
            burst_requests: None,
        });
        assert_eq!(s.profile, "heavy");
        assert_eq!(s.decided_by, ["users"]);
        assert_eq!(s.figures[0].smallest_profile.as_deref(), Some("light"));
        assert_eq!(s.figures[2].smallest_profile.as_deref(), Some("medium"));
    }

    #[test]
    fn ties_name_every_deciding_figure() {
        let s = pick(WorkloadFigures {
            packages: Some(300),
            users: Some(30),
            ..Default::default()
        });
        assert_eq!(s.decided_by, ["packages", "users"]);
    }

    #[test]
    fn beyond_the_guide_picks_the_largest_and_says_so() {
        let s = pick(WorkloadFigures {
            burst_requests: Some(5000),
            ..Default::default()
        });
        assert_eq!(s.profile, "very-heavy");
        assert_eq!(s.figures[0].smallest_profile, None);
    }

    #[test]
    fn no_figure_is_an_error() {
        assert!(select_profile(&Tables::embedded(), &WorkloadFigures::default()).is_err());
    }
}
