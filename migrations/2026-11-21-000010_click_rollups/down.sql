DROP TRIGGER clicks_rollups_update_new ON clicks;
DROP TRIGGER clicks_rollups_update_old ON clicks;
DROP TRIGGER clicks_rollups_delete ON clicks;
DROP TRIGGER clicks_rollups_insert ON clicks;
DROP FUNCTION pd_click_rollups_delete();
DROP FUNCTION pd_click_rollups_insert();
DROP TABLE click_rollups;
ALTER TABLE clicks DROP COLUMN is_unique;
