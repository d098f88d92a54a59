//! Join links and applications.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{PASSWORD, location};
use crate::helpers::smtp::SmtpServer;
use crate::helpers::world::Vendor;

/// Acme, with mail, and its Default group's application tab.
async fn acme_with_mail(smtp: &SmtpServer) -> (TestApp, Vendor, String) {
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| s.smtp_url = Some(url)).await;
    let acme = app.world().vendor("Acme").await;
    let tab = format!("{}/application", acme.default_group.path);
    (app, acme, tab)
}

async fn turn_on_application(app: &TestApp, tab: &str) {
    app.post(tab, &[("enabled", "on"), ("title", "Apply to Acme"), ("description", "Tell us about you")]).await;
    app.post(&format!("{tab}/fields"), &[("label", "Your website"), ("kind", "url"), ("required", "on")]).await;
    app.post(&format!("{tab}/fields"), &[("label", "Channel"), ("kind", "choice"), ("choices", "Blog\nVideo")]).await;
}

#[tokio::test]
async fn a_visitor_signs_up_from_the_join_link_and_joins_at_once_without_an_application_form() {
    let smtp = SmtpServer::start().await;
    let (app, _, _) = acme_with_mail(&smtp).await;
    let pat = app.new_agent();

    let landing = pat.page("/join/acme/default").await;
    let signup_href = landing.attr("#signup", "href").expect("a sign-up link");
    assert_eq!(signup_href, "/signup/partner?next=%2Fjoin%2Facme%2Fdefault");
    let signed_up = pat
        .post(
            "/signup/partner",
            &[("name", "Pat"), ("email", "pat@example.com"), ("password", PASSWORD), ("next", "/join/acme/default")],
        )
        .await;
    assert_eq!(location(&signed_up), "/join/acme/default");
    pat.confirm_email("pat@example.com").await;
    let page = pat.page("/join/acme/default").await;
    assert!(page.has("button#join"));
    let joined = pat.post("/join/acme/default", &[]).await;

    assert_eq!(location(&joined), "/partner/acme");
    assert_eq!(app.count("partnerships WHERE status = 'active' AND parent_id IS NULL"), 1);
    let again = pat.page("/join/acme/default").await;
    assert!(again.text("#standing").contains("already a partner"));
    assert_eq!(pat.post("/join/acme/default", &[]).await.status(), StatusCode::CONFLICT);
    assert_eq!(app.count("partnerships"), 1);
}

#[tokio::test]
async fn ref_makes_the_newcomer_a_child_of_a_partner_of_the_same_vendor_only() {
    let smtp = SmtpServer::start().await;
    let (app, acme, _) = acme_with_mail(&smtp).await;
    let parent = acme.partner("Parent").await;
    let globex = app.world().vendor_on("Globex", &app.new_agent()).await;
    let at_globex = globex.partner("Parent").await;
    let cases = [
        ("child@example.com", parent.code.as_str(), true),
        ("stranger@example.com", at_globex.code.as_str(), false),
        ("nobody@example.com", "unknown1", false),
    ];

    for (email, code, parented) in cases {
        let agent = app.new_agent();
        agent.sign_up_partner(email, email).await;
        let path = format!("/join/acme/default?ref={code}");
        assert_eq!(agent.page(&path).await.attr("input[name=ref]", "value").as_deref(), Some(code));
        let joined = agent.post("/join/acme/default", &[("ref", code)]).await;
        assert_eq!(location(&joined), "/partner/acme", "{email}");
        let with_parent = app.count(&format!(
            "partnerships p JOIN users u ON u.id = p.user_id JOIN partnerships parent ON parent.id = p.parent_id \
             WHERE u.email = '{email}' AND parent.code = '{}'",
            parent.code
        ));
        assert_eq!(with_parent, i64::from(parented), "{email} with ref {code}");
    }
    assert_eq!(
        app.count("partnerships WHERE parent_id IS NOT NULL"),
        1,
        "a code of another vendor is ignored, not followed"
    );
}

#[tokio::test]
async fn a_removed_partner_cannot_come_back_through_the_join_link_or_an_application() {
    let smtp = SmtpServer::start().await;
    let (app, acme, tab) = acme_with_mail(&smtp).await;
    let pat = acme.partner("Pat").await;
    acme.remove(&pat);

    let page = pat.page("/join/acme/default").await;
    let forced = pat.post("/join/acme/default", &[]).await;
    turn_on_application(&app, &tab).await;
    let applied = pat.post("/join/acme/default", &[("field_1", "https://pat.example"), ("field_2", "Blog")]).await;

    assert!(page.text("#standing").contains("new email invite"));
    assert_eq!(forced.status(), StatusCode::CONFLICT);
    assert_eq!(applied.status(), StatusCode::CONFLICT);
    assert_eq!(app.count("partnerships WHERE status = 'active'"), 0);
    assert_eq!(app.count("applications"), 0);
}

