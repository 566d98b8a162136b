//! Bash's script, mended: clap_complete names a subcommand's `case` arm
//! after the binary with its hyphen turned into `__subcmd__`
//! (`pypi__subcmd__size__subcmd__capacity`) but sets `cmd` from the binary
//! with the hyphen turned into `__` (`pypi__size__subcmd__capacity`), so no
//! arm matched past the subcommand and completion stopped there
//! (clap-rs/clap#6421, open upstream; fix proposed in #6428). One spelling
//! for both, until the generator agrees with itself.

/// The binary's name as the generator's `cmd` variable spells it.
const CMD_NAME: &str = "pypi__size";
/// The same name as the generator's `case` arms spell it.
const ARM_NAME: &str = "pypi__subcmd__size";

pub fn mended(script: &str) -> String {
    script.replace(ARM_NAME, CMD_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_arms_take_the_cmd_spelling() {
        let script =
            "cmd=\"pypi__size__subcmd__capacity\"\n pypi__subcmd__size__subcmd__capacity)\n";
        assert_eq!(
            mended(script),
            "cmd=\"pypi__size__subcmd__capacity\"\n pypi__size__subcmd__capacity)\n"
        );
    }
}
