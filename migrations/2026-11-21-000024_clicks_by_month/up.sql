-- Raw clicks by month: a month of clicks is one table, so keeping N months
-- is dropping whole tables (no DELETE, no vacuum debt) and a month's scan
-- reads only that month. The rollups stay: they are kept forever, and
-- dropping a month of raw clicks never touches them.

-- What a customer's click was is copied onto the customer, so pages and
-- answers never need the raw click, which may be gone with its month.
ALTER TABLE customers
    DROP CONSTRAINT customers_click_id_fkey,
    ADD COLUMN clicked_at TIMESTAMPTZ,
    ADD COLUMN link_id BIGINT REFERENCES links (id),
    ADD COLUMN ad_id BIGINT REFERENCES ads (id);
UPDATE customers cu SET clicked_at = c.clicked_at, link_id = c.link_id, ad_id = c.ad_id
FROM clicks c WHERE c.id = cu.click_id;
CREATE INDEX customers_partnership_click_idx ON customers (partnership_id, clicked_at) WHERE clicked_at IS NOT NULL;

ALTER TABLE clicks RENAME TO clicks_unpartitioned;
ALTER INDEX clicks_pkey RENAME TO clicks_unpartitioned_pkey;
ALTER INDEX clicks_public_id_idx RENAME TO clicks_unpartitioned_public_id_idx;

CREATE TABLE clicks (
    id             BIGINT NOT NULL DEFAULT nextval('clicks_id_seq'),
    link_id        BIGINT NOT NULL,
    partnership_id BIGINT NOT NULL,
    ad_id          BIGINT,
    clicked_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    visitor_hash   TEXT NOT NULL,
    referer        TEXT,
    user_agent     TEXT,
    is_bot         BOOLEAN NOT NULL DEFAULT FALSE,
    public_id      TEXT,
    is_unique      BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (id, clicked_at)
) PARTITION BY RANGE (clicked_at);
ALTER SEQUENCE clicks_id_seq OWNED BY clicks.id;
-- A click id is random and carries its time with it on a replay, so
-- (public_id, clicked_at) is as unique as the id alone was.
CREATE UNIQUE INDEX clicks_public_id_idx ON clicks (public_id, clicked_at);
-- A click whose month has no table yet is never refused; the next
-- partition maintenance moves it into its month.
CREATE TABLE clicks_default PARTITION OF clicks DEFAULT;

-- The month tables from `first`'s month to `last`'s, each made once;
-- clicks of such a month waiting in the default table are moved into it.
-- Returns how many tables were made.
CREATE FUNCTION pd_ensure_click_partitions(first TIMESTAMPTZ, last TIMESTAMPTZ) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    month DATE := date_trunc('month', first AT TIME ZONE 'UTC')::date;
    made INTEGER := 0;
    part TEXT;
    low TIMESTAMPTZ;
    high TIMESTAMPTZ;
BEGIN
    WHILE month <= (last AT TIME ZONE 'UTC')::date LOOP
        part := 'clicks_' || to_char(month, 'YYYY_MM');
        IF to_regclass(part) IS NULL THEN
            low := month::timestamp AT TIME ZONE 'UTC';
            high := (month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
            EXECUTE format('CREATE TABLE %I (LIKE clicks INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
            EXECUTE format('WITH moved AS (DELETE FROM clicks_default WHERE clicked_at >= $1 AND clicked_at < $2 RETURNING *)
                            INSERT INTO %I SELECT * FROM moved', part) USING low, high;
            EXECUTE format('ALTER TABLE clicks ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, low, high);
            made := made + 1;
        END IF;
        month := (month + interval '1 month')::date;
    END LOOP;
    RETURN made;
END $$;

-- Drops the month tables that ended before `before`; returns how many.
CREATE FUNCTION pd_drop_click_partitions(before TIMESTAMPTZ) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    part RECORD;
    dropped INTEGER := 0;
BEGIN
    FOR part IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'clicks'::regclass AND c.relname ~ '^clicks_[0-9]{4}_[0-9]{2}$'
          AND (to_date(substr(c.relname, 8), 'YYYY_MM') + interval '1 month')::timestamp AT TIME ZONE 'UTC' <= before
    LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END $$;

SELECT pd_ensure_click_partitions(coalesce(min(clicked_at), now()), now() + interval '3 months')
FROM clicks_unpartitioned;

-- The rollups already count these clicks: moved before the triggers exist.
INSERT INTO clicks (id, link_id, partnership_id, ad_id, clicked_at, visitor_hash, referer, user_agent, is_bot, public_id, is_unique)
SELECT id, link_id, partnership_id, ad_id, clicked_at, visitor_hash, referer, user_agent, is_bot, public_id, is_unique
FROM clicks_unpartitioned;
DROP TABLE clicks_unpartitioned;

CREATE TRIGGER clicks_rollups_insert AFTER INSERT ON clicks
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pd_click_rollups_insert();
CREATE TRIGGER clicks_rollups_delete AFTER DELETE ON clicks
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pd_click_rollups_delete();
CREATE TRIGGER clicks_rollups_update_old AFTER UPDATE ON clicks
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pd_click_rollups_delete();
CREATE TRIGGER clicks_rollups_update_new AFTER UPDATE ON clicks
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pd_click_rollups_insert();
