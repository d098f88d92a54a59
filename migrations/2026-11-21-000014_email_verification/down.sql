DROP INDEX partnerships_partner_name_trgm_idx;
ALTER TABLE partnerships DROP COLUMN partner_name;
DROP TABLE email_verifications;
ALTER TABLE users DROP COLUMN email_verified_at;
