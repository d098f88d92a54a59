//! Every page of the demo fits its window and passes axe-core: at 1280 and
//! at 390 pixels nothing pushes a page past the right edge (wide tables
//! scroll inside their card), and no page has a serious or critical
//! violation. The pages are every GET route of the authorization matrix,
//! filled with the ids of the demo program.

use crate::authorization::{Guard, ROUTES, fill};
use crate::browser::log_in_with;
use crate::demo::run_demo;
use crate::helpers::TestApp;
use crate::helpers::browser::Browser;

/// Routes that answer something other than a page.
fn is_a_page(pattern: &str) -> bool {
    let not_pages = ["/metrics", "/healthz", "/pd.js", "/go/", "/media/", "/api/", ".csv", "/csv"];
    !not_pages.iter().any(|part| pattern.contains(part))
}

/// The demo's ids for each path parameter: partner1's program, its group and links.
fn demo_ids(app: &TestApp) -> Vec<(&'static str, String)> {
    let one = |sql: &str| app.text_for(&format!("SELECT ({sql})::text AS value"));
    let partner = "(SELECT p.id FROM partnerships p JOIN users u ON u.id = p.user_id WHERE u.email = 'partner1@partners.northwind.example')";
    vec![
        ("{vendor_slug}", one("SELECT slug FROM vendors")),
        ("{group_id}", one(&format!("SELECT group_id FROM partnerships WHERE id = {partner}"))),
        (
            "{group_slug}",
            one(&format!(
                "SELECT g.slug FROM partner_groups g JOIN partnerships p ON p.group_id = g.id WHERE p.id = {partner}"
            )),
        ),
        (
            "{link_id}",
            one(&format!(
                "SELECT l.id FROM links l JOIN partnerships p ON p.group_id = l.group_id WHERE p.id = {partner} AND l.is_original"
            )),
        ),
        ("{partner_id}", one(partner)),
        ("{customer_id}", one(&format!("SELECT max(id) FROM customers WHERE partnership_id = {partner}"))),
        ("{commission_id}", one(&format!("SELECT max(id) FROM commissions WHERE partnership_id = {partner}"))),
        (
            "{offer_id}",
            one(&format!(
                "SELECT o.id FROM offers o JOIN partnerships p ON p.group_id = o.group_id WHERE p.id = {partner}"
            )),
        ),
        ("{entry_id}", one("SELECT min(id) FROM pipeline_entries WHERE pipeline = 'leads'")),
        ("{resource_id}", one("SELECT min(id) FROM group_resources WHERE kind = 'page'")),
        ("{stage_id}", one("SELECT min(id) FROM pipeline_stages")),
        ("{ad_id}", one(&format!("SELECT coalesce(max(id), 0) FROM ads WHERE partnership_id = {partner}"))),
    ]
}

#[tokio::test]
async fn every_page_of_the_demo_fits_1280_and_390_pixels_and_has_no_serious_accessibility_violation() {
    let app = TestApp::spawn().await;
    let demo = run_demo(&app, "150", "8000");
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));
    let ids = demo_ids(&app);
    let admin = Browser::start().await;
    log_in_with(&admin, &app, "owner@northwind.example", "demo-password").await;
    let partner = Browser::start().await;
    log_in_with(&partner, &app, "partner1@partners.northwind.example", "demo-password").await;
    let visitor = Browser::start().await;

    // Each browser walks its own pages; the three walk at once.
    let pages_of = |wanted: &[Guard]| -> Vec<String> {
        ROUTES
            .iter()
            .filter(|(method, pattern, guard)| *method == "GET" && is_a_page(pattern) && wanted.contains(guard))
            .map(|(_, pattern, _)| fill(pattern, &ids).0)
            .collect()
    };
    let (admin_pages, partner_pages, public_pages) =
        (pages_of(&[Guard::Admin]), pages_of(&[Guard::Partner, Guard::SignedIn]), pages_of(&[Guard::Public]));
    let walked = futures_util::future::join3(
        walk(&app, &admin, &admin_pages),
        walk(&app, &partner, &partner_pages),
        walk(&app, &visitor, &public_pages),
    )
    .await;
    let measured = walked.0.0 + walked.1.0 + walked.2.0;
    let problems: Vec<String> = [walked.0.1, walked.1.1, walked.2.1].concat();
    assert!(measured > 100, "only {measured} pages measured");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// Each of `paths` at 1280 and 390 pixels: how many views were measured, and what was wrong.
/// A page is loaded once, wide, and then narrowed: the narrow layout is the
/// same media queries' answer as a narrow load would get.
async fn walk(app: &TestApp, browser: &Browser, paths: &[String]) -> (usize, Vec<String>) {
    let (mut measured, mut problems) = (0, Vec::new());
    for path in paths {
        browser.resize(1280, 900).await;
        browser.goto(&app.url(path)).await;
        problems.extend(browser.accessibility_violations().await.into_iter().map(|v| format!("{path}: {v}")));
        for width in [1280, 390] {
            browser.resize(width, 900).await;
            measured += 1;
            let overflow = browser.overflow().await;
            if overflow > 0 {
                problems.push(format!("{path} at {width}px: {overflow}px too wide"));
            }
        }
    }
    (measured, problems)
}
