//! The integration tests, in one binary: each file beside this one is a module. One binary
//! links the program's dependencies (SQLCipher, OpenSSL) once instead of once per file, which
//! keeps a cold `cargo test` within the disk and time of a small CI machine.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

mod cli_agenda;
mod cli_case;
mod cli_config;
mod cli_damage;
mod cli_encryption;
mod cli_erase;
mod cli_export;
mod cli_full_disk;
mod cli_merge;
mod cli_person_add;
mod cli_read_only;
mod cli_which_desk;
mod e2e;
mod e2e_auth;
mod e2e_entry;
mod e2e_jobs;
mod e2e_path;
mod e2e_same_person;
mod e2e_upgrade;
mod gate_recover;
mod i18n_keys;
mod screens;
mod screens_agenda;
mod screens_apart;
mod screens_audit;
mod screens_case;
mod screens_duplicates;
mod screens_entry;
mod screens_forms;
mod screens_jobs;
mod screens_network;
mod screens_plan;
mod screens_read_the_desk;
mod screens_restore;
mod screens_words;
mod service_auth;
mod service_backup;
mod steps_one_source;
mod store_audit;
mod store_backup;
mod store_cases;
mod store_cipher;
mod store_closure;
mod store_conflict;
mod store_demo;
mod store_duplicates;
mod store_erase;
mod store_internship;
mod store_merge;
mod store_people;
mod store_plan;
mod store_referrals;
mod store_retention;
mod store_rules;
mod store_search;
mod store_worker;
