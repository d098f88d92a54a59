DROP INDEX clicks_ad_idx;
DROP INDEX clicks_public_id_idx;
ALTER TABLE clicks DROP CONSTRAINT clicks_ad_id_fkey, DROP COLUMN public_id;
DROP TABLE ads;
