//! The tower layers and the tonic helpers, on real services and requests.
#![cfg(all(feature = "tower", feature = "tonic"))]

use std::convert::Infallible;

use baggage::http::TypedBaggage;
use baggage::policy::trust::TrustPolicy;
use baggage::tower::{ClientBaggageLayer, InboundBaggage, ServerBaggageLayer};
use baggage::{Baggage, BaggageValue};
use http::{Request, Response};
use tower::{service_fn, ServiceBuilder, ServiceExt};

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Tier {
    Free,
    Premium,
}

#[derive(Debug, Clone, PartialEq, Baggage)]
struct Context {
    user_id: u64,
    user_tier: Tier,
    #[baggage(internal, default)]
    shard: u16,
}

/// A service that answers with what the layer left: the header and the decoded struct.
async fn echo(request: Request<()>) -> Result<Response<String>, Infallible> {
    let header = request
        .headers()
        .get("baggage")
        .map(|value| value.to_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    let typed = TypedBaggage::<Context>::from_extensions(request.extensions()).cloned();
    let inbound = request.extensions().get::<InboundBaggage>().cloned();
    let dropped = inbound.map(|i| i.dropped.len()).unwrap_or_default();
    Ok(Response::new(format!(
        "{header} | {typed:?} | dropped {dropped}"
    )))
}

#[tokio::test]
async fn the_server_layer_applies_the_policy_once_and_decodes() {
    let policy = TrustPolicy::allow_keys(Context::SCHEMA, &["user_id"]).unwrap();
    let service = ServiceBuilder::new()
        .layer(ServerBaggageLayer::<Context>::new(policy))
        .service(service_fn(echo));
    let request = Request::builder()
        .header("baggage", "user_id=7,user_tier=premium,other=1")
        .body(())
        .unwrap();
    let body = service.oneshot(request).await.unwrap().into_body();
    // The spoofed tier and the unknown member are gone from the header; the struct, which needs
    // a tier, does not decode from what is left.
    assert_eq!(body, "user_id=7 | None | dropped 2");

    let trusted = ServiceBuilder::new()
        .layer(ServerBaggageLayer::<Context>::per_request(|headers, _| {
            if headers.contains_key("x-internal") {
                TrustPolicy::Trusted
            } else {
                TrustPolicy::DropAll
            }
        }))
        .service(service_fn(echo));
    let request = Request::builder()
        .header("baggage", "user_id=7,user_tier=premium,shard=3")
        .header("x-internal", "1")
        .body(())
        .unwrap();
    let body = trusted.clone().oneshot(request).await.unwrap().into_body();
    assert_eq!(
        body,
        "user_id=7,user_tier=premium,shard=3 | Some(Context { user_id: 7, user_tier: Premium, shard: 3 }) | dropped 0"
    );
    let request = Request::builder()
        .header("baggage", "user_id=7")
        .body(())
        .unwrap();
    let body = trusted.oneshot(request).await.unwrap().into_body();
    assert_eq!(body, " | None | dropped 1");
}

#[tokio::test]
async fn the_client_layer_injects_and_strips_internal_fields_for_outsiders() {
    let client = |trusted: bool| {
        ServiceBuilder::new()
            .layer(ClientBaggageLayer::<Context>::new(move |_| trusted))
            .service(service_fn(echo))
    };
    let request = || {
        let mut request = Request::builder()
            .uri("http://payments.example/pay")
            .header("baggage", "vendor=x")
            .body(())
            .unwrap();
        TypedBaggage::insert_into(
            Context {
                user_id: 1,
                user_tier: Tier::Free,
                shard: 9,
            },
            request.extensions_mut(),
        );
        request
    };
    let inside = client(true).oneshot(request()).await.unwrap().into_body();
    assert!(
        inside.starts_with("vendor=x,user_id=1,user_tier=free,shard=9 |"),
        "{inside}"
    );
    let outside = client(false).oneshot(request()).await.unwrap().into_body();
    assert!(
        outside.starts_with("vendor=x,user_id=1,user_tier=free |"),
        "{outside}"
    );
}

#[test]
fn tonic_metadata_round_trips_and_interceptors_work() {
    let context = Context {
        user_id: 12345,
        user_tier: Tier::Premium,
        shard: 0,
    };
    let mut request = tonic::Request::new(());
    request
        .metadata_mut()
        .insert("baggage", "vendor=x".parse().unwrap());
    let mut client = baggage::tonic::client_interceptor(context.clone());
    let request = client(request).unwrap();
    assert_eq!(
        request.metadata().get("baggage").unwrap().to_str().unwrap(),
        "vendor=x,user_id=12345,user_tier=premium,shard=0"
    );
    assert_eq!(
        baggage::tonic::extract::<Context>(request.metadata()).unwrap(),
        context
    );

    let mut server = baggage::tonic::server_interceptor::<Context>();
    let request = server(request).unwrap();
    assert_eq!(
        request
            .extensions()
            .get::<baggage::tonic::TypedBaggage<Context>>(),
        Some(&baggage::tonic::TypedBaggage(context))
    );

    let mut bad = tonic::Request::new(());
    bad.metadata_mut()
        .insert("baggage", "user_id=x,user_tier=free".parse().unwrap());
    let status = server(bad).unwrap_err();
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
    assert_eq!(
        status.message(),
        "invalid baggage: baggage key `user_id` has value \"x\": expected u64: not a decimal integer"
    );
}
