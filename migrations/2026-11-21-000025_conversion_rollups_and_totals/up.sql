-- Signups, net revenue and commissions per partner and UTC day, and per
-- vendor and day (partnership_id 0, all partners together; -1 counts the
-- customers credited to no partner): what the
-- Overview and the partners' stats sum, a few rows per day instead of
-- every customer, sale and commission of the period. Kept by row
-- triggers in the writer's transaction; conversions arrive one at a time.
CREATE TABLE conversion_rollups (
    vendor_id        BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    partnership_id   BIGINT NOT NULL,
    day              DATE NOT NULL,
    -- '' on the rows that count signups, which have no currency.
    currency         TEXT NOT NULL,
    signups          BIGINT NOT NULL DEFAULT 0,
    revenue_cents    BIGINT NOT NULL DEFAULT 0,
    commission_cents BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (vendor_id, partnership_id, day, currency)
) WITH (fillfactor = 80);

-- All-time totals per partner, and per group of its active partners, in
-- each currency ('' holds the clicks, signups and partner count): All
-- Partners and Groups read a row per partner or group, not every rollup.
CREATE TABLE partner_totals (
    partnership_id   BIGINT NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    currency         TEXT NOT NULL,
    clicks           BIGINT NOT NULL DEFAULT 0,
    unique_clicks    BIGINT NOT NULL DEFAULT 0,
    signups          BIGINT NOT NULL DEFAULT 0,
    revenue_cents    BIGINT NOT NULL DEFAULT 0,
    commission_cents BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (partnership_id, currency)
) WITH (fillfactor = 70);

CREATE TABLE group_totals (
    group_id         BIGINT NOT NULL REFERENCES partner_groups (id) ON DELETE CASCADE,
    currency         TEXT NOT NULL,
    partners         BIGINT NOT NULL DEFAULT 0,
    clicks           BIGINT NOT NULL DEFAULT 0,
    unique_clicks    BIGINT NOT NULL DEFAULT 0,
    signups          BIGINT NOT NULL DEFAULT 0,
    revenue_cents    BIGINT NOT NULL DEFAULT 0,
    commission_cents BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, currency)
) WITH (fillfactor = 70);

-- Adds to a partner's totals and, while the partner is active, to their group's.
CREATE FUNCTION pd_totals_add(partnership BIGINT, cur TEXT, add_clicks BIGINT, add_unique BIGINT,
                              add_signups BIGINT, add_revenue BIGINT, add_commission BIGINT)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO partner_totals AS t (partnership_id, currency, clicks, unique_clicks, signups, revenue_cents, commission_cents)
    VALUES (partnership, cur, add_clicks, add_unique, add_signups, add_revenue, add_commission)
    ON CONFLICT (partnership_id, currency) DO UPDATE
        SET clicks = t.clicks + EXCLUDED.clicks, unique_clicks = t.unique_clicks + EXCLUDED.unique_clicks,
            signups = t.signups + EXCLUDED.signups, revenue_cents = t.revenue_cents + EXCLUDED.revenue_cents,
            commission_cents = t.commission_cents + EXCLUDED.commission_cents;
    INSERT INTO group_totals AS g (group_id, currency, clicks, unique_clicks, signups, revenue_cents, commission_cents)
    SELECT p.group_id, cur, add_clicks, add_unique, add_signups, add_revenue, add_commission
    FROM partnerships p WHERE p.id = partnership AND p.status = 'active'
    ON CONFLICT (group_id, currency) DO UPDATE
        SET clicks = g.clicks + EXCLUDED.clicks, unique_clicks = g.unique_clicks + EXCLUDED.unique_clicks,
            signups = g.signups + EXCLUDED.signups, revenue_cents = g.revenue_cents + EXCLUDED.revenue_cents,
            commission_cents = g.commission_cents + EXCLUDED.commission_cents;
$$;

