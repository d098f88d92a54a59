//! `Partner`: the guard of every partner center page of one program.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use super::queries::{self, Partnership};
use crate::auth::guards::{Pending, area_chrome, signed_in_with};
use crate::auth::{SignedIn, TypedSession, Viewer};
use crate::vendors::Vendor;
use crate::vendors::queries as vendors;
use crate::web::Menu;
use crate::web::chrome::Area;
use crate::web::{AppError, Chrome, NavItem};

/// An active partner of the program named by `{vendor_slug}`; a removed
/// partnership, or none, gets 404.
pub struct Partner {
    pub session: TypedSession,
    pub viewer: Viewer,
    pub vendor: Vendor,
    pub partnership: Partnership,
}

impl Partner {
    pub fn chrome(&self, menu: Menu) -> Chrome {
        let current = NavItem { slug: self.vendor.slug.clone(), name: self.vendor.name.clone() };
        area_chrome(&self.session, Some(&self.viewer), Area::Partner, Some(current), menu)
    }
}

impl FromRequest for Partner {
    type Error = AppError;
    type Future = Pending<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let (SignedIn { session, viewer }, (vendor, partnership)) = signed_in_with(&req, |conn, slug, user| {
                let vendor = vendors::by_slug(conn, slug)?;
                let partnership = queries::active(conn, vendor.id, user)?.ok_or(AppError::NotFound)?;
                Ok((vendor, partnership))
            })
            .await?;
            crate::auth::verified::require_verified(&viewer.user)?;
            Ok(Partner { session, viewer, vendor, partnership })
        })
    }
}
