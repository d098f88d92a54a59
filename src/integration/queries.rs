//! The vendor's Stripe connection: its sealed signing secret and its mode.

use diesel::prelude::*;

use crate::db::ids::VendorId;
use crate::db::schema::vendors;

/// The sealed signing secret (when the vendor connected Stripe) and
/// whether the connection is live (else test).
pub fn stripe_connection(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<(Option<Vec<u8>>, bool)> {
    vendors::table.find(vendor).select((vendors::stripe_secret_sealed, vendors::stripe_livemode)).first(conn)
}

/// Connects (a secret and a mode) or disconnects (`None`) Stripe.
pub fn set_stripe(conn: &mut PgConnection, vendor: VendorId, connection: Option<(Vec<u8>, bool)>) -> QueryResult<()> {
    let target = vendors::table.find(vendor);
    match connection {
        Some((sealed, livemode)) => diesel::update(target)
            .set((vendors::stripe_secret_sealed.eq(Some(sealed)), vendors::stripe_livemode.eq(livemode)))
            .execute(conn)?,
        None => diesel::update(target).set(vendors::stripe_secret_sealed.eq(None::<Vec<u8>>)).execute(conn)?,
    };
    Ok(())
}