CREATE FUNCTION pd_conversion_add(vendor BIGINT, partnership BIGINT, at TIMESTAMPTZ, cur TEXT,
                                  add_signups BIGINT, add_revenue BIGINT, add_commission BIGINT)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO conversion_rollups AS r (vendor_id, partnership_id, day, currency, signups, revenue_cents, commission_cents)
    SELECT vendor, who, (at AT TIME ZONE 'UTC')::date, cur, add_signups, add_revenue, add_commission
    FROM unnest(ARRAY[partnership, 0]) AS who
    ON CONFLICT (vendor_id, partnership_id, day, currency) DO UPDATE
        SET signups = r.signups + EXCLUDED.signups,
            revenue_cents = r.revenue_cents + EXCLUDED.revenue_cents,
            commission_cents = r.commission_cents + EXCLUDED.commission_cents;
    SELECT pd_totals_add(partnership, cur, 0, 0, add_signups, add_revenue, add_commission);
$$;

-- A customer credited to no partner is counted on partnership_id -1, so
-- the Customers page counts every customer from a few rows a day.
CREATE FUNCTION pd_signup_add(vendor BIGINT, partnership BIGINT, at TIMESTAMPTZ, add_signups BIGINT)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF partnership IS NOT NULL THEN
        PERFORM pd_conversion_add(vendor, partnership, at, '', add_signups, 0, 0);
    ELSE
        INSERT INTO conversion_rollups AS r (vendor_id, partnership_id, day, currency, signups)
        VALUES (vendor, -1, (at AT TIME ZONE 'UTC')::date, '', add_signups)
        ON CONFLICT (vendor_id, partnership_id, day, currency) DO UPDATE SET signups = r.signups + EXCLUDED.signups;
    END IF;
END $$;

