//! The opentelemetry, http and axum integrations, exercised with the real crates: the SDK's
//! propagators, `http::HeaderMap`, and an axum `Router` serving requests.
#![cfg(all(feature = "opentelemetry", feature = "axum"))]

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use axum::Router;
use baggage::axum::TypedBaggage;
use baggage::otel::{from_otel, to_otel, ContextExt};
use baggage::{Baggage, BaggageValue, StringBaggage};
use opentelemetry::baggage::BaggageExt;
use opentelemetry::propagation::{TextMapCompositePropagator, TextMapPropagator};
use opentelemetry::trace::{SpanContext, SpanId, TraceContextExt, TraceFlags, TraceId, TraceState};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::propagation::{BaggagePropagator, TraceContextPropagator};
use tower::ServiceExt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Tier {
    Free,
    Premium,
}

#[derive(Debug, Clone, PartialEq, Baggage)]
struct RequestContext {
    user_id: u64,
    user_tier: Tier,
    #[baggage(default)]
    features: Vec<String>,
}

fn context() -> RequestContext {
    RequestContext {
        user_id: 12345,
        user_tier: Tier::Premium,
        features: vec!["new_checkout".into(), "dark_mode".into()],
    }
}

fn composite() -> TextMapCompositePropagator {
    TextMapCompositePropagator::new(vec![
        Box::new(TraceContextPropagator::new()),
        Box::new(BaggagePropagator::new()),
    ])
}

fn traced() -> Context {
    let span = SpanContext::new(
        TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736").unwrap(),
        SpanId::from_hex("00f067aa0ba902b7").unwrap(),
        TraceFlags::SAMPLED,
        true,
        TraceState::default(),
    );
    Context::new().with_remote_span_context(span)
}

#[test]
fn context_reads_and_merges_typed_baggage() {
    let cx = Context::new().with_baggage([KeyValue::new("vendor", "x")]);
    let cx = cx.with_typed_baggage(&context()).unwrap();
    assert_eq!(cx.typed_baggage::<RequestContext>().unwrap(), context());
    assert_eq!(
        cx.baggage().get("vendor").map(|v| v.as_str().to_owned()),
        Some("x".into())
    );
    assert!(Context::new().typed_baggage::<RequestContext>().is_err());
}

#[test]
fn conversions_keep_values_and_properties() {
    let ours = StringBaggage::parse("a=1;flag;ttl=30,b=x%2Cy,c=Am%C3%A9lie").unwrap();
    let otel = to_otel(&ours);
    let (value, metadata) = otel.get_with_metadata("a").unwrap();
    assert_eq!((value.as_str(), metadata.as_str()), ("1", "flag;ttl=30"));
    let back = from_otel(&otel);
    assert_eq!(back.to_header(), "a=1;flag;ttl=30,b=x%2Cy,c=Am%C3%A9lie");
}

#[test]
fn sdk_propagators_and_this_crate_read_each_other() {
    // The SDK writes (trace context and baggage), this crate reads.
    let cx = traced().with_typed_baggage(&context()).unwrap();
    let mut carrier = HashMap::new();
    composite().inject_context(&cx, &mut carrier);
    assert!(carrier.contains_key("traceparent"));
    let mut headers = http::HeaderMap::new();
    for (name, value) in &carrier {
        headers.insert(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    assert_eq!(
        baggage::http::extract::<RequestContext>(&headers).unwrap(),
        context()
    );

    // This crate writes, the SDK reads with equal values.
    let mut headers = http::HeaderMap::new();
    baggage::http::inject(&mut headers, &context()).unwrap();
    let carrier = HashMap::from([(
        "baggage".to_owned(),
        headers["baggage"].to_str().unwrap().to_owned(),
    )]);
    let extracted = BaggagePropagator::new().extract(&carrier);
    assert_eq!(
        extracted.typed_baggage::<RequestContext>().unwrap(),
        context()
    );
    assert_eq!(
        extracted
            .baggage()
            .get("features")
            .map(|v| v.as_str().to_owned()),
        Some("new_checkout,dark_mode".into())
    );
}

#[test]
fn http_inject_merges_and_extract_combines_lines() {
    let mut headers = http::HeaderMap::new();
    headers.append("baggage", "vendor=x".parse().unwrap());
    headers.append("baggage", "user_id=1;src=edge,trace=1".parse().unwrap());
    assert_eq!(
        baggage::http::extract::<RequestContext>(&headers).unwrap_err(),
        baggage::DecodeError::Missing { key: "user_tier" }
    );
    baggage::http::inject(&mut headers, &context()).unwrap();
    assert_eq!(headers.get_all("baggage").iter().count(), 1);
    assert_eq!(
        headers["baggage"],
        "vendor=x,user_id=12345,trace=1,user_tier=premium,features=new_checkout%2Cdark_mode"
    );
}

async fn handler(TypedBaggage(context): TypedBaggage<RequestContext>) -> String {
    format!("{} {:?}", context.user_id, context.user_tier)
}

async fn optional(context: Option<TypedBaggage<RequestContext>>) -> String {
    match context {
        Some(TypedBaggage(context)) => format!("user {}", context.user_id),
        None => "anonymous".to_owned(),
    }
}

fn app() -> Router {
    Router::new()
        .route("/", get(handler))
        .route("/optional", get(optional))
}

async fn call(uri: &str, baggage: Option<&str>) -> (StatusCode, String) {
    let mut request = Request::builder().uri(uri);
    if let Some(baggage) = baggage {
        request = request.header("baggage", baggage);
    }
    let response = app()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn the_extractor_reads_a_header_the_sdk_injected() {
    let cx = traced().with_baggage([
        KeyValue::new("user_id", "12345"),
        KeyValue::new("user_tier", "premium"),
    ]);
    let mut carrier = HashMap::new();
    composite().inject_context(&cx, &mut carrier);
    assert_eq!(
        call("/", Some(&carrier["baggage"])).await,
        (StatusCode::OK, "12345 Premium".into())
    );
}

#[tokio::test]
async fn a_bad_header_is_a_400_naming_the_key() {
    let (status, body) = call("/", Some("user_id=12a,user_tier=free")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        "invalid baggage: baggage key `user_id` has value \"12a\": expected u64: not a decimal integer"
    );
    let (status, body) = call("/", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        "invalid baggage: baggage key `user_id` is required but absent"
    );
}

#[tokio::test]
async fn the_optional_form_is_none_when_absent_and_still_rejects_invalid() {
    assert_eq!(
        call("/optional", None).await,
        (StatusCode::OK, "anonymous".into())
    );
    assert_eq!(
        call("/optional", Some("user_id=7,user_tier=free")).await,
        (StatusCode::OK, "user 7".into())
    );
    assert_eq!(
        call("/optional", Some("user_id=x,user_tier=free")).await.0,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn the_extractor_prefers_a_struct_a_layer_put_in_extensions() {
    let mut request = Request::builder()
        .uri("/")
        .header("baggage", "user_id=1,user_tier=free")
        .body(Body::empty())
        .unwrap();
    TypedBaggage::insert_into(context(), request.extensions_mut());
    let response = app().oneshot(request).await.unwrap();
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    assert_eq!(body, "12345 Premium");
}
