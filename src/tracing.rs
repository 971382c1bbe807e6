//! tracing: a derived struct's fields recorded on spans, typed (`baggage.user_id = 12345` is a
//! number, `baggage.is_premium = true` a boolean), with the encoded size as `baggage.size`, so
//! growth shows before it hurts. With `tracing-opentelemetry` the fields become span attributes;
//! with a formatting subscriber they appear in structured logs.
//!
//! Every field is recorded except those marked `#[baggage(skip_tracing)]`; a field converted
//! `with` a module is recorded as text. Field names are `baggage.<field>`. An unsigned integer
//! is recorded as an `i64` where it fits, and as its decimal text beyond `i64::MAX`:
//! tracing-opentelemetry (0.34, for `opentelemetry` 0.33) turns an `i64` into an integer
//! attribute but a `u64` into text, so `baggage.user_id` reaches an exported span as an
//! integer.
//!
//! A `#[baggage(flatten)]` field is recorded as one field, `baggage.<field>`, holding the
//! flattened struct's members as header text (`user_id=7,region=eu`): tracing needs every field
//! name when a span is made, and the outer struct's derive cannot see the inner one's fields. A
//! flattened struct that cannot be written is recorded as its error, never left out silently.
//!
//! ```
//! use baggage::tracing::TraceFields;
//! use baggage::Baggage;
//!
//! #[derive(Baggage)]
//! struct RequestContext {
//!     user_id: u64,
//!     #[baggage(skip_tracing)]
//!     session_hint: String,
//! }
//!
//! let context = RequestContext { user_id: 12345, session_hint: "x".into() };
//! // A span carrying the fields…
//! let _entered = context.span().entered();
//! // …or the fields recorded on a span of your own that declares them.
//! let span = tracing::info_span!("request", baggage.user_id = tracing::field::Empty);
//! context.record(&span);
//! ```

//!
//! # With tracing-opentelemetry
//!
//! Through `tracing-opentelemetry` (0.34 goes with `opentelemetry` 0.33), the fields become
//! typed attributes of the exported span, and the span's context carries the baggage on:
//!
//! ```
//! use baggage::otel::ContextExt;
//! use baggage::tracing::TraceFields;
//! use baggage::Baggage;
//! use opentelemetry::trace::TracerProvider as _;
//! use opentelemetry::{KeyValue, Value};
//! use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
//! use tracing_opentelemetry::OpenTelemetrySpanExt;
//! use tracing_subscriber::layer::SubscriberExt;
//!
//! #[derive(Baggage)]
//! struct RequestContext {
//!     user_id: u64,
//! }
//!
//! let exporter = InMemorySpanExporter::default();
//! let provider = SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build();
//! let subscriber = tracing_subscriber::registry()
//!     .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("orders")));
//!
//! let context = RequestContext { user_id: 12345 };
//! let next_hop = tracing::subscriber::with_default(subscriber, || {
//!     let span = context.span();
//!     span.set_parent(opentelemetry::Context::new().with_typed_baggage(&context)?)?;
//!     let next_hop = span.context();
//!     Ok::<_, Box<dyn std::error::Error>>(next_hop)
//! })?;
//!
//! let spans = exporter.get_finished_spans()?;
//! assert!(spans[0].attributes.contains(&KeyValue::new("baggage.user_id", Value::I64(12345))));
//! assert_eq!(next_hop.typed_baggage::<RequestContext>()?.user_id, 12345);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::Baggage;

/// Tracing for a struct with `#[derive(Baggage)]`; implemented by the derive when the `tracing`
/// feature is on.
pub trait TraceFields: Baggage {
    /// An `INFO` span named `baggage` carrying the struct's traced fields and `baggage.size`.
    fn span(&self) -> ::tracing::Span;

    /// Records the struct's traced fields and `baggage.size` on `span`, for the fields it
    /// declares.
    fn record(&self, span: &::tracing::Span);
}

/// What the expansion of [`__baggage_tracing_impl!`](crate::__baggage_tracing_impl) calls,
/// re-exported through `baggage::__private`.
pub(crate) mod support {
    use crate::{Baggage, Key, TraceValue};

    pub use ::tracing;

    /// Records one field on `span` under `name`, typed by its key.
    pub fn record_value<T>(span: &::tracing::Span, name: &str, key: &Key<T>, value: &T) {
        match key.trace_value(value) {
            // An unsigned integer as `i64` where it fits: tracing-opentelemetry keeps `i64` as
            // an integer attribute and records a `u64` as its debug text.
            TraceValue::U64(value) => match i64::try_from(value) {
                Ok(value) => span.record(name, value),
                Err(_) => span.record(name, ::tracing::field::display(value)),
            },
            TraceValue::I64(value) => span.record(name, value),
            TraceValue::F64(value) => span.record(name, value),
            TraceValue::Bool(value) => span.record(name, value),
            TraceValue::Str(value) => span.record(name, value.as_ref()),
            TraceValue::Absent => span,
            // baggage-core is released in lockstep with this crate (`=` version), so a kind it
            // adds is matched here in the same release; until then it records nothing.
            _ => span,
        };
    }

    /// Records `baggage.size`, the struct's encoded length, on `span`.
    pub fn record_size<T: Baggage>(span: &::tracing::Span, value: &T) {
        if let Ok(header) = value.to_header() {
            span.record(
                "baggage.size",
                i64::try_from(header.len()).unwrap_or(i64::MAX),
            );
        }
    }

    /// Records a flattened struct on `span` under `name`, as the header text of its members.
    pub fn record_flattened(
        span: &::tracing::Span,
        name: &str,
        header: Result<String, crate::EncodeError>,
    ) {
        match header {
            Ok(header) => span.record(name, header.as_str()),
            Err(error) => span.record(name, ::tracing::field::display(&error)),
        };
    }
}

/// Generated by `#[derive(Baggage)]` for the traced fields of a struct.
#[doc(hidden)]
#[macro_export]
macro_rules! __baggage_tracing_impl {
    (
        $krate:path, [$($generics:tt)*], $ty:ty,
        [$($field:ident: $key:ident),* $(,)?], [$($flattened:ident: $flattened_ty:ty),* $(,)?]
    ) => {
        impl<$($generics)*> $crate::tracing::TraceFields for $ty {
            fn span(&self) -> $crate::__private::tracing::Span {
                let span = $crate::__private::tracing::info_span!(
                    "baggage",
                    baggage.size = $crate::__private::tracing::field::Empty,
                    $(baggage.$field = $crate::__private::tracing::field::Empty,)*
                    $(baggage.$flattened = $crate::__private::tracing::field::Empty,)*
                );
                $crate::tracing::TraceFields::record(self, &span);
                span
            }

            fn record(&self, span: &$crate::__private::tracing::Span) {
                $crate::__private::record_size(span, self);
                $(
                    $crate::__private::record_value(
                        span,
                        ::core::concat!("baggage.", ::core::stringify!($field)),
                        &Self::$key,
                        &self.$field,
                    );
                )*
                $(
                    $crate::__private::record_flattened(
                        span,
                        ::core::concat!("baggage.", ::core::stringify!($flattened)),
                        <$flattened_ty as $crate::__private::Baggage>::to_header(&self.$flattened),
                    );
                )*
            }
        }
    };
}
