//! The typed view of the cookie session.

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use std::future::{Ready, ready};

use crate::clock::Clock;
use crate::db::ids::UserId;
use crate::web::{Flash, csrf};

const USER_ID: &str = "uid";
const EPOCH: &str = "epoch";
const FLASH: &str = "flash";
const SIGNED_IN_AT: &str = "since";
const SEEN_AT: &str = "seen";
/// However active, a signed-in session ends this long after the log-in.
const ABSOLUTE_LIMIT: i64 = 12 * 3600;
/// The last-seen time is rewritten at most this often, so that not every
/// response re-issues the cookie.
const SEEN_PRECISION: i64 = 60;
/// Idle limit when no configuration is at hand.
const DEFAULT_IDLE: i64 = 30 * 60;

/// The session cookie's contents, read and written through names, not
/// strings; with the configured idle limit in seconds, and the clock the
/// limits are judged by.
pub struct TypedSession(Session, i64, Clock);

impl TypedSession {
    /// The claimed user and the epoch the cookie was issued in; the guards
    /// check both against the database before trusting them.
    /// A session idle longer than the configured limit, or older than 12
    /// hours, claims no one: the timestamps are inside the signed cookie.
    pub fn claimed_user(&self) -> Option<(UserId, i32)> {
        let user = self.0.get::<UserId>(USER_ID).ok().flatten()?;
        let epoch = self.0.get::<i32>(EPOCH).ok().flatten()?;
        let since = self.0.get::<i64>(SIGNED_IN_AT).ok().flatten();
        let seen = self.0.get::<i64>(SEEN_AT).ok().flatten();
        let now = self.2.now().timestamp();
        let (Some(since), Some(seen)) = (since, seen) else {
            self.clear();
            return None;
        };
        if expired(now, since, seen, self.1) {
            self.clear();
            self.flash(Flash::error("Your session ended after a while without activity. Log in again."));
            return None;
        }
        if now - seen >= SEEN_PRECISION {
            let _ = self.0.insert(SEEN_AT, now);
        }
        Some((user, epoch))
    }

    /// Starts a signed-in session under a fresh session state and CSRF token.
    pub fn log_in(&self, user: UserId, epoch: i32) {
        self.0.renew();
        let now = self.2.now().timestamp();
        let _ = self.0.insert(USER_ID, user);
        let _ = self.0.insert(EPOCH, epoch);
        let _ = self.0.insert(SIGNED_IN_AT, now);
        let _ = self.0.insert(SEEN_AT, now);
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

/// Whether a session signed in at `since` and last seen at `seen` (Unix
/// seconds) has ended at `now`, with an idle limit of `idle` seconds.
fn expired(now: i64, since: i64, seen: i64, idle: i64) -> bool {
    now - since > ABSOLUTE_LIMIT || now - seen > idle
}

impl FromRequest for TypedSession {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let config = req.app_data::<actix_web::web::Data<crate::config::Config>>();
        let idle = config.map_or(DEFAULT_IDLE, |config| config.session_idle.as_secs() as i64);
        let clock = config.map(|config| config.clock.clone()).unwrap_or_default();
        ready(Ok(TypedSession(req.get_session(), idle, clock)))
    }
}

#[cfg(test)]
mod tests {
    use super::{ABSOLUTE_LIMIT, expired};

    #[test]
    fn a_session_ends_when_idle_too_long_or_too_old_however_active() {
        let idle = 30 * 60;
        assert!(!expired(1_000, 0, 1_000 - idle, idle), "exactly the idle limit");
        assert!(expired(1_001, 0, 1_000 - idle, idle));
        let now = ABSOLUTE_LIMIT + 1;
        assert!(expired(now, 0, now - 5, idle), "active a moment ago, but signed in 12 hours ago");
        assert!(!expired(ABSOLUTE_LIMIT, 0, ABSOLUTE_LIMIT - 5, idle));
    }
}
