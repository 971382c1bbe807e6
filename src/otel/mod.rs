//! OpenTelemetry: typed structs read from and merged into an [`opentelemetry::Context`]'s
//! baggage, conversions between [`StringBaggage`] and [`opentelemetry::baggage::Baggage`], and
//! baggage where people look for it: typed span and log attributes, and size metrics.
//!
//! OpenTelemetry's baggage is a map: it keeps one value per key and no order, so converting to it
//! keeps the last of duplicate keys, as [`StringBaggage::get`] does. Properties travel as the
//! SDK's metadata string (`p=1;flag`) and come back as properties.
//!
//! ```
//! use baggage::otel::ContextExt;
//! use baggage::Baggage;
//! use opentelemetry::Context;
//!
//! #[derive(Debug, PartialEq, Baggage)]
//! struct RequestContext {
//!     user_id: u64,
//! }
//!
//! let cx = Context::new().with_typed_baggage(&RequestContext { user_id: 7 })?;
//! assert_eq!(cx.typed_baggage::<RequestContext>()?, RequestContext { user_id: 7 });
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Baggage on spans and logs
//!
//! Baggage does not become span or log attributes by itself. [`TypedAttributes`] turns a
//! struct's fields into attributes typed by its schema (`user_id` an integer, `is_beta` a
//! boolean, `features` an array), leaving out fields marked `skip_tracing` or `allow_pii`;
//! with the `opentelemetry-sdk` feature, `BaggageSpanProcessor<T>` and `BaggageLogProcessor<T>`
//! add them to every span and log record, and `StringBaggageSpanProcessor` /
//! `StringBaggageLogProcessor` copy members as strings for the keys a `KeyFilter` accepts, as
//! the other SDKs' Baggage Span Processors do. With the `metrics` feature, `BaggageMetrics`
//! records the size of inbound baggage and the members dropped from it.
//!
//! With `tracing`, a struct's `span()` fields reach OpenTelemetry through
//! `tracing-opentelemetry` (0.34 goes with `opentelemetry` 0.33) as typed attributes too:
//! `baggage.user_id` an integer.
//!
//! # Compatibility with the OpenTelemetry SDKs
//!
//! This crate writes only RFC 3986 unreserved characters raw and percent-encodes every other
//! byte (a space as `%20`, `+` as `%2B`, `=` as `%3D`, `%` as `%25`); it reads the W3C grammar
//! exactly: a raw `+` is a plus, a raw `=` is part of the value, `%zz` makes only its member
//! malformed (dropped and reported), invalid UTF-8 decodes to U+FFFD, up to 180 members and
//! 8192 bytes. **Tested** columns are pinned by this crate's tests: against `opentelemetry_sdk`
//! 0.33 (`tests/otel_interop.rs`, `tests/otel_pipeline.rs`), and against the Python
//! (`opentelemetry-api` 1.45.3) and JavaScript (`@opentelemetry/core` 3.1.1) SDKs run as peers
//! on 10,000 generated member sets per direction, typed values written with `str()` and
//! `String()`, and a chain SDK → this crate → SDK that delivers every member
//! (`tests/sdk_peers.rs`, where each class below has a name). **Source** columns come from
//! reading the SDK's W3C baggage propagator (Go 1.45, Java 1.65, .NET 1.18), not from running
//! it here.
//!
//! What each SDK reads of what this crate writes:
//!
//! | | Rust 0.33 (tested) | Go (source) | Java (source) | Python (tested) | JavaScript (tested) | .NET (source) |
//! |---|---|---|---|---|---|---|
//! | `%20`, `%2B`, `%3D`, `%25`, `%2C` | as sent | as sent | as sent | as sent | as sent | as sent |
//! | a value with leading or trailing spaces (`%20x%20`) | trimmed to `x` | as sent | as sent | trimmed to `x` (`python-strips-values`) | as sent | as sent |
//! | an empty value (`k=`) | kept | kept | kept | kept | **dropped** (`js-drops-empty-values`) | kept |
//! | a key with `+` or `%XX` (both are token characters) | `%XX` decoded | as sent | as sent | **decoded**, `+` as a space, then stripped (`python-decodes-keys`) | `%XX` **decoded** (`js-decodes-keys`) | as sent |
//! | properties (`k=v;p=1`) | metadata `p=1` | parsed | metadata `p=1` | **part of the value** (`v;p=1`) | metadata, raw | **dropped** |
//! | more than 64 members | first 64 kept | first 64 kept | first 64 kept | up to 180 | up to 180 | up to 180 |
//!
//! What this crate reads of what each SDK writes:
//!
//! | | Rust 0.33 (tested) | Go (source) | Java (source) | Python (tested) | JavaScript (tested) | .NET (source) |
//! |---|---|---|---|---|---|---|
//! | a space | `%20`: a space | `%20`: a space | `%20`: a space | **`+`: read as a plus** (the spec's reading; `python-writes-space-as-plus`) | `%20`: a space | `%20`: a space |
//! | `+` and `=` in a value | `+` raw, `=` encoded: as sent | raw: as sent | encoded: as sent | encoded: as sent | encoded: as sent | raw: as sent |
//! | `%` in a value | **raw: the member is malformed, dropped and reported** | `%25`: as sent | `%25`: as sent | `%25`: as sent | `%25`: as sent | `%25`: as sent |
//! | properties | as metadata: as sent | as sent | **percent-encoded: `;p%3D1` reads as the key-only property `p%3D1`** | none written (kept in the value) | raw: as sent | none written |
//! | keys | tokens, as sent | tokens, as sent | raw: a non-token key is a malformed member | **percent-encoded** beyond `A-Z a-z 0-9 _ . - ~` (`quote_plus`): `a!b` arrives as the key `a%21b` (`python-encodes-keys`) | **percent-encoded** beyond `A-Z a-z 0-9 - _ . ! ~ * ' ( )`: `a#b` arrives as `a%23b` (`js-encodes-keys`) | tokens, as sent |
//! | typed values (`str(True)`, `str(1e16)`, `",".join(…)`; `String(true)`, `list.join(",")`) | | | | read as written, but a space in text as `+` | read as written | |
//!
//! Keys are never decoded here (a key is a token), so keep derived keys to `A-Z a-z 0-9 _ . -`
//! when Python or JavaScript services read or write them: every SDK then agrees on the key.
//!
//! And how each reads what it should not get, where the SDKs disagree with the grammar (this
//! crate: drops the member and reports it): `%zz` is dropped by Go (reported once), Java (a
//! warning) and JavaScript (silently), kept as `%zz` by Python and as U+FFFD `zz` by .NET; `%FF`
//! is U+FFFD in every SDK but JavaScript, which drops the member; Python reads a raw `+` as a
//! space, and the Rust SDK cuts a value at its second `=`. A value Python wrote with a space
//! (`a+b`) passes through this crate byte for byte, so the next Python service still reads
//! `a b`.
//!

