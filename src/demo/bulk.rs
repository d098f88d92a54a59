//! The demo's volume, written set-wise: partners (with recruiters and
//! ads), then from the clicks: signups, sales and refunds, their
//! commissions (`books`), the vendor's rejections and a paid payout; then
//! leads and deals.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};
use indicatif::ProgressBar;

use super::clicks::Target;
use super::program::Program;

const PARTNER_DOMAIN: &str = "partners.northwind.example";
const CHUNK: u32 = 10_000;

pub fn partner_email(n: u32) -> String {
    format!("partner{n}@{PARTNER_DOMAIN}")
}

const PARTNERS: &str = "
WITH gen AS (
  SELECT i, random() AS r,
         (ARRAY['Ava','Ben','Chloe','Dev','Emma','Finn','Grace','Hugo','Isla','Jon','Kai','Lena','Milo','Nina','Omar','Pia',
                'Quinn','Rosa','Sam','Tara','Umar','Vera','Will','Zoe'])[1 + (i * 7) % 24] || ' ' ||
         (ARRAY['Adams','Baker','Chen','Diaz','Evans','Fischer','Garcia','Hall','Ito','Jones','Khan','Lopez','Meyer','Novak',
                'Okafor','Patel','Quist','Rossi','Silva','Tanaka','Ueda','Varga','Weber','Young'])[1 + (i * 11) % 24] AS name,
         now() - (random() * 150) * interval '1 day' AS joined
  FROM generate_series($1::int, $2::int) i
), made AS (
  INSERT INTO users (email, name, password_hash, email_verified_at, created_at)
  SELECT 'partner' || i || '@' || $3, name, $4, joined, joined FROM gen
  RETURNING id, email
)
INSERT INTO partnerships (vendor_id, user_id, group_id, code, partner_name, created_at)
SELECT $5, made.id,
       CASE WHEN gen.i = 1 OR gen.r < 0.6 THEN $6 WHEN gen.r < 0.85 THEN $7 ELSE $8 END,
       'nw' || lpad(to_hex(made.id), 8, '0'), gen.name, gen.joined
FROM made JOIN gen ON made.email = 'partner' || gen.i || '@' || $3";

/// The partners, one in ten recruited by an earlier one and one in four
/// with an ad; returns where each one's clicks go.
pub fn partners(
    conn: &mut PgConnection,
    program: &Program,
    count: u32,
    hash: &str,
    bar: &ProgressBar,
) -> anyhow::Result<Vec<Target>> {
    let [default, affiliates, gold] = program.groups;
    let mut first = 1;
    while first <= count {
        let last = (first + CHUNK - 1).min(count);
        diesel::sql_query(PARTNERS)
            .bind::<Integer, _>(first as i32)
            .bind::<Integer, _>(last as i32)
            .bind::<Text, _>(PARTNER_DOMAIN)
            .bind::<Text, _>(hash)
            .bind::<BigInt, _>(program.vendor)
            .bind::<BigInt, _>(default)
            .bind::<BigInt, _>(affiliates)
            .bind::<BigInt, _>(gold)
            .execute(conn)?;
        bar.inc(u64::from(last - first + 1));
        first = last + 1;
    }
    diesel::sql_query(
        "WITH ranked AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM partnerships WHERE vendor_id = $1)
         UPDATE partnerships c SET parent_id = parent.id
         FROM ranked child JOIN ranked parent ON parent.n = child.n / 10
         WHERE c.id = child.id AND child.n % 10 = 3 AND child.n > 10",
    )
    .bind::<BigInt, _>(program.vendor)
    .execute(conn)?;
    diesel::sql_query(
        "INSERT INTO ads (partnership_id, name, description, media_type, starts_on, code)
         SELECT id, 'Newsletter', 'The monthly newsletter', 'email', current_date - 90, 'newsletter'
         FROM partnerships WHERE vendor_id = $1 AND id % 4 = 0",
    )
    .bind::<BigInt, _>(program.vendor)
    .execute(conn)?;
    Ok(diesel::sql_query(
        "SELECT p.id AS partnership, l.id AS link, a.id AS ad
         FROM partnerships p
         JOIN links l ON l.group_id = p.group_id AND l.is_original AND l.deleted_at IS NULL
         LEFT JOIN ads a ON a.partnership_id = p.id
         WHERE p.vendor_id = $1 ORDER BY p.id",
    )
    .bind::<BigInt, _>(program.vendor)
    .load(conn)?)
}

