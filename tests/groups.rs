//! Groups: the list with its totals, creation, settings and the public page.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{into_page, location};

async fn acme_with_group(app: &TestApp, name: &str) -> String {
    app.world().vendor("Acme").await.group_to(name, "https://acme.example/gold").await.path
}

#[tokio::test]
async fn creating_a_group_makes_its_original_link_and_lands_on_it() {
    let app = TestApp::spawn().await;

    let group = acme_with_group(&app, "Gold Partners").await;

    assert_eq!(group, format!("/vendor/acme/groups/{}", app.group_id("acme", "Gold Partners")));
    let page = app.page(&group).await;
    assert!(page.text("h1").starts_with("Gold Partners"));
    assert_eq!(page.texts("#default-links .link-row .link-title"), vec!["Gold Partners"]);
    assert_eq!(page.text("#default-links .badge-muted"), "Original link");
    assert_eq!(page.text("#default-links .destination"), "https://acme.example/gold");
    let list = app.page("/vendor/acme").await;
    assert_eq!(list.texts("#groups tbody td:first-child a"), vec!["Default", "Gold Partners"]);
}

#[tokio::test]
async fn bad_group_input_is_sent_back_with_messages_and_creates_nothing() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;

    let page =
        app.post_page("/vendor/acme/groups", &[("name", "  "), ("destination_url", "javascript:alert(1)")]).await;
    let relative = app.post_page("/vendor/acme/groups", &[("name", "Gold"), ("destination_url", "/gold")]).await;

    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.field_error("name").unwrap().contains("Enter a group name"));
    assert!(page.field_error("destination_url").is_some());
    assert_eq!(page.field_value("destination_url").as_deref(), Some("javascript:alert(1)"));
    assert_eq!(relative.field_value("name").as_deref(), Some("Gold"));
    assert_eq!(app.count("partner_groups"), 1);
}

#[tokio::test]
async fn the_groups_page_counts_partners_clicks_signups_and_net_revenue_in_every_currency() {
    let app = TestApp::spawn().await;
    let acme = app.world().vendor("Acme").await;
    let gold = acme.group("Gold").await;
    let fresh = app.page("/vendor/acme").await;
    assert_eq!(
        fresh.texts("#groups thead th"),
        vec!["Group", "Partners", "Clicks", "Signups", "Revenue", "Commissions"]
    );
    assert_eq!(fresh.texts("tr[data-group=gold] td.num"), vec!["0", "0", "0", "$0.00", "$0.00"]);
    assert!(fresh.text("#computed-at").contains("UTC"));
    for name in ["Pat", "Sam"] {
        acme.partner(name).in_group(&gold).await;
    }
    acme.remove(&acme.partner("Old").in_group(&gold).await);
    app.execute(
        "INSERT INTO clicks (link_id, partnership_id, visitor_hash, is_bot) \
         SELECT l.id, p.id, 'v', b FROM links l, partnerships p, (VALUES (false), (false), (true)) AS t(b) WHERE l.code = 'acme-gold'",
    );
    app.execute("INSERT INTO customers (vendor_id, partnership_id, external_id) SELECT vendor_id, id, 'c' || id FROM partnerships");
    app.execute(
        "INSERT INTO transactions (vendor_id, customer_id, partnership_id, amount_cents, currency, sale_key, refunded_cents) \
         SELECT vendor_id, id, partnership_id, 123456, 'USD', 'u' || id, 100 FROM customers UNION ALL \
         SELECT vendor_id, id, partnership_id, 999, 'EUR', 'e' || id, 0 FROM customers",
    );

    let page = app.page("/vendor/acme").await;

    assert_eq!(
        page.texts("tr[data-group=gold] td.num"),
        vec!["2", "4", "2", "$2,467.12+ €19.98", "$0.00"],
        "removed partner and bots left out; refunds taken off; euros beside dollars"
    );
    assert_eq!(page.texts("tr[data-group=default] td.num"), vec!["0", "0", "0", "$0.00", "$0.00"]);
}

