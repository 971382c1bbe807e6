//! Where the features meet: what a user gets when one feature's input is another's output.
//! Each test states the expectation and checks it; the crate docs' "What happens when" table
//! lists the same situations.
#![cfg(all(
    feature = "axum",
    feature = "tower",
    feature = "tonic",
    feature = "opentelemetry"
))]

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::routing::get;
use axum::Router;
use baggage::axum::TypedBaggage;
use baggage::otel::ContextExt;
use baggage::policy::trust::TrustPolicy;
use baggage::tower::{ClientBaggageLayer, OnEncodeError, ServerBaggageLayer};
use baggage::{
    Baggage, BaggageValue, DecodeError, EncodeError, ParseErrorKind, StringBaggage, ValueError,
};
use http::{HeaderMap, Request, Response, StatusCode};
use http_body_util::BodyExt;
use tower::{service_fn, ServiceBuilder, ServiceExt};

#[derive(Debug, Clone, PartialEq, Eq, BaggageValue)]
enum Tier {
    Free,
    Premium,
    #[baggage(other)]
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Baggage)]
struct Flags {
    #[baggage(default)]
    is_premium: bool,
    count: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Baggage)]
struct Request1 {
    user_id: u64,
    #[baggage(default)]
    features: Vec<String>,
    #[baggage(flatten)]
    flags: Flags,
}

/// 200 members nobody reads, then `tail`.
fn over_member_limit(tail: &str) -> String {
    let mut header: Vec<String> = (0..200).map(|i| format!("k{i}=v")).collect();
    header.push(tail.to_owned());
    header.join(",")
}

