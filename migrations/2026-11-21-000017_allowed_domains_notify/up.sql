-- A vendor's allowed domains decide whether its links redirect, so a
-- change to them is announced like a change to each of its links: every
-- node's resolution cache forgets them and checks them again.
CREATE FUNCTION pd_vendor_domains_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('pd_tracking', 'l:' || l.code)
    FROM links l WHERE l.vendor_id = NEW.id AND l.deleted_at IS NULL;
    RETURN NULL;
END $$;

CREATE TRIGGER vendors_domains_tracking_notify AFTER UPDATE OF allowed_domains ON vendors
    FOR EACH ROW WHEN (OLD.allowed_domains IS DISTINCT FROM NEW.allowed_domains)
    EXECUTE FUNCTION pd_vendor_domains_notify();