use opentelemetry::baggage::{Baggage as OtelBaggage, BaggageExt, KeyValueMetadata};
use opentelemetry::Context;

use crate::{Baggage, DecodeError, EncodeError, InsertError, Member, StringBaggage};

mod attributes;
#[cfg(feature = "metrics")]
mod metrics;
#[cfg(feature = "opentelemetry-sdk")]
mod processor;

pub use attributes::{AttributeError, TypedAttributes, ERROR_ATTRIBUTE};
#[cfg(feature = "metrics")]
#[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
pub use metrics::{BaggageMetrics, DROPPED_METRIC, MEMBERS_METRIC, REASON_ATTRIBUTE, SIZE_METRIC};
#[cfg(feature = "opentelemetry-sdk")]
#[cfg_attr(docsrs, doc(cfg(feature = "opentelemetry-sdk")))]
pub use processor::{
    BaggageLogProcessor, BaggageSpanProcessor, KeyFilter, StringBaggageLogProcessor,
    StringBaggageSpanProcessor,
};

/// The most members `opentelemetry`'s baggage keeps.
const OTEL_MAX_MEMBERS: usize = 64;
/// The most bytes of keys and values `opentelemetry`'s baggage keeps.
const OTEL_MAX_BYTES: usize = 8192;

/// Typed baggage on an [`opentelemetry::Context`].
pub trait ContextExt {
    /// Reads a typed struct from the context's baggage.
    ///
    /// # Errors
    ///
    /// The [`DecodeError`] of [`Baggage::from_baggage`].
    fn typed_baggage<T: Baggage>(&self) -> Result<T, DecodeError>;

