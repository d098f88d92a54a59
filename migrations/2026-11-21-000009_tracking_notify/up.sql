-- Every change that can change where a tracking URL leads is announced on
-- the channel `pd_tracking` when its transaction commits, so every node's
-- resolution cache forgets the entry within a moment. Triggers, not the
-- application, so that no code path can forget to announce.
--   l:<link code>   g:<group id>   p:<vendor id>:<partner code>
--   a:<partnership id>:<ad code>   s:<link id>:<partnership id>
CREATE FUNCTION pd_tracking_key(tbl TEXT, rec JSONB) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE tbl
        WHEN 'links' THEN 'l:' || (rec ->> 'code')
        WHEN 'partner_groups' THEN 'g:' || (rec ->> 'id')
        WHEN 'partnerships' THEN 'p:' || (rec ->> 'vendor_id') || ':' || (rec ->> 'code')
        WHEN 'ads' THEN 'a:' || (rec ->> 'partnership_id') || ':' || (rec ->> 'code')
        WHEN 'secondary_link_activations' THEN 's:' || (rec ->> 'link_id') || ':' || (rec ->> 'partnership_id')
    END
$$;

CREATE FUNCTION pd_tracking_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_key TEXT;
    new_key TEXT;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_key := pd_tracking_key(TG_TABLE_NAME, to_jsonb(OLD));
        PERFORM pg_notify('pd_tracking', old_key);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_key := pd_tracking_key(TG_TABLE_NAME, to_jsonb(NEW));
        IF new_key IS DISTINCT FROM old_key THEN
            PERFORM pg_notify('pd_tracking', new_key);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER links_tracking_notify AFTER INSERT OR UPDATE OR DELETE ON links
    FOR EACH ROW EXECUTE FUNCTION pd_tracking_notify();
CREATE TRIGGER partner_groups_tracking_notify AFTER UPDATE OR DELETE ON partner_groups
    FOR EACH ROW EXECUTE FUNCTION pd_tracking_notify();
CREATE TRIGGER partnerships_tracking_notify AFTER INSERT OR UPDATE OR DELETE ON partnerships
    FOR EACH ROW EXECUTE FUNCTION pd_tracking_notify();
CREATE TRIGGER ads_tracking_notify AFTER INSERT OR UPDATE OR DELETE ON ads
    FOR EACH ROW EXECUTE FUNCTION pd_tracking_notify();
CREATE TRIGGER secondary_link_activations_tracking_notify AFTER INSERT OR DELETE ON secondary_link_activations
    FOR EACH ROW EXECUTE FUNCTION pd_tracking_notify();
