//! TF_CLI_ARGS(_plan) arguments Terraform 1.0.3 refuses (confirmed with
//! `TF_CLI_ARGS_plan=... terraform plan` in a root without providers) give
//! no number: a usage error naming the environment variable, and an
//! undeclared -var the same error as on the command line, naming it.

use crate::common::{fails_cmd, fixture, pypi_size};

#[test]
fn refused_arguments_are_usage_errors_naming_the_variable() {
    let dir = fixture("corpus/tf-cli-args-plan");
    for (value, words) in [
        ("-var=min", ["TF_CLI_ARGS_plan", "Invalid -var option"]),
        (
            "-chdir=/tmp",
            ["TF_CLI_ARGS_plan", "flag provided but not defined: -chdir"],
        ),
    ] {
        fails_cmd(
            pypi_size()
                .env("TF_CLI_ARGS_plan", value)
                .args(["check", &dir]),
            2,
            &words,
        );
    }
}

#[test]
fn an_undeclared_var_is_refused_as_on_the_command_line() {
    let dir = fixture("corpus/tf-cli-args-plan");
    let said = "no variable `nosuch` is declared in the configuration";
    let command_line = pypi_size()
        .args(["check", &dir, "--var", "nosuch=1"])
        .output()
        .unwrap();
    let code = command_line.status.code();
    let stderr = String::from_utf8_lossy(&command_line.stderr).to_string();
    assert!(stderr.contains(said), "{stderr}");
    assert!(!stderr.contains(":1:1"), "{stderr}");
    let env = pypi_size()
        .env("TF_CLI_ARGS_plan", "-var=nosuch=1")
        .args(["check", &dir])
        .output()
        .unwrap();
    assert_eq!(env.status.code(), code);
    assert!(env.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&env.stderr);
    assert!(stderr.contains(said), "{stderr}");
    assert!(
        stderr.contains("-var nosuch=1 in TF_CLI_ARGS_plan: "),
        "{stderr}"
    );
    assert!(!stderr.contains(":1:1"), "{stderr}");
}
