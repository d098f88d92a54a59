-- The vendor's own currency (revenue is summed in it; sales in other
-- currencies are kept and shown beside it), how long after a click a
-- signup still credits the partner, and Stripe's webhook signing secret,
-- sealed like every other secret.
ALTER TABLE vendors
    ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    ADD COLUMN attribution_window_days INT NOT NULL DEFAULT 90
        CHECK (attribution_window_days BETWEEN 1 AND 365),
    ADD COLUMN stripe_secret_sealed BYTEA;

-- How each customer was (or was not) credited, and why: shown wherever the
-- customer is. `attribution` is one of click, partner_code, manual, none.
ALTER TABLE customers
    ADD COLUMN email TEXT,
    ADD COLUMN name TEXT,
    ADD COLUMN attribution TEXT NOT NULL DEFAULT 'none',
    ADD COLUMN reason TEXT NOT NULL DEFAULT '',
    ADD COLUMN self_referral BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE customers SET attribution = 'manual', reason = 'Recorded before attribution reasons were kept.'
WHERE partnership_id IS NOT NULL;
CREATE INDEX customers_vendor_recent_idx ON customers (vendor_id, signed_up_at DESC);

-- A sale is known by the vendor's own key, so a repeated report adds
-- nothing; refunds reduce `refunded_cents`, never below zero or past the sale.
ALTER TABLE transactions
    ADD COLUMN sale_key TEXT,
    ADD COLUMN product TEXT,
    ADD COLUMN refunded_cents BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT now();
UPDATE transactions SET sale_key = 'sale-' || id;
ALTER TABLE transactions
    ALTER COLUMN sale_key SET NOT NULL,
    ADD CONSTRAINT transactions_sale_key_key UNIQUE (vendor_id, sale_key),
    ADD CONSTRAINT transactions_refunded_check CHECK (refunded_cents >= 0 AND refunded_cents <= greatest(amount_cents, 0));
CREATE INDEX transactions_customer_idx ON transactions (customer_id);

CREATE TABLE refunds (
    id             BIGSERIAL PRIMARY KEY,
    vendor_id      BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    transaction_id BIGINT NOT NULL REFERENCES transactions (id),
    amount_cents   BIGINT NOT NULL CHECK (amount_cents > 0),
    -- The client's key for this refund, when it sent one: a repeat adds nothing.
    refund_key     TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (vendor_id, refund_key)
);
CREATE INDEX refunds_transaction_idx ON refunds (transaction_id);

-- Stripe events already handled, so a redelivered event changes nothing.
CREATE TABLE stripe_events (
    vendor_id   BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    event_id    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (vendor_id, event_id)
);


-- A customer assigned to a partner by hand is in the partner's activity log.
ALTER TABLE partner_activity DROP CONSTRAINT partner_activity_kind_check,
    ADD CONSTRAINT partner_activity_kind_check CHECK (kind IN ('moved', 'removed', 'customer_assigned'));
