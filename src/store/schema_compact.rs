//! The schema steps that keep the journal and the audit trail small (steps 13–15 of
//! `schema_steps::STEPS`): each rewrites an older file's tables at its first open, through the
//! SQL functions `compact::register` gives the connection.

/// 13: the journal and the audit trail in fewer bytes (issue 11): ids as 16-byte blobs,
/// times as milliseconds since 1970 (UTC), a long value compressed (`store::compact`),
/// no unique index on a journal line's id (no query looks one up), and no stored copy of
/// the previous audit line's hash (the chain reads it from the line before). The values
/// and hashes are the same, so the chain verifies as before.
pub(super) const JOURNAL_COMPACT: &str = "CREATE TABLE changes_compact (
        seq       INTEGER PRIMARY KEY,
        id        BLOB NOT NULL,
        entity    TEXT NOT NULL,
        entity_id NOT NULL,
        field     TEXT,
        old_value,
        new_value,
        at        NOT NULL,
        by        TEXT NOT NULL,
        case_id   BLOB
    );
    INSERT INTO changes_compact
        SELECT seq, journal_id(id), entity, journal_id(entity_id), field, journal_pack(old_value),
               journal_pack(new_value), journal_at(at), by, journal_id(case_id)
        FROM changes ORDER BY seq;
    DROP TABLE changes;
    ALTER TABLE changes_compact RENAME TO changes;
    CREATE INDEX changes_by_entity ON changes (entity, entity_id, seq);
    CREATE INDEX changes_by_case ON changes (case_id, seq) WHERE case_id IS NOT NULL;

    CREATE TABLE audit_compact (
        seq       INTEGER PRIMARY KEY,
        at        NOT NULL,
        operator  TEXT NOT NULL,
        action    TEXT NOT NULL,
        entity    TEXT NOT NULL,
        entity_id NOT NULL,
        field     TEXT,
        hash      BLOB NOT NULL
    );
    INSERT INTO audit_compact
        SELECT seq, journal_at(at), operator, action, entity, journal_id(entity_id), field, hash
        FROM audit_log ORDER BY seq;
    DROP TABLE audit_log;
    ALTER TABLE audit_compact RENAME TO audit_log;
    CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, seq);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

/// 14: a case's step forms compressed as the journal's values are (`store::compact`).
pub(super) const FORMS_COMPACT: &str =
    "UPDATE case_forms SET data = journal_pack(data) WHERE typeof(data) = 'text';";

/// 15: an audit entry for a change keeps only its place in the chain and its journal
/// line (`change`): what it hashes is read from that line, so the two are not stored
/// twice, and a journal line altered afterwards breaks the chain. An older entry is
/// linked to the journal line it was written with (the n-th change entry to the n-th
/// line) only where the two agree in every field; any other keeps its own.
pub(super) const AUDIT_LINKED: &str = "CREATE TABLE audit_linked (
        seq       INTEGER PRIMARY KEY,
        change    INTEGER,
        at,
        operator  TEXT,
        action    TEXT,
        entity    TEXT,
        entity_id,
        field     TEXT,
        hash      BLOB NOT NULL
    );
    CREATE TEMP TABLE audit_pairs AS
        WITH a AS (SELECT seq, at, operator, entity, entity_id, field,
                          row_number() OVER (ORDER BY seq) AS n
                   FROM audit_log WHERE action = 'change'),
             c AS (SELECT seq, at, by, entity, entity_id, field,
                          row_number() OVER (ORDER BY seq) AS n
                   FROM changes)
        SELECT a.seq AS entry, c.seq AS line FROM a JOIN c ON c.n = a.n
        WHERE c.at IS a.at AND c.by IS a.operator AND c.entity IS a.entity
          AND c.entity_id IS a.entity_id AND c.field IS a.field;
    CREATE UNIQUE INDEX temp.audit_pairs_by_entry ON audit_pairs (entry);
    INSERT INTO audit_linked
        SELECT l.seq, p.line,
               iif(p.line IS NULL, l.at, NULL), iif(p.line IS NULL, l.operator, NULL),
               iif(p.line IS NULL, l.action, NULL), iif(p.line IS NULL, l.entity, NULL),
               iif(p.line IS NULL, l.entity_id, NULL), iif(p.line IS NULL, l.field, NULL),
               l.hash
        FROM audit_log l LEFT JOIN audit_pairs p ON p.entry = l.seq ORDER BY l.seq;
    DROP TABLE audit_pairs;
    DROP TABLE audit_log;
    ALTER TABLE audit_linked RENAME TO audit_log;
    CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, seq) WHERE change IS NULL;
    CREATE INDEX audit_by_change ON audit_log (change) WHERE change IS NOT NULL;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";
