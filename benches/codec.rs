//! This crate against `opentelemetry_sdk`'s `BaggagePropagator` plus the conversions a user
//! writes by hand today, on the same inputs, in the same run. See BENCHMARKS.md.

mod common;

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use baggage::{Baggage, BorrowBaggage, StringBaggage};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry_sdk::propagation::BaggagePropagator;

use common::{
    carrier, floor, hand_convert, hand_encode, scaling_headers, sdk_pass_through, BorrowedContext,
    HopContext, Priority, RequestContext, HEADER, PASS_THROUGH_HEADER,
};

fn typed(c: &mut Criterion) {
    let propagator = BaggagePropagator::new();
    let sdk_carrier = carrier(HEADER);
    let expected = RequestContext::from_header(HEADER).unwrap();
    assert_eq!(
        hand_convert(&propagator.extract(&sdk_carrier)).as_ref(),
        Some(&expected)
    );

    let mut group = c.benchmark_group("decode_typed");
    let borrowed = BorrowedContext::from_header_borrowed(HEADER).unwrap();
    assert_eq!(borrowed.features, expected.features);
    // Text borrowed from the header where it has no escapes; then the same fields owned.
    group.bench_function("baggage_borrowed", |b| {
        b.iter(|| BorrowedContext::from_header_borrowed(black_box(HEADER)))
    });
    group.bench_function("baggage_owned", |b| {
        b.iter(|| RequestContext::from_header(black_box(HEADER)))
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

/// A hop in the middle: parse the inbound header, merge one field, write the header out.
fn pass_through(c: &mut Criterion) {
    let propagator = BaggagePropagator::new();
    let sdk_carrier = carrier(PASS_THROUGH_HEADER);
    let hop = HopContext {
        priority: Priority::High,
    };
    let mut group = c.benchmark_group("pass_through");
    group.bench_function("baggage", |b| {
        b.iter(|| {
            let (mut baggage, _) = StringBaggage::parse_lenient(black_box(PASS_THROUGH_HEADER));
            hop.write_to(&mut baggage).map(|()| baggage.to_header())
        })
    });
    group.bench_function("otel_sdk", |b| {
        b.iter(|| sdk_pass_through(&propagator, black_box(&sdk_carrier)))
    });
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let propagator = BaggagePropagator::new();
    let mut group = c.benchmark_group("scaling");
    let headers = scaling_headers();
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
    targets = typed, string_codec, pass_through, scaling
}
criterion_main!(benches);
