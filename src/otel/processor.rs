//! Span and log processors for `opentelemetry_sdk`: baggage as attributes, typed by a struct's
//! schema or copied as strings.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use opentelemetry::baggage::BaggageExt;
use opentelemetry::logs::{AnyValue, LogRecord as _};
use opentelemetry::trace::Span as _;
use opentelemetry::{Array, Context, InstrumentationScope, Key, KeyValue, Value};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::logs::{LogProcessor, SdkLogRecord};
use opentelemetry_sdk::trace::{Span, SpanData, SpanProcessor};

use super::attributes::{TypedAttributes, ERROR_ATTRIBUTE};
use crate::Baggage;

/// Adds a typed struct's fields to every span started in a context that carries it, as
/// [`TypedAttributes`] types them: `user_id` an integer, `is_beta` a boolean, `features` an
/// array.
///
/// It reads `T` from the baggage of the context the span starts in (its parent's). When no
/// member of `T` is there, it adds nothing. When members are there but `T` does not decode (or
/// cannot be written back), it adds no field and sets [`ERROR_ATTRIBUTE`] (`baggage.error`)
/// to the error, which names the key and the problem: the span never fails, and the missing
/// attributes are never silent.
///
/// Register it before the exporting processor. With the `metrics` feature,
/// [`with_metrics`](Self::with_metrics) also records the size of the baggage of each span that
/// starts a service's work (one with no local parent).
///
/// ```
/// use baggage::otel::{BaggageSpanProcessor, ContextExt};
/// use baggage::Baggage;
/// use opentelemetry::trace::{Tracer, TracerProvider as _};
/// use opentelemetry::{Context, KeyValue};
/// use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
///
/// #[derive(Baggage)]
/// struct RequestContext {
///     user_id: u64,
///     is_beta: bool,
/// }
///
/// let exporter = InMemorySpanExporter::default();
/// let provider = SdkTracerProvider::builder()
///     .with_span_processor(BaggageSpanProcessor::<RequestContext>::new())
///     .with_simple_exporter(exporter.clone())
///     .build();
///
/// let cx = Context::new().with_typed_baggage(&RequestContext { user_id: 7, is_beta: true })?;
/// provider.tracer("checkout").start_with_context("charge", &cx);
///
/// let span = &exporter.get_finished_spans()?[0];
/// assert!(span.attributes.contains(&KeyValue::new("user_id", 7)));
/// assert!(span.attributes.contains(&KeyValue::new("is_beta", true)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct BaggageSpanProcessor<T> {
    attributes: TypedAttributes<T>,
    #[cfg(feature = "metrics")]
    metrics: Option<super::BaggageMetrics>,
}

impl<T: Baggage> Default for BaggageSpanProcessor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> fmt::Debug for BaggageSpanProcessor<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BaggageSpanProcessor")
            .field("attributes", &self.attributes)
            .finish_non_exhaustive()
    }
}

impl<T: Baggage> BaggageSpanProcessor<T> {
    /// Adds every traced, non-personal field of `T`, named by its key.
    pub fn new() -> Self {
        Self::with_attributes(TypedAttributes::new())
    }

    /// Adds the fields `attributes` selects, under its names (a prefix, the personal-data and
    /// untraced fields it includes).
    pub fn with_attributes(attributes: TypedAttributes<T>) -> Self {
        Self {
            attributes,
            #[cfg(feature = "metrics")]
            metrics: None,
        }
    }

    /// Also records the size of the baggage of each span that starts a service's work: a span
    /// with no local parent (a root, or the child of a remote parent). See
    /// [`BaggageMetrics`](super::BaggageMetrics).
    #[cfg(feature = "metrics")]
    #[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
    #[must_use]
    pub fn with_metrics(mut self, metrics: super::BaggageMetrics) -> Self {
        self.metrics = Some(metrics);
        self
    }
}

impl<T: Baggage> SpanProcessor for BaggageSpanProcessor<T> {
    fn on_start(&self, span: &mut Span, cx: &Context) {
        #[cfg(feature = "metrics")]
        if let Some(metrics) = &self.metrics {
            metrics.record_span_start(cx);
        }
        match self.attributes.from_context(cx) {
            Ok(attributes) => span.set_attributes(attributes),
            Err(error) => span.set_attribute(KeyValue::new(ERROR_ATTRIBUTE, error.to_string())),
        }
    }

    fn on_end(&self, _span: SpanData) {}

    fn force_flush(&self) -> OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(&self, _timeout: Duration) -> OTelSdkResult {
        Ok(())
    }
}

