-- Whether the account's owner has proved they hold its mailbox. Accounts
-- that could already log in before verification existed keep working.
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMPTZ;
UPDATE users SET email_verified_at = created_at WHERE password_hash IS NOT NULL;

-- Confirmation links: only the token's SHA-256 is stored; `next_path` is
-- where the confirmed person continues (a join page, say).
CREATE TABLE email_verifications (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    next_path  TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX email_verifications_user_idx ON email_verifications (user_id);

-- The name a vendor knows the partner by: the one the vendor supplied
-- (import, API) until the person joins in person, then their own.
ALTER TABLE partnerships ADD COLUMN partner_name TEXT NOT NULL DEFAULT '';
UPDATE partnerships p SET partner_name = u.name FROM users u WHERE u.id = p.user_id;
CREATE INDEX partnerships_partner_name_trgm_idx ON partnerships USING gin (partner_name gin_trgm_ops);
