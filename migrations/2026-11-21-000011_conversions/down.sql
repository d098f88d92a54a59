DELETE FROM partner_activity WHERE kind = 'customer_assigned';
ALTER TABLE partner_activity DROP CONSTRAINT partner_activity_kind_check,
    ADD CONSTRAINT partner_activity_kind_check CHECK (kind IN ('moved', 'removed'));
DROP TABLE stripe_events;
DROP TABLE refunds;
DROP INDEX transactions_customer_idx;
ALTER TABLE transactions
    DROP CONSTRAINT transactions_refunded_check,
    DROP CONSTRAINT transactions_sale_key_key,
    DROP COLUMN created_at, DROP COLUMN refunded_cents, DROP COLUMN product, DROP COLUMN sale_key;
DROP INDEX customers_vendor_recent_idx;
ALTER TABLE customers
    DROP COLUMN self_referral, DROP COLUMN reason, DROP COLUMN attribution, DROP COLUMN name, DROP COLUMN email;
ALTER TABLE vendors DROP COLUMN stripe_secret_sealed, DROP COLUMN attribution_window_days, DROP COLUMN currency;
