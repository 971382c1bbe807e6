//! actix-web: [`TypedBaggage<T>`] and [`OptionalBaggage<T>`] read a typed struct from a
//! request's baggage in a handler; [`BaggageMiddleware`] reads inbound baggage once under a
//! [`TrustPolicy`].
//!
//! The extractors behave as the axum ones do: the struct comes from the request's extensions
//! when the middleware put it there, otherwise from the `baggage` header lines; a request whose
//! baggage does not decode is rejected with `400 Bad Request` and a body that names the key and
//! the problem ([`BaggageRejection`]).
//!
//! `OptionalBaggage<T>` is `None` only when none of the struct's members is present; a present
//! but invalid member, a struct that is only partly there and a header cut at a limit are still
//! rejected. actix-web's own `Option<TypedBaggage<T>>` is not that: actix-web turns every error
//! of an extractor into `None` (and logs it at debug level), so a malformed member would read
//! as "no baggage". Use `OptionalBaggage<T>`.
//!
//! ```
//! use actix_web::{web, App};
//! use baggage::actix::{BaggageMiddleware, OptionalBaggage, TypedBaggage};
//! use baggage::policy::trust::TrustPolicy;
//! use baggage::Baggage;
//!
//! #[derive(Debug, Clone, Baggage)]
//! struct RequestContext {
//!     user_id: u64,
//! }
//!
//! async fn orders(TypedBaggage(context): TypedBaggage<RequestContext>) -> String {
//!     format!("user {}", context.user_id)
//! }
//!
//! async fn home(OptionalBaggage(context): OptionalBaggage<RequestContext>) -> String {
//!     match context {
//!         Some(context) => format!("user {}", context.user_id),
//!         None => "anonymous".to_owned(),
//!     }
//! }
//!
//! let app = App::new()
//!     .wrap(BaggageMiddleware::<RequestContext>::new(TrustPolicy::Trusted))
//!     .route("/orders", web::get().to(orders))
//!     .route("/", web::get().to(home));
//! # let _ = app;
//! ```

use std::fmt;
use std::future::{ready, Ready};
use std::marker::PhantomData;
use std::sync::Arc;

use actix_web::dev::{forward_ready, Payload, Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, ResponseError};

use crate::extensions::{any_member_present, read_inbound, rewrites_header, Policy};
use crate::policy::trust::TrustPolicy;
use crate::{Baggage, DecodeError, StringBaggage};

pub use crate::extensions::{BaggageRejection, InboundBaggage, TypedBaggage};

const BAGGAGE: HeaderName = HeaderName::from_static("baggage");

/// The `baggage` header lines that are visible ASCII (no other line can hold valid members).
fn lines(headers: &HeaderMap) -> Vec<std::borrow::Cow<'_, str>> {
    crate::extensions::text_lines(headers.get_all(BAGGAGE).map(|value| value.as_bytes()))
}

impl ResponseError for BaggageRejection {
    fn status_code(&self) -> StatusCode {
        StatusCode::BAD_REQUEST
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::BadRequest()
            .content_type("text/plain; charset=utf-8")
            .body(self.to_string())
    }
}

/// The struct from what the middleware read, or else from the header lines.
fn decode<T: Baggage + Clone + 'static>(request: &HttpRequest) -> Result<T, DecodeError> {
    let extensions = request.extensions();
    if let Some(TypedBaggage(value)) = extensions.get::<TypedBaggage<T>>() {
        return Ok(value.clone());
    }
    // The middleware kept what reading dropped: the error is the one `T::from_header` gives for
    // the same header, not a key read as absent from the rewritten header.
    if let Some(inbound) = extensions.get::<InboundBaggage>() {
        return T::from_baggage(&inbound.baggage);
    }
    let mut header_lines = request.headers().get_all(BAGGAGE);
    match (
        header_lines.next().map(HeaderValue::to_str),
        header_lines.next(),
    ) {
        // One line, the common case: the struct's one-pass reader.
        (Some(Ok(line)), None) => T::from_header(line),
        _ => T::from_baggage(&header_baggage(request)),
    }
}

fn header_baggage(request: &HttpRequest) -> StringBaggage<'static> {
    let lines = lines(request.headers());
    let (baggage, _) =
        StringBaggage::options().parse_lines_lenient(lines.iter().map(AsRef::as_ref));
    baggage.into_owned()
}

impl<T: Baggage + Clone + 'static> FromRequest for TypedBaggage<T> {
    type Error = BaggageRejection;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(decode(request).map(TypedBaggage).map_err(BaggageRejection))
    }
}

/// A typed struct that may be absent: `None` only when none of its members is in the request's
/// baggage; see the [module](self).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OptionalBaggage<T>(pub Option<T>);

impl<T: Baggage + Clone + 'static> FromRequest for OptionalBaggage<T> {
    type Error = BaggageRejection;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let result = match decode::<T>(request) {
            Ok(value) => Ok(OptionalBaggage(Some(value))),
            Err(DecodeError::Missing { .. }) if !members_present::<T>(request) => {
                Ok(OptionalBaggage(None))
            }
            Err(error) => Err(BaggageRejection(error)),
        };
        ready(result)
    }
}

