-- Folders, templates with their immutable published versions, runs with their tasks, the
-- hash-chained audit trail, the event outbox, and idempotency records for POST /v1/runs.
-- JSON columns hold task definitions, field specs and values as compact JSON text.

CREATE TABLE folders (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    name TEXT NOT NULL,
    parent_id TEXT REFERENCES folders (id),
    created_at BIGINT NOT NULL
);

CREATE INDEX folders_org_page ON folders (org_id, created_at, id);

CREATE TABLE templates (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    folder_id TEXT REFERENCES folders (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    tasks TEXT NOT NULL,
    published_version INTEGER,
    has_unpublished_changes INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    published_at BIGINT
);

CREATE INDEX templates_org_page ON templates (org_id, created_at, id);

CREATE TABLE template_versions (
    template_id TEXT NOT NULL REFERENCES templates (id),
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    tasks TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    published_by TEXT NOT NULL,
    PRIMARY KEY (template_id, version)
);

CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    template_id TEXT NOT NULL REFERENCES templates (id),
    template_version INTEGER NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('IN_PROGRESS', 'COMPLETED', 'OVERDUE', 'CANCELLED')),
    assignee_id TEXT REFERENCES users (id),
    due_date BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    completed_at BIGINT,
    -- Hash of the run's newest audit entry: removing entries from the end of the chain
    -- would otherwise leave a chain that still verifies.
    audit_head TEXT NOT NULL
);

CREATE INDEX runs_org_page ON runs (org_id, created_at, id);
CREATE INDEX runs_org_status_page ON runs (org_id, status, created_at, id);
CREATE INDEX runs_org_template_page ON runs (org_id, template_id, created_at, id);
CREATE INDEX runs_org_assignee_page ON runs (org_id, assignee_id, created_at, id);
CREATE INDEX runs_due ON runs (status, due_date);

CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs (id),
    position INTEGER NOT NULL,
    definition_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    required INTEGER NOT NULL,
    field TEXT NOT NULL,
    condition TEXT,
    visible INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'SKIPPED')),
    value TEXT,
    assignee_id TEXT REFERENCES users (id),
    due_date BIGINT,
    completed_at BIGINT,
    completed_by TEXT
);

CREATE INDEX tasks_run ON tasks (run_id, position);

CREATE TABLE audit_entries (
    id TEXT PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs (id),
    seq INTEGER NOT NULL,
    at BIGINT NOT NULL,
    actor_type TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (run_id, seq)
);

CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    event TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX outbox_created ON outbox (created_at, id);

CREATE TABLE idempotency_keys (
    org_id TEXT NOT NULL REFERENCES orgs (id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response_status INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, idempotency_key)
);
