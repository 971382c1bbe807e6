//! Baggage where people look: typed span and log attributes from the OpenTelemetry SDK's
//! processors, `tracing` spans exported through `tracing-opentelemetry`, and the size of inbound
//! baggage as metrics. Attribute types are asserted, not only their text.
#![cfg(all(
    feature = "opentelemetry-sdk",
    feature = "metrics",
    feature = "tracing",
    feature = "tower"
))]

use baggage::otel::{
    BaggageLogProcessor, BaggageMetrics, BaggageSpanProcessor, ContextExt, KeyFilter,
    StringBaggageLogProcessor, StringBaggageSpanProcessor, TypedAttributes, ERROR_ATTRIBUTE,
};
use baggage::{Baggage, BaggageValue};
use opentelemetry::baggage::BaggageExt;
use opentelemetry::logs::{AnyValue, LogRecord as _, Logger as _, LoggerProvider as _};
use opentelemetry::trace::{TraceContextExt, Tracer, TracerProvider as _};
use opentelemetry::{Array, Context, KeyValue, Value};
use opentelemetry_sdk::logs::{InMemoryLogExporter, SdkLoggerProvider, SimpleLogProcessor};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};

#[derive(Debug, Clone, PartialEq, BaggageValue)]
enum Tier {
    Free,
    Premium,
}

#[derive(Debug, Clone, PartialEq, Baggage)]
#[baggage(prefix = "shop.")]
struct Cart {
    items: u8,
}

/// One field of every kind the attributes type differently.
#[derive(Debug, Clone, PartialEq, Baggage)]
struct RequestContext {
    user_id: u64,
    account: u64,
    offset: i32,
    ratio: f64,
    weight: f32,
    is_beta: bool,
    user_tier: Tier,
    region: String,
    features: Vec<String>,
    shards: Vec<u16>,
    coupon: Option<String>,
    #[baggage(skip_tracing)]
    session_hint: String,
    #[baggage(allow_pii = "a salted hash, never the address")]
    user_email: String,
    #[baggage(flatten)]
    cart: Cart,
}

fn context() -> RequestContext {
    RequestContext {
        user_id: 12345,
        account: u64::MAX,
        offset: -7,
        ratio: 0.25,
        weight: 0.1,
        is_beta: true,
        user_tier: Tier::Premium,
        region: "us-west".into(),
        features: vec!["a,b".into(), "dark_mode".into()],
        shards: vec![1, 2],
        coupon: None,
        session_hint: "h".into(),
        user_email: "9f86d081".into(),
        cart: Cart { items: 3 },
    }
}

fn tracer_with<P>(processor: P) -> (SdkTracerProvider, InMemorySpanExporter)
where
    P: opentelemetry_sdk::trace::SpanProcessor + 'static,
{
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_span_processor(processor)
        .with_simple_exporter(exporter.clone())
        .build();
    (provider, exporter)
}

fn one_span(
    provider: &SdkTracerProvider,
    exporter: &InMemorySpanExporter,
    cx: &Context,
) -> SpanData {
    exporter.reset();
    drop(provider.tracer("test").start_with_context("work", cx));
    let mut spans = exporter.get_finished_spans().unwrap();
    assert_eq!(spans.len(), 1);
    spans.remove(0)
}

fn attribute<'a>(span: &'a SpanData, key: &str) -> Option<&'a Value> {
    span.attributes
        .iter()
        .find(|kv| kv.key.as_str() == key)
        .map(|kv| &kv.value)
}

fn keys(span: &SpanData) -> Vec<String> {
    let mut keys: Vec<String> = span
        .attributes
        .iter()
        .map(|kv| kv.key.as_str().to_owned())
        .collect();
    keys.sort();
    keys
}

