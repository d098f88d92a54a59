//! The client's address, for throttling.

use actix_web::HttpRequest;

/// The peer address, or — when the peer is a reverse proxy on this host —
/// the address that proxy appended to `X-Forwarded-For`. Only a local proxy
/// is trusted: anyone else could write the header themselves.
pub fn client_ip(req: &HttpRequest) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return "unknown".to_string();
    };
    if peer.is_loopback()
        && let Some(forwarded) = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(last) = forwarded.rsplit(',').next().map(str::trim).filter(|s| !s.is_empty())
    {
        return last.to_string();
    }
    peer.to_string()
}
