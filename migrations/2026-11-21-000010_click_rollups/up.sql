-- Whether a click was the visitor's first on this link and partner within
-- the hour; raw clicks are kept, pages count both.
ALTER TABLE clicks ADD COLUMN is_unique BOOLEAN NOT NULL DEFAULT TRUE;

-- Clicks (never robots') per link × partnership × ad × UTC day: what the
-- pages read. `ad_id` 0 stands for "no ad", so the key has no NULL.
CREATE TABLE click_rollups (
    day            DATE NOT NULL,
    link_id        BIGINT NOT NULL REFERENCES links (id),
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id),
    ad_id          BIGINT NOT NULL DEFAULT 0,
    clicks         BIGINT NOT NULL DEFAULT 0,
    unique_clicks  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (partnership_id, day, link_id, ad_id)
) WITH (fillfactor = 70);  -- room for the counters' in-place (HOT) updates

-- Pages read the rollups now, and a click row is written once, in bulk, for
-- a link, partner and ad the redirect has just found (links and
-- partnerships are never deleted, only retired): per-row foreign-key checks
-- (each a lock on the link, partner and ad) and indexes only the old
-- queries used would cost the click writer more than everything else.
ALTER TABLE clicks
    DROP CONSTRAINT clicks_link_id_fkey,
    DROP CONSTRAINT clicks_partnership_id_fkey,
    DROP CONSTRAINT clicks_ad_id_fkey;
DROP INDEX clicks_partnership_idx;
DROP INDEX clicks_link_idx;
DROP INDEX clicks_ad_idx;

-- The rollups follow every change to `clicks`, once per statement and in
-- its transaction, whoever writes: the batch writer, a spool replay, SQL.
CREATE FUNCTION pd_click_rollups_insert() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE FUNCTION pd_click_rollups_delete() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER clicks_rollups_insert AFTER INSERT ON clicks
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pd_click_rollups_insert();
CREATE TRIGGER clicks_rollups_delete AFTER DELETE ON clicks
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pd_click_rollups_delete();
-- An update counts as the old rows leaving and the new ones arriving.
CREATE TRIGGER clicks_rollups_update_old AFTER UPDATE ON clicks
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pd_click_rollups_delete();
CREATE TRIGGER clicks_rollups_update_new AFTER UPDATE ON clicks
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pd_click_rollups_insert();

-- Clicks recorded before the rollups existed.
INSERT INTO click_rollups (day, link_id, partnership_id, ad_id, clicks, unique_clicks)
SELECT (clicked_at AT TIME ZONE 'UTC')::date, link_id, partnership_id, coalesce(ad_id, 0), count(*), count(*)
FROM clicks WHERE NOT is_bot
GROUP BY 1, 2, 3, 4;
