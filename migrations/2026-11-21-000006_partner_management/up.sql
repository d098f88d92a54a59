-- Substring search over names, emails and partner codes at 100,000
-- partners needs trigram indexes; pg_trgm is a trusted extension, so the
-- database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_name_trgm_idx ON users USING gin (name gin_trgm_ops);
CREATE INDEX users_email_trgm_idx ON users USING gin (email gin_trgm_ops);
CREATE INDEX partnerships_code_trgm_idx ON partnerships USING gin (code gin_trgm_ops);
CREATE INDEX partnerships_vendor_list_idx ON partnerships (vendor_id, status, created_at DESC);

-- What happened to a partnership, and who did it.
CREATE TABLE partner_activity (
    id             BIGSERIAL PRIMARY KEY,
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('moved', 'removed')),
    detail         TEXT NOT NULL DEFAULT '',
    actor_id       BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX partner_activity_partnership_idx ON partner_activity (partnership_id, created_at);