#[tokio::test]
async fn the_application_tab_defines_the_form_and_checks_its_own_input() {
    let smtp = SmtpServer::start().await;
    let (app, _, tab) = acme_with_mail(&smtp).await;

    turn_on_application(&app, &tab).await;
    let bad = app.post_page(&format!("{tab}/fields"), &[("label", ""), ("kind", "choice"), ("choices", "  ")]).await;
    let too_long = app.post_page(&tab, &[("enabled", "on"), ("title", &"t".repeat(151))]).await;

    let page = app.page(&tab).await;
    assert_eq!(page.attr("#application-enabled", "checked").as_deref(), Some(""));
    assert_eq!(page.texts("#fields .form-field strong"), vec!["Your website", "Channel"]);
    assert_eq!(page.attr("#live-form", "href").as_deref(), Some("/join/acme/default"));
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.field_error("label").is_some() && bad.field_error("choices").is_some());
    let add_field = format!("{tab}/fields#fields");
    assert!(
        bad.has(&format!("#fields form[action='{add_field}'] #label")),
        "a refused field lands the browser on the field list, where its message is"
    );
    assert!(too_long.field_error("title").unwrap().contains("at most 150"));
    assert_eq!(too_long.field_value("title").map(|t| t.len()), Some(151), "typed value kept");
    let live = app.new_agent().page("/join/acme/default").await;
    assert_eq!(live.text("h1"), "Apply to Acme");
}

#[tokio::test]
async fn questions_move_up_and_down_and_a_lead_forms_field_is_not_the_application_tabs() {
    let smtp = SmtpServer::start().await;
    let (app, _, tab) = acme_with_mail(&smtp).await;
    turn_on_application(&app, &tab).await;
    let leads = tab.replace("/application", "/lead-submission");
    app.post(&format!("{leads}/fields"), &[("label", "Budget"), ("kind", "short_text")]).await;
    let channel = app.id_for("SELECT id FROM form_fields WHERE label = 'Channel'");
    let budget = app.id_for("SELECT id FROM form_fields WHERE label = 'Budget'");

    let moved = app.post(&format!("{tab}/fields/{channel}/move"), &[("direction", "up")]).await;
    assert_eq!(location(&moved), format!("{tab}#fields"));
    assert_eq!(app.page(&tab).await.texts("#fields .form-field strong"), vec!["Channel", "Your website"]);
    let pat = app.new_agent();
    pat.sign_up_partner("Pat", "pat@example.com").await;
    let asked = pat.page("/join/acme/default").await;
    let website = app.id_for("SELECT id FROM form_fields WHERE label = 'Your website'");
    let order = vec![format!("field_{channel}"), format!("field_{website}")];
    assert_eq!(asked.attrs("main .field label", "for"), order, "applicants see the new order");

    for action in [format!("{tab}/fields/{budget}/move"), format!("{tab}/fields/{budget}/delete")] {
        let refused = app.post(&action, &[("direction", "down")]).await;
        assert_eq!(refused.status(), StatusCode::NOT_FOUND, "{action}");
    }
    assert_eq!(app.count("form_fields WHERE form = 'leads'"), 1);
    assert_eq!(app.page(&leads).await.texts("#fields .form-field strong"), vec!["Budget"]);
}

#[tokio::test]
async fn reset_application_form_asks_first_then_removes_the_questions_and_keeps_the_switch() {
    let smtp = SmtpServer::start().await;
    let (app, _, tab) = acme_with_mail(&smtp).await;
    turn_on_application(&app, &tab).await;
    let page = app.page(&tab).await;
    assert_eq!(page.attr("#reset-application", "href"), Some(format!("{tab}/reset")));
    let confirm = app.page(&format!("{tab}/reset")).await;
    assert!(confirm.text("#reset-effect").contains("removes its 2 custom field(s)"));
    assert_eq!(app.count("form_fields WHERE form = 'application'"), 2, "asking changes nothing");
    assert_eq!(location(&app.post(&format!("{tab}/reset"), &[]).await), tab);
    let page = app.page(&tab).await;
    assert!(page.texts("#fields .form-field").is_empty());
    assert_eq!(page.field_value("title").as_deref(), Some(""));
    assert_eq!(page.attr("#application-enabled", "checked").as_deref(), Some(""), "still on");
    let live = app.new_agent().page("/join/acme/default").await;
    assert!(!live.has("input[name^=field_]"), "the live form asks nothing now");
}

