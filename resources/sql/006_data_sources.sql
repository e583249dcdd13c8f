-- Data sources: an org's small structured tables whose records populate data_source task
-- fields. `fields` holds the schema as compact JSON ([{"key","type"}]); a record's `values`
-- are compact JSON too. `search_text` is the lower-cased values joined, kept beside them so
-- ?q= filters with one LIKE that both engines run the same way.

CREATE TABLE data_sources (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    name TEXT NOT NULL,
    fields TEXT NOT NULL,
    -- Kept in the transaction that inserts a record, so listing never has to count.
    record_count BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE INDEX data_sources_org_page ON data_sources (org_id, created_at, id);

CREATE TABLE data_source_records (
    id TEXT PRIMARY KEY,
    data_source_id TEXT NOT NULL REFERENCES data_sources (id),
    "values" TEXT NOT NULL,
    search_text TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX data_source_records_page ON data_source_records (data_source_id, created_at, id);