/// Adds a typed struct's fields to every log record emitted in a context that carries it,
/// typed as on spans ([`BaggageSpanProcessor`]).
///
/// A log record has no parent context, so this reads the baggage of
/// [`Context::current()`] when the record is emitted: attach the request's context
/// (`let _guard = cx.attach();`, or `FutureExt::with_context` on its future). The rules are the
/// span processor's: nothing when no member of `T` is there, [`ERROR_ATTRIBUTE`] when `T` does
/// not decode. Register it before the exporting processor: processors see a record in the
/// order they were added.
///
/// ```
/// use baggage::otel::{BaggageLogProcessor, ContextExt};
/// use baggage::Baggage;
/// use opentelemetry::logs::{AnyValue, LogRecord as _, Logger as _, LoggerProvider as _};
/// use opentelemetry::{Context, Key};
/// use opentelemetry_sdk::logs::{InMemoryLogExporter, SdkLoggerProvider, SimpleLogProcessor};
///
/// #[derive(Baggage)]
/// struct RequestContext {
///     user_id: u64,
/// }
///
/// let exporter = InMemoryLogExporter::default();
/// let provider = SdkLoggerProvider::builder()
///     .with_log_processor(BaggageLogProcessor::<RequestContext>::new())
///     .with_log_processor(SimpleLogProcessor::new(exporter.clone()))
///     .build();
/// let logger = provider.logger("checkout");
///
/// let cx = Context::new().with_typed_baggage(&RequestContext { user_id: 7 })?;
/// let _guard = cx.attach();
/// let mut record = logger.create_log_record();
/// record.set_body("charged".into());
/// logger.emit(record);
///
/// let logs = exporter.get_emitted_logs()?;
/// let user_id = logs[0].record.attributes_iter().find(|(key, _)| key.as_str() == "user_id");
/// assert_eq!(user_id, Some(&(Key::new("user_id"), AnyValue::Int(7))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct BaggageLogProcessor<T> {
    attributes: TypedAttributes<T>,
}

impl<T: Baggage> Default for BaggageLogProcessor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> fmt::Debug for BaggageLogProcessor<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BaggageLogProcessor")
            .field("attributes", &self.attributes)
            .finish()
    }
}

impl<T: Baggage> BaggageLogProcessor<T> {
    /// Adds every traced, non-personal field of `T`, named by its key.
    pub fn new() -> Self {
        Self::with_attributes(TypedAttributes::new())
    }

    /// Adds the fields `attributes` selects, under its names.
    pub fn with_attributes(attributes: TypedAttributes<T>) -> Self {
        Self { attributes }
    }
}

impl<T: Baggage> LogProcessor for BaggageLogProcessor<T> {
    fn emit(&self, record: &mut SdkLogRecord, _scope: &InstrumentationScope) {
        match self.attributes.from_context(&Context::current()) {
            Ok(attributes) => {
                for KeyValue { key, value, .. } in attributes {
                    record.add_attribute(key, any_value(value));
                }
            }
            Err(error) => record.add_attribute(ERROR_ATTRIBUTE, error.to_string()),
        }
    }

    fn force_flush(&self) -> OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(&self, _timeout: Duration) -> OTelSdkResult {
        Ok(())
    }
}

/// An attribute value as a log record holds it.
fn any_value(value: Value) -> AnyValue {
    let list = |items: Vec<AnyValue>| AnyValue::ListAny(Box::new(items));
    match value {
        Value::Bool(value) => AnyValue::Boolean(value),
        Value::I64(value) => AnyValue::Int(value),
        Value::F64(value) => AnyValue::Double(value),
        Value::String(value) => AnyValue::String(value),
        Value::Array(Array::Bool(items)) => {
            list(items.into_iter().map(AnyValue::Boolean).collect())
        }
        Value::Array(Array::I64(items)) => list(items.into_iter().map(AnyValue::Int).collect()),
        Value::Array(Array::F64(items)) => list(items.into_iter().map(AnyValue::Double).collect()),
        Value::Array(Array::String(items)) => {
            list(items.into_iter().map(AnyValue::String).collect())
        }
        // `TypedAttributes` makes none of the others; a kind OpenTelemetry adds keeps its text.
        other => AnyValue::String(other.to_string().into()),
    }
}

/// Which baggage keys the untyped processors copy: all of them, those under a prefix, those
/// of a list, or those a function accepts (the `baggageKeyPredicate` of the other SDKs).
///
/// ```
/// use baggage::otel::KeyFilter;
///
/// assert!(KeyFilter::all().accepts("anything"));
/// assert!(KeyFilter::prefix("app.").accepts("app.user_id"));
/// assert!(!KeyFilter::keys(["user_id"]).accepts("session"));
/// assert!(KeyFilter::from_fn(|key| key.len() < 8).accepts("region"));
/// ```
#[derive(Clone)]
pub struct KeyFilter(Arc<dyn Fn(&str) -> bool + Send + Sync>);