-- Each trigger takes the old row's share out and puts the new row's in,
-- unless the share did not change (a status change between counted states).
CREATE FUNCTION pd_customers_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.partnership_id IS NOT DISTINCT FROM NEW.partnership_id
       AND OLD.signed_up_at = NEW.signed_up_at AND OLD.vendor_id = NEW.vendor_id THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM pd_signup_add(OLD.vendor_id, OLD.partnership_id, OLD.signed_up_at, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM pd_signup_add(NEW.vendor_id, NEW.partnership_id, NEW.signed_up_at, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION pd_transactions_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.partnership_id IS NOT DISTINCT FROM NEW.partnership_id
       AND OLD.occurred_at = NEW.occurred_at AND OLD.currency = NEW.currency AND OLD.vendor_id = NEW.vendor_id
       AND OLD.amount_cents - OLD.refunded_cents = NEW.amount_cents - NEW.refunded_cents THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.partnership_id IS NOT NULL THEN
        PERFORM pd_conversion_add(OLD.vendor_id, OLD.partnership_id, OLD.occurred_at, OLD.currency,
                                  0, -(OLD.amount_cents - OLD.refunded_cents), 0);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.partnership_id IS NOT NULL THEN
        PERFORM pd_conversion_add(NEW.vendor_id, NEW.partnership_id, NEW.occurred_at, NEW.currency,
                                  0, NEW.amount_cents - NEW.refunded_cents, 0);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION pd_commissions_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.partnership_id = NEW.partnership_id AND OLD.created_at = NEW.created_at
       AND OLD.currency = NEW.currency AND OLD.vendor_id = NEW.vendor_id AND OLD.amount_cents = NEW.amount_cents
       AND (OLD.status = 'rejected') = (NEW.status = 'rejected') THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.status <> 'rejected' THEN
        PERFORM pd_conversion_add(OLD.vendor_id, OLD.partnership_id, OLD.created_at, OLD.currency, 0, 0, -OLD.amount_cents);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status <> 'rejected' THEN
        PERFORM pd_conversion_add(NEW.vendor_id, NEW.partnership_id, NEW.created_at, NEW.currency, 0, 0, NEW.amount_cents);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER customers_rollup AFTER INSERT OR UPDATE OR DELETE ON customers
    FOR EACH ROW EXECUTE FUNCTION pd_customers_rollup();
CREATE TRIGGER transactions_rollup AFTER INSERT OR UPDATE OR DELETE ON transactions
    FOR EACH ROW EXECUTE FUNCTION pd_transactions_rollup();
CREATE TRIGGER commissions_rollup AFTER INSERT OR UPDATE OR DELETE ON commissions
    FOR EACH ROW EXECUTE FUNCTION pd_commissions_rollup();

-- What was recorded before the rollups existed, per partner and for the vendor.
INSERT INTO conversion_rollups (vendor_id, partnership_id, day, currency, signups, revenue_cents, commission_cents)
SELECT vendor_id, who, day, currency, sum(signups), sum(revenue_cents), sum(commission_cents)
FROM (
    SELECT vendor_id, partnership_id, (signed_up_at AT TIME ZONE 'UTC')::date AS day, '' AS currency,
           count(*) AS signups, 0 AS revenue_cents, 0 AS commission_cents
    FROM customers GROUP BY 1, 2, 3
    UNION ALL
    SELECT vendor_id, partnership_id, (occurred_at AT TIME ZONE 'UTC')::date, currency,
           0, sum(amount_cents - refunded_cents), 0
    FROM transactions WHERE partnership_id IS NOT NULL GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT vendor_id, partnership_id, (created_at AT TIME ZONE 'UTC')::date, currency, 0, 0, sum(amount_cents)
    FROM commissions WHERE status <> 'rejected' GROUP BY 1, 2, 3, 4
) counted
CROSS JOIN LATERAL (VALUES (coalesce(partnership_id, -1)), (CASE WHEN partnership_id IS NOT NULL THEN 0 END)) AS who (who)
WHERE who IS NOT NULL
GROUP BY vendor_id, who, day, currency;

-- The click triggers add each batch to the partners' and groups' totals
-- too; a transition table is seen only by its trigger's own function.
CREATE OR REPLACE FUNCTION pd_click_rollups_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO click_rollups AS r (day, link_id, partnership_id, ad_id, clicks, unique_clicks)
    SELECT (clicked_at AT TIME ZONE 'UTC')::date, link_id, partnership_id, coalesce(ad_id, 0),
           count(*), count(*) FILTER (WHERE is_unique)
    FROM changed WHERE NOT is_bot
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (partnership_id, day, link_id, ad_id) DO UPDATE
        SET clicks = r.clicks + EXCLUDED.clicks, unique_clicks = r.unique_clicks + EXCLUDED.unique_clicks;
    INSERT INTO link_daily_clicks AS d (day, link_id, clicks, unique_clicks)
    SELECT (clicked_at AT TIME ZONE 'UTC')::date, link_id, count(*), count(*) FILTER (WHERE is_unique)
    FROM changed WHERE NOT is_bot
    GROUP BY 1, 2
    ON CONFLICT (link_id, day) DO UPDATE
        SET clicks = d.clicks + EXCLUDED.clicks, unique_clicks = d.unique_clicks + EXCLUDED.unique_clicks;
    INSERT INTO partner_totals AS t (partnership_id, currency, clicks, unique_clicks)
    SELECT partnership_id, '', count(*), count(*) FILTER (WHERE is_unique) FROM changed WHERE NOT is_bot GROUP BY 1
    ON CONFLICT (partnership_id, currency) DO UPDATE
        SET clicks = t.clicks + EXCLUDED.clicks, unique_clicks = t.unique_clicks + EXCLUDED.unique_clicks;
    INSERT INTO group_totals AS g (group_id, currency, clicks, unique_clicks)
    SELECT p.group_id, '', count(*), count(*) FILTER (WHERE c.is_unique)
    FROM changed c JOIN partnerships p ON p.id = c.partnership_id AND p.status = 'active'
    WHERE NOT c.is_bot GROUP BY 1
    ON CONFLICT (group_id, currency) DO UPDATE
        SET clicks = g.clicks + EXCLUDED.clicks, unique_clicks = g.unique_clicks + EXCLUDED.unique_clicks;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION pd_click_rollups_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE click_rollups AS r
    SET clicks = r.clicks - gone.clicks, unique_clicks = r.unique_clicks - gone.unique_clicks
    FROM (
        SELECT (clicked_at AT TIME ZONE 'UTC')::date AS day, link_id, partnership_id, coalesce(ad_id, 0) AS ad_id,
               count(*) AS clicks, count(*) FILTER (WHERE is_unique) AS unique_clicks
        FROM changed WHERE NOT is_bot
        GROUP BY 1, 2, 3, 4
    ) gone
    WHERE r.day = gone.day AND r.link_id = gone.link_id AND r.partnership_id = gone.partnership_id AND r.ad_id = gone.ad_id;
    UPDATE link_daily_clicks AS d
    SET clicks = d.clicks - gone.clicks, unique_clicks = d.unique_clicks - gone.unique_clicks
    FROM (
        SELECT (clicked_at AT TIME ZONE 'UTC')::date AS day, link_id, count(*) AS clicks,
               count(*) FILTER (WHERE is_unique) AS unique_clicks
        FROM changed WHERE NOT is_bot
        GROUP BY 1, 2
    ) gone
    WHERE d.day = gone.day AND d.link_id = gone.link_id;
    INSERT INTO partner_totals AS t (partnership_id, currency, clicks, unique_clicks)
    SELECT partnership_id, '', -count(*), -count(*) FILTER (WHERE is_unique) FROM changed WHERE NOT is_bot GROUP BY 1
    ON CONFLICT (partnership_id, currency) DO UPDATE
        SET clicks = t.clicks + EXCLUDED.clicks, unique_clicks = t.unique_clicks + EXCLUDED.unique_clicks;
    INSERT INTO group_totals AS g (group_id, currency, clicks, unique_clicks)
    SELECT p.group_id, '', -count(*), -count(*) FILTER (WHERE c.is_unique)
    FROM changed c JOIN partnerships p ON p.id = c.partnership_id AND p.status = 'active'
    WHERE NOT c.is_bot GROUP BY 1
    ON CONFLICT (group_id, currency) DO UPDATE
        SET clicks = g.clicks + EXCLUDED.clicks, unique_clicks = g.unique_clicks + EXCLUDED.unique_clicks;
    RETURN NULL;
END $$;

-- A partner's totals follow them from group to group, and leave the group
-- when they are removed: set-based, for bulk moves of thousands. (Neither
-- partnerships nor groups with partners are ever deleted.)
CREATE FUNCTION pd_partnerships_totals_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH moved (group_id, sign, partnership_id) AS (
        SELECT o.group_id, -1, o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.status = 'active' AND (n.status <> 'active' OR n.group_id <> o.group_id)
        UNION ALL
        SELECT n.group_id, 1, n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE n.status = 'active' AND (o.status <> 'active' OR n.group_id <> o.group_id))
    INSERT INTO group_totals AS g (group_id, currency, partners)
    SELECT group_id, '', sum(sign) FROM moved GROUP BY group_id
    ON CONFLICT (group_id, currency) DO UPDATE SET partners = g.partners + EXCLUDED.partners;
    WITH moved (group_id, sign, partnership_id) AS (
        SELECT o.group_id, -1, o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.status = 'active' AND (n.status <> 'active' OR n.group_id <> o.group_id)
        UNION ALL
        SELECT n.group_id, 1, n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE n.status = 'active' AND (o.status <> 'active' OR n.group_id <> o.group_id))
    INSERT INTO group_totals AS g (group_id, currency, clicks, unique_clicks, signups, revenue_cents, commission_cents)
    SELECT m.group_id, t.currency, sum(m.sign * t.clicks), sum(m.sign * t.unique_clicks), sum(m.sign * t.signups),
           sum(m.sign * t.revenue_cents), sum(m.sign * t.commission_cents)
    FROM moved m JOIN partner_totals t ON t.partnership_id = m.partnership_id
    GROUP BY m.group_id, t.currency
    ON CONFLICT (group_id, currency) DO UPDATE
        SET clicks = g.clicks + EXCLUDED.clicks, unique_clicks = g.unique_clicks + EXCLUDED.unique_clicks,
            signups = g.signups + EXCLUDED.signups, revenue_cents = g.revenue_cents + EXCLUDED.revenue_cents,
            commission_cents = g.commission_cents + EXCLUDED.commission_cents;
    RETURN NULL;
END $$;

CREATE FUNCTION pd_partnerships_totals_joined() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH moved (group_id, sign, partnership_id) AS (SELECT group_id, 1, id FROM new_rows WHERE status = 'active')
    INSERT INTO group_totals AS g (group_id, currency, partners)
    SELECT group_id, '', sum(sign) FROM moved GROUP BY group_id
    ON CONFLICT (group_id, currency) DO UPDATE SET partners = g.partners + EXCLUDED.partners;
    WITH moved (group_id, sign, partnership_id) AS (SELECT group_id, 1, id FROM new_rows WHERE status = 'active')
    INSERT INTO group_totals AS g (group_id, currency, clicks, unique_clicks, signups, revenue_cents, commission_cents)
    SELECT m.group_id, t.currency, sum(m.sign * t.clicks), sum(m.sign * t.unique_clicks), sum(m.sign * t.signups),
           sum(m.sign * t.revenue_cents), sum(m.sign * t.commission_cents)
    FROM moved m JOIN partner_totals t ON t.partnership_id = m.partnership_id
    GROUP BY m.group_id, t.currency
    ON CONFLICT (group_id, currency) DO UPDATE
        SET clicks = g.clicks + EXCLUDED.clicks, unique_clicks = g.unique_clicks + EXCLUDED.unique_clicks,
            signups = g.signups + EXCLUDED.signups, revenue_cents = g.revenue_cents + EXCLUDED.revenue_cents,
            commission_cents = g.commission_cents + EXCLUDED.commission_cents;
    RETURN NULL;
END $$;

CREATE TRIGGER partnerships_totals_moved AFTER UPDATE ON partnerships
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_partnerships_totals_moved();
CREATE TRIGGER partnerships_totals_joined AFTER INSERT ON partnerships
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_partnerships_totals_joined();

-- Totals of everything recorded so far.
INSERT INTO partner_totals (partnership_id, currency, clicks, unique_clicks, signups, revenue_cents, commission_cents)
SELECT partnership_id, currency, sum(clicks), sum(unique_clicks), sum(signups), sum(revenue_cents), sum(commission_cents)
FROM (
    SELECT partnership_id, '' AS currency, sum(clicks) AS clicks, sum(unique_clicks) AS unique_clicks,
           0 AS signups, 0 AS revenue_cents, 0 AS commission_cents
    FROM click_rollups GROUP BY 1
    UNION ALL
    SELECT partnership_id, currency, 0, 0, sum(signups), sum(revenue_cents), sum(commission_cents)
    FROM conversion_rollups WHERE partnership_id > 0 GROUP BY 1, 2
) counted
GROUP BY partnership_id, currency;

INSERT INTO group_totals (group_id, currency, partners, clicks, unique_clicks, signups, revenue_cents, commission_cents)
SELECT group_id, currency, sum(partners), sum(clicks), sum(unique_clicks), sum(signups), sum(revenue_cents), sum(commission_cents)
FROM (
    SELECT group_id, '' AS currency, count(*) AS partners, 0 AS clicks, 0 AS unique_clicks, 0 AS signups,
           0 AS revenue_cents, 0 AS commission_cents
    FROM partnerships WHERE status = 'active' GROUP BY 1
    UNION ALL
    SELECT p.group_id, t.currency, 0, sum(t.clicks), sum(t.unique_clicks), sum(t.signups), sum(t.revenue_cents), sum(t.commission_cents)
    FROM partner_totals t JOIN partnerships p ON p.id = t.partnership_id WHERE p.status = 'active' GROUP BY 1, 2
) counted
GROUP BY group_id, currency;