/// One in 25 human first clicks signs up within hours; half of them buy,
/// some twice; a few sales are refunded.
const CUSTOMERS_AND_SALES: [&str; 4] = [
    "INSERT INTO customers (vendor_id, partnership_id, click_id, clicked_at, link_id, ad_id, external_id, signed_up_at, email, name,
                            attribution, reason, self_referral)
     SELECT $1, c.partnership_id, c.id, c.clicked_at, c.link_id, c.ad_id, 'cus_' || c.id, least(c.clicked_at + random() * interval '3 hours', now()),
            'customer' || c.id || '@example.com', 'Customer ' || c.id, 'click', 'Came through the partner''s tracking link.', false
     FROM clicks c JOIN partnerships p ON p.id = c.partnership_id
     WHERE p.vendor_id = $1 AND NOT c.is_bot AND c.is_unique AND random() < 0.04",
    "INSERT INTO transactions (vendor_id, customer_id, partnership_id, amount_cents, currency, occurred_at, sale_key, product)
     SELECT $1, cu.id, cu.partnership_id, 1900 + floor(random() * 40)::bigint * 1000, $2,
            least(cu.signed_up_at + random() * interval '10 days', now()), 'sale_' || cu.id,
            (ARRAY['Starter', 'Team', 'Business'])[1 + floor(random() * 3)::int]
     FROM customers cu WHERE cu.vendor_id = $1 AND random() < 0.5
     UNION ALL
     SELECT $1, cu.id, cu.partnership_id, 4900, $2, least(cu.signed_up_at + interval '30 days', now()), 'renewal_' || cu.id, 'Team'
     FROM customers cu WHERE cu.vendor_id = $1 AND cu.signed_up_at < now() - interval '30 days' AND random() < 0.15",
    "WITH refunded AS (
       UPDATE transactions t SET refunded_cents = CASE WHEN random() < 0.5 THEN t.amount_cents ELSE t.amount_cents / 2 END
       WHERE t.vendor_id = $1 AND random() < 0.06 RETURNING t.id, t.refunded_cents, t.occurred_at)
     INSERT INTO refunds (vendor_id, transaction_id, amount_cents, refund_key, created_at)
     SELECT $1, id, refunded_cents, 'refund_' || id, least(occurred_at + interval '5 days', now()) FROM refunded WHERE refunded_cents > 0",
    // Fresh statistics, or the joins below are planned for empty tables.
    "ANALYZE customers, transactions, refunds, partnerships",
];

/// What the vendor did with the commissions: rejected a few, and paid
/// what was approved two months ago in last month's payout.
const DECISIONS: [&str; 4] = [
    "WITH rejected AS (
       UPDATE commissions SET status = 'rejected'
       WHERE vendor_id = $1 AND kind = 'commission' AND transaction_id IS NOT NULL AND status IN ('pending', 'approved')
         AND random() < 0.03
       RETURNING id, created_at)
     INSERT INTO commission_history (commission_id, status, note, created_at)
     SELECT id, 'rejected', 'Rejected: the order was cancelled before delivery', created_at + interval '1 day' FROM rejected",
    "INSERT INTO payouts (vendor_id, partnership_id, batch, amount_cents, currency, status, reference, paid_on, created_at)
     SELECT $1, partnership_id, 'demo', sum(amount_cents)::bigint, $2, 'paid', 'Wire ' || partnership_id,
            current_date - 20, now() - interval '21 days'
     FROM commissions WHERE vendor_id = $1 AND status = 'approved' AND created_at < now() - interval '60 days'
     GROUP BY partnership_id",
    "ANALYZE commissions, payouts",
    "WITH paid AS (
       UPDATE commissions c SET status = 'paid', payout_id = po.id FROM payouts po
       WHERE po.vendor_id = $1 AND po.batch = 'demo' AND c.partnership_id = po.partnership_id AND c.vendor_id = $1
         AND c.status = 'approved' AND c.created_at < now() - interval '60 days'
       RETURNING c.id, po.created_at)
     INSERT INTO commission_history (commission_id, status, note, created_at)
     SELECT id, 'paid', 'Paid in payout demo', created_at FROM paid",
];