async fn body_text(response: Response<Body>) -> (StatusCode, String) {
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

fn get_with_baggage(header: &str) -> Request<Body> {
    Request::builder()
        .uri("/")
        .header("baggage", header)
        .body(Body::empty())
        .unwrap()
}

// --- the spec's decoding rules meet typed fields ------------------------------------------

#[test]
fn octets_that_are_not_utf8_reach_a_string_field_as_replacement_characters() {
    #[derive(Debug, Baggage)]
    struct Note {
        #[baggage(default)]
        note: String,
    }
    assert_eq!(Note::from_header("note=%C3%28").unwrap().note, "\u{FFFD}(");
    // The strict parse accepts it too, and the property value decodes the same way.
    let strict = StringBaggage::parse("note=%C3%28;p=%FF").unwrap();
    assert_eq!(strict.get("note"), Some("\u{FFFD}("));
    let property = &strict.get_member("note").unwrap().properties()[0];
    assert_eq!(property.value(), Some("\u{FFFD}"));
    // Malformed escapes stay errors, and the default is not read in their place.
    assert!(matches!(
        Note::from_header("note=%ZZ"),
        Err(DecodeError::Header(error)) if *error.kind() == ParseErrorKind::MalformedEscape
    ));
}

#[test]
fn an_empty_value_is_none_for_an_optional_number_and_empty_text_for_optional_text() {
    #[derive(Debug, Baggage)]
    struct Optional {
        count: Option<u64>,
        label: Option<String>,
    }
    let read = Optional::from_header("count=,label=").unwrap();
    assert_eq!(read.count, None);
    assert_eq!(read.label.as_deref(), Some(""));
    let through_baggage = Optional::from_baggage(&StringBaggage::parse("count=").unwrap()).unwrap();
    assert_eq!(through_baggage.count, None);
    // Present and not a number is still an error.
    assert!(Optional::from_header("count=x").is_err());
}

// --- pass-through × properties, duplicates, several lines, lenient drops -------------------

#[test]
fn a_python_value_passes_through_a_rust_hop_byte_for_byte() {
    // Python's propagator form-encodes `a b+c` as `a+b%2Bc`; the next Python service must read
    // `a b+c` again, so the Rust hop in between may not re-encode it.
    let inbound = "note=a+b%2Bc,vendor=x;ttl=30;flag, spaced = y%20z ,note=again";
    let mut baggage = StringBaggage::parse(inbound).unwrap();
    Flags {
        is_premium: true,
        count: Some(2),
    }
    .write_to(&mut baggage)
    .unwrap();
    assert_eq!(
        baggage.to_header(),
        "note=a+b%2Bc,vendor=x;ttl=30;flag,spaced = y%20z,note=again,is_premium=true,count=2"
    );
}

#[test]
fn changing_a_member_reencodes_that_member_only() {
    let mut baggage = StringBaggage::parse("a=x+y,count=1,b=%7e").unwrap();
    Flags {
        is_premium: false,
        count: Some(5),
    }
    .write_to(&mut baggage)
    .unwrap();
    assert_eq!(baggage.to_header(), "a=x+y,count=5,b=%7e,is_premium=false");
    // Unchanged values keep their bytes even when this crate would write them differently.
    let mut same = StringBaggage::parse("count=1,is_premium=true").unwrap();
    Flags {
        is_premium: true,
        count: Some(1),
    }
    .write_to(&mut same)
    .unwrap();
    assert_eq!(same.to_header(), "count=1,is_premium=true");
}

#[test]
fn several_header_lines_pass_through_as_one_line_with_their_bytes() {
    let mut headers = HeaderMap::new();
    headers.append("baggage", "note=a+b".parse().unwrap());
    headers.append("baggage", "vendor=x%3Dy;p".parse().unwrap());
    baggage::http::inject(
        &mut headers,
        &Flags {
            is_premium: true,
            count: None,
        },
    )
    .unwrap();
    assert_eq!(headers.get_all("baggage").iter().count(), 1);
    assert_eq!(
        headers["baggage"],
        "note=a+b,vendor=x%3Dy;p,is_premium=true"
    );
}

#[test]
fn a_lenient_read_drops_only_the_malformed_member_and_passes_the_rest_on() {
    let (mut baggage, errors) = StringBaggage::parse_lenient("a=1+1,bad key=2,c=%zz,d=x%2Cy");
    assert_eq!(errors.len(), 2);
    assert_eq!(baggage.read_errors(), errors.as_slice());
    Flags {
        is_premium: true,
        count: None,
    }
    .write_to(&mut baggage)
    .unwrap();
    assert_eq!(baggage.to_header(), "a=1+1,d=x%2Cy,is_premium=true");
}

/// `write_to` leaves baggage that already says the struct as it is, and only that: an `Option`
/// field that is `None` still removes its key, a duplicate of one of its keys is still
/// collapsed, and a flattened struct's members are compared too.
#[test]
fn write_to_changes_nothing_only_when_everything_is_already_said() {
    let request = Request1 {
        user_id: 1,
        features: vec!["a".into()],
        flags: Flags {
            is_premium: true,
            count: None,
        },
    };
    let write = |header: &str| {
        let mut baggage = StringBaggage::parse(header).unwrap();
        request.write_to(&mut baggage).unwrap();
        baggage.to_header()
    };
    // Already said, with a vendor member and a property of its own: every member kept as it
    // came (only the whitespace between members goes, as `to_header` writes).
    assert_eq!(
        write("user_id=1 , features=a;p=1,v=1,is_premium=true"),
        "user_id=1,features=a;p=1,v=1,is_premium=true"
    );
    // `count` is `None`: its key goes.
    assert_eq!(
        write("user_id=1,features=a,is_premium=true,count=3"),
        "user_id=1,features=a,is_premium=true"
    );
    // A duplicate of a key with the same value: one member remains.
    assert_eq!(
        write("user_id=1,user_id=1,features=a,is_premium=true"),
        "user_id=1,features=a,is_premium=true"
    );
    // A flattened member that differs is written.
    assert_eq!(
        write("user_id=1,features=a,is_premium=false"),
        "user_id=1,features=a,is_premium=true"
    );
}

#[tokio::test]
async fn the_server_layer_passes_bytes_it_keeps_on_unchanged() {
    async fn echo(request: Request<()>) -> Result<Response<String>, Infallible> {
        let header = request.headers()["baggage"].to_str().unwrap().to_owned();
        Ok(Response::new(header))
    }
    let through_the_layer = |header: &'static str| {
        let service = ServiceBuilder::new()
            .layer(ServerBaggageLayer::<Request1>::new(TrustPolicy::Trusted))
            .service(service_fn(echo));
        let request = Request::builder()
            .header("baggage", header)
            .body(())
            .unwrap();
        async move { service.oneshot(request).await.unwrap().into_body() }
    };
    // Nothing dropped: the header goes on as it came.
    assert_eq!(
        through_the_layer("user_id=1, note = a+b ;p=%7E").await,
        "user_id=1, note = a+b ;p=%7E"
    );
    // A malformed member dropped: the header is rewritten, each kept member with its own bytes.
    assert_eq!(
        through_the_layer("user_id=1, bad key=2, note = a+b ;p=%7E").await,
        "user_id=1,note = a+b ;p=%7E"
    );
}

