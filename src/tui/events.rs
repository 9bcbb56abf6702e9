//! The one channel the terminal loop blocks on: terminal events (read by a thread of their
//! own), and the doorbell rung by workers and jobs when they have something to show.

use std::io;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Instant;

use ratatui::crossterm::event::{self, Event};

use crate::jobs::bell;

pub enum Input {
    Term(Event),
    /// A worker or a job has news (an answer, progress, its end).
    Wake,
    /// The terminal cannot be read any more.
    Lost(io::Error),
}

pub struct Inputs {
    rx: Receiver<Input>,
    _bell: bell::Installed,
}

fn read_terminal(tx: Sender<Input>) {
    loop {
        match event::read() {
            Ok(ev) => {
                if tx.send(Input::Term(ev)).is_err() {
                    return;
                }
            }
            Err(e) => {
                let _ = tx.send(Input::Lost(e));
                return;
            }
        }
    }
}

impl Inputs {
    /// Starts the terminal's reader thread and installs the doorbell.
    pub fn start() -> io::Result<Inputs> {
        let (tx, rx) = mpsc::channel();
        let ring = tx.clone();
        let installed = bell::install(move || {
            let _ = ring.send(Input::Wake);
        });
        std::thread::Builder::new()
            .name("terminal".into())
            .spawn(move || read_terminal(tx))?;
        Ok(Inputs {
            rx,
            _bell: installed,
        })
    }

    /// Blocks until something arrives, or until `deadline` (then `None`). The channel
    /// cannot close while `self` lives: the doorbell holds a sender.
    pub fn next(&self, deadline: Option<Instant>) -> Option<Input> {
        match deadline {
            None => self.rx.recv().ok(),
            Some(d) => {
                let wait = d.saturating_duration_since(Instant::now());
                self.rx.recv_timeout(wait).ok()
            }
        }
    }

    /// What is already queued, without waiting.
    pub fn queued(&self) -> Option<Input> {
        self.rx.try_recv().ok()
    }
}
