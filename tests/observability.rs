//! tracing span fields, typed, and metric labels from `#[baggage(metric_label)]` fields.
#![cfg(all(feature = "tracing", feature = "opentelemetry"))]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use baggage::tracing::TraceFields;
use baggage::{Baggage, BaggageValue};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Tier {
    Free,
    Premium,
}

#[derive(Debug, Baggage)]
struct RequestContext {
    user_id: u64,
    #[baggage(metric_label)]
    user_tier: Tier,
    #[baggage(metric_label)]
    is_premium: bool,
    #[baggage(max_len = 16)]
    region: String,
    #[baggage(metric_label = "high_cardinality_ok", max_len = 8)]
    client_version: String,
    fraud_score: f64,
    #[baggage(skip_tracing, max_len = 64)]
    session_hint: String,
    note: Option<String>,
}

fn context() -> RequestContext {
    RequestContext {
        user_id: 12345,
        user_tier: Tier::Premium,
        is_premium: true,
        region: "us-west".into(),
        client_version: "2.1.4".into(),
        fraud_score: 0.25,
        session_hint: "opaque".into(),
        note: None,
    }
}

/// What a subscriber received, with the type each value came as.
#[derive(Debug, Clone, PartialEq)]
enum Seen {
    U64(u64),
    I64(i64),
    F64(f64),
    Bool(bool),
    Str(String),
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<BTreeMap<String, Seen>>>);

impl Visit for Recorder {
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, Seen::U64(value));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, Seen::I64(value));
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.put(field, Seen::F64(value));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, Seen::Bool(value));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, Seen::Str(value.to_owned()));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.put(field, Seen::Str(format!("{value:?}")));
    }
}

impl Recorder {
    fn put(&mut self, field: &Field, value: Seen) {
        if let Ok(mut fields) = self.0.lock() {
            fields.insert(field.name().to_owned(), value);
        }
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        span.record(&mut self.clone());
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut self.clone());
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[test]
fn spans_carry_typed_fields_and_the_size() {
    let recorder = Recorder::default();
    let fields = recorder.0.clone();
    tracing::subscriber::with_default(recorder, || {
        let _span = context().span();
    });
    let fields = fields.lock().unwrap().clone();
    let size = context().to_header().unwrap().len() as i64;
    // Unsigned integers as `i64`, which tracing-opentelemetry keeps as integers.
    let expected = BTreeMap::from([
        ("baggage.size".to_owned(), Seen::I64(size)),
        ("baggage.user_id".to_owned(), Seen::I64(12345)),
        ("baggage.user_tier".to_owned(), Seen::Str("premium".into())),
        ("baggage.is_premium".to_owned(), Seen::Bool(true)),
        ("baggage.region".to_owned(), Seen::Str("us-west".into())),
        (
            "baggage.client_version".to_owned(),
            Seen::Str("2.1.4".into()),
        ),
        ("baggage.fraud_score".to_owned(), Seen::F64(0.25)),
    ]);
    // `session_hint` is skip_tracing; `note` is absent.
    assert_eq!(fields, expected);
    let _ = Seen::U64(0);
}

#[test]
fn record_fills_the_fields_a_span_declares() {
    let recorder = Recorder::default();
    let fields = recorder.0.clone();
    tracing::subscriber::with_default(recorder, || {
        let span = tracing::info_span!(
            "request",
            baggage.user_id = tracing::field::Empty,
            baggage.is_premium = tracing::field::Empty
        );
        context().record(&span);
    });
    let fields = fields.lock().unwrap().clone();
    assert_eq!(fields.get("baggage.user_id"), Some(&Seen::I64(12345)));
    assert_eq!(fields.get("baggage.is_premium"), Some(&Seen::Bool(true)));
    assert_eq!(fields.len(), 2);
}

#[test]
fn only_marked_fields_become_metric_attributes() {
    let labels = baggage::otel::metric_attributes(&context()).unwrap();
    let labels: Vec<(String, opentelemetry::Value)> = labels
        .into_iter()
        .map(|kv| (kv.key.to_string(), kv.value))
        .collect();
    assert_eq!(
        labels,
        [
            (
                "user_tier".to_owned(),
                opentelemetry::Value::from("premium")
            ),
            ("is_premium".to_owned(), opentelemetry::Value::Bool(true)),
            (
                "client_version".to_owned(),
                opentelemetry::Value::from("2.1.4")
            ),
        ]
    );
    assert!(RequestContext::SCHEMA
        .field("user_tier")
        .unwrap()
        .is_metric_label());
    assert!(!RequestContext::SCHEMA
        .field("user_id")
        .unwrap()
        .is_metric_label());
    assert!(!RequestContext::SCHEMA
        .field("session_hint")
        .unwrap()
        .is_traced());
}

#[derive(Debug, Baggage)]
struct Inner {
    user_id: u64,
    #[baggage(max_len = 8)]
    region: String,
}

#[derive(Debug, Baggage)]
struct Outer {
    is_premium: bool,
    #[baggage(flatten)]
    inner: Inner,
}

#[test]
fn a_flattened_struct_is_recorded_as_one_field_of_its_members() {
    let outer = Outer {
        is_premium: true,
        inner: Inner {
            user_id: 7,
            region: "eu".into(),
        },
    };
    let recorder = Recorder::default();
    let fields = recorder.0.clone();
    tracing::subscriber::with_default(recorder, || {
        let _span = outer.span();
    });
    let fields = fields.lock().unwrap().clone();
    let size = outer.to_header().unwrap().len() as i64;
    let expected = BTreeMap::from([
        ("baggage.size".to_owned(), Seen::I64(size)),
        ("baggage.is_premium".to_owned(), Seen::Bool(true)),
        (
            "baggage.inner".to_owned(),
            Seen::Str("user_id=7,region=eu".into()),
        ),
    ]);
    assert_eq!(fields, expected);

    // A flattened struct that cannot be written is recorded as its error, not left out.
    let too_long = Outer {
        inner: Inner {
            user_id: 7,
            region: "far too long".into(),
        },
        ..outer
    };
    let recorder = Recorder::default();
    let fields = recorder.0.clone();
    tracing::subscriber::with_default(recorder, || {
        let _span = too_long.span();
    });
    let recorded = fields.lock().unwrap().get("baggage.inner").cloned();
    assert_eq!(
        recorded,
        Some(Seen::Str(
            "baggage key `region` has a 12-byte value, over its max_len of 8".into()
        ))
    );
}
