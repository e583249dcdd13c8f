-- API keys. Only a keyed hash of each key is stored (HMAC-SHA256 under the instance's
-- pepper, which lives outside the database); the key itself exists once, in the creation
-- response. Lists are stored space-separated: scopes and ids never contain spaces.

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    key_prefix TEXT NOT NULL,
    scopes TEXT NOT NULL,
    resource_mode TEXT NOT NULL CHECK (resource_mode IN ('ALL', 'SELECTED')),
    template_ids TEXT NOT NULL,
    folder_ids TEXT NOT NULL,
    expires_at BIGINT,
    revoked_at BIGINT,
    last_used_at BIGINT,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id)
);

CREATE INDEX api_keys_org_page ON api_keys (org_id, created_at, id);
