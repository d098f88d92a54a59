DROP TRIGGER partnerships_totals_moved ON partnerships;
DROP TRIGGER partnerships_totals_joined ON partnerships;
DROP FUNCTION pd_partnerships_totals_moved();
DROP FUNCTION pd_partnerships_totals_joined();
DROP TRIGGER customers_rollup ON customers;
DROP TRIGGER transactions_rollup ON transactions;
DROP TRIGGER commissions_rollup ON commissions;
DROP FUNCTION pd_customers_rollup();
DROP FUNCTION pd_signup_add(BIGINT, BIGINT, TIMESTAMPTZ, BIGINT);
DROP FUNCTION pd_transactions_rollup();
DROP FUNCTION pd_commissions_rollup();
DROP FUNCTION pd_conversion_add(BIGINT, BIGINT, TIMESTAMPTZ, TEXT, BIGINT, BIGINT, BIGINT);

-- The click rollup functions as migration 23 left them.
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

DROP FUNCTION pd_totals_add(BIGINT, TEXT, BIGINT, BIGINT, BIGINT, BIGINT, BIGINT);
DROP TABLE group_totals;
DROP TABLE partner_totals;
DROP TABLE conversion_rollups;
