//! One place that refuses control characters from outside: in the path,
//! in the query, and (NUL and the like; line breaks and tabs are text) in
//! form fields. PostgreSQL cannot store NUL, and nothing a person types
//! into an address holds a control character, so these are 400s before
//! any handler runs.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;

use super::error::error_page;
use super::json_error::{is_machine_path, json_error};

/// The largest page number any list accepts; beyond it a list shows its last (empty) page.
pub const PAGE_MAX: i64 = 100_000;

/// Middleware: a path or query with a control character gets the 400
/// page, or its JSON for a machine path.
pub async fn refuse_control_characters(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let path_bad = percent_decoded(req.path()).chars().any(char::is_control);
    let query_bad = url::form_urlencoded::parse(req.query_string().as_bytes())
        .any(|(k, v)| k.chars().chain(v.chars()).any(char::is_control));
    if path_bad || query_bad {
        let answer = if is_machine_path(req.path()) {
            let message = "The address holds a control character, which no path or query may hold.";
            json_error(StatusCode::BAD_REQUEST, "bad_request", message, None)
        } else {
            refused()
        };
        return Ok(req.into_response(answer));
    }
    next.call(req).await.map(ServiceResponse::map_into_boxed_body)
}

/// Whether a form body carries a character no form field may hold: any
/// control character but a tab or a line break.
pub fn form_has_forbidden_characters(body: &[u8]) -> bool {
    url::form_urlencoded::parse(body)
        .any(|(k, v)| k.chars().chain(v.chars()).any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')))
}

pub fn refused() -> actix_web::HttpResponse {
    error_page(
        StatusCode::BAD_REQUEST,
        "Bad request",
        "The address or form held characters that cannot be part of it. Check what you typed and try again.".into(),
    )
}

fn percent_decoded(path: &str) -> String {
    percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned()
}

/// A page number from a query: 1 when missing or unreadable, at most [`PAGE_MAX`].
pub fn page_number(raw: &str) -> i64 {
    raw.trim().parse::<i64>().unwrap_or(1).clamp(1, PAGE_MAX)
}

/// How many pages `total` rows fill, `per_page` a page: at least one.
pub fn page_count(total: i64, per_page: i64) -> i64 {
    let per_page = per_page.max(1);
    let total = total.max(0);
    (total / per_page + i64::from(total % per_page != 0)).max(1)
}

#[cfg(test)]
mod tests {
    use super::{form_has_forbidden_characters, page_count, page_number};

    #[test]
    fn an_empty_list_has_one_page_and_a_full_one_no_extra() {
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(50, 50), 1);
        assert_eq!(page_count(51, 50), 2);
    }

    #[test]
    fn nul_and_controls_are_refused_in_forms_but_line_breaks_and_tabs_are_text() {
        assert!(form_has_forbidden_characters(b"email=a%00b"));
        assert!(form_has_forbidden_characters(b"name=x%07"));
        assert!(!form_has_forbidden_characters(b"body=line%0D%0Anext%09tab"));
    }

    #[test]
    fn page_numbers_stay_in_range() {
        assert_eq!(page_number("99999999999999999999"), 1, "unreadable");
        assert_eq!(page_number("9223372036854775807"), 100_000);
        assert_eq!(page_number("-3"), 1);
        assert_eq!(page_number("7"), 7);
    }

    proptest::proptest! {
        #[test]
        fn any_page_parameter_and_any_total_give_a_page_in_range(raw in ".{0,30}", total in proptest::prop_oneof![proptest::prelude::any::<i64>(), proptest::prelude::Just(i64::MAX), proptest::prelude::Just(i64::MIN)], per in 1i64..500) {
            let page = page_number(&raw);
            proptest::prop_assert!((1..=super::PAGE_MAX).contains(&page));
            let pages = page_count(total, per);
            proptest::prop_assert!(pages >= 1);
        }
    }
}
