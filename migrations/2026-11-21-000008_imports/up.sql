-- An uploaded partner CSV between its dry run and its import.
CREATE TABLE imports (
    id           BIGSERIAL PRIMARY KEY,
    vendor_id    BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    created_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    file_name    TEXT NOT NULL,
    content      TEXT NOT NULL,
    send_invites BOOLEAN NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_at   TIMESTAMPTZ
);
CREATE INDEX imports_vendor_idx ON imports (vendor_id, created_at DESC);
