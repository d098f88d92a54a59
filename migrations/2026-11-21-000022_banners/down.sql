ALTER TABLE ads DROP COLUMN banner_id;
DROP TABLE banners;
