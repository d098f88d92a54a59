//! Error pages are written where no session is at hand (an extractor, a
//! guard, the router's fallback), so they come out with a visitor's header.
//! This middleware, inside the session layer, draws a 4xx error page again
//! with the signed-in person's menus, so a mistyped address does not look
//! like being logged out.

use actix_web::FromRequest;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use super::guards::{Visitor, menus_for};
use crate::web::error::ErrorPageParts;

pub async fn dress_error_pages(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let response = next.call(req).await?.map_into_boxed_body();
    // 5xx pages stay bare: the database behind the menus may be the trouble.
    if !response.status().is_client_error() {
        return Ok(response);
    }
    let Some(parts) = response.response().extensions().get::<ErrorPageParts>().cloned() else {
        return Ok(response);
    };
    let Ok(Visitor { session, viewer: Some(viewer) }) = Visitor::extract(response.request()).await else {
        return Ok(response);
    };
    let page = parts.render(menus_for(&session, &viewer));
    Ok(response.into_response(page))
}
