DROP INDEX customers_name_trgm_idx;
DROP INDEX customers_email_trgm_idx;
DROP INDEX customers_external_id_trgm_idx;