// --- lists that other SDKs read ------------------------------------------------------------

#[test]
fn a_list_without_literal_commas_reads_the_same_in_an_sdk_that_splits_by_hand() {
    let request = Request1 {
        user_id: 1,
        features: vec!["50%".into(), "%2C".into(), "a,b".into(), "plain".into()],
        flags: Flags {
            is_premium: false,
            count: None,
        },
    };
    let header = request.to_header().unwrap();
    assert_eq!(
        header,
        "user_id=1,features=50%25%2C%25252C%2Ca%252Cb%2Cplain,is_premium=false"
    );
    let baggage = StringBaggage::parse(&header).unwrap();
    // What Python's and Node's `value.split(",")` read: the same items, but for the one that
    // holds a comma, which they read as `a%2Cb`.
    let split: Vec<&str> = baggage.get("features").unwrap().split(',').collect();
    assert_eq!(split, ["50%", "%252C", "a%2Cb", "plain"]);
    assert_eq!(Request1::from_header(&header).unwrap(), request);
}

// --- limits × default, Option, flatten, layer, extractor -------------------------------------

#[test]
fn a_member_past_the_limits_is_not_read_as_a_default_or_none() {
    let header = over_member_limit("user_id=1,is_premium=true");
    for result in [
        Request1::from_header(&header).map(|_| ()),
        Flags::from_header(&header).map(|_| ()),
        Request1::from_baggage(&StringBaggage::parse_lenient(&header).0).map(|_| ()),
    ] {
        match result {
            Err(DecodeError::CutByLimit { key, limit }) => {
                assert!(["user_id", "is_premium", "count"].contains(&key), "{key}");
                assert_eq!(*limit.kind(), ParseErrorKind::TooManyMembers { limit: 180 });
            }
            other => panic!("expected the limit, got {other:?}"),
        }
    }
    // One typed key reads the same.
    let (baggage, _) = StringBaggage::parse_lenient(&header);
    assert!(matches!(
        Flags::COUNT.get(&baggage),
        Err(DecodeError::CutByLimit { key: "count", .. })
    ));
    // A struct whose members all came before the cut reads them.
    let early = format!("is_premium=true,count=3,{header}");
    assert_eq!(
        Flags::from_header(&early).unwrap(),
        Flags {
            is_premium: true,
            count: Some(3)
        }
    );
}

#[test]
fn the_error_says_which_limit_and_where() {
    let header = over_member_limit("is_premium=true");
    let error = Flags::from_header(&header).unwrap_err();
    assert_eq!(
        error.to_string(),
        "baggage key `is_premium` is not among the members read, and may be among those a limit \
         dropped: baggage has more than 180 members; member 180 and the ones after it are dropped"
    );
}

#[tokio::test]
async fn the_extractor_and_the_server_layer_give_the_error_from_header_gives() {
    async fn handler(TypedBaggage(flags): TypedBaggage<Flags>) -> String {
        format!("{flags:?}")
    }
    let header = over_member_limit("is_premium=true");
    let expected = format!(
        "invalid baggage: {}",
        Flags::from_header(&header).unwrap_err()
    );
    let plain = Router::new().route("/", get(handler));
    let layered = Router::new()
        .route("/", get(handler))
        .layer(ServerBaggageLayer::<Flags>::new(TrustPolicy::Trusted));
    for app in [plain, layered] {
        let response = app.oneshot(get_with_baggage(&header)).await.unwrap();
        assert_eq!(
            body_text(response).await,
            (StatusCode::BAD_REQUEST, expected.clone())
        );
    }
}

// --- Option<TypedBaggage<T>> -------------------------------------------------------------------