#[tokio::test]
async fn an_application_is_checked_then_approved_with_an_email_and_the_applicant_joins() {
    let smtp = SmtpServer::start().await;
    let (app, acme, tab) = acme_with_mail(&smtp).await;
    turn_on_application(&app, &tab).await;
    let parent = acme.partner("Parent").await.code;
    let ann = app.new_agent();
    ann.sign_up_partner("Ann", "ann@example.com").await;

    let missing = ann.post_page("/join/acme/default", &[("field_1", ""), ("field_2", "Radio"), ("ref", &parent)]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.field_error("field_1").unwrap().contains("needs an answer"));
    assert!(missing.field_error("field_2").unwrap().contains("Choose one"));
    assert_eq!(missing.attr("input[name=ref]", "value").as_deref(), Some(parent.as_str()), "the referrer is kept");
    let sent = ann
        .post("/join/acme/default", &[("field_1", "https://ann.example"), ("field_2", "Video"), ("ref", &parent)])
        .await;
    assert_eq!(location(&sent), "/join/acme/default");
    assert!(ann.page("/join/acme/default").await.text("#standing").contains("waiting"));
    assert_eq!(app.count("partnerships WHERE status = 'active'"), 1, "no partnership before approval");

    let pending = app.page("/vendor/acme/applications").await;
    assert_eq!(pending.texts(".application .answers dd"), vec!["https://ann.example/", "Video"]);
    let id = app.id_for("SELECT id FROM applications");
    app.post(&format!("/vendor/acme/applications/{id}/approve"), &[]).await;

    let email = smtp.wait_for(1).await.remove(0);
    assert_eq!(email.envelope_to, vec!["ann@example.com"]);
    assert!(email.header("Subject").unwrap().contains("approved"));
    assert!(email.text().contains(&format!("{}/partner/acme", app.base_url)));
    assert_eq!(ann.page("/partner/acme").await.status, StatusCode::OK);
    assert_eq!(
        app.count(&format!(
            "partnerships p JOIN partnerships parent ON parent.id = p.parent_id WHERE parent.code = '{parent}'"
        )),
        1
    );
    let twice = app.post(&format!("/vendor/acme/applications/{id}/approve"), &[]).await;
    assert_eq!(location(&twice), "/vendor/acme/applications");
    assert!(app.page("/vendor/acme/applications").await.text(".flash-error").contains("already decided"));
    assert_eq!(app.count("partnerships WHERE status = 'active'"), 2);
}

#[tokio::test]
async fn a_rejected_applicant_gets_the_reason_by_email_and_does_not_join() {
    let smtp = SmtpServer::start().await;
    let (app, _, tab) = acme_with_mail(&smtp).await;
    turn_on_application(&app, &tab).await;
    let bob = app.new_agent();
    bob.sign_up_partner("Bob", "bob@example.com").await;
    bob.post("/join/acme/default", &[("field_1", "https://bob.example")]).await;
    let id = app.id_for("SELECT id FROM applications");

    app.post(&format!("/vendor/acme/applications/{id}/reject"), &[("reason", "We only work with video creators.")])
        .await;

    let email = smtp.wait_for(1).await.remove(0);
    assert_eq!(email.envelope_to, vec!["bob@example.com"]);
    assert!(email.text().contains("We only work with video creators."));
    assert_eq!(app.count("partnerships"), 0);
    let rejected = app.page("/vendor/acme/applications?status=rejected").await;
    assert_eq!(rejected.texts(".application").len(), 1);
    assert!(bob.page("/join/acme/default").await.has("#apply"), "a rejected applicant may apply again");
}

#[tokio::test]
async fn a_renamed_groups_old_join_link_redirects_and_keeps_the_referrer() {
    let smtp = SmtpServer::start().await;
    let (app, _, _) = acme_with_mail(&smtp).await;
    let group = app.group_id("acme", "Default");
    app.post(&format!("/vendor/acme/groups/{group}/rename"), &[("name", "Founders")]).await;

    let response = app.new_agent().get("/join/acme/default?ref=code0000").await;

    assert_eq!(response.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(location(&response), "/join/acme/founders?ref=code0000");
    assert_eq!(app.new_agent().get("/join/acme/nope").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_vendors_applications_and_application_tab_answer_404() {
    let smtp = SmtpServer::start().await;
    let (app, _, tab) = acme_with_mail(&smtp).await;
    turn_on_application(&app, &tab).await;
    let ann = app.new_agent();
    ann.sign_up_partner("Ann", "ann@example.com").await;
    ann.post("/join/acme/default", &[("field_1", "https://ann.example")]).await;
    let (id, group, field) = (
        app.id_for("SELECT id FROM applications"),
        app.group_id("acme", "Default"),
        app.id_for("SELECT id FROM form_fields LIMIT 1"),
    );
    let globex = app.new_agent();
    globex.sign_up_vendor("Globex", "owner@globex.example").await;

    assert_eq!(globex.get(&format!("/vendor/globex/groups/{group}/application")).await.status(), StatusCode::NOT_FOUND);
    let posts = [
        format!("/vendor/globex/applications/{id}/approve"),
        format!("/vendor/globex/applications/{id}/reject"),
        format!("/vendor/globex/groups/{group}/application"),
        format!("/vendor/globex/groups/{group}/application/fields"),
        format!("/vendor/globex/groups/{group}/application/fields/{field}/delete"),
    ];
    for path in posts {
        let response = globex.post(&path, &[("label", "x"), ("kind", "short_text")]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    assert!(globex.page("/vendor/globex/applications").await.texts(".application").is_empty());
    assert_eq!(app.count("applications WHERE status = 'pending'"), 1);
    assert_eq!(app.count("form_fields WHERE form = 'application'"), 2);
    assert_eq!(app.count("partner_groups WHERE application_enabled"), 1);
}
