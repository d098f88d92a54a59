//! Vendor API keys: the secret is shown once; only its SHA-256 is stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db::ids::{UserId, VendorId};
use crate::db::schema::api_keys;

const SECRET_PREFIX: &str = "pd_";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_keys)]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Creates a key; returns the secret, which is never shown again.
pub fn create(conn: &mut PgConnection, vendor: VendorId, name: &str, by: UserId) -> QueryResult<String> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = format!("{SECRET_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    diesel::insert_into(api_keys::table)
        .values((
            api_keys::vendor_id.eq(vendor),
            api_keys::name.eq(name),
            api_keys::prefix.eq(&secret[..SECRET_PREFIX.len() + 6]),
            api_keys::key_hash.eq(hash(&secret)),
            api_keys::created_by.eq(by),
        ))
        .execute(conn)?;
    Ok(secret)
}

pub fn list(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<Vec<ApiKey>> {
    api_keys::table
        .filter(api_keys::vendor_id.eq(vendor))
        .order(api_keys::created_at.desc())
        .select(ApiKey::as_select())
        .load(conn)
}

/// Revokes one of the vendor's keys; false when it is not theirs.
pub fn revoke(conn: &mut PgConnection, vendor: VendorId, id: i64) -> QueryResult<bool> {
    let found: Option<i64> = api_keys::table
        .filter(api_keys::vendor_id.eq(vendor))
        .filter(api_keys::id.eq(id))
        .select(api_keys::id)
        .first(conn)
        .optional()?;
    if found.is_some() {
        diesel::update(api_keys::table.find(id).filter(api_keys::revoked_at.is_null()))
            .set(api_keys::revoked_at.eq(diesel::dsl::now))
            .execute(conn)?;
    }
    Ok(found.is_some())
}

/// The vendor a live key belongs to, noting when it was last used.
pub fn authenticate(conn: &mut PgConnection, secret: &str) -> QueryResult<Option<VendorId>> {
    diesel::update(api_keys::table.filter(api_keys::key_hash.eq(hash(secret))).filter(api_keys::revoked_at.is_null()))
        .set(api_keys::last_used_at.eq(diesel::dsl::now))
        .returning(api_keys::vendor_id)
        .get_result(conn)
        .optional()
}
