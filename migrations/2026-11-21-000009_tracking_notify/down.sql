DROP TRIGGER secondary_link_activations_tracking_notify ON secondary_link_activations;
DROP TRIGGER ads_tracking_notify ON ads;
DROP TRIGGER partnerships_tracking_notify ON partnerships;
DROP TRIGGER partner_groups_tracking_notify ON partner_groups;
DROP TRIGGER links_tracking_notify ON links;
DROP FUNCTION pd_tracking_notify();
DROP FUNCTION pd_tracking_key(TEXT, JSONB);
