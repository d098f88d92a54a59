use url::Url;

pub const MAX_LENGTH: usize = 2048;

/// An absolute http(s) URL with a host and no user:password, at most 2048
/// characters: something safe to send a browser to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl(String);

impl WebUrl {
    /// Parses what a person typed; a bare "example.com" means https.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err("Enter a URL.".into());
        }
        if trimmed.len() > MAX_LENGTH {
            return Err(format!("Use at most {MAX_LENGTH} characters."));
        }
        let with_scheme = if trimmed.contains("://") { trimmed.to_string() } else { format!("https://{trimmed}") };
        let url =
            Url::parse(&with_scheme).map_err(|_| "Enter a full web address, like https://example.com.".to_string())?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err("Only http:// and https:// addresses are allowed.".into());
        }
        match url.host_str() {
            Some(host)
                if host.contains('.')
                    || host == "localhost"
                    || url.host().is_some_and(|h| !matches!(h, url::Host::Domain(_))) => {}
            _ => return Err("Enter a full web address, like https://example.com.".into()),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("Remove the user name and password from the address.".into());
        }
        let normalized = url.to_string();
        if normalized.len() > MAX_LENGTH {
            return Err(format!("Use at most {MAX_LENGTH} characters."));
        }
        Ok(WebUrl(normalized))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::WebUrl;

    #[test]
    fn a_bare_domain_becomes_https() {
        assert_eq!(WebUrl::parse("acme.com").unwrap().as_str(), "https://acme.com/");
    }

    #[test]
    fn unsafe_or_incomplete_urls_are_refused() {
        let long = format!("https://acme.com/{}", "a".repeat(2100));
        for bad in
            ["", "javascript:alert(1)", "ftp://acme.com", "https://user:pw@acme.com", "https://intranet", long.as_str()]
        {
            assert!(WebUrl::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
