-- Old group slugs keep answering: a renamed group's public page redirects.
CREATE TABLE group_slug_history (
    vendor_id  BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    slug       TEXT NOT NULL,
    group_id   BIGINT NOT NULL REFERENCES partner_groups (id) ON DELETE CASCADE,
    retired_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (vendor_id, slug)
);
CREATE INDEX group_slug_history_group_idx ON group_slug_history (group_id);

-- A secondary link works for a partner only once that partner activated it.
CREATE TABLE secondary_link_activations (
    link_id        BIGINT NOT NULL REFERENCES links (id) ON DELETE CASCADE,
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    activated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (link_id, partnership_id)
);
CREATE INDEX secondary_link_activations_partnership_idx ON secondary_link_activations (partnership_id);

-- What the group statistics count. Tracking and attribution fill these in.
CREATE TABLE clicks (
    id             BIGSERIAL PRIMARY KEY,
    link_id        BIGINT NOT NULL REFERENCES links (id),
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id),
    ad_id          BIGINT,
    clicked_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    visitor_hash   TEXT NOT NULL,
    referer        TEXT,
    user_agent     TEXT,
    is_bot         BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX clicks_partnership_idx ON clicks (partnership_id, clicked_at);
CREATE INDEX clicks_link_idx ON clicks (link_id, clicked_at);

CREATE TABLE customers (
    id             BIGSERIAL PRIMARY KEY,
    vendor_id      BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    partnership_id BIGINT REFERENCES partnerships (id),
    click_id       BIGINT REFERENCES clicks (id),
    external_id    TEXT NOT NULL,
    signed_up_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (vendor_id, external_id)
);
CREATE INDEX customers_partnership_idx ON customers (partnership_id);

CREATE TABLE transactions (
    id             BIGSERIAL PRIMARY KEY,
    vendor_id      BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    customer_id    BIGINT NOT NULL REFERENCES customers (id),
    partnership_id BIGINT REFERENCES partnerships (id),
    amount_cents   BIGINT NOT NULL,
    currency       TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    occurred_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX transactions_partnership_idx ON transactions (partnership_id);

-- Deleting an (empty) group must not delete its links: their codes stay taken
-- forever. The links are soft-deleted first and only lose their group.
ALTER TABLE links
    DROP CONSTRAINT links_group_id_fkey,
    ADD CONSTRAINT links_group_id_fkey FOREIGN KEY (group_id) REFERENCES partner_groups (id) ON DELETE SET NULL,
    DROP CONSTRAINT links_check1,
    ADD CONSTRAINT links_group_check CHECK (kind = 'individual' OR group_id IS NOT NULL OR deleted_at IS NOT NULL);
