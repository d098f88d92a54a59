-- The domains a vendor's links may lead to (a host or any subdomain of it).
-- Deployed vendors start with their website's host and every host their
-- live links already lead to, so no working link stops working.
ALTER TABLE vendors ADD COLUMN allowed_domains TEXT[] NOT NULL DEFAULT '{}';

CREATE FUNCTION pd_url_host(url TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT lower(substring(url FROM '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]+)'))
$$;

UPDATE vendors v SET allowed_domains = ARRAY(
    SELECT DISTINCT host FROM (
        SELECT pd_url_host(v.website) AS host
        UNION
        SELECT pd_url_host(l.destination_url) FROM links l
        WHERE l.vendor_id = v.id AND l.deleted_at IS NULL
    ) hosts
    WHERE host IS NOT NULL AND host <> ''
    ORDER BY host
);

DROP FUNCTION pd_url_host(TEXT);
