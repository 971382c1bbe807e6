//! [`TypedAttributes`]: a typed struct's fields as OpenTelemetry attributes, typed by the schema.

use std::fmt;
use std::marker::PhantomData;

use opentelemetry::baggage::BaggageExt;
use opentelemetry::{Array, Context, Key, KeyValue, StringValue, Value};

use super::from_otel;
use crate::{
    Baggage, BaggageValue, DecodeError, EncodeError, FieldSchema, StringBaggage, ValueKind,
};

/// The attribute that says why a struct's attributes are missing: its members are there, but
/// they do not decode (or the struct cannot be written back).
pub const ERROR_ATTRIBUTE: &str = "baggage.error";

/// Which fields of `T` become attributes, and under which names: what the
/// [`BaggageSpanProcessor`](super::BaggageSpanProcessor) and
/// [`BaggageLogProcessor`](super::BaggageLogProcessor) add, usable on its own.
///
/// Each field is typed as its schema says: integers as `i64` (a value beyond `i64`'s range,
/// such as a `u64` over `i64::MAX`, as its decimal text), floats as `f64`, booleans as `bool`,
/// lists as arrays of those (a list with one item beyond `i64` as an array of text), and
/// everything else — text, enums, addresses, durations, ids — as the text this crate writes on
/// the wire, decoded (`premium`, not `Premium` or `PREMIUM`). Attribute names are the baggage
/// keys, under an optional prefix. An absent `Option` field adds nothing.
///
/// Only fields whose member arrived are added: an absent `Option` adds nothing, and neither does
/// a `default` field whose key was not there. Fields marked `#[baggage(skip_tracing)]` or
/// `#[baggage(allow_pii = "…")]` are left out unless [`include_untraced`](Self::include_untraced)
/// or [`include_pii`](Self::include_pii) asks for them: telemetry is stored longer and read by
/// more people than baggage. `internal` fields are added (telemetry stays inside the fleet's
/// boundary as far as this crate knows; mark them `skip_tracing` if it does not). An enum's
/// `Other(String)` catch-all adds the text it holds, which passed the personal-data scan.
///
/// ```
/// use baggage::otel::{ContextExt, TypedAttributes};
/// use baggage::{Baggage, BaggageValue};
/// use opentelemetry::{Array, Context, KeyValue, Value};
///
/// #[derive(BaggageValue)]
/// enum Tier { Free, Premium }
///
/// #[derive(Baggage)]
/// struct RequestContext {
///     user_id: u64,
///     user_tier: Tier,
///     is_beta: bool,
///     features: Vec<String>,
/// }
///
/// let cx = Context::new().with_typed_baggage(&RequestContext {
///     user_id: 12345,
///     user_tier: Tier::Premium,
///     is_beta: true,
///     features: vec!["dark_mode".into()],
/// })?;
/// let attributes = TypedAttributes::<RequestContext>::new().with_prefix("app.").from_context(&cx)?;
/// assert_eq!(
///     attributes,
///     [
///         KeyValue::new("app.user_id", 12345),
///         KeyValue::new("app.user_tier", "premium"),
///         KeyValue::new("app.is_beta", true),
///         KeyValue::new("app.features", Value::Array(Array::String(vec!["dark_mode".into()]))),
///     ]
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct TypedAttributes<T> {
    prefix: String,
    include_pii: bool,
    include_untraced: bool,
    fields: Vec<(&'static FieldSchema, Key)>,
    /// Every key `T` reads (aliases and flattened structs' included): a context without any of
    /// them is passed over without converting its baggage.
    keys: Vec<&'static str>,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for TypedAttributes<T> {
    fn clone(&self) -> Self {
        Self {
            prefix: self.prefix.clone(),
            include_pii: self.include_pii,
            include_untraced: self.include_untraced,
            fields: self.fields.clone(),
            keys: self.keys.clone(),
            _type: PhantomData,
        }
    }
}

impl<T> fmt::Debug for TypedAttributes<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedAttributes")
            .field("type", &std::any::type_name::<T>())
            .field("prefix", &self.prefix)
            .field("include_pii", &self.include_pii)
            .field("include_untraced", &self.include_untraced)
            .finish()
    }
}

