//! Extractors that answer "who is this?" from the database on every request:
//! a cookie is only a claim, checked against the user's current epoch. The
//! per-program guards (`vendors::VendorAdmin`, `partners::Partner`) build on
//! [`signed_in_with`].

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use diesel::PgConnection;

use super::queries::{self, User};
use super::session::TypedSession;
use crate::db::ids::UserId;
use crate::db::{self, DbPool};
use crate::web::Menu;
use crate::web::chrome::Area;
use crate::web::{AppError, Chrome, NavItem};

/// What an extractor's future is.
pub type Pending<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

/// A signed-in user with what the menus need.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: User,
    pub vendors: Vec<NavItem>,
    pub programs: Vec<NavItem>,
    /// For each program, what its partners may submit (leads, deals).
    pub submissions: crate::web::chrome::Submissions,
}

/// Any visitor, signed in or not.
pub struct Visitor {
    pub session: TypedSession,
    pub viewer: Option<Viewer>,
}

/// A signed-in user; anyone else is sent to the log-in page.
pub struct SignedIn {
    pub session: TypedSession,
    pub viewer: Viewer,
}

fn pool(req: &HttpRequest) -> Result<DbPool, AppError> {
    req.app_data::<web::Data<DbPool>>()
        .map(|p| p.get_ref().clone())
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("database pool not configured")))
}

async fn load_viewer(req: &HttpRequest, session: &TypedSession) -> Result<Option<Viewer>, AppError> {
    let Some((user_id, epoch)) = session.claimed_user() else {
        return Ok(None);
    };
    let viewer = db::run(&pool(req)?, move |conn| {
        let Some(user) = queries::current_user(conn, user_id, epoch)? else {
            return Ok(None);
        };
        let vendors = queries::administered_vendors(conn, user.id)?;
        // Programs open only to a proven mailbox (a vendor may have added this email).
        let (programs, submissions) =
            if user.is_verified() { queries::active_programs(conn, user.id)? } else { Default::default() };
        Ok(Some(Viewer { user, vendors, programs, submissions }))
    })
    .await?;
    if viewer.is_none() {
        // Logged out elsewhere, password changed, or account gone.
        session.clear();
    }
    Ok(viewer)
}

fn unauthorized(req: &HttpRequest) -> AppError {
    let next = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/").to_string();
    AppError::Unauthorized { next }
}

/// The layout context for `viewer` in `area`, showing `current` (a vendor
/// or a program) with `menu` highlighted.
pub fn area_chrome(
    session: &TypedSession,
    viewer: Option<&Viewer>,
    area: Area,
    current: Option<NavItem>,
    menu: Menu,
) -> Chrome {
    let menus = match viewer {
        Some(viewer) => menus_for(session, viewer),
        None => Chrome { csrf_token: session.csrf_token(), ..Chrome::bare() },
    };
    Chrome { flash: session.take_flash(), area, current, menu, ..menus }
}

/// The public layout with a signed-in person's menus and no flash: an
/// error page leaves a pending flash for the next real page.
pub fn menus_for(session: &TypedSession, viewer: &Viewer) -> Chrome {
    Chrome {
        csrf_token: session.csrf_token(),
        user_name: Some(viewer.user.name.clone()),
        unverified_email: (!viewer.user.is_verified()).then(|| viewer.user.email.clone()),
        vendors: viewer.vendors.clone(),
        programs: viewer.programs.clone(),
        submissions: viewer.submissions.clone(),
        ..Chrome::bare()
    }
}

impl Visitor {
    pub fn chrome(&self) -> Chrome {
        area_chrome(&self.session, self.viewer.as_ref(), Area::Public, None, Menu::None)
    }
}

impl SignedIn {
    pub fn chrome(&self) -> Chrome {
        area_chrome(&self.session, Some(&self.viewer), Area::Public, None, Menu::None)
    }

    /// The partner center's layout, showing `program` when one is open.
    pub fn partner_chrome(&self, program: Option<NavItem>, menu: Menu) -> Chrome {
        area_chrome(&self.session, Some(&self.viewer), Area::Partner, program, menu)
    }
}

impl FromRequest for Visitor {
    type Error = AppError;
    type Future = Pending<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let session = TypedSession::extract(&req).await.map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
            let viewer = load_viewer(&req, &session).await?;
            Ok(Visitor { session, viewer })
        })
    }
}

impl FromRequest for SignedIn {
    type Error = AppError;
    type Future = Pending<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let Visitor { session, viewer } = Visitor::extract(&req).await?;
            let viewer = viewer.ok_or_else(|| unauthorized(&req))?;
            Ok(SignedIn { session, viewer })
        })
    }
}

/// The steps every per-program guard shares: a signed-in user, then
/// `lookup` of the path's `{vendor_slug}` for that user in the database.
/// `lookup` answers NotFound for anyone without access, so another
/// vendor's pages do not even show they exist.
pub async fn signed_in_with<T, F>(req: &HttpRequest, lookup: F) -> Result<(SignedIn, T), AppError>
where
    F: FnOnce(&mut PgConnection, &str, UserId) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let signed_in = SignedIn::extract(req).await?;
    let slug = req.match_info().get("vendor_slug").unwrap_or_default().to_string();
    let user = signed_in.viewer.user.id;
    let found = db::run(&pool(req)?, move |conn| lookup(conn, &slug, user)).await?;
    Ok((signed_in, found))
}
