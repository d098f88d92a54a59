//! The authorization matrix: every route with its method and guard. One
//! test checks the table against every route the source registers (actix
//! cannot list its router, so the registrations are read from `src/`); the
//! other walks each route as a visitor, as a partner, as another vendor's
//! admin and as the right admin.

use std::collections::BTreeSet;

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{UserAgent, location};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Anyone; the route decides for itself (tokens, forms, sign-up).
    Public,
    /// Any signed-in person.
    SignedIn,
    /// An admin of `{vendor_slug}`.
    Admin,
    /// An active partner of `{vendor_slug}`.
    Partner,
    /// A vendor's API key (`Authorization: Bearer`), never a cookie.
    ApiKey,
    /// A signed Stripe webhook.
    Stripe,
}

use Guard::{Admin, ApiKey, Partner, Public, SignedIn, Stripe};

pub const ROUTES: &[(&str, &str, Guard)] = &[
    ("GET", "/", Public),
    ("GET", "/healthz", Public),
    ("GET", "/metrics", Public),
    ("GET", "/pd.js", Public),
    ("GET", "/login", Public),
    ("POST", "/login", Public),
    ("POST", "/logout", SignedIn),
    ("GET", "/signup/vendor", Public),
    ("POST", "/signup/vendor", Public),
    ("GET", "/signup/partner", Public),
    ("POST", "/signup/partner", Public),
    ("GET", "/account", SignedIn),
    ("POST", "/account/password", SignedIn),
    ("POST", "/account/notifications", SignedIn),
    ("POST", "/account/verify", SignedIn),
    ("GET", "/verify/{token}", Public),
    ("POST", "/verify/{token}", Public),
    ("GET", "/password/forgot", Public),
    ("POST", "/password/forgot", Public),
    ("GET", "/password/reset/{token}", Public),
    ("POST", "/password/reset/{token}", Public),
    ("GET", "/invites/{token}", Public),
    ("POST", "/invites/{token}/accept", Public),
    ("POST", "/invites/{token}/signup", Public),
    ("GET", "/team-invites/{token}", Public),
    ("POST", "/team-invites/{token}/accept", Public),
    ("POST", "/team-invites/{token}/signup", Public),
    ("GET", "/join/{vendor_slug}/{group_slug}", Public),
    ("POST", "/join/{vendor_slug}/{group_slug}", SignedIn),
    ("GET", "/programs/{vendor_slug}/{group_slug}", Public),
    ("GET", "/go/{link_code}/{partner_code}", Public),
    ("HEAD", "/go/{link_code}/{partner_code}", Public),
    ("GET", "/go/{link_code}/{partner_code}/{ad_code}", Public),
    ("HEAD", "/go/{link_code}/{partner_code}/{ad_code}", Public),
    ("POST", "/webhooks/stripe/{vendor_slug}", Stripe),
    ("POST", "/api/v1/partnerships", ApiKey),
    ("GET", "/api/v1/partnerships", ApiKey),
    ("GET", "/api/v1/partnerships/{partner_code}", ApiKey),
    ("GET", "/api/v1/groups", ApiKey),
    ("POST", "/api/v1/signups", ApiKey),
    ("POST", "/api/v1/sales", ApiKey),
    ("POST", "/api/v1/refunds", ApiKey),
    ("GET", "/api/v1/customers/{customer_key}", ApiKey),
    ("GET", "/api/v1/commissions", ApiKey),
    ("GET", "/vendor", SignedIn),
    ("GET", "/vendor/{vendor_slug}", Admin),
    ("POST", "/vendor/{vendor_slug}/groups", Admin),
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}", Admin),
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}/settings", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/rename", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/terms", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/default", Admin),
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}/delete", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/delete", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/referral-links", Admin),
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}/links/new", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/links", Admin),
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}/secondary-links/new", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/secondary-links", Admin),
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}/application", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/application", Admin),
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}/social-content", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/social-content", Admin),
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}/application/reset", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/application/reset", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/application/fields", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/application/fields/{field_id}/move", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/application/fields/{field_id}/delete", Admin),
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}/offers", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/offers", Admin),
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}/offers/new", Admin),
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}/offers/{offer_id}/edit", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/offers/{offer_id}", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/offers/{offer_id}/archive", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/offers/{offer_id}/delete", Admin),
    ("GET", "/vendor/{vendor_slug}/links/{link_id}/edit", Admin),
    ("POST", "/vendor/{vendor_slug}/links/{link_id}", Admin),
    ("GET", "/vendor/{vendor_slug}/links/{link_id}/delete", Admin),
    ("POST", "/vendor/{vendor_slug}/links/{link_id}/delete", Admin),
    ("GET", "/vendor/{vendor_slug}/applications", Admin),
    ("POST", "/vendor/{vendor_slug}/applications/{application_id}/approve", Admin),
    ("POST", "/vendor/{vendor_slug}/applications/{application_id}/reject", Admin),
    ("GET", "/vendor/{vendor_slug}/customers", Admin),
    ("GET", "/vendor/{vendor_slug}/customers/{customer_id}", Admin),
    ("POST", "/vendor/{vendor_slug}/customers/{customer_id}/assign", Admin),
    ("GET", "/vendor/{vendor_slug}/integration", Admin),
    ("POST", "/vendor/{vendor_slug}/integration/stripe", Admin),
    ("GET", "/vendor/{vendor_slug}/invites", Admin),
    ("POST", "/vendor/{vendor_slug}/invites", Admin),
    ("POST", "/vendor/{vendor_slug}/invites/{invite_id}/resend", Admin),
    ("POST", "/vendor/{vendor_slug}/invites/{invite_id}/revoke", Admin),
    ("GET", "/vendor/{vendor_slug}/partners", Admin),
    ("GET", "/vendor/{vendor_slug}/partners/remove", Admin),
    ("POST", "/vendor/{vendor_slug}/partners/remove", Admin),
    ("GET", "/vendor/{vendor_slug}/partners/move", Admin),
    ("POST", "/vendor/{vendor_slug}/partners/move", Admin),
    ("GET", "/vendor/{vendor_slug}/partners/{partner_id}", Admin),
    ("GET", "/vendor/{vendor_slug}/partners/{partner_id}/links/new", Admin),
    ("POST", "/vendor/{vendor_slug}/partners/{partner_id}/links", Admin),
    ("GET", "/vendor/{vendor_slug}/import", Admin),
    ("POST", "/vendor/{vendor_slug}/import", Admin),
    ("GET", "/vendor/{vendor_slug}/import/{import_id}", Admin),
    ("POST", "/vendor/{vendor_slug}/import/{import_id}", Admin),
    ("GET", "/vendor/{vendor_slug}/commissions", Admin),
    ("POST", "/vendor/{vendor_slug}/commissions/approve", Admin),
    ("POST", "/vendor/{vendor_slug}/commissions/reject", Admin),
    ("GET", "/vendor/{vendor_slug}/payouts", Admin),
    ("POST", "/vendor/{vendor_slug}/payouts", Admin),
    ("GET", "/vendor/{vendor_slug}/payouts/{batch}", Admin),
    ("POST", "/vendor/{vendor_slug}/payouts/{batch}/paid", Admin),
    ("GET", "/vendor/{vendor_slug}/payouts/{batch}/csv", Admin),
    ("GET", "/vendor/{vendor_slug}/api-keys", Admin),
    ("POST", "/vendor/{vendor_slug}/api-keys", Admin),
    ("POST", "/vendor/{vendor_slug}/api-keys/{key_id}/revoke", Admin),
    ("GET", "/vendor/{vendor_slug}/settings", Admin),
    ("POST", "/vendor/{vendor_slug}/settings", Admin),
    ("POST", "/vendor/{vendor_slug}/settings/domains", Admin),
    ("POST", "/vendor/{vendor_slug}/settings/domains/prove", Admin),
    ("GET", "/vendor/{vendor_slug}/team", Admin),
    ("POST", "/vendor/{vendor_slug}/team", Admin),
    ("POST", "/vendor/{vendor_slug}/team/{user_id}/remove", Admin),
    ("GET", "/partner", SignedIn),
    ("GET", "/partner/{vendor_slug}", Partner),
    ("GET", "/partner/{vendor_slug}/links", Partner),
    ("GET", "/partner/{vendor_slug}/secondary-links", Partner),
    ("POST", "/partner/{vendor_slug}/secondary-links/{link_id}/activate", Partner),
    ("GET", "/partner/{vendor_slug}/ads/new", Partner),
    ("POST", "/partner/{vendor_slug}/ads", Partner),
    ("GET", "/partner/{vendor_slug}/ads/{ad_id}/edit", Partner),
    ("POST", "/partner/{vendor_slug}/ads/{ad_id}", Partner),
    ("GET", "/partner/{vendor_slug}/stats", Partner),
    ("GET", "/partner/{vendor_slug}/payouts", Partner),
    ("GET", "/partner/{vendor_slug}/commission-structure", Partner),
    ("GET", "/partner/{vendor_slug}/earnings", Partner),
    ("GET", "/partner/{vendor_slug}/earnings/{commission_id}", Partner),
    ("GET", "/vendor/{vendor_slug}/overview", Admin),
    ("GET", "/vendor/{vendor_slug}/partners.csv", Admin),
    ("GET", "/vendor/{vendor_slug}/customers.csv", Admin),
    ("GET", "/vendor/{vendor_slug}/commissions.csv", Admin),
    ("GET", "/partner/{vendor_slug}/stats.csv", Partner),
    ("GET", "/vendor/{vendor_slug}/banners", Admin),
    ("POST", "/vendor/{vendor_slug}/banners", Admin),
    ("POST", "/vendor/{vendor_slug}/banners/{banner_id}/delete", Admin),
    ("GET", "/partner/{vendor_slug}/banners", Partner),
    ("GET", "/media/banners/{file}", Public),
    ("GET", "/vendor/{vendor_slug}/email-templates", Admin),
    ("POST", "/vendor/{vendor_slug}/email-templates", Admin),
    ("GET", "/vendor/{vendor_slug}/email-templates/{resource_id}", Admin),
    ("POST", "/vendor/{vendor_slug}/email-templates/{resource_id}", Admin),
    ("POST", "/vendor/{vendor_slug}/email-templates/{resource_id}/delete", Admin),
    ("GET", "/vendor/{vendor_slug}/resource-pages", Admin),
    ("POST", "/vendor/{vendor_slug}/resource-pages", Admin),
    ("GET", "/vendor/{vendor_slug}/resource-pages/{resource_id}", Admin),
    ("POST", "/vendor/{vendor_slug}/resource-pages/{resource_id}", Admin),
    ("POST", "/vendor/{vendor_slug}/resource-pages/{resource_id}/delete", Admin),
    ("GET", "/partner/{vendor_slug}/email-templates", Partner),
    ("GET", "/partner/{vendor_slug}/resource-pages", Partner),
    ("GET", "/partner/{vendor_slug}/resource-pages/{resource_id}", Partner),
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}/lead-submission", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/lead-submission", Admin),
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}/lead-submission/reset", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/lead-submission/reset", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/lead-submission/fields", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/lead-submission/fields/{field_id}/move", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/lead-submission/fields/{field_id}/delete", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/lead-submission/stages", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/lead-submission/stages/{stage_id}", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/lead-submission/stages/{stage_id}/move", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/lead-submission/stages/{stage_id}/delete", Admin),
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}/deal-registration", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/deal-registration", Admin),
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}/deal-registration/reset", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/deal-registration/reset", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/deal-registration/fields", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/deal-registration/fields/{field_id}/move", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/deal-registration/fields/{field_id}/delete", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/deal-registration/stages", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/deal-registration/stages/{stage_id}", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/deal-registration/stages/{stage_id}/move", Admin),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/deal-registration/stages/{stage_id}/delete", Admin),
    ("GET", "/vendor/{vendor_slug}/leads", Admin),
    ("GET", "/vendor/{vendor_slug}/leads/{entry_id}", Admin),
    ("POST", "/vendor/{vendor_slug}/leads/{entry_id}/stage", Admin),
    ("POST", "/vendor/{vendor_slug}/leads/{entry_id}/customer", Admin),
    ("GET", "/vendor/{vendor_slug}/deals", Admin),
    ("GET", "/vendor/{vendor_slug}/deals/{entry_id}", Admin),
    ("POST", "/vendor/{vendor_slug}/deals/{entry_id}/stage", Admin),
    ("POST", "/vendor/{vendor_slug}/deals/{entry_id}/customer", Admin),
    ("GET", "/partner/{vendor_slug}/leads", Partner),
    ("POST", "/partner/{vendor_slug}/leads", Partner),
    ("GET", "/partner/{vendor_slug}/leads/new", Partner),
    ("GET", "/partner/{vendor_slug}/deals", Partner),
    ("POST", "/partner/{vendor_slug}/deals", Partner),
    ("GET", "/partner/{vendor_slug}/deals/new", Partner),
];