#[test]
fn the_span_processor_types_each_field_by_its_schema() {
    let (provider, exporter) = tracer_with(BaggageSpanProcessor::<RequestContext>::new());
    let cx = Context::new().with_typed_baggage(&context()).unwrap();
    let span = one_span(&provider, &exporter, &cx);
    assert_eq!(attribute(&span, "user_id"), Some(&Value::I64(12345)));
    // Beyond i64: its decimal text, never a wrapped negative number.
    assert_eq!(
        attribute(&span, "account"),
        Some(&Value::String("18446744073709551615".into()))
    );
    assert_eq!(attribute(&span, "offset"), Some(&Value::I64(-7)));
    assert_eq!(attribute(&span, "ratio"), Some(&Value::F64(0.25)));
    // An f32 as the shortest text that reads back to it, so 0.1 and not 0.10000000149011612.
    assert_eq!(attribute(&span, "weight"), Some(&Value::F64(0.1)));
    assert_eq!(attribute(&span, "is_beta"), Some(&Value::Bool(true)));
    assert_eq!(attribute(&span, "user_tier"), Some(&Value::from("premium")));
    assert_eq!(attribute(&span, "region"), Some(&Value::from("us-west")));
    assert_eq!(
        attribute(&span, "features"),
        Some(&Value::Array(Array::String(vec![
            "a,b".into(),
            "dark_mode".into()
        ])))
    );
    assert_eq!(
        attribute(&span, "shards"),
        Some(&Value::Array(Array::I64(vec![1, 2])))
    );
    assert_eq!(attribute(&span, "shop.items"), Some(&Value::I64(3)));
    // Absent `Option`, `skip_tracing` and `allow_pii` fields add nothing.
    assert_eq!(
        keys(&span),
        [
            "account",
            "features",
            "is_beta",
            "offset",
            "ratio",
            "region",
            "shards",
            "shop.items",
            "user_id",
            "user_tier",
            "weight"
        ]
    );
}

#[test]
fn the_span_processor_reads_what_other_sdks_wrote_and_names_it_as_this_crate_writes_it() {
    let (provider, exporter) = tracer_with(BaggageSpanProcessor::<Cart>::new());
    // Another SDK's baggage: an enum in capitals, a number with a leading zero.
    #[derive(Baggage)]
    struct Plan {
        user_tier: Tier,
    }
    let (provider2, exporter2) = tracer_with(BaggageSpanProcessor::<Plan>::new());
    let cx = Context::new().with_baggage([
        KeyValue::new("shop.items", "07"),
        KeyValue::new("user_tier", "PREMIUM"),
    ]);
    let span = one_span(&provider, &exporter, &cx);
    assert_eq!(attribute(&span, "shop.items"), Some(&Value::I64(7)));
    let span = one_span(&provider2, &exporter2, &cx);
    assert_eq!(attribute(&span, "user_tier"), Some(&Value::from("premium")));
}

#[test]
fn a_prefix_and_the_opt_ins_change_what_is_added() {
    let attributes = TypedAttributes::<RequestContext>::new()
        .with_prefix("app.")
        .include_pii()
        .include_untraced();
    let (provider, exporter) = tracer_with(BaggageSpanProcessor::with_attributes(attributes));
    let cx = Context::new().with_typed_baggage(&context()).unwrap();
    let span = one_span(&provider, &exporter, &cx);
    assert_eq!(attribute(&span, "app.user_id"), Some(&Value::I64(12345)));
    assert_eq!(
        attribute(&span, "app.session_hint"),
        Some(&Value::from("h"))
    );
    assert_eq!(
        attribute(&span, "app.user_email"),
        Some(&Value::from("9f86d081"))
    );
    assert_eq!(attribute(&span, "user_id"), None);
}

#[test]
fn no_member_adds_nothing_and_a_member_that_does_not_decode_says_why() {
    let (provider, exporter) = tracer_with(BaggageSpanProcessor::<RequestContext>::new());
    let unrelated = Context::new().with_baggage([KeyValue::new("vendor", "x")]);
    let span = one_span(&provider, &exporter, &unrelated);
    assert!(span.attributes.is_empty(), "{:?}", span.attributes);

    // Part of the struct is there: the span still ends, with the reason and no field.
    let (provider, exporter) = tracer_with(BaggageSpanProcessor::<Flags>::new());
    let partial = Context::new().with_baggage([
        KeyValue::new("user_id", "12345"),
        KeyValue::new("is_beta", "maybe"),
    ]);
    let span = one_span(&provider, &exporter, &partial);
    assert_eq!(keys(&span), [ERROR_ATTRIBUTE]);
    let Some(Value::String(error)) = attribute(&span, ERROR_ATTRIBUTE) else {
        panic!("{:?}", span.attributes)
    };
    assert!(
        error.as_str().starts_with("baggage does not decode: "),
        "{error}"
    );
    assert!(error.as_str().contains("is_beta"), "{error}");
}

#[derive(Debug, Baggage)]
struct Flags {
    user_id: u64,
    is_beta: bool,
}

