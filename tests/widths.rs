//! Every page fits its window: at 1280 and at 390 pixels, wide tables scroll
//! inside their card and nothing pushes the page past the right edge.

use crate::authorization::{Guard, ROUTES, World, fill, world};
use crate::browser::log_in;
use crate::helpers::browser::Browser;

/// Routes that answer something other than a page.
fn is_a_page(pattern: &str) -> bool {
    let not_pages = ["/metrics", "/healthz", "/pd.js", "/go/", "/media/", "/api/", ".csv", "/csv"];
    !not_pages.iter().any(|part| pattern.contains(part))
}

#[tokio::test]
async fn no_page_is_wider_than_the_window_at_1280_or_390_pixels() {
    let World { app, ids, .. } = world().await;
    // Long words are what push a layout wide.
    let long = app.new_agent();
    long.join_acme(
        "Bartholomew Maximilian Fitzgerald-Worthington",
        "bartholomew.maximilian.fitzgerald-worthington@a-rather-long-domain-name.example",
        "",
    )
    .await;
    let admin = Browser::start().await;
    log_in(&admin, &app, "owner@acme.example").await;
    let partner = Browser::start().await;
    log_in(&partner, &app, "pat@example.com").await;
    let visitor = Browser::start().await;

    let mut too_wide = Vec::new();
    let mut measured = 0;
    for (method, pattern, guard) in ROUTES {
        if *method != "GET" || !is_a_page(pattern) {
            continue;
        }
        let browser = match guard {
            Guard::Admin => &admin,
            Guard::Partner | Guard::SignedIn => &partner,
            Guard::Public => &visitor,
            Guard::ApiKey | Guard::Stripe => continue,
        };
        let (path, _) = fill(pattern, &ids);
        for width in [1280, 390] {
            browser.resize(width, 900).await;
            browser.goto(&app.url(&path)).await;
            let overflow = browser.overflow().await;
            measured += 1;
            if overflow > 0 {
                too_wide.push(format!("{path} at {width}px: {overflow}px too wide"));
            }
        }
    }
    assert!(measured > 100, "only {measured} pages measured");
    assert!(too_wide.is_empty(), "{} pages too wide:\n{}", too_wide.len(), too_wide.join("\n"));
}