    /// A context whose baggage is this one's with `value`'s members merged in, every other
    /// member kept.
    ///
    /// # Errors
    ///
    /// The struct's own [`EncodeError`]s, and [`EncodeError::Limits`] when OpenTelemetry's
    /// baggage would not keep every member: it holds at most 64 members and 8192 bytes and
    /// drops the rest without a word, so the error names the first member it would drop and
    /// the cap (`64` members, or `8192` bytes).
    fn with_typed_baggage<T: Baggage>(&self, value: &T) -> Result<Context, EncodeError>;
}

impl ContextExt for Context {
    fn typed_baggage<T: Baggage>(&self) -> Result<T, DecodeError> {
        let baggage = from_otel(self.baggage());
        if let Some(error) = dropped_member::<T>(self, &baggage) {
            return Err(error);
        }
        T::from_baggage(&baggage)
    }

    fn with_typed_baggage<T: Baggage>(&self, value: &T) -> Result<Context, EncodeError> {
        let mut baggage = from_otel(self.baggage());
        value.write_to(&mut baggage)?;
        let otel = to_otel(&baggage);
        // The SDK's baggage silently refuses members past its own caps; say which one did.
        let mut len = 0;
        for (index, member) in baggage.iter().enumerate() {
            len += member.key().len() + member.value().len() + usize::from(index > 0);
            let kept = otel
                .get_with_metadata(member.key())
                .zip(baggage.get(member.key()))
                .is_some_and(|((value, _), last)| value.as_str() == last);
            if kept {
                continue;
            }
            let key = member.key().to_owned();
            let error = if index >= OTEL_MAX_MEMBERS {
                InsertError::TooManyMembers {
                    key,
                    limit: OTEL_MAX_MEMBERS,
                }
            } else {
                InsertError::TooLong {
                    key,
                    limit: OTEL_MAX_BYTES,
                    len,
                }
            };
            return Err(EncodeError::Limits(error));
        }
        let cx = self.with_baggage(otel);
        // The struct's keys are written now: what extraction dropped of them no longer applies.
        let errors = extract_errors(self);
        if errors.is_empty() {
            return Ok(cx);
        }
        let keys: Vec<&str> = T::SCHEMA
            .all_fields()
            .into_iter()
            .flat_map(|field| field.keys())
            .collect();
        let left: Vec<crate::ParseError> = errors
            .iter()
            .filter(|error| !keys.iter().any(|key| error.is_about(key)))
            .cloned()
            .collect();
        Ok(cx.with_value(ExtractErrors(left)))
    }
}

/// The `baggage` header for OpenTelemetry's propagation, read and written as the W3C
/// specification says: a drop-in for `opentelemetry_sdk`'s `BaggagePropagator` (in a
/// `TextMapCompositePropagator` beside `TraceContextPropagator`) that loses nothing it can keep.
///
/// It writes with [`StringBaggage::to_header`], so a value reads back identically in every SDK
/// (the SDK's propagator writes a `%` raw, so `a%2Cb` comes back as `a,b`, and cuts a value at a
/// second `=`); it reads every `baggage` header line leniently, dropping only malformed members,
/// under the limits OpenTelemetry's baggage can hold ([`Limits::W3C_MINIMUM`](crate::Limits::W3C_MINIMUM):
/// 64 members, 8192 bytes). What it dropped is not silent: [`extract_errors`] lists it, and
/// [`ContextExt::typed_baggage`] and [`TypedAttributes`] fail with the member's error, or the
/// limit's, for a key of their struct that was dropped, rather than read it as absent. When
/// injecting, members that encoding pushes past 8192 bytes are left out whole, from the end,
/// with a `tracing` warning (target `baggage::otel`).
///
/// ```
/// use baggage::otel::{BaggagePropagator, ContextExt};
/// use baggage::Baggage;
/// use opentelemetry::propagation::TextMapPropagator;
/// use opentelemetry::Context;
/// use std::collections::HashMap;
///
/// #[derive(Debug, PartialEq, Baggage)]
/// struct RequestContext {
///     features: Vec<String>,
/// }
///
/// let sent = RequestContext { features: vec!["a,b".into(), "c".into()] };
/// let mut headers = HashMap::new();
/// BaggagePropagator::new()
///     .inject_context(&Context::new().with_typed_baggage(&sent)?, &mut headers);
/// assert_eq!(headers["baggage"], "features=a%252Cb%2Cc");
///
/// let received = BaggagePropagator::new().extract(&headers);
/// assert_eq!(received.typed_baggage::<RequestContext>()?, sent);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct BaggagePropagator {
    _private: (),
}