#[derive(Debug, Baggage)]
struct Note {
    note: String,
}

#[test]
fn a_value_the_personal_data_scan_refuses_is_not_copied_to_the_span() {
    let (provider, exporter) = tracer_with(BaggageSpanProcessor::<Note>::new());
    // Another service wrote it; this crate would not send it, so it does not record it either.
    let cx = Context::new().with_baggage([KeyValue::new("note", "jane.doe@example.com")]);
    let span = one_span(&provider, &exporter, &cx);
    assert_eq!(keys(&span), [ERROR_ATTRIBUTE]);
    let text = format!("{:?}", span.attributes);
    assert!(!text.contains("jane.doe@example.com"), "{text}");
    assert!(text.contains("baggage cannot be written"), "{text}");
}

#[test]
fn the_string_processor_copies_the_keys_its_filter_accepts() {
    let cx = Context::new().with_baggage([
        KeyValue::new("app.user_id", "7"),
        KeyValue::new("app.region", "eu"),
        KeyValue::new("session", "s"),
    ]);
    for (filter, prefix, expected) in [
        (
            KeyFilter::all(),
            "",
            vec!["app.region", "app.user_id", "session"],
        ),
        (
            KeyFilter::prefix("app."),
            "baggage.",
            vec!["baggage.app.region", "baggage.app.user_id"],
        ),
        (KeyFilter::keys(["session"]), "", vec!["session"]),
        (KeyFilter::from_fn(|key| key.len() > 20), "", vec![]),
    ] {
        let (provider, exporter) =
            tracer_with(StringBaggageSpanProcessor::new(filter).with_prefix(prefix));
        let span = one_span(&provider, &exporter, &cx);
        assert_eq!(keys(&span), expected);
        // Strings, as the other SDKs' processors copy them.
        assert!(span
            .attributes
            .iter()
            .all(|kv| matches!(kv.value, Value::String(_))));
    }
}

fn logger_with<P>(processor: P) -> (SdkLoggerProvider, InMemoryLogExporter)
where
    P: opentelemetry_sdk::logs::LogProcessor + 'static,
{
    let exporter = InMemoryLogExporter::default();
    let provider = SdkLoggerProvider::builder()
        .with_log_processor(processor)
        .with_log_processor(SimpleLogProcessor::new(exporter.clone()))
        .build();
    (provider, exporter)
}

fn one_log(
    provider: &SdkLoggerProvider,
    exporter: &InMemoryLogExporter,
) -> Vec<(String, AnyValue)> {
    exporter.reset();
    let logger = provider.logger("test");
    let mut record = logger.create_log_record();
    record.set_body("checkout".into());
    logger.emit(record);
    let logs = exporter.get_emitted_logs().unwrap();
    assert_eq!(logs.len(), 1);
    let mut attributes: Vec<(String, AnyValue)> = logs[0]
        .record
        .attributes_iter()
        .map(|(key, value)| (key.as_str().to_owned(), value.clone()))
        .collect();
    attributes.sort_by(|a, b| a.0.cmp(&b.0));
    attributes
}