#[tokio::test]
async fn an_optional_extractor_is_none_only_when_no_member_is_present() {
    async fn handler(context: Option<TypedBaggage<Request1>>) -> String {
        match context {
            Some(TypedBaggage(context)) => format!("user {}", context.user_id),
            None => "none".to_owned(),
        }
    }
    for layered in [false, true] {
        let app = Router::new().route("/", get(handler));
        let app = match layered {
            true => app.layer(ServerBaggageLayer::<Request1>::new(TrustPolicy::Trusted)),
            false => app,
        };
        let cases = [
            ("other=1", StatusCode::OK, "none".to_owned()),
            ("user_id=7", StatusCode::OK, "user 7".to_owned()),
            (
                "count=3",
                StatusCode::BAD_REQUEST,
                "invalid baggage: baggage key `user_id` is required but absent".to_owned(),
            ),
            (
                "user_id=x",
                StatusCode::BAD_REQUEST,
                "invalid baggage: baggage key `user_id` has value \"x\": expected u64: not a decimal integer"
                    .to_owned(),
            ),
        ];
        for (header, status, body) in cases {
            let response = app.clone().oneshot(get_with_baggage(header)).await.unwrap();
            assert_eq!(
                body_text(response).await,
                (status, body),
                "{header}, layered: {layered}"
            );
        }
    }
}

/// A member under an alias counts as present: the optional extractor rejects a struct that has
/// one of its members under an alias and misses another, rather than reading it as `None`.
#[tokio::test]
async fn an_optional_extractor_counts_alias_members() {
    #[derive(Debug, Clone, Baggage)]
    struct Migrating {
        #[baggage(alias = "tier")]
        user_tier: String,
        user_id: u64,
    }

    async fn handler(context: Option<TypedBaggage<Migrating>>) -> String {
        match context {
            Some(TypedBaggage(context)) => format!("{} {}", context.user_id, context.user_tier),
            None => "none".to_owned(),
        }
    }
    for layered in [false, true] {
        let app = Router::new().route("/", get(handler));
        let app = match layered {
            true => app.layer(ServerBaggageLayer::<Migrating>::new(TrustPolicy::Trusted)),
            false => app,
        };
        let cases = [
            ("other=1", StatusCode::OK, "none".to_owned()),
            ("tier=pro,user_id=7", StatusCode::OK, "7 pro".to_owned()),
            (
                "tier=pro",
                StatusCode::BAD_REQUEST,
                "invalid baggage: baggage key `user_id` is required but absent".to_owned(),
            ),
        ];
        for (header, status, body) in cases {
            let response = app.clone().oneshot(get_with_baggage(header)).await.unwrap();
            assert_eq!(
                body_text(response).await,
                (status, body),
                "{header}, layered: {layered}"
            );
        }
    }
}

// --- encode errors × to_header, write_to, Key::set, http, tonic, tower, OpenTelemetry ---------

#[derive(Debug, Clone, PartialEq, Baggage)]
struct Outbound {
    user_id: u64,
    #[baggage(default)]
    note: String,
}

fn leaking() -> Outbound {
    Outbound {
        user_id: 1,
        note: "ana@example.com".into(),
    }
}

#[test]
fn an_encode_error_changes_nothing_wherever_it_is_written() {
    let inbound = "vendor=x+y";
    assert!(matches!(
        leaking().to_header(),
        Err(EncodeError::Pii { key: "note", .. })
    ));

    let mut baggage = StringBaggage::parse(inbound).unwrap();
    assert!(leaking().write_to(&mut baggage).is_err());
    assert!(Outbound::NOTE
        .set(&mut baggage, &"ana@example.com".to_owned())
        .is_err());
    assert_eq!(baggage.to_header(), inbound);

    let mut headers = HeaderMap::new();
    headers.insert("baggage", inbound.parse().unwrap());
    assert!(baggage::http::inject(&mut headers, &leaking()).is_err());
    assert_eq!(headers["baggage"], inbound);

    let mut metadata = tonic::metadata::MetadataMap::new();
    metadata.insert("baggage", inbound.parse().unwrap());
    assert!(baggage::tonic::inject(&mut metadata, &leaking()).is_err());
    assert_eq!(metadata.get("baggage").unwrap(), inbound);
    let mut interceptor = baggage::tonic::client_interceptor(leaking());
    let status = interceptor(tonic::Request::new(())).unwrap_err();
    assert_eq!(status.code(), tonic::Code::Internal);
    assert!(status.message().contains("`note`"), "{}", status.message());

    let cx = opentelemetry::Context::new();
    assert!(matches!(
        cx.with_typed_baggage(&leaking()),
        Err(EncodeError::Pii { key: "note", .. })
    ));
}

