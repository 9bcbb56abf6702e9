//! Step 17 of `schema_steps::STEPS`: every table's ids as 16-byte blobs and its times as
//! milliseconds since 1970 (UTC), as the journal and the audit trail have since step 13
//! (`codec::Id`, `codec::At`), and the journal's kind of record as a small code
//! (`codec::entity`). Dates (`YYYY-MM-DD`) stay text. Each table is rewritten as
//! `migrations` says ([`Rewrite`]), parents first, in the step's transaction; rowids are
//! kept. A value that is not what the store writes (an id that is not a UUID's text, a time
//! not in `codec::ts` form) is copied as it was, and the readers take it.

use rusqlite::Connection;

use super::StoreResult;
use super::migrations::{Rewrite, rewrite_table};

/// The step's SQL: none, the tables are rewritten by [`rewrite`].
pub(super) const IDS_COMPACT: &str = "";

/// The tables the step rewrites.
pub(super) const TABLES: &[&str] = &[
    "people",
    "person_names",
    "person_phones",
    "person_tax_codes",
    "person_merges",
    "programmes",
    "cases",
    "case_steps",
    "case_forms",
    "plan_actions",
    "case_budget",
    "ledger",
    "partners",
    "referrals",
    "referral_events",
    "internships",
    "internship_months",
    "follow_ups",
    "drafts",
    "operators",
    "changes",
];