#[test]
fn the_log_processor_types_fields_on_records_emitted_in_the_context() {
    let (provider, exporter) = logger_with(BaggageLogProcessor::<RequestContext>::new());
    // No context attached: nothing to add.
    assert!(one_log(&provider, &exporter).is_empty());

    let cx = Context::new().with_typed_baggage(&context()).unwrap();
    let _guard = cx.attach();
    let attributes = one_log(&provider, &exporter);
    let get = |key: &str| {
        attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(get("user_id"), Some(AnyValue::Int(12345)));
    assert_eq!(
        get("account"),
        Some(AnyValue::String("18446744073709551615".into()))
    );
    assert_eq!(get("ratio"), Some(AnyValue::Double(0.25)));
    assert_eq!(get("is_beta"), Some(AnyValue::Boolean(true)));
    assert_eq!(get("user_tier"), Some(AnyValue::String("premium".into())));
    assert_eq!(
        get("shards"),
        Some(AnyValue::ListAny(Box::new(vec![
            AnyValue::Int(1),
            AnyValue::Int(2)
        ])))
    );
    assert_eq!(get("user_email"), None);
    assert_eq!(get("session_hint"), None);
}

#[test]
fn the_log_processor_says_why_when_the_struct_does_not_decode() {
    let (provider, exporter) = logger_with(BaggageLogProcessor::<Cart>::new());
    let cx = Context::new().with_baggage([KeyValue::new("shop.items", "many")]);
    let _guard = cx.attach();
    let attributes = one_log(&provider, &exporter);
    assert_eq!(attributes.len(), 1);
    assert_eq!(attributes[0].0, ERROR_ATTRIBUTE);
    let AnyValue::String(error) = &attributes[0].1 else {
        panic!("{attributes:?}")
    };
    assert!(error.as_str().contains("shop.items"), "{error}");
}

#[test]
fn the_string_log_processor_copies_members_as_strings() {
    let (provider, exporter) =
        logger_with(StringBaggageLogProcessor::new(KeyFilter::prefix("app.")).with_prefix("b."));
    let cx = Context::new().with_baggage([
        KeyValue::new("app.user_id", "7"),
        KeyValue::new("other", "x"),
    ]);
    let _guard = cx.attach();
    assert_eq!(
        one_log(&provider, &exporter),
        [("b.app.user_id".to_owned(), AnyValue::String("7".into()))]
    );
}

// ----- tracing, through tracing-opentelemetry -------------------------------------------------

#[test]
fn tracing_fields_reach_an_exported_span_typed_and_the_context_carries_the_baggage_on() {
    use baggage::otel::BaggagePropagator;
    use baggage::tracing::TraceFields;
    use opentelemetry::propagation::{TextMapCompositePropagator, TextMapPropagator};
    use opentelemetry_sdk::propagation::TraceContextPropagator;
    use std::collections::HashMap;
    use tracing_opentelemetry::OpenTelemetrySpanExt;
    use tracing_subscriber::layer::SubscriberExt;

    // The span processor too: it sees spans made through tracing as any other.
    let (provider, exporter) = tracer_with(BaggageSpanProcessor::<Cart>::new());
    let subscriber = tracing_subscriber::registry()
        .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("tracing")));
    let propagator = TextMapCompositePropagator::new(vec![
        Box::new(TraceContextPropagator::new()),
        Box::new(BaggagePropagator::new()),
    ]);

    let value = context();
    let incoming = Context::new().with_typed_baggage(&value).unwrap();
    let mut carrier = HashMap::new();
    tracing::subscriber::with_default(subscriber, || {
        let span = value.span();
        span.set_parent(incoming.clone()).unwrap();
        let _entered = span.enter();
        // The next hop: the span's context, injected as headers.
        propagator.inject_context(&span.context(), &mut carrier);
    });

    let spans = exporter.get_finished_spans().unwrap();
    assert_eq!(spans.len(), 1);
    let span = &spans[0];
    assert_eq!(attribute(span, "baggage.user_id"), Some(&Value::I64(12345)));
    // Beyond i64, the decimal text rather than a wrapped number.
    assert_eq!(
        attribute(span, "baggage.account"),
        Some(&Value::from("18446744073709551615"))
    );
    assert!(matches!(
        attribute(span, "baggage.size"),
        Some(Value::I64(_))
    ));
    assert_eq!(attribute(span, "baggage.is_beta"), Some(&Value::Bool(true)));
    assert_eq!(attribute(span, "baggage.ratio"), Some(&Value::F64(0.25)));
    assert_eq!(
        attribute(span, "baggage.user_tier"),
        Some(&Value::from("premium"))
    );
    // `t.span()` records a flattened struct as its header text; the processor adds it typed.
    assert_eq!(
        attribute(span, "baggage.cart"),
        Some(&Value::from("shop.items=3"))
    );
    assert_eq!(attribute(span, "shop.items"), Some(&Value::I64(3)));
    // `skip_tracing` holds on the span too.
    assert_eq!(attribute(span, "baggage.session_hint"), None);

    // The next service reads the same struct, in the same trace.
    let next = propagator.extract(&carrier);
    assert_eq!(next.typed_baggage::<RequestContext>().unwrap(), value);
    assert_eq!(
        next.span().span_context().trace_id(),
        span.span_context.trace_id()
    );
}

// ----- size metrics ---------------------------------------------------------------------------

mod metrics {
    use opentelemetry::metrics::MeterProvider as _;
    use opentelemetry_sdk::metrics::data::{AggregatedMetrics, MetricData};
    use opentelemetry_sdk::metrics::{InMemoryMetricExporter, PeriodicReader, SdkMeterProvider};

