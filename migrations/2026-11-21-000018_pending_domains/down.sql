ALTER TABLE vendors DROP COLUMN pending_domains;
