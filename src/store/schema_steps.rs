//! The schema's steps, oldest first: the SQL that built every table and index, each step
//! with why it was added. Applied by `migrations`; a released step is never changed in what
//! it does (its result, schema text included): a change is a new step.

/// The steps, oldest first. Step `i` takes the database from version `i` to `i + 1`.
pub(super) const STEPS: &[&str] = &[
    // 1: people, the names and phones they go by, and the history of their tax codes.
    "CREATE TABLE people (
        id               TEXT PRIMARY KEY NOT NULL,
        activity_seq     INTEGER NOT NULL UNIQUE,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        last_activity_at TEXT NOT NULL,
        deleted_at       TEXT,
        display_name     TEXT NOT NULL,
        birth_date       TEXT,
        sex              TEXT CHECK (sex IN ('F', 'M', 'X')),
        birth_country    TEXT,
        tax_code         TEXT,
        permit_number    TEXT,
        permit_expiry    TEXT,
        data             TEXT NOT NULL
    );
    CREATE INDEX people_live_by_activity ON people (activity_seq) WHERE deleted_at IS NULL;
    CREATE TABLE person_names (
        person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        position  INTEGER NOT NULL,
        surname   TEXT NOT NULL,
        given     TEXT NOT NULL,
        kind      TEXT NOT NULL,
        PRIMARY KEY (person_id, position)
    ) WITHOUT ROWID;
    CREATE TABLE person_phones (
        person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        position  INTEGER NOT NULL,
        number    TEXT NOT NULL,
        PRIMARY KEY (person_id, position)
    ) WITHOUT ROWID;
    CREATE TABLE person_tax_codes (
        id            INTEGER PRIMARY KEY,
        person_id     TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        code          TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('personal', 'provisional')),
        first_seen_at TEXT NOT NULL,
        replaced_at   TEXT
    );
    CREATE INDEX person_tax_codes_by_person ON person_tax_codes (person_id, id);",
    // 2: cases and the state of each step of the path.
    "CREATE TABLE cases (
        id        TEXT PRIMARY KEY NOT NULL,
        person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        opened_at TEXT NOT NULL,
        closed_at TEXT
    );
    CREATE INDEX cases_by_person ON cases (person_id, opened_at);
    CREATE TABLE case_steps (
        case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        step    TEXT NOT NULL,
        status  TEXT NOT NULL,
        done_at TEXT,
        PRIMARY KEY (case_id, step)
    ) WITHOUT ROWID;",
    // 3: forms being filled in, saved as typed so that nothing is lost.
    "CREATE TABLE drafts (
        id         TEXT PRIMARY KEY NOT NULL,
        form       TEXT NOT NULL,
        subject_id TEXT,
        data       TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX drafts_by_update ON drafts (updated_at);",
    // 4: the changes journal, written in the same transaction as every change.
    "CREATE TABLE changes (
        seq       INTEGER PRIMARY KEY,
        id        TEXT NOT NULL UNIQUE,
        entity    TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        field     TEXT,
        old_value TEXT,
        new_value TEXT,
        at        TEXT NOT NULL,
        by        TEXT NOT NULL
    );
    CREATE INDEX changes_by_entity ON changes (entity, entity_id, seq);",
    // 5: the register's full-text index. Its rowid is the person's activity_seq, so that
    // walking rowids downwards lists the most recently active first, without scoring.
    "CREATE VIRTUAL TABLE people_fts USING fts5 (
        names, codes,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
    );",
    // 6: the whole path (issue 4): case owners and outcomes, step forms, the programmes and
    // their money, partners and referrals, internships, follow-ups; the journal learns which
    // case a line belongs to (the case's timeline); the intake facts the agenda needs become
    // generated columns of `people`, so they can never disagree with the document.
    "ALTER TABLE changes ADD COLUMN case_id TEXT;
    CREATE INDEX changes_by_case ON changes (case_id, seq) WHERE case_id IS NOT NULL;

    ALTER TABLE people ADD COLUMN legal_status TEXT
        GENERATED ALWAYS AS (json_extract(data, '$.legal_status')) VIRTUAL;
    ALTER TABLE people ADD COLUMN asylum_applied_on TEXT
        GENERATED ALWAYS AS (json_extract(data, '$.asylum_application_date')) VIRTUAL;
    ALTER TABLE people ADD COLUMN arrived_as_uam INTEGER
        GENERATED ALWAYS AS (json_extract(data, '$.arrived_as_uam')) VIRTUAL;
    ALTER TABLE people ADD COLUMN did_on TEXT
        GENERATED ALWAYS AS (json_extract(data, '$.did_date')) VIRTUAL;
    ALTER TABLE people ADD COLUMN on_benefit INTEGER
        GENERATED ALWAYS AS (json_extract(data, '$.on_unemployment_benefit')) VIRTUAL;
    ALTER TABLE people ADD COLUMN patto_on TEXT
        GENERATED ALWAYS AS (json_extract(data, '$.patto_date')) VIRTUAL;
    CREATE INDEX people_by_permit_expiry ON people (permit_expiry)
        WHERE deleted_at IS NULL AND permit_expiry IS NOT NULL;
    CREATE INDEX people_waiting_patto ON people (did_on)
        WHERE deleted_at IS NULL AND did_on IS NOT NULL AND patto_on IS NULL;
    CREATE INDEX people_by_asylum_application ON people (asylum_applied_on)
        WHERE deleted_at IS NULL AND asylum_applied_on IS NOT NULL;
    CREATE INDEX people_uam_by_birth ON people (birth_date)
        WHERE deleted_at IS NULL AND arrived_as_uam = 1;

    ALTER TABLE cases ADD COLUMN operator TEXT NOT NULL DEFAULT '';
    ALTER TABLE cases ADD COLUMN programme_id TEXT REFERENCES programmes (id);
    ALTER TABLE cases ADD COLUMN budget_total_cents INTEGER;
    ALTER TABLE cases ADD COLUMN outcome TEXT;
    ALTER TABLE cases ADD COLUMN outcome_on TEXT;
    CREATE UNIQUE INDEX cases_one_open_per_person ON cases (person_id) WHERE closed_at IS NULL;
    CREATE INDEX cases_open_by_operator ON cases (operator) WHERE closed_at IS NULL;
    CREATE INDEX cases_closed_by_date ON cases (closed_at) WHERE closed_at IS NOT NULL;

    CREATE TABLE case_forms (
        case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        form       TEXT NOT NULL,
        data       TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (case_id, form)
    ) WITHOUT ROWID;

    CREATE TABLE plan_actions (
        case_id  TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind     TEXT NOT NULL,
        title    TEXT NOT NULL,
        owner    TEXT NOT NULL DEFAULT '',
        due_on   TEXT,
        status   TEXT NOT NULL,
        PRIMARY KEY (case_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX plan_actions_open_by_due ON plan_actions (due_on)
        WHERE due_on IS NOT NULL AND status IN ('planned', 'in_progress');

    CREATE TABLE programmes (
        id         TEXT PRIMARY KEY NOT NULL,
        code       TEXT NOT NULL UNIQUE,
        data       TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE TABLE case_budget (
        case_id         TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        line            TEXT NOT NULL,
        position        INTEGER NOT NULL,
        budget_cents    INTEGER NOT NULL CHECK (budget_cents >= 0),
        committed_cents INTEGER NOT NULL DEFAULT 0 CHECK (committed_cents >= 0),
        paid_cents      INTEGER NOT NULL DEFAULT 0 CHECK (paid_cents >= 0),
        PRIMARY KEY (case_id, line)
    ) WITHOUT ROWID;
    CREATE INDEX case_budget_nearly_used ON case_budget (case_id)
        WHERE budget_cents > 0 AND committed_cents * 10 >= budget_cents * 9;
    CREATE TABLE ledger (
        id            TEXT PRIMARY KEY NOT NULL,
        case_id       TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        line          TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('commit', 'release', 'pay')),
        cents         INTEGER NOT NULL CHECK (cents > 0),
        minutes       INTEGER CHECK (minutes > 0),
        on_date       TEXT NOT NULL,
        note          TEXT NOT NULL DEFAULT '',
        internship_id TEXT,
        month         TEXT,
        at            TEXT NOT NULL,
        by            TEXT NOT NULL
    );
    CREATE INDEX ledger_by_case ON ledger (case_id, on_date);

    CREATE TABLE partners (
        id         TEXT PRIMARY KEY NOT NULL,
        name       TEXT NOT NULL,
        name_key   TEXT NOT NULL,
        kind       TEXT NOT NULL,
        territory  TEXT NOT NULL DEFAULT '',
        data       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
    );
    CREATE INDEX partners_live_by_key ON partners (name_key) WHERE deleted_at IS NULL;
    CREATE TABLE referrals (
        id          TEXT PRIMARY KEY NOT NULL,
        case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        partner_id  TEXT NOT NULL REFERENCES partners (id),
        service     TEXT NOT NULL DEFAULT '',
        reason      TEXT NOT NULL DEFAULT '',
        status      TEXT NOT NULL,
        created_on  TEXT NOT NULL,
        sent_on     TEXT,
        answered_on TEXT,
        status_on   TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE INDEX referrals_by_case ON referrals (case_id);
    CREATE INDEX referrals_by_partner ON referrals (partner_id, status);
    CREATE INDEX referrals_waiting_by_sent ON referrals (sent_on) WHERE status = 'sent';
    CREATE TABLE referral_events (
        referral_id TEXT NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,
        status      TEXT NOT NULL,
        on_date     TEXT NOT NULL,
        note        TEXT NOT NULL DEFAULT '',
        at          TEXT NOT NULL,
        by          TEXT NOT NULL,
        PRIMARY KEY (referral_id, seq)
    ) WITHOUT ROWID;

    CREATE TABLE internships (
        id                      TEXT PRIMARY KEY NOT NULL,
        case_id                 TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        partner_id              TEXT REFERENCES partners (id),
        tutor                   TEXT NOT NULL DEFAULT '',
        start_on                TEXT NOT NULL,
        planned_end_on          TEXT NOT NULL,
        weekly_hours            INTEGER,
        monthly_allowance_cents INTEGER NOT NULL DEFAULT 0,
        status                  TEXT NOT NULL,
        status_reason           TEXT NOT NULL DEFAULT '',
        status_on               TEXT,
        data                    TEXT NOT NULL,
        updated_at              TEXT NOT NULL
    );
    CREATE INDEX internships_by_case ON internships (case_id);
    CREATE INDEX internships_running_by_end ON internships (planned_end_on)
        WHERE status IN ('planned', 'active', 'suspended');
    CREATE TABLE internship_months (
        internship_id TEXT NOT NULL REFERENCES internships (id) ON DELETE CASCADE,
        month         TEXT NOT NULL,
        hours         INTEGER NOT NULL DEFAULT 0,
        days_absent   INTEGER NOT NULL DEFAULT 0,
        note          TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (internship_id, month)
    ) WITHOUT ROWID;

    CREATE TABLE follow_ups (
        id          TEXT PRIMARY KEY NOT NULL,
        case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        due_on      TEXT NOT NULL,
        kind        TEXT NOT NULL,
        done_on     TEXT,
        outcome     TEXT,
        note        TEXT NOT NULL DEFAULT '',
        previous_id TEXT REFERENCES follow_ups (id),
        updated_at  TEXT NOT NULL
    );
    CREATE INDEX follow_ups_by_case ON follow_ups (case_id, due_on);
    CREATE INDEX follow_ups_pending_by_due ON follow_ups (due_on) WHERE done_on IS NULL;",
    // 7: the audit trail (issue 5): an append-only log of every change, view and export,
    // each entry chained to the one before by a hash; ids and field names only, never a
    // value, so that erasing a person never breaks the chain.
    "CREATE TABLE audit_log (
        seq       INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        operator  TEXT NOT NULL,
        action    TEXT NOT NULL,
        entity    TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        field     TEXT,
        prev_hash BLOB NOT NULL,
        hash      BLOB NOT NULL
    );
    CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, seq);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
    // 8: operators and their roles (issue 5), and the desk's own settings. Passphrases are
    // not here: each operator's wrapped copy of the database key is in the key ring beside
    // the file; an operator removed here is refused even by an old copy of the ring.
    "CREATE TABLE operators (
        id         TEXT PRIMARY KEY NOT NULL,
        username   TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL,
        role       TEXT NOT NULL CHECK (role IN ('operator', 'coordinator', 'administrator')),
        active     INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        removed_at TEXT
    );
    CREATE TABLE desk (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    );",
    // 9: erasure (GDPR art. 17): an erased person keeps a row without names, identifiers,
    // contacts or free text (hidden like a deleted one), so anonymous counts stay the same.
    "ALTER TABLE people ADD COLUMN erased_at TEXT;",
    // 10: the agenda's rules reach a person through a case and need only their id, whether
    // they are live and their name: a covering index spares reading the person's whole
    // (wide, and with encryption decrypted page by page) row. Measured in BENCHMARKS.md.
    "CREATE INDEX people_subject ON people (id, deleted_at, display_name);",
    // 11: the same person across spellings and scripts (issue 10): every person's name keys
    // (`domain::names`) in an index of their own, beside `people_fts` with the same rowid.
    // Keys are computed in Rust: the marker asks the first open to write them
    // (`search_keys::backfill`).
    "CREATE VIRTUAL TABLE people_keys USING fts5 (
        keys,
        content = '', contentless_delete = 1,
        tokenize = 'ascii'
    );
    INSERT INTO desk (key, value) VALUES ('pending.name_keys', '1')
        ON CONFLICT (key) DO NOTHING;",
    // 12: two records of one person merged (issue 10): who survived, who was merged into
    // them, and what the merge changed (the survivor's document before it, the cases and
    // tax codes moved), so that the last merge can be undone. A merged record stays, hidden,
    // and its id resolves to the survivor while the merge stands.
    "CREATE TABLE person_merges (
        id        INTEGER PRIMARY KEY,
        survivor  TEXT NOT NULL REFERENCES people (id),
        merged    TEXT NOT NULL REFERENCES people (id),
        at        TEXT NOT NULL,
        by        TEXT NOT NULL,
        undo      TEXT NOT NULL,
        undone_at TEXT
    );
    CREATE INDEX person_merges_by_merged ON person_merges (merged) WHERE undone_at IS NULL;",
    // 13–15: the journal, the step forms and the audit trail in fewer bytes (issue 11).
    super::schema_compact::JOURNAL_COMPACT,
    super::schema_compact::FORMS_COMPACT,
    super::schema_compact::AUDIT_LINKED,
    // 16: one audit entry for a run of journal lines written together (a case loaded in
    // bulk): its hash runs over every line, so it guards them as one entry each did.
    "ALTER TABLE audit_log ADD COLUMN last_change INTEGER;",
    // 17: every other table's ids and times in fewer bytes, as the journal's (issue 11); all
    // copied in SQL, the old tables swapped for the new in Rust (`schema_ids::rewrite`).
    super::schema_ids::IDS_COMPACT,
];

/// Work in Rust that a step needs after its SQL, in the same transaction: (step number, 1
/// for the first, what to run).
pub(super) const AFTER: &[(u32, RustStep)] = &[
    (13, super::schema_compact::compact_journal),
    (14, super::schema_compact::pack_forms),
    (15, super::schema_compact::link_audit),
    (17, super::schema_ids::rewrite),
];

/// What a step runs in Rust, on the step's transaction.
pub(super) type RustStep = fn(&rusqlite::Connection) -> super::StoreResult<()>;
