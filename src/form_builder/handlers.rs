//! The field buttons of a form's tab: add, move up or down, remove.

use actix_web::{HttpRequest, HttpResponse, web};

use super::forms::{FieldForm, MoveForm};
use super::queries::{self, NewField};
use super::{App, FormTab};
use crate::config::Config;
use crate::db::ids::{FieldId, GroupId};
use crate::db::states::GroupForm;
use crate::db::{self, DbPool};
use crate::groups;
use crate::vendors::VendorAdmin;
use crate::web::{AppError, Flash, see_other};

type TabPath = web::Path<(String, GroupId)>;
type FieldPath = web::Path<(String, GroupId, FieldId)>;

fn form_of<T: FormTab>(req: &HttpRequest) -> Result<GroupForm, AppError> {
    T::form(req).ok_or(AppError::NotFound)
}

/// Back to the list of fields on the tab the request came from
/// (`{tab}/fields…`).
fn back(req: &HttpRequest) -> HttpResponse {
    let tab = req.path().rsplit_once("/fields").map_or(req.path(), |(tab, _)| tab);
    see_other(&format!("{tab}#fields"))
}

pub async fn add_field<T: FormTab>(
    admin: VendorAdmin,
    req: HttpRequest,
    path: TabPath,
    typed: web::Form<FieldForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let form = form_of::<T>(&req)?;
    let group = groups::load(&pool, admin.vendor.id, path.1).await?;
    let typed = typed.into_inner();
    let field = match typed.parse() {
        Ok(field) => field,
        Err(errors) => return T::again(admin, form, group.id, typed, errors, App { pool, config }).await,
    };
    db::transaction(&pool, move |conn| {
        let new = NewField { label: &field.label, kind: field.kind, choices: &field.choices, required: field.required };
        Ok(queries::add(conn, group.id, form, &new)?)
    })
    .await?;
    admin.session.flash(Flash::success("Field added."));
    Ok(back(&req))
}

pub async fn move_field<T: FormTab>(
    admin: VendorAdmin,
    req: HttpRequest,
    path: FieldPath,
    typed: web::Form<MoveForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let form = form_of::<T>(&req)?;
    let (_, group, field) = path.into_inner();
    let group = groups::load(&pool, admin.vendor.id, group).await?.id;
    let direction = typed.direction().ok_or_else(|| AppError::BadRequest("Move up or down.".into()))?;
    if !db::transaction(&pool, move |conn| Ok(queries::move_field(conn, group, form, field, direction)?)).await? {
        return Err(AppError::NotFound);
    }
    Ok(back(&req))
}

pub async fn remove_field<T: FormTab>(
    admin: VendorAdmin,
    req: HttpRequest,
    path: FieldPath,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let form = form_of::<T>(&req)?;
    let (_, group, field) = path.into_inner();
    let group = groups::load(&pool, admin.vendor.id, group).await?.id;
    if !db::run(&pool, move |conn| Ok(queries::remove(conn, group, form, field)?)).await? {
        return Err(AppError::NotFound);
    }
    admin.session.flash(Flash::success("Field removed. Answers already given keep it."));
    Ok(back(&req))
}