const BAGGAGE_HEADER: &str = "baggage";

impl BaggagePropagator {
    /// A propagator of the `baggage` header.
    pub fn new() -> Self {
        Self::default()
    }
}

impl opentelemetry::propagation::TextMapPropagator for BaggagePropagator {
    fn inject_context(
        &self,
        cx: &Context,
        injector: &mut dyn opentelemetry::propagation::Injector,
    ) {
        let baggage = from_otel(cx.baggage());
        if baggage.is_empty() {
            return;
        }
        if !baggage.fits_limits() {
            // Encoding can lengthen values past 8192 bytes; the members past it are left out
            // whole (a peer may drop a longer header altogether), and said so.
            let kept = baggage.to_header();
            let written = StringBaggage::parse_lenient(&kept).0.len();
            ::tracing::warn!(
                target: "baggage::otel",
                members = baggage.len(),
                written,
                "baggage past 8192 bytes once encoded: the last {} members are not sent",
                baggage.len().saturating_sub(written),
            );
        }
        injector.set(BAGGAGE_HEADER, baggage.to_header());
    }

    fn extract_with_context(
        &self,
        cx: &Context,
        extractor: &dyn opentelemetry::propagation::Extractor,
    ) -> Context {
        let Some(lines) = extractor.get_all(BAGGAGE_HEADER) else {
            return cx.clone();
        };
        // OpenTelemetry's baggage holds 64 members: read under that limit, so that a cut is a
        // reported limit error rather than members the conversion would lose without a word.
        let (baggage, errors) = StringBaggage::options()
            .limits(crate::Limits::W3C_MINIMUM)
            .parse_lines_lenient(lines);
        // As the SDK's propagator: a `baggage` header replaces the context's baggage. The
        // errors are replaced too, so that none is left from an earlier extraction.
        cx.with_baggage(to_otel(&baggage))
            .with_value(ExtractErrors(errors))
    }

    fn fields(&self) -> opentelemetry::propagation::text_map_propagator::FieldIter<'_> {
        static FIELDS: std::sync::OnceLock<[String; 1]> = std::sync::OnceLock::new();
        let fields = FIELDS.get_or_init(|| [BAGGAGE_HEADER.to_owned()]);
        opentelemetry::propagation::text_map_propagator::FieldIter::new(fields)
    }
}

/// What [`BaggagePropagator`] dropped while extracting a context.
#[derive(Debug)]
struct ExtractErrors(Vec<crate::ParseError>);

/// The members [`BaggagePropagator`] dropped while extracting `cx`, each with its error
/// (malformed, or past a limit of 64 members or 8192 bytes); empty when it dropped nothing or
/// did not extract `cx`.
///
/// They describe the extracted header: [`ContextExt::with_typed_baggage`] forgets those of the
/// keys it writes; a context whose baggage is replaced by OpenTelemetry's own methods
/// (`with_baggage`, `with_cleared_baggage`) keeps them.
pub fn extract_errors(cx: &Context) -> &[crate::ParseError] {
    cx.get::<ExtractErrors>()
        .map_or(&[], |errors| errors.0.as_slice())
}

/// The error of a key of `T` that is absent from `baggage` because the propagator dropped its
/// member, or because a limit cut the header it came in.
pub(crate) fn dropped_member<T: Baggage>(
    cx: &Context,
    baggage: &StringBaggage<'_>,
) -> Option<DecodeError> {
    let errors = extract_errors(cx);
    if errors.is_empty() {
        return None;
    }
    T::SCHEMA.all_fields().into_iter().find_map(|field| {
        if field.keys().any(|key| baggage.get(key).is_some()) {
            return None;
        }
        let own = field
            .keys()
            .find_map(|key| errors.iter().find(|error| error.is_about(key)));
        match own {
            Some(error) => Some(DecodeError::Header(error.clone())),
            None => {
                errors
                    .iter()
                    .find(|error| error.is_limit())
                    .map(|limit| DecodeError::CutByLimit {
                        key: field.key(),
                        limit: limit.clone(),
                    })
            }
        }
    })
}