/// Signups, sales and refunds, their commissions as the ledger writes
/// them, then the vendor's decisions.
pub fn conversions(conn: &mut PgConnection, program: &Program, bar: &ProgressBar) -> anyhow::Result<()> {
    bar.set_length((CUSTOMERS_AND_SALES.len() + 1 + DECISIONS.len()) as u64);
    run_all(conn, program, &CUSTOMERS_AND_SALES, bar)?;
    super::books::write(conn, program)?;
    bar.inc(1);
    run_all(conn, program, &DECISIONS, bar)
}

fn run_all(conn: &mut PgConnection, program: &Program, statements: &[&str], bar: &ProgressBar) -> anyhow::Result<()> {
    for sql in statements {
        if sql.starts_with("ANALYZE") {
            diesel::sql_query(*sql).execute(conn)?;
        } else {
            diesel::sql_query(*sql)
                .bind::<BigInt, _>(program.vendor)
                .bind::<Text, _>(&program.currency)
                .execute(conn)?;
        }
        bar.inc(1);
    }
    Ok(())
}

/// Leads and deals from Gold partners in every stage, one deal claimed twice.
pub fn pipelines(conn: &mut PgConnection, program: &Program, bar: &ProgressBar) -> anyhow::Result<()> {
    let gold = program.groups[2];
    diesel::sql_query(
        "INSERT INTO pipeline_entries (vendor_id, group_id, partnership_id, pipeline, stage_id, company, contact_name, contact_email,
                                       amount_cents, currency, expected_close, created_at)
         SELECT $1, p.group_id, p.id, kind.pipeline,
                (SELECT s.id FROM pipeline_stages s WHERE s.group_id = p.group_id AND s.pipeline = kind.pipeline
                 ORDER BY md5(s.id::text || p.id::text) LIMIT 1),
                (ARRAY['Initech', 'Globex', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Acme'])[1 + (p.id % 8)::int],
                'Contact ' || p.id, 'contact' || p.id || '.' || kind.pipeline || '@example.com',
                CASE WHEN kind.pipeline = 'deals' THEN 50000 + (p.id % 20) * 25000 END,
                CASE WHEN kind.pipeline = 'deals' THEN $3 END,
                CASE WHEN kind.pipeline = 'deals' THEN current_date + (p.id % 60)::int END,
                now() - (p.id % 40) * interval '1 day'
         FROM (SELECT * FROM partnerships WHERE group_id = $2 ORDER BY id LIMIT 40) p
         CROSS JOIN (VALUES ('leads'), ('deals')) AS kind(pipeline)",
    )
    .bind::<BigInt, _>(program.vendor)
    .bind::<BigInt, _>(gold)
    .bind::<Text, _>(&program.currency)
    .execute(conn)?;
    diesel::sql_query(
        "UPDATE pipeline_entries e SET duplicate_of = first.id
         FROM (SELECT DISTINCT ON (lower(company)) id, lower(company) AS company FROM pipeline_entries
               WHERE vendor_id = $1 AND pipeline = 'deals' ORDER BY lower(company), id) first
         WHERE e.vendor_id = $1 AND e.pipeline = 'deals' AND lower(e.company) = first.company AND e.id <> first.id",
    )
    .bind::<BigInt, _>(program.vendor)
    .execute(conn)?;
    diesel::sql_query(
        "INSERT INTO pipeline_events (entry_id, at, what)
         SELECT e.id, e.created_at, 'Submitted, in stage ' || s.name FROM pipeline_entries e JOIN pipeline_stages s ON s.id = e.stage_id
         WHERE e.vendor_id = $1",
    )
    .bind::<BigInt, _>(program.vendor)
    .execute(conn)?;
    bar.inc(1);
    Ok(())
}
