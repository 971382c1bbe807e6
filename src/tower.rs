//! tower: [`ServerBaggageLayer`] reads inbound baggage once, applies a
//! [`TrustPolicy`], rewrites the header to what was kept (when anything was dropped) and
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
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use ::http::{Extensions, HeaderMap, HeaderValue, Request, Uri};
use tower_layer::Layer;
use tower_service::Service;

use crate::extensions::{read_inbound, rewrites_header, Policy};
use crate::http::{header_text, one_text_line, set, set_header, TypedBaggage, BAGGAGE};
use crate::policy::trust::TrustPolicy;
use crate::{Baggage, EncodeError, StringBaggage};

/// The error of a service wrapped by [`ClientBaggageLayer`]: the inner service's error, or the
/// [`EncodeError`] of a struct that could not be written.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

pub use crate::extensions::InboundBaggage;

type PolicyFn = dyn Fn(&HeaderMap, &Extensions) -> TrustPolicy + Send + Sync;

/// Reads inbound baggage once per request under a trust policy; see the [module](self).
pub struct ServerBaggageLayer<T> {
    policy: Policy<PolicyFn>,
    #[cfg(feature = "metrics")]
    metrics: Option<crate::otel::BaggageMetrics>,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for ServerBaggageLayer<T> {
    fn clone(&self) -> Self {
        Self {
            policy: self.policy.clone(),
            #[cfg(feature = "metrics")]
            metrics: self.metrics.clone(),
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
        Self::with_policy(Policy::Fixed(Arc::new(policy)))
    }

    /// A policy chosen per request, from its headers and extensions (a peer address or
    /// certificate put there by the server, say).
    pub fn per_request(
        policy: impl Fn(&HeaderMap, &Extensions) -> TrustPolicy + Send + Sync + 'static,
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

    /// Also records each request's inbound baggage as OpenTelemetry metrics: its size, its
    /// members, and the members dropped while reading it and by the trust policy (see
    /// [`BaggageMetrics`](crate::otel::BaggageMetrics)).
    #[cfg(feature = "metrics")]
    #[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
    #[must_use]
    pub fn with_metrics(mut self, metrics: crate::otel::BaggageMetrics) -> Self {
        self.metrics = Some(metrics);
        self
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
        let mut chosen = None;
        let policy = self.layer.policy.for_request(&mut chosen, |choose| {
            choose(request.headers(), request.extensions())
        });
        let values = request.headers().get_all(BAGGAGE);
        fn text(line: &HeaderValue) -> Option<&str> {
            std::str::from_utf8(line.as_bytes()).ok()
        }
        let (value, inbound) = if values.iter().all(|line| text(line).is_some()) {
            read_inbound::<T>(values.iter().filter_map(text), policy)
        } else {
            let lines = crate::extensions::text_lines(values.iter().map(HeaderValue::as_bytes));
            read_inbound::<T>(lines.iter().map(AsRef::as_ref), policy)
        };
        #[cfg(feature = "metrics")]
        if let Some(metrics) = &self.layer.metrics {
            let values = request.headers().get_all(BAGGAGE);
            metrics.record_inbound(values.iter().map(|line| line.as_bytes()), &inbound);
        }
        if rewrites_header(&inbound) {
            set(request.headers_mut(), &inbound.baggage);
        }
        if let Some(value) = value {
            TypedBaggage::insert_into(value, request.extensions_mut());
        }
        request.extensions_mut().insert(inbound);
        self.inner.call(request)
    }
}

type TrustFn = dyn Fn(&Uri) -> bool + Send + Sync;

/// What [`ClientBaggageLayer`] does with a request whose [`TypedBaggage<T>`] cannot be written
/// (a value the personal-data scan refuses, a NaN, a struct over its budget).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OnEncodeError {
    /// The call fails with the [`EncodeError`], before the request is sent. The default: a
    /// request never leaves without the baggage it was given and nothing saying so.
    #[default]
    Fail,
    /// The request is sent with its inbound baggage unchanged (the struct's members left out)
    /// and a `tracing` event at `ERROR` level, target `baggage::tower`, names the key and the
    /// problem.
    SendInbound,
}

/// Writes the [`TypedBaggage<T>`] of an outgoing request into its `baggage` header; see the
/// [module](self).
///
/// A struct that cannot be written fails the call with its [`EncodeError`] (the service's
/// error is then a [`BoxError`]), unless [`on_encode_error`](Self::on_encode_error) says
/// otherwise.
///
/// ```
/// use baggage::tower::{ClientBaggageLayer, OnEncodeError};
/// use baggage::Baggage;
///
/// #[derive(Debug, Clone, Baggage)]
/// struct RequestContext {
///     user_id: u64,
///     #[baggage(internal)]
///     routing_hint: Option<String>,
/// }
///
/// // Hosts under `.internal` are inside the trust boundary; `routing_hint` is stripped
/// // from every other one.
/// let layer = ClientBaggageLayer::<RequestContext>::new(|uri| {
///     uri.host().is_some_and(|host| host.ends_with(".internal"))
/// })
/// .on_encode_error(OnEncodeError::SendInbound);
/// # let _ = layer;
/// ```
pub struct ClientBaggageLayer<T> {
    trusted: Arc<TrustFn>,
    on_encode_error: OnEncodeError,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for ClientBaggageLayer<T> {
    fn clone(&self) -> Self {
        Self {
            trusted: Arc::clone(&self.trusted),
            on_encode_error: self.on_encode_error,
            _type: PhantomData,
        }
    }
}

impl<T> fmt::Debug for ClientBaggageLayer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBaggageLayer")
            .field("on_encode_error", &self.on_encode_error)
            .finish_non_exhaustive()
    }
}

impl<T> ClientBaggageLayer<T> {
    /// `trusted` says whether a destination is inside the trust boundary; `internal` fields are
    /// stripped from requests to every other one.
    pub fn new(trusted: impl Fn(&Uri) -> bool + Send + Sync + 'static) -> Self {
        Self {
            trusted: Arc::new(trusted),
            on_encode_error: OnEncodeError::default(),
            _type: PhantomData,
        }
    }