#[test]
fn an_enum_catch_all_is_scanned_as_its_text_is() {
    #[derive(Debug, Baggage)]
    struct Tiered {
        tier: Tier,
    }
    let error = Tiered {
        tier: Tier::Other("ana@example.com".into()),
    }
    .to_header()
    .unwrap_err();
    assert!(
        matches!(error, EncodeError::Pii { key: "tier", .. }),
        "{error}"
    );
    let header = Tiered {
        tier: Tier::Other("gold".into()),
    }
    .to_header()
    .unwrap();
    assert_eq!(header, "tier=gold");
}

/// A hand-written value that writes what the grammar does not allow raw.
#[derive(Debug, PartialEq)]
struct Raw(String);

impl BaggageValue for Raw {
    const TYPE_NAME: &'static str = "raw";

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        out.push_str(&self.0);
        Ok(())
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        Ok(Self(value.to_owned()))
    }
}

#[test]
fn whatever_a_manual_value_writes_parses_back_to_the_same_value() {
    #[derive(Debug, PartialEq, Baggage)]
    struct Manual {
        tags: Raw,
    }
    let manual = Manual {
        tags: Raw("a,b=c d;e%".into()),
    };
    let header = manual.to_header().unwrap();
    assert_eq!(header, "tags=a%2Cb%3Dc%20d%3Be%25");
    assert_eq!(
        StringBaggage::parse(&header).unwrap().get("tags"),
        Some("a,b=c d;e%")
    );
    assert_eq!(Manual::from_header(&header).unwrap(), manual);
}

#[derive(Clone, Default)]
struct ErrorEvents(Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut Vec<String>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push(format!("{}={value:?}", field.name()));
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.push(format!("{}={value}", field.name()));
    }
}