/// `baggage` as OpenTelemetry baggage: properties become the metadata string; of duplicate
/// keys the last is kept.
///
/// OpenTelemetry's own limits apply: it keeps at most 64 members and 8192 bytes and refuses keys
/// it considers invalid.
pub fn to_otel(baggage: &StringBaggage<'_>) -> OtelBaggage {
    baggage
        .iter()
        .map(|member| {
            let metadata = member
                .properties()
                .iter()
                .map(|property| match property.value() {
                    Some(value) => format!("{}={value}", property.key()),
                    None => property.key().to_owned(),
                })
                .collect::<Vec<_>>()
                .join(";");
            KeyValueMetadata::new(member.key().to_owned(), member.value().to_owned(), metadata)
        })
        .collect()
}

/// OpenTelemetry baggage as [`StringBaggage`], its metadata read back as properties. Members
/// whose key is not a W3C token, or whose metadata is not properties the grammar can hold (a
/// property key with a space, say), are left out: the SDK's own API accepts what no `baggage`
/// header can carry. The SDK's map has no order, so members are sorted by key to make the
/// result stable.
pub fn from_otel(baggage: &OtelBaggage) -> StringBaggage<'static> {
    let mut members: Vec<Member<'static>> = baggage
        .iter()
        .filter_map(|(key, (value, metadata))| {
            let mut member =
                Member::new(key.as_str().to_owned(), value.as_str().to_owned()).ok()?;
            for property in metadata.as_str().split(';').map(str::trim) {
                if property.is_empty() {
                    continue;
                }
                let (key, value) = match property.split_once('=') {
                    Some((key, value)) => (key.trim(), Some(value.trim().to_owned())),
                    None => (property, None),
                };
                member = member.with_property(key.to_owned(), value).ok()?;
            }
            Some(member)
        })
        .collect();
    members.sort_by(|a, b| a.key().cmp(b.key()));
    members.into_iter().collect()
}

/// The fields of `value` marked `#[baggage(metric_label)]`, as OpenTelemetry metric attributes:
/// booleans as booleans, everything else as the value's text. Fields that are absent are left
/// out.
///
/// ```
/// use baggage::{Baggage, BaggageValue};
///
/// #[derive(BaggageValue)]
/// enum Tier { Free, Premium }
///
/// #[derive(Baggage)]
/// struct RequestContext {
///     user_id: u64,
///     #[baggage(metric_label)]
///     user_tier: Tier,
///     #[baggage(metric_label)]
///     is_premium: bool,
/// }
///
/// let labels = baggage::otel::metric_attributes(&RequestContext {
///     user_id: 1,
///     user_tier: Tier::Premium,
///     is_premium: true,
/// })?;
/// assert_eq!(labels.len(), 2);
/// assert_eq!(labels[0].key.as_str(), "user_tier");
/// assert_eq!(labels[0].value.as_str(), "premium");
/// # Ok::<(), baggage::EncodeError>(())
/// ```
pub fn metric_attributes<T: Baggage>(
    value: &T,
) -> Result<Vec<opentelemetry::KeyValue>, EncodeError> {
    let header = value.to_header()?;
    let (baggage, _) = StringBaggage::parse_lenient(&header);
    Ok(T::SCHEMA
        .all_fields()
        .into_iter()
        .filter(|field| field.is_metric_label())
        .filter_map(|field| {
            let text = baggage.get(field.key())?;
            let value = match (field.value_type(), text) {
                ("bool", "true") => opentelemetry::Value::Bool(true),
                ("bool", "false") => opentelemetry::Value::Bool(false),
                _ => opentelemetry::Value::from(text.to_owned()),
            };
            Some(opentelemetry::KeyValue::new(field.key(), value))
        })
        .collect())
}