/// Where the right person gets past the guard and the handler's own rule
/// answers: the walk uses the default group and its original link.
const RULE_REFUSALS: &[(&str, &str, StatusCode)] = &[
    // The partner administers no vendor.
    ("GET", "/vendor", StatusCode::FORBIDDEN),
    // The default group is never deleted.
    ("GET", "/vendor/{vendor_slug}/groups/{group_id}/delete", StatusCode::FORBIDDEN),
    ("POST", "/vendor/{vendor_slug}/groups/{group_id}/delete", StatusCode::FORBIDDEN),
    // An original link is never deleted.
    ("GET", "/vendor/{vendor_slug}/links/{link_id}/delete", StatusCode::FORBIDDEN),
    ("POST", "/vendor/{vendor_slug}/links/{link_id}/delete", StatusCode::FORBIDDEN),
    // The original link is not a secondary link to activate.
    ("POST", "/partner/{vendor_slug}/secondary-links/{link_id}/activate", StatusCode::NOT_FOUND),
];

/// Every `(METHOD, path)` the source registers with actix.
fn registered_routes() -> BTreeSet<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sources: Vec<String> = rust_files(&root).iter().map(|file| std::fs::read_to_string(file).unwrap()).collect();
    // The form builder's routes hang under whichever tab mounts them.
    let (templates, mut found): (BTreeSet<_>, BTreeSet<_>) =
        sources.iter().flat_map(|source| routes_in(source)).partition(|(_, path)| path.starts_with("{tab}"));
    for tab in sources.iter().flat_map(|source| form_builder_mounts(source)) {
        found.extend(templates.iter().map(|(method, path)| (method.clone(), path.replace("{tab}", &tab))));
    }
    found
}