impl KeyFilter {
    /// Every key.
    pub fn all() -> Self {
        Self::from_fn(|_| true)
    }

    /// The keys that start with `prefix`.
    pub fn prefix(prefix: impl Into<String>) -> Self {
        let prefix = prefix.into();
        Self::from_fn(move |key| key.starts_with(&prefix))
    }

    /// The keys in `keys`, exactly (keys are case-sensitive).
    pub fn keys<I, K>(keys: I) -> Self
    where
        I: IntoIterator<Item = K>,
        K: Into<String>,
    {
        let keys: std::collections::BTreeSet<String> = keys.into_iter().map(Into::into).collect();
        Self::from_fn(move |key| keys.contains(key))
    }

    /// The keys `accepts` returns `true` for.
    pub fn from_fn(accepts: impl Fn(&str) -> bool + Send + Sync + 'static) -> Self {
        Self(Arc::new(accepts))
    }

    /// Whether the filter copies `key`.
    pub fn accepts(&self, key: &str) -> bool {
        (self.0)(key)
    }
}

impl fmt::Debug for KeyFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyFilter(..)")
    }
}

/// The members of `cx`'s baggage that `filter` accepts, as string attributes named
/// `prefix` + key, in key order (OpenTelemetry's baggage has none of its own).
fn string_attributes(cx: &Context, filter: &KeyFilter, prefix: &str) -> Vec<KeyValue> {
    let mut attributes: Vec<KeyValue> = cx
        .baggage()
        .iter()
        .filter(|(key, _)| filter.accepts(key.as_str()))
        .map(|(key, (value, _))| {
            KeyValue::new(Key::new(format!("{prefix}{}", key.as_str())), value.clone())
        })
        .collect();
    attributes.sort_by(|a, b| a.key.cmp(&b.key));
    attributes
}

/// Copies baggage members to span attributes as strings, for the keys a [`KeyFilter`]
/// accepts: what the Baggage Span Processor of the Go, Java, Python, JavaScript and .NET SDKs
/// does, without a schema. Prefer [`BaggageSpanProcessor`] where a struct describes the
/// baggage: it types the values and leaves out personal data.
///
/// ```
/// use baggage::otel::{KeyFilter, StringBaggageSpanProcessor};
///
/// let processor = StringBaggageSpanProcessor::new(KeyFilter::prefix("app.")).with_prefix("baggage.");
/// # let _ = processor;
/// ```
#[derive(Debug, Clone)]
pub struct StringBaggageSpanProcessor {
    filter: KeyFilter,
    prefix: String,
}

impl StringBaggageSpanProcessor {
    /// Copies the members whose keys `filter` accepts, each named by its key.
    pub fn new(filter: KeyFilter) -> Self {
        Self {
            filter,
            prefix: String::new(),
        }
    }

    /// Names each attribute `prefix` followed by the key.
    #[must_use]
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }
}

impl SpanProcessor for StringBaggageSpanProcessor {
    fn on_start(&self, span: &mut Span, cx: &Context) {
        span.set_attributes(string_attributes(cx, &self.filter, &self.prefix));
    }

    fn on_end(&self, _span: SpanData) {}

    fn force_flush(&self) -> OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(&self, _timeout: Duration) -> OTelSdkResult {
        Ok(())
    }
}

/// Copies baggage members of [`Context::current()`] to log record attributes as strings, for
/// the keys a [`KeyFilter`] accepts: the log counterpart of [`StringBaggageSpanProcessor`], as
/// the JavaScript and Python SDKs ship one.
#[derive(Debug, Clone)]
pub struct StringBaggageLogProcessor {
    filter: KeyFilter,
    prefix: String,
}

impl StringBaggageLogProcessor {
    /// Copies the members whose keys `filter` accepts, each named by its key.
    pub fn new(filter: KeyFilter) -> Self {
        Self {
            filter,
            prefix: String::new(),
        }
    }

    /// Names each attribute `prefix` followed by the key.
    #[must_use]
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }
}

impl LogProcessor for StringBaggageLogProcessor {
    fn emit(&self, record: &mut SdkLogRecord, _scope: &InstrumentationScope) {
        for KeyValue { key, value, .. } in
            string_attributes(&Context::current(), &self.filter, &self.prefix)
        {
            record.add_attribute(key, any_value(value));
        }
    }

    fn force_flush(&self) -> OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(&self, _timeout: Duration) -> OTelSdkResult {
        Ok(())
    }
}