    pub struct Meters {
        pub provider: SdkMeterProvider,
        exporter: InMemoryMetricExporter,
    }

    impl Meters {
        pub fn new() -> Self {
            let exporter = InMemoryMetricExporter::default();
            let provider = SdkMeterProvider::builder()
                .with_reader(PeriodicReader::builder(exporter.clone()).build())
                .build();
            Self { provider, exporter }
        }

        pub fn meter(&self) -> opentelemetry::metrics::Meter {
            self.provider.meter("test")
        }

        /// (count, sum) of a histogram; the sums of a counter by its reason.
        pub fn collect(&self) -> Collected {
            self.provider.force_flush().unwrap();
            let mut collected = Collected::default();
            let exported = self.exporter.get_finished_metrics().unwrap();
            let Some(last) = exported.last() else {
                return collected;
            };
            for scope in last.scope_metrics() {
                for metric in scope.metrics() {
                    let AggregatedMetrics::U64(data) = metric.data() else {
                        continue;
                    };
                    match data {
                        MetricData::Histogram(histogram) => {
                            for point in histogram.data_points() {
                                collected.histograms.push((
                                    metric.name().to_owned(),
                                    point.count(),
                                    point.sum(),
                                ));
                            }
                        }
                        MetricData::Sum(sum) => {
                            for point in sum.data_points() {
                                let reason = point
                                    .attributes()
                                    .find(|kv| kv.key.as_str() == "baggage.drop_reason")
                                    .map(|kv| kv.value.to_string())
                                    .unwrap_or_default();
                                collected.dropped.push((reason, point.value()));
                            }
                        }
                        _ => {}
                    }
                }
            }
            collected.histograms.sort();
            collected.dropped.sort();
            collected
        }
    }

    #[derive(Debug, Default)]
    pub struct Collected {
        pub histograms: Vec<(String, u64, u64)>,
        pub dropped: Vec<(String, u64)>,
    }
}

#[derive(Debug, Clone, Baggage)]
struct Edge {
    #[baggage(default, max_len = 16)]
    client_version: String,
    #[baggage(default)]
    user_id: u64,
}

#[tokio::test]
async fn the_server_layer_records_size_members_and_drops_by_reason() {
    use baggage::policy::trust::TrustPolicy;
    use baggage::tower::ServerBaggageLayer;
    use tower::{service_fn, ServiceBuilder, ServiceExt};

    let meters = metrics::Meters::new();
    let layer = ServerBaggageLayer::<Edge>::new(
        TrustPolicy::allow_keys(Edge::SCHEMA, &["client_version"]).unwrap(),
    )
    .with_metrics(BaggageMetrics::new(&meters.meter()));
    let service =
        ServiceBuilder::new()
            .layer(layer)
            .service(service_fn(|_: http::Request<()>| async {
                Ok::<_, std::convert::Infallible>(())
            }));
    let send = |lines: &[&str]| {
        let mut request = http::Request::builder();
        for line in lines {
            request = request.header("baggage", *line);
        }
        service.clone().oneshot(request.body(()).unwrap())
    };
    // 40 bytes over two lines; 3 well-formed members, 1 malformed, 2 not allowed.
    send(&["client_version=2.1", "user_id=7,bad=%zz,x=1"])
        .await
        .unwrap();
    // 200 members: 20 past the 180-member limit.
    let many: Vec<String> = (0..200).map(|i| format!("k{i}=v")).collect();
    let many = many.join(",");
    send(&[many.as_str()]).await.unwrap();

    let collected = meters.collect();
    let (_, count, sum) = collected
        .histograms
        .iter()
        .find(|(name, ..)| name == "baggage.size")
        .unwrap();
    assert_eq!(*count, 2);
    assert_eq!(*sum, (18 + 1 + 21 + many.len()) as u64);
    let (_, count, sum) = collected
        .histograms
        .iter()
        .find(|(name, ..)| name == "baggage.members")
        .unwrap();
    assert_eq!((*count, *sum), (2, 3 + 180));
    assert_eq!(
        collected.dropped,
        [
            ("limit".to_owned(), 20),
            ("malformed".to_owned(), 1),
            ("not_allowed".to_owned(), 2 + 180),
        ]
    );
}

