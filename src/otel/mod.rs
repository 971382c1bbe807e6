//! OpenTelemetry: typed structs read from and merged into an [`opentelemetry::Context`]'s
//! baggage, and conversions between [`StringBaggage`] and [`opentelemetry::baggage::Baggage`].
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

use opentelemetry::baggage::{Baggage as OtelBaggage, BaggageExt, KeyValueMetadata};
use opentelemetry::Context;

use crate::{Baggage, DecodeError, EncodeError, InsertError, Member, StringBaggage};

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
        T::from_baggage(&from_otel(self.baggage()))
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
        Ok(self.with_baggage(otel))
    }
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
/// whose key is not a W3C token are left out; the SDK's map has no order, so members are sorted
/// by key to make the result stable.
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
