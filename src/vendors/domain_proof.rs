//! Proving a domain: where anyone may sign up, a vendor's links lead to a
//! domain only once the vendor serves its token at [`PROOF_PATH`] there, so
//! nobody can point the portal's own `/go` links at somebody else's site.
//!
//! The token is derived from the session key and the vendor's id, so it is
//! never stored, differs per vendor and cannot be guessed by another vendor.
//! The fetch is narrow on purpose: one fixed path, the standard ports, no
//! redirect to another host, a few seconds and a few kilobytes at most, and
//! only whether the token was there is reported back.

use std::time::Duration;

use hmac::{Hmac, Mac};
use reqwest::redirect::Policy;
use sha2::Sha256;

use crate::db::ids::VendorId;

pub const PROOF_PATH: &str = "/.well-known/partnerdesk-verification.txt";
const MAX_BODY: usize = 4096;
const TIMEOUT: Duration = Duration::from_secs(5);

/// The text vendor `vendor` serves to prove its domains.
pub fn token(key: &[u8], vendor: VendorId) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        // HMAC takes a key of any length; this arm is never taken.
        Err(_) => return String::new(),
    };
    mac.update(format!("domain-proof:{}", vendor.0).as_bytes());
    format!("partnerdesk-verification={}", hex::encode(mac.finalize().into_bytes()))
}

/// Whether `domain` serves `token`, over https and then plain http on
/// `http_port`; the error tells the vendor what each try found.
pub async fn check(domain: &str, token: &str, http_port: u16) -> Result<(), String> {
    let client = client(domain)?;
    let http = match http_port {
        80 => format!("http://{domain}{PROOF_PATH}"),
        port => format!("http://{domain}:{port}{PROOF_PATH}"),
    };
    let mut found = Vec::new();
    for url in [format!("https://{domain}{PROOF_PATH}"), http] {
        match fetch(&client, &url).await {
            Ok(body) if body.contains(token) => return Ok(()),
            Ok(_) => found.push(format!("{url} does not hold the token")),
            Err(problem) => found.push(format!("{url}: {problem}")),
        }
    }
    Err(found.join("; "))
}

fn client(domain: &str) -> Result<reqwest::Client, String> {
    let home = domain.to_string();
    let same_host = Policy::custom(move |attempt| {
        let host_stays = attempt.url().host_str().is_some_and(|h| h.eq_ignore_ascii_case(&home));
        if attempt.previous().len() < 3 && host_stays { attempt.follow() } else { attempt.stop() }
    });
    reqwest::Client::builder()
        .redirect(same_host)
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .user_agent("Partnerdesk domain check")
        .build()
        .map_err(|_| "the check could not start; try again".to_string())
}

async fn fetch(client: &reqwest::Client, url: &str) -> Result<String, String> {
    let mut response = client.get(url).send().await.map_err(|e| describe(&e))?;
    if !response.status().is_success() {
        return Err(format!("answered {}", response.status()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| describe(&e))? {
        body.extend_from_slice(&chunk);
        if body.len() >= MAX_BODY {
            break;
        }
    }
    body.truncate(MAX_BODY);
    Ok(String::from_utf8_lossy(&body).into_owned())
}

fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "no answer within 5 seconds".into()
    } else if error.is_connect() {
        "could not connect".into()
    } else if error.is_redirect() {
        "redirected too often".into()
    } else {
        "the answer could not be read".into()
    }
}

#[cfg(test)]
mod tests {
    use super::token;
    use crate::db::ids::VendorId;

    #[test]
    fn each_vendor_has_its_own_token_and_the_key_changes_all_of_them() {
        let key = b"a session key of some length".as_slice();
        assert_eq!(token(key, VendorId(1)), token(key, VendorId(1)));
        assert_ne!(token(key, VendorId(1)), token(key, VendorId(2)));
        assert_ne!(token(key, VendorId(1)), token(b"another key", VendorId(1)));
        assert!(token(key, VendorId(1)).starts_with("partnerdesk-verification="));
    }
}
