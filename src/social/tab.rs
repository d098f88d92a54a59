//! The Social content tab: *Preview post* fills each template with a sample
//! link, *Update* saves them.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::forms::SocialForm;
use super::pages::{Preview, SocialTab};
use super::{Share, fill, queries};
use crate::config::Config;
use crate::db::states::LinkKind;
use crate::db::{self, DbPool};
use crate::groups::{self, GroupPath, group_path};
use crate::links::queries as links;
use crate::links::tracking_url;
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render_status, see_other};

const SAMPLE_PARTNER: &str = "Alex Partner";
const SAMPLE_CODE: &str = "alexp";

pub async fn show(admin: VendorAdmin, path: GroupPath, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, path.1).await?;
    let id = group.id;
    let content = db::run(&pool, move |conn| Ok(queries::of_group(conn, id)?)).await?;
    let page = SocialTab {
        chrome: admin.chrome(Menu::Groups),
        tab: crate::groups::GroupTab::SocialContent,
        group,
        form: SocialForm::of(&content),
        errors: FormErrors::new(),
        preview: None,
    };
    render_status(&page, StatusCode::OK)
}

pub async fn save(
    admin: VendorAdmin,
    path: GroupPath,
    form: web::Form<SocialForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, path.1).await?;
    let form = form.into_inner();
    let chrome = admin.chrome(Menu::Groups);
    let content = match form.parse() {
        Err(errors) => {
            let page =
                SocialTab { chrome, tab: crate::groups::GroupTab::SocialContent, group, form, errors, preview: None };
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
        Ok(content) if form.is_preview() => {
            let preview = Some(preview(&content, &sample_link(&pool, &config, group.id).await?));
            let page = SocialTab {
                chrome,
                tab: crate::groups::GroupTab::SocialContent,
                group,
                form,
                errors: FormErrors::new(),
                preview,
            };
            return render_status(&page, StatusCode::OK);
        }
        Ok(content) => content,
    };
    db::run(&pool, move |conn| Ok(queries::save(conn, group.id, &content)?)).await?;
    admin.session.flash(Flash::success("Social content updated: partners share it with their own links."));
    Ok(see_other(&format!("{}/social-content", group_path(&admin.vendor.slug, path.1))))
}

/// The group's original link as a sample partner's tracking URL.
async fn sample_link(pool: &DbPool, config: &Config, group: crate::db::ids::GroupId) -> Result<String, AppError> {
    let code = db::run(pool, move |conn| {
        Ok(links::group_links(conn, group, LinkKind::Default)?.into_iter().next().map(|l| l.code))
    })
    .await?
    .unwrap_or_else(|| "link".into());
    Ok(tracking_url(config, &code, SAMPLE_CODE, None))
}

fn preview(content: &queries::SocialContent, sample: &str) -> Preview {
    Preview {
        x: fill(&content.x_message, sample, SAMPLE_PARTNER),
        linkedin_title: fill(&content.linkedin_title, sample, SAMPLE_PARTNER),
        linkedin: fill(&content.linkedin_message, sample, SAMPLE_PARTNER),
        email_subject: fill(&content.email_subject, sample, SAMPLE_PARTNER),
        email_body: fill(&content.email_body, sample, SAMPLE_PARTNER),
        share: Share::of(content, sample, SAMPLE_PARTNER),
    }
}
