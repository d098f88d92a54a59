-- Banners: images a vendor uploads for a link of a group. Partners paste
-- ready-made HTML; each partner's clicks through a banner carry an ad code
-- of theirs tied to the banner, so clicks are counted per banner.
CREATE TABLE banners (
    id         BIGSERIAL PRIMARY KEY,
    vendor_id  BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    link_id    BIGINT NOT NULL REFERENCES links (id),
    name       TEXT NOT NULL,
    media_type TEXT NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
    width      INT NOT NULL CHECK (width > 0),
    height     INT NOT NULL CHECK (height > 0),
    bytes      BYTEA NOT NULL CHECK (octet_length(bytes) BETWEEN 1 AND 2097152),
    sha256     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A deleted banner leaves its ads (and their clicks) alone.
    deleted_at TIMESTAMPTZ
);
CREATE INDEX banners_vendor_idx ON banners (vendor_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX banners_link_idx ON banners (link_id) WHERE deleted_at IS NULL;

ALTER TABLE ads ADD COLUMN banner_id BIGINT REFERENCES banners (id);
CREATE UNIQUE INDEX ads_banner_idx ON ads (partnership_id, banner_id) WHERE banner_id IS NOT NULL;
CREATE INDEX ads_banner_clicks_idx ON ads (banner_id) WHERE banner_id IS NOT NULL;
