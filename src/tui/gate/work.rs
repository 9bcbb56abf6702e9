//! What the gate asks of the service layer (setup, login, recovery), as owned values a thread
//! can take: the work runs off the terminal loop (Argon2 takes a moment; encrypting a large
//! plain register takes seconds) while the box counts the seconds.

use std::path::PathBuf;

use zeroize::Zeroizing;

use crate::service::auth::{self, NewOperator, Opened, SetupDone};
use crate::service::outcome::Outcome;

pub enum Ask {
    Setup {
        db: PathBuf,
        desk: String,
        name: String,
        user: String,
        pass: Zeroizing<String>,
        again: Zeroizing<String>,
    },
    Login {
        db: PathBuf,
        user: String,
        pass: Zeroizing<String>,
    },
    Recover {
        db: PathBuf,
        code: String,
        user: String,
        pass: Zeroizing<String>,
        again: Zeroizing<String>,
    },
}

pub enum Answer {
    Setup(Outcome<SetupDone>),
    Login(Outcome<Opened>),
    /// The recovery, then the login with the new passphrase.
    Recover(Outcome<Opened>),
}

impl Ask {
    pub fn run(self) -> Answer {
        match self {
            Ask::Setup {
                db,
                desk,
                name,
                user,
                pass,
                again,
            } => {
                let admin = NewOperator {
                    username: &user,
                    name: &name,
                    pass: &pass,
                    again: &again,
                };
                Answer::Setup(auth::setup(&db, &desk, &admin, false))
            }
            Ask::Login { db, user, pass } => Answer::Login(auth::enter(&db, &user, &pass)),
            Ask::Recover {
                db,
                code,
                user,
                pass,
                again,
            } => Answer::Recover(
                crate::service::operators::recover(&db, &code, &user, &pass, &again)
                    .and_then(|()| auth::enter(&db, &user, &pass)),
            ),
        }
    }
}
