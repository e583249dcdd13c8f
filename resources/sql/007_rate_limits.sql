-- The shared ledger of per-key rate-limit windows, used when several instances share one
-- PostgreSQL store (one process on SQLite counts in memory and leaves this table empty).
-- An instance leases blocks of a window's requests: `leased` is how many of the key's
-- requests in the window starting at `window_start` have been handed out to instances.

CREATE TABLE rate_limit_windows (
    key_id TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    leased INTEGER NOT NULL
);
