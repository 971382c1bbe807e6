//! This crate against `opentelemetry_sdk`'s `BaggagePropagator` plus the conversions a user
//! writes by hand today, on the same inputs, in the same run. See BENCHMARKS.md.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use baggage::{Baggage, BaggageValue, BorrowBaggage, StringBaggage};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use opentelemetry::baggage::BaggageExt;
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::propagation::BaggagePropagator;

const HEADER: &str = "user_id=12345,user_tier=premium,region=us-west,is_premium=true,\
                      features=new_checkout%2Cdark_mode%2Cbeta,client_version=2.1.4,priority=high,tenant_id=42";

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Tier {
    Free,
    Premium,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Priority {
    Low,
    Normal,
    High,
}

#[derive(Debug, PartialEq, Baggage)]
struct RequestContext {
    user_id: u64,
    user_tier: Tier,
    region: String,
    is_premium: bool,
    features: Vec<String>,
    client_version: String,
    priority: Priority,
    tenant_id: u64,
}

/// The same context with its text fields borrowed from the header where they hold no escape.
#[derive(Debug, PartialEq, Baggage)]
struct BorrowedContext<'h> {
    user_id: u64,
    user_tier: Tier,
    region: Cow<'h, str>,
    is_premium: bool,
    features: Vec<Cow<'h, str>>,
    client_version: Cow<'h, str>,
    priority: Priority,
    tenant_id: u64,
}

/// What a service writes today after the SDK's extract: each value converted by hand.
fn hand_convert(context: &Context) -> Option<RequestContext> {
    let baggage = context.baggage();
    let get = |key: &str| baggage.get(key).map(|value| value.as_str().to_owned());
    Some(RequestContext {
        user_id: get("user_id")?.parse().ok()?,
        user_tier: match get("user_tier")?.as_str() {
            "free" => Tier::Free,
            "premium" => Tier::Premium,
            _ => return None,
        },
        region: get("region")?,
        is_premium: get("is_premium")? == "true",
        features: get("features")?.split(',').map(str::to_owned).collect(),
        client_version: get("client_version")?,
        priority: match get("priority")?.as_str() {
            "low" => Priority::Low,
            "normal" => Priority::Normal,
            "high" => Priority::High,
            _ => return None,
        },
        tenant_id: get("tenant_id")?.parse().ok()?,
    })
}

fn hand_encode(context: &RequestContext) -> HashMap<String, String> {
    let tier = match context.user_tier {
        Tier::Free => "free",
        Tier::Premium => "premium",
    };
    let priority = match context.priority {
        Priority::Low => "low",
        Priority::Normal => "normal",
        Priority::High => "high",
    };
    let otel = Context::new().with_baggage([
        KeyValue::new("user_id", context.user_id.to_string()),
        KeyValue::new("user_tier", tier),
        KeyValue::new("region", context.region.clone()),
        KeyValue::new("is_premium", context.is_premium.to_string()),
        KeyValue::new("features", context.features.join(",")),
        KeyValue::new("client_version", context.client_version.clone()),
        KeyValue::new("priority", priority),
        KeyValue::new("tenant_id", context.tenant_id.to_string()),
    ]);
    let mut carrier = HashMap::new();
    BaggagePropagator::new().inject_context(&otel, &mut carrier);
    carrier
}

fn carrier(header: &str) -> HashMap<String, String> {
    HashMap::from([("baggage".to_owned(), header.to_owned())])
}

/// The physical floor of any parser: copy the header and scan it once for commas.
fn floor(header: &str) -> usize {
    let copy = header.as_bytes().to_vec();
    copy.iter().filter(|&&byte| byte == b',').count()
}

fn header_of(members: usize, value_len: usize) -> String {
    (0..members)
        .map(|i| format!("key{i}={}", "v".repeat(value_len)))
        .collect::<Vec<_>>()
        .join(",")
}

fn typed(c: &mut Criterion) {
    let propagator = BaggagePropagator::new();
    let sdk_carrier = carrier(HEADER);
    let expected = RequestContext::from_header(HEADER).unwrap();
    assert_eq!(
        hand_convert(&propagator.extract(&sdk_carrier)).as_ref(),
        Some(&expected)
    );

    let mut group = c.benchmark_group("decode_typed");
    group.bench_function("baggage", |b| {
        b.iter(|| RequestContext::from_header(black_box(HEADER)))
    });
    let borrowed = BorrowedContext::from_header_borrowed(HEADER).unwrap();
    assert_eq!(borrowed.features, expected.features);
    group.bench_function("baggage_borrowed", |b| {
        b.iter(|| BorrowedContext::from_header_borrowed(black_box(HEADER)))
    });
    group.bench_function("otel_sdk_extract_and_convert", |b| {
        b.iter(|| hand_convert(&propagator.extract(black_box(&sdk_carrier))))
    });
    group.bench_function("floor", |b| b.iter(|| floor(black_box(HEADER))));
    group.finish();

    let mut group = c.benchmark_group("encode_typed");
    group.bench_function("baggage", |b| b.iter(|| black_box(&expected).to_header()));
    group.bench_function("otel_sdk_build_and_inject", |b| {
        b.iter(|| hand_encode(black_box(&expected)))
    });
    group.finish();
}

fn string_codec(c: &mut Criterion) {
    let propagator = BaggagePropagator::new();
    let sdk_carrier = carrier(HEADER);
    let mut group = c.benchmark_group("parse");
    group.bench_function("baggage", |b| {
        b.iter(|| StringBaggage::parse(black_box(HEADER)))
    });
    group.bench_function("otel_sdk_extract", |b| {
        b.iter(|| propagator.extract(black_box(&sdk_carrier)))
    });
    group.finish();

    let parsed = StringBaggage::parse(HEADER).unwrap();
    let otel_context = propagator.extract(&sdk_carrier);
    let mut group = c.benchmark_group("to_header");
    group.bench_function("baggage", |b| b.iter(|| black_box(&parsed).to_header()));
    group.bench_function("otel_sdk_inject", |b| {
        b.iter(|| {
            let mut out = HashMap::new();
            propagator.inject_context(black_box(&otel_context), &mut out);
            out
        })
    });
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let propagator = BaggagePropagator::new();
    let mut group = c.benchmark_group("scaling");
    // 1, 8 and 64 members of the same shape, then one header at the 8192-byte limit.
    let sixty_four = header_of(64, 120);
    // One more member pads the 64 to exactly the 8192-byte limit.
    let padded = format!(
        "{sixty_four},pad={}",
        "x".repeat(8192 - sixty_four.len() - 5)
    );
    assert_eq!(padded.len(), 8192);
    let headers = [
        ("1_member", header_of(1, 120)),
        ("8_members", header_of(8, 120)),
        ("64_members", sixty_four),
        ("8192_bytes", padded),
    ];
    for (name, header) in &headers {
        let header = header.as_str();
        group.throughput(Throughput::Bytes(header.len() as u64));
        group.bench_with_input(BenchmarkId::new("baggage", name), header, |b, h| {
            b.iter(|| StringBaggage::parse_lenient(black_box(h)))
        });
        let sdk_carrier = carrier(header);
        group.bench_with_input(
            BenchmarkId::new("otel_sdk_extract", name),
            &sdk_carrier,
            |b, h| b.iter(|| propagator.extract(black_box(h))),
        );
        group.bench_with_input(BenchmarkId::new("floor", name), header, |b, h| {
            b.iter(|| floor(black_box(h)))
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(60)
}

criterion_group! {
    name = benches;
    config = config();
    targets = typed, string_codec, scaling
}
criterion_main!(benches);
