DROP TRIGGER clicks_rollups_update_new ON clicks;
DROP TRIGGER clicks_rollups_update_old ON clicks;
DROP TRIGGER clicks_rollups_delete ON clicks;
DROP TRIGGER clicks_rollups_insert ON clicks;
DROP FUNCTION pd_click_rollups_delete();
DROP FUNCTION pd_click_rollups_insert();
DROP TABLE click_rollups;
CREATE INDEX clicks_ad_idx ON clicks (ad_id, clicked_at) WHERE ad_id IS NOT NULL;
CREATE INDEX clicks_link_idx ON clicks (link_id, clicked_at);
CREATE INDEX clicks_partnership_idx ON clicks (partnership_id, clicked_at);
ALTER TABLE clicks
    ADD CONSTRAINT clicks_link_id_fkey FOREIGN KEY (link_id) REFERENCES links (id),
    ADD CONSTRAINT clicks_partnership_id_fkey FOREIGN KEY (partnership_id) REFERENCES partnerships (id),
    ADD CONSTRAINT clicks_ad_id_fkey FOREIGN KEY (ad_id) REFERENCES ads (id);
ALTER TABLE clicks DROP COLUMN is_unique;
