//! Settings: the company name, website, default terms of service, the
//! currency revenue is summed in, the attribution window and the domains
//! links may lead to (proven first where anyone may sign up).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::VendorAdmin;
use super::domain_proof::{self, PROOF_PATH};
use super::forms::VendorSettingsForm;
use super::pages::{DomainProof, VendorSettingsPage};
use super::queries;
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::domain::allowed_domains;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render_status, see_other};

pub async fn show(admin: VendorAdmin, config: web::Data<Config>) -> Result<HttpResponse, AppError> {
    let form = VendorSettingsForm::of(&admin.vendor);
    page(&admin, &config, form, FormErrors::new(), listed_domains(&admin), StatusCode::OK)
}

fn page(
    admin: &VendorAdmin,
    config: &Config,
    form: VendorSettingsForm,
    errors: FormErrors,
    domains: String,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let vendor = &admin.vendor;
    let proof = DomainProof {
        required: config.verify_domains,
        pending: vendor.pending_domains.clone(),
        token: domain_proof::token(config.session_key.expose(), vendor.id),
        path: PROOF_PATH,
    };
    render_status(&VendorSettingsPage { chrome: admin.chrome(Menu::Settings), form, errors, domains, proof }, status)
}

/// The domains box as saved: the allowed ones and those waiting for proof.
fn listed_domains(admin: &VendorAdmin) -> String {
    let vendor = &admin.vendor;
    let mut listed: Vec<&String> = vendor.allowed_domains.iter().chain(&vendor.pending_domains).collect();
    listed.sort();
    listed.iter().map(|d| d.as_str()).collect::<Vec<_>>().join("\n")
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DomainsForm {
    pub domains: String,
}

/// Saves the listed domains; every link is checked against them again.
pub async fn save_domains(
    admin: VendorAdmin,
    form: web::Form<DomainsForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let typed = form.into_inner().domains;
    let listed = match allowed_domains::parse_list(&typed) {
        Ok(listed) => listed,
        Err(problem) => {
            let mut errors = FormErrors::new();
            errors.add("domains", problem);
            let form = VendorSettingsForm::of(&admin.vendor);
            return page(&admin, &config, form, errors, typed, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let (id, proof_required, saved) = (admin.vendor.id, config.verify_domains, listed.clone());
    let waiting =
        db::transaction(&pool, move |conn| Ok(queries::set_domains(conn, id, &saved, proof_required)?)).await?;
    let message = if waiting.is_empty() {
        format!("Allowed domains saved: {}.", listed.join(", "))
    } else {
        format!(
            "Domains saved. Waiting for proof: {}. Links may lead there once you prove each one below.",
            waiting.join(", ")
        )
    };
    admin.session.flash(Flash::success(message));
    Ok(see_other(&format!("/vendor/{}/settings#allowed-domains", admin.vendor.slug)))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ProveForm {
    pub domain: String,
}

/// Fetches the proof file from a waiting domain and, when it holds the
/// vendor's token, lets links lead there.
pub async fn prove_domain(
    admin: VendorAdmin,
    form: web::Form<ProveForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let back = see_other(&format!("/vendor/{}/settings#allowed-domains", admin.vendor.slug));
    let domain = form.into_inner().domain;
    if !admin.vendor.pending_domains.contains(&domain) {
        admin
            .session
            .flash(Flash::error(format!("“{domain}” is not waiting for proof; list it under Allowed domains.")));
        return Ok(back);
    }
    let token = domain_proof::token(config.session_key.expose(), admin.vendor.id);
    if let Err(found) = domain_proof::check(&domain, &token, config.domain_check_http_port).await {
        admin.session.flash(Flash::error(format!("{domain} is not proven yet: {found}.")));
        return Ok(back);
    }
    let (id, proven) = (admin.vendor.id, domain.clone());
    let allowed = db::transaction(&pool, move |conn| Ok(queries::allow_proven_domain(conn, id, &proven)?)).await?;
    admin.session.flash(match allowed {
        true => Flash::success(format!("{domain} is proven: your links may lead there now.")),
        false => Flash::error(format!("“{domain}” is no longer waiting for proof.")),
    });
    Ok(back)
}

pub async fn save(
    admin: VendorAdmin,
    form: web::Form<VendorSettingsForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let changes = match form.parse() {
        Ok(changes) => changes,
        Err(errors) => {
            let domains = listed_domains(&admin);
            return page(&admin, &config, form.into_inner(), errors, domains, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let id = admin.vendor.id;
    db::run(&pool, move |conn| Ok(queries::update(conn, id, &changes)?)).await?;
    admin.session.flash(Flash::success("Settings saved."));
    Ok(see_other(&format!("/vendor/{}/settings", admin.vendor.slug)))
}
