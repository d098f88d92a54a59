//! A group's social content, or the defaults when it has none saved.

use diesel::prelude::*;

use crate::db::ids::GroupId;
use crate::db::schema::group_social_content;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = group_social_content)]
pub struct SocialContent {
    pub x_message: String,
    pub linkedin_title: String,
    pub linkedin_message: String,
    pub email_subject: String,
    pub email_body: String,
}

impl Default for SocialContent {
    fn default() -> Self {
        SocialContent {
            x_message: "I use this and recommend it. Have a look: {link}".into(),
            linkedin_title: "A tool I recommend".into(),
            linkedin_message: "I have been using this and think you will like it too: {link}".into(),
            email_subject: "Something I think you'll like".into(),
            email_body: "Hi,\n\nI have been using this and think you will like it too: {link}\n\nBest,\n{partner_name}"
                .into(),
        }
    }
}

pub fn of_group(conn: &mut PgConnection, group: GroupId) -> QueryResult<SocialContent> {
    Ok(group_social_content::table
        .find(group)
        .select(SocialContent::as_select())
        .first(conn)
        .optional()?
        .unwrap_or_default())
}

pub fn save(conn: &mut PgConnection, group: GroupId, content: &SocialContent) -> QueryResult<()> {
    diesel::insert_into(group_social_content::table)
        .values((group_social_content::group_id.eq(group), content))
        .on_conflict(group_social_content::group_id)
        .do_update()
        .set((content, group_social_content::updated_at.eq(diesel::dsl::now)))
        .execute(conn)?;
    Ok(())
}
