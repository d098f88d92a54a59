//! Argon2id password hashing, off the async threads and behind a cap.

use std::sync::{Arc, OnceLock};

use anyhow::Context;
use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use tokio::sync::Semaphore;

use crate::web::AppError;

pub const MIN_LENGTH: usize = 8;
pub const MAX_LENGTH: usize = 128;

/// Hashes and verifies passwords. Each hash costs tens of milliseconds of
/// CPU; the cap keeps a burst of log-ins from taking every core away from
/// the redirects.
#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
}

impl Passwords {
    pub fn new(concurrent_hashes: usize) -> Self {
        Passwords { permits: Arc::new(Semaphore::new(concurrent_hashes.max(1))) }
    }

    /// Sized for the machine: half the cores, at least one.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Self::new(cores / 2)
    }

    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.capped(move || hash_now(&password)).await
    }

    /// Checks `password` against `stored`. With no stored hash (unknown
    /// email) it still does the same work, so timing does not tell whether
    /// an account exists.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        self.capped(move || {
            let stored = stored.as_deref().unwrap_or_else(|| dummy_hash());
            let parsed = PasswordHash::new(stored).map_err(|e| anyhow::anyhow!("stored hash unreadable: {e}"))?;
            let matches = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
            Ok(matches && stored != dummy_hash())
        })
        .await
    }

    async fn capped<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
    ) -> Result<T, AppError> {
        let _permit = self.permits.acquire().await.context("password hasher closed")?;
        Ok(actix_web::web::block(work).await??)
    }
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"no account has this password", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// The length rule, in characters: 8 to 128, nothing about composition.
/// An Argon2id hash of `password`, on this thread.
pub fn hash_now(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
}

pub fn check_length(password: &str) -> Result<(), String> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        Err(format!("Use at least {MIN_LENGTH} characters."))
    } else if length > MAX_LENGTH {
        Err(format!("Use at most {MAX_LENGTH} characters."))
    } else {
        Ok(())
    }
}
