//! What the search boxes of Customers and All Partners match: three or more
//! characters anywhere in a field, one or two at its start; and how far a
//! search reaches.

use serde_json::json;

use crate::conversions::{acme_with_pat, api, click};
use crate::helpers::app::TestApp;

fn keys(page: &crate::helpers::html::Page) -> Vec<String> {
    page.attrs("#customers tbody tr[data-key]", "data-key")
}

#[tokio::test]
async fn customers_are_found_by_key_email_name_or_their_partners_code() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    let signup = |body: serde_json::Value| {
        let (app, key) = (&app, &key);
        async move { api(app, key, "/api/v1/signups", &body).await }
    };
    signup(json!({"customer_key": "cus_annie", "email": "annie@shop.example", "name": "Annie Hall"})).await;
    signup(json!({"customer_key": "cus_joann", "email": "joann@shop.example", "name": "Jo Ann"})).await;
    let click_id = click(&app, &format!("/go/acme/{code}")).await;
    signup(json!({"customer_key": "cus_credited", "click_id": click_id})).await;

    let search = async |q: &str| app.page(&format!("/vendor/acme/customers?q={q}")).await;
    // Unattributed only, so that a random partner code cannot match too.
    let unattributed = async |q: &str| app.page(&format!("/vendor/acme/customers?q={q}&attributed=unattributed")).await;
    assert_eq!(keys(&unattributed("annie").await), vec!["cus_annie"]);
    let mut inside = keys(&unattributed("ANN").await);
    inside.sort();
    assert_eq!(inside, vec!["cus_annie", "cus_joann"], "three letters match inside a field, in any case");
    assert_eq!(keys(&unattributed("an").await), vec!["cus_annie"], "two letters match the start of a field only");
    assert!(keys(&search("Pat").await).is_empty(), "not by the partner's name: their own page lists their customers");
    assert_eq!(keys(&search(&code).await), vec!["cus_credited"], "by the partner's code");
    assert_eq!(keys(&search("cus_credited").await), vec!["cus_credited"], "by the customer key");
    let literal = search("%25").await;
    assert!(keys(&literal).is_empty(), "a wildcard is matched literally");
    assert_eq!(literal.field_value("q").as_deref(), Some("%"), "what was typed stays in the box");
    let attributed = app.page("/vendor/acme/customers?q=ann&attributed=attributed").await;
    assert!(keys(&attributed).is_empty(), "the attribution filter applies to a search");
}

#[tokio::test]
async fn partners_are_found_from_the_start_with_short_text_and_anywhere_with_longer() {
    let app = TestApp::spawn().await;
    acme_with_pat(&app).await;
    app.new_agent().join_acme("Dana Patel", "dana@example.com", "").await;
    // Codes no search below can match by chance.
    app.execute("UPDATE partnerships SET code = 'xx' || lpad(id::text, 6, '0')");

    let names = |page: crate::helpers::html::Page| page.texts("#partners tbody td:nth-child(2)");
    let search = async |q: &str| app.page(&format!("/vendor/acme/partners?q={q}&sort=name")).await;
    assert_eq!(names(search("pat").await), vec!["Dana Patel", "Pat"], "three letters match inside a name");
    assert_eq!(names(search("pa").await), vec!["Pat"], "two letters match the start of a name");
    assert_eq!(names(search("da").await), vec!["Dana Patel"], "…or of an email");
    let counted = search("pat").await;
    assert_eq!(counted.text("#partner-count"), "2 active partner(s).");

    // What is searched follows a renamed partner and a changed email.
    app.execute("UPDATE partnerships SET partner_name = 'Dana Quinn' WHERE partner_name = 'Dana Patel'");
    app.execute("UPDATE users SET email = 'zed@example.com' WHERE email = 'dana@example.com'");
    assert_eq!(names(search("quinn").await), vec!["Dana Quinn"]);
    assert_eq!(names(search("ze").await), vec!["Dana Quinn"]);
    assert!(names(search("patel").await).is_empty(), "the old name is gone");
    assert!(names(search("dana@").await).is_empty(), "the old email is gone");
}

#[tokio::test]
async fn a_broad_search_shows_its_first_thousand_matches_in_the_lists_order() {
    let app = TestApp::spawn().await;
    acme_with_pat(&app).await;
    app.execute(
        "INSERT INTO users (email, name, password_hash)
         SELECT 'many' || n || '@example.com', 'Many ' || lpad(n::text, 4, '0'), 'x' FROM generate_series(1, 5001) n",
    );
    app.execute(
        "INSERT INTO partnerships (vendor_id, user_id, group_id, code, created_at, partner_name)
         SELECT v.id, u.id, g.id, 'many' || lpad(u.id::text, 6, '0'), now() - u.id * interval '1 second', u.name
         FROM vendors v JOIN partner_groups g ON g.vendor_id = v.id, users u WHERE u.email LIKE 'many%' AND v.slug = 'acme'",
    );
    app.execute(
        "INSERT INTO customers (vendor_id, external_id, signed_up_at)
         SELECT v.id, 'cus_' || n, now() - n * interval '1 minute' FROM vendors v, generate_series(1, 1001) AS n
         WHERE v.slug = 'acme'",
    );

    // Statistics as autovacuum keeps them, or the planner takes the bulk-filled tables for empty.
    app.execute("ANALYZE users, partnerships, customers");

    // Five thousand names and emails match: the list is walked in its order.
    let broad = app.page("/vendor/acme/partners?q=many&sort=name").await;
    assert_eq!(broad.text("#partner-count"), "1,000+ active partner(s).");
    assert_eq!(broad.texts("#partners tbody td:nth-child(2)").first().map(String::as_str), Some("Many 0001"));
    assert_eq!(broad.text(".pager span"), "Page 1 of 20");
    assert!(broad.text("#beyond-paging").starts_with("A search shows its first 1,000"));
    let last = app.page("/vendor/acme/partners?q=many&sort=name&page=99").await;
    assert_eq!(last.text(".pager span"), "Page 20 of 20", "a page past the search's reach shows its last");
    assert_eq!(last.texts("#partners tbody td:nth-child(2)").last().map(String::as_str), Some("Many 1000"));
    let narrow = app.page("/vendor/acme/partners?q=many4999").await;
    assert_eq!(narrow.texts("#partners tbody td:nth-child(2)"), vec!["Many 4999"], "a rare match is looked up");

    let customers = app.page("/vendor/acme/customers?q=cus_").await;
    assert!(customers.text("#customer-count").starts_with("1,000+ customer(s)"));
    assert_eq!(customers.text(".pager span"), "Page 1 of 20");
}
