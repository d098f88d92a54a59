//! Stripe's webhook signature, as Stripe documents it: the
//! `Stripe-Signature` header carries `t=<unix time>` and one or more
//! `v1=<hex>`; each `v1` is HMAC-SHA256 over `"<t>.<raw body>"` keyed by
//! the endpoint's signing secret. Events older than the tolerance are
//! refused, so a captured request cannot be replayed later; a timestamp
//! ahead of our clock is accepted, as Stripe's own libraries accept it,
//! so a server clock running a little slow does not refuse every event.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Stripe's own libraries use five minutes.
pub const TOLERANCE_SECONDS: i64 = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureError {
    Missing,
    Malformed,
    Stale,
    Mismatch,
}

impl SignatureError {
    pub fn message(self) -> &'static str {
        match self {
            SignatureError::Missing => "No Stripe-Signature header.",
            SignatureError::Malformed => "The Stripe-Signature header is not in Stripe's format.",
            SignatureError::Stale => "The signature's timestamp is more than five minutes old.",
            SignatureError::Mismatch => "No signature matches this endpoint's signing secret.",
        }
    }
}

/// Checks `header` against `payload` and `secret` at time `now` (Unix seconds).
pub fn verify(header: Option<&str>, payload: &[u8], secret: &str, now: i64) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => signatures.extend(hex::decode(value).ok()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if now - timestamp > TOLERANCE_SECONDS {
        return Err(SignatureError::Stale);
    }
    let matches = |signature: &Vec<u8>| {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else { return false };
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(payload);
        // Constant time, whatever the signature holds.
        mac.verify_slice(signature).is_ok()
    };
    if signatures.iter().any(matches) { Ok(()) } else { Err(SignatureError::Mismatch) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header Stripe would send for `payload` signed at `timestamp`.
    pub fn sign(payload: &[u8], secret: &str, timestamp: i64) -> String {
        let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
            Ok(mac) => mac,
            Err(_) => return String::new(),
        };
        mac.update(format!("{timestamp}.").as_bytes());
        mac.update(payload);
        format!("t={timestamp},v1={}", hex::encode(mac.finalize().into_bytes()))
    }

    const SECRET: &str = "whsec_test_secret";
    const NOW: i64 = 1_700_000_000;

    #[test]
    fn a_signature_made_with_the_secret_within_five_minutes_is_accepted() {
        let header = sign(b"{\"id\":\"evt_1\"}", SECRET, NOW - 299);
        assert_eq!(verify(Some(&header), b"{\"id\":\"evt_1\"}", SECRET, NOW), Ok(()));
    }

    #[test]
    fn a_wrong_secret_a_tampered_body_a_stale_time_or_no_header_is_refused() {
        let header = sign(b"{\"amount\":100}", SECRET, NOW);
        assert_eq!(verify(Some(&header), b"{\"amount\":100}", "whsec_other", NOW), Err(SignatureError::Mismatch));
        assert_eq!(verify(Some(&header), b"{\"amount\":900}", SECRET, NOW), Err(SignatureError::Mismatch));
        assert_eq!(verify(Some(&header), b"{\"amount\":100}", SECRET, NOW + 301), Err(SignatureError::Stale));
        assert_eq!(verify(None, b"{}", SECRET, NOW), Err(SignatureError::Missing));
        assert_eq!(verify(Some("v1=abc"), b"{}", SECRET, NOW), Err(SignatureError::Malformed));
    }

    #[test]
    fn a_timestamp_ahead_of_our_clock_is_accepted_as_stripes_libraries_accept_it() {
        let header = sign(b"{}", SECRET, NOW + 3_600);
        assert_eq!(verify(Some(&header), b"{}", SECRET, NOW), Ok(()));
    }

    #[test]
    fn any_of_several_v1_signatures_may_match_as_during_a_secret_roll() {
        let good = sign(b"{}", SECRET, NOW);
        let header = format!("t={NOW},v1={},{}", "00".repeat(32), good.split(',').nth(1).unwrap_or_default());
        assert_eq!(verify(Some(&header), b"{}", SECRET, NOW), Ok(()));
    }
}
