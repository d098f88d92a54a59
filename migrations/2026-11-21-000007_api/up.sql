-- An account a vendor created (through the API or an import) has no
-- password until its owner claims it through their invite link.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;

-- A partnership made for someone without an account yet is pending until
-- they accept the invite; at most one pending or active per person and vendor.
ALTER TABLE partnerships
    DROP CONSTRAINT partnerships_status_check,
    ADD CONSTRAINT partnerships_status_check CHECK (status IN ('pending', 'active', 'removed'));
DROP INDEX partnerships_one_active_idx;
CREATE UNIQUE INDEX partnerships_one_current_idx ON partnerships (vendor_id, user_id) WHERE status IN ('pending', 'active');

-- Vendor API keys: only a SHA-256 of the secret is kept; the prefix lets
-- people tell their keys apart.
CREATE TABLE api_keys (
    id           BIGSERIAL PRIMARY KEY,
    vendor_id    BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    created_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_keys_vendor_idx ON api_keys (vendor_id, created_at DESC);
