//! reqwest: the request-builder extension and the middleware, against a real axum server on
//! loopback.
#![cfg(all(feature = "reqwest-middleware", feature = "opentelemetry"))]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use baggage::axum::TypedBaggage;
use baggage::reqwest::{BaggageMiddleware, Error, RequestBuilderExt};
use baggage::{Baggage, EncodeError};
use opentelemetry::baggage::BaggageExt;
use opentelemetry::{Context, KeyValue};

#[derive(Debug, Clone, PartialEq, Baggage)]
struct RequestContext {
    user_id: u64,
    #[baggage(default)]
    score: f64,
    #[baggage(internal)]
    routing_hint: Option<String>,
}

fn context() -> RequestContext {
    RequestContext {
        user_id: 7,
        score: 0.5,
        routing_hint: Some("eu-1".into()),
    }
}

/// Requests to paths under `/inside` are inside the trust boundary.
fn inside(url: &reqwest::Url) -> bool {
    url.path().starts_with("/inside")
}

struct Server {
    address: SocketAddr,
    hits: Arc<AtomicUsize>,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

/// Every `baggage` line the server received, one per line of the body.
async fn echo(State(hits): State<Arc<AtomicUsize>>, headers: HeaderMap) -> String {
    hits.fetch_add(1, Ordering::SeqCst);
    headers
        .get_all("baggage")
        .iter()
        .map(|value| value.to_str().unwrap_or("<not ascii>"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The struct as the axum extractor reads it.
async fn typed(
    State(hits): State<Arc<AtomicUsize>>,
    TypedBaggage(context): TypedBaggage<RequestContext>,
) -> String {
    hits.fetch_add(1, Ordering::SeqCst);
    format!("{context:?}")
}

async fn start() -> Server {
    let hits = Arc::new(AtomicUsize::new(0));
    let router = Router::new()
        .route("/inside/echo", get(echo))
        .route("/outside/echo", get(echo))
        .route("/inside/typed", get(typed))
        .with_state(Arc::clone(&hits));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    Server { address, hits }
}

async fn body(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 200);
    response.text().await.expect("body")
}

#[tokio::test]
async fn builder_writes_every_field_inside_the_boundary() {
    let server = start().await;
    let client = reqwest::Client::new();
    let request = client.get(server.url("/inside/echo"));
    let response = request.baggage(&context(), inside).unwrap().send().await;
    assert_eq!(
        body(response.unwrap()).await,
        "user_id=7,score=0.5,routing_hint=eu-1"
    );
}

#[tokio::test]
async fn builder_strips_internal_fields_outside_the_boundary() {
    let server = start().await;
    let client = reqwest::Client::new();
    let request = client.get(server.url("/outside/echo"));
    let response = request.baggage(&context(), inside).unwrap().send().await;
    assert_eq!(body(response.unwrap()).await, "user_id=7,score=0.5");
}

#[tokio::test]
async fn builder_merges_into_the_lines_already_set_and_leaves_one() {
    let server = start().await;
    let client = reqwest::Client::new();
    let request = client
        .get(server.url("/outside/echo"))
        .header("baggage", "vendor=x,user_id=1")
        .header("baggage", "routing_hint=from-upstream");
    let response = request.baggage(&context(), inside).unwrap().send().await;
    // The struct's key replaces the member of the same key; the internal key is stripped
    // whoever wrote it, as the tower client layer does.
    assert_eq!(
        body(response.unwrap()).await,
        "vendor=x,user_id=7,score=0.5"
    );
}

#[tokio::test]
async fn the_axum_extractor_reads_what_the_builder_wrote() {
    let server = start().await;
    let client = reqwest::Client::new();
    let request = client.get(server.url("/inside/typed"));
    let response = request.baggage(&context(), inside).unwrap().send().await;
    assert_eq!(body(response.unwrap()).await, format!("{:?}", context()));
}

#[tokio::test]
async fn a_struct_that_cannot_be_written_is_an_error_and_nothing_is_sent() {
    let server = start().await;
    let client = reqwest::Client::new();
    let bad = RequestContext {
        score: f64::NAN,
        ..context()
    };
    let error = client
        .get(server.url("/inside/echo"))
        .baggage(&bad, inside)
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Encode(EncodeError::InvalidValue { key: "score", .. })
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("`score`"), "{error}");
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn a_builder_that_already_failed_reports_reqwests_error() {
    let client = reqwest::Client::new();
    let error = client
        .get("not a url")
        .baggage(&context(), inside)
        .unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error:?}");
    assert!(
        error.to_string().starts_with("request not built"),
        "{error}"
    );
}

#[tokio::test]
async fn context_baggage_sends_every_member_of_the_context() {
    let server = start().await;
    let cx = Context::new().with_baggage([
        KeyValue::new("tenant", "acme"),
        KeyValue::new("user_id", "3"),
    ]);
    let client = reqwest::Client::new();
    let request = client
        .get(server.url("/outside/echo"))
        .header("baggage", "vendor=x")
        .context_baggage(&cx)
        .unwrap();
    // The context's members after the request's own (sorted: the SDK's map has no order).
    assert_eq!(
        body(request.send().await.unwrap()).await,
        "vendor=x,tenant=acme,user_id=3"
    );
    // And the typed struct on top of it: its key replaces the context's.
    let request = client
        .get(server.url("/outside/echo"))
        .context_baggage(&cx)
        .unwrap()
        .baggage(&context(), inside)
        .unwrap();
    assert_eq!(
        body(request.send().await.unwrap()).await,
        "tenant=acme,user_id=7,score=0.5"
    );
}

fn middleware_client() -> reqwest_middleware::ClientWithMiddleware {
    reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(BaggageMiddleware::<RequestContext>::new(inside))
        .build()
}

#[tokio::test]
async fn middleware_writes_the_struct_of_the_request_extensions() {
    let server = start().await;
    let client = middleware_client();
    let inside_response = client
        .get(server.url("/inside/echo"))
        .with_extension(baggage::http::TypedBaggage(context()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        body(inside_response).await,
        "user_id=7,score=0.5,routing_hint=eu-1"
    );
    let outside_response = client
        .get(server.url("/outside/echo"))
        .header("baggage", "vendor=x")
        .with_extension(baggage::http::TypedBaggage(context()))
        .send()
        .await
        .unwrap();
    assert_eq!(body(outside_response).await, "vendor=x,user_id=7,score=0.5");
}

#[tokio::test]
async fn middleware_leaves_a_request_without_the_struct_as_it_is() {
    let server = start().await;
    let client = middleware_client();
    let response = client
        .get(server.url("/inside/echo"))
        .header("baggage", "vendor=x")
        .header("baggage", "b=2")
        .send()
        .await
        .unwrap();
    assert_eq!(body(response).await, "vendor=x\nb=2");
}

#[tokio::test]
async fn middleware_fails_a_struct_that_cannot_be_written_before_sending() {
    let server = start().await;
    let client = middleware_client();
    let bad = RequestContext {
        score: f64::INFINITY,
        ..context()
    };
    let error = client
        .get(server.url("/inside/echo"))
        .with_extension(baggage::http::TypedBaggage(bad))
        .send()
        .await
        .unwrap_err();
    let reqwest_middleware::Error::Middleware(error) = error else {
        panic!("expected the middleware's error, got {error:?}");
    };
    assert!(
        matches!(
            error.downcast_ref::<EncodeError>(),
            Some(EncodeError::InvalidValue { key: "score", .. })
        ),
        "{error:?}"
    );
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn middleware_merges_the_current_context_and_strips_its_internal_keys_outside() {
    let server = start().await;
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(BaggageMiddleware::<RequestContext>::new(inside).with_current_context())
        .build();
    let cx = Context::new().with_baggage([
        KeyValue::new("tenant", "acme"),
        KeyValue::new("routing_hint", "from-context"),
    ]);
    // The test runs on one thread, so the context attached here is current in the middleware.
    let _guard = cx.attach();
    let inside_response = client.get(server.url("/inside/echo")).send().await.unwrap();
    assert_eq!(
        body(inside_response).await,
        "routing_hint=from-context,tenant=acme"
    );
    let outside_response = client
        .get(server.url("/outside/echo"))
        .with_extension(baggage::http::TypedBaggage(RequestContext {
            routing_hint: None,
            ..context()
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        body(outside_response).await,
        "tenant=acme,user_id=7,score=0.5"
    );
}

#[tokio::test]
async fn the_builder_extension_works_on_the_middleware_client_too() {
    let server = start().await;
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new()).build();
    let request = client
        .get(server.url("/outside/echo"))
        .baggage(&context(), inside)
        .unwrap();
    assert_eq!(
        body(request.send().await.unwrap()).await,
        "user_id=7,score=0.5"
    );
}
