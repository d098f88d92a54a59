//! Raw clicks by month, with a retention, and the conversion rollups the
//! Overview and the partners' stats read instead of every row.

use reqwest::StatusCode;
use serde_json::json;

use crate::conversions::{acme_with_pat, api, click};
use crate::helpers::TestApp;
use crate::helpers::app::eventually;
use crate::rewards::create_offer;
use partnerdesk::click_months as partitions;

fn month_tables(app: &TestApp) -> String {
    app.text_for(
        "SELECT string_agg(c.relname, ' ' ORDER BY c.relname) AS value
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'clicks'::regclass",
    )
}

fn month_name(months_ahead: u32) -> String {
    let today = chrono::Utc::now().date_naive();
    today.checked_add_months(chrono::Months::new(months_ahead)).unwrap().format("clicks_%Y_%m").to_string()
}

#[tokio::test]
async fn clicks_land_in_their_month_and_expired_months_leave_the_rollups_and_customers_whole() {
    let app = TestApp::spawn().await;
    let tables = month_tables(&app);
    for ahead in 0..=3 {
        assert!(tables.contains(&month_name(ahead)), "month +{ahead} is made at start: {tables}");
    }
    let (code, key) = acme_with_pat(&app).await;
    let click_id = click(&app, &format!("/go/acme/{code}")).await;
    let stored = eventually(
        async || {
            app.text_for(&format!(
            "SELECT coalesce((SELECT tableoid::regclass::text FROM clicks WHERE public_id = '{click_id}'), '') AS value"
        ))
        },
        |table| !table.is_empty(),
    )
    .await;
    assert_eq!(stored, month_name(0), "a click is stored in its month's table");
    let signup = json!({"customer_key": "c1", "click_id": click_id});
    assert_eq!(api(&app, &key, "/api/v1/signups", &signup).await.0, StatusCode::CREATED);

    // Twenty months ago, a click and its customer.
    let mut conn = app.db.connect();
    let long_ago = chrono::Utc::now() - chrono::Duration::days(610);
    partitions::ensure_months(&mut conn, long_ago, long_ago).unwrap();
    app.execute(&format!(
        "INSERT INTO clicks (link_id, partnership_id, clicked_at, visitor_hash, public_id)
         SELECT l.id, p.id, now() - interval '610 days', 'old-visitor', 'old-click'
         FROM links l, partnerships p WHERE l.code = 'acme' AND p.code = '{code}'"
    ));
    app.execute(
        "UPDATE customers SET clicked_at = now() - interval '610 days', signed_up_at = now() - interval '609 days'
         WHERE external_id = 'c1'",
    );
    let rolled = "SELECT sum(clicks)::text AS value FROM click_rollups";
    assert_eq!(app.text_for(rolled), "2");
    // A year and a half ahead, past the months made: kept in the default table, then moved.
    app.execute(&format!(
        "INSERT INTO clicks (link_id, partnership_id, clicked_at, visitor_hash, public_id)
         SELECT l.id, p.id, now() + interval '18 months', 'future-visitor', 'future-click'
         FROM links l, partnerships p WHERE l.code = 'acme' AND p.code = '{code}'"
    ));
    let future_table = "SELECT tableoid::regclass::text AS value FROM clicks WHERE public_id = 'future-click'";
    assert_eq!(app.text_for(future_table), "clicks_default");
    let in_18_months = chrono::Utc::now() + chrono::Duration::days(549);
    partitions::ensure_months(&mut conn, in_18_months, in_18_months).unwrap();
    assert!(app.text_for(future_table).starts_with("clicks_20"), "moved out of the default table");

    let done = partitions::maintain_once(&mut conn, Some(13)).unwrap();
    assert_eq!(done.dropped, 4, "twenty months ago and the three months made after it are past 13 months");
    assert_eq!(app.count("clicks"), 2, "this month's click and the future one stay");
    assert_eq!(app.text_for(rolled), "3", "the rollups keep the dropped month's click");
    let customer = app.id_for("SELECT id FROM customers WHERE external_id = 'c1'");
    let page = app.page(&format!("/vendor/acme/customers/{customer}")).await;
    assert!(page.text("#attribution .click").contains(" on Default"), "{}", page.text("#attribution"));
    assert_eq!(partitions::maintain_once(&mut conn, Some(13)).unwrap(), partitions::Maintenance::default());
}