impl<T: Baggage> Default for TypedAttributes<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Baggage> TypedAttributes<T> {
    /// Every traced field of `T` that is not personal data, named by its key.
    pub fn new() -> Self {
        let mut attributes = Self {
            prefix: String::new(),
            include_pii: false,
            include_untraced: false,
            fields: Vec::new(),
            keys: T::SCHEMA
                .all_fields()
                .into_iter()
                .flat_map(|field| field.keys())
                .collect(),
            _type: PhantomData,
        };
        attributes.select_fields();
        attributes
    }

    /// Names each attribute `prefix` followed by the key (`baggage.` gives `baggage.user_id`).
    #[must_use]
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self.select_fields();
        self
    }

    /// Also adds the fields marked `#[baggage(allow_pii = "…")]`.
    #[must_use]
    pub fn include_pii(mut self) -> Self {
        self.include_pii = true;
        self.select_fields();
        self
    }

    /// Also adds the fields marked `#[baggage(skip_tracing)]`.
    #[must_use]
    pub fn include_untraced(mut self) -> Self {
        self.include_untraced = true;
        self.select_fields();
        self
    }

    fn select_fields(&mut self) {
        self.fields = T::SCHEMA
            .all_fields()
            .into_iter()
            .filter(|field| self.include_untraced || field.is_traced())
            .filter(|field| self.include_pii || field.allow_pii().is_none())
            .map(|field| (field, Key::new(format!("{}{}", self.prefix, field.key()))))
            .collect();
    }

    /// The attributes of `T` in the baggage of `cx`; see [`from_baggage`](Self::from_baggage).
    ///
    /// # Errors
    ///
    /// As [`from_baggage`](Self::from_baggage), and [`AttributeError::Decode`] when the
    /// [`BaggagePropagator`](super::BaggagePropagator) dropped a member of `T` while extracting
    /// `cx` (see [`extract_errors`](super::extract_errors)).
    pub fn from_context(&self, cx: &Context) -> Result<Vec<KeyValue>, AttributeError> {
        let present = self.keys.iter().any(|&key| cx.baggage().get(key).is_some());
        if !present && super::extract_errors(cx).is_empty() {
            return Ok(Vec::new());
        }
        let baggage = from_otel(cx.baggage());
        // A member of `T` that the propagator dropped is an error, not an absent field.
        if let Some(error) = super::dropped_member::<T>(cx, &baggage) {
            return Err(AttributeError::Decode(error));
        }
        self.from_baggage(&baggage)
    }

    /// The attributes of `T` in `baggage`: empty when no member of `T` is there.
    ///
    /// # Errors
    ///
    /// [`AttributeError::Decode`] when members of `T` are there but `T` does not decode from
    /// them (a required key is missing, a value is not of its type), and
    /// [`AttributeError::Encode`] when the decoded struct cannot be written back (a value the
    /// personal-data scan refuses): attributes carry only what this crate would send.
    pub fn from_baggage(
        &self,
        baggage: &StringBaggage<'_>,
    ) -> Result<Vec<KeyValue>, AttributeError> {
        if !T::SCHEMA.any_member_in(baggage) {
            return Ok(Vec::new());
        }
        let value = T::from_baggage(baggage).map_err(AttributeError::Decode)?;
        // Written back, every value is in the one form this crate sends: enum names as
        // declared, numbers in their shortest form.
        let mut written = StringBaggage::new();
        value
            .write_to(&mut written)
            .map_err(AttributeError::Encode)?;
        Ok(self
            .fields
            .iter()
            // A `default` field is written whatever came: only what arrived is an attribute.
            .filter(|(field, _)| field.keys().any(|key| baggage.get(key).is_some()))
            .filter_map(|(field, name)| {
                let text = written.get(field.key())?;
                Some(KeyValue::new(name.clone(), typed_value(field.kind(), text)))
            })
            .collect())
    }
}

/// Why a struct's attributes could not be made; recorded as [`ERROR_ATTRIBUTE`] by the
/// processors.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AttributeError {
    /// The struct's members are there but do not decode.
    Decode(DecodeError),
    /// The decoded struct cannot be written back.
    Encode(EncodeError),
}

