//! Migrations that move data keep it: each is reverted and run again over
//! data made through the pages.

use diesel::sql_types::{Int4, Text};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl};
use diesel_migrations::MigrationHarness;

use crate::helpers::TestApp;

#[derive(QueryableByName, Debug, PartialEq)]
struct FieldRow {
    #[diesel(sql_type = Text)]
    form: String,
    #[diesel(sql_type = Text)]
    label: String,
    #[diesel(sql_type = Int4)]
    position: i32,
}

fn form_fields(conn: &mut PgConnection) -> Vec<FieldRow> {
    diesel::sql_query("SELECT form, label, position FROM form_fields ORDER BY form, position").load(conn).unwrap()
}

#[tokio::test]
async fn the_form_fields_migration_keeps_every_question_and_field_in_its_order_both_ways() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let group = format!("/vendor/acme/groups/{}", app.group_id("acme", "Default"));
    for (tab, label) in [("application", "Website"), ("application", "Channel"), ("lead-submission", "Budget")] {
        app.post(&format!("{group}/{tab}/fields"), &[("label", label), ("kind", "short_text")]).await;
    }
    app.post(&format!("{group}/deal-registration/fields"), &[("label", "Seats"), ("kind", "short_text")]).await;
    let channel = app.id_for("SELECT id FROM form_fields WHERE label = 'Channel'");
    app.post(&format!("{group}/application/fields/{channel}/move"), &[("direction", "up")]).await;
    let mut conn = PgConnection::establish(&app.database_url).unwrap();
    let before = form_fields(&mut conn);
    assert_eq!(before.len(), 4);

    conn.revert_last_migration(partnerdesk::db::MIGRATIONS).unwrap();
    conn.run_pending_migrations(partnerdesk::db::MIGRATIONS).unwrap();

    assert_eq!(form_fields(&mut conn), before);
    let labels: Vec<&str> = before.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["Channel", "Website", "Seats", "Budget"]);
}
