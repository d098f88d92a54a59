-- One clicks table again, with every month's clicks in it.
ALTER TABLE clicks RENAME TO clicks_by_month;
ALTER INDEX clicks_pkey RENAME TO clicks_by_month_pkey;
ALTER INDEX clicks_public_id_idx RENAME TO clicks_by_month_public_id_idx;
CREATE TABLE clicks (
    id             BIGINT PRIMARY KEY DEFAULT nextval('clicks_id_seq'),
    link_id        BIGINT NOT NULL,
    partnership_id BIGINT NOT NULL,
    ad_id          BIGINT,
    clicked_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    visitor_hash   TEXT NOT NULL,
    referer        TEXT,
    user_agent     TEXT,
    is_bot         BOOLEAN NOT NULL DEFAULT FALSE,
    public_id      TEXT,
    is_unique      BOOLEAN NOT NULL DEFAULT TRUE
);
ALTER SEQUENCE clicks_id_seq OWNED BY clicks.id;
CREATE UNIQUE INDEX clicks_public_id_idx ON clicks (public_id);
INSERT INTO clicks SELECT id, link_id, partnership_id, ad_id, clicked_at, visitor_hash, referer, user_agent, is_bot, public_id, is_unique
FROM clicks_by_month;
DROP TABLE clicks_by_month;
DROP FUNCTION pd_ensure_click_partitions(TIMESTAMPTZ, TIMESTAMPTZ);
DROP FUNCTION pd_drop_click_partitions(TIMESTAMPTZ);
CREATE TRIGGER clicks_rollups_insert AFTER INSERT ON clicks
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pd_click_rollups_insert();
CREATE TRIGGER clicks_rollups_delete AFTER DELETE ON clicks
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pd_click_rollups_delete();
CREATE TRIGGER clicks_rollups_update_old AFTER UPDATE ON clicks
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pd_click_rollups_delete();
CREATE TRIGGER clicks_rollups_update_new AFTER UPDATE ON clicks
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pd_click_rollups_insert();
DROP INDEX customers_partnership_click_idx;
ALTER TABLE customers DROP COLUMN clicked_at, DROP COLUMN link_id, DROP COLUMN ad_id;
