//! Who clicked, as far as tracking needs to know: a bot or not, and a
//! salted hash that tells unique visitors apart without storing an address.

use sha2::{Digest, Sha256};

/// User agents that announce themselves as robots or link previewers.
const BOT_MARKERS: [&str; 12] = [
    "bot",
    "crawl",
    "spider",
    "slurp",
    "facebookexternalhit",
    "embedly",
    "preview",
    "monitor",
    "curl/",
    "wget/",
    "python-requests",
    "go-http-client",
];

pub fn is_bot(user_agent: &str) -> bool {
    let agent = user_agent.to_ascii_lowercase();
    BOT_MARKERS.iter().any(|marker| agent.contains(marker))
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
    use super::{is_bot, visitor_hash};

    #[test]
    fn robots_and_previewers_are_bots_and_browsers_are_not() {
        for bot in [
            "Googlebot/2.1",
            "Mozilla/5.0 (compatible; bingbot/2.0)",
            "facebookexternalhit/1.1",
            "curl/8.0",
            "Slackbot-LinkExpanding",
        ] {
            assert!(is_bot(bot), "{bot}");
        }
        assert!(!is_bot(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
        ));
    }

    #[test]
    fn visitor_hashes_depend_on_the_salt_and_hide_the_address() {
        let hash = visitor_hash(b"salt", "203.0.113.9", "Firefox");
        assert_eq!(hash, visitor_hash(b"salt", "203.0.113.9", "Firefox"));
        assert_ne!(hash, visitor_hash(b"pepper", "203.0.113.9", "Firefox"));
        assert!(!hash.contains("203"));
    }
}
