-- The MVCC log and the current-state index.
--
-- kv_log holds one row per change. Its id packs the revision and the change's index within that
-- revision: id = revision * 1048576 + sub (sub < 2^20), so rows sort by (revision, sub) and a
-- revision's rows are one contiguous id range. A tombstone (deleted = 1) records a delete.
-- value is the last column so that reads of metadata never touch overflow pages.
CREATE TABLE kv_log (
    id         INTEGER PRIMARY KEY,
    key        BLOB    NOT NULL,
    create_rev INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    lease      INTEGER NOT NULL DEFAULT 0,
    deleted    INTEGER NOT NULL DEFAULT 0,
    prev_id    INTEGER NOT NULL DEFAULT 0,
    commit_ns  INTEGER NOT NULL,
    value      BLOB    NOT NULL
);

-- History of one key, and ranges at a past revision.
CREATE INDEX kv_log_key_id ON kv_log (key, id);

-- One row per live key, pointing at its latest kv_log row; written in the same transaction as
-- the log, so listing current keys never scans history.
CREATE TABLE kv_current (
    key BLOB PRIMARY KEY,
    id  INTEGER NOT NULL
) WITHOUT ROWID;

-- Small named integers: the compacted revision and compaction progress.
CREATE TABLE skiff_meta (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO skiff_meta (name, value) VALUES ('compact_revision', 0), ('compact_progress', 0);
