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
    /// For data checked at build time (the embedded catalog).
    pub(crate) const fn checked(v: u64) -> Positive {
        assert!(v > 0);
        Positive(v)
    }

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

/// A finite, non-negative number, as a newtype: `-0.0` is read as `0.0`
/// (adding `0.0` does it), here and in [`Ratio`] and [`Percent`], so no
/// table or document shows a negative zero read from a file or a flag.
macro_rules! non_negative {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, PartialOrd, Deserialize, Serialize, schemars::JsonSchema,
        )]
        #[serde(try_from = "f64", into = "f64")]
        pub struct $name(f64);

        impl $name {
            /// For data checked at build time (the embedded catalog).
            pub(crate) const fn checked(v: f64) -> $name {
                assert!(v.is_finite() && v >= 0.0);
                $name(v)
            }

            pub fn get(self) -> f64 {
                self.0
            }
        }

        impl TryFrom<f64> for $name {
            type Error = String;
            fn try_from(v: f64) -> Result<Self, String> {
                if v.is_finite() && v >= 0.0 {
                    Ok($name(v + 0.0))
                } else {
                    Err(format!("must be a finite number of 0 or more, found {v}"))
                }
            }
        }

        impl From<$name> for f64 {
            fn from(u: $name) -> f64 {
                u.0
            }
        }
    };
}

non_negative!(
    /// Money in the pricing currency (USD): a price or a bill's line.
    Usd
);

non_negative!(
    /// Any other non-negative figure, in the unit its name says: GB, hours,
    /// seconds, milliseconds, GHz, LCUs, a factor. Not money: [`Usd`] is.
    Amount
);

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
            Ok(Ratio(v + 0.0))
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
    /// For data checked at build time (the embedded catalog).
    pub(crate) const fn checked(v: f64) -> Percent {
        assert!(v >= 0.0 && v <= 100.0);
        Percent(v)
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Percent {
    type Error = String;
    fn try_from(v: f64) -> Result<Self, String> {
        if (0.0..=100.0).contains(&v) {
            Ok(Percent(v + 0.0))
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

/// An inclusive range of whole numbers, written `[low, high]`, or `[low]`
/// for no upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "Vec<i64>", into = "Vec<u64>")]
pub struct Bounds {
    pub low: u64,
    /// `u64::MAX` where the range has no upper bound.
    pub high: u64,
}

impl Bounds {
    pub fn contains(&self, v: u64) -> bool {
        (self.low..=self.high).contains(&v)
    }

    pub fn unbounded_above(&self) -> bool {
        self.high == u64::MAX
    }

    /// What both ranges accept.
    pub fn intersect(&self, other: &Bounds) -> Bounds {
        Bounds {
            low: self.low.max(other.low),
            high: self.high.min(other.high),
        }
    }
}

impl std::fmt::Display for Bounds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.low, self.unbounded_above()) {
            (0, true) => write!(f, "a whole number, 0 or more"),
            (1, true) => write!(f, "a whole number above 0"),
            (low, true) => write!(f, "a whole number from {low} up"),
            (low, false) => write!(f, "{low} to {}", self.high),
        }
    }
}

impl TryFrom<Vec<i64>> for Bounds {
    type Error = String;
    fn try_from(v: Vec<i64>) -> Result<Self, String> {
        let (low, high) = match v[..] {
            [low] => (low, None),
            [low, high] => (low, Some(high)),
            _ => {
                return Err(format!(
                    "must be [low, high] or [low], found {} numbers",
                    v.len()
                ));
            }
        };
        if low < 0 || high.is_some_and(|h| h < low) {
            return Err(format!(
                "must be [low, high] with 0 <= low <= high, found {v:?}"
            ));
        }
        Ok(Bounds {
            low: low as u64,
            high: high.map_or(u64::MAX, |h| h as u64),
        })
    }
}

impl From<Bounds> for Vec<u64> {
    fn from(b: Bounds) -> Vec<u64> {
        if b.unbounded_above() {
            vec![b.low]
        } else {
            vec![b.low, b.high]
        }
    }
}

/// A regular expression from the data: the module's own validation pattern.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct Pattern {
    text: String,
    regex: regex_lite::Regex,
}

impl Pattern {
    pub fn is_match(&self, s: &str) -> bool {
        self.regex.is_match(s)
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl TryFrom<String> for Pattern {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        // Bounded: a hostile data file cannot ask for a huge automaton.
        if text.len() > 1024 {
            return Err("a pattern of more than 1024 characters".into());
        }
        let regex = regex_lite::Regex::new(&text).map_err(|e| format!("not a regex: {e}"))?;
        Ok(Pattern { text, regex })
    }
}

impl From<Pattern> for String {
    fn from(p: Pattern) -> String {
        p.text
    }
}