#[tokio::test]
async fn renaming_a_group_moves_its_program_page_and_the_old_address_redirects() {
    let app = TestApp::spawn().await;
    let group = acme_with_group(&app, "Gold").await;

    let response = app.post(&format!("{group}/rename"), &[("name", "Platinum Partners")]).await;
    app.post(&format!("{group}/rename"), &[("name", "Diamond")]).await;

    assert_eq!(location(&response), format!("{group}/settings"));
    for old in ["/programs/acme/gold", "/programs/acme/platinum-partners"] {
        let redirect = app.get(old).await;
        assert_eq!(redirect.status(), StatusCode::MOVED_PERMANENTLY, "{old}");
        assert_eq!(location(&redirect), "/programs/acme/diamond", "{old}");
    }
    let page = app.page("/programs/acme/diamond").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(app.count("links WHERE code = 'acme-gold' AND deleted_at IS NULL"), 1, "partner links untouched");
    let settings = app.page(&format!("{group}/settings")).await;
    assert_eq!(settings.text("#program-url"), format!("{}/programs/acme/diamond", app.base_url));
    assert_eq!(settings.text("#join-url"), format!("{}/join/acme/diamond", app.base_url));
}

#[tokio::test]
async fn renaming_back_makes_the_old_slug_live_again_and_a_new_group_never_steals_a_redirect() {
    let app = TestApp::spawn().await;
    let group = acme_with_group(&app, "Gold").await;
    app.post(&format!("{group}/rename"), &[("name", "Silver")]).await;

    app.post("/vendor/acme/groups", &[("name", "Gold"), ("destination_url", "https://acme.example/new")]).await;
    assert_eq!(location(&app.get("/programs/acme/gold").await), "/programs/acme/silver");
    assert_eq!(app.page("/programs/acme/gold-2").await.status, StatusCode::OK);

    app.post(&format!("{group}/rename"), &[("name", "Gold")]).await;
    assert_eq!(app.page("/programs/acme/gold").await.status, StatusCode::OK);
    assert_eq!(location(&app.get("/programs/acme/silver").await), "/programs/acme/gold");
}

#[tokio::test]
async fn the_public_program_page_shows_the_vendor_group_terms_and_join_button_to_anyone() {
    let app = TestApp::spawn().await;
    let group = acme_with_group(&app, "Gold").await;
    app.post(
        "/vendor/acme/settings",
        &[
            ("name", "Acme"),
            ("website", "acme.example"),
            ("terms_url", "https://acme.example/terms"),
            ("currency", "USD"),
            ("attribution_window_days", "90"),
        ],
    )
    .await;
    let visitor = app.new_agent();

    let vendor_terms = visitor.page("/programs/acme/gold").await;
    app.post(&format!("{group}/terms"), &[("terms_url", "https://acme.example/gold-terms")]).await;
    let group_terms = visitor.page("/programs/acme/gold").await;

    assert_eq!(vendor_terms.status, StatusCode::OK);
    assert_eq!(vendor_terms.text("h1"), "Acme");
    assert!(vendor_terms.text(".lead").contains("Gold"));
    assert_eq!(vendor_terms.attr("#join", "href").as_deref(), Some("/join/acme/gold"));
    assert_eq!(vendor_terms.attr("#terms", "href").as_deref(), Some("https://acme.example/terms"));
    assert_eq!(group_terms.attr("#terms", "href").as_deref(), Some("https://acme.example/gold-terms"));
    for unknown in ["/programs/acme/nope", "/programs/nobody/gold"] {
        visitor.page_with_status(unknown, StatusCode::NOT_FOUND).await;
    }
}

