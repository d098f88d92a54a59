-- Each searchable row carries its searched fields lower-cased in one
-- column, each field after a U+001F separator: a search is then one
-- case-sensitive LIKE on one trigram index (a start-of-field match is
-- '%' || U+001F || text || '%'), where ILIKE over three columns lowered
-- every field of every row it checked, and All Partners had to join users
-- for the email. Nobody can type U+001F: control characters are refused.
CREATE FUNCTION pd_search_text(a text, b text, c text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN E'\x1f' || lower(coalesce(a, '')) || E'\x1f' || lower(coalesce(b, '')) || E'\x1f' || lower(coalesce(c, ''));

-- A partnership's code, partner name and the partner's email.
ALTER TABLE partnerships ADD COLUMN search_text text NOT NULL DEFAULT '';

CREATE FUNCTION pd_partnerships_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_text := pd_search_text(NEW.code, NEW.partner_name, (SELECT email FROM users WHERE id = NEW.user_id));
  RETURN NEW;
END $$;

CREATE TRIGGER partnerships_search_text BEFORE INSERT OR UPDATE OF code, partner_name, user_id ON partnerships
FOR EACH ROW EXECUTE FUNCTION pd_partnerships_search_text();

CREATE FUNCTION pd_users_email_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE partnerships SET search_text = pd_search_text(code, partner_name, NEW.email) WHERE user_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER users_email_search_text AFTER UPDATE OF email ON users
FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email) EXECUTE FUNCTION pd_users_email_search_text();

-- Filling the column changes nothing tracking or group totals look at.
ALTER TABLE partnerships DISABLE TRIGGER partnerships_tracking_notify;
ALTER TABLE partnerships DISABLE TRIGGER partnerships_totals_moved;
UPDATE partnerships p SET search_text = pd_search_text(p.code, p.partner_name, u.email) FROM users u WHERE u.id = p.user_id;
ALTER TABLE partnerships ENABLE TRIGGER partnerships_tracking_notify;
ALTER TABLE partnerships ENABLE TRIGGER partnerships_totals_moved;

-- A search that matches many walks the list in its order: with the text
-- in the list's index, it reads no row it does not show.
DROP INDEX partnerships_vendor_list_idx;
CREATE INDEX partnerships_vendor_list_idx ON partnerships (vendor_id, status, created_at DESC, id DESC) INCLUDE (search_text);
CREATE INDEX partnerships_search_trgm_idx ON partnerships USING gin (search_text gin_trgm_ops);
DROP INDEX partnerships_code_trgm_idx;
DROP INDEX partnerships_partner_name_trgm_idx;
DROP INDEX users_email_trgm_idx;

-- A customer's key, email and name.
ALTER TABLE customers ADD COLUMN search_text text NOT NULL
  GENERATED ALWAYS AS (pd_search_text(external_id, email, name)) STORED;
CREATE INDEX customers_search_trgm_idx ON customers USING gin (search_text gin_trgm_ops);
DROP INDEX customers_vendor_recent_idx;
CREATE INDEX customers_vendor_recent_idx ON customers (vendor_id, signed_up_at DESC, id DESC) INCLUDE (search_text, partnership_id);
DROP INDEX customers_external_id_trgm_idx;
DROP INDEX customers_email_trgm_idx;
DROP INDEX customers_name_trgm_idx;
