//! Drives the real binary in a pseudo-terminal, as an operator would: keys in, screen out.
//! Waits for text on the screen (parsed by vt100), never for a fixed time.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn MasterPty + Send>,
}

/// Generous: CI machines are slow and shared. The test fails with the screen printed.
pub const TIMEOUT: Duration = Duration::from_secs(30);

impl Tui {
    /// Starts `sportello ARGS` with HOME and the XDG directories inside `home`.
    pub fn spawn(home: &Path, args: &[&str], cols: u16, rows: u16) -> Tui {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sportello"));
        cmd.args(args);
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "it_IT.UTF-8");
        cmd.cwd(home);
        let child = pair.slave.spawn_command(cmd).expect("start sportello");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let p = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().expect("parser").process(&buf[..n]);
            }
        });
        Tui {
            child,
            writer,
            parser,
            _master: pair.master,
        }
    }

    /// Starts the app and logs in as the demo administrator.
    pub fn logged_in(home: &Path, args: &[&str], cols: u16, rows: u16) -> Tui {
        let mut t = Tui::spawn(home, args, cols, rows);
        t.log_in(super::OPERATOR, super::PASSPHRASE);
        t
    }

    /// Types a username and passphrase into the login box and waits for the app.
    pub fn log_in(&mut self, user: &str, pass: &str) {
        self.log_in_attempt(user, pass);
        self.wait_until("the login box gone", |s| !s.contains("Passphrase"));
    }

    /// Types a username and passphrase into the login box (the username field emptied
    /// first, as after a wrong attempt the focus is on the passphrase).
    pub fn log_in_attempt(&mut self, user: &str, pass: &str) {
        self.wait_for("Passphrase");
        self.key("Up");
        self.key("Ctrl+U");
        self.type_text(user);
        self.key("Enter");
        self.key("Ctrl+U");
        self.type_text(pass);
        self.key("Enter");
    }

    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    /// Waits until the screen shows `text`; panics with the screen when it does not.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("text {text:?}"), |s| s.contains(text))
    }

    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {what}; the screen shows:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends raw bytes (typed text).
    pub fn type_text(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// Sends a named key: Enter, Esc, Tab, BackTab, Up, Down, Left, Right, PageDown, Home,
    /// End, Backspace, F1, or Ctrl+<letter>.
    pub fn key(&mut self, name: &str) {
        let seq: String = match name {
            "Enter" => "\r".into(),
            "Esc" => "\x1b".into(),
            "Tab" => "\t".into(),
            "BackTab" => "\x1b[Z".into(),
            "Up" => "\x1b[A".into(),
            "Down" => "\x1b[B".into(),
            "Right" => "\x1b[C".into(),
            "Left" => "\x1b[D".into(),
            "Home" => "\x1b[H".into(),
            "End" => "\x1b[F".into(),
            "PageUp" => "\x1b[5~".into(),
            "PageDown" => "\x1b[6~".into(),
            "Backspace" => "\x7f".into(),
            "F1" => "\x1bOP".into(),
            ctrl if ctrl.starts_with("Ctrl+") => {
                let c = ctrl.as_bytes()[5].to_ascii_lowercase();
                ((c - b'a' + 1) as char).to_string()
            }
            other => panic!("unknown key {other}"),
        };
        self.type_text(&seq);
    }

    /// A bracketed paste, as a terminal sends it.
    pub fn paste(&mut self, s: &str) {
        self.type_text(&format!("\x1b[200~{s}\x1b[201~"));
    }

    /// `kill -9`: no chance to clean up.
    pub fn kill_hard(&mut self) {
        if let Some(pid) = self.child.process_id() {
            // SAFETY: sending a signal to our own child process.
            unsafe {
                libc::kill(pid as i32, libc::SIGKILL);
            }
        }
        let _ = self.wait_exit();
    }

    /// Waits for the process to end; its exit code, or None when it did not end in time.
    pub fn wait_exit(&mut self) -> Option<u32> {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status.exit_code());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
