DROP TABLE partner_activity;
DROP INDEX partnerships_vendor_list_idx;
DROP INDEX partnerships_code_trgm_idx;
DROP INDEX users_email_trgm_idx;
DROP INDEX users_name_trgm_idx;
