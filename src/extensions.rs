//! What every server integration shares: [`TypedBaggage`], the decoded struct a layer, a
//! middleware or an interceptor puts in a request's extensions and an extractor finds;
//! [`InboundBaggage`], what a server layer read; [`BaggageRejection`], the `400` of an extractor;
//! and the inbound reading they all do.

#[cfg(any(feature = "axum", feature = "tower", feature = "actix-web"))]
use crate::DecodeError;
#[cfg(any(feature = "axum", feature = "tower", feature = "actix-web"))]
use crate::{Baggage, StringBaggage};

/// A decoded typed struct carried in request extensions, where a layer or an interceptor puts it
/// and an extractor finds it without decoding the header again.
///
/// The tower server layer (`baggage::tower`), the actix-web middleware (`baggage::actix`) and
/// the tonic server interceptor (`baggage::tonic::server_interceptor`) insert it; the axum and
/// actix-web extractors are this type; a tonic handler reads it with
/// `request.extensions().get::<TypedBaggage<T>>()`.
///
/// ```
/// # #[cfg(feature = "http")] {
/// use baggage::http::TypedBaggage;
///
/// let mut extensions = http::Extensions::new();
/// TypedBaggage::insert_into(7u64, &mut extensions);
/// assert_eq!(TypedBaggage::<u64>::from_extensions(&extensions), Some(&7));
/// assert_eq!(TypedBaggage::<u32>::from_extensions(&extensions), None);
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TypedBaggage<T>(pub T);

#[cfg(any(feature = "http", feature = "tonic"))]
impl<T: Clone + Send + Sync + 'static> TypedBaggage<T> {
    /// Puts a decoded struct into request extensions.
    pub fn insert_into(value: T, extensions: &mut ::http::Extensions) {
        extensions.insert(TypedBaggage(value));
    }

    /// The decoded struct in request extensions, if a layer put one there.
    pub fn from_extensions(extensions: &::http::Extensions) -> Option<&T> {
        extensions
            .get::<TypedBaggage<T>>()
            .map(|TypedBaggage(value)| value)
    }
}

/// Header lines as text, each as it came when it is UTF-8, else with U+FFFD for what is not:
/// the parser then reports the members holding bytes that are not ASCII, instead of the whole
/// line vanishing.
#[cfg(any(feature = "http", feature = "tonic", feature = "actix-web"))]
pub(crate) fn text_lines<'a>(
    values: impl IntoIterator<Item = &'a [u8]>,
) -> Vec<std::borrow::Cow<'a, str>> {
    values.into_iter().map(String::from_utf8_lossy).collect()
}

/// What a server layer (the tower [`ServerBaggageLayer`](crate::tower::ServerBaggageLayer), the
/// actix-web `BaggageMiddleware`) found in a request's baggage, in its extensions.
#[cfg(any(feature = "tower", feature = "actix-web"))]
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct InboundBaggage {
    /// The members kept after the trust policy.
    pub baggage: StringBaggage<'static>,
    /// The members the trust policy dropped, and why.
    pub dropped: Vec<crate::policy::trust::Dropped>,
    /// The malformed members, dropped while reading.
    pub malformed: Vec<crate::ParseError>,
    /// Why the typed struct could not be read, when it could not.
    pub decode_error: Option<DecodeError>,
}

/// The trust policy of a server layer: one for every request, read in place, or one chosen per
/// request by `F`.
#[cfg(any(feature = "tower", feature = "actix-web"))]
pub(crate) enum Policy<F: ?Sized> {
    Fixed(std::sync::Arc<crate::policy::trust::TrustPolicy>),
    PerRequest(std::sync::Arc<F>),
}

#[cfg(any(feature = "tower", feature = "actix-web"))]
impl<F: ?Sized> Clone for Policy<F> {
    fn clone(&self) -> Self {
        match self {
            Self::Fixed(policy) => Self::Fixed(std::sync::Arc::clone(policy)),
            Self::PerRequest(choose) => Self::PerRequest(std::sync::Arc::clone(choose)),
        }
    }
}

#[cfg(any(feature = "tower", feature = "actix-web"))]
impl<F: ?Sized> Policy<F> {
    /// The policy for a request: the fixed one, or the one `choose` picks with `F`, kept in
    /// `chosen` for as long as the request is read.
    pub(crate) fn for_request<'p>(
        &'p self,
        chosen: &'p mut Option<crate::policy::trust::TrustPolicy>,
        choose: impl FnOnce(&F) -> crate::policy::trust::TrustPolicy,
    ) -> &'p crate::policy::trust::TrustPolicy {
        match self {
            Self::Fixed(policy) => policy,
            Self::PerRequest(f) => chosen.insert(choose(f)),
        }
    }
}

/// Whether a server layer rewrites the `baggage` header: only when reading or the trust policy
/// dropped a member. A header nothing was dropped from says what the kept baggage says, and goes
/// on as it came.
#[cfg(any(feature = "tower", feature = "actix-web"))]
pub(crate) fn rewrites_header(inbound: &InboundBaggage) -> bool {
    !inbound.dropped.is_empty() || !inbound.malformed.is_empty()
}

/// Reads the `baggage` header lines leniently, applies `policy`, and decodes `T` from what is
/// kept: the struct when it decodes, and the record the layers put in extensions.
#[cfg(any(feature = "tower", feature = "actix-web"))]
pub(crate) fn read_inbound<'a, T: Baggage>(
    lines: impl IntoIterator<Item = &'a str>,
    policy: &crate::policy::trust::TrustPolicy,
) -> (Option<T>, InboundBaggage) {
    let (baggage, malformed) = StringBaggage::options().parse_lines_lenient(lines);
    let mut baggage = baggage.into_owned();
    let dropped = policy.apply(&mut baggage);
    let (value, decode_error) = match T::from_baggage(&baggage) {
        Ok(value) => (Some(value), None),
        Err(error) => (None, Some(error)),
    };
    let inbound = InboundBaggage {
        baggage,
        dropped,
        malformed,
        decode_error,
    };
    (value, inbound)
}

/// Whether any member of `T` (its flattened structs and aliases included) is in `baggage`: an
/// optional extractor is empty only when none is.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn any_member_present<T: Baggage>(baggage: &StringBaggage<'_>) -> bool {
    T::SCHEMA.any_member_in(baggage)
}

/// The rejection of a request whose baggage does not decode: `400 Bad Request`, with a body
/// that names the key and the problem (`invalid baggage: …`).
#[cfg(any(feature = "axum", feature = "actix-web"))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaggageRejection(pub DecodeError);

#[cfg(any(feature = "axum", feature = "actix-web"))]
impl std::fmt::Display for BaggageRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid baggage: {}", self.0)
    }
}

#[cfg(any(feature = "axum", feature = "actix-web"))]
impl std::error::Error for BaggageRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}
