DROP TRIGGER vendors_domains_tracking_notify ON vendors;
DROP FUNCTION pd_vendor_domains_notify();
