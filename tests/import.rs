//! Partner CSV import: dry run, import, invites, and every kind of bad file.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{UserAgent, into_page, location};
use crate::helpers::html::Page;
use crate::helpers::smtp::SmtpServer;

async fn upload(agent: &UserAgent, csv: &[u8], send_invites: bool) -> reqwest::Response {
    let fields: &[(&str, &str)] = if send_invites { &[("send_invites", "on")] } else { &[] };
    agent.post_multipart("/vendor/acme/import", fields, ("file", "partners.csv", csv)).await
}

async fn setup(smtp: Option<&SmtpServer>) -> TestApp {
    let url = smtp.map(SmtpServer::url);
    let app = TestApp::spawn_with(|s| s.smtp_url = url).await;
    app.world().vendor("Acme").await.group_to("Gold Partners", "https://acme.example/gold").await;
    app
}

async fn preview(app: &TestApp, csv: &str, send_invites: bool) -> (Page, String) {
    let response = upload(app, csv.as_bytes(), send_invites).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "the upload was refused");
    let path = location(&response);
    (app.page(&path).await, path)
}

#[tokio::test]
async fn a_dry_run_shows_every_row_then_one_import_creates_them_and_a_second_creates_nothing() {
    let app = setup(None).await;
    app.new_agent().join_acme("Pat", "pat@example.com", "").await;
    let csv = "email,first_name,last_name,group,partner_code,parent_code\n\
               ann@example.com,Ann,Lee,Gold Partners,annlee01,\n\
               bob@example.com,Bob,Roe,,,annlee01\n\
               pat@example.com,Pat,Old,,,\n\
               not-an-email,X,Y,,,\n\
               ann@example.com,Ann,Again,,,\n\
               cy@example.com,Cy,Z,Platinum,,\n\
               eve@example.com,=HYPERLINK(1),Z,,,\n\
               dan@example.com,Dan,Q,,BAD!,\n\
               fay@example.com,Fay,Q,,,nosuchcode\n";

    let (page, path) = preview(&app, csv, false).await;

    let actions: Vec<String> = page.texts("#preview tbody .action");
    assert_eq!(actions, vec!["create", "create", "skip", "error", "error", "error", "error", "error", "error"]);
    let why = page.texts("#preview tbody .why");
    for (line, expected) in [
        (2, "Already a partner"),
        (3, "email"),
        (4, "line 2"),
        (5, "No group is named “Platinum”"),
        (6, "formula"),
        (7, "6 to 12"),
        (8, "parent code nosuchcode"),
    ] {
        assert!(why[line].contains(expected), "row {}: {}", line + 2, why[line]);
    }
    assert_eq!(app.count("partnerships"), 1, "a dry run writes nothing");

    let imported = app.post(&path, &[]).await;
    assert_eq!(location(&imported), "/vendor/acme/partners");
    assert!(
        app.page("/vendor/acme/partners")
            .await
            .text(".flash-success")
            .contains("Imported 2 partner(s); 0 invite email(s)")
    );
    assert_eq!(app.count("partnerships p JOIN partner_groups g ON g.id = p.group_id WHERE p.code = 'annlee01' AND g.name = 'Gold Partners'"), 1);
    assert_eq!(
        app.count("partnerships p JOIN partnerships parent ON parent.id = p.parent_id WHERE parent.code = 'annlee01'"),
        1
    );
    let emails = app.count("outbox_emails WHERE subject NOT LIKE 'Confirm your email%'");
    assert_eq!((app.count("invites"), emails), (0, 0), "with the toggle off nobody is emailed");

    let (again, again_path) = preview(&app, csv, false).await;
    assert_eq!(again.texts("#preview tbody .action")[..3], ["skip", "skip", "skip"]);
    app.post(&again_path, &[]).await;
    assert_eq!(app.count("partnerships"), 3, "importing the same file twice creates nothing the second time");
}

#[tokio::test]
async fn with_invite_emails_on_each_created_partner_can_claim_their_account() {
    let smtp = SmtpServer::start().await;
    let app = setup(Some(&smtp)).await;
    let (_, path) =
        preview(&app, "email,first_name,last_name,group\nann@example.com,Ann,Lee,gold-partners\n", true).await;

    app.post(&path, &[]).await;

    let email = smtp.wait_for(1).await.remove(0);
    assert_eq!(email.envelope_to, vec!["ann@example.com"]);
    let link = email.link(&format!("{}/invites/", app.base_url)).trim_start_matches(&app.base_url).to_string();
    let ann = app.new_agent();
    let claimed =
        ann.post(&format!("{link}/signup"), &[("name", "Ann Lee"), ("password", crate::helpers::app::PASSWORD)]).await;
    assert_eq!(location(&claimed), "/partner/acme");
    assert_eq!(ann.page("/partner/acme").await.text(".details dd"), "Gold Partners");
    assert_eq!(app.count("partnerships"), 1, "claiming joins the imported partnership, not a second one");
}

#[tokio::test]
async fn whole_file_problems_are_reported_on_the_upload_page() {
    let app = setup(None).await;
    let many: String = std::iter::once("email,first_name,last_name,group\n".to_string())
        .chain((0..10_001).map(|n| format!("p{n}@example.com,P,Q,\n")))
        .collect();
    let big = format!("email,first_name,last_name,group\n{}", "x".repeat(5 * 1024 * 1024));
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"email,name\nann@example.com,Ann\n".to_vec(), "Missing column(s): first_name, last_name, group"),
        (b"email,first_name,last_name,group\n\xe9\xe8,A,B,\n".to_vec(), "not UTF-8"),
        (b"email,first_name,last_name,group\n".to_vec(), "no rows"),
        (many.into_bytes(), "more than 10000 rows"),
        (big.into_bytes(), "larger than 5 MB"),
    ];
    for (csv, expected) in cases {
        let page = into_page(upload(&app, &csv, false).await).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{expected}");
        assert!(page.text("#upload-problem").contains(expected), "{expected}: {}", page.text("#upload-problem"));
    }
    assert_eq!(app.count("imports"), 0);
}

