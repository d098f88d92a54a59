//! `Idempotency-Key` on every POST of the API. The first request with a key
//! runs and its answer is kept for 24 hours (per API key, by hash); the
//! same key with the same request gets that answer again, marked
//! `Idempotent-Replayed: true`, and changes nothing; the same key with
//! another request is a 409, and so is a retry while the first still runs.
//! A 5xx or 401 is not kept, so a retry after a failure runs again.

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, web};
use chrono::{Duration, Utc};
use diesel::prelude::*;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use super::ApiError;
use super::fields::BODY_MAX;
use crate::db::schema::api_idempotency;
use crate::db::{self, DbPool};

const HEADER: &str = "idempotency-key";
const KEY_MAX: usize = 255;
/// How long an answer is kept, and a request that never finished (a
/// crashed node) blocks its key.
const KEPT_HOURS: i64 = 24;
const ABANDONED_SECONDS: i64 = 60;

pub async fn answer_once(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let key = req.headers().get(HEADER).map(|v| v.to_str().map(str::to_string));
    let (Some(key), Some(credentials), true) = (key, super::bearer(req.request()), req.method() == Method::POST) else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    let Ok(key) = key.map_err(drop).and_then(|key| well_formed(&key).then_some(key).ok_or(())) else {
        let message = format!("Idempotency-Key is 1 to {KEY_MAX} visible ASCII characters.");
        return Ok(req.error_response(ApiError::bad_request("bad_idempotency_key", message)));
    };
    let Some(body) = read_body(&mut req).await else {
        let message = format!("The body must be at most {BODY_MAX} bytes.");
        return Ok(req.error_response(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message)));
    };
    let Some(pool) = req.app_data::<web::Data<DbPool>>().map(|p| p.get_ref().clone()) else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    let request = Request {
        key_hash: digest(credentials.as_bytes()),
        key,
        hash: digest(&[req.path().as_bytes(), b"?", req.query_string().as_bytes(), b"\n", &body].concat()),
    };
    req.set_payload(actix_web::dev::Payload::from(body));
    let claimed = {
        let request = request.clone();
        db::run(&pool, move |conn| Ok(claim(conn, &request)?)).await
    };
    match claimed {
        Ok(Claim::Ours) => run_and_keep(req, next, &pool, request).await,
        Ok(Claim::Answered { status, body }) => Ok(req.into_response(replay(status, body))),
        Ok(Claim::Running) => Ok(req.error_response(conflict(
            "idempotency_key_in_use",
            "A request with this Idempotency-Key is still running: retry in a moment.",
        ))),
        Ok(Claim::OtherRequest) => Ok(req.error_response(conflict(
            "idempotency_key_reused",
            "This Idempotency-Key was used with a different request; use a new key for a new request.",
        ))),
        Err(error) => Ok(req.error_response(ApiError::from(error))),
    }
}

#[derive(Debug, Clone)]
struct Request {
    key_hash: String,
    key: String,
    hash: String,
}

fn well_formed(key: &str) -> bool {
    (1..=KEY_MAX).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

fn digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn conflict(code: &'static str, message: &str) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, code, message)
}

/// The body, at most [`BODY_MAX`] bytes; `None` when longer or unreadable.
async fn read_body(req: &mut ServiceRequest) -> Option<web::Bytes> {
    let mut payload = req.take_payload();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        body.extend_from_slice(&chunk.ok()?);
        if body.len() > BODY_MAX {
            return None;
        }
    }
    Some(body.freeze())
}

enum Claim {
    Ours,
    Answered { status: u16, body: Vec<u8> },
    Running,
    OtherRequest,
}

fn claim(conn: &mut PgConnection, request: &Request) -> QueryResult<Claim> {
    let now = Utc::now();
    let this_key = api_idempotency::table
        .filter(api_idempotency::key_hash.eq(&request.key_hash))
        .filter(api_idempotency::idempotency.eq(&request.key));
    // Past its 24 hours, or abandoned mid-way: the key is free again.
    diesel::delete(
        this_key.filter(
            api_idempotency::created_at.lt(now - Duration::hours(KEPT_HOURS)).or(api_idempotency::status
                .is_null()
                .and(api_idempotency::created_at.lt(now - Duration::seconds(ABANDONED_SECONDS)))),
        ),
    )
    .execute(conn)?;
    let inserted = diesel::insert_into(api_idempotency::table)
        .values((
            api_idempotency::key_hash.eq(&request.key_hash),
            api_idempotency::idempotency.eq(&request.key),
            api_idempotency::request_hash.eq(&request.hash),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    if inserted == 1 {
        return Ok(Claim::Ours);
    }
    let (hash, status, body): (String, Option<i32>, Option<Vec<u8>>) =
        this_key.select((api_idempotency::request_hash, api_idempotency::status, api_idempotency::body)).first(conn)?;
    Ok(match (hash == request.hash, status) {
        (false, _) => Claim::OtherRequest,
        (true, None) => Claim::Running,
        (true, Some(status)) => {
            Claim::Answered { status: u16::try_from(status).unwrap_or(500), body: body.unwrap_or_default() }
        }
    })
}

/// Runs the request and keeps its answer, or frees the key when the
/// answer should not be kept.
async fn run_and_keep(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    pool: &DbPool,
    request: Request,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let response = next.call(req).await;
    let (req, response) = match response {
        Ok(response) => response.into_parts(),
        Err(error) => {
            forget(pool, request).await;
            return Err(error);
        }
    };
    let status = response.status();
    let (response, answer) = response.into_parts();
    let bytes = body::to_bytes(answer).await.unwrap_or_default();
    if status.is_server_error() || status == StatusCode::UNAUTHORIZED {
        forget(pool, request).await;
    } else {
        let kept = bytes.to_vec();
        let stored = db::run(pool, move |conn| {
            diesel::update(
                api_idempotency::table
                    .filter(api_idempotency::key_hash.eq(&request.key_hash))
                    .filter(api_idempotency::idempotency.eq(&request.key)),
            )
            .set((api_idempotency::status.eq(i32::from(status.as_u16())), api_idempotency::body.eq(kept)))
            .execute(conn)?;
            Ok(())
        })
        .await;
        if let Err(error) = stored {
            tracing::warn!(%error, "could not keep an idempotent answer");
        }
    }
    Ok(ServiceResponse::new(req, response.set_body(BoxBody::new(bytes))))
}

async fn forget(pool: &DbPool, request: Request) {
    let forgotten = db::run(pool, move |conn| {
        diesel::delete(
            api_idempotency::table
                .filter(api_idempotency::key_hash.eq(&request.key_hash))
                .filter(api_idempotency::idempotency.eq(&request.key)),
        )
        .execute(conn)?;
        Ok(())
    })
    .await;
    if let Err(error) = forgotten {
        tracing::warn!(%error, "could not free an idempotency key");
    }
}

fn replay(status: u16, body: Vec<u8>) -> HttpResponse {
    HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::OK))
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .insert_header(("idempotent-replayed", "true"))
        .body(body)
}

/// Forgets kept answers past their 24 hours, every hour, until aborted.
pub async fn forget_expired(pool: DbPool) {
    loop {
        let cutoff = Utc::now() - Duration::hours(KEPT_HOURS);
        let deleted = db::run(&pool, move |conn| {
            Ok(diesel::delete(api_idempotency::table.filter(api_idempotency::created_at.lt(cutoff))).execute(conn)?)
        })
        .await;
        if let Err(error) = deleted {
            tracing::warn!(%error, "could not forget expired idempotency keys; trying again");
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}
