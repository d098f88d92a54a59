DROP TABLE stripe_charge_refunds;
DROP TABLE sale_references;
DROP INDEX stripe_events_recent_idx;
ALTER TABLE stripe_events DROP COLUMN livemode, DROP COLUMN api_version, DROP COLUMN outcome, DROP COLUMN note;
ALTER TABLE vendors DROP COLUMN stripe_livemode;
