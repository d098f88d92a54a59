-- The Customers search matches the customer key, email and name anywhere
-- (or at the start, for one or two characters); trigram indexes serve both.
CREATE INDEX customers_external_id_trgm_idx ON customers USING gin (external_id gin_trgm_ops);
CREATE INDEX customers_email_trgm_idx ON customers USING gin (email gin_trgm_ops);
CREATE INDEX customers_name_trgm_idx ON customers USING gin (name gin_trgm_ops);
