//! Partner Management: All Partners, the partner page, removals and moves.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{UserAgent, location};

/// Vendor "acme" with a "Gold" group and two partners who joined by link.
async fn setup() -> (TestApp, UserAgent, String, UserAgent, String) {
    let app = TestApp::spawn().await;
    let acme = app.world().vendor("Acme").await;
    acme.group("Gold").await;
    let ann = acme.partner("Ann Archer").await;
    let bob = acme.partner("Bob Baker").referred_by(&ann).await;
    (app, ann.agent, ann.code, bob.agent, bob.code)
}

fn id_of(app: &TestApp, code: &str) -> String {
    app.id_for(&format!("SELECT id FROM partnerships WHERE code = '{code}'"))
}

#[tokio::test]
async fn all_partners_can_be_searched_filtered_sorted_and_paged() {
    let (app, _, ann_code, _, bob_code) = setup().await;
    app.execute(
        "INSERT INTO users (email, name, password_hash) SELECT 'bulk' || n || '@example.com', 'Bulk ' || lpad(n::text, 3, '0'), 'x' FROM generate_series(1, 55) n",
    );
    app.execute(
        "INSERT INTO partnerships (vendor_id, user_id, group_id, code, created_at, partner_name) SELECT v.id, u.id, g.id, 'bulk' || lpad(u.id::text, 4, '0'), now() - interval '1 day', u.name \
         FROM vendors v JOIN partner_groups g ON g.vendor_id = v.id AND g.name = 'Gold', users u WHERE u.email LIKE 'bulk%'",
    );

    let first = app.page("/vendor/acme/partners").await;
    let second = app.page(&first.attr("#next", "href").unwrap()).await;
    let by_email = app.page("/vendor/acme/partners?q=BOB@EXAMPLE").await;
    let by_code = app.page(&format!("/vendor/acme/partners?q={ann_code}")).await;
    let gold = app.page(&format!("/vendor/acme/partners?group={}&sort=name", app.group_id("acme", "Gold"))).await;
    let literal = app.page("/vendor/acme/partners?q=%25").await;

    assert_eq!(first.text("#partner-count"), "57 active partner(s).");
    assert_eq!(first.texts("#partners tbody tr").len(), 50);
    assert_eq!(first.texts("#partners tbody tr:first-child .email"), vec!["bob@example.com"], "newest first");
    assert_eq!(second.texts("#partners tbody tr").len(), 7);
    assert_eq!(by_email.texts("#partners tbody .email"), vec!["bob@example.com"]);
    assert_eq!(by_email.text(&format!("tr[data-code='{bob_code}'] td:nth-child(6)")), ann_code, "the parent partner");
    assert_eq!(by_code.texts("#partners tbody .email"), vec!["ann@example.com"]);
    assert_eq!(gold.texts("#partners tbody tr").len(), 50);
    assert_eq!(gold.texts("#partners tbody tr:first-child a"), vec!["Bulk 001"]);
    assert_eq!(literal.text("#partner-count"), "0 active partner(s).", "% is searched as a character");
}

