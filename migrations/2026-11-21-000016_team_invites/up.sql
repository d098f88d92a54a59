-- Invitations to administer a vendor: only the token's SHA-256 is stored.
CREATE TABLE team_invites (
    id          BIGSERIAL PRIMARY KEY,
    vendor_id   BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    invited_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    accepted_at TIMESTAMPTZ
);
CREATE INDEX team_invites_vendor_idx ON team_invites (vendor_id, created_at DESC);