/// The tabs a file mounts the form builder under: `form_builder::routes::<T>(cfg, tab)`
/// with `tab` a `let` or a loop variable of the file.
fn form_builder_mounts(source: &str) -> Vec<String> {
    let loops = loop_values(source);
    let mut tabs = Vec::new();
    for (at, _) in source.match_indices("form_builder::routes::<") {
        let Some(arg) = source[at..].split_once("(cfg, ").and_then(|(_, rest)| rest.split_once(')')).map(|a| a.0)
        else {
            continue;
        };
        let spelled = format!("let {arg} = \"");
        if let Some((_, rest)) = source.split_once(&spelled) {
            tabs.push(rest.split_once('"').unwrap().0.to_string());
        }
        if let Some((_, values)) = loops.iter().find(|(name, _)| name == arg) {
            tabs.extend(values.iter().cloned());
        }
    }
    tabs
}

fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The `.route(path, web::method()...)` calls of one file, with `let x = "…"`
/// names and `format!` paths spelled out and a `web::scope` prefix added.
fn routes_in(source: &str) -> Vec<(String, String)> {
    let names: Vec<(String, String)> = source
        .match_indices("let ")
        .filter_map(|(at, _)| {
            let rest = &source[at + 4..];
            let (name, value) = rest.split_once(" = \"")?;
            let value = value.split_once("\";")?.0;
            (name.chars().all(|c| c.is_alphanumeric() || c == '_')).then(|| (name.to_string(), value.to_string()))
        })
        .collect();
    let loops = loop_values(source);
    let scope = source.split_once("web::scope(\"").map(|(_, rest)| rest.split_once('"').unwrap().0.to_string());
    let scope_end = source.find(".default_service(").unwrap_or(usize::MAX);
    let mut routes = resource_routes(source, scope.as_deref());
    for (at, _) in source.match_indices("route(") {
        let args = &source[at + 6..];
        if args.starts_with("web::") {
            continue;
        }
        let Some((path_arg, rest)) = args.split_once(", web::") else { continue };
        let Some(method) = rest.split_once("()").map(|(m, _)| m.to_uppercase()) else { continue };
        let mut path =
            path_arg.trim().trim_start_matches("&format!(").trim_end_matches(')').trim_matches('"').to_string();
        for (name, value) in &names {
            path = path.replace(&format!("{{{name}}}"), value);
            if path == *name {
                path = value.clone();
            }
        }
        let path = path.replace("{{", "{").replace("}}", "}");
        if let Some((name, values)) =
            loops.iter().find(|(name, _)| path == *name || path.contains(&format!("{{{name}}}")))
        {
            for value in values {
                let spelled = if path == *name { value.clone() } else { path.replace(&format!("{{{name}}}"), value) };
                routes.push((method.clone(), spelled));
            }
            continue;
        }
        match (&scope, path.as_str()) {
            (_, "path") => {
                for tracked in ["/go/{link_code}/{partner_code}", "/go/{link_code}/{partner_code}/{ad_code}"] {
                    routes.push((method.clone(), tracked.to_string()));
                }
            }
            (Some(prefix), _) if at < scope_end => routes.push((method, format!("{prefix}{path}"))),
            _ => routes.push((method, path)),
        }
    }
    routes
}

