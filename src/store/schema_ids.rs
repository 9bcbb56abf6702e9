//! Step 17 of `schema_steps::STEPS`: every table's ids as 16-byte blobs and its times as
//! milliseconds since 1970 (UTC), as the journal and the audit trail have since step 13
//! (`codec::Id`, `codec::At`), and the journal's kind of record as a small code
//! (`codec::entity`). Dates (`YYYY-MM-DD`) stay text. Each table is copied into
//! one of the new shape in SQL (streaming, in the step's transaction), then takes the old
//! one's name and indexes; rowids are kept. The order works with foreign keys on or off:
//! no row is deleted by a drop, and every copied row finds its parent. A value that is not what the store writes (an
//! id that is not a UUID's text, a time not in `codec::ts` form) is copied as it was, and
//! the readers take it.

use rusqlite::Connection;

use super::StoreResult;

/// The step's SQL: the new tables, filled, beside the old ones; [`rewrite`] swaps them.
pub(super) const IDS_COMPACT: &str = FILL;

/// The end of the step: the old tables dropped, the new ones renamed, the indexes made.
pub(super) fn rewrite(tx: &Connection) -> StoreResult<()> {
    tx.execute_batch(DROP)?;
    tx.execute_batch(RENAME)?;
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

/// New tables filled from the old, parents first; each refers to the new parents.
const FILL: &str = "
    CREATE TABLE people_v16 (
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
    INSERT INTO people_v16 (rowid, id, activity_seq, created_at, updated_at, last_activity_at,
            deleted_at, display_name, birth_date, sex, birth_country, tax_code, permit_number,
            permit_expiry, data, erased_at)
        SELECT rowid, journal_id(id), activity_seq, journal_at(created_at),
            journal_at(updated_at), journal_at(last_activity_at), journal_at(deleted_at),
            display_name, birth_date, sex, birth_country, tax_code, permit_number,
            permit_expiry, data, journal_at(erased_at)
        FROM people ORDER BY rowid;
    CREATE TABLE person_names_v16 (
        person_id BLOB NOT NULL REFERENCES people_v16 (id) ON DELETE CASCADE,
        position  INTEGER NOT NULL,
        surname   TEXT NOT NULL,
        given     TEXT NOT NULL,
        kind      TEXT NOT NULL,
        PRIMARY KEY (person_id, position)
    ) WITHOUT ROWID;
    INSERT INTO person_names_v16
        SELECT journal_id(person_id), position, surname, given, kind FROM person_names;
    CREATE TABLE person_phones_v16 (
        person_id BLOB NOT NULL REFERENCES people_v16 (id) ON DELETE CASCADE,
        position  INTEGER NOT NULL,
        number    TEXT NOT NULL,
        PRIMARY KEY (person_id, position)
    ) WITHOUT ROWID;
    INSERT INTO person_phones_v16
        SELECT journal_id(person_id), position, number FROM person_phones;
    CREATE TABLE person_tax_codes_v16 (
        id            INTEGER PRIMARY KEY,
        person_id     BLOB NOT NULL REFERENCES people_v16 (id) ON DELETE CASCADE,
        code          TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('personal', 'provisional')),
        first_seen_at INTEGER NOT NULL,
        replaced_at   INTEGER
    );
    INSERT INTO person_tax_codes_v16
        SELECT id, journal_id(person_id), code, kind, journal_at(first_seen_at),
            journal_at(replaced_at)
        FROM person_tax_codes ORDER BY id;
    CREATE TABLE person_merges_v16 (
        id        INTEGER PRIMARY KEY,
        survivor  BLOB NOT NULL REFERENCES people_v16 (id),
        merged    BLOB NOT NULL REFERENCES people_v16 (id),
        at        INTEGER NOT NULL,
        by        TEXT NOT NULL,
        undo      TEXT NOT NULL,
        undone_at INTEGER
    );
    INSERT INTO person_merges_v16
        SELECT id, journal_id(survivor), journal_id(merged), journal_at(at), by, undo,
            journal_at(undone_at)
        FROM person_merges ORDER BY id;
    CREATE TABLE programmes_v16 (
        id         BLOB PRIMARY KEY NOT NULL,
        code       TEXT NOT NULL UNIQUE,
        data       TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL
    );
    INSERT INTO programmes_v16 (rowid, id, code, data, updated_at, updated_by)
        SELECT rowid, journal_id(id), code, data, journal_at(updated_at), updated_by
        FROM programmes ORDER BY rowid;
    CREATE TABLE cases_v16 (
        id                 BLOB PRIMARY KEY NOT NULL,
        person_id          BLOB NOT NULL REFERENCES people_v16 (id) ON DELETE CASCADE,
        opened_at          INTEGER NOT NULL,
        closed_at          INTEGER,
        operator           TEXT NOT NULL DEFAULT '',
        programme_id       BLOB REFERENCES programmes_v16 (id),
        budget_total_cents INTEGER,
        outcome            TEXT,
        outcome_on         TEXT
    );
    INSERT INTO cases_v16 (rowid, id, person_id, opened_at, closed_at, operator, programme_id,
            budget_total_cents, outcome, outcome_on)
        SELECT rowid, journal_id(id), journal_id(person_id), journal_at(opened_at),
            journal_at(closed_at), operator, journal_id(programme_id), budget_total_cents,
            outcome, outcome_on
        FROM cases ORDER BY rowid;
    CREATE TABLE case_steps_v16 (
        case_id BLOB NOT NULL REFERENCES cases_v16 (id) ON DELETE CASCADE,
        step    TEXT NOT NULL,
        status  TEXT NOT NULL,
        done_at INTEGER,
        PRIMARY KEY (case_id, step)
    ) WITHOUT ROWID;
    INSERT INTO case_steps_v16
        SELECT journal_id(case_id), step, status, journal_at(done_at) FROM case_steps;
    CREATE TABLE case_forms_v16 (
        case_id    BLOB NOT NULL REFERENCES cases_v16 (id) ON DELETE CASCADE,
        form       TEXT NOT NULL,
        data       NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (case_id, form)
    ) WITHOUT ROWID;
    INSERT INTO case_forms_v16
        SELECT journal_id(case_id), form, data, journal_at(updated_at), updated_by
        FROM case_forms;
    CREATE TABLE plan_actions_v16 (
        case_id  BLOB NOT NULL REFERENCES cases_v16 (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind     TEXT NOT NULL,
        title    TEXT NOT NULL,
        owner    TEXT NOT NULL DEFAULT '',
        due_on   TEXT,
        status   TEXT NOT NULL,
        PRIMARY KEY (case_id, position)
    ) WITHOUT ROWID;
    INSERT INTO plan_actions_v16
        SELECT journal_id(case_id), position, kind, title, owner, due_on, status
        FROM plan_actions;
    CREATE TABLE case_budget_v16 (
        case_id         BLOB NOT NULL REFERENCES cases_v16 (id) ON DELETE CASCADE,
        line            TEXT NOT NULL,
        position        INTEGER NOT NULL,
        budget_cents    INTEGER NOT NULL CHECK (budget_cents >= 0),
        committed_cents INTEGER NOT NULL DEFAULT 0 CHECK (committed_cents >= 0),
        paid_cents      INTEGER NOT NULL DEFAULT 0 CHECK (paid_cents >= 0),
        PRIMARY KEY (case_id, line)
    ) WITHOUT ROWID;
    INSERT INTO case_budget_v16
        SELECT journal_id(case_id), line, position, budget_cents, committed_cents, paid_cents
        FROM case_budget;
    CREATE TABLE ledger_v16 (
        id            BLOB PRIMARY KEY NOT NULL,
        case_id       BLOB NOT NULL REFERENCES cases_v16 (id) ON DELETE CASCADE,
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
    INSERT INTO ledger_v16 (rowid, id, case_id, line, kind, cents, minutes, on_date, note,
            internship_id, month, at, by)
        SELECT rowid, journal_id(id), journal_id(case_id), line, kind, cents, minutes, on_date,
            note, journal_id(internship_id), month, journal_at(at), by
        FROM ledger ORDER BY rowid;
    CREATE TABLE partners_v16 (
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
    INSERT INTO partners_v16 (rowid, id, name, name_key, kind, territory, data, created_at,
            updated_at, deleted_at)
        SELECT rowid, journal_id(id), name, name_key, kind, territory, data,
            journal_at(created_at), journal_at(updated_at), journal_at(deleted_at)
        FROM partners ORDER BY rowid;
    CREATE TABLE referrals_v16 (
        id          BLOB PRIMARY KEY NOT NULL,
        case_id     BLOB NOT NULL REFERENCES cases_v16 (id) ON DELETE CASCADE,
        partner_id  BLOB NOT NULL REFERENCES partners_v16 (id),
        service     TEXT NOT NULL DEFAULT '',
        reason      TEXT NOT NULL DEFAULT '',
        status      TEXT NOT NULL,
        created_on  TEXT NOT NULL,
        sent_on     TEXT,
        answered_on TEXT,
        status_on   TEXT NOT NULL,
        updated_at  INTEGER NOT NULL
    );
    INSERT INTO referrals_v16 (rowid, id, case_id, partner_id, service, reason, status,
            created_on, sent_on, answered_on, status_on, updated_at)
        SELECT rowid, journal_id(id), journal_id(case_id), journal_id(partner_id), service,
            reason, status, created_on, sent_on, answered_on, status_on,
            journal_at(updated_at)
        FROM referrals ORDER BY rowid;
    CREATE TABLE referral_events_v16 (
        referral_id BLOB NOT NULL REFERENCES referrals_v16 (id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,
        status      TEXT NOT NULL,
        on_date     TEXT NOT NULL,
        note        TEXT NOT NULL DEFAULT '',
        at          INTEGER NOT NULL,
        by          TEXT NOT NULL,
        PRIMARY KEY (referral_id, seq)
    ) WITHOUT ROWID;
    INSERT INTO referral_events_v16
        SELECT journal_id(referral_id), seq, status, on_date, note, journal_at(at), by
        FROM referral_events;
    CREATE TABLE internships_v16 (
        id                      BLOB PRIMARY KEY NOT NULL,
        case_id                 BLOB NOT NULL REFERENCES cases_v16 (id) ON DELETE CASCADE,
        partner_id              BLOB REFERENCES partners_v16 (id),
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
    INSERT INTO internships_v16 (rowid, id, case_id, partner_id, tutor, start_on,
            planned_end_on, weekly_hours, monthly_allowance_cents, status, status_reason,
            status_on, data, updated_at)
        SELECT rowid, journal_id(id), journal_id(case_id), journal_id(partner_id), tutor,
            start_on, planned_end_on, weekly_hours, monthly_allowance_cents, status,
            status_reason, status_on, data, journal_at(updated_at)
        FROM internships ORDER BY rowid;
    CREATE TABLE internship_months_v16 (
        internship_id BLOB NOT NULL REFERENCES internships_v16 (id) ON DELETE CASCADE,
        month         TEXT NOT NULL,
        hours         INTEGER NOT NULL DEFAULT 0,
        days_absent   INTEGER NOT NULL DEFAULT 0,
        note          TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (internship_id, month)
    ) WITHOUT ROWID;
    INSERT INTO internship_months_v16
        SELECT journal_id(internship_id), month, hours, days_absent, note
        FROM internship_months;
    CREATE TABLE follow_ups_v16 (
        id          BLOB PRIMARY KEY NOT NULL,
        case_id     BLOB NOT NULL REFERENCES cases_v16 (id) ON DELETE CASCADE,
        due_on      TEXT NOT NULL,
        kind        TEXT NOT NULL,
        done_on     TEXT,
        outcome     TEXT,
        note        TEXT NOT NULL DEFAULT '',
        previous_id BLOB REFERENCES follow_ups_v16 (id),
        updated_at  INTEGER NOT NULL
    );
    INSERT INTO follow_ups_v16 (rowid, id, case_id, due_on, kind, done_on, outcome, note,
            previous_id, updated_at)
        SELECT rowid, journal_id(id), journal_id(case_id), due_on, kind, done_on, outcome,
            note, journal_id(previous_id), journal_at(updated_at)
        FROM follow_ups ORDER BY rowid;
    CREATE TABLE drafts_v16 (
        id         BLOB PRIMARY KEY NOT NULL,
        form       TEXT NOT NULL,
        subject_id BLOB,
        data       TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    );
    INSERT INTO drafts_v16 (rowid, id, form, subject_id, data, updated_at)
        SELECT rowid, journal_id(id), form, journal_id(subject_id), data,
            journal_at(updated_at)
        FROM drafts ORDER BY rowid;
    CREATE TABLE operators_v16 (
        id         BLOB PRIMARY KEY NOT NULL,
        username   TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL,
        role       TEXT NOT NULL CHECK (role IN ('operator', 'coordinator', 'administrator')),
        active     INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        removed_at INTEGER
    );
    INSERT INTO operators_v16 (rowid, id, username, name, role, active, created_at,
            removed_at)
        SELECT rowid, journal_id(id), username, name, role, active, journal_at(created_at),
            journal_at(removed_at)
        FROM operators ORDER BY rowid;;

    CREATE TABLE changes_v16 (
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
    INSERT INTO changes_v16
        SELECT seq, id, journal_entity(entity), entity_id, field, old_value, new_value, at,
            by, case_id
        FROM changes ORDER BY seq;";

/// The old tables, children before their parents: a table no other refers to any more
/// is dropped without deleting its rows one by one (with foreign keys on or off).
const DROP: &str = "
    DROP TABLE person_names;
    DROP TABLE person_phones;
    DROP TABLE person_tax_codes;
    DROP TABLE person_merges;
    DROP TABLE case_steps;
    DROP TABLE case_forms;
    DROP TABLE plan_actions;
    DROP TABLE case_budget;
    DROP TABLE ledger;
    DROP TABLE referral_events;
    DROP TABLE referrals;
    DROP TABLE internship_months;
    DROP TABLE internships;
    DROP TABLE follow_ups;
    DROP TABLE cases;
    DROP TABLE programmes;
    DROP TABLE partners;
    DROP TABLE people;
    DROP TABLE drafts;
    DROP TABLE operators;
    DROP TABLE changes;";

/// The new tables under the old names (their children's references follow), and the
/// indexes as they were.
const RENAME: &str = "
    ALTER TABLE people_v16 RENAME TO people;
    ALTER TABLE person_names_v16 RENAME TO person_names;
    ALTER TABLE person_phones_v16 RENAME TO person_phones;
    ALTER TABLE person_tax_codes_v16 RENAME TO person_tax_codes;
    ALTER TABLE person_merges_v16 RENAME TO person_merges;
    ALTER TABLE programmes_v16 RENAME TO programmes;
    ALTER TABLE cases_v16 RENAME TO cases;
    ALTER TABLE case_steps_v16 RENAME TO case_steps;
    ALTER TABLE case_forms_v16 RENAME TO case_forms;
    ALTER TABLE plan_actions_v16 RENAME TO plan_actions;
    ALTER TABLE case_budget_v16 RENAME TO case_budget;
    ALTER TABLE ledger_v16 RENAME TO ledger;
    ALTER TABLE partners_v16 RENAME TO partners;
    ALTER TABLE referrals_v16 RENAME TO referrals;
    ALTER TABLE referral_events_v16 RENAME TO referral_events;
    ALTER TABLE internships_v16 RENAME TO internships;
    ALTER TABLE internship_months_v16 RENAME TO internship_months;
    ALTER TABLE follow_ups_v16 RENAME TO follow_ups;
    ALTER TABLE drafts_v16 RENAME TO drafts;
    ALTER TABLE operators_v16 RENAME TO operators;
    ALTER TABLE changes_v16 RENAME TO changes;
    CREATE INDEX people_live_by_activity ON people (activity_seq) WHERE deleted_at IS NULL;
    CREATE INDEX people_by_permit_expiry ON people (permit_expiry)
        WHERE deleted_at IS NULL AND permit_expiry IS NOT NULL;
    CREATE INDEX people_waiting_patto ON people (did_on)
        WHERE deleted_at IS NULL AND did_on IS NOT NULL AND patto_on IS NULL;
    CREATE INDEX people_by_asylum_application ON people (asylum_applied_on)
        WHERE deleted_at IS NULL AND asylum_applied_on IS NOT NULL;
    CREATE INDEX people_uam_by_birth ON people (birth_date)
        WHERE deleted_at IS NULL AND arrived_as_uam = 1;
    CREATE INDEX people_subject ON people (id, deleted_at, display_name);
    CREATE INDEX person_tax_codes_by_person ON person_tax_codes (person_id, id);
    CREATE INDEX person_merges_by_merged ON person_merges (merged) WHERE undone_at IS NULL;
    CREATE INDEX cases_by_person ON cases (person_id, opened_at);
    CREATE UNIQUE INDEX cases_one_open_per_person ON cases (person_id) WHERE closed_at IS NULL;
    CREATE INDEX cases_open_by_operator ON cases (operator) WHERE closed_at IS NULL;
    CREATE INDEX cases_closed_by_date ON cases (closed_at) WHERE closed_at IS NOT NULL;
    CREATE INDEX plan_actions_open_by_due ON plan_actions (due_on)
        WHERE due_on IS NOT NULL AND status IN ('planned', 'in_progress');
    CREATE INDEX case_budget_nearly_used ON case_budget (case_id)
        WHERE budget_cents > 0 AND committed_cents * 10 >= budget_cents * 9;
    CREATE INDEX ledger_by_case ON ledger (case_id, on_date);
    CREATE INDEX partners_live_by_key ON partners (name_key) WHERE deleted_at IS NULL;
    CREATE INDEX referrals_by_case ON referrals (case_id);
    CREATE INDEX referrals_by_partner ON referrals (partner_id, status);
    CREATE INDEX referrals_waiting_by_sent ON referrals (sent_on) WHERE status = 'sent';
    CREATE INDEX internships_by_case ON internships (case_id);
    CREATE INDEX internships_running_by_end ON internships (planned_end_on)
        WHERE status IN ('planned', 'active', 'suspended');
    CREATE INDEX follow_ups_by_case ON follow_ups (case_id, due_on);
    CREATE INDEX follow_ups_pending_by_due ON follow_ups (due_on) WHERE done_on IS NULL;
    CREATE INDEX drafts_by_update ON drafts (updated_at);;
    CREATE INDEX changes_by_entity ON changes (entity, entity_id, seq);
    CREATE INDEX changes_by_case ON changes (case_id, seq) WHERE case_id IS NOT NULL;";
