-- The organization, its members and their console sessions.
-- Times are BIGINT milliseconds since the epoch (UTC) on every engine.

-- One row: this store's identity, and where its master secret is kept (the secret itself
-- never enters the database).
CREATE TABLE instance (
    id TEXT PRIMARY KEY,
    secret_location TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE orgs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    plan TEXT NOT NULL CHECK (plan IN ('FREE', 'TEAM', 'ENTERPRISE')),
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'AUDITOR')),
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    deactivated_at BIGINT
);

CREATE INDEX users_org_page ON users (org_id, created_at, id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX sessions_user ON sessions (user_id);