impl fmt::Display for AttributeError {
    /// The error without any value: it becomes a telemetry attribute, and the value may be of
    /// a field left out of telemetry (`allow_pii`, `skip_tracing`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Decode(DecodeError::InvalidValue { key, error, .. }) => {
                write!(
                    f,
                    "baggage does not decode: the value of `{key}` is not valid: {error}"
                )
            }
            Self::Decode(error) => write!(f, "baggage does not decode: {error}"),
            Self::Encode(error) => write!(f, "baggage cannot be written: {error}"),
        }
    }
}

impl std::error::Error for AttributeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode(error) => Some(error),
            Self::Encode(error) => Some(error),
        }
    }
}

/// `text`, a value this crate wrote for a field of `kind`, as a typed attribute value.
pub(crate) fn typed_value(kind: &ValueKind, text: &str) -> Value {
    match kind {
        ValueKind::Integer { .. } => match text.parse::<i64>() {
            Ok(number) => Value::I64(number),
            Err(_) => Value::String(text.to_owned().into()),
        },
        ValueKind::Float { .. } => match text.parse::<f64>() {
            Ok(number) => Value::F64(number),
            Err(_) => Value::String(text.to_owned().into()),
        },
        ValueKind::Bool => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            other => Value::String(other.to_owned().into()),
        },
        ValueKind::List(item) => Value::Array(typed_array(item, text)),
        _ => Value::String(text.to_owned().into()),
    }
}

/// A list value as an OpenTelemetry array, which holds one type: items that do not all fit the
/// item type's array (an integer beyond `i64`) make it an array of text.
fn typed_array(item: &ValueKind, text: &str) -> Array {
    // The list codec splits the items and undoes their escapes; the value was written by this
    // crate, so it reads back (an unreadable one stays one text item rather than vanishing).
    let items =
        <Vec<String> as BaggageValue>::decode(text).unwrap_or_else(|_| vec![text.to_owned()]);
    let parsed = match item {
        ValueKind::Integer { .. } => items
            .iter()
            .map(|item| item.parse::<i64>().ok())
            .collect::<Option<Vec<_>>>()
            .map(Array::I64),
        ValueKind::Float { .. } => items
            .iter()
            .map(|item| item.parse::<f64>().ok())
            .collect::<Option<Vec<_>>>()
            .map(Array::F64),
        ValueKind::Bool => items
            .iter()
            .map(|item| match item.as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(Array::Bool),
        _ => None,
    };
    parsed.unwrap_or_else(|| Array::String(items.into_iter().map(StringValue::from).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const U64: ValueKind = ValueKind::Integer {
        signed: false,
        bits: 64,
        nonzero: false,
    };

    #[test]
    fn integers_beyond_i64_stay_text() {
        assert_eq!(typed_value(&U64, "7"), Value::I64(7));
        assert_eq!(
            typed_value(&U64, "18446744073709551615"),
            Value::String("18446744073709551615".into())
        );
        assert_eq!(
            typed_value(&ValueKind::List(&U64), "1,18446744073709551615"),
            Value::Array(Array::String(vec![
                "1".into(),
                "18446744073709551615".into()
            ]))
        );
        assert_eq!(
            typed_value(&ValueKind::List(&U64), "1,2"),
            Value::Array(Array::I64(vec![1, 2]))
        );
    }

    #[test]
    fn list_items_are_split_as_the_list_codec_writes_them() {
        assert_eq!(
            typed_value(&ValueKind::List(&ValueKind::Text), "a%2Cb,c"),
            Value::Array(Array::String(vec!["a,b".into(), "c".into()]))
        );
        assert_eq!(
            typed_value(&ValueKind::List(&ValueKind::Bool), "true,false"),
            Value::Array(Array::Bool(vec![true, false]))
        );
        assert_eq!(
            typed_value(
                &ValueKind::List(&ValueKind::Float { bits: 64 }),
                "0.5,1e300"
            ),
            Value::Array(Array::F64(vec![0.5, 1e300]))
        );
    }
}
