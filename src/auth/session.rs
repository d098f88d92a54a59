//! The typed view of the cookie session.

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use std::future::{Ready, ready};

use crate::db::ids::UserId;
use crate::web::{Flash, csrf};

const USER_ID: &str = "uid";
const EPOCH: &str = "epoch";
const FLASH: &str = "flash";

/// The session cookie's contents, read and written through names, not strings.
pub struct TypedSession(Session);

impl TypedSession {
    /// The claimed user and the epoch the cookie was issued in; the guards
    /// check both against the database before trusting them.
    pub fn claimed_user(&self) -> Option<(UserId, i32)> {
        let user = self.0.get::<UserId>(USER_ID).ok().flatten()?;
        let epoch = self.0.get::<i32>(EPOCH).ok().flatten()?;
        Some((user, epoch))
    }

    /// Starts a signed-in session under a fresh session state and CSRF token.
    pub fn log_in(&self, user: UserId, epoch: i32) {
        self.0.renew();
        let _ = self.0.insert(USER_ID, user);
        let _ = self.0.insert(EPOCH, epoch);
        csrf::rotate(&self.0);
    }

    /// Forgets everything, e.g. after log-out or when the cookie went stale;
    /// unlike a purge, a flash message can still be set afterwards.
    pub fn clear(&self) {
        self.0.clear();
        self.0.renew();
    }

    pub fn csrf_token(&self) -> String {
        csrf::token(&self.0)
    }

    pub fn flash(&self, flash: Flash) {
        let _ = self.0.insert(FLASH, flash);
    }

    pub fn take_flash(&self) -> Option<Flash> {
        self.0.remove_as::<Flash>(FLASH).and_then(Result::ok)
    }
}

impl FromRequest for TypedSession {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(TypedSession(req.get_session())))
    }
}
