//! Who clicked, as far as tracking needs to know: whether the click counts
//! at all (robots, prefetches, HEAD and agentless requests do not), and a
//! salted hash that tells unique visitors apart without storing an address.

use std::sync::LazyLock;

use actix_web::HttpRequest;
use actix_web::http::Method;
use moka::sync::Cache;
use sha2::{Digest, Sha256};

/// User agents already judged; most traffic comes from few distinct agents,
/// so the robot list's expression runs about once per agent.
const AGENTS_REMEMBERED: u64 = 10_000;

/// The robot list's expression is large: compiled once per process.
static BOTS: LazyLock<isbot::Bots> = LazyLock::new(isbot::Bots::default);

/// Decides whether a request's click is counted.
pub struct Counting {
    judged: Cache<String, bool>,
}

/// Why a redirected request is not counted as a click.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotCounted {
    Head,
    Prefetch,
    NoUserAgent,
    Robot,
}

impl NotCounted {
    /// Every reason, in declaration order (so `reason as usize` indexes it).
    pub const ALL: [NotCounted; 4] =
        [NotCounted::Head, NotCounted::Prefetch, NotCounted::NoUserAgent, NotCounted::Robot];

    pub fn as_str(self) -> &'static str {
        match self {
            NotCounted::Head => "head",
            NotCounted::Prefetch => "prefetch",
            NotCounted::NoUserAgent => "no_user_agent",
            NotCounted::Robot => "robot",
        }
    }
}

impl Default for Counting {
    fn default() -> Self {
        Counting { judged: Cache::new(AGENTS_REMEMBERED) }
    }
}

impl Counting {
    /// `Ok(())` when the request is a click to count.
    pub fn judge(&self, req: &HttpRequest, user_agent: &str) -> Result<(), NotCounted> {
        if req.method() == Method::HEAD {
            return Err(NotCounted::Head);
        }
        if is_prefetch(req) {
            return Err(NotCounted::Prefetch);
        }
        if user_agent.trim().is_empty() {
            return Err(NotCounted::NoUserAgent);
        }
        if self.is_bot(user_agent) {
            return Err(NotCounted::Robot);
        }
        Ok(())
    }

    pub fn is_bot(&self, user_agent: &str) -> bool {
        if let Some(judged) = self.judged.get(user_agent) {
            return judged;
        }
        let bot = BOTS.is_bot(user_agent);
        self.judged.insert(user_agent.to_string(), bot);
        bot
    }
}

/// Browsers announce speculative loads; the visitor has not clicked yet.
fn is_prefetch(req: &HttpRequest) -> bool {
    let headers = req.headers();
    let says = |name: &str, word: &str| {
        headers.get(name).and_then(|v| v.to_str().ok()).is_some_and(|v| v.to_ascii_lowercase().contains(word))
    };
    says("sec-purpose", "prefetch") || says("purpose", "prefetch") || says("x-moz", "prefetch")
}

/// The same visitor (address and browser) gets the same hash; the address
/// cannot be read back from it without the server's salt.
pub fn visitor_hash(salt: &[u8], address: &str, user_agent: &str) -> String {
    let digest = Sha256::new()
        .chain_update(salt)
        .chain_update(address.as_bytes())
        .chain_update(b"\n")
        .chain_update(user_agent.as_bytes())
        .finalize();
    hex::encode(&digest[..16])
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::{Counting, NotCounted, visitor_hash};

    const BROWSER: &str =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

    #[test]
    fn robots_previewers_prefetches_head_and_no_agent_are_not_counted() {
        let counting = Counting::default();
        for bot in ["Googlebot/2.1", "Mozilla/5.0 (compatible; bingbot/2.0)", "facebookexternalhit/1.1", "curl/8.0"] {
            assert!(counting.is_bot(bot), "{bot}");
        }
        assert_eq!(counting.judge(&TestRequest::get().to_http_request(), BROWSER), Ok(()));
        assert_eq!(counting.judge(&TestRequest::get().to_http_request(), BROWSER), Ok(()), "a judged agent, again");
        let head = TestRequest::default().method(actix_web::http::Method::HEAD).to_http_request();
        assert_eq!(counting.judge(&head, BROWSER), Err(NotCounted::Head));
        for (name, value) in [("Sec-Purpose", "prefetch;prerender"), ("Purpose", "prefetch"), ("X-Moz", "prefetch")] {
            let prefetch = TestRequest::get().insert_header((name, value)).to_http_request();
            assert_eq!(counting.judge(&prefetch, BROWSER), Err(NotCounted::Prefetch), "{name}");
        }
        assert_eq!(counting.judge(&TestRequest::get().to_http_request(), " "), Err(NotCounted::NoUserAgent));
    }

    #[test]
    fn every_reason_sits_at_its_own_index() {
        for (index, why) in NotCounted::ALL.iter().enumerate() {
            assert_eq!(*why as usize, index, "{why:?}");
        }
    }

    #[test]
    fn visitor_hashes_depend_on_the_salt_and_hide_the_address() {
        let hash = visitor_hash(b"salt", "203.0.113.9", "Firefox");
        assert_eq!(hash, visitor_hash(b"salt", "203.0.113.9", "Firefox"));
        assert_ne!(hash, visitor_hash(b"pepper", "203.0.113.9", "Firefox"));
        assert!(!hash.contains("203"));
    }
}
