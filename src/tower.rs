//! tower: [`ServerBaggageLayer`] reads inbound baggage once, applies a
//! [`TrustPolicy`], rewrites the header to what was kept and
//! puts the typed struct in request extensions; [`ClientBaggageLayer`] writes the typed struct of
//! an outgoing request into its `baggage` header, stripping `internal` fields when the
//! destination is outside the trust boundary.
//!
//! ```
//! use baggage::policy::trust::TrustPolicy;
//! use baggage::tower::ServerBaggageLayer;
//! use baggage::Baggage;
//!
//! #[derive(Debug, Clone, Baggage)]
//! struct RequestContext {
//!     #[baggage(default, max_len = 16)]
//!     client_version: String,
//! }
//!
//! // A public edge: clients may only say which version they run.
//! let layer = ServerBaggageLayer::<RequestContext>::new(
//!     TrustPolicy::allow_keys(RequestContext::SCHEMA, &["client_version"])?,
//! );
//! # let _ = layer;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::task::{Context, Poll};

use ::http::{Extensions, HeaderMap, Request, Uri};
use tower_layer::Layer;
use tower_service::Service;

use crate::http::{set, string_baggage, TypedBaggage};
use crate::policy::trust::{Dropped, TrustPolicy};
use crate::{Baggage, DecodeError, ParseError, StringBaggage};

/// What the server layer found in a request's baggage, in its extensions.
#[derive(Debug, Clone)]
pub struct InboundBaggage {
    /// The members kept after the trust policy.
    pub baggage: StringBaggage<'static>,
    /// The members the trust policy dropped, and why.
    pub dropped: Vec<Dropped>,
    /// The malformed members, dropped while reading.
    pub malformed: Vec<ParseError>,
    /// Why the typed struct could not be read, when it could not.
    pub decode_error: Option<DecodeError>,
}

type PolicyFn = dyn Fn(&HeaderMap, &Extensions) -> TrustPolicy + Send + Sync;

/// Reads inbound baggage once per request under a trust policy; see the [module](self).
pub struct ServerBaggageLayer<T> {
    policy: Arc<PolicyFn>,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for ServerBaggageLayer<T> {
    fn clone(&self) -> Self {
        Self {
            policy: Arc::clone(&self.policy),
            _type: PhantomData,
        }
    }
}

impl<T> fmt::Debug for ServerBaggageLayer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerBaggageLayer").finish_non_exhaustive()
    }
}

impl<T> ServerBaggageLayer<T> {
    /// The same policy for every request.
    pub fn new(policy: TrustPolicy) -> Self {
        Self::per_request(move |_, _| policy.clone())
    }

    /// A policy chosen per request, from its headers and extensions (a peer address or
    /// certificate put there by the server, say).
    pub fn per_request(
        policy: impl Fn(&HeaderMap, &Extensions) -> TrustPolicy + Send + Sync + 'static,
    ) -> Self {
        Self {
            policy: Arc::new(policy),
            _type: PhantomData,
        }
    }
}

impl<S, T> Layer<S> for ServerBaggageLayer<T> {
    type Service = ServerBaggage<S, T>;

    fn layer(&self, inner: S) -> Self::Service {
        BaggageService {
            inner,
            layer: self.clone(),
        }
    }
}

/// A service wrapped by [`ServerBaggageLayer`] or [`ClientBaggageLayer`].
#[derive(Clone, Debug)]
pub struct BaggageService<S, L> {
    inner: S,
    layer: L,
}

/// The service of [`ServerBaggageLayer`].
pub type ServerBaggage<S, T> = BaggageService<S, ServerBaggageLayer<T>>;

/// The service of [`ClientBaggageLayer`].
pub type ClientBaggage<S, T> = BaggageService<S, ClientBaggageLayer<T>>;

impl<S, T, B> Service<Request<B>> for ServerBaggage<S, T>
where
    S: Service<Request<B>>,
    T: Baggage + Clone + Send + Sync + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let policy = (self.layer.policy)(request.headers(), request.extensions());
        let (baggage, malformed) = string_baggage(request.headers());
        let mut baggage = baggage.into_owned();
        let dropped = policy.apply(&mut baggage);
        set(request.headers_mut(), &baggage);
        let decode_error = match T::from_baggage(&baggage) {
            Ok(value) => {
                TypedBaggage::insert_into(value, request.extensions_mut());
                None
            }
            Err(error) => Some(error),
        };
        request.extensions_mut().insert(InboundBaggage {
            baggage,
            dropped,
            malformed,
            decode_error,
        });
        self.inner.call(request)
    }
}

type TrustFn = dyn Fn(&Uri) -> bool + Send + Sync;

/// Writes the [`TypedBaggage<T>`] of an outgoing request into its `baggage` header; see the
/// [module](self).
pub struct ClientBaggageLayer<T> {
    trusted: Arc<TrustFn>,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for ClientBaggageLayer<T> {
    fn clone(&self) -> Self {
        Self {
            trusted: Arc::clone(&self.trusted),
            _type: PhantomData,
        }
    }
}

impl<T> fmt::Debug for ClientBaggageLayer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBaggageLayer").finish_non_exhaustive()
    }
}

impl<T> ClientBaggageLayer<T> {
    /// `trusted` says whether a destination is inside the trust boundary; `internal` fields are
    /// stripped from requests to every other one.
    pub fn new(trusted: impl Fn(&Uri) -> bool + Send + Sync + 'static) -> Self {
        Self {
            trusted: Arc::new(trusted),
            _type: PhantomData,
        }
    }
}

impl<S, T> Layer<S> for ClientBaggageLayer<T> {
    type Service = ClientBaggage<S, T>;

    fn layer(&self, inner: S) -> Self::Service {
        BaggageService {
            inner,
            layer: self.clone(),
        }
    }
}

impl<S, T, B> Service<Request<B>> for ClientBaggage<S, T>
where
    S: Service<Request<B>>,
    T: Baggage + Clone + Send + Sync + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let (baggage, _) = string_baggage(request.headers());
        let mut baggage = baggage.into_owned();
        if let Some(value) = TypedBaggage::<T>::from_extensions(request.extensions()) {
            // A struct that cannot be written leaves the header as it was.
            let _ = value.write_to(&mut baggage);
        }
        if !(self.layer.trusted)(request.uri()) {
            T::SCHEMA.strip_internal(&mut baggage);
        }
        set(request.headers_mut(), &baggage);
        self.inner.call(request)
    }
}
