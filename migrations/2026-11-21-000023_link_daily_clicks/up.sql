-- Clicks per link and UTC day, for the vendor's Overview: a program's
-- period is a few links × days here, where the per-partner rollups hold
-- a row for every partner of it. Kept by the same statement triggers.
CREATE TABLE link_daily_clicks (
    day           DATE NOT NULL,
    link_id       BIGINT NOT NULL REFERENCES links (id),
    clicks        BIGINT NOT NULL DEFAULT 0,
    unique_clicks BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (link_id, day)
) WITH (fillfactor = 70);

CREATE OR REPLACE FUNCTION pd_click_rollups_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO click_rollups AS r (day, link_id, partnership_id, ad_id, clicks, unique_clicks)
    SELECT (clicked_at AT TIME ZONE 'UTC')::date, link_id, partnership_id, coalesce(ad_id, 0),
           count(*), count(*) FILTER (WHERE is_unique)
    FROM changed WHERE NOT is_bot
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (partnership_id, day, link_id, ad_id) DO UPDATE
        SET clicks = r.clicks + EXCLUDED.clicks, unique_clicks = r.unique_clicks + EXCLUDED.unique_clicks;
    INSERT INTO link_daily_clicks AS d (day, link_id, clicks, unique_clicks)
    SELECT (clicked_at AT TIME ZONE 'UTC')::date, link_id, count(*), count(*) FILTER (WHERE is_unique)
    FROM changed WHERE NOT is_bot
    GROUP BY 1, 2
    ON CONFLICT (link_id, day) DO UPDATE
        SET clicks = d.clicks + EXCLUDED.clicks, unique_clicks = d.unique_clicks + EXCLUDED.unique_clicks;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION pd_click_rollups_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE click_rollups AS r
    SET clicks = r.clicks - gone.clicks, unique_clicks = r.unique_clicks - gone.unique_clicks
    FROM (
        SELECT (clicked_at AT TIME ZONE 'UTC')::date AS day, link_id, partnership_id, coalesce(ad_id, 0) AS ad_id,
               count(*) AS clicks, count(*) FILTER (WHERE is_unique) AS unique_clicks
        FROM changed WHERE NOT is_bot
        GROUP BY 1, 2, 3, 4
    ) gone
    WHERE r.day = gone.day AND r.link_id = gone.link_id AND r.partnership_id = gone.partnership_id AND r.ad_id = gone.ad_id;
    UPDATE link_daily_clicks AS d
    SET clicks = d.clicks - gone.clicks, unique_clicks = d.unique_clicks - gone.unique_clicks
    FROM (
        SELECT (clicked_at AT TIME ZONE 'UTC')::date AS day, link_id, count(*) AS clicks,
               count(*) FILTER (WHERE is_unique) AS unique_clicks
        FROM changed WHERE NOT is_bot
        GROUP BY 1, 2
    ) gone
    WHERE d.day = gone.day AND d.link_id = gone.link_id;
    RETURN NULL;
END $$;

-- The per-partner rollups already hold every click counted so far.
INSERT INTO link_daily_clicks (day, link_id, clicks, unique_clicks)
SELECT day, link_id, sum(clicks), sum(unique_clicks) FROM click_rollups GROUP BY day, link_id;

-- The Overview's sums by vendor and time.
CREATE INDEX transactions_vendor_time_idx ON transactions (vendor_id, occurred_at);
