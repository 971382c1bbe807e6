//! reqwest: typed baggage on outgoing requests, by a [`RequestBuilder`](reqwest::RequestBuilder)
//! extension ([`RequestBuilderExt`]) and, with the feature `reqwest-middleware`, a middleware
//! ([`BaggageMiddleware`]).
//!
//! Both merge into the request's `baggage` header (every other member kept, one header line) and
//! strip the struct's `internal` fields when the destination is outside the trust boundary, as
//! the tower [`ClientBaggageLayer`](crate::tower::ClientBaggageLayer) does. A struct that cannot
//! be written is an error before the request leaves: the request is never sent without the
//! baggage it was given.
//!
//! ```no_run
//! use baggage::reqwest::RequestBuilderExt;
//! use baggage::Baggage;
//!
//! #[derive(Debug, Clone, Baggage)]
//! struct RequestContext {
//!     user_id: u64,
//!     #[baggage(internal)]
//!     routing_hint: Option<String>,
//! }
//!
//! /// Hosts under `.internal` are inside the trust boundary.
//! fn inside(url: &reqwest::Url) -> bool {
//!     url.host_str().is_some_and(|host| host.ends_with(".internal"))
//! }
//!
//! # async fn call() -> Result<(), Box<dyn std::error::Error>> {
//! let context = RequestContext { user_id: 7, routing_hint: Some("eu-1".into()) };
//! let client = reqwest::Client::new();
//! // `baggage: user_id=7,routing_hint=eu-1`
//! client.get("http://orders.internal/").baggage(&context, inside)?.send().await?;
//! // `baggage: user_id=7`: the routing hint stays inside.
//! client.get("http://payments.example/").baggage(&context, inside)?.send().await?;
//! # Ok(())
//! # }
//! ```

use std::fmt;

use ::http::HeaderMap;
use reqwest::Url;

use crate::http::{set, string_baggage};
#[cfg(feature = "opentelemetry")]
use crate::StringBaggage;
use crate::{Baggage, EncodeError};

/// Why [`RequestBuilderExt`] could not add baggage to a request.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The struct could not be written (a value the personal-data scan refuses, a NaN, a
    /// struct over its budget). The request was not built further.
    Encode(EncodeError),
    /// The request builder held an error already (an invalid URL or header), which reqwest
    /// would have returned from `send`.
    Request(reqwest::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Encode(error) => write!(f, "baggage not written: {error}"),
            Self::Request(error) => write!(f, "request not built: {error}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Encode(error) => Some(error),
            Self::Request(error) => Some(error),
        }
    }
}

impl From<EncodeError> for Error {
    fn from(error: EncodeError) -> Self {
        Self::Encode(error)
    }
}

impl From<reqwest::Error> for Error {
    fn from(error: reqwest::Error) -> Self {
        Self::Request(error)
    }
}

/// Merges `value` into the `baggage` header lines of `headers`, then strips `T`'s `internal`
/// keys unless the destination is trusted; the headers are unchanged on error.
fn write_typed<T: Baggage>(
    headers: &mut HeaderMap,
    value: &T,
    trusted: bool,
) -> Result<(), EncodeError> {
    let mut baggage = string_baggage(headers).0.into_owned();
    value.write_to(&mut baggage)?;
    if !trusted {
        T::SCHEMA.strip_internal(&mut baggage);
    }
    set(headers, &baggage);
    Ok(())
}

/// Merges `members` into the `baggage` header lines of `headers`; the headers are unchanged on
/// error.
#[cfg(feature = "opentelemetry")]
fn write_members(
    headers: &mut HeaderMap,
    members: &StringBaggage<'static>,
) -> Result<(), EncodeError> {
    let mut baggage = string_baggage(headers).0.into_owned();
    for member in members.iter() {
        baggage
            .insert_member(member.clone())
            .map_err(EncodeError::Limits)?;
    }
    set(headers, &baggage);
    Ok(())
}

/// Typed baggage on a request builder: reqwest's own, and `reqwest_middleware`'s with the
/// feature `reqwest-middleware`.
pub trait RequestBuilderExt: Sized {
    /// The request with `value` merged into its `baggage` header, every other member kept;
    /// `value`'s `internal` fields are left out unless `trusted` says the request's URL is
    /// inside the trust boundary.
    ///
    /// A key `value` writes replaces a member of the same key already on the request.
    ///
    /// # Errors
    ///
    /// [`Error::Encode`] when `value` cannot be written (see [`Baggage::write_to`]);
    /// [`Error::Request`] when the builder already held reqwest's error.
    fn baggage<T: Baggage>(self, value: &T, trusted: impl Fn(&Url) -> bool) -> Result<Self, Error>;

    /// The request with the baggage of an OpenTelemetry context merged into its `baggage`
    /// header, every other member kept.
    ///
    /// The context's baggage is untyped, so nothing is stripped: every member of it is sent.
    /// Members whose key is not a W3C token are left out, as [`crate::otel::from_otel`] says.
    ///
    /// ```no_run
    /// use baggage::reqwest::RequestBuilderExt;
    ///
    /// # async fn call() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = reqwest::Client::new();
    /// let request = client
    ///     .get("http://orders.internal/")
    ///     .context_baggage(&opentelemetry::Context::current())?;
    /// request.send().await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Encode`] ([`EncodeError::Limits`]) when the header would exceed the W3C
    /// limits; [`Error::Request`] when the builder already held reqwest's error.
    #[cfg(feature = "opentelemetry")]
    #[cfg_attr(docsrs, doc(cfg(feature = "opentelemetry")))]
    fn context_baggage(self, cx: &opentelemetry::Context) -> Result<Self, Error>;
}