/// `resource("/path", …).route(web::get()…).route(web::post()…)`: each
/// method of each resource, under the file's scopes when inside one.
fn resource_routes(source: &str, scope: Option<&str>) -> Vec<(String, String)> {
    let mut routes = Vec::new();
    let starts: Vec<usize> = source.match_indices("resource(\"").map(|(at, _)| at).collect();
    for (n, at) in starts.iter().enumerate() {
        let Some((path, _)) = source[at + 10..].split_once('"') else { continue };
        let end = starts.get(n + 1).copied().unwrap_or(source.len());
        let prefix = match scope {
            Some("/api") => "/api/v1",
            Some(prefix) => prefix,
            None => "",
        };
        for (method_at, _) in source[*at..end].match_indices(".route(web::") {
            let rest = &source[at + method_at + 12..end];
            let Some((method, _)) = rest.split_once("()") else { continue };
            routes.push((method.to_uppercase(), format!("{prefix}{path}")));
        }
    }
    routes
}

/// `for name in ["/a", "/b"]` loops: each name with the paths it takes.
fn loop_values(source: &str) -> Vec<(String, Vec<String>)> {
    source
        .match_indices("for ")
        .filter_map(|(at, _)| {
            let (name, rest) = source[at + 4..].split_once(" in [")?;
            let list = rest.split_once(']')?.0;
            let plain = name.chars().all(|c| c.is_alphanumeric() || c == '_');
            let values: Vec<String> = list.split('"').skip(1).step_by(2).map(str::to_string).collect();
            (plain && !values.is_empty()).then(|| (name.to_string(), values))
        })
        .collect()
}

