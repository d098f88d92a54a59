//! Template filters; a page module brings them in with `use crate::web::filters;`.

use crate::domain::Money;

/// `{{ amount|money }}`: the one way money is shown.
#[askama::filter_fn]
pub fn money(amount: Money, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(amount.format())
}
