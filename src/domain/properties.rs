//! Property tests for every parser of outside input: whatever the input,
//! no panic; whatever is accepted comes back the same when parsed again.

use proptest::prelude::*;

use super::{EmailAddress, LinkCode, WebUrl, allowed_domains, money, slugify, utm_value};

/// Any text at all, control characters and non-Latin letters included.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ -~]{0,40}", "[a-zA-Z0-9._%+-]{1,12}@[a-zA-Z0-9.-]{1,12}\\.[a-z]{2,4}"]
}

fn url_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(https?|ftp|javascript)://[a-zA-Z0-9.@:-]{0,20}(/[a-zA-Z0-9?&=%#./-]{0,20})?",
        "[a-zA-Z0-9.-]{1,20}\\.[a-z]{2,5}(/[a-z0-9]{0,8})?",
    ]
}

proptest! {
    #[test]
    fn link_codes_round_trip(raw in text()) {
        if let Ok(code) = LinkCode::parse(&raw) {
            prop_assert_eq!(LinkCode::parse(code.as_str()).map(|c| c.as_str().to_string()), Ok(code.as_str().to_string()));
        }
    }

    #[test]
    fn emails_round_trip_lower_cased(raw in text()) {
        if let Ok(email) = EmailAddress::parse(&raw) {
            prop_assert_eq!(email.as_str(), email.as_str().to_lowercase());
            prop_assert_eq!(EmailAddress::parse(email.as_str()).map(|e| e.as_str().to_string()), Ok(email.as_str().to_string()));
        }
    }

    #[test]
    fn web_urls_round_trip_and_are_http(raw in url_like()) {
        for parsed in [WebUrl::parse(&raw), WebUrl::parse_lenient(&raw)].into_iter().flatten() {
            prop_assert!(parsed.as_str().starts_with("http://") || parsed.as_str().starts_with("https://"));
            prop_assert_eq!(WebUrl::parse(parsed.as_str()).map(|u| u.as_str().to_string()), Ok(parsed.as_str().to_string()));
        }
    }

    #[test]
    fn utm_values_round_trip(raw in text()) {
        if let Ok(Some(value)) = utm_value(&raw) {
            prop_assert_eq!(utm_value(&value), Ok(Some(value.clone())));
        }
    }

    #[test]
    fn slugs_are_short_plain_and_stable(raw in text(), max in 2usize..60) {
        let slug = slugify(&raw, max);
        prop_assert!(slug.len() <= max);
        prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        prop_assert_eq!(slugify(&slug, max), slug);
    }

    #[test]
    fn amounts_round_trip_in_every_currencys_minor_unit(
        raw in prop_oneof![text(), "[$€£¥]?[0-9,]{0,12}(\\.[0-9]{0,4})?"],
        code in prop_oneof![Just("USD"), Just("JPY"), Just("KWD"), Just("BHD"), Just("EUR")],
    ) {
        let currency = money::Currency::parse(code).map_err(TestCaseError::fail)?;
        if let Ok(amount) = money::Money::parse(&raw, currency) {
            prop_assert!((0..=money::AMOUNT_MAX).contains(&amount.cents));
            prop_assert_eq!(money::Money::parse(&amount.decimal(), currency), Ok(amount));
        }
        if let Ok(points) = money::parse_percent(&raw) {
            prop_assert!((1..=10_000).contains(&points));
        }
    }

    #[test]
    fn allowed_domains_round_trip_and_cover_themselves(raw in url_like()) {
        if let Ok(domain) = allowed_domains::parse(&raw) {
            prop_assert_eq!(allowed_domains::parse(&domain), Ok(domain.clone()));
            prop_assert!(allowed_domains::covers(&domain, &domain));
            let look_alike = format!("x{domain}");
            prop_assert!(!allowed_domains::covers(&domain, &look_alike));
        }
    }
}