impl tracing::Subscriber for ErrorEvents {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let metadata = event.metadata();
        if *metadata.level() == tracing::Level::ERROR && metadata.target() == "baggage::tower" {
            self.0.fetch_add(1, Ordering::SeqCst);
            if let Ok(mut fields) = self.1.lock() {
                event.record(&mut Fields(&mut fields));
            }
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn the_client_layer_fails_the_call_or_sends_the_inbound_baggage_and_says_so() {
    let sent = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let recorder = {
        let sent = Arc::clone(&sent);
        move |request: Request<()>| {
            let sent = Arc::clone(&sent);
            async move {
                let header = request
                    .headers()
                    .get("baggage")
                    .map(|value| value.to_str().unwrap_or_default().to_owned())
                    .unwrap_or_default();
                sent.lock().unwrap().push(header);
                Ok::<_, Infallible>(Response::new(()))
            }
        }
    };
    let request = || {
        let mut request = Request::builder()
            .uri("http://orders.internal/")
            .header("baggage", "vendor=x+y")
            .body(())
            .unwrap();
        TypedBaggage::insert_into(leaking(), request.extensions_mut());
        request
    };

    // By default the call fails with the encode error and nothing is sent.
    let failing = ServiceBuilder::new()
        .layer(ClientBaggageLayer::<Outbound>::new(|_| true))
        .service(service_fn(recorder.clone()));
    let error = failing.oneshot(request()).await.unwrap_err();
    let error = error.downcast::<EncodeError>().unwrap();
    assert!(matches!(*error, EncodeError::Pii { key: "note", .. }));
    assert!(sent.lock().unwrap().is_empty());

    // Asked to, it sends the inbound baggage unchanged and emits an error event naming the key.
    let events = ErrorEvents::default();
    let _guard = tracing::subscriber::set_default(events.clone());
    let lenient = ServiceBuilder::new()
        .layer(
            ClientBaggageLayer::<Outbound>::new(|_| true)
                .on_encode_error(OnEncodeError::SendInbound),
        )
        .service(service_fn(recorder));
    lenient.oneshot(request()).await.unwrap();
    assert_eq!(*sent.lock().unwrap(), ["vendor=x+y"]);
    assert_eq!(events.0.load(Ordering::SeqCst), 1);
    let fields = events.1.lock().unwrap().join(" ");
    assert!(fields.contains("key=note"), "{fields}");
}

#[test]
fn with_typed_baggage_refuses_what_the_sdks_cap_would_drop() {
    use opentelemetry::baggage::BaggageExt;
    use opentelemetry::KeyValue;
    let full = opentelemetry::Context::new()
        .with_baggage((0..64).map(|i| KeyValue::new(format!("k{i}"), "v")));
    assert_eq!(full.baggage().len(), 64);
    let error = full
        .with_typed_baggage(&Outbound {
            user_id: 1,
            note: String::new(),
        })
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "baggage cannot be written: adding `user_id` would make more than 64 baggage members"
    );
    // Below the cap, every member arrives and reads back.
    let roomy = opentelemetry::Context::new()
        .with_baggage((0..10).map(|i| KeyValue::new(format!("k{i}"), "v")));
    let cx = roomy.with_typed_baggage(&leaking_free()).unwrap();
    assert_eq!(cx.typed_baggage::<Outbound>().unwrap(), leaking_free());
}

fn leaking_free() -> Outbound {
    Outbound {
        user_id: 9,
        note: "fine".into(),
    }
}

// --- flatten × trust policy, metric labels, schema, budget -------------------------------------

#[test]
fn flattened_fields_are_part_of_the_schema_the_trust_policy_and_the_budget() {
    let keys: Vec<&str> = Request1::SCHEMA
        .all_fields()
        .iter()
        .map(|field| field.key())
        .collect();
    assert_eq!(keys, ["user_id", "features", "is_premium", "count"]);
    let policy = TrustPolicy::allow_keys(Request1::SCHEMA, &["user_id", "count"]).unwrap();
    let mut baggage = StringBaggage::parse("user_id=1,is_premium=true,count=2,other=x").unwrap();
    let dropped = policy.apply(&mut baggage);
    assert_eq!(dropped.len(), 2);
    assert_eq!(baggage.to_header(), "user_id=1,count=2");
    // A flattened struct's members count against the outer struct's budget at run time.
    #[derive(Debug, Baggage)]
    #[baggage(budget = 24)]
    struct Small {
        #[baggage(default)]
        note: String,
        #[baggage(flatten)]
        flags: Flags,
    }
    let error = Small {
        note: "x".repeat(5),
        flags: Flags {
            is_premium: true,
            count: Some(12345),
        },
    }
    .to_header()
    .unwrap_err();
    assert!(
        matches!(error, EncodeError::OverBudget { budget: 24, .. }),
        "{error}"
    );
}

#[test]
fn flattened_metric_labels_are_metric_attributes() {
    #[derive(Debug, Baggage)]
    struct Labels {
        #[baggage(metric_label)]
        is_premium: bool,
    }
    #[derive(Debug, Baggage)]
    struct WithLabels {
        user_id: u64,
        #[baggage(flatten)]
        labels: Labels,
    }
    let attributes = baggage::otel::metric_attributes(&WithLabels {
        user_id: 1,
        labels: Labels { is_premium: true },
    })
    .unwrap();
    assert_eq!(attributes.len(), 1);
    assert_eq!(attributes[0].key.as_str(), "is_premium");
    assert_eq!(attributes[0].value, opentelemetry::Value::Bool(true));
}

/// An outer `prefix` does not apply to a flattened struct's keys, as serde's `flatten` applies
/// neither `rename_all` nor anything else of the outer container: the inner struct's keys are
/// its own, whoever embeds it.
#[test]
fn an_outer_prefix_leaves_flattened_keys_as_they_are() {
    #[derive(Debug, PartialEq, Baggage)]
    #[baggage(prefix = "app.")]
    struct Prefixed {
        user_id: u64,
        #[baggage(flatten)]
        flags: Flags,
    }
    let value = Prefixed {
        user_id: 1,
        flags: Flags {
            is_premium: true,
            count: None,
        },
    };
    let header = value.to_header().unwrap();
    assert_eq!(header, "app.user_id=1,is_premium=true");
    assert_eq!(Prefixed::from_header(&header).unwrap(), value);
}

/// Nor does an outer `rename_all`: the flattened struct's keys are named by its own attributes.
#[test]
fn an_outer_rename_all_leaves_flattened_keys_as_they_are() {
    #[derive(Debug, PartialEq, Baggage)]
    #[baggage(rename_all = "kebab-case")]
    struct Kebab {
        user_id: u64,
        #[baggage(flatten)]
        flags: Flags,
    }
    let keys: Vec<&str> = Kebab::SCHEMA
        .all_fields()
        .iter()
        .map(|field| field.key())
        .collect();
    assert_eq!(keys, ["user-id", "is_premium", "count"]);
}

/// A key longer than an error message shows (32 characters), or one holding a character the
/// message escapes (`'`), is still recognised in the parse error of its malformed member: the
/// field fails with that error in every reader, never reads as absent.
#[test]
fn a_malformed_member_of_a_long_or_escaped_key_is_not_read_as_absent() {
    #[derive(Debug, Baggage)]
    #[baggage(prefix = "com.example.checkout.")]
    struct Long {
        customer_tier: Option<String>,
        #[baggage(rename = "it's")]
        quoted: Option<u32>,
    }

    for header in [
        "com.example.checkout.customer_tier=%zz",
        "com.example.checkout.it's=%zz",
    ] {
        let direct = Long::from_header(header).unwrap_err();
        assert!(
            matches!(direct, DecodeError::Header(_)),
            "{header}: {direct:?}"
        );
        let (baggage, errors) = StringBaggage::parse_lenient(header);
        assert_eq!(errors.len(), 1, "{header}");
        let through = Long::from_baggage(&baggage).unwrap_err();
        assert!(
            matches!(through, DecodeError::Header(_)),
            "{header}: {through:?}"
        );
        // What the message shows is still the escaped, truncated preview.
        let shown = errors[0].key().unwrap_or_default();
        assert!(shown.len() <= 40, "{shown}");
    }
    let key = Long::CUSTOMER_TIER;
    let (baggage, _) = StringBaggage::parse_lenient("com.example.checkout.customer_tier=%zz");
    assert!(matches!(key.get(&baggage), Err(DecodeError::Header(_))));
}

// --- a header line with bytes that are not ASCII ------------------------------------------

/// A client that sent raw UTF-8: the member holding it is malformed and reported; the line's
/// other members are kept, by every reader of headers.
#[tokio::test]
async fn a_line_with_raw_utf8_loses_only_the_member_that_holds_it() {
    use baggage::tower::InboundBaggage;

    let line = http::HeaderValue::from_bytes("user_id=7,note=café,vendor=x".as_bytes()).unwrap();
    let mut headers = HeaderMap::new();
    headers.append("baggage", line.clone());
    headers.append("baggage", http::HeaderValue::from_static("count=2"));

    let (baggage, errors) = baggage::http::string_baggage(&headers);
    assert_eq!(baggage.get("user_id"), Some("7"));
    assert_eq!(baggage.get("vendor"), Some("x"));
    assert_eq!(baggage.get("count"), Some("2"));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].key(), Some("note"));
    let read: Request1 = baggage::http::extract(&headers).unwrap();
    assert_eq!((read.user_id, read.flags.count), (7, Some(2)));

    // The server layer keeps the rest, passes it on, and records what it dropped.
    let service = ServiceBuilder::new()
        .layer(ServerBaggageLayer::<Request1>::new(TrustPolicy::Trusted))
        .service(service_fn(|request: Request<()>| async move {
            let inbound = request.extensions().get::<InboundBaggage>().cloned();
            let header = request.headers()["baggage"].to_str().unwrap().to_owned();
            Ok::<_, std::convert::Infallible>((inbound, header))
        }));
    let mut request = Request::builder().body(()).unwrap();
    *request.headers_mut() = headers;
    let (inbound, header) = service.oneshot(request).await.unwrap();
    let inbound = inbound.unwrap();
    assert_eq!(header, "user_id=7,vendor=x,count=2");
    assert_eq!(inbound.malformed.len(), 1);
    assert_eq!(inbound.malformed[0].key(), Some("note"));
    assert!(inbound.decode_error.is_none());

    // tonic metadata, likewise.
    let mut metadata = tonic::metadata::MetadataMap::new();
    metadata.append(
        "baggage",
        tonic::metadata::MetadataValue::try_from(line.as_bytes()).unwrap(),
    );
    let read = baggage::tonic::string_baggage(&metadata);
    assert_eq!(read.get("user_id"), Some("7"));
    assert_eq!(read.read_errors().len(), 1);
}