#[tokio::test]
async fn a_retention_shorter_than_the_longest_attribution_window_is_refused() {
    let settings = partnerdesk::config::Settings { click_retention_months: Some(12), ..test_settings() };
    let Err(error) = partnerdesk::config::Config::from_settings(settings) else { panic!("12 months is refused") };
    assert!(error.to_string().contains("CLICK_RETENTION_MONTHS 12 is out of range"), "{error}");
    let settings = partnerdesk::config::Settings { click_retention_months: Some(13), ..test_settings() };
    assert_eq!(partnerdesk::config::Config::from_settings(settings).unwrap().click_retention_months, Some(13));
}

fn test_settings() -> partnerdesk::config::Settings {
    let dir = std::env::temp_dir().join(format!("pd-retention-{}", crate::helpers::app::random_text(8)));
    crate::helpers::app::test_settings("postgres://postgres@127.0.0.1:5432/unused".into(), &dir)
}

/// The conversion rollups against the rows they stand for, per partner, for
/// the vendor's partners together (0) and for customers of no partner (-1).
const ROLLUPS_MATCH: &str = "
WITH raw AS (
  SELECT vendor_id, partnership_id, (signed_up_at AT TIME ZONE 'UTC')::date AS day, '' AS currency,
         count(*) AS signups, 0 AS revenue, 0 AS commission FROM customers GROUP BY 1, 2, 3
  UNION ALL
  SELECT vendor_id, partnership_id, (occurred_at AT TIME ZONE 'UTC')::date, currency, 0, sum(amount_cents - refunded_cents), 0
  FROM transactions WHERE partnership_id IS NOT NULL GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT vendor_id, partnership_id, (created_at AT TIME ZONE 'UTC')::date, currency, 0, 0, sum(amount_cents)
  FROM commissions WHERE status <> 'rejected' GROUP BY 1, 2, 3, 4
), expected AS (
  SELECT vendor_id, who AS partnership_id, day, currency, sum(signups) AS signups, sum(revenue) AS revenue, sum(commission) AS commission
  FROM raw CROSS JOIN LATERAL (VALUES (coalesce(partnership_id, -1)), (CASE WHEN partnership_id IS NOT NULL THEN 0 END)) AS w (who)
  WHERE who IS NOT NULL GROUP BY 1, 2, 3, 4
), kept AS (
  SELECT vendor_id, partnership_id, day, currency, signups, revenue_cents AS revenue, commission_cents AS commission
  FROM conversion_rollups WHERE signups <> 0 OR revenue_cents <> 0 OR commission_cents <> 0
)
SELECT (SELECT count(*) FROM ((SELECT * FROM expected EXCEPT SELECT * FROM kept)
                              UNION ALL (SELECT * FROM kept EXCEPT SELECT * FROM expected)) differ)::text AS value";