#[tokio::test]
async fn another_vendors_import_answers_404_and_is_not_applied() {
    let app = setup(None).await;
    let (_, path) = preview(&app, "email,first_name,last_name,group\nann@example.com,Ann,Lee,\n", false).await;
    let globex = app.new_agent();
    globex.sign_up_vendor("Globex", "owner@globex.example").await;
    let foreign = path.replace("/vendor/acme/", "/vendor/globex/");

    assert_eq!(globex.get(&foreign).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(globex.post(&foreign, &[]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(globex.get(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("partnerships"), 0);
}

#[tokio::test]
async fn an_imported_person_signing_up_is_sent_to_their_invite_instead() {
    let app = setup(None).await;
    let (_, path) = preview(&app, "email,first_name,last_name,group\nann@example.com,Ann,Lee,\n", false).await;
    app.post(&path, &[]).await;

    let page = app
        .new_agent()
        .post_page(
            "/signup/partner",
            &[("name", "Ann"), ("email", "ann@example.com"), ("password", crate::helpers::app::PASSWORD)],
        )
        .await;

    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.field_error("email").unwrap().contains("invite email"));
    assert_eq!(app.count("users WHERE email = 'ann@example.com' AND password_hash IS NULL"), 1, "still unclaimed");
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_as_too_large_not_as_an_expired_form() {
    let app = setup(None).await;
    let huge = vec![b'x'; 7 * 1024 * 1024];

    let page = into_page(upload(&app, &huge, false).await).await;

    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(page.text("h1"), "Too large");
    assert!(page.text(".error-message").contains("at most 5 MB"));
    assert_eq!(app.count("imports"), 0);
}

#[tokio::test]
async fn applying_one_import_twice_at_once_creates_the_partners_once_and_no_500() {
    let app = setup(None).await;
    let csv = "email,first_name,last_name,group\nann@example.com,Ann,Lee,\nbob@example.com,Bob,Roe,\n";
    let (_, path) = preview(&app, csv, false).await;

    let attempts = (0..5).map(|_| app.post(&path, &[]));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(attempts).await.iter().map(|r| r.status()).collect();

    assert!(statuses.iter().all(|s| *s == StatusCode::SEE_OTHER), "{statuses:?}");
    assert_eq!(app.count("partnerships"), 2);
}

#[tokio::test]
async fn an_import_shows_the_name_in_the_file_not_the_name_an_existing_account_chose() {
    let app = setup(None).await;
    app.new_agent().sign_up_partner("Dana Private", "dana@example.com").await;
    let (_, path) = preview(
        &app,
        "email,first_name,last_name,group,partner_code,parent_code\ndana@example.com,Dana,Supplied,,,\n",
        false,
    )
    .await;
    app.post(&path, &[]).await;

    let partners = app.page("/vendor/acme/partners").await;
    assert!(partners.html.html().contains("Dana Supplied"));
    assert!(!partners.html.html().contains("Dana Private"), "the account's own name stays private");
    let id = app.id_for("SELECT id FROM partnerships");
    let detail = app.page(&format!("/vendor/acme/partners/{id}")).await;
    assert!(!detail.html.html().contains("Dana Private"));
}

#[tokio::test]
async fn an_import_that_would_pass_the_daily_sending_quota_is_refused_whole_with_a_message() {
    let url = None::<String>;
    let app = TestApp::spawn_with(|s| {
        s.smtp_url = url;
        s.sending_quota_per_day = Some(1);
    })
    .await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let csv = "email,first_name,last_name,group,partner_code,parent_code\n\
               ann@example.com,Ann,Lee,,,\nbob@example.com,Bob,Roe,,,\n";
    let (_, path) = preview(&app, csv, true).await;
    let refused = app.post(&path, &[]).await;
    assert_eq!(location(&refused), path);
    let message = app.page(&path).await.text(".flash-error");
    assert!(message.contains("2 invite emails") && message.contains("1 more today"), "{message}");
    assert_eq!((app.count("partnerships"), app.count("invites")), (0, 0));

    let (_, quiet) = preview(&app, csv, false).await;
    app.post(&quiet, &[]).await;
    assert_eq!(app.count("partnerships"), 2, "without invite emails the quota does not apply");
}

#[tokio::test]
async fn a_thousand_partner_import_refreshes_the_planners_statistics() {
    let app = setup(None).await;
    let mut csv = String::from("email,first_name,last_name,group\n");
    for n in 1..=1_000 {
        csv.push_str(&format!("bulk{n}@example.com,Bulk,{n},\n"));
    }
    let analyzed = "pg_stat_user_tables WHERE relname = 'partnerships' AND last_analyze IS NOT NULL";
    assert_eq!(app.count(analyzed), 0, "nothing has run ANALYZE yet");

    let (_, path) = preview(&app, &csv, false).await;
    app.post(&path, &[]).await;

    assert_eq!(app.count("partnerships"), 1_000);
    app.count_eventually(analyzed, 1).await;
    assert_eq!(app.count(analyzed), 1, "the import ran ANALYZE on partnerships");
}