fn members_present<T: Baggage>(request: &HttpRequest) -> bool {
    if let Some(inbound) = request.extensions().get::<InboundBaggage>() {
        return any_member_present::<T>(&inbound.baggage);
    }
    any_member_present::<T>(&header_baggage(request))
}

type PolicyFn = dyn Fn(&ServiceRequest) -> TrustPolicy + Send + Sync;

/// Reads inbound baggage once per request under a trust policy, rewrites the `baggage` header to
/// what was kept (when anything was dropped: otherwise it goes on as it came), and puts [`TypedBaggage<T>`] (when the struct decodes) and [`InboundBaggage`]
/// (always) in the request's extensions.
///
/// The request is never refused here: a handler that needs the struct rejects it with its
/// extractor, one that does not still runs.
///
/// ```
/// use actix_web::App;
/// use baggage::actix::BaggageMiddleware;
/// use baggage::policy::trust::TrustPolicy;
/// use baggage::Baggage;
///
/// #[derive(Debug, Clone, Baggage)]
/// struct RequestContext {
///     #[baggage(default, max_len = 16)]
///     client_version: String,
/// }
///
/// // A public edge: clients may only say which version they run.
/// let edge = BaggageMiddleware::<RequestContext>::new(
///     TrustPolicy::allow_keys(RequestContext::SCHEMA, &["client_version"])?,
/// );
/// let app = App::new().wrap(edge);
/// # let _ = app;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct BaggageMiddleware<T> {
    policy: Policy<PolicyFn>,
    #[cfg(feature = "metrics")]
    metrics: Option<crate::otel::BaggageMetrics>,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for BaggageMiddleware<T> {
    fn clone(&self) -> Self {
        Self {
            policy: self.policy.clone(),
            #[cfg(feature = "metrics")]
            metrics: self.metrics.clone(),
            _type: PhantomData,
        }
    }
}

impl<T> fmt::Debug for BaggageMiddleware<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BaggageMiddleware").finish_non_exhaustive()
    }
}

impl<T> BaggageMiddleware<T> {
    /// The same policy for every request.
    pub fn new(policy: TrustPolicy) -> Self {
        Self::with_policy(Policy::Fixed(Arc::new(policy)))
    }

    /// A policy chosen per request, from the request itself (its peer address, say:
    /// `request.peer_addr()`).
    pub fn per_request(
        policy: impl Fn(&ServiceRequest) -> TrustPolicy + Send + Sync + 'static,
    ) -> Self {
        Self::with_policy(Policy::PerRequest(Arc::new(policy)))
    }

    fn with_policy(policy: Policy<PolicyFn>) -> Self {
        Self {
            policy,
            #[cfg(feature = "metrics")]
            metrics: None,
            _type: PhantomData,
        }
    }

    /// Also records each request's inbound baggage as OpenTelemetry metrics, as the tower
    /// server layer does (see [`BaggageMetrics`](crate::otel::BaggageMetrics)).
    #[cfg(feature = "metrics")]
    #[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
    #[must_use]
    pub fn with_metrics(mut self, metrics: crate::otel::BaggageMetrics) -> Self {
        self.metrics = Some(metrics);
        self
    }
}

impl<S, B, T> Transform<S, ServiceRequest> for BaggageMiddleware<T>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
    T: Baggage + Clone + 'static,
{
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Transform = BaggageMiddlewareService<S, T>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(BaggageMiddlewareService {
            service,
            layer: self.clone(),
        }))
    }
}

/// The service [`BaggageMiddleware`] wraps around an app's.
pub struct BaggageMiddlewareService<S, T> {
    service: S,
    layer: BaggageMiddleware<T>,
}

impl<S: fmt::Debug, T> fmt::Debug for BaggageMiddlewareService<S, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BaggageMiddlewareService")
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

impl<S, B, T> Service<ServiceRequest> for BaggageMiddlewareService<S, T>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
    T: Baggage + Clone + 'static,
{
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Future = S::Future;

    forward_ready!(service);

    fn call(&self, mut request: ServiceRequest) -> Self::Future {
        let mut chosen = None;
        let policy = self
            .layer
            .policy
            .for_request(&mut chosen, |choose| choose(&request));
        let lines = lines(request.headers());
        let (value, inbound) = read_inbound::<T>(lines.iter().map(AsRef::as_ref), policy);
        #[cfg(feature = "metrics")]
        if let Some(metrics) = &self.layer.metrics {
            let values = request.headers().get_all(BAGGAGE);
            metrics.record_inbound(values.map(|line| line.as_bytes()), &inbound);
        }
        drop(lines);
        if rewrites_header(&inbound) {
            let headers = request.headers_mut();
            headers.remove(BAGGAGE);
            let header = inbound.baggage.to_header();
            if !header.is_empty() {
                // What `to_header` writes is visible ASCII, always a valid header value.
                if let Ok(value) = HeaderValue::from_str(&header) {
                    headers.insert(BAGGAGE, value);
                }
            }
        }
        {
            let mut extensions = request.extensions_mut();
            if let Some(value) = value {
                extensions.insert(TypedBaggage(value));
            }
            extensions.insert(inbound);
        }
        self.service.call(request)
    }
}
