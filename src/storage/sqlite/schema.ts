// The SQLite schema: a log of changes, as kine keeps it. Each row is one revision of one key and is
// the key's state from `revision` until `superseded_at` (the revision of the key's next row; NULL while
// it is the latest). So the live keys are the latest rows that are not deletions, and the keys as of
// revision R are the rows with revision <= R < superseded_at that are not deletions. Watches replay the
// log in revision order; compaction deletes rows no read at or after the compacted revision can see.
import type Database from "better-sqlite3";

export const SCHEMA_VERSION = 1;

const ddl = `
CREATE TABLE IF NOT EXISTS log (
  revision        INTEGER PRIMARY KEY,  -- the global revision of this change
  key             TEXT    NOT NULL,
  value           TEXT    NOT NULL,     -- for a deletion: the value the key had
  created         INTEGER NOT NULL,     -- 1 if this change created the key
  deleted         INTEGER NOT NULL,     -- 1 if this change deleted the key
  create_revision INTEGER NOT NULL,
  prev_revision   INTEGER NOT NULL,     -- the key's previous row, 0 if none
  superseded_at   INTEGER,              -- the key's next row, NULL while this is the latest
  expires_at      INTEGER               -- TTL deadline (ms since the epoch), NULL if none
);
-- One latest row per key (the live value or the deletion), found by key.
CREATE UNIQUE INDEX IF NOT EXISTS log_latest ON log (key) WHERE superseded_at IS NULL;
-- History by key, for reads at a past revision.
CREATE INDEX IF NOT EXISTS log_key_revision ON log (key, revision);
-- Live keys with a TTL, by deadline, for the expiry sweeper.
CREATE INDEX IF NOT EXISTS log_expiry ON log (expires_at)
  WHERE superseded_at IS NULL AND deleted = 0 AND expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS meta (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** Creates the schema in a new database, or checks that an existing one is a version this code reads. */
export function migrate(db: Database.Database): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `database schema version ${version} is newer than this k8ts understands (${SCHEMA_VERSION})`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec(ddl);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
