-- The conversion rollups and totals were kept by row triggers: fine for
-- conversions arriving one at a time, but a statement that writes
-- thousands of rows (a bulk load, a backfill) updated each day's and each
-- group's row once per written row, and every update in one transaction
-- leaves a version the next must step over. Statement triggers add each
-- statement's rows up first, then update each rollup row once.

-- One row's share of the rollups; signups carry currency ''.
CREATE TYPE pd_conversion_delta AS (
    vendor_id        BIGINT,
    partnership_id   BIGINT,
    day              DATE,
    currency         TEXT,
    signups          BIGINT,
    revenue_cents    BIGINT,
    commission_cents BIGINT
);

-- Adds the deltas to the daily rollups (the partner's row and the
-- program's row 0, or -1 for customers of no partner), to the partners'
-- totals and to the totals of their groups while they are active.
CREATE FUNCTION pd_conversions_apply(deltas pd_conversion_delta[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO conversion_rollups AS r (vendor_id, partnership_id, day, currency, signups, revenue_cents, commission_cents)
    SELECT d.vendor_id, who.who, d.day, d.currency, sum(d.signups), sum(d.revenue_cents), sum(d.commission_cents)
    FROM unnest(deltas) d
    CROSS JOIN LATERAL (VALUES (coalesce(d.partnership_id, -1)), (CASE WHEN d.partnership_id IS NOT NULL THEN 0 END)) AS who (who)
    WHERE who.who IS NOT NULL
    GROUP BY d.vendor_id, who.who, d.day, d.currency
    HAVING sum(d.signups) <> 0 OR sum(d.revenue_cents) <> 0 OR sum(d.commission_cents) <> 0
    ON CONFLICT (vendor_id, partnership_id, day, currency) DO UPDATE
        SET signups = r.signups + EXCLUDED.signups,
            revenue_cents = r.revenue_cents + EXCLUDED.revenue_cents,
            commission_cents = r.commission_cents + EXCLUDED.commission_cents;
    INSERT INTO partner_totals AS t (partnership_id, currency, signups, revenue_cents, commission_cents)
    SELECT d.partnership_id, d.currency, sum(d.signups), sum(d.revenue_cents), sum(d.commission_cents)
    FROM unnest(deltas) d WHERE d.partnership_id IS NOT NULL
    GROUP BY d.partnership_id, d.currency
    HAVING sum(d.signups) <> 0 OR sum(d.revenue_cents) <> 0 OR sum(d.commission_cents) <> 0
    ON CONFLICT (partnership_id, currency) DO UPDATE
        SET signups = t.signups + EXCLUDED.signups, revenue_cents = t.revenue_cents + EXCLUDED.revenue_cents,
            commission_cents = t.commission_cents + EXCLUDED.commission_cents;
    INSERT INTO group_totals AS g (group_id, currency, signups, revenue_cents, commission_cents)
    SELECT p.group_id, d.currency, sum(d.signups), sum(d.revenue_cents), sum(d.commission_cents)
    FROM unnest(deltas) d JOIN partnerships p ON p.id = d.partnership_id AND p.status = 'active'
    GROUP BY p.group_id, d.currency
    HAVING sum(d.signups) <> 0 OR sum(d.revenue_cents) <> 0 OR sum(d.commission_cents) <> 0
    ON CONFLICT (group_id, currency) DO UPDATE
        SET signups = g.signups + EXCLUDED.signups, revenue_cents = g.revenue_cents + EXCLUDED.revenue_cents,
            commission_cents = g.commission_cents + EXCLUDED.commission_cents;
$$;

-- Each function takes the old rows' shares out and puts the new rows' in;
-- a change that moves nothing nets to zero and writes nothing. A
-- transition table is seen only by its trigger's own function, and only
-- where the trigger has it, hence a branch per kind of statement.
CREATE FUNCTION pd_customers_rollup_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    deltas pd_conversion_delta[] := '{}';
BEGIN
    IF TG_OP <> 'DELETE' THEN
        deltas := deltas || ARRAY(
            SELECT (vendor_id, partnership_id, (signed_up_at AT TIME ZONE 'UTC')::date, '', count(*), 0, 0)::pd_conversion_delta
            FROM new_rows GROUP BY vendor_id, partnership_id, (signed_up_at AT TIME ZONE 'UTC')::date);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        deltas := deltas || ARRAY(
            SELECT (vendor_id, partnership_id, (signed_up_at AT TIME ZONE 'UTC')::date, '', -count(*), 0, 0)::pd_conversion_delta
            FROM old_rows GROUP BY vendor_id, partnership_id, (signed_up_at AT TIME ZONE 'UTC')::date);
    END IF;
    PERFORM pd_conversions_apply(deltas);
    RETURN NULL;
END $$;

CREATE FUNCTION pd_transactions_rollup_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    deltas pd_conversion_delta[] := '{}';
BEGIN
    IF TG_OP <> 'DELETE' THEN
        deltas := deltas || ARRAY(
            SELECT (vendor_id, partnership_id, (occurred_at AT TIME ZONE 'UTC')::date, currency,
                    0, sum(amount_cents - refunded_cents), 0)::pd_conversion_delta
            FROM new_rows WHERE partnership_id IS NOT NULL
            GROUP BY vendor_id, partnership_id, (occurred_at AT TIME ZONE 'UTC')::date, currency);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        deltas := deltas || ARRAY(
            SELECT (vendor_id, partnership_id, (occurred_at AT TIME ZONE 'UTC')::date, currency,
                    0, -sum(amount_cents - refunded_cents), 0)::pd_conversion_delta
            FROM old_rows WHERE partnership_id IS NOT NULL
            GROUP BY vendor_id, partnership_id, (occurred_at AT TIME ZONE 'UTC')::date, currency);
    END IF;
    PERFORM pd_conversions_apply(deltas);
    RETURN NULL;
END $$;

CREATE FUNCTION pd_commissions_rollup_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    deltas pd_conversion_delta[] := '{}';
BEGIN
    IF TG_OP <> 'DELETE' THEN
        deltas := deltas || ARRAY(
            SELECT (vendor_id, partnership_id, (created_at AT TIME ZONE 'UTC')::date, currency,
                    0, 0, sum(amount_cents))::pd_conversion_delta
            FROM new_rows WHERE status <> 'rejected'
            GROUP BY vendor_id, partnership_id, (created_at AT TIME ZONE 'UTC')::date, currency);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        deltas := deltas || ARRAY(
            SELECT (vendor_id, partnership_id, (created_at AT TIME ZONE 'UTC')::date, currency,
                    0, 0, -sum(amount_cents))::pd_conversion_delta
            FROM old_rows WHERE status <> 'rejected'
            GROUP BY vendor_id, partnership_id, (created_at AT TIME ZONE 'UTC')::date, currency);
    END IF;
    PERFORM pd_conversions_apply(deltas);
    RETURN NULL;
END $$;

DROP TRIGGER customers_rollup ON customers;
DROP TRIGGER transactions_rollup ON transactions;
DROP TRIGGER commissions_rollup ON commissions;

CREATE TRIGGER customers_rollup_inserted AFTER INSERT ON customers
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_customers_rollup_rows();
CREATE TRIGGER customers_rollup_updated AFTER UPDATE ON customers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_customers_rollup_rows();
CREATE TRIGGER customers_rollup_deleted AFTER DELETE ON customers
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_customers_rollup_rows();
CREATE TRIGGER transactions_rollup_inserted AFTER INSERT ON transactions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_transactions_rollup_rows();
CREATE TRIGGER transactions_rollup_updated AFTER UPDATE ON transactions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_transactions_rollup_rows();
CREATE TRIGGER transactions_rollup_deleted AFTER DELETE ON transactions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_transactions_rollup_rows();
CREATE TRIGGER commissions_rollup_inserted AFTER INSERT ON commissions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_commissions_rollup_rows();
CREATE TRIGGER commissions_rollup_updated AFTER UPDATE ON commissions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_commissions_rollup_rows();
CREATE TRIGGER commissions_rollup_deleted AFTER DELETE ON commissions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_commissions_rollup_rows();
