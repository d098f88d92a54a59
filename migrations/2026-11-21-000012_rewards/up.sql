-- A group's offers: what a partner earns, for what. Money is in the
-- vendor's currency; percentages are basis points (2000 = 20%).
CREATE TABLE offers (
    id                    BIGSERIAL PRIMARY KEY,
    vendor_id             BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    group_id              BIGINT NOT NULL REFERENCES partner_groups (id),
    name                  TEXT NOT NULL,
    -- signup, every_sale, first_sale, sales_within (`within_months` of the signup)
    trigger               TEXT NOT NULL CHECK (trigger IN ('signup', 'every_sale', 'first_sale', 'sales_within')),
    within_months         INT CHECK (within_months BETWEEN 1 AND 120),
    -- fixed (`reward_cents`) or percent (`reward_basis_points` of the sale)
    reward_kind           TEXT NOT NULL CHECK (reward_kind IN ('fixed', 'percent')),
    reward_cents          BIGINT CHECK (reward_cents > 0),
    reward_basis_points   INT CHECK (reward_basis_points BETWEEN 1 AND 10000),
    min_sale_cents        BIGINT CHECK (min_sale_cents > 0),
    product_key           TEXT,
    max_per_customer_cents      BIGINT CHECK (max_per_customer_cents > 0),
    max_per_partner_month_cents BIGINT CHECK (max_per_partner_month_cents > 0),
    hold_days             INT NOT NULL DEFAULT 30 CHECK (hold_days BETWEEN 0 AND 365),
    -- The recruiting partner's share of each commission, when set.
    referral_basis_points INT CHECK (referral_basis_points BETWEEN 1 AND 10000),
    archived_at           TIMESTAMPTZ,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((reward_kind = 'fixed') = (reward_cents IS NOT NULL)),
    CHECK ((reward_kind = 'percent') = (reward_basis_points IS NOT NULL)),
    CHECK ((trigger = 'sales_within') = (within_months IS NOT NULL))
);
CREATE INDEX offers_group_idx ON offers (group_id) WHERE archived_at IS NULL;

-- Payouts: one per partner per batch.
CREATE TABLE payouts (
    id             BIGSERIAL PRIMARY KEY,
    vendor_id      BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id),
    batch          TEXT NOT NULL,
    amount_cents   BIGINT NOT NULL,
    currency       TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    status         TEXT NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'paid')),
    reference      TEXT,
    paid_on        DATE,
    created_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX payouts_vendor_idx ON payouts (vendor_id, created_at DESC);
CREATE INDEX payouts_partnership_idx ON payouts (partnership_id);

-- The ledger. One row per event × offer × kind, never two: a replayed
-- event finds its row taken. `event_key` is 'signup:<customer id>' or
-- 'sale:<transaction id>'; an adjustment (a refund of a paid commission)
-- points at the commission it corrects.
CREATE TABLE commissions (
    id               BIGSERIAL PRIMARY KEY,
    vendor_id        BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    partnership_id   BIGINT NOT NULL REFERENCES partnerships (id),
    offer_id         BIGINT NOT NULL REFERENCES offers (id),
    group_id         BIGINT NOT NULL REFERENCES partner_groups (id),
    customer_id      BIGINT NOT NULL REFERENCES customers (id),
    transaction_id   BIGINT REFERENCES transactions (id),
    event_key        TEXT NOT NULL,
    -- commission, referral_override (the recruiter's share), adjustment
    kind             TEXT NOT NULL CHECK (kind IN ('commission', 'referral_override', 'adjustment')),
    corrects_id      BIGINT REFERENCES commissions (id),
    -- What the event earned, and what is left after refunds of the sale.
    earned_cents     BIGINT NOT NULL,
    amount_cents     BIGINT NOT NULL,
    currency         TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- How the amount was reached, in words, as it was then.
    arithmetic       TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'paid', 'rejected')),
    hold_until       TIMESTAMPTZ NOT NULL,
    payout_id        BIGINT REFERENCES payouts (id),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (event_key, offer_id, kind)
);
CREATE INDEX commissions_vendor_idx ON commissions (vendor_id, created_at DESC);
CREATE INDEX commissions_partnership_idx ON commissions (partnership_id, created_at DESC);
CREATE INDEX commissions_due_idx ON commissions (hold_until) WHERE status = 'pending';
CREATE INDEX commissions_transaction_idx ON commissions (transaction_id);

-- Every status a commission went through, and why.
CREATE TABLE commission_history (
    id            BIGSERIAL PRIMARY KEY,
    commission_id BIGINT NOT NULL REFERENCES commissions (id) ON DELETE CASCADE,
    status        TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    actor_id      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX commission_history_idx ON commission_history (commission_id, created_at);

-- A partner may turn off the emails about new commissions and payouts.
ALTER TABLE users
    ADD COLUMN notify_commissions BOOLEAN NOT NULL DEFAULT TRUE,
    ADD COLUMN notify_payouts BOOLEAN NOT NULL DEFAULT TRUE;
