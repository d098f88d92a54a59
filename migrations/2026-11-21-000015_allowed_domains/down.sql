ALTER TABLE vendors DROP COLUMN allowed_domains;
