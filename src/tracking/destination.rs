//! The URL a click is sent to: only ever a destination a vendor saved.

use url::Url;

use crate::links::queries::Link;

/// The query parameter carrying the click id to the vendor's site.
pub const CLICK_ID_PARAM: &str = "pd_click";

/// The link's destination with its UTMs merged in (replacing any of the same
/// name, keeping every other parameter) and the click id added.
pub fn redirect_url(link: &Link, click_id: &str) -> Option<String> {
    let mut url = Url::parse(&link.destination_url).ok()?;
    let utms = link.utms();
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
        query.append_pair(CLICK_ID_PARAM, click_id);
    }
    Some(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::redirect_url;
    use crate::db::ids::{LinkId, VendorId};
    use crate::db::states::LinkKind;
    use crate::links::queries::Link;

    fn link(destination: &str, source: Option<&str>) -> Link {
        Link {
            id: LinkId(1),
            vendor_id: VendorId(1),
            group_id: None,
            partnership_id: None,
            kind: LinkKind::Default,
            is_original: false,
            title: "t".into(),
            description: String::new(),
            destination_url: destination.into(),
            utm_source: source.map(String::from),
            utm_medium: None,
            utm_campaign: None,
            utm_term: None,
            utm_content: None,
            code: "c".into(),
        }
    }

    #[test]
    fn utms_replace_their_namesakes_and_other_parameters_stay() {
        let url =
            redirect_url(&link("https://acme.example/p?ref=x&utm_source=old#top", Some("partners")), "abc").unwrap();
        assert_eq!(url, "https://acme.example/p?ref=x&utm_source=partners&pd_click=abc#top");
    }

    #[test]
    fn a_destination_without_a_query_gets_one() {
        assert_eq!(
            redirect_url(&link("https://acme.example/", None), "abc").unwrap(),
            "https://acme.example/?pd_click=abc"
        );
    }
}
