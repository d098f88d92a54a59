//! The domains a vendor's links may lead to: a destination's host must be
//! one of them or a subdomain of one, matched at a dot, so `acme.com`
//! allows `shop.acme.com` but never `evilacme.com` or `acme.com.evil.io`.

use url::Url;

/// The most domains one vendor may list.
pub const MAX_DOMAINS: usize = 50;

/// Whether `host` is `domain` or a subdomain of it.
pub fn covers(domain: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == domain || host.strip_suffix(domain).is_some_and(|rest| rest.ends_with('.'))
}

/// Whether `url` leads to one of `allowed`.
pub fn allows(allowed: &[String], url: &str) -> bool {
    let Some(host) = Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_string)) else {
        return false;
    };
    allowed.iter().any(|domain| covers(domain, &host))
}

/// A link destination as typed: a web URL on one of `allowed`.
pub fn destination(raw: &str, allowed: &[String]) -> Result<super::WebUrl, String> {
    let url = super::WebUrl::parse(raw)?;
    if allows(allowed, url.as_str()) {
        return Ok(url);
    }
    if allowed.is_empty() {
        return Err("None of your domains is proven yet: prove one in Settings → Allowed domains first.".into());
    }
    Err(format!(
        "Links may only lead to your allowed domains ({}) or their subdomains. Add this domain in Settings → Allowed domains (and prove it, if asked) first.",
        allowed.join(", ")
    ))
}

/// The host of `url`, lower-cased, if it has one.
pub fn host_of(url: &str) -> Option<String> {
    Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase))
}

/// One domain as typed in Settings ("Shop.Acme.com", "https://acme.com/x"):
/// its host, lower-cased, or why it is not one.
pub fn parse(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim().trim_end_matches('/');
    let candidate = if trimmed.contains("://") { trimmed.to_string() } else { format!("https://{trimmed}") };
    let host = Url::parse(&candidate)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .ok_or_else(|| format!("“{}” is not a domain, e.g. acme.com", raw.trim()))?;
    let host = host.trim_end_matches('.').to_string();
    // What is stored must read back as itself ("a.0.." is no host once trimmed).
    let stable = Url::parse(&format!("https://{host}")).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    let labels_ok = host.starts_with('[') || host.split('.').all(|label| !label.is_empty());
    if stable.as_deref() != Some(host.as_str()) || !labels_ok {
        return Err(format!("“{}” is not a domain, e.g. acme.com", raw.trim()));
    }
    if !(host.contains('.') || host.starts_with('[') || host == "localhost") {
        return Err(format!("“{}” is not a full domain name, e.g. acme.com", raw.trim()));
    }
    Ok(host)
}

/// Every line of the Settings box: the domains, de-duplicated, or the
/// problems, one per bad line.
pub fn parse_list(raw: &str) -> Result<Vec<String>, String> {
    let mut domains: Vec<String> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for line in raw.split(['\n', ',']).map(str::trim).filter(|l| !l.is_empty()) {
        match parse(line) {
            Ok(domain) if !domains.contains(&domain) => domains.push(domain),
            Ok(_) => {}
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems.join(" "));
    }
    if domains.is_empty() {
        return Err("List at least one domain: your links need somewhere to lead.".into());
    }
    if domains.len() > MAX_DOMAINS {
        return Err(format!("At most {MAX_DOMAINS} domains."));
    }
    domains.sort();
    Ok(domains)
}

#[cfg(test)]
mod tests {
    use super::{allows, covers, parse, parse_list};

    #[test]
    fn a_domain_covers_itself_and_its_subdomains_at_a_dot_only() {
        assert!(covers("acme.com", "acme.com"));
        assert!(covers("acme.com", "shop.acme.com"));
        assert!(covers("acme.com", "A.B.ACME.COM."));
        for other in ["evilacme.com", "acme.com.evil.io", "cme.com", "com", ""] {
            assert!(!covers("acme.com", other), "{other}");
        }
    }

    #[test]
    fn a_url_is_allowed_by_its_host_not_by_what_its_path_or_user_says() {
        let allowed = vec!["acme.com".to_string()];
        assert!(allows(&allowed, "https://shop.acme.com/x?y=1"));
        for hostile in [
            "https://evil.io/acme.com",
            "https://acme.com@evil.io/",
            "https://evil.io/?u=https://acme.com",
            "https://acme.com.evil.io/",
            "javascript:alert(1)",
            "not a url",
        ] {
            assert!(!allows(&allowed, hostile), "{hostile}");
        }
    }

    #[test]
    fn typed_domains_are_read_leniently_and_bad_ones_named() {
        assert_eq!(parse(" Shop.Acme.COM ").unwrap(), "shop.acme.com");
        assert_eq!(parse("https://acme.com/pricing").unwrap(), "acme.com");
        assert_eq!(parse("127.0.0.1:8080").unwrap(), "127.0.0.1", "a local test site");
        for bad in ["not a domain", "http://", "a b.com", "javascript://.0", "a..com", "http://a.0.."] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_list("b.com\na.com, b.com\n\n").unwrap(), vec!["a.com", "b.com"]);
        assert!(parse_list("acme.com\nnot a domain").unwrap_err().contains("not a domain"));
        assert!(parse_list("  ").is_err());
    }
}
