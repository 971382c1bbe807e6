//! axum: [`TypedBaggage<T>`] reads a typed struct from a request's baggage in a handler.
//!
//! The struct comes from the request's extensions when a layer put it there (see
//! [`TypedBaggage::insert_into`]), otherwise from the `baggage` header lines. A request whose
//! baggage does not decode is rejected with `400 Bad Request` and a body that names the key and
//! the problem. `Option<TypedBaggage<T>>` is `None` when the struct's members are absent, and
//! still rejects invalid ones.
//!
//! ```
//! use axum::{routing::get, Router};
//! use baggage::axum::TypedBaggage;
//! use baggage::Baggage;
//!
//! #[derive(Debug, Clone, Baggage)]
//! struct RequestContext {
//!     user_id: u64,
//! }
//!
//! async fn handler(TypedBaggage(context): TypedBaggage<RequestContext>) -> String {
//!     format!("user {}", context.user_id)
//! }
//!
//! let app: Router = Router::new().route("/", get(handler));
//! ```

use axum_core::extract::{FromRequestParts, OptionalFromRequestParts};
use axum_core::response::{IntoResponse, Response};
use http::request::Parts;
use http::StatusCode;

use crate::{Baggage, DecodeError};

pub use crate::http::TypedBaggage;

/// The rejection of a request whose baggage does not decode: `400 Bad Request`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaggageRejection(pub DecodeError);

impl std::fmt::Display for BaggageRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid baggage: {}", self.0)
    }
}

impl std::error::Error for BaggageRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl IntoResponse for BaggageRejection {
    fn into_response(self) -> Response {
        (StatusCode::BAD_REQUEST, self.to_string()).into_response()
    }
}

fn decode<T>(parts: &Parts) -> Result<T, DecodeError>
where
    T: Baggage + Clone + Send + Sync + 'static,
{
    if let Some(value) = TypedBaggage::<T>::from_extensions(&parts.extensions) {
        return Ok(value.clone());
    }
    crate::http::extract(&parts.headers)
}

impl<T, S> FromRequestParts<S> for TypedBaggage<T>
where
    T: Baggage + Clone + Send + Sync + 'static,
    S: Send + Sync,
{
    type Rejection = BaggageRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        decode(parts).map(TypedBaggage).map_err(BaggageRejection)
    }
}

impl<T, S> OptionalFromRequestParts<S> for TypedBaggage<T>
where
    T: Baggage + Clone + Send + Sync + 'static,
    S: Send + Sync,
{
    type Rejection = BaggageRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        match decode(parts) {
            Ok(value) => Ok(Some(TypedBaggage(value))),
            Err(DecodeError::Missing { .. }) => Ok(None),
            Err(error) => Err(BaggageRejection(error)),
        }
    }
}
