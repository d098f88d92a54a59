-- Emails waiting to be sent, written in the same transaction as what caused
-- them. Bodies can hold one-time links, so they are sealed (encrypted) at
-- rest and wiped once sent.
CREATE TABLE outbox_emails (
    id              BIGSERIAL PRIMARY KEY,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    sealed_body     BYTEA,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    claimed_at      TIMESTAMPTZ,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ
);
CREATE INDEX outbox_emails_due_idx ON outbox_emails (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_emails_sending_idx ON outbox_emails (claimed_at) WHERE status = 'sending';

CREATE TABLE invites (
    id             BIGSERIAL PRIMARY KEY,
    vendor_id      BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    group_id       BIGINT NOT NULL REFERENCES partner_groups (id) ON DELETE CASCADE,
    email          TEXT NOT NULL CHECK (email = lower(email)),
    invited_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    message        TEXT NOT NULL DEFAULT '',
    -- SHA-256 of the token in the link; the token itself is never stored.
    token_hash     TEXT NOT NULL UNIQUE,
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'revoked')),
    expires_at     TIMESTAMPTZ NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    accepted_at    TIMESTAMPTZ,
    partnership_id BIGINT REFERENCES partnerships (id)
);
CREATE INDEX invites_vendor_idx ON invites (vendor_id, created_at DESC);
CREATE INDEX invites_email_idx ON invites (vendor_id, email);

-- Every (re)send of an invite, with the email that carried it.
CREATE TABLE invite_sends (
    id              BIGSERIAL PRIMARY KEY,
    invite_id       BIGINT NOT NULL REFERENCES invites (id) ON DELETE CASCADE,
    outbox_email_id BIGINT NOT NULL REFERENCES outbox_emails (id),
    sent_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX invite_sends_invite_idx ON invite_sends (invite_id, sent_at);
