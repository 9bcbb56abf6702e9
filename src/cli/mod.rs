//! The command line (clap). Every subcommand goes through the same service layer as the TUI.

/// Runs the program; returns the process exit code.
pub fn main() -> i32 {
    0
}
