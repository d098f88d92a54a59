//! Writing a click.

use diesel::prelude::*;

use super::queries::Target;
use crate::db::schema::clicks;

/// What is known of a click before its link is resolved.
pub struct NewClick {
    pub public_id: String,
    pub visitor_hash: String,
    pub referer: Option<String>,
    pub user_agent: Option<String>,
}

/// Records a (non-robot) click on `target`.
pub fn record(conn: &mut PgConnection, target: &Target, click: &NewClick) -> QueryResult<()> {
    diesel::insert_into(clicks::table)
        .values((
            clicks::link_id.eq(target.link.id),
            clicks::partnership_id.eq(target.partnership),
            clicks::ad_id.eq(target.ad),
            clicks::public_id.eq(&click.public_id),
            clicks::visitor_hash.eq(&click.visitor_hash),
            clicks::referer.eq(&click.referer),
            clicks::user_agent.eq(&click.user_agent),
            clicks::is_bot.eq(false),
        ))
        .execute(conn)?;
    Ok(())
}