#[test]
fn the_span_processor_records_the_baggage_of_spans_that_start_a_services_work() {
    let meters = metrics::Meters::new();
    let processor =
        BaggageSpanProcessor::<Cart>::new().with_metrics(BaggageMetrics::new(&meters.meter()));
    let (provider, _exporter) = tracer_with(processor);
    let tracer = provider.tracer("test");
    let cx = Context::new().with_baggage([KeyValue::new("shop.items", "3")]);
    let root = tracer.start_with_context("request", &cx);
    let cx = cx.with_span(root);
    // A child with a local parent is the same request: not counted again.
    drop(tracer.start_with_context("child", &cx));
    drop(cx);

    let collected = meters.collect();
    let sizes: Vec<_> = collected
        .histograms
        .iter()
        .filter(|(name, ..)| name == "baggage.size")
        .collect();
    assert_eq!(sizes, [&("baggage.size".to_owned(), 1, 12)]);
}

// ----- the propagator -------------------------------------------------------------------------

#[derive(Debug, PartialEq, Baggage)]
struct Listing {
    features: Vec<String>,
    #[baggage(default)]
    user_id: Option<u64>,
}

#[test]
fn the_propagator_carries_what_the_sdks_propagator_loses() {
    use opentelemetry::propagation::TextMapPropagator;
    use std::collections::HashMap;

    let sent = Listing {
        features: vec!["a,b".into(), "c".into()],
        user_id: Some(7),
    };
    let cx = Context::new().with_typed_baggage(&sent).unwrap();

    let mut ours = HashMap::new();
    baggage::otel::BaggagePropagator::new().inject_context(&cx, &mut ours);
    assert_eq!(ours["baggage"], "features=a%252Cb%2Cc,user_id=7");
    let received = baggage::otel::BaggagePropagator::new().extract(&ours);
    assert_eq!(received.typed_baggage::<Listing>().unwrap(), sent);
    // The SDK's propagator reads what ours writes.
    let by_sdk = opentelemetry_sdk::propagation::BaggagePropagator::new().extract(&ours);
    assert_eq!(by_sdk.typed_baggage::<Listing>().unwrap(), sent);

    // Pinned difference: the SDK's propagator writes the `%` of `a%2Cb` raw, so the item
    // `a,b` comes back as two items.
    let mut sdks = HashMap::new();
    opentelemetry_sdk::propagation::BaggagePropagator::new().inject_context(&cx, &mut sdks);
    let through_sdk = baggage::otel::BaggagePropagator::new().extract(&sdks);
    assert_eq!(
        through_sdk.typed_baggage::<Listing>().unwrap().features,
        ["a", "b", "c"]
    );
}

#[test]
fn a_member_the_propagator_dropped_is_an_error_not_an_absent_field() {
    use opentelemetry::propagation::TextMapPropagator;
    use std::collections::HashMap;

    let propagator = baggage::otel::BaggagePropagator::new();
    let headers = HashMap::from([(
        "baggage".to_owned(),
        "features=a,user_id=%zz,vendor=x".to_owned(),
    )]);
    let cx = propagator.extract(&headers);
    // The rest arrives; what was dropped is listed.
    assert_eq!(cx.baggage().get("vendor").map(|v| v.as_str()), Some("x"));
    let errors = baggage::otel::extract_errors(&cx);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].key(), Some("user_id"));
    // `user_id` is optional, yet not read as `None`: its member was there and malformed.
    let error = cx.typed_baggage::<Listing>().unwrap_err();
    assert!(
        matches!(&error, baggage::DecodeError::Header(e) if e.key() == Some("user_id")),
        "{error}"
    );
    // The span processor says so instead of adding the struct's fields.
    let (provider, exporter) = tracer_with(BaggageSpanProcessor::<Listing>::new());
    let span = one_span(&provider, &exporter, &cx);
    assert_eq!(keys(&span), [ERROR_ATTRIBUTE]);

    // A header past the member limit: a key of the struct that is absent may have been cut.
    let many: Vec<String> = (0..200).map(|i| format!("k{i}=v")).collect();
    let headers = HashMap::from([(
        "baggage".to_owned(),
        format!("{},features=a", many.join(",")),
    )]);
    let cx = propagator.extract(&headers);
    let error = cx.typed_baggage::<Listing>().unwrap_err();
    assert!(
        matches!(
            error,
            baggage::DecodeError::CutByLimit {
                key: "features",
                ..
            }
        ),
        "{error}"
    );
    // Nothing dropped: nothing listed.
    let clean = propagator.extract(&HashMap::from([(
        "baggage".to_owned(),
        "features=a".to_owned(),
    )]));
    assert!(baggage::otel::extract_errors(&clean).is_empty());
    assert_eq!(clean.typed_baggage::<Listing>().unwrap().user_id, None);
}

