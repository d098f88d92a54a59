//! The API's queries: vendor API keys (the secret is shown once; only its
//! SHA-256 is stored) and partnerships as the API lists them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::ids::{ApiKeyId, GroupId, UserId, VendorId};
use crate::db::schema::{api_keys, partner_groups, partnerships, users};
use crate::db::states::PartnershipStatus;
use crate::groups::queries::{self as groups, Group};

const SECRET_PREFIX: &str = "pd_";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_keys)]
pub struct ApiKey {
    pub id: ApiKeyId,
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
pub fn revoke(conn: &mut PgConnection, vendor: VendorId, id: ApiKeyId) -> QueryResult<bool> {
    let found: Option<ApiKeyId> = api_keys::table
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

#[derive(Debug, Serialize, Queryable)]
pub struct PartnershipJson {
    pub partner_code: String,
    pub email: String,
    pub name: String,
    pub group: String,
    pub status: PartnershipStatus,
    pub joined_at: DateTime<Utc>,
}

#[diesel::dsl::auto_type]
fn listing(vendor: VendorId) -> _ {
    partnerships::table
        .inner_join(users::table)
        .inner_join(partner_groups::table)
        .filter(partnerships::vendor_id.eq(vendor))
        .select((
            partnerships::code,
            users::email,
            partnerships::partner_name,
            partner_groups::slug,
            partnerships::status,
            partnerships::created_at,
        ))
}

/// The vendor's partnership with this partner code.
pub fn partnership(conn: &mut PgConnection, vendor: VendorId, code: &str) -> QueryResult<Option<PartnershipJson>> {
    listing(vendor).filter(partnerships::code.eq(code)).first(conn).optional()
}

/// One page of the vendor's partnerships with `status` (in `group` when
/// given), oldest first, and how many there are in all.
pub fn partnerships_page(
    conn: &mut PgConnection,
    vendor: VendorId,
    status: PartnershipStatus,
    group: Option<GroupId>,
    page: (i64, i64),
) -> QueryResult<(Vec<PartnershipJson>, i64)> {
    let (number, per_page) = page;
    let mut filtered = listing(vendor).filter(partnerships::status.eq(status)).into_boxed();
    let mut counted = partnerships::table
        .filter(partnerships::vendor_id.eq(vendor))
        .filter(partnerships::status.eq(status))
        .into_boxed();
    if let Some(group) = group {
        filtered = filtered.filter(partnerships::group_id.eq(group));
        counted = counted.filter(partnerships::group_id.eq(group));
    }
    let data = filtered.order(partnerships::id.asc()).limit(per_page).offset((number - 1) * per_page).load(conn)?;
    Ok((data, counted.count().get_result(conn)?))
}

/// The group with `slug`, or the default group when none is given.
pub fn group_by_slug(conn: &mut PgConnection, vendor: VendorId, slug: Option<&str>) -> QueryResult<Option<Group>> {
    let all = groups::list(conn, vendor)?;
    Ok(match slug.map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) => all.into_iter().find(|g| g.slug == slug),
        None => all.into_iter().find(|g| g.is_default),
    })
}
