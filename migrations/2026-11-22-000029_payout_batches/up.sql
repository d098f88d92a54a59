-- Each payout batch at a glance, per currency: the Payouts page and a
-- batch's page read a row per batch instead of adding up every payout of
-- the vendor. Kept by statement triggers in the writer's transaction.
CREATE TABLE payout_batches (
    vendor_id    BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    batch        TEXT NOT NULL,
    currency     TEXT NOT NULL,
    made_at      TIMESTAMPTZ NOT NULL,
    payouts      BIGINT NOT NULL DEFAULT 0,
    unpaid       BIGINT NOT NULL DEFAULT 0,
    amount_cents BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (vendor_id, batch, currency)
);
CREATE INDEX payout_batches_recent_idx ON payout_batches (vendor_id, made_at DESC, batch);

CREATE TYPE pd_payout_delta AS (
    vendor_id    BIGINT,
    batch        TEXT,
    currency     TEXT,
    made_at      TIMESTAMPTZ,
    payouts      BIGINT,
    unpaid       BIGINT,
    amount_cents BIGINT
);

-- A batch whose last payout is gone is gone too.
CREATE FUNCTION pd_payout_batches_apply(deltas pd_payout_delta[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO payout_batches AS b (vendor_id, batch, currency, made_at, payouts, unpaid, amount_cents)
    SELECT d.vendor_id, d.batch, d.currency, min(d.made_at), sum(d.payouts), sum(d.unpaid), sum(d.amount_cents)
    FROM unnest(deltas) d
    GROUP BY d.vendor_id, d.batch, d.currency
    HAVING sum(d.payouts) <> 0 OR sum(d.unpaid) <> 0 OR sum(d.amount_cents) <> 0
    ON CONFLICT (vendor_id, batch, currency) DO UPDATE
        SET made_at = least(b.made_at, EXCLUDED.made_at), payouts = b.payouts + EXCLUDED.payouts,
            unpaid = b.unpaid + EXCLUDED.unpaid, amount_cents = b.amount_cents + EXCLUDED.amount_cents;
    DELETE FROM payout_batches b USING (SELECT DISTINCT vendor_id, batch, currency FROM unnest(deltas)) d
    WHERE b.vendor_id = d.vendor_id AND b.batch = d.batch AND b.currency = d.currency AND b.payouts <= 0;
$$;

CREATE FUNCTION pd_payouts_batch_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    deltas pd_payout_delta[] := '{}';
BEGIN
    IF TG_OP <> 'DELETE' THEN
        deltas := deltas || ARRAY(
            SELECT (vendor_id, batch, currency, min(created_at), count(*), count(*) FILTER (WHERE status = 'created'),
                    sum(amount_cents))::pd_payout_delta
            FROM new_rows GROUP BY vendor_id, batch, currency);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        deltas := deltas || ARRAY(
            SELECT (vendor_id, batch, currency, min(created_at), -count(*), -count(*) FILTER (WHERE status = 'created'),
                    -sum(amount_cents))::pd_payout_delta
            FROM old_rows GROUP BY vendor_id, batch, currency);
    END IF;
    PERFORM pd_payout_batches_apply(deltas);
    RETURN NULL;
END $$;

CREATE TRIGGER payouts_batch_inserted AFTER INSERT ON payouts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_payouts_batch_rows();
CREATE TRIGGER payouts_batch_updated AFTER UPDATE ON payouts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_payouts_batch_rows();
CREATE TRIGGER payouts_batch_deleted AFTER DELETE ON payouts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_payouts_batch_rows();

INSERT INTO payout_batches (vendor_id, batch, currency, made_at, payouts, unpaid, amount_cents)
SELECT vendor_id, batch, currency, min(created_at), count(*), count(*) FILTER (WHERE status = 'created'), sum(amount_cents)
FROM payouts GROUP BY vendor_id, batch, currency;