#[test]
fn past_64_members_a_key_of_the_struct_is_cut_not_absent() {
    use opentelemetry::propagation::TextMapPropagator;
    use std::collections::HashMap;

    // OpenTelemetry's baggage holds 64 members; `user_id` is the 71st.
    let mut members: Vec<String> = (0..70).map(|i| format!("k{i}=v")).collect();
    members.push("user_id=7".into());
    members.push("features=a".into());
    let headers = HashMap::from([("baggage".to_owned(), members.join(","))]);
    let cx = baggage::otel::BaggagePropagator::new().extract(&headers);
    assert_eq!(cx.baggage().len(), 64);
    assert!(baggage::otel::extract_errors(&cx)[0].is_limit());
    let error = cx.typed_baggage::<Listing>().unwrap_err();
    assert!(
        matches!(
            error,
            baggage::DecodeError::CutByLimit {
                key: "features",
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn errors_of_an_extraction_go_when_the_struct_is_written_or_another_header_is_read() {
    use opentelemetry::propagation::TextMapPropagator;
    use std::collections::HashMap;

    let propagator = baggage::otel::BaggagePropagator::new();
    let malformed = HashMap::from([("baggage".to_owned(), "features=a,user_id=%zz".to_owned())]);
    let cx = propagator.extract(&malformed);
    assert!(cx.typed_baggage::<Listing>().is_err());
    // The handler writes the struct: its keys are what it wrote now.
    let written = Listing {
        features: vec!["b".into()],
        user_id: None,
    };
    let cx = cx.with_typed_baggage(&written).unwrap();
    assert!(baggage::otel::extract_errors(&cx).is_empty());
    assert_eq!(cx.typed_baggage::<Listing>().unwrap(), written);

    // A header replaces the context's baggage and errors, as the SDK's propagator does, even
    // when nothing in it is readable.
    let before = Context::new()
        .with_baggage([KeyValue::new("stale", "1")])
        .with_typed_baggage(&written)
        .unwrap();
    let unreadable = HashMap::from([("baggage".to_owned(), "x=%zz".to_owned())]);
    let cx = propagator.extract_with_context(&before, &unreadable);
    assert_eq!(cx.baggage().len(), 0);
    assert_eq!(baggage::otel::extract_errors(&cx).len(), 1);
    // No header: the context is as it was.
    let cx = propagator.extract_with_context(&before, &HashMap::new());
    assert_eq!(cx.baggage().len(), before.baggage().len());
}

#[derive(Debug, Baggage)]
struct WithDefault {
    #[baggage(default)]
    user_id: u64,
    #[baggage(default)]
    region: String,
}

#[test]
fn a_default_field_that_did_not_arrive_is_not_an_attribute() {
    let (provider, exporter) = tracer_with(BaggageSpanProcessor::<WithDefault>::new());
    let cx = Context::new().with_baggage([KeyValue::new("region", "eu")]);
    let span = one_span(&provider, &exporter, &cx);
    // Not `user_id=0`: nobody said the user is 0.
    assert_eq!(keys(&span), ["region"]);
}

#[derive(Debug, Baggage)]
struct Hidden {
    user_id: u64,
    #[baggage(skip_tracing)]
    shard: u64,
}

#[test]
fn the_error_attribute_never_shows_a_value() {
    let (provider, exporter) = tracer_with(BaggageSpanProcessor::<Hidden>::new());
    let cx = Context::new().with_baggage([
        KeyValue::new("user_id", "1"),
        KeyValue::new("shard", "secret-token-123"),
    ]);
    let span = one_span(&provider, &exporter, &cx);
    let Some(Value::String(error)) = attribute(&span, ERROR_ATTRIBUTE) else {
        panic!("{:?}", span.attributes)
    };
    assert!(!error.as_str().contains("secret"), "{error}");
    assert!(
        error.as_str().starts_with(
            "baggage does not decode: the value of `shard` is not valid: expected u64"
        ),
        "{error}"
    );
}

/// Every event's target and message, for the warnings a propagator cannot return.
#[derive(Clone, Default)]
struct Events(std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Events {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        struct Message(String);
        impl tracing::field::Visit for Message {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                if field.name() == "message" {
                    self.0 = format!("{value:?}");
                }
            }
        }
        let mut message = Message(String::new());
        event.record(&mut message);
        if let Ok(mut events) = self.0.lock() {
            events.push((event.metadata().target().to_owned(), message.0));
        }
    }
}

#[test]
fn injecting_past_8192_bytes_leaves_whole_members_out_and_says_so() {
    use opentelemetry::propagation::TextMapPropagator;
    use std::collections::HashMap;
    use tracing_subscriber::layer::SubscriberExt;

    // Each `é` is 6 bytes once encoded: 20 members of 100 take 12 kB on the wire.
    let members: Vec<KeyValue> = (0..20)
        .map(|i| KeyValue::new(format!("note{i:02}"), "é".repeat(100)))
        .collect();
    let cx = Context::new().with_baggage(members);
    let events = Events::default();
    let mut headers = HashMap::new();
    tracing::subscriber::with_default(tracing_subscriber::registry().with(events.clone()), || {
        baggage::otel::BaggagePropagator::new().inject_context(&cx, &mut headers);
    });
    let header = &headers["baggage"];
    assert!(header.len() <= 8192, "{}", header.len());
    let sent = baggage::StringBaggage::parse(header).unwrap();
    assert_eq!(sent.len(), 13);
    assert_eq!(sent.get("note00"), Some("é".repeat(100).as_str()));
    let events = events.0.lock().unwrap().clone();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].0, "baggage::otel");
    assert!(
        events[0].1.contains("the last 7 members are not sent"),
        "{events:?}"
    );
}

#[test]
fn the_span_processor_records_remote_parents_and_not_roots_without_baggage() {
    use opentelemetry::trace::{SpanContext, SpanId, TraceFlags, TraceId, TraceState};

    let meters = metrics::Meters::new();
    let processor =
        BaggageSpanProcessor::<Cart>::new().with_metrics(BaggageMetrics::new(&meters.meter()));
    let (provider, _exporter) = tracer_with(processor);
    let tracer = provider.tracer("test");
    // A background job: no parent, no baggage.
    drop(tracer.start_with_context("job", &Context::new()));
    // A request from another service.
    let remote = SpanContext::new(
        TraceId::from_bytes([1; 16]),
        SpanId::from_bytes([2; 8]),
        TraceFlags::SAMPLED,
        true,
        TraceState::default(),
    );
    let cx = Context::new()
        .with_baggage([KeyValue::new("shop.items", "3"), KeyValue::new("a", "b")])
        .with_remote_span_context(remote);
    drop(tracer.start_with_context("request", &cx));

    let collected = meters.collect();
    let members: Vec<_> = collected
        .histograms
        .iter()
        .filter(|(name, ..)| name == "baggage.members")
        .collect();
    assert_eq!(members, [&("baggage.members".to_owned(), 1, 2)]);
}

#[cfg(feature = "actix-web")]
#[actix_web::test]
async fn the_actix_middleware_records_what_the_tower_layer_records() {
    use actix_web::{test, web, App};
    use baggage::policy::trust::TrustPolicy;

    let meters = metrics::Meters::new();
    let middleware = baggage::actix::BaggageMiddleware::<Edge>::new(
        TrustPolicy::allow_keys(Edge::SCHEMA, &["client_version"]).unwrap(),
    )
    .with_metrics(BaggageMetrics::new(&meters.meter()));
    let app = test::init_service(
        App::new()
            .wrap(middleware)
            .route("/", web::get().to(|| async { "ok" })),
    )
    .await;
    let header = "client_version=2.1,user_id=7,bad=%zz";
    let request = test::TestRequest::get()
        .uri("/")
        .insert_header(("baggage", header))
        .to_request();
    let response = test::call_service(&app, request).await;
    assert!(response.status().is_success());

    let collected = meters.collect();
    let size = collected
        .histograms
        .iter()
        .find(|(name, ..)| name == "baggage.size")
        .unwrap();
    assert_eq!((size.1, size.2), (1, header.len() as u64));
    assert_eq!(
        collected.dropped,
        [("malformed".to_owned(), 1), ("not_allowed".to_owned(), 1)]
    );
}