/// The extension on a builder with reqwest's `build_split` and `from_parts`: reqwest's own and
/// `reqwest_middleware`'s.
macro_rules! request_builder_ext {
    ($builder:ty) => {
        impl RequestBuilderExt for $builder {
            fn baggage<T: Baggage>(
                self,
                value: &T,
                trusted: impl Fn(&Url) -> bool,
            ) -> Result<Self, Error> {
                let (client, request) = self.build_split();
                let mut request = request?;
                let trusted = trusted(request.url());
                write_typed(request.headers_mut(), value, trusted)?;
                Ok(Self::from_parts(client, request))
            }

            #[cfg(feature = "opentelemetry")]
            fn context_baggage(self, cx: &opentelemetry::Context) -> Result<Self, Error> {
                use opentelemetry::baggage::BaggageExt;
                let (client, request) = self.build_split();
                let mut request = request?;
                write_members(request.headers_mut(), &crate::otel::from_otel(cx.baggage()))?;
                Ok(Self::from_parts(client, request))
            }
        }
    };
}

request_builder_ext!(reqwest::RequestBuilder);
#[cfg(feature = "reqwest-middleware")]
request_builder_ext!(reqwest_middleware::RequestBuilder);

#[cfg(feature = "reqwest-middleware")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest-middleware")))]
pub use self::middleware::BaggageMiddleware;

#[cfg(feature = "reqwest-middleware")]
mod middleware {
    use std::fmt;
    use std::marker::PhantomData;
    use std::sync::Arc;

    use ::http::Extensions;
    use reqwest::{Request, Response, Url};
    use reqwest_middleware::{Middleware, Next};

    use crate::http::TypedBaggage;
    use crate::Baggage;

    type TrustFn = dyn Fn(&Url) -> bool + Send + Sync;

    /// A `reqwest_middleware` middleware that writes the [`TypedBaggage<T>`] of a request's
    /// extensions into its `baggage` header, stripping `internal` fields for destinations
    /// outside the trust boundary.
    ///
    /// A request without a `TypedBaggage<T>` goes out with its header as it is. A struct that
    /// cannot be written fails the request with `reqwest_middleware::Error::Middleware`, whose
    /// source is the [`EncodeError`](crate::EncodeError); the request is not sent.
    ///
    /// ```no_run
    /// use baggage::http::TypedBaggage;
    /// use baggage::reqwest::BaggageMiddleware;
    /// use baggage::Baggage;
    ///
    /// #[derive(Debug, Clone, Baggage)]
    /// struct RequestContext {
    ///     user_id: u64,
    /// }
    ///
    /// # async fn call() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
    ///     .with(BaggageMiddleware::<RequestContext>::new(|url| {
    ///         url.host_str().is_some_and(|host| host.ends_with(".internal"))
    ///     }))
    ///     .build();
    /// client
    ///     .get("http://orders.internal/")
    ///     .with_extension(TypedBaggage(RequestContext { user_id: 7 }))
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub struct BaggageMiddleware<T> {
        trusted: Arc<TrustFn>,
        #[cfg(feature = "opentelemetry")]
        from_context: bool,
        _type: PhantomData<fn() -> T>,
    }

    impl<T> fmt::Debug for BaggageMiddleware<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("BaggageMiddleware").finish_non_exhaustive()
        }
    }

    impl<T> Clone for BaggageMiddleware<T> {
        fn clone(&self) -> Self {
            Self {
                trusted: Arc::clone(&self.trusted),
                #[cfg(feature = "opentelemetry")]
                from_context: self.from_context,
                _type: PhantomData,
            }
        }
    }

    impl<T> BaggageMiddleware<T> {
        /// `trusted` says whether a destination is inside the trust boundary; `internal`
        /// fields are stripped from requests to every other one.
        pub fn new(trusted: impl Fn(&Url) -> bool + Send + Sync + 'static) -> Self {
            Self {
                trusted: Arc::new(trusted),
                #[cfg(feature = "opentelemetry")]
                from_context: false,
                _type: PhantomData,
            }
        }

        /// Also merges the baggage of the current OpenTelemetry context
        /// (`opentelemetry::Context::current()`) into every request, before the typed struct;
        /// for a destination outside the trust boundary the keys of `T`'s `internal` fields
        /// are stripped from it too.
        #[cfg(feature = "opentelemetry")]
        #[cfg_attr(docsrs, doc(cfg(feature = "opentelemetry")))]
        pub fn with_current_context(mut self) -> Self {
            self.from_context = true;
            self
        }
    }

    #[async_trait::async_trait]
    impl<T> Middleware for BaggageMiddleware<T>
    where
        T: Baggage + Clone + Send + Sync + 'static,
    {
        async fn handle(
            &self,
            mut request: Request,
            extensions: &mut Extensions,
            next: Next<'_>,
        ) -> reqwest_middleware::Result<Response> {
            let trusted = (self.trusted)(request.url());
            #[cfg(feature = "opentelemetry")]
            if self.from_context {
                use opentelemetry::baggage::BaggageExt;
                let cx = opentelemetry::Context::current();
                let mut members = crate::otel::from_otel(cx.baggage());
                if !trusted {
                    T::SCHEMA.strip_internal(&mut members);
                }
                super::write_members(request.headers_mut(), &members)
                    .map_err(reqwest_middleware::Error::middleware)?;
            }
            if let Some(value) = TypedBaggage::<T>::from_extensions(extensions) {
                super::write_typed(request.headers_mut(), value, trusted)
                    .map_err(reqwest_middleware::Error::middleware)?;
            }
            next.run(request, extensions).await
        }
    }
}
