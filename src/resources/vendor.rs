//! The vendor's *E-mail Templates* and *Resource Pages*: a list with a form
//! to add one, an edit page, and delete.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::forms::ResourceForm;
use super::pages::{EditResource, ResourceList};
use super::queries::{self, Resource};
use crate::db::ids::{GroupId, ResourceId};
use crate::db::states::ResourceKind;
use crate::db::{self, DbPool};
use crate::groups::queries as groups;
use crate::vendors::VendorAdmin;
use crate::web::{AppError, Flash, FormErrors, render_status, see_other};

pub fn routes(cfg: &mut web::ServiceConfig) {
    for list in ["/vendor/{vendor_slug}/email-templates", "/vendor/{vendor_slug}/resource-pages"] {
        cfg.route(list, web::get().to(index))
            .route(list, web::post().to(create))
            .route(&format!("{list}/{{resource_id}}"), web::get().to(edit))
            .route(&format!("{list}/{{resource_id}}"), web::post().to(update))
            .route(&format!("{list}/{{resource_id}}/delete"), web::post().to(delete));
    }
}

fn list_path(admin: &VendorAdmin, kind: ResourceKind) -> String {
    format!("/vendor/{}/{}", admin.vendor.slug, kind.segment())
}

async fn group_choices(pool: &DbPool, admin: &VendorAdmin) -> Result<Vec<(GroupId, String)>, AppError> {
    let vendor = admin.vendor.id;
    db::run(pool, move |conn| Ok(groups::list(conn, vendor)?.into_iter().map(|g| (g.id, g.name)).collect())).await
}

pub async fn index(admin: VendorAdmin, kind: ResourceKind, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    list(admin, kind, &pool, ResourceForm::default(), FormErrors::new(), StatusCode::OK).await
}

async fn list(
    admin: VendorAdmin,
    kind: ResourceKind,
    pool: &DbPool,
    form: ResourceForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let vendor = admin.vendor.id;
    let rows = db::run(pool, move |conn| Ok(queries::of_vendor(conn, vendor, kind)?)).await?;
    let groups = group_choices(pool, &admin).await?;
    let page = ResourceList { chrome: admin.chrome(kind.menu()), kind, rows, groups, form, errors };
    render_status(&page, status)
}

pub async fn create(
    admin: VendorAdmin,
    kind: ResourceKind,
    form: web::Form<ResourceForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let groups = group_choices(&pool, &admin).await?;
    let ids: Vec<GroupId> = groups.iter().map(|(id, _)| *id).collect();
    let form = form.into_inner();
    let written = match form.parse(kind, &ids) {
        Ok(written) => written,
        Err(errors) => return list(admin, kind, &pool, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let vendor = admin.vendor.id;
    db::run(&pool, move |conn| Ok(queries::create(conn, vendor, kind, &written)?)).await?;
    admin.session.flash(Flash::success(format!("{} “{}” added.", capitalized(kind.noun()), form.title.trim())));
    Ok(see_other(&list_path(&admin, kind)))
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

type ResourcePath = web::Path<(String, ResourceId)>;

async fn load(pool: &DbPool, admin: &VendorAdmin, kind: ResourceKind, id: ResourceId) -> Result<Resource, AppError> {
    let vendor = admin.vendor.id;
    db::run(pool, move |conn| queries::find(conn, vendor, kind, id)?.ok_or(AppError::NotFound)).await
}

pub async fn edit(
    admin: VendorAdmin,
    kind: ResourceKind,
    path: ResourcePath,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let resource = load(&pool, &admin, kind, path.1).await?;
    let groups = group_choices(&pool, &admin).await?;
    let form = ResourceForm::of(&resource);
    let page =
        EditResource { chrome: admin.chrome(kind.menu()), kind, resource, groups, form, errors: FormErrors::new() };
    render_status(&page, StatusCode::OK)
}

pub async fn update(
    admin: VendorAdmin,
    kind: ResourceKind,
    path: ResourcePath,
    form: web::Form<ResourceForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let resource = load(&pool, &admin, kind, path.1).await?;
    let groups = group_choices(&pool, &admin).await?;
    let ids: Vec<GroupId> = groups.iter().map(|(id, _)| *id).collect();
    let form = form.into_inner();
    let written = match form.parse(kind, &ids) {
        Ok(written) => written,
        Err(errors) => {
            let page = EditResource { chrome: admin.chrome(kind.menu()), kind, resource, groups, form, errors };
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let (vendor, id) = (admin.vendor.id, resource.id);
    if !db::run(&pool, move |conn| Ok(queries::update(conn, vendor, kind, id, &written)?)).await? {
        return Err(AppError::NotFound);
    }
    admin.session.flash(Flash::success(format!("{} saved.", capitalized(kind.noun()))));
    Ok(see_other(&list_path(&admin, kind)))
}

pub async fn delete(
    admin: VendorAdmin,
    kind: ResourceKind,
    path: ResourcePath,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (vendor, id) = (admin.vendor.id, path.1);
    if !db::run(&pool, move |conn| Ok(queries::delete(conn, vendor, kind, id)?)).await? {
        return Err(AppError::NotFound);
    }
    admin.session.flash(Flash::success(format!("{} deleted.", capitalized(kind.noun()))));
    Ok(see_other(&list_path(&admin, kind)))
}
