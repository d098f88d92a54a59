//! Creating a group's default and secondary links.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::forms::{LinkForm, ParsedLink};
use super::pages::{Back, FormKind, LinkFormPage};
use super::queries::{self, CreateRefusal, MAX_DEFAULT_LINKS};
use super::tracking_prefix;
use crate::config::Config;
use crate::db::ids::GroupId;
use crate::db::states::LinkKind;
use crate::db::{self, DbPool};
use crate::groups::queries::Group;
use crate::groups::{self, GroupPath, group_path};
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render, render_status, see_other};

fn limit_message() -> String {
    format!(
        "This group already has {MAX_DEFAULT_LINKS} default links, the most a group can have. Delete one to add another."
    )
}

pub async fn new_default(
    admin: VendorAdmin,
    path: GroupPath,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (vendor, group_id) = (admin.vendor.id, path.1);
    let (group, count) = db::run(&pool, move |conn| {
        let group = groups::queries::find(conn, vendor, group_id)?;
        let count = queries::group_links(conn, group.id, LinkKind::Default)?.len() as i64;
        Ok((group, count))
    })
    .await?;
    let refusal = (count >= MAX_DEFAULT_LINKS).then(limit_message);
    render(&form_page(&admin, &config, group, FormKind::NewDefault, LinkForm::default(), FormErrors::new(), refusal))
}

pub async fn new_secondary(
    admin: VendorAdmin,
    path: GroupPath,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, path.1).await?;
    render(&form_page(&admin, &config, group, FormKind::NewSecondary, LinkForm::default(), FormErrors::new(), None))
}

pub async fn create_default(
    admin: VendorAdmin,
    path: GroupPath,
    form: web::Form<LinkForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    create(admin, path.1, FormKind::NewDefault, form.into_inner(), pool, config).await
}

pub async fn create_secondary(
    admin: VendorAdmin,
    path: GroupPath,
    form: web::Form<LinkForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    create(admin, path.1, FormKind::NewSecondary, form.into_inner(), pool, config).await
}

async fn create(
    admin: VendorAdmin,
    group_id: GroupId,
    kind: FormKind,
    form: LinkForm,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, group_id).await?;
    let secondary = kind == FormKind::NewSecondary;
    let ParsedLink { changes, code } = match form.parse(secondary, true, &admin.vendor.allowed_domains) {
        Ok(parsed) => parsed,
        Err(errors) => return form_again(&admin, &config, group, kind, form, errors, None),
    };
    let link_kind = if secondary { LinkKind::Secondary } else { LinkKind::Default };
    let outcome =
        db::run(&pool, move |conn| Ok(queries::create_group_link(conn, group_id, link_kind, &changes, code.as_ref())?))
            .await?;
    let mut errors = FormErrors::new();
    let refusal = match outcome {
        Ok(link) => {
            admin
                .session
                .flash(Flash::success(format!("Link “{}” created with the link text {}.", link.title, link.code)));
            return Ok(see_other(&group_path(&admin.vendor.slug, group_id)));
        }
        Err(CreateRefusal::CodeTaken) => {
            errors.add("code", "This link text is already taken. Choose another.");
            None
        }
        Err(CreateRefusal::TooManyDefaultLinks) => Some(limit_message()),
    };
    form_again(&admin, &config, group, kind, form, errors, refusal)
}

fn form_again(
    admin: &VendorAdmin,
    config: &Config,
    group: Group,
    kind: FormKind,
    form: LinkForm,
    errors: FormErrors,
    refusal: Option<String>,
) -> Result<HttpResponse, AppError> {
    render_status(&form_page(admin, config, group, kind, form, errors, refusal), StatusCode::UNPROCESSABLE_ENTITY)
}

fn form_page(
    admin: &VendorAdmin,
    config: &Config,
    group: Group,
    kind: FormKind,
    form: LinkForm,
    errors: FormErrors,
    refusal: Option<String>,
) -> LinkFormPage {
    let base = group_path(&admin.vendor.slug, group.id);
    let action =
        if kind == FormKind::NewSecondary { format!("{base}/secondary-links") } else { format!("{base}/links") };
    LinkFormPage {
        chrome: admin.chrome(Menu::Groups),
        back: Back::to_group(&admin.vendor.slug, &group),
        kind,
        form,
        errors,
        editing: None,
        refusal,
        action,
        tracking_prefix: tracking_prefix(config),
    }
}