#[tokio::test]
async fn removal_with_deactivation_ends_access_and_links_at_once_and_hides_the_partner() {
    let (app, ann, ann_code, bob, bob_code) = setup().await;
    assert_eq!(ann.get(&format!("/go/acme/{ann_code}")).await.status(), StatusCode::FOUND);
    let (ann_id, bob_id) = (id_of(&app, &ann_code), id_of(&app, &bob_code));

    let confirm = app.page(&format!("/vendor/acme/partners/remove?ids={ann_id}")).await;
    assert!(confirm.text("form label.toggle").contains("Deactivate partner links"));
    let removed = app.post("/vendor/acme/partners/remove", &[("ids", &ann_id), ("deactivate_links", "on")]).await;

    assert_eq!(location(&removed), "/vendor/acme/partners");
    assert_eq!(ann.get("/partner/acme").await.status(), StatusCode::NOT_FOUND, "access ends on the next request");
    assert_eq!(ann.get(&format!("/go/acme/{ann_code}")).await.status(), StatusCode::NOT_FOUND, "links deactivated");
    let active = app.page("/vendor/acme/partners").await;
    assert_eq!(active.texts("#partners tbody .email"), vec!["bob@example.com"]);
    assert_eq!(
        app.page("/vendor/acme/partners?status=removed").await.texts("#partners tbody .email"),
        vec!["ann@example.com"]
    );
    let page = app.page(&format!("/vendor/acme/partners/{ann_id}")).await;
    assert!(page.texts("#activity .what").iter().any(|w| w == "Removed (links deactivated)"));
    assert!(ann.page("/join/acme/default").await.text("#standing").contains("new email invite"));

    app.post("/vendor/acme/partners/remove", &[("ids", &bob_id)]).await;
    assert_eq!(
        bob.get(&format!("/go/acme/{bob_code}")).await.status(),
        StatusCode::FOUND,
        "without deactivation links keep working"
    );
    assert_eq!(bob.get("/partner/acme").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_group_move_moves_everyone_selected_or_nobody_and_old_links_keep_working() {
    let (app, _, ann_code, _, bob_code) = setup().await;
    let (ann_id, bob_id, gold) =
        (id_of(&app, &ann_code), id_of(&app, &bob_code), app.group_id("acme", "Gold").to_string());
    let globex = app.new_agent();
    let globex_partner_code = {
        globex.sign_up_vendor("Globex", "owner@globex.example").await;
        app.execute(
            "INSERT INTO partnerships (vendor_id, user_id, group_id, code) SELECT v.id, u.id, g.id, 'globex01' \
             FROM vendors v JOIN partner_groups g ON g.vendor_id = v.id, users u WHERE v.slug = 'globex' AND u.email = 'ann@example.com'",
        );
        "globex01"
    };
    let foreign = id_of(&app, globex_partner_code);

    let refused =
        app.post("/vendor/acme/partners/move", &[("ids", &ann_id), ("ids", &foreign), ("group_id", &gold)]).await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.count("partnerships p JOIN partner_groups g ON g.id = p.group_id WHERE g.name = 'Gold'"),
        0,
        "nobody moved"
    );

    let confirm = app.page(&format!("/vendor/acme/partners/move?ids={ann_id}&ids={bob_id}")).await;
    assert_eq!(confirm.texts("ul.selected li").len(), 2);
    let moved =
        app.post("/vendor/acme/partners/move", &[("ids", &ann_id), ("ids", &bob_id), ("group_id", &gold)]).await;

    assert_eq!(location(&moved), "/vendor/acme/partners");
    assert_eq!(app.count("partnerships p JOIN partner_groups g ON g.id = p.group_id WHERE g.name = 'Gold'"), 2);
    assert_eq!(
        app.get(&format!("/go/acme/{ann_code}")).await.status(),
        StatusCode::FOUND,
        "a link shared before the move still works"
    );
    let page = app.page(&format!("/vendor/acme/partners/{bob_id}")).await;
    assert_eq!(page.text("#partner-details .group"), "Gold");
    assert!(page.texts("#activity .what").contains(&"Moved (to Gold)".to_string()));
    assert_eq!(page.text("#partner-details .parent"), format!("Ann Archer ({ann_code})"));
}

#[tokio::test]
async fn the_partner_page_shows_links_secondary_activation_and_children() {
    let (app, ann, ann_code, _, bob_code) = setup().await;
    let group = app.group_id("acme", "Default");
    app.post(
        &format!("/vendor/acme/groups/{group}/secondary-links"),
        &[("destination_url", "https://acme.example/b"), ("code", "blog")],
    )
    .await;
    ann.post(&format!("/partner/acme/secondary-links/{}/activate", app.link_id("blog")), &[]).await;

    let page = app.page(&format!("/vendor/acme/partners/{}", id_of(&app, &ann_code))).await;

    assert_eq!(
        page.text("#referral-links [data-code=acme] .tracking-url"),
        format!("{}/go/acme/{ann_code}", app.base_url)
    );
    assert_eq!(page.text("#referral-links [data-code=blog] .activation"), "activated");
    assert_eq!(page.text("#partner-details .children"), format!("Bob Baker ({bob_code})"));
    assert_eq!(page.texts("#activity .what"), vec!["Joined"]);
}

#[tokio::test]
async fn another_vendors_partners_answer_404_and_are_untouched() {
    let (app, _, ann_code, _, _) = setup().await;
    let ann_id = id_of(&app, &ann_code);
    let globex = app.new_agent();
    globex.sign_up_vendor("Globex", "owner@globex.example").await;
    let globex_group = app.group_id("globex", "Default").to_string();

    assert_eq!(globex.get(&format!("/vendor/globex/partners/{ann_id}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        globex.get(&format!("/vendor/globex/partners/remove?ids={ann_id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        globex.post("/vendor/globex/partners/remove", &[("ids", &ann_id), ("deactivate_links", "on")]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        globex.post("/vendor/globex/partners/move", &[("ids", &ann_id), ("group_id", &globex_group)]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert!(globex.page("/vendor/globex/partners").await.texts("#partners tbody .email").is_empty());
    assert_eq!(app.count("partnerships WHERE status = 'active'"), 2);
    assert_eq!(app.count("partner_activity"), 0);
}

#[tokio::test]
async fn an_individual_link_works_for_its_partner_only_and_follows_the_link_rules() {
    let (app, ann, ann_code, bob, bob_code) = setup().await;
    let ann_id = id_of(&app, &ann_code);
    let page = app.page(&format!("/vendor/acme/partners/{ann_id}")).await;
    let new = page.attr("#create-link", "href").expect("Create Link in the menu");

    let bad = app
        .post_page(
            &format!("/vendor/acme/partners/{ann_id}/links"),
            &[("destination_url", "https://ann.example/deal"), ("code", "acme")],
        )
        .await;
    let created = app
        .post(
            &format!("/vendor/acme/partners/{ann_id}/links"),
            &[("destination_url", "https://acme.example/ann-deal"), ("code", "ann-deal")],
        )
        .await;

    assert_eq!(new, format!("/vendor/acme/partners/{ann_id}/links/new"));
    assert!(bad.field_error("code").unwrap().contains("already taken"), "codes are unique across all links");
    assert_eq!(location(&created), format!("/vendor/acme/partners/{ann_id}"));
    assert!(app.page(&location(&created)).await.has("#referral-links .individual[data-code=ann-deal]"));
    assert!(
        ann.page("/partner/acme/links").await.has("#sales-websites tr[data-code=ann-deal]"),
        "listed in the partner center"
    );
    assert!(!bob.page("/partner/acme/links").await.has("#sales-websites tr[data-code=ann-deal]"));
    let links_page = ann.page("/partner/acme/secondary-links").await;
    assert!(
        links_page
            .text("#individual-links .individual[data-code=ann-deal]")
            .contains(&format!("/go/ann-deal/{ann_code}"))
    );
    assert!(
        !bob.page("/partner/acme/secondary-links").await.has("#individual-links"),
        "and on the Links page, to Ann alone"
    );
    assert_eq!(app.get(&format!("/go/ann-deal/{ann_code}")).await.status(), StatusCode::FOUND);
    assert_eq!(app.get(&format!("/go/ann-deal/{bob_code}")).await.status(), StatusCode::NOT_FOUND);

    let link = app.link_id("ann-deal");
    app.post(
        &format!("/vendor/acme/links/{link}"),
        &[("destination_url", "https://acme.example/ann-deal-2"), ("code", "changed")],
    )
    .await;
    assert_eq!(
        app.count("links WHERE code = 'ann-deal' AND destination_url = 'https://acme.example/ann-deal-2'"),
        1,
        "the code never changes"
    );
    let deleted = app.post(&format!("/vendor/acme/links/{link}/delete"), &[]).await;
    assert_eq!(location(&deleted), format!("/vendor/acme/partners/{ann_id}"));
    assert_eq!(app.get(&format!("/go/ann-deal/{ann_code}")).await.status(), StatusCode::NOT_FOUND);
    let globex = app.new_agent();
    globex.sign_up_vendor("Globex", "owner@globex.example").await;
    assert_eq!(
        globex.get(&format!("/vendor/globex/partners/{ann_id}/links/new")).await.status(),
        StatusCode::NOT_FOUND
    );
    let foreign = globex
        .post(
            &format!("/vendor/globex/partners/{ann_id}/links"),
            &[("destination_url", "https://x.example/"), ("code", "foreign")],
        )
        .await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("links WHERE code = 'foreign'"), 0);
}
