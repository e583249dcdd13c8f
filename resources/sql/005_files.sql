-- Files attached to run tasks. The bytes live outside the database, addressed by their
-- SHA-256 (storage_key), so the same content uploaded twice is stored once on disk.
CREATE TABLE files (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    run_id TEXT NOT NULL REFERENCES runs (id),
    task_id TEXT NOT NULL,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE INDEX files_org_run ON files (org_id, run_id);
