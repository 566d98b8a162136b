//! pypi-size: the binary. It only wires the layers: `app` reads the command
//! line and dispatches, `render` turns answers into text.

mod app;
mod render;

fn main() -> std::process::ExitCode {
    app::main()
}
