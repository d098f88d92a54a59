-- One-time password-reset links: only the token's SHA-256 is stored.
CREATE TABLE password_resets (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);

-- Reset requests per email and per address (salted hashes), whether or
-- not the email has an account, for the limits.
CREATE TABLE reset_requests (
    id           BIGSERIAL PRIMARY KEY,
    key_hash     TEXT NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX reset_requests_key_idx ON reset_requests (key_hash, requested_at);
