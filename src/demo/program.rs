//! The demo vendor, its groups, offers and the tabs a vendor fills in.

use diesel::prelude::*;

use super::OWNER_EMAIL;
use crate::db::ids::{GroupId, VendorId};
use crate::db::schema::users;
use crate::db::states::{OfferTrigger, Pipeline, ResourceKind, RewardKind};
use crate::pipelines::queries as pipelines;
use crate::resources::queries::{self as resources, Written};
use crate::rewards::queries::{self as rewards, OfferSpec};
use crate::rewards::rules::Terms;
use crate::seed::{self, NewVendor, Person};
use crate::vendors::queries as vendors;

/// What the bulk phases build on.
pub struct Program {
    pub vendor: VendorId,
    pub vendor_name: String,
    pub currency: String,
    /// Default, Affiliates and Gold, in that order.
    pub groups: [GroupId; 3],
}

pub fn create(conn: &mut PgConnection, password_hash: &str) -> anyhow::Result<Program> {
    let taken: bool =
        diesel::select(diesel::dsl::exists(users::table.filter(users::email.eq(OWNER_EMAIL)))).get_result(conn)?;
    anyhow::ensure!(
        !taken,
        "this database already has the demo ({OWNER_EMAIL} exists); point DATABASE_URL at another database"
    );
    let domains = ["northwind.example".to_string()];
    let seeded = seed::vendor(
        conn,
        &NewVendor {
            company: "Northwind Traders",
            website: "https://northwind.example/",
            owner: Person { name: "Nora Northwind", email: OWNER_EMAIL, password_hash },
            domains: &domains,
        },
    )?;
    let default = seeded.default_group.id;
    let affiliates = seed::group(conn, seeded.id, "Affiliates", "https://northwind.example/start")?.id;
    let gold = seed::group(conn, seeded.id, "Gold Partners", "https://northwind.example/enterprise")?.id;
    let vendor = vendors::by_id(conn, seeded.id)?;
    offers(conn, vendor.id, [default, affiliates, gold])?;
    tabs(conn, vendor.id, gold)?;
    Ok(Program {
        vendor: vendor.id,
        vendor_name: vendor.name.clone(),
        currency: vendor.currency().code().to_string(),
        groups: [default, affiliates, gold],
    })
}

/// 20% of every sale (10% to the recruiter) by default, $10 a signup for
/// affiliates, 30% of sales in the first year for Gold.
fn offers(conn: &mut PgConnection, vendor: VendorId, [default, affiliates, gold]: [GroupId; 3]) -> QueryResult<()> {
    let terms = |trigger, within_months, reward_cents: Option<i64>, reward_basis_points, referral_basis_points| Terms {
        trigger,
        within_months,
        reward_kind: if reward_cents.is_some() { RewardKind::Fixed } else { RewardKind::Percent },
        reward_cents,
        reward_basis_points,
        min_sale_cents: None,
        product_key: None,
        max_per_customer_cents: None,
        max_per_partner_month_cents: None,
        hold_days: 30,
        referral_basis_points,
    };
    let offers = [
        (default, "Every sale", terms(OfferTrigger::EverySale, None, None, Some(2000), Some(1000))),
        (affiliates, "Each signup", terms(OfferTrigger::Signup, None, Some(1000), None, None)),
        (gold, "First year of sales", terms(OfferTrigger::SalesWithin, Some(12), None, Some(3000), Some(1000))),
    ];
    for (group, name, terms) in offers {
        rewards::create(conn, vendor, group, &OfferSpec { name: name.to_string(), terms })?;
    }
    // Live since before the first partner joined, so every sale earns.
    diesel::update(crate::db::schema::offers::table.filter(crate::db::schema::offers::vendor_id.eq(vendor)))
        .set(crate::db::schema::offers::created_at.eq(chrono::Utc::now() - chrono::Duration::days(200)))
        .execute(conn)?;
    Ok(())
}

/// Gold's lead and deal tabs on, its partners' resources written.
fn tabs(conn: &mut PgConnection, vendor: VendorId, gold: GroupId) -> QueryResult<()> {
    for pipeline in [Pipeline::Leads, Pipeline::Deals] {
        let mut settings = pipelines::ensure(conn, gold, pipeline)?;
        settings.enabled = true;
        if pipeline == Pipeline::Deals {
            settings.won_action = crate::db::states::WonAction::RecordSale;
        }
        pipelines::save_settings(conn, gold, pipeline, &settings)?;
    }
    let resources = [
        (
            ResourceKind::Email,
            "Introducing Northwind",
            "A tool I trust",
            "Hi,\n\nWe switched to Northwind last year and never looked back: {link}\n\n{partner_name}",
        ),
        (
            ResourceKind::Page,
            "Brand guidelines",
            "",
            "## Our logo\n\nUse the **indigo** logo on light backgrounds.\n\n- Never stretch it\n- Leave space around it\n\n## Our name\n\nWrite *Northwind*, one word.",
        ),
        (
            ResourceKind::Page,
            "Partner FAQ",
            "",
            "## When are commissions paid?\n\nApproved commissions are paid at the start of each month.",
        ),
    ];
    for (kind, title, subject, body) in resources {
        let written = Written { group: gold, title: title.into(), subject: subject.into(), body: body.into() };
        resources::create(conn, vendor, kind, &written)?;
    }
    Ok(())
}
