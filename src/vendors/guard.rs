//! `VendorAdmin`: the guard of every vendor dashboard page.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use super::queries::{self, Vendor};
use crate::auth::guards::{Pending, area_chrome, signed_in_with};
use crate::auth::{SignedIn, TypedSession, Viewer};
use crate::web::Menu;
use crate::web::chrome::Area;
use crate::web::{AppError, Chrome, NavItem};

/// An admin of the vendor named by the `{vendor_slug}` path segment; anyone
/// else gets 404.
pub struct VendorAdmin {
    pub session: TypedSession,
    pub viewer: Viewer,
    pub vendor: Vendor,
}

impl VendorAdmin {
    pub fn chrome(&self, menu: Menu) -> Chrome {
        let current = NavItem { slug: self.vendor.slug.clone(), name: self.vendor.name.clone() };
        area_chrome(&self.session, Some(&self.viewer), Area::Vendor, Some(current), menu)
    }
}

impl FromRequest for VendorAdmin {
    type Error = AppError;
    type Future = Pending<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let (SignedIn { session, viewer }, vendor) = signed_in_with(&req, |conn, slug, user| {
                queries::administered_by(conn, slug, user)?.ok_or(AppError::NotFound)
            })
            .await?;
            Ok(VendorAdmin { session, viewer, vendor })
        })
    }
}
