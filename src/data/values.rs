//! Checked values of profiles.toml: each refuses, as it is read, what no
//! table may hold (a zero vCPU count, a negative price), so the TOML parser
//! reports the line.

use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------
// Checked values: rejected while parsing, so the error carries the line.

/// A whole number above zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(try_from = "i64", into = "u64")]
pub struct Positive(u64);

impl Positive {
    pub fn get(self) -> u64 {
        self.0
    }
}

impl TryFrom<i64> for Positive {
    type Error = String;
    fn try_from(v: i64) -> Result<Self, String> {
        if v > 0 {
            Ok(Positive(v as u64))
        } else {
            Err(format!("must be a whole number above 0, found {v}"))
        }
    }
}

impl From<Positive> for u64 {
    fn from(p: Positive) -> u64 {
        p.0
    }
}

/// A finite, non-negative amount (money, hours, seconds).
#[derive(
    Debug, Clone, Copy, PartialEq, PartialOrd, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(try_from = "f64", into = "f64")]
pub struct Usd(f64);

impl Usd {
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Usd {
    type Error = String;
    fn try_from(v: f64) -> Result<Self, String> {
        if v.is_finite() && v >= 0.0 {
            Ok(Usd(v))
        } else {
            Err(format!("must be a finite number of 0 or more, found {v}"))
        }
    }
}

impl From<Usd> for f64 {
    fn from(u: Usd) -> f64 {
        u.0
    }
}

/// A share between 0 and 1.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Deserialize, Serialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Ratio(f64);

impl Ratio {
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Ratio {
    type Error = String;
    fn try_from(v: f64) -> Result<Self, String> {
        if (0.0..=1.0).contains(&v) {
            Ok(Ratio(v))
        } else {
            Err(format!("must be between 0 and 1, found {v}"))
        }
    }
}

impl From<Ratio> for f64 {
    fn from(r: Ratio) -> f64 {
        r.0
    }
}

/// A percentage between 0 and 100.
#[derive(
    Debug, Clone, Copy, PartialEq, PartialOrd, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(try_from = "f64", into = "f64")]
pub struct Percent(f64);

impl Percent {
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Percent {
    type Error = String;
    fn try_from(v: f64) -> Result<Self, String> {
        if (0.0..=100.0).contains(&v) {
            Ok(Percent(v))
        } else {
            Err(format!("must be a percentage from 0 to 100, found {v}"))
        }
    }
}

impl From<Percent> for f64 {
    fn from(p: Percent) -> f64 {
        p.0
    }
}

/// An inclusive range `[low, high]` with low <= high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "[i64; 2]", into = "[u64; 2]")]
pub struct Bounds {
    pub low: u64,
    pub high: u64,
}

impl Bounds {
    pub fn contains(&self, v: u64) -> bool {
        (self.low..=self.high).contains(&v)
    }
}

impl std::fmt::Display for Bounds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} to {}", self.low, self.high)
    }
}

impl TryFrom<[i64; 2]> for Bounds {
    type Error = String;
    fn try_from([low, high]: [i64; 2]) -> Result<Self, String> {
        if low < 0 || high < low {
            return Err(format!(
                "must be [low, high] with 0 <= low <= high, found [{low}, {high}]"
            ));
        }
        Ok(Bounds {
            low: low as u64,
            high: high as u64,
        })
    }
}

impl From<Bounds> for [u64; 2] {
    fn from(b: Bounds) -> [u64; 2] {
        [b.low, b.high]
    }
}