    /// What to do with a request whose struct cannot be written; [`OnEncodeError::Fail`] unless
    /// set.
    pub fn on_encode_error(mut self, on_encode_error: OnEncodeError) -> Self {
        self.on_encode_error = on_encode_error;
        self
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

pin_project_lite::pin_project! {
    /// The future of [`ClientBaggage`]: the inner service's call, or the [`EncodeError`] that
    /// stopped the request before it was sent.
    pub struct ClientFuture<F> {
        #[pin]
        sent: Option<F>,
        failed: Option<EncodeError>,
    }
}

impl<F, R, E> Future for ClientFuture<F>
where
    F: Future<Output = Result<R, E>>,
    E: Into<BoxError>,
{
    type Output = Result<R, BoxError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        match this.sent.as_pin_mut() {
            Some(future) => future.poll(cx).map_err(Into::into),
            None => Poll::Ready(Err(match this.failed.take() {
                Some(error) => Box::new(error),
                None => "ClientFuture polled after it completed".into(),
            })),
        }
    }
}

impl<S, T, B> Service<Request<B>> for ClientBaggage<S, T>
where
    S: Service<Request<B>>,
    S::Error: Into<BoxError>,
    T: Baggage + Clone + Send + Sync + 'static,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = ClientFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        // The inbound lines are read in place when they are one line of text, else from one
        // copy of them: the headers are rewritten below, once the baggage is written out.
        let (single, joined) = match one_text_line(request.headers()) {
            Some(line) => (Some(line), None),
            None => (None, Some(header_text(request.headers()))),
        };
        let inbound = single.or(joined.as_deref()).unwrap_or_default();
        let (mut baggage, _) = StringBaggage::options().parse_lenient(inbound);
        if let Some(value) = TypedBaggage::<T>::from_extensions(request.extensions()) {
            if let Err(error) = value.write_to(&mut baggage) {
                match self.layer.on_encode_error {
                    OnEncodeError::Fail => {
                        return ClientFuture {
                            sent: None,
                            failed: Some(error),
                        }
                    }
                    OnEncodeError::SendInbound => tracing::error!(
                        target: "baggage::tower",
                        key = error.key().unwrap_or(""),
                        error = %error,
                        "baggage not written; the request goes out with its inbound baggage"
                    ),
                }
            }
        }
        if !(self.layer.trusted)(request.uri()) {
            T::SCHEMA.strip_internal(&mut baggage);
        }
        // A header that already says it all goes as it is.
        let outbound = baggage.to_header();
        let unchanged = outbound == inbound;
        drop(baggage);
        if !unchanged {
            set_header(request.headers_mut(), outbound);
        }
        ClientFuture {
            sent: Some(self.inner.call(request)),
            failed: None,
        }
    }
}