#[tokio::test]
async fn terms_urls_must_be_http_or_https() {
    let app = TestApp::spawn().await;
    let group = acme_with_group(&app, "Gold").await;

    let group_page = app.post_page(&format!("{group}/terms"), &[("terms_url", "javascript:alert(1)")]).await;
    let vendor_page = app
        .post_page(
            "/vendor/acme/settings",
            &[("name", "Acme"), ("website", "acme.example"), ("terms_url", "ftp://x.example")],
        )
        .await;

    assert_eq!(group_page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(group_page.field_error("terms_url").is_some());
    assert_eq!(group_page.field_value("terms_url").as_deref(), Some("javascript:alert(1)"));
    assert!(vendor_page.field_error("terms_url").unwrap().contains("http://"));
    assert_eq!(app.count("partner_groups WHERE terms_url IS NOT NULL"), 0);
    assert_eq!(app.count("vendors WHERE terms_url IS NOT NULL"), 0);
}

#[tokio::test]
async fn the_default_flag_moves_and_the_default_group_cannot_be_deleted() {
    let app = TestApp::spawn().await;
    let gold = acme_with_group(&app, "Gold").await;
    let default = format!("/vendor/acme/groups/{}", app.group_id("acme", "Default"));
    assert!(!app.page(&format!("{default}/settings")).await.has("a[href$='/delete']"));
    let refused = into_page(app.post(&format!("{default}/delete"), &[]).await).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    assert!(!app.page(&format!("{default}/settings")).await.has("#make-default"), "already the default");
    assert_eq!(app.page(&format!("{gold}/settings")).await.text("#make-default"), "Make default group");
    app.post(&format!("{gold}/default"), &[]).await;

    assert_eq!(app.count("partner_groups WHERE is_default AND name = 'Gold'"), 1);
    assert_eq!(app.count("partner_groups WHERE is_default"), 1);
    assert_eq!(location(&app.post(&format!("{default}/delete"), &[]).await), "/vendor/acme");
    assert_eq!(app.count("partner_groups"), 1);
}

#[tokio::test]
async fn a_group_with_partners_cannot_be_deleted_and_an_empty_one_keeps_its_codes_taken() {
    let app = TestApp::spawn().await;
    let acme = app.world().vendor("Acme").await;
    let gold_group = acme.group("Gold").await;
    let gold = gold_group.path.clone();
    let silver_response =
        app.post("/vendor/acme/groups", &[("name", "Silver"), ("destination_url", "https://acme.example/s")]).await;
    let silver = location(&silver_response);
    acme.partner("Pat").in_group(&gold_group).await;

    let confirm = app.page(&format!("{gold}/delete")).await;
    let blocked = app.post(&format!("{gold}/delete"), &[]).await;
    assert!(confirm.text("#delete-blocked").contains("1 partner"));
    assert_eq!(location(&blocked), format!("{gold}/settings"));
    assert!(app.page(&format!("{gold}/settings")).await.text(".flash-error").contains("cannot be deleted"));

    assert_eq!(location(&app.post(&format!("{silver}/delete"), &[]).await), "/vendor/acme");
    assert_eq!(app.count("partner_groups"), 2);
    let reuse = app
        .post_page(
            &format!("{gold}/links"),
            &[("title", "x"), ("destination_url", "https://acme.example/"), ("code", "acme-silver")],
        )
        .await;
    assert!(reuse.field_error("code").unwrap().contains("already taken"));
}

#[tokio::test]
async fn a_join_sent_while_the_group_is_being_deleted_gets_a_clear_page_not_an_error() {
    use diesel::RunQueryDsl;
    let app = TestApp::spawn().await;
    acme_with_group(&app, "Spring").await;
    let group = app.group_id("acme", "Spring");
    let pat = app.new_agent();
    pat.sign_up_partner("Pat", "pat@example.com").await;

    // A delete that has locked the group and not yet committed.
    let mut deleter = app.db.connect();
    diesel::sql_query("BEGIN").execute(&mut deleter).unwrap();
    diesel::sql_query(format!("SELECT id FROM partner_groups WHERE id = {group} FOR UPDATE"))
        .execute(&mut deleter)
        .unwrap();
    diesel::sql_query(format!("UPDATE links SET deleted_at = now() WHERE group_id = {group}"))
        .execute(&mut deleter)
        .unwrap();
    diesel::sql_query(format!("DELETE FROM partner_groups WHERE id = {group}")).execute(&mut deleter).unwrap();
    let (joined, ()) = tokio::join!(pat.post("/join/acme/spring", &[]), async {
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        diesel::sql_query("COMMIT").execute(&mut deleter).unwrap();
    });

    let page = into_page(joined).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert!(page.text("h1").contains("no longer exists"));
    assert_eq!(app.count("partnerships"), 0);
}

#[tokio::test]
async fn a_delete_sent_while_someone_joins_waits_and_says_the_group_now_has_a_partner() {
    use diesel::RunQueryDsl;
    let app = TestApp::spawn().await;
    let acme = app.world().vendor("Acme").await;
    let spring_group = acme.group("Spring").await;
    acme.partner("Pat").await;
    let (spring, group) = (spring_group.path, spring_group.id);

    // A join that has written its partnership and not yet committed.
    let mut joiner = app.db.connect();
    diesel::sql_query("BEGIN").execute(&mut joiner).unwrap();
    diesel::sql_query(format!("SELECT id FROM partner_groups WHERE id = {group} FOR KEY SHARE"))
        .execute(&mut joiner)
        .unwrap();
    diesel::sql_query(format!("UPDATE partnerships SET group_id = {group}")).execute(&mut joiner).unwrap();
    let delete = format!("{spring}/delete");
    let (deleted, ()) = tokio::join!(app.post(&delete, &[]), async {
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        diesel::sql_query("COMMIT").execute(&mut joiner).unwrap();
    });

    assert_eq!(location(&deleted), format!("{spring}/settings"));
    assert!(app.page(&format!("{spring}/settings")).await.text(".flash-error").contains("1 partner(s) now"));
    assert_eq!(app.count("partner_groups WHERE name = 'Spring'"), 1);
}
