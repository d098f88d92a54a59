-- Emails are stored trimmed and lower-cased, so plain equality is the lookup.
CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    -- Bumped on log-out and password change: every cookie carrying an older
    -- epoch stops being accepted.
    session_epoch INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE vendors (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL,
    slug       TEXT NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    website    TEXT NOT NULL,
    terms_url  TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE vendor_members (
    vendor_id  BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('owner', 'admin')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (vendor_id, user_id)
);
CREATE INDEX vendor_members_user_idx ON vendor_members (user_id);

CREATE TABLE partner_groups (
    id                     BIGSERIAL PRIMARY KEY,
    vendor_id              BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    name                   TEXT NOT NULL,
    slug                   TEXT NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    destination_url        TEXT NOT NULL,
    referral_links_enabled BOOLEAN NOT NULL DEFAULT TRUE,
    terms_url              TEXT,
    application_enabled    BOOLEAN NOT NULL DEFAULT FALSE,
    is_default             BOOLEAN NOT NULL DEFAULT FALSE,
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (vendor_id, slug)
);
-- Exactly one default group per vendor: at most one by this index, at least
-- one because the default flag only ever moves inside a transaction.
CREATE UNIQUE INDEX partner_groups_one_default_idx
    ON partner_groups (vendor_id) WHERE is_default;

CREATE TABLE partnerships (
    id                BIGSERIAL PRIMARY KEY,
    vendor_id         BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    user_id           BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    group_id          BIGINT NOT NULL REFERENCES partner_groups (id),
    code              TEXT NOT NULL CHECK (code ~ '^[a-z0-9]{6,12}$'),
    parent_id         BIGINT REFERENCES partnerships (id),
    status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'removed')),
    links_deactivated BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    removed_at        TIMESTAMPTZ,
    UNIQUE (vendor_id, code)
);
CREATE UNIQUE INDEX partnerships_one_active_idx
    ON partnerships (vendor_id, user_id) WHERE status = 'active';
CREATE INDEX partnerships_user_idx ON partnerships (user_id);
CREATE INDEX partnerships_group_idx ON partnerships (group_id);
CREATE INDEX partnerships_parent_idx ON partnerships (parent_id);

-- Default and secondary links belong to a group; individual links to one
-- partnership. Codes are unique across the deployment and rows are only ever
-- soft-deleted, so a deleted code can never be taken again.
CREATE TABLE links (
    id              BIGSERIAL PRIMARY KEY,
    vendor_id       BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    group_id        BIGINT REFERENCES partner_groups (id) ON DELETE CASCADE,
    partnership_id  BIGINT REFERENCES partnerships (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('default', 'secondary', 'individual')),
    is_original     BOOLEAN NOT NULL DEFAULT FALSE,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    destination_url TEXT NOT NULL,
    utm_source      TEXT,
    utm_medium      TEXT,
    utm_campaign    TEXT,
    utm_term        TEXT,
    utm_content     TEXT,
    code            TEXT NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]{2,40}$'),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_at      TIMESTAMPTZ,
    CHECK ((kind = 'individual') = (partnership_id IS NOT NULL)),
    CHECK ((kind = 'individual') OR group_id IS NOT NULL)
);
CREATE INDEX links_group_idx ON links (group_id) WHERE deleted_at IS NULL;
CREATE INDEX links_partnership_idx ON links (partnership_id) WHERE partnership_id IS NOT NULL;
CREATE UNIQUE INDEX links_one_original_idx ON links (group_id) WHERE is_original;

-- Failed log-ins, keyed by a hash of "account:<email>" or "ip:<address>", so
-- neither raw addresses nor probed emails sit in the table.
CREATE TABLE login_failures (
    id        BIGSERIAL PRIMARY KEY,
    key_hash  TEXT NOT NULL,
    failed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_idx ON login_failures (key_hash, failed_at);
