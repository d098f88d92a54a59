-- Stripe is connected in live or test mode; events of the other mode are
-- answered and not recorded.
ALTER TABLE vendors ADD COLUMN stripe_livemode BOOLEAN NOT NULL DEFAULT TRUE;

-- What each delivered event did, shown on the Integration page.
ALTER TABLE stripe_events
    ADD COLUMN livemode BOOLEAN,
    ADD COLUMN api_version TEXT,
    ADD COLUMN outcome TEXT NOT NULL DEFAULT 'recorded' CHECK (outcome IN ('recorded', 'ignored')),
    ADD COLUMN note TEXT NOT NULL DEFAULT '';
CREATE INDEX stripe_events_recent_idx ON stripe_events (vendor_id, received_at DESC);

-- The other ids of a sale: the payment intent, charge or checkout session
-- that paid it. A refund names a charge and its payment intent, and since
-- Stripe's API version 2025-03-31 an invoice names neither, so the
-- invoice's sale is found through these (from `invoice_payment.paid`).
CREATE TABLE sale_references (
    vendor_id BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    reference TEXT NOT NULL,
    sale_key  TEXT NOT NULL,
    PRIMARY KEY (vendor_id, reference)
);
CREATE INDEX sale_references_sale_idx ON sale_references (vendor_id, sale_key);

-- Each Stripe charge's refunded total as last reported (Stripe sends a
-- running total, so the largest one stands), kept whether or not its sale
-- is here yet: a refund that arrives before its sale is applied when the
-- sale arrives.
CREATE TABLE stripe_charge_refunds (
    vendor_id      BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    charge_id      TEXT NOT NULL,
    payment_intent TEXT,
    invoice        TEXT,
    refunded_cents BIGINT NOT NULL CHECK (refunded_cents >= 0),
    currency       TEXT NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (vendor_id, charge_id)
);
CREATE INDEX stripe_charge_refunds_intent_idx ON stripe_charge_refunds (vendor_id, payment_intent);
CREATE INDEX stripe_charge_refunds_invoice_idx ON stripe_charge_refunds (vendor_id, invoice);
