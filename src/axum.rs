//! axum: [`TypedBaggage<T>`] reads a typed struct from a request's baggage in a handler.
//!
//! The struct comes from the request's extensions when a layer put it there (see
//! [`TypedBaggage::insert_into`]), otherwise from the `baggage` header lines. A request whose
//! baggage does not decode is rejected with `400 Bad Request` and a body that names the key and
//! the problem. `Option<TypedBaggage<T>>` is `None` only when none of the struct's members is
//! present, as axum's optional extractors are; a present but invalid member, a struct that is
//! only partly there (the 400 names the missing key), and a header cut at a limit are still
//! rejected.
//!
//! `T` must be `Clone + Send + Sync + 'static`: the struct a layer decoded is cloned out of the
//! request's extensions. A generic handler over `T` states those bounds.
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

pub use crate::extensions::{BaggageRejection, TypedBaggage};

impl IntoResponse for BaggageRejection {
    fn into_response(self) -> Response {
        (StatusCode::BAD_REQUEST, self.to_string()).into_response()
    }
}

/// The struct from what a layer read, or else from the header lines.
///
/// With [`ServerBaggageLayer`](crate::tower::ServerBaggageLayer) in front, the struct is read from
/// the baggage the layer kept, which remembers what reading dropped: the error is the one
/// `T::from_header` gives for the same header (a limit, a malformed member), not a key read as
/// absent from the rewritten header.
fn decode<T>(parts: &Parts) -> Result<T, DecodeError>
where
    T: Baggage + Clone + Send + Sync + 'static,
{
    if let Some(value) = TypedBaggage::<T>::from_extensions(&parts.extensions) {
        return Ok(value.clone());
    }
    #[cfg(feature = "tower")]
    if let Some(inbound) = parts.extensions.get::<crate::extensions::InboundBaggage>() {
        return T::from_baggage(&inbound.baggage);
    }
    crate::http::extract(&parts.headers)
}

/// Whether any member of `T` is in the request's baggage.
fn any_member_present<T: Baggage>(parts: &Parts) -> bool {
    #[cfg(feature = "tower")]
    if let Some(inbound) = parts.extensions.get::<crate::extensions::InboundBaggage>() {
        return crate::extensions::any_member_present::<T>(&inbound.baggage);
    }
    crate::extensions::any_member_present::<T>(&crate::http::string_baggage(&parts.headers).0)
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
            // Only a request that carries none of the struct is without it; one that carries
            // part of it is rejected, naming the key that is missing.
            Err(DecodeError::Missing { .. }) if !any_member_present::<T>(parts) => Ok(None),
            Err(error) => Err(BaggageRejection(error)),
        }
    }
}
