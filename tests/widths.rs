//! Every page fits its window and passes axe-core: at 1280 and at 390
//! pixels nothing pushes a page past the right edge (wide tables scroll
//! inside their card), and no page has a serious or critical violation.

use crate::authorization::{Guard, ROUTES, World, fill, world};
use crate::browser::log_in;
use crate::helpers::browser::Browser;

/// Routes that answer something other than a page.
fn is_a_page(pattern: &str) -> bool {
    let not_pages = ["/metrics", "/healthz", "/pd.js", "/go/", "/media/", "/api/", ".csv", "/csv"];
    !not_pages.iter().any(|part| pattern.contains(part))
}

#[tokio::test]
async fn every_page_fits_1280_and_390_pixels_and_has_no_serious_accessibility_violation() {
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

    let (mut problems, mut measured) = (Vec::new(), 0);
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
            measured += 1;
            let overflow = browser.overflow().await;
            if overflow > 0 {
                problems.push(format!("{path} at {width}px: {overflow}px too wide"));
            }
            if width == 1280 {
                problems.extend(browser.accessibility_violations().await.into_iter().map(|v| format!("{path}: {v}")));
            }
        }
    }
    assert!(measured > 100, "only {measured} pages measured");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
