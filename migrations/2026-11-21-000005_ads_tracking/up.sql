-- A partner's own ads in one program; the code ends their tracking links.
CREATE TABLE ads (
    id             BIGSERIAL PRIMARY KEY,
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    media_type     TEXT NOT NULL CHECK (media_type IN ('email', 'website', 'social', 'banner', 'video', 'other')),
    starts_on      DATE NOT NULL,
    code           TEXT NOT NULL CHECK (code ~ '^[a-z0-9-]{2,40}$'),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (partnership_id, code)
);

ALTER TABLE clicks
    ADD COLUMN public_id TEXT,
    ADD CONSTRAINT clicks_ad_id_fkey FOREIGN KEY (ad_id) REFERENCES ads (id);
CREATE UNIQUE INDEX clicks_public_id_idx ON clicks (public_id);
CREATE INDEX clicks_ad_idx ON clicks (ad_id, clicked_at) WHERE ad_id IS NOT NULL;
