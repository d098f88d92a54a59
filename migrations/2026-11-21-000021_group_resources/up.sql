-- What a vendor writes for a group's partners: e-mail templates (a subject
-- and a body with {link} and {partner_name}) and resource pages (Markdown,
-- cleaned when shown).
CREATE TABLE group_resources (
    id         BIGSERIAL PRIMARY KEY,
    vendor_id  BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    group_id   BIGINT NOT NULL REFERENCES partner_groups (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('email', 'page')),
    title      TEXT NOT NULL,
    -- The e-mail's subject; empty for a page.
    subject    TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX group_resources_group_idx ON group_resources (group_id, kind, title);
CREATE INDEX group_resources_vendor_idx ON group_resources (vendor_id, kind, created_at DESC);