#[tokio::test]
async fn conversion_rollups_follow_signups_sales_refunds_rejections_and_reassignment() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    create_offer(&app, "Default", &[]).await;
    for (customer, sale, cents, currency) in [("c1", "o1", 4900, "USD"), ("c2", "o2", 2500, "EUR")] {
        let signup = json!({"customer_key": customer, "partner_code": code});
        assert_eq!(api(&app, &key, "/api/v1/signups", &signup).await.0, StatusCode::CREATED);
        let sale = json!({"customer_key": customer, "sale_key": sale, "amount_cents": cents, "currency": currency});
        assert_eq!(api(&app, &key, "/api/v1/sales", &sale).await.0, StatusCode::CREATED);
    }
    assert_eq!(api(&app, &key, "/api/v1/signups", &json!({"customer_key": "alone"})).await.0, StatusCode::CREATED);
    assert_eq!(app.text_for(ROLLUPS_MATCH), "0", "after signups and sales");
    let refund = json!({"sale_key": "o1", "amount_cents": 900});
    assert_eq!(api(&app, &key, "/api/v1/refunds", &refund).await.0, StatusCode::CREATED);
    assert_eq!(app.text_for(ROLLUPS_MATCH), "0", "after a refund");
    let overview = app.page("/vendor/acme/overview").await;
    assert_eq!(overview.text("#measure-signups .measure-value"), "2", "the unattributed customer is left out");
    let revenue = overview.text("#measure-revenue .measure-value");
    assert_eq!(revenue, "$40.00+ €25.00", "net of the refund, euros beside the dollars, never added to them");
    assert_eq!(overview.text("#measure-commissions .measure-value"), "$8.00", "20% of the net sale");

    let commission = app.id_for("SELECT id FROM commissions WHERE currency = 'USD'");
    app.post("/vendor/acme/commissions/reject", &[("ids", &commission), ("reason", "Test order")]).await;
    assert_eq!(app.count("commissions WHERE status = 'rejected'"), 1);
    assert_eq!(app.text_for(ROLLUPS_MATCH), "0", "after a rejection");
    assert_eq!(app.page("/vendor/acme/overview").await.text("#measure-commissions .measure-value"), "$0.00");

    let alone = app.id_for("SELECT id FROM customers WHERE external_id = 'alone'");
    app.post_page(&format!("/vendor/acme/customers/{alone}/assign"), &[("partner_code", &code)]).await;
    assert_eq!(app.text_for("SELECT count(*)::text AS value FROM customers WHERE partnership_id IS NOT NULL"), "3");
    assert_eq!(app.text_for(ROLLUPS_MATCH), "0", "after a customer is credited by hand");
    let pat = app.new_agent();
    pat.log_in("pat@example.com", crate::helpers::app::PASSWORD).await;
    let program = pat.page("/partner/acme").await;
    assert_eq!(program.text("#overview .signups"), "3", "the partner's overview counts the credited customer");
    let revenue = program.text("#overview .revenue");
    assert!(
        revenue.starts_with("$40.00") && revenue.contains("25.00"),
        "net USD, and the EUR sale beside it: {revenue}"
    );
    assert_eq!(program.text("#overview .commissions"), "$0.00", "the rejected commission left out");
}

/// Partner and group totals against the rollups and partners they stand for.
const TOTALS_MATCH: &str = "
WITH expected_partner AS (
  SELECT partnership_id, currency, sum(clicks) AS clicks, sum(signups) AS signups, sum(revenue) AS revenue, sum(commission) AS commission
  FROM (SELECT partnership_id, '' AS currency, clicks, 0 AS signups, 0 AS revenue, 0 AS commission FROM click_rollups
        UNION ALL
        SELECT partnership_id, currency, 0, signups, revenue_cents, commission_cents FROM conversion_rollups WHERE partnership_id > 0) x
  GROUP BY 1, 2
), kept_partner AS (
  SELECT partnership_id, currency, clicks, signups, revenue_cents, commission_cents FROM partner_totals
), expected_group AS (
  SELECT p.group_id, t.currency, sum(t.clicks) AS clicks, sum(t.signups) AS signups, sum(t.revenue_cents) AS revenue,
         sum(t.commission_cents) AS commission,
         CASE WHEN t.currency = '' THEN (SELECT count(*) FROM partnerships q WHERE q.group_id = p.group_id AND q.status = 'active') ELSE 0 END AS partners
  FROM partner_totals t JOIN partnerships p ON p.id = t.partnership_id WHERE p.status = 'active' GROUP BY 1, 2
), kept_group AS (
  SELECT group_id, currency, clicks, signups, revenue_cents, commission_cents, partners FROM group_totals
  WHERE clicks <> 0 OR signups <> 0 OR revenue_cents <> 0 OR commission_cents <> 0
)
SELECT ((SELECT count(*) FROM ((SELECT * FROM expected_partner EXCEPT SELECT * FROM kept_partner)
                               UNION ALL (SELECT * FROM kept_partner EXCEPT SELECT * FROM expected_partner)) a)
      + (SELECT count(*) FROM ((SELECT * FROM expected_group EXCEPT SELECT * FROM kept_group)
                               UNION ALL (SELECT * FROM kept_group EXCEPT SELECT * FROM expected_group)) b))::text AS value";

