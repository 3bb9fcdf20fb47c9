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

-- One row per key whose latest change is still in the log: every live key, and a deleted key
-- (deleted = 1, id = its tombstone) until compaction removes the tombstone. Written in the same
-- transaction as the log, so listing current keys never scans history. A key's history is the
-- chain of prev_id links from here (a re-create links to the tombstone before it), which is also
-- how a range at a past revision is answered: there is no second index on kv_log to keep up on
-- every write.
CREATE TABLE kv_current (
    key     BLOB PRIMARY KEY,
    id      INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Small named integers: the compacted revision and compaction progress.
CREATE TABLE skiff_meta (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO skiff_meta (name, value) VALUES ('compact_revision', 0), ('compact_progress', 0);
