//! The custom-form builder every group form shares — the application form
//! and the lead and deal forms: fields of six kinds, added, removed, moved
//! up and down and reset, and answers checked against them. A tab that edits
//! a form mounts [`routes`] under its own path and implements [`FormTab`] to
//! be shown again when a new field is refused.

pub mod answers;
pub mod forms;
mod handlers;
pub mod queries;

use std::future::Future;

use actix_web::{HttpRequest, HttpResponse, web};

pub use queries::{Answer, Field};

use crate::config::Config;
use crate::db::DbPool;
use crate::db::ids::GroupId;
use crate::db::states::GroupForm;
use crate::vendors::VendorAdmin;
use crate::web::{AppError, FormErrors};
use forms::FieldForm;

/// A group tab that holds one of the group's forms.
pub trait FormTab: 'static {
    /// Which form the tab at this request's path edits.
    fn form(req: &HttpRequest) -> Option<GroupForm>;

    /// The tab again, answering 422, with the add-field form as typed and
    /// what is wrong with it.
    fn again(
        admin: VendorAdmin,
        form: GroupForm,
        group: GroupId,
        typed: FieldForm,
        errors: FormErrors,
        app: App,
    ) -> impl Future<Output = Result<HttpResponse, AppError>>;
}

/// The app's state a tab renders with.
pub struct App {
    pub pool: web::Data<DbPool>,
    pub config: web::Data<Config>,
}

/// Mounts `{tab}/fields`, `{tab}/fields/{field_id}/move` and `…/delete`.
pub fn routes<T: FormTab>(cfg: &mut web::ServiceConfig, tab: &str) {
    cfg.route(&format!("{tab}/fields"), web::post().to(handlers::add_field::<T>))
        .route(&format!("{tab}/fields/{{field_id}}/move"), web::post().to(handlers::move_field::<T>))
        .route(&format!("{tab}/fields/{{field_id}}/delete"), web::post().to(handlers::remove_field::<T>));
}

/// What a tab shows of its form: the fields with their buttons, and the
/// add-field form (`templates/form_builder/fields.html`).
pub struct FieldsEditor {
    pub fields: Vec<Field>,
    /// The add-field form, as typed when it was refused.
    pub typed: FieldForm,
    /// `{tab}/fields`, where the buttons post.
    pub action: String,
    /// What the form calls a field: "Question", "Field".
    pub noun: &'static str,
    /// Said when there are no fields yet.
    pub empty: &'static str,
}

impl FieldsEditor {
    pub fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        forms::kinds()
    }
}
