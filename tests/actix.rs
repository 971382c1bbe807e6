//! actix-web: the extractors and the middleware, driven by `actix_web::test`.
#![cfg(feature = "actix-web")]

use std::net::SocketAddr;

use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::{test, web, App, HttpMessage, HttpRequest};
use baggage::actix::{BaggageMiddleware, InboundBaggage, OptionalBaggage, TypedBaggage};
use baggage::policy::trust::TrustPolicy;
use baggage::{Baggage, BaggageValue};

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Tier {
    Free,
    Premium,
}

#[derive(Debug, Clone, PartialEq, Baggage)]
struct RequestContext {
    user_id: u64,
    #[baggage(alias = "tier")]
    user_tier: Tier,
    #[baggage(default)]
    is_beta: bool,
}

async fn required(TypedBaggage(context): TypedBaggage<RequestContext>) -> String {
    format!("{context:?}")
}

async fn optional(OptionalBaggage(context): OptionalBaggage<RequestContext>) -> String {
    format!("{context:?}")
}

/// actix-web's own `Option` of the extractor, to pin what it does.
async fn actix_option(context: Option<TypedBaggage<RequestContext>>) -> String {
    format!("{:?}", context.map(|TypedBaggage(context)| context))
}

/// What the middleware left: the header and the record in the extensions.
async fn inbound(request: HttpRequest) -> String {
    let header = request
        .headers()
        .get("baggage")
        .map_or("<none>", |value| value.to_str().unwrap_or("<not ascii>"))
        .to_owned();
    let extensions = request.extensions();
    let inbound = extensions
        .get::<InboundBaggage>()
        .expect("the middleware ran");
    let dropped: Vec<String> = inbound
        .dropped
        .iter()
        .map(|dropped| format!("{}:{:?}", dropped.key, dropped.reason))
        .collect();
    format!(
        "header={header} dropped={dropped:?} malformed={} decoded={}",
        inbound.malformed.len(),
        extensions.get::<TypedBaggage<RequestContext>>().is_some(),
    )
}

fn app() -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .route("/required", web::get().to(required))
        .route("/optional", web::get().to(optional))
        .route("/actix-option", web::get().to(actix_option))
}

/// Calls `$app` at `$path` with the `baggage` header lines `$lines`: the status and the body.
macro_rules! get {
    ($app:expr, $path:expr, $lines:expr) => {{
        let mut request = test::TestRequest::get().uri($path);
        let lines: &[&str] = $lines;
        for line in lines {
            request = request.append_header(("baggage", *line));
        }
        let response = test::call_service($app, request.to_request()).await;
        let status = response.status();
        let body = test::read_body(response).await;
        (status, String::from_utf8_lossy(&body).into_owned())
    }};
}

const PREMIUM: &str = "RequestContext { user_id: 7, user_tier: Premium, is_beta: false }";

#[actix_web::test]
async fn the_extractor_reads_one_line_and_several_lines_as_one_list() {
    let app = test::init_service(app()).await;
    assert_eq!(
        get!(&app, "/required", &["user_id=7,user_tier=premium"]),
        (StatusCode::OK, PREMIUM.to_owned())
    );
    assert_eq!(
        get!(&app, "/required", &["vendor=x,user_id=7", "tier=premium"]),
        (StatusCode::OK, PREMIUM.to_owned())
    );
}

#[actix_web::test]
async fn a_request_whose_baggage_does_not_decode_is_a_400_naming_the_key() {
    let app = test::init_service(app()).await;
    let (status, body) = get!(&app, "/required", &["user_id=seven,user_tier=free"]);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.starts_with("invalid baggage: "), "{body}");
    assert!(body.contains("`user_id`"), "{body}");
    let (status, body) = get!(&app, "/required", &["user_id=7"]);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("`user_tier`"), "{body}");
    let (status, body) = get!(&app, "/required", &[]);
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[actix_web::test]
async fn the_optional_extractor_is_none_only_when_no_member_is_there() {
    let app = test::init_service(app()).await;
    assert_eq!(
        get!(&app, "/optional", &["vendor=x"]),
        (StatusCode::OK, "None".to_owned())
    );
    assert_eq!(
        get!(&app, "/optional", &[]),
        (StatusCode::OK, "None".to_owned())
    );
    assert_eq!(
        get!(&app, "/optional", &["user_id=7,user_tier=premium"]),
        (StatusCode::OK, format!("Some({PREMIUM})"))
    );
    // Part of the struct is there (under an alias, too): the missing key is named.
    for line in ["user_id=7", "tier=free", "is_beta=true"] {
        let (status, body) = get!(&app, "/optional", &[line]);
        assert_eq!(status, StatusCode::BAD_REQUEST, "{line}: {body}");
    }
    // A present but invalid member is not "no baggage".
    let (status, body) = get!(&app, "/optional", &["user_id=7,user_tier=gold"]);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("`user_tier`"), "{body}");
}

