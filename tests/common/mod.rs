#![allow(dead_code)]
pub mod pty;

use std::path::Path;
use std::process::{Command, Output};

use ratatui::buffer::Buffer;

/// The text of a drawn screen, one line per row, trailing blanks cut.
pub fn text(buf: &Buffer) -> String {
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The demo administrator the tests log in as (`sportello demo` creates it on a new file).
pub const OPERATOR: &str = "demo";
pub const PASSPHRASE: &str = "demo";

/// Runs the real binary with HOME and the XDG directories inside `home`, logged in as the
/// demo administrator.
pub fn sportello(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(args)
        .env("SPORTELLO_OPERATOR", OPERATOR)
        .env("SPORTELLO_PASSPHRASE", PASSPHRASE)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .output()
        .expect("run sportello")
}
