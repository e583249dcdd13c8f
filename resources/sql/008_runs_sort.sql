-- Orders of the console's Runs list beyond "newest first": recently updated first and by
-- deadline, each as a keyset (…, column, id) so every page is an index range.
CREATE INDEX runs_org_updated_page ON runs (org_id, updated_at, id);
CREATE INDEX runs_org_due_page ON runs (org_id, due_date, id);
CREATE INDEX runs_org_status_due_page ON runs (org_id, status, due_date, id);