#[actix_web::test]
async fn actix_webs_own_option_turns_every_error_into_none() {
    // actix-web's rule, not this crate's: why `OptionalBaggage` exists.
    let app = test::init_service(app()).await;
    assert_eq!(
        get!(&app, "/actix-option", &["user_id=7,user_tier=gold"]),
        (StatusCode::OK, "None".to_owned())
    );
    assert_eq!(
        get!(&app, "/actix-option", &["user_id=7,user_tier=free"]).1,
        "Some(RequestContext { user_id: 7, user_tier: Free, is_beta: false })"
    );
}

#[actix_web::test]
async fn the_middleware_applies_the_policy_and_rewrites_the_header() {
    let policy = TrustPolicy::allow_keys(RequestContext::SCHEMA, &["user_id", "user_tier"])
        .expect("keys of the struct");
    let app = test::init_service(
        App::new()
            .wrap(BaggageMiddleware::<RequestContext>::new(policy))
            .route("/inbound", web::get().to(inbound))
            .route("/required", web::get().to(required)),
    )
    .await;
    let (status, body) = get!(
        &app,
        "/inbound",
        &["user_id=7,is_beta=true,vendor=x", "user_tier=premium,bad"]
    );
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        "header=user_id=7,user_tier=premium \
         dropped=[\"is_beta:NotAllowed\", \"vendor:NotAllowed\"] malformed=1 decoded=true"
    );
    // The extractor reads what the middleware kept: `is_beta` was dropped, so it is the default.
    assert_eq!(
        get!(
            &app,
            "/required",
            &["user_id=7,is_beta=true,user_tier=premium"]
        ),
        (StatusCode::OK, PREMIUM.to_owned())
    );
}

#[actix_web::test]
async fn a_header_nothing_was_dropped_from_goes_on_as_it_came() {
    let app = test::init_service(
        App::new()
            .wrap(BaggageMiddleware::<RequestContext>::new(
                TrustPolicy::Trusted,
            ))
            .route("/inbound", web::get().to(inbound)),
    )
    .await;
    let (status, body) = get!(&app, "/inbound", &["user_id=7 , user_tier=free;p=1"]);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        "header=user_id=7 , user_tier=free;p=1 dropped=[] malformed=0 decoded=true"
    );
}

#[actix_web::test]
async fn behind_the_middleware_the_extractor_reports_the_readers_error_not_a_missing_key() {
    let app = test::init_service(
        App::new()
            .wrap(BaggageMiddleware::<RequestContext>::new(
                TrustPolicy::Trusted,
            ))
            .route("/required", web::get().to(required)),
    )
    .await;
    let header = "user_id=7,user_tier=%zz";
    let (status, body) = get!(&app, "/required", &[header]);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let direct = RequestContext::from_header(header).unwrap_err();
    assert_eq!(body, format!("invalid baggage: {direct}"));
}

#[actix_web::test]
async fn a_policy_per_request_from_the_peer_address() {
    let app = test::init_service(
        App::new()
            .wrap(BaggageMiddleware::<RequestContext>::per_request(
                |request| match request.peer_addr() {
                    Some(peer) if peer.ip().is_loopback() => TrustPolicy::Trusted,
                    _ => TrustPolicy::DropAll,
                },
            ))
            .route("/inbound", web::get().to(inbound)),
    )
    .await;
    let call = |peer: &str| {
        test::TestRequest::get()
            .uri("/inbound")
            .peer_addr(peer.parse::<SocketAddr>().expect("address"))
            .insert_header(("baggage", "user_id=7,user_tier=free"))
            .to_request()
    };
    let body = test::call_and_read_body(&app, call("127.0.0.1:4000")).await;
    assert_eq!(
        body,
        "header=user_id=7,user_tier=free dropped=[] malformed=0 decoded=true"
    );
    let body = test::call_and_read_body(&app, call("203.0.113.9:4000")).await;
    let body = String::from_utf8_lossy(&body);
    assert!(
        body.starts_with("header=<none> dropped=[\"user_id:Untrusted\""),
        "{body}"
    );
    assert!(body.ends_with("decoded=false"), "{body}");
}
