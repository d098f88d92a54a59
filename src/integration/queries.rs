//! The vendor's Stripe connection and the events it has delivered.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::ids::VendorId;
use crate::db::schema::{stripe_events, vendors};

/// The sealed signing secret, when the vendor connected Stripe.
pub fn stripe_secret(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<Option<Vec<u8>>> {
    vendors::table.find(vendor).select(vendors::stripe_secret_sealed).first(conn)
}

pub fn set_stripe_secret(conn: &mut PgConnection, vendor: VendorId, sealed: Option<Vec<u8>>) -> QueryResult<()> {
    diesel::update(vendors::table.find(vendor)).set(vendors::stripe_secret_sealed.eq(sealed)).execute(conn)?;
    Ok(())
}

/// Records the event; `false` when it was already handled.
pub fn first_delivery(conn: &mut PgConnection, vendor: VendorId, id: &str, kind: &str) -> QueryResult<bool> {
    let inserted = diesel::insert_into(stripe_events::table)
        .values((stripe_events::vendor_id.eq(vendor), stripe_events::event_id.eq(id), stripe_events::kind.eq(kind)))
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(inserted == 1)
}

/// The latest event received, for the Integration page.
pub fn last_event(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<Option<(String, DateTime<Utc>)>> {
    stripe_events::table
        .filter(stripe_events::vendor_id.eq(vendor))
        .order(stripe_events::received_at.desc())
        .select((stripe_events::kind, stripe_events::received_at))
        .first(conn)
        .optional()
}
