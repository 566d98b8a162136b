//! Damaged plans never panic the reader: a sample cut anywhere, bytes
//! replaced anywhere, or nesting stacked anywhere gives a plan or an error.

use proptest::prelude::*;
use tf_plan::{Limits, Wanted, read_plan};

fn sample() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        let path = format!(
            "{}/../../tests/fixtures/plans/update.json",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(path).unwrap()
    })
}

fn wanted() -> Wanted {
    Wanted {
        resource_types: [
            "aws_launch_template",
            "aws_ecs_task_definition",
            "aws_subnets",
        ]
        .map(String::from)
        .to_vec(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn cut_anywhere(at in 0usize..1_000_000) {
        let bytes = sample();
        let at = at % bytes.len();
        prop_assert!(read_plan(&bytes[..at], &wanted(), &Limits::default()).is_err());
    }

    #[test]
    fn bytes_replaced_anywhere(edits in prop::collection::vec((0usize..1_000_000, any::<u8>()), 1..8)) {
        let mut bytes = sample().to_vec();
        let len = bytes.len();
        for (at, b) in edits {
            bytes[at % len] = b;
        }
        let _ = read_plan(&bytes[..], &wanted(), &Limits::default());
    }

    #[test]
    fn nesting_stacked_anywhere(at in 0usize..1_000_000, depth in 1usize..2000) {
        let bytes = sample();
        let at = at % bytes.len();
        let mut damaged = bytes[..at].to_vec();
        damaged.extend(std::iter::repeat_n(b'[', depth));
        damaged.extend(std::iter::repeat_n(b']', depth));
        damaged.extend(&bytes[at..]);
        let _ = read_plan(&damaged[..], &wanted(), &Limits::default());
    }
}
