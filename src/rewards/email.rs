//! The emails a partner gets: a new commission, a payout paid. Each can
//! be turned off in the partner's account settings.

use diesel::PgConnection;
use diesel::prelude::*;

use super::queries::Commission;
use crate::db::ids::{PartnershipId, PayoutId};
use crate::db::schema::{partnerships, payouts, users, vendors};
use crate::email::Outbox;
use crate::email_templates;
use crate::web::AppError;

pub struct CommissionEarnedEmail {
    pub partner_name: String,
    pub vendor_name: String,
    pub amount: String,
    pub arithmetic: String,
    pub status: String,
    pub receipt_url: String,
    pub settings_url: String,
}

pub struct PayoutPaidEmail {
    pub partner_name: String,
    pub vendor_name: String,
    pub amount: String,
    pub commissions: i64,
    pub paid_on: String,
    pub reference: String,
    pub payouts_url: String,
    pub settings_url: String,
}

email_templates!(
    CommissionEarnedEmail,
    "email/commission_earned/subject.txt",
    "email/commission_earned/body.txt",
    "email/commission_earned/body.html"
);
email_templates!(
    PayoutPaidEmail,
    "email/payout_paid/subject.txt",
    "email/payout_paid/body.txt",
    "email/payout_paid/body.html"
);

/// Who a partnership's emails go to, whether they want them, and the program.
struct Recipient {
    email: String,
    name: String,
    wants_commissions: bool,
    wants_payouts: bool,
    vendor_name: String,
    vendor_slug: String,
}

fn recipient(conn: &mut PgConnection, partnership: PartnershipId) -> QueryResult<Recipient> {
    let (email, name, wants_commissions, wants_payouts, vendor_name, vendor_slug) = partnerships::table
        .inner_join(users::table)
        .inner_join(vendors::table)
        .filter(partnerships::id.eq(partnership))
        .select((
            users::email,
            users::name,
            users::notify_commissions,
            users::notify_payouts,
            vendors::name,
            vendors::slug,
        ))
        .first::<(String, String, bool, bool, String, String)>(conn)?;
    Ok(Recipient { email, name, wants_commissions, wants_payouts, vendor_name, vendor_slug })
}

/// Tells each earner of `commissions` what they earned. Call inside the
/// transaction that wrote them.
pub fn queue_earned(conn: &mut PgConnection, outbox: &Outbox, commissions: &[Commission]) -> Result<(), AppError> {
    for commission in commissions {
        let to = recipient(conn, commission.partnership_id)?;
        if !to.wants_commissions {
            continue;
        }
        let content = CommissionEarnedEmail {
            partner_name: to.name,
            vendor_name: to.vendor_name,
            amount: commission.amount().to_string(),
            arithmetic: commission.arithmetic.clone(),
            status: commission.status.as_str().to_string(),
            receipt_url: outbox.url(&format!("/partner/{}/earnings/{}", to.vendor_slug, commission.id)),
            settings_url: outbox.url("/account"),
        };
        outbox.enqueue(conn, &to.email, &content)?;
    }
    Ok(())
}

/// Tells each partner of the paid payouts. Call inside the transaction that marked them.
pub fn queue_paid(conn: &mut PgConnection, outbox: &Outbox, paid: &[PayoutId]) -> Result<(), AppError> {
    for id in paid {
        let (partnership, amount_cents, currency, reference, paid_on) = payouts::table
            .find(id)
            .select((
                payouts::partnership_id,
                payouts::amount_cents,
                payouts::currency,
                payouts::reference,
                payouts::paid_on,
            ))
            .first::<(PartnershipId, i64, String, Option<String>, Option<chrono::NaiveDate>)>(conn)?;
        let to = recipient(conn, partnership)?;
        if !to.wants_payouts {
            continue;
        }
        let currency = crate::domain::Currency::stored(&currency);
        let commissions: i64 = crate::db::schema::commissions::table
            .filter(crate::db::schema::commissions::payout_id.eq(id))
            .count()
            .get_result(conn)?;
        let content = PayoutPaidEmail {
            partner_name: to.name,
            vendor_name: to.vendor_name,
            amount: crate::domain::Money::new(amount_cents, currency).to_string(),
            commissions,
            paid_on: paid_on.map(|d| d.format("%b %-d, %Y").to_string()).unwrap_or_default(),
            reference: reference.unwrap_or_default(),
            payouts_url: outbox.url(&format!("/partner/{}/payouts", to.vendor_slug)),
            settings_url: outbox.url("/account"),
        };
        outbox.enqueue(conn, &to.email, &content)?;
    }
    Ok(())
}