#[tokio::test]
async fn group_totals_follow_partners_moved_between_groups_and_removed() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    let kim = app.new_agent().join_acme("Kim", "kim@example.com", "").await;
    app.post("/vendor/acme/groups", &[("name", "Gold"), ("destination_url", "https://acme.example/gold")]).await;
    create_offer(&app, "Default", &[]).await;
    for partner in [&code, &code, &kim] {
        click(&app, &format!("/go/acme/{partner}")).await;
    }
    let signup = json!({"customer_key": "c1", "partner_code": code});
    assert_eq!(api(&app, &key, "/api/v1/signups", &signup).await.0, StatusCode::CREATED);
    let sale = json!({"customer_key": "c1", "sale_key": "o1", "amount_cents": 5000, "currency": "USD"});
    assert_eq!(api(&app, &key, "/api/v1/sales", &sale).await.0, StatusCode::CREATED);
    let groups =
        eventually(async || app.page("/vendor/acme").await, |page| page.text("tr[data-group=default] .clicks") == "3")
            .await;
    assert_eq!(groups.text("tr[data-group=default] .partners"), "2");
    assert_eq!(groups.text("tr[data-group=default] .revenue"), "$50.00");
    assert_eq!(app.text_for(TOTALS_MATCH), "0", "before any move");

    let pat_id = app.id_for(&format!("SELECT id FROM partnerships WHERE code = '{code}'"));
    let gold = app.group_id("acme", "Gold").to_string();
    app.post("/vendor/acme/partners/move", &[("ids", &pat_id), ("group_id", &gold)]).await;
    let moved = app.page("/vendor/acme").await;
    assert_eq!(moved.text("tr[data-group=gold] .partners"), "1");
    assert_eq!(moved.text("tr[data-group=gold] .clicks"), "2", "Pat's clicks went with Pat");
    assert_eq!(moved.text("tr[data-group=gold] .revenue"), "$50.00");
    assert_eq!(moved.text("tr[data-group=default] .clicks"), "1", "Kim's stay");
    assert_eq!(app.text_for(TOTALS_MATCH), "0", "after the move");

    app.post("/vendor/acme/partners/remove", &[("ids", &pat_id)]).await;
    let removed = app.page("/vendor/acme").await;
    assert_eq!(removed.text("tr[data-group=gold] .partners"), "0");
    assert_eq!(removed.text("tr[data-group=gold] .clicks"), "0", "a removed partner's activity leaves the group");
    assert_eq!(app.text_for(TOTALS_MATCH), "0", "after the removal");
    let list = app.page("/vendor/acme/partners?status=removed").await;
    assert!(list.text("#partners tbody").contains("$50.00"), "the partner keeps their own totals");
}

#[tokio::test]
async fn long_lists_count_every_row_and_page_through_the_first_ten_thousand() {
    let app = TestApp::spawn().await;
    acme_with_pat(&app).await;
    app.execute(
        "INSERT INTO customers (vendor_id, external_id, signed_up_at)
         SELECT v.id, 'cus_' || n, now() - n * interval '1 minute' FROM vendors v, generate_series(1, 10001) AS n
         WHERE v.slug = 'acme'",
    );
    let all = app.page("/vendor/acme/customers").await;
    assert!(all.text("#customer-count").starts_with("10,001 customer(s)"), "{}", all.text("#customer-count"));
    assert_eq!(all.text(".pager span"), "Page 1 of 200");
    assert!(all.has("#beyond-paging"), "the page says how to reach the rest");
    let searched = app.page("/vendor/acme/customers?q=cus_").await;
    assert!(searched.text("#customer-count").starts_with("1,000+ customer(s)"), "a search is counted to the cap");
    let narrow = app.page("/vendor/acme/customers?q=cus_1000").await;
    assert!(narrow.text("#customer-count").starts_with("3 customer(s)"), "cus_1000, cus_10000 and cus_10001");
    let last = app.page("/vendor/acme/customers?page=999").await;
    assert_eq!(last.text(".pager span"), "Page 200 of 200", "a page past the paged rows shows the last one");
    assert_eq!(last.texts("#customers tbody tr[data-key]").len(), 50);
}
