-- Webhook endpoints and their delivery attempts. The dispatcher fans each outbox event out
-- into one deliveries row per matching endpoint (UNIQUE keeps that idempotent across
-- restarts and instances) and works the rows whose next_attempt_at has come.

CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    description TEXT NOT NULL,
    secret_sealed TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    disabled_at BIGINT,
    disabled_reason TEXT,
    deleted_at BIGINT,
    -- Set at the first failed attempt after a success; 5 days of failures disable it.
    failing_since BIGINT
);
CREATE INDEX webhooks_org_created ON webhooks (org_id, created_at, id);

CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    webhook_id TEXT NOT NULL REFERENCES webhooks (id),
    event_id TEXT NOT NULL REFERENCES outbox (id),
    attempt INTEGER NOT NULL,
    status TEXT NOT NULL,
    next_attempt_at BIGINT,
    status_code INTEGER,
    duration_ms INTEGER,
    error TEXT,
    created_at BIGINT NOT NULL,
    delivered_at BIGINT,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, created_at, id);

-- How far the dispatcher has fanned out the outbox (created_at of the newest event seen).
-- Each pass re-reads a window behind it, for transactions that commit late; UNIQUE above
-- makes the repeats harmless.
CREATE TABLE webhook_cursor (
    name TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL
);