#[test]
fn every_registered_route_is_in_the_table_and_every_table_row_is_registered() {
    let registered = registered_routes();
    let table: BTreeSet<(String, String)> = ROUTES.iter().map(|(m, p, _)| (m.to_string(), p.to_string())).collect();
    let missing: Vec<_> = registered.difference(&table).collect();
    let stale: Vec<_> = table.difference(&registered).collect();
    assert!(missing.is_empty(), "routes without a row in the matrix: {missing:?}");
    assert!(stale.is_empty(), "rows for routes that no longer exist: {stale:?}");
}

/// The ids of acme's real resources, so the right admin gets pages, not 404s.
pub struct World {
    pub app: TestApp,
    pub partner: UserAgent,
    pub stranger: UserAgent,
    pub ids: Vec<(&'static str, String)>,
}

pub async fn world() -> World {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let partner = app.new_agent();
    let code = partner.join_acme("Pat", "pat@example.com", "").await;
    let stranger = app.new_agent();
    stranger.sign_up_vendor("Globex", "owner@globex.example").await;
    let group = app.group_id("acme", "Default").to_string();
    let ids = vec![
        ("{vendor_slug}", "acme".to_string()),
        ("{group_slug}", "default".to_string()),
        ("{group_id}", group),
        ("{link_id}", app.id_for("SELECT id FROM links WHERE code = 'acme'")),
        ("{partner_id}", app.id_for("SELECT id FROM partnerships")),
        ("{link_code}", "acme".to_string()),
        ("{partner_code}", code),
    ];
    World { app, partner, stranger, ids }
}

/// The path with known ids filled in; `true` when some id had to be made up.
pub fn fill(path: &str, ids: &[(&'static str, String)]) -> (String, bool) {
    let mut filled = path.to_string();
    for (name, value) in ids {
        filled = filled.replace(name, value);
    }
    let made_up = filled.contains('{');
    while let (Some(start), Some(end)) = (filled.find('{'), filled.find('}')) {
        filled.replace_range(start..=end, "999999");
    }
    (filled, made_up)
}

async fn call(agent: &UserAgent, method: &str, path: &str) -> reqwest::Response {
    match method {
        "POST" => agent.post(path, &[]).await,
        "HEAD" => agent.client.head(agent.url(path)).send().await.unwrap(),
        _ => agent.get(path).await,
    }
}

/// Kept out: a visitor is sent to log in, or refused; nobody else's
/// session gets through, and nothing breaks.
fn refused(response: &reqwest::Response) -> bool {
    let status = response.status();
    (status == StatusCode::SEE_OTHER && location(response).starts_with("/login"))
        || [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND, StatusCode::UNAUTHORIZED].contains(&status)
}

fn let_in(response: &reqwest::Response, made_up_id: bool) -> bool {
    let status = response.status();
    let to_login = status == StatusCode::SEE_OTHER && location(response).starts_with("/login");
    !status.is_server_error()
        && !to_login
        && ![StatusCode::FORBIDDEN, StatusCode::UNAUTHORIZED].contains(&status)
        && (made_up_id || status != StatusCode::NOT_FOUND)
}

#[tokio::test]
async fn each_route_lets_in_only_who_its_guard_names() {
    let World { app, partner, stranger, ids } = world().await;
    let visitor = app.new_agent();
    let mut wrong = Vec::new();
    for (method, pattern, guard) in ROUTES {
        let (path, made_up) = fill(pattern, &ids);
        let anonymous = call(&visitor, method, &path).await;
        assert!(!anonymous.status().is_server_error(), "{method} {path} as a visitor: {}", anonymous.status());
        let checks: Vec<(&str, &UserAgent, bool)> = match guard {
            Admin => vec![
                ("a visitor", &visitor, false),
                ("a partner", &partner, false),
                ("globex's admin", &stranger, false),
                ("acme's admin", &app, true),
            ],
            Partner => vec![
                ("a visitor", &visitor, false),
                ("globex's admin", &stranger, false),
                ("acme's admin", &app, false),
                ("the partner", &partner, true),
            ],
            SignedIn if *pattern != "/logout" => vec![("a visitor", &visitor, false), ("the partner", &partner, true)],
            ApiKey => vec![("a visitor", &visitor, false), ("acme's admin (cookies are no key)", &app, false)],
            _ => Vec::new(),
        };
        let rule = RULE_REFUSALS.iter().find(|(m, p, _)| m == method && p == pattern).map(|(_, _, status)| *status);
        for (who, agent, allowed) in checks {
            let response = call(agent, method, &path).await;
            let ok = match (allowed, rule) {
                (true, Some(status)) => response.status() == status,
                (true, None) => let_in(&response, made_up),
                (false, _) => refused(&response),
            };
            if !ok {
                wrong.push(format!("{method} {path} as {who}: {}", response.status()));
            }
        }
        if *guard == Stripe {
            let unsigned = call(&visitor, method, &path).await;
            assert_eq!(unsigned.status(), StatusCode::BAD_REQUEST, "an unsigned webhook");
        }
    }
    assert!(wrong.is_empty(), "{} wrong answers:\n{}", wrong.len(), wrong.join("\n"));
}
