//! Closed sets of names: one enum serves as a TOML value, a JSON string and a
//! command-line flag value. The core lists its names here; the app layer
//! turns the list into a flag parser, so the library needs no clap.

/// One value of a closed set, with the name users type.
#[derive(Debug, Clone, Copy)]
pub struct Named<T: 'static> {
    pub value: T,
    pub name: &'static str,
    /// Other spellings accepted for the same value.
    pub aliases: &'static [&'static str],
    /// One line for `--help`; empty for none.
    pub help: &'static str,
}

/// An enum whose values have names.
pub trait Choice: Copy + PartialEq + Send + Sync + 'static {
    const ALL: &'static [Named<Self>];

    /// The value a name or alias stands for, ignoring ASCII case.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|n| {
                n.name.eq_ignore_ascii_case(name)
                    || n.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
            })
            .map(|n| n.value)
    }

    /// The value's own name.
    fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|n| n.value == self)
            .map_or("", |n| n.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Arch, EfsThroughputMode};

    #[test]
    fn names_round_trip_and_aliases_resolve() {
        for n in Arch::ALL {
            assert_eq!(Arch::from_name(n.name), Some(n.value));
            assert_eq!(n.value.name(), n.name);
        }
        assert_eq!(Arch::from_name("AARCH64"), Some(Arch::Arm64));
        assert_eq!(
            EfsThroughputMode::from_name("elastic"),
            Some(EfsThroughputMode::Elastic)
        );
        assert_eq!(EfsThroughputMode::from_name("fast"), None);
    }
}
