//! Web addresses a browser may safely be sent to.

use url::{Host, Url};

pub const MAX_LENGTH: usize = 2048;

const INCOMPLETE: &str = "Enter a full web address, like https://example.com.";

/// An absolute http(s) URL with a host and no user:password, at most 2048
/// characters: something safe to send a browser to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl(String);

impl WebUrl {
    /// Parses what a person typed for a website; a bare "example.com" means https.
    pub fn parse_lenient(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        if !trimmed.is_empty() && !trimmed.contains("://") {
            return Self::parse(&format!("https://{trimmed}"));
        }
        Self::parse(trimmed)
    }

    /// An optional http(s) URL: left empty means none.
    pub fn parse_optional(raw: &str) -> Result<Option<Self>, String> {
        if raw.trim().is_empty() { Ok(None) } else { Self::parse(raw).map(Some) }
    }

    /// Parses an absolute http(s) URL, scheme included.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err("Enter a URL.".into());
        }
        check_length(trimmed)?;
        let url = Url::parse(trimmed).map_err(|_| INCOMPLETE.to_string())?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err("Only http:// and https:// addresses are allowed.".into());
        }
        if !has_public_looking_host(&url) {
            return Err(INCOMPLETE.into());
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("Remove the user name and password from the address.".into());
        }
        let normalized = url.to_string();
        check_length(&normalized)?;
        Ok(WebUrl(normalized))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn check_length(text: &str) -> Result<(), String> {
    if text.len() > MAX_LENGTH { Err(format!("Use at most {MAX_LENGTH} characters.")) } else { Ok(()) }
}

/// A dotted domain, localhost or an IP address; "https://intranet" is
/// almost always a typo for a missing domain.
fn has_public_looking_host(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.contains('.') || domain == "localhost",
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => true,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::WebUrl;

    #[test]
    fn a_bare_domain_becomes_https_only_where_lenient() {
        assert_eq!(WebUrl::parse_lenient("acme.com").unwrap().as_str(), "https://acme.com/");
        assert!(WebUrl::parse("acme.com").is_err());
        assert!(WebUrl::parse("/relative/path").is_err());
    }

    #[test]
    fn unsafe_or_incomplete_urls_are_refused() {
        let long = format!("https://acme.com/{}", "a".repeat(2100));
        for bad in
            ["", "javascript:alert(1)", "ftp://acme.com", "https://user:pw@acme.com", "https://intranet", long.as_str()]
        {
            assert!(WebUrl::parse(bad).is_err(), "{bad:?} was accepted");
            assert!(WebUrl::parse_lenient(bad).is_err(), "{bad:?} was accepted leniently");
        }
    }
}
