-- The rollup functions as they were, without the per-link table.
CREATE OR REPLACE FUNCTION pd_click_rollups_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO click_rollups AS r (day, link_id, partnership_id, ad_id, clicks, unique_clicks)
    SELECT (clicked_at AT TIME ZONE 'UTC')::date, link_id, partnership_id, coalesce(ad_id, 0),
           count(*), count(*) FILTER (WHERE is_unique)
    FROM changed WHERE NOT is_bot
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (partnership_id, day, link_id, ad_id) DO UPDATE
        SET clicks = r.clicks + EXCLUDED.clicks, unique_clicks = r.unique_clicks + EXCLUDED.unique_clicks;
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
    RETURN NULL;
END $$;

DROP INDEX transactions_vendor_time_idx;
DROP TABLE link_daily_clicks;