/// The step: each table rewritten.
pub(super) fn rewrite(tx: &Connection) -> StoreResult<()> {
    for r in REWRITES {
        rewrite_table(tx, r)?;
    }
    // Dropping a table dropped its statistics: the planner gets them back from a sample
    // (bounded, so the time does not grow with the register).
    let analysed: i64 = tx.query_row(
        "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'",
        [],
        |r| r.get(0),
    )?;
    if analysed > 0 {
        tx.execute_batch("PRAGMA analysis_limit = 1000; ANALYZE; PRAGMA analysis_limit = 0;")?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "schema_ids_tests.rs"]
mod tests;

/// Each table of [`TABLES`], in its order.
const REWRITES: &[Rewrite] = &[
    Rewrite {
        table: "people",
        rows: "SELECT rowid, journal_id(id), activity_seq, journal_at(created_at), \
         journal_at(updated_at), journal_at(last_activity_at), journal_at(deleted_at), \
         display_name, birth_date, sex, birth_country, tax_code, permit_number, permit_expiry, \
         data, journal_at(erased_at) FROM people ORDER BY rowid",
        make: "CREATE TABLE \"people\" (
        id               BLOB PRIMARY KEY NOT NULL,
        activity_seq     INTEGER NOT NULL UNIQUE,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL,
        last_activity_at INTEGER NOT NULL,
        deleted_at       INTEGER,
        display_name     TEXT NOT NULL,
        birth_date       TEXT,
        sex              TEXT CHECK (sex IN ('F', 'M', 'X')),
        birth_country    TEXT,
        tax_code         TEXT,
        permit_number    TEXT,
        permit_expiry    TEXT,
        data             TEXT NOT NULL,
        legal_status TEXT
            GENERATED ALWAYS AS (json_extract(data, '$.legal_status')) VIRTUAL,
        asylum_applied_on TEXT
            GENERATED ALWAYS AS (json_extract(data, '$.asylum_application_date')) VIRTUAL,
        arrived_as_uam INTEGER
            GENERATED ALWAYS AS (json_extract(data, '$.arrived_as_uam')) VIRTUAL,
        did_on TEXT
            GENERATED ALWAYS AS (json_extract(data, '$.did_date')) VIRTUAL,
        on_benefit INTEGER
            GENERATED ALWAYS AS (json_extract(data, '$.on_unemployment_benefit')) VIRTUAL,
        patto_on TEXT
            GENERATED ALWAYS AS (json_extract(data, '$.patto_date')) VIRTUAL,
        erased_at INTEGER
    );
    CREATE INDEX people_live_by_activity ON people (activity_seq) WHERE deleted_at IS NULL;
    CREATE INDEX people_by_permit_expiry ON people (permit_expiry)
        WHERE deleted_at IS NULL AND permit_expiry IS NOT NULL;
    CREATE INDEX people_waiting_patto ON people (did_on)
        WHERE deleted_at IS NULL AND did_on IS NOT NULL AND patto_on IS NULL;
    CREATE INDEX people_by_asylum_application ON people (asylum_applied_on)
        WHERE deleted_at IS NULL AND asylum_applied_on IS NOT NULL;
    CREATE INDEX people_uam_by_birth ON people (birth_date)
        WHERE deleted_at IS NULL AND arrived_as_uam = 1;
    CREATE INDEX people_subject ON people (id, deleted_at, display_name);",
        into: "people (rowid, id, activity_seq, created_at, updated_at, last_activity_at, deleted_at, \
         display_name, birth_date, sex, birth_country, tax_code, permit_number, permit_expiry, \
         data, erased_at)",
    },
    Rewrite {
        table: "person_names",
        rows: "SELECT journal_id(person_id), position, surname, given, kind FROM person_names",
        make: "CREATE TABLE \"person_names\" (
        person_id BLOB NOT NULL REFERENCES \"people\" (id) ON DELETE CASCADE,
        position  INTEGER NOT NULL,
        surname   TEXT NOT NULL,
        given     TEXT NOT NULL,
        kind      TEXT NOT NULL,
        PRIMARY KEY (person_id, position)
    ) WITHOUT ROWID;",
        into: "person_names",
    },
    Rewrite {
        table: "person_phones",
        rows: "SELECT journal_id(person_id), position, number FROM person_phones",
        make: "CREATE TABLE \"person_phones\" (
        person_id BLOB NOT NULL REFERENCES \"people\" (id) ON DELETE CASCADE,
        position  INTEGER NOT NULL,
        number    TEXT NOT NULL,
        PRIMARY KEY (person_id, position)
    ) WITHOUT ROWID;",
        into: "person_phones",
    },
    Rewrite {
        table: "person_tax_codes",
        rows: "SELECT id, journal_id(person_id), code, kind, journal_at(first_seen_at), \
         journal_at(replaced_at) FROM person_tax_codes ORDER BY id",
        make: "CREATE TABLE \"person_tax_codes\" (
        id            INTEGER PRIMARY KEY,
        person_id     BLOB NOT NULL REFERENCES \"people\" (id) ON DELETE CASCADE,
        code          TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('personal', 'provisional')),
        first_seen_at INTEGER NOT NULL,
        replaced_at   INTEGER
    );
    CREATE INDEX person_tax_codes_by_person ON person_tax_codes (person_id, id);",
        into: "person_tax_codes",
    },
    Rewrite {
        table: "person_merges",
        rows: "SELECT id, journal_id(survivor), journal_id(merged), journal_at(at), by, undo, \
         journal_at(undone_at) FROM person_merges ORDER BY id",
        make: "CREATE TABLE \"person_merges\" (
        id        INTEGER PRIMARY KEY,
        survivor  BLOB NOT NULL REFERENCES \"people\" (id),
        merged    BLOB NOT NULL REFERENCES \"people\" (id),
        at        INTEGER NOT NULL,
        by        TEXT NOT NULL,
        undo      TEXT NOT NULL,
        undone_at INTEGER
    );
    CREATE INDEX person_merges_by_merged ON person_merges (merged) WHERE undone_at IS NULL;",
        into: "person_merges",
    },
    Rewrite {
        table: "programmes",
        rows: "SELECT rowid, journal_id(id), code, data, journal_at(updated_at), updated_by FROM \
         programmes ORDER BY rowid",
        make: "CREATE TABLE \"programmes\" (
        id         BLOB PRIMARY KEY NOT NULL,
        code       TEXT NOT NULL UNIQUE,
        data       TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL
    );",
        into: "programmes (rowid, id, code, data, updated_at, updated_by)",
    },
    Rewrite {
        table: "cases",
        rows: "SELECT rowid, journal_id(id), journal_id(person_id), journal_at(opened_at), \
         journal_at(closed_at), operator, journal_id(programme_id), budget_total_cents, outcome, \
         outcome_on FROM cases ORDER BY rowid",
        make: "CREATE TABLE \"cases\" (
        id                 BLOB PRIMARY KEY NOT NULL,
        person_id          BLOB NOT NULL REFERENCES \"people\" (id) ON DELETE CASCADE,
        opened_at          INTEGER NOT NULL,
        closed_at          INTEGER,
        operator           TEXT NOT NULL DEFAULT '',
        programme_id       BLOB REFERENCES \"programmes\" (id),
        budget_total_cents INTEGER,
        outcome            TEXT,
        outcome_on         TEXT
    );
    CREATE INDEX cases_by_person ON cases (person_id, opened_at);
    CREATE UNIQUE INDEX cases_one_open_per_person ON cases (person_id) WHERE closed_at IS NULL;
    CREATE INDEX cases_open_by_operator ON cases (operator) WHERE closed_at IS NULL;
    CREATE INDEX cases_closed_by_date ON cases (closed_at) WHERE closed_at IS NOT NULL;",
        into: "cases (rowid, id, person_id, opened_at, closed_at, operator, programme_id, \
         budget_total_cents, outcome, outcome_on)",
    },
    Rewrite {
        table: "case_steps",
        rows: "SELECT journal_id(case_id), step, status, journal_at(done_at) FROM case_steps",
        make: "CREATE TABLE \"case_steps\" (
        case_id BLOB NOT NULL REFERENCES \"cases\" (id) ON DELETE CASCADE,
        step    TEXT NOT NULL,
        status  TEXT NOT NULL,
        done_at INTEGER,
        PRIMARY KEY (case_id, step)
    ) WITHOUT ROWID;",
        into: "case_steps",
    },
    Rewrite {
        table: "case_forms",
        rows: "SELECT journal_id(case_id), form, data, journal_at(updated_at), updated_by FROM \
         case_forms",
        make: "CREATE TABLE \"case_forms\" (
        case_id    BLOB NOT NULL REFERENCES \"cases\" (id) ON DELETE CASCADE,
        form       TEXT NOT NULL,
        data       NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (case_id, form)
    ) WITHOUT ROWID;",
        into: "case_forms",
    },
    Rewrite {
        table: "plan_actions",
        rows: "SELECT journal_id(case_id), position, kind, title, owner, due_on, status FROM \
         plan_actions",
        make: "CREATE TABLE \"plan_actions\" (
        case_id  BLOB NOT NULL REFERENCES \"cases\" (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind     TEXT NOT NULL,
        title    TEXT NOT NULL,
        owner    TEXT NOT NULL DEFAULT '',
        due_on   TEXT,
        status   TEXT NOT NULL,
        PRIMARY KEY (case_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX plan_actions_open_by_due ON plan_actions (due_on)
        WHERE due_on IS NOT NULL AND status IN ('planned', 'in_progress');",
        into: "plan_actions",
    },
    Rewrite {
        table: "case_budget",
        rows: "SELECT journal_id(case_id), line, position, budget_cents, committed_cents, paid_cents \
         FROM case_budget",
        make: "CREATE TABLE \"case_budget\" (
        case_id         BLOB NOT NULL REFERENCES \"cases\" (id) ON DELETE CASCADE,
        line            TEXT NOT NULL,
        position        INTEGER NOT NULL,
        budget_cents    INTEGER NOT NULL CHECK (budget_cents >= 0),
        committed_cents INTEGER NOT NULL DEFAULT 0 CHECK (committed_cents >= 0),
        paid_cents      INTEGER NOT NULL DEFAULT 0 CHECK (paid_cents >= 0),
        PRIMARY KEY (case_id, line)
    ) WITHOUT ROWID;
    CREATE INDEX case_budget_nearly_used ON case_budget (case_id)
        WHERE budget_cents > 0 AND committed_cents * 10 >= budget_cents * 9;",
        into: "case_budget",
    },
    Rewrite {
        table: "ledger",
        rows: "SELECT rowid, journal_id(id), journal_id(case_id), line, kind, cents, minutes, on_date, \
         note, journal_id(internship_id), month, journal_at(at), by FROM ledger ORDER BY \
         rowid",
        make: "CREATE TABLE \"ledger\" (
        id            BLOB PRIMARY KEY NOT NULL,
        case_id       BLOB NOT NULL REFERENCES \"cases\" (id) ON DELETE CASCADE,
        line          TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('commit', 'release', 'pay')),
        cents         INTEGER NOT NULL CHECK (cents > 0),
        minutes       INTEGER CHECK (minutes > 0),
        on_date       TEXT NOT NULL,
        note          TEXT NOT NULL DEFAULT '',
        internship_id BLOB,
        month         TEXT,
        at            INTEGER NOT NULL,
        by            TEXT NOT NULL
    );
    CREATE INDEX ledger_by_case ON ledger (case_id, on_date);",
        into: "ledger (rowid, id, case_id, line, kind, cents, minutes, on_date, note, internship_id, \
         month, at, by)",
    },
    Rewrite {
        table: "partners",
        rows: "SELECT rowid, journal_id(id), name, name_key, kind, territory, data, \
         journal_at(created_at), journal_at(updated_at), journal_at(deleted_at) FROM partners \
         ORDER BY rowid",
        make: "CREATE TABLE \"partners\" (
        id         BLOB PRIMARY KEY NOT NULL,
        name       TEXT NOT NULL,
        name_key   TEXT NOT NULL,
        kind       TEXT NOT NULL,
        territory  TEXT NOT NULL DEFAULT '',
        data       TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER
    );
    CREATE INDEX partners_live_by_key ON partners (name_key) WHERE deleted_at IS NULL;",
        into: "partners (rowid, id, name, name_key, kind, territory, data, created_at, updated_at, \
         deleted_at)",
    },
    Rewrite {
        table: "referrals",
        rows: "SELECT rowid, journal_id(id), journal_id(case_id), journal_id(partner_id), service, \
         reason, status, created_on, sent_on, answered_on, status_on, journal_at(updated_at) FROM \
         referrals ORDER BY rowid",
        make: "CREATE TABLE \"referrals\" (
        id          BLOB PRIMARY KEY NOT NULL,
        case_id     BLOB NOT NULL REFERENCES \"cases\" (id) ON DELETE CASCADE,
        partner_id  BLOB NOT NULL REFERENCES \"partners\" (id),
        service     TEXT NOT NULL DEFAULT '',
        reason      TEXT NOT NULL DEFAULT '',
        status      TEXT NOT NULL,
        created_on  TEXT NOT NULL,
        sent_on     TEXT,
        answered_on TEXT,
        status_on   TEXT NOT NULL,
        updated_at  INTEGER NOT NULL
    );
    CREATE INDEX referrals_by_case ON referrals (case_id);
    CREATE INDEX referrals_by_partner ON referrals (partner_id, status);
    CREATE INDEX referrals_waiting_by_sent ON referrals (sent_on) WHERE status = 'sent';",
        into: "referrals (rowid, id, case_id, partner_id, service, reason, status, created_on, sent_on, \
         answered_on, status_on, updated_at)",
    },
    Rewrite {
        table: "referral_events",
        rows: "SELECT journal_id(referral_id), seq, status, on_date, note, journal_at(at), by FROM \
         referral_events",
        make: "CREATE TABLE \"referral_events\" (
        referral_id BLOB NOT NULL REFERENCES \"referrals\" (id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,
        status      TEXT NOT NULL,
        on_date     TEXT NOT NULL,
        note        TEXT NOT NULL DEFAULT '',
        at          INTEGER NOT NULL,
        by          TEXT NOT NULL,
        PRIMARY KEY (referral_id, seq)
    ) WITHOUT ROWID;",
        into: "referral_events",
    },
    Rewrite {
        table: "internships",
        rows: "SELECT rowid, journal_id(id), journal_id(case_id), journal_id(partner_id), tutor, \
         start_on, planned_end_on, weekly_hours, monthly_allowance_cents, status, status_reason, \
         status_on, data, journal_at(updated_at) FROM internships ORDER BY rowid",
        make: "CREATE TABLE \"internships\" (
        id                      BLOB PRIMARY KEY NOT NULL,
        case_id                 BLOB NOT NULL REFERENCES \"cases\" (id) ON DELETE CASCADE,
        partner_id              BLOB REFERENCES \"partners\" (id),
        tutor                   TEXT NOT NULL DEFAULT '',
        start_on                TEXT NOT NULL,
        planned_end_on          TEXT NOT NULL,
        weekly_hours            INTEGER,
        monthly_allowance_cents INTEGER NOT NULL DEFAULT 0,
        status                  TEXT NOT NULL,
        status_reason           TEXT NOT NULL DEFAULT '',
        status_on               TEXT,
        data                    TEXT NOT NULL,
        updated_at              INTEGER NOT NULL
    );
    CREATE INDEX internships_by_case ON internships (case_id);
    CREATE INDEX internships_running_by_end ON internships (planned_end_on)
        WHERE status IN ('planned', 'active', 'suspended');",
        into: "internships (rowid, id, case_id, partner_id, tutor, start_on, planned_end_on, \
         weekly_hours, monthly_allowance_cents, status, status_reason, status_on, data, \
         updated_at)",
    },
    Rewrite {
        table: "internship_months",
        rows: "SELECT journal_id(internship_id), month, hours, days_absent, note FROM \
         internship_months",
        make: "CREATE TABLE \"internship_months\" (
        internship_id BLOB NOT NULL REFERENCES \"internships\" (id) ON DELETE CASCADE,
        month         TEXT NOT NULL,
        hours         INTEGER NOT NULL DEFAULT 0,
        days_absent   INTEGER NOT NULL DEFAULT 0,
        note          TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (internship_id, month)
    ) WITHOUT ROWID;",
        into: "internship_months",
    },
    Rewrite {
        table: "follow_ups",
        rows: "SELECT rowid, journal_id(id), journal_id(case_id), due_on, kind, done_on, outcome, note, \
         journal_id(previous_id), journal_at(updated_at) FROM follow_ups ORDER BY rowid",
        make: "CREATE TABLE \"follow_ups\" (
        id          BLOB PRIMARY KEY NOT NULL,
        case_id     BLOB NOT NULL REFERENCES \"cases\" (id) ON DELETE CASCADE,
        due_on      TEXT NOT NULL,
        kind        TEXT NOT NULL,
        done_on     TEXT,
        outcome     TEXT,
        note        TEXT NOT NULL DEFAULT '',
        previous_id BLOB REFERENCES \"follow_ups\" (id),
        updated_at  INTEGER NOT NULL
    );
    CREATE INDEX follow_ups_by_case ON follow_ups (case_id, due_on);
    CREATE INDEX follow_ups_pending_by_due ON follow_ups (due_on) WHERE done_on IS NULL;",
        into: "follow_ups (rowid, id, case_id, due_on, kind, done_on, outcome, note, previous_id, \
         updated_at)",
    },
    Rewrite {
        table: "drafts",
        rows: "SELECT rowid, journal_id(id), form, journal_id(subject_id), data, journal_at(updated_at) \
         FROM drafts ORDER BY rowid",
        make: "CREATE TABLE \"drafts\" (
        id         BLOB PRIMARY KEY NOT NULL,
        form       TEXT NOT NULL,
        subject_id BLOB,
        data       TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE INDEX drafts_by_update ON drafts (updated_at);",
        into: "drafts (rowid, id, form, subject_id, data, updated_at)",
    },
    Rewrite {
        table: "operators",
        rows: "SELECT rowid, journal_id(id), username, name, role, active, journal_at(created_at), \
         journal_at(removed_at) FROM operators ORDER BY rowid",
        make: "CREATE TABLE \"operators\" (
        id         BLOB PRIMARY KEY NOT NULL,
        username   TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL,
        role       TEXT NOT NULL CHECK (role IN ('operator', 'coordinator', 'administrator')),
        active     INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        removed_at INTEGER
    );",
        into: "operators (rowid, id, username, name, role, active, created_at, removed_at)",
    },
    Rewrite {
        table: "changes",
        rows: "SELECT seq, id, journal_entity(entity), entity_id, field, old_value, new_value, at, by, \
         case_id FROM changes ORDER BY seq",
        make: "CREATE TABLE \"changes\" (
        seq       INTEGER PRIMARY KEY,
        id        BLOB NOT NULL,
        entity    NOT NULL,
        entity_id NOT NULL,
        field     TEXT,
        old_value,
        new_value,
        at        NOT NULL,
        by        TEXT NOT NULL,
        case_id   BLOB
    );
    CREATE INDEX changes_by_entity ON changes (entity, entity_id, seq);
    CREATE INDEX changes_by_case ON changes (case_id, seq) WHERE case_id IS NOT NULL;",
        into: "changes",
    },
];
