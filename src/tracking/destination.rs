//! The URL a click is sent to: only ever a destination a vendor saved,
//! with the link's UTMs merged in, worked out once per link so that a
//! click only appends its click id.

use url::Url;

/// The query parameter carrying the click id to the vendor's site.
pub const CLICK_ID_PARAM: &str = "pd_click";

/// A link's destination with its UTMs merged in (replacing any of the same
/// name, keeping every other parameter), split where the click id goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectBase {
    /// Everything before the fragment, ending in `?` or `&`.
    head: String,
    /// `#…`, or empty.
    fragment: String,
}

impl RedirectBase {
    /// `None` for a destination that is not an absolute URL.
    pub fn new(destination: &str, utms: &[(&str, &str)]) -> Option<Self> {
        let mut url = Url::parse(destination).ok()?;
        let fragment = url.fragment().map(|f| format!("#{f}")).unwrap_or_default();
        url.set_fragment(None);
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(key, _)| key != CLICK_ID_PARAM && !utms.iter().any(|(name, _)| name == key))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        {
            let mut query = url.query_pairs_mut();
            query.clear();
            for (key, value) in &kept {
                query.append_pair(key, value);
            }
            for (name, value) in utms {
                query.append_pair(name, value);
            }
        }
        let separator = if url.query().is_some_and(|q| !q.is_empty()) { '&' } else { '?' };
        if separator == '?' {
            url.set_query(None);
        }
        let mut head = url.to_string();
        head.push(separator);
        Some(RedirectBase { head, fragment })
    }

    /// The URL for one click; click ids are URL-safe base64, so they need no escaping.
    pub fn with_click_id(&self, click_id: &str) -> String {
        let mut url =
            String::with_capacity(self.head.len() + CLICK_ID_PARAM.len() + click_id.len() + 1 + self.fragment.len());
        url.push_str(&self.head);
        url.push_str(CLICK_ID_PARAM);
        url.push('=');
        url.push_str(click_id);
        url.push_str(&self.fragment);
        url
    }
}

#[cfg(test)]
mod tests {
    use super::RedirectBase;

    fn redirect(destination: &str, utms: &[(&str, &str)]) -> String {
        RedirectBase::new(destination, utms).unwrap().with_click_id("abc")
    }

    #[test]
    fn utms_replace_their_namesakes_and_other_parameters_stay() {
        assert_eq!(
            redirect("https://acme.example/p?ref=x&utm_source=old#top", &[("utm_source", "partners")]),
            "https://acme.example/p?ref=x&utm_source=partners&pd_click=abc#top"
        );
    }

    #[test]
    fn a_destination_without_a_query_gets_one_and_an_old_click_id_goes() {
        assert_eq!(redirect("https://acme.example/", &[]), "https://acme.example/?pd_click=abc");
        assert_eq!(redirect("https://acme.example/?pd_click=old", &[]), "https://acme.example/?pd_click=abc");
        assert_eq!(redirect("https://acme.example/a?", &[]), "https://acme.example/a?pd_click=abc");
    }
}
