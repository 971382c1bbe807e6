//! The soak: the checkout services on loopback under concurrent clients, valid baggage mixed with
//! hostile headers, every answer checked; and the same services' throughput with and without the
//! baggage layers, measured in one run. Shared by `examples/soak/main.rs` (the long run) and
//! `tests/soak.rs` (the short one CI runs).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode};
use axum::routing::post;
use axum::Router;
use baggage::axum::TypedBaggage;
use baggage::policy::trust::TrustPolicy;
use baggage::signing::{install, Keyring};
use baggage::tower::ServerBaggageLayer;
use baggage::Baggage;
use http_body_util::{BodyExt, Full};

use crate::services::{
    self, FraudScore, HttpClient, PaymentContext, Priority, RequestContext, Tier,
};

/// A signed grant, read by a fourth service: a tampered one must be refused.
#[derive(Debug, Clone, PartialEq, Baggage)]
#[baggage(signed)]
pub struct Grant {
    pub user_id: u64,
    pub credits: u32,
}

/// What a soak is asked to do.
#[derive(Debug, Clone)]
pub struct Config {
    /// Requests of the mixed run, valid and hostile.
    pub requests: usize,
    /// Clients sending at once.
    pub clients: usize,
    /// The process's allocation count so far, when the binary counts them: the allocations per
    /// checkout of each variant are then measured, one client at a time.
    pub allocations: Option<fn() -> u64>,
}

/// What a request of the mixed run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A checkout with a valid client version and members a public client may not set.
    Valid,
    /// A checkout with only a client version: what the throughput batches send, which the
    /// services with and without the layers answer alike.
    ClientVersionOnly,
    /// A signed grant, as its issuer wrote it.
    SignedGrant,
    /// A header of one mebibyte.
    OneMebibyte,
    /// A header of 100,000 members.
    HundredThousandMembers,
    /// 180 members, the W3C maximum, the client version among them.
    MaxMembers,
    /// 5,000 members (about 40 KB): past the W3C limits, under the HTTP server's.
    OverLimits,
    /// Escapes that are not two hex digits, next to a valid client version.
    MalformedEscapes,
    /// Bytes that are not UTF-8, next to a valid client version.
    InvalidUtf8,
    /// A public client setting the user, its tier and the internal routing shard.
    SpoofedKeys,
    /// The client version twice.
    DuplicateKeys,
    /// Three `baggage` header lines.
    SeveralLines,
    /// A signed grant whose credits were raised after signing.
    TamperedGrant,
    /// A request to the trusted orders service with a user id that is not a number.
    InvalidTyped,
}

impl Kind {
    /// Every kind the mixed run sends.
    pub const MIXED: [Kind; 13] = [
        Kind::Valid,
        Kind::SignedGrant,
        Kind::OneMebibyte,
        Kind::HundredThousandMembers,
        Kind::MaxMembers,
        Kind::OverLimits,
        Kind::MalformedEscapes,
        Kind::InvalidUtf8,
        Kind::SpoofedKeys,
        Kind::DuplicateKeys,
        Kind::SeveralLines,
        Kind::TamperedGrant,
        Kind::InvalidTyped,
    ];

    /// The kind of request number `index`: of each 20, 13 valid checkouts, one valid grant and
    /// six hostile requests, which take turns through every hostile kind.
    pub fn of(index: usize) -> Kind {
        match index % 20 {
            0..=12 => Kind::Valid,
            13 => Kind::SignedGrant,
            slot => {
                let turn = (index / 20) * 6 + (slot - 14);
                // The hostile kinds follow the two valid ones in `MIXED`.
                let hostile = Kind::MIXED.len() - 2;
                Kind::MIXED[2 + turn % hostile]
            }
        }
    }
}

/// What the soak saw.
#[derive(Debug, Default)]
pub struct Report {
    /// Requests sent, by kind.
    pub sent: BTreeMap<Kind, usize>,
    /// Answers by status code (`0`: the connection was closed without one).
    pub statuses: BTreeMap<u16, usize>,
    /// Requests whose answer was not the one expected, with what was wrong (the first 20).
    pub failures: Vec<String>,
    /// How many answers were wrong in all.
    pub failed: usize,
    /// Panics in any thread of the process while the soak ran.
    pub panics: usize,
    /// Resident memory in KiB: after the warm-up, halfway and at the end of the mixed run.
    pub rss_kib: [u64; 3],
    /// How long the mixed run took.
    pub mixed: Duration,
    /// Requests per second of each throughput round.
    pub rounds: Vec<Round>,
    /// Allocations per valid checkout, client and three services together, of each variant.
    pub allocations: Option<Round>,
}

/// A figure for each variant of the services on the same valid checkouts: requests per second
/// in a throughput round, or allocations per checkout.
#[derive(Debug, Clone, Copy)]
pub struct Round {
    /// The checkout services, with their baggage layers.
    pub layers: f64,
    /// The same typed work without the layers: the handlers read the header with the
    /// extractor, apply the trust policy, strip internal fields and write headers themselves.
    pub by_hand: f64,
    /// The same three hops with no baggage work at all: each forwards the header as it came.
    pub none: f64,
}

impl Report {
    /// The median over the rounds of the throughput with the layers over that of the same
    /// typed work by hand.
    pub fn throughput_ratio(&self) -> Option<f64> {
        median(self.rounds.iter().map(|round| round.layers / round.by_hand))
    }

    /// The median over the rounds of the throughput with the layers over that of no baggage
    /// work at all.
    pub fn cost_of_baggage(&self) -> Option<f64> {
        median(self.rounds.iter().map(|round| round.layers / round.none))
    }

    /// How many answers were server errors.
    pub fn server_errors(&self) -> usize {
        self.statuses.range(500..600).map(|(_, count)| count).sum()
    }
}

fn median(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied()
}

const SECRET: &[u8] = b"the soak's grant secret, 32 byte";

/// The services the soak drives.
struct Fleet {
    gateway: SocketAddr,
    orders: SocketAddr,
    grants: SocketAddr,
}

/// Runs the soak as `config` says.
pub async fn run(config: &Config) -> Result<Report, String> {
    install(Keyring::new("soak", SECRET).map_err(|e| e.to_string())?);
    let panics = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&panics);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        counted.fetch_add(1, Ordering::Relaxed);
        previous(info);
    }));

    let fleet = start_layered().await?;
    let by_hand = start_by_hand().await?;
    let plain = start_plain().await?;
    let client = services::client();
    let report = Arc::new(Mutex::new(Report::default()));

    // Warm up: connections open, allocator pools filled. Checked, not counted.
    let discard = Arc::new(Mutex::new(Report::default()));
    let warm_up = config.clients * 4;
    drive(
        &client,
        &fleet,
        warm_up,
        config.clients,
        |_| Kind::Valid,
        &discard,
    )
    .await;
    let rss_start = rss_kib();
    let started = Instant::now();
    let half = config.requests / 2;
    drive(&client, &fleet, half, config.clients, Kind::of, &report).await;
    let rss_half = rss_kib();
    drive(
        &client,
        &fleet,
        config.requests - half,
        config.clients,
        move |index| Kind::of(index + half),
        &report,
    )
    .await;
    let mixed = started.elapsed();
    let rss_end = rss_kib();

    let mut allocations = None;
    if let Some(counter) = config.allocations {
        let mut per_request = [0.0; 3];
        for (variant, target) in [&fleet, &by_hand, &plain].into_iter().enumerate() {
            const CHECKOUTS: usize = 2_000;
            let before = counter();
            drive(
                &client,
                target,
                CHECKOUTS,
                1,
                |_| Kind::ClientVersionOnly,
                &discard,
            )
            .await;
            per_request[variant] = (counter() - before) as f64 / CHECKOUTS as f64;
        }
        let [layers, by_hand, none] = per_request;
        allocations = Some(Round {
            layers,
            by_hand,
            none,
        });
    }
    let discarded = discard.lock().map_err(|_| "poisoned")?;

    let mut report = std::mem::take(&mut *report.lock().map_err(|_| "poisoned")?);
    // The warm-up and the throughput batches are checked like the others, not counted.
    report.failed += discarded.failed;
    report
        .failures
        .extend(discarded.failures.iter().take(20).cloned());
    for (status, count) in &discarded.statuses {
        if *status >= 500 || *status == 0 {
            *report.statuses.entry(*status).or_default() += count;
        }
    }
    report.panics = panics.load(Ordering::Relaxed);
    report.rss_kib = [rss_start, rss_half, rss_end];
    report.mixed = mixed;
    report.allocations = allocations;
    Ok(report)
}

/// The variants of the services a throughput round compares, in the order of [`Round`]'s
/// fields.
pub const VARIANTS: [&str; 3] = ["layers", "by hand", "no baggage"];

/// Starts variant `variant` of the services alone (an index of [`VARIANTS`]), warms it up, and
/// returns the requests per second it serves to `clients` clients sending `count` valid
/// checkouts, every answer checked. Run in a process of its own for each measurement, so that
/// the variants do not share caches, allocator arenas and worker threads.
pub async fn measure(variant: usize, count: usize, clients: usize) -> Result<f64, String> {
    let fleet = match variant {
        0 => start_layered().await?,
        1 => start_by_hand().await?,
        _ => start_plain().await?,
    };
    let client = services::client();
    let report = Arc::new(Mutex::new(Report::default()));
    let checkout = |_| Kind::ClientVersionOnly;
    drive(&client, &fleet, clients * 8, clients, checkout, &report).await;
    let started = Instant::now();
    drive(&client, &fleet, count, clients, checkout, &report).await;
    let rate = count as f64 / started.elapsed().as_secs_f64();
    let report = report.lock().map_err(|_| "poisoned")?;
    if report.failed > 0 || report.server_errors() > 0 {
        return Err(format!(
            "{} wrong answers, {} server errors: {:?}",
            report.failed,
            report.server_errors(),
            report.failures
        ));
    }
    Ok(rate)
}

/// Sends `count` requests of `kind_of(index)` from `clients` tasks at once, and checks each
/// answer into `report`.
async fn drive(
    client: &HttpClient,
    fleet: &Fleet,
    count: usize,
    clients: usize,
    kind_of: impl Fn(usize) -> Kind + Copy + Send + 'static,
    report: &Arc<Mutex<Report>>,
) {
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients {
        let next = Arc::clone(&next);
        let client = client.clone();
        let report = Arc::clone(report);
        let (gateway, orders, grants) = (fleet.gateway, fleet.orders, fleet.grants);
        tasks.push(tokio::spawn(async move {
            let fleet = Fleet {
                gateway,
                orders,
                grants,
            };
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= count {
                    break;
                }
                let kind = kind_of(index);
                let outcome = one(&client, &fleet, kind, index).await;
                if let Ok(mut report) = report.lock() {
                    *report.sent.entry(kind).or_default() += 1;
                    *report.statuses.entry(outcome.status).or_default() += 1;
                    if let Err(problem) = outcome.checked {
                        report.failed += 1;
                        if report.failures.len() < 20 {
                            report
                                .failures
                                .push(format!("request {index} ({kind:?}): {problem}"));
                        }
                    }
                }
            }
        }));
    }
    for task in tasks {
        if let Err(error) = task.await {
            if let Ok(mut report) = report.lock() {
                report.failed += 1;
                report
                    .failures
                    .push(format!("a client task failed: {error}"));
            }
        }
    }
}

struct Outcome {
    /// The status, or 0 when the connection closed without one.
    status: u16,
    checked: Result<(), String>,
}

/// Sends request `index` of `kind` and checks its answer.
async fn one(client: &HttpClient, fleet: &Fleet, kind: Kind, index: usize) -> Outcome {
    let version = format!("v{index}");
    let (path, lines): (String, Vec<Vec<u8>>) = match kind {
        Kind::ClientVersionOnly => (checkout(fleet), vec![format!("client_version={version}").into_bytes()]),
        Kind::Valid => (
            checkout(fleet),
            vec![format!("client_version={version},vendor.debug=1,user_tier=premium").into_bytes()],
        ),
        Kind::SignedGrant | Kind::TamperedGrant => {
            let grant = Grant {
                user_id: index as u64,
                credits: (index % 1000) as u32,
            };
            let Ok(mut header) = grant.to_header() else {
                return failed(0, "the grant did not encode".into());
            };
            if kind == Kind::TamperedGrant {
                header = header.replacen(&format!("credits={}", grant.credits), "credits=1000000", 1);
            }
            (format!("http://{}/grant", fleet.grants), vec![header.into_bytes()])
        }
        Kind::OneMebibyte => (checkout(fleet), vec![vec![b'a'; 1 << 20]]),
        Kind::HundredThousandMembers => (
            checkout(fleet),
            vec![(0..100_000).map(|n| format!("k{n}=v")).collect::<Vec<_>>().join(",").into_bytes()],
        ),
        Kind::MaxMembers => (checkout(fleet), vec![members(179, &version).into_bytes()]),
        Kind::OverLimits => (checkout(fleet), vec![members(5_000, &version).into_bytes()]),
        Kind::MalformedEscapes => (
            checkout(fleet),
            vec![format!("region=%zz,client_version={version},user_tier=%E2%82,priority=%").into_bytes()],
        ),
        Kind::InvalidUtf8 => {
            let mut line = b"region=\xff\xfe,".to_vec();
            line.extend_from_slice(format!("client_version={version},note=caf").as_bytes());
            // A UTF-8 sequence cut after its first byte.
            line.push(0xC3);
            (checkout(fleet), vec![line])
        }
        Kind::SpoofedKeys => (
            checkout(fleet),
            vec![format!(
                "user_id=1,user_tier=premium,routing_shard=99,priority=low,client_version={version},\
                 payment.fraud_score=low"
            )
            .into_bytes()],
        ),
        Kind::DuplicateKeys => (
            checkout(fleet),
            vec![format!("client_version=first,client_version={version}").into_bytes()],
        ),
        Kind::SeveralLines => (
            checkout(fleet),
            vec![
                b"vendor.a=1".to_vec(),
                format!("client_version={version}").into_bytes(),
                b"user_tier=premium".to_vec(),
            ],
        ),
        Kind::InvalidTyped => (
            format!("http://{}/orders", fleet.orders),
            vec![b"user_id=abc,user_tier=free,region=us-west".to_vec()],
        ),
    };
    let mut request = Request::post(path);
    for line in lines {
        match HeaderValue::from_bytes(&line) {
            Ok(value) => request = request.header("baggage", value),
            Err(error) => return failed(0, format!("the header could not be built: {error}")),
        }
    }
    let request = match request.body(Full::default()) {
        Ok(request) => request,
        Err(error) => return failed(0, error.to_string()),
    };
    let (status, body) = match client.request(request).await {
        Ok(response) => {
            let status = response.status();
            match response.into_body().collect().await {
                Ok(body) => (
                    status,
                    String::from_utf8_lossy(&body.to_bytes()).into_owned(),
                ),
                Err(error) => return failed(status.as_u16(), format!("the body was cut: {error}")),
            }
        }
        // The server may close the connection while a header it refuses is still being sent.
        Err(_) if matches!(kind, Kind::OneMebibyte | Kind::HundredThousandMembers) => {
            return Outcome {
                status: 0,
                checked: Ok(()),
            }
        }
        Err(error) => return failed(0, format!("no answer: {error}")),
    };
    Outcome {
        status: status.as_u16(),
        checked: expect(kind, index, &version, status, &body),
    }
}

fn failed(status: u16, problem: String) -> Outcome {
    Outcome {
        status,
        checked: Err(problem),
    }
}

fn checkout(fleet: &Fleet) -> String {
    format!("http://{}/checkout", fleet.gateway)
}

/// `count` members a public client may not set, with the client version in the middle.
fn members(count: usize, version: &str) -> String {
    let mut members: Vec<String> = (0..count).map(|n| format!("vendor.m{n}=x")).collect();
    members.insert(count / 2, format!("client_version={version}"));
    members.join(",")
}

/// Whether the answer to request `index` of `kind` is the one documented.
fn expect(
    kind: Kind,
    index: usize,
    version: &str,
    status: StatusCode,
    body: &str,
) -> Result<(), String> {
    let status_is = |expected: StatusCode| {
        if status == expected {
            Ok(())
        } else {
            Err(format!("status {status}, expected {expected}: {body}"))
        }
    };
    match kind {
        Kind::Valid
        | Kind::ClientVersionOnly
        | Kind::MaxMembers
        | Kind::SeveralLines
        | Kind::SpoofedKeys
        | Kind::MalformedEscapes
        | Kind::InvalidUtf8 => {
            status_is(StatusCode::OK)?;
            last_hop(body, Some(version))
        }
        // Past 180 members or 8192 bytes the gateway keeps the members before the limit; the
        // client version, in the middle, is cut.
        Kind::OverLimits => {
            status_is(StatusCode::OK)?;
            last_hop(body, None)
        }
        // Both members are kept; a key reads the last, as `StringBaggage::get` documents.
        Kind::DuplicateKeys => {
            status_is(StatusCode::OK)?;
            last_hop(body, Some(version))
        }
        // hyper refuses a header past its buffer (about 400 KB) before any service sees it.
        Kind::OneMebibyte | Kind::HundredThousandMembers => {
            status_is(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE)
        }
        Kind::SignedGrant => {
            status_is(StatusCode::OK)?;
            let expected = format!("grant user_id={index} credits={}", index % 1000);
            if body == expected {
                Ok(())
            } else {
                Err(format!(
                    "the grant arrived as {body:?}, expected {expected:?}"
                ))
            }
        }
        Kind::TamperedGrant => {
            status_is(StatusCode::BAD_REQUEST)?;
            contains(body, "signature")
        }
        Kind::InvalidTyped => {
            status_is(StatusCode::BAD_REQUEST)?;
            contains(body, "user_id")
        }
    }
}

fn contains(body: &str, word: &str) -> Result<(), String> {
    if body.contains(word) {
        Ok(())
    } else {
        Err(format!("the refusal {body:?} does not name {word:?}"))
    }
}

/// Checks the baggage the payment service sent on, which the gateway's answer quotes: the typed
/// values the gateway set, the client version the client sent (or none), and nothing else.
fn last_hop(body: &str, version: Option<&str>) -> Result<(), String> {
    let header = body
        .split_once("paid baggage=")
        .map(|(_, header)| header)
        .ok_or_else(|| format!("no baggage in the answer {body:?}"))?;
    let context = RequestContext::from_header(header).map_err(|e| format!("{e}: {header}"))?;
    let expected = RequestContext {
        user_id: 12345,
        user_tier: Tier::Free,
        region: "us-west".into(),
        priority: Priority::High,
        client_version: version.unwrap_or_default().into(),
        // Internal: stripped before the external payment provider.
        routing_shard: 0,
    };
    if context != expected {
        return Err(format!("the last hop read {context:?} from {header}"));
    }
    let payment = PaymentContext::from_header(header).map_err(|e| format!("{e}: {header}"))?;
    if payment.fraud_score != FraudScore::Medium || !payment.challenged {
        return Err(format!("the last hop's payment context is {payment:?}"));
    }
    let keys: Vec<&str> = header
        .split(',')
        .filter_map(|member| member.split_once('=').map(|(key, _)| key))
        .filter(|key| *key != "client_version")
        .collect();
    let allowed = [
        "edge.pop",
        "user_id",
        "user_tier",
        "region",
        "priority",
        "payment.fraud_score",
        "payment.challenged",
    ];
    if keys != allowed {
        return Err(format!("the last hop's members are {header}"));
    }
    Ok(())
}

/// Resident memory of this process, in KiB (0 where `/proc` is not there).
pub fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// The checkout services with their baggage layers, and the grant service.
async fn start_layered() -> Result<Fleet, String> {
    let addresses = services::start_all(None).await.map_err(|e| e.to_string())?;
    let grants = services::serve(
        Router::new()
            .route("/grant", post(grant))
            .layer(ServerBaggageLayer::<Grant>::new(TrustPolicy::Trusted)),
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(Fleet {
        gateway: addresses.gateway,
        orders: addresses.orders,
        grants,
    })
}

async fn grant(TypedBaggage(grant): TypedBaggage<Grant>) -> String {
    format!("grant user_id={} credits={}", grant.user_id, grant.credits)
}

/// The checkout services' typed work without the layers: the handlers read the header
/// themselves (the extractor decodes it), the gateway applies the public trust policy, orders
/// strips the internal fields before the external payment provider, and each writes the
/// header it sends.
async fn start_by_hand() -> Result<Fleet, String> {
    let public = Arc::new(
        TrustPolicy::allow_keys(RequestContext::SCHEMA, &["client_version"])
            .map_err(|e| e.to_string())?,
    );
    start_chain(
        Router::new().route("/pay", post(by_hand_payment)),
        |next| {
            Router::new()
                .route("/orders", post(by_hand_orders))
                .with_state(next)
        },
        |next| {
            Router::new()
                .route("/checkout", post(by_hand_gateway))
                .with_state((next, public))
        },
    )
    .await
}

/// Starts three hops on loopback: `payment`, then `orders` and `gateway`, each made with a
/// client to the hop after it.
async fn start_chain(
    payment: Router,
    orders: impl FnOnce(Next) -> Router,
    gateway: impl FnOnce(Next) -> Router,
) -> Result<Fleet, String> {
    let serve = |router| async { services::serve(router).await.map_err(|e| e.to_string()) };
    let payment = serve(payment).await?;
    let orders = serve(orders(Next::to(payment, "pay"))).await?;
    let gateway = serve(gateway(Next::to(orders, "orders"))).await?;
    Ok(Fleet {
        gateway,
        orders,
        grants: gateway,
    })
}

async fn by_hand_gateway(
    State((next, public)): State<(Next, Arc<TrustPolicy>)>,
    headers: HeaderMap,
) -> Result<String, StatusCode> {
    let (mut baggage, _) = baggage::http::string_baggage(&headers);
    public.apply(&mut baggage);
    let context = RequestContext {
        user_id: 12345,
        user_tier: Tier::Free,
        region: "us-west".into(),
        priority: Priority::High,
        client_version: RequestContext::CLIENT_VERSION
            .get(&baggage)
            .unwrap_or_default(),
        routing_shard: 7,
    };
    baggage
        .insert("edge.pop", "sfo1")
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    context
        .write_to(&mut baggage)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    forward(&next, baggage.to_header()).await
}

async fn by_hand_orders(
    State(next): State<Next>,
    TypedBaggage(context): TypedBaggage<RequestContext>,
    headers: HeaderMap,
) -> Result<String, StatusCode> {
    if context.routing_shard != 7 {
        return Err(StatusCode::BAD_REQUEST);
    }
    let (mut baggage, _) = baggage::http::string_baggage(&headers);
    RequestContext::SCHEMA.strip_internal(&mut baggage);
    forward(&next, baggage.to_header()).await
}

async fn by_hand_payment(
    TypedBaggage(context): TypedBaggage<RequestContext>,
    headers: HeaderMap,
) -> Result<String, StatusCode> {
    let payment = PaymentContext {
        fraud_score: match context.user_tier {
            Tier::Premium => FraudScore::Low,
            Tier::Free => FraudScore::Medium,
        },
        challenged: context.user_tier == Tier::Free,
    };
    let (mut baggage, _) = baggage::http::string_baggage(&headers);
    payment
        .write_to(&mut baggage)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(format!("paid baggage={}", baggage.to_header()))
}

/// The same three hops with no baggage work at all: each forwards the header as it came, the
/// gateway adding the members it sets as text.
async fn start_plain() -> Result<Fleet, String> {
    start_chain(
        Router::new().route("/pay", post(plain_payment)),
        |next| {
            Router::new()
                .route("/orders", post(plain_forward))
                .with_state(next)
        },
        |next| {
            Router::new()
                .route("/checkout", post(plain_gateway))
                .with_state(next)
        },
    )
    .await
}

/// The hop a service calls, and its client to it.
#[derive(Clone)]
struct Next {
    address: SocketAddr,
    path: &'static str,
    client: HttpClient,
}

impl Next {
    fn to(address: SocketAddr, path: &'static str) -> Self {
        Self {
            address,
            path,
            client: services::client(),
        }
    }
}

fn raw_baggage(headers: &HeaderMap) -> String {
    headers
        .get_all("baggage")
        .iter()
        .map(|line| String::from_utf8_lossy(line.as_bytes()).into_owned())
        .collect::<Vec<_>>()
        .join(",")
}

async fn plain_gateway(State(next): State<Next>, headers: HeaderMap) -> Result<String, StatusCode> {
    let header = format!(
        "{},edge.pop=sfo1,user_id=12345,user_tier=free,region=us-west,priority=high",
        raw_baggage(&headers)
    );
    forward(&next, header).await
}

async fn plain_forward(State(next): State<Next>, headers: HeaderMap) -> Result<String, StatusCode> {
    forward(&next, raw_baggage(&headers)).await
}

async fn forward(next: &Next, header: String) -> Result<String, StatusCode> {
    let request = Request::post(format!("http://{}/{}", next.address, next.path))
        .header("baggage", header)
        .body(Full::default())
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let response = next
        .client
        .request(request)
        .await
        .map_err(|_| StatusCode::BAD_GATEWAY)?;
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|_| StatusCode::BAD_GATEWAY)?
        .to_bytes();
    Ok(format!("queue=express {}", String::from_utf8_lossy(&body)))
}

async fn plain_payment(headers: HeaderMap) -> String {
    format!(
        "paid baggage={},payment.fraud_score=medium,payment.challenged=true",
        raw_baggage(&headers)
    )
}

/// Growth of resident memory over the second half of the mixed run past which the soak fails:
/// a leak of a few hundred bytes a request would pass it within a million requests.
pub const MAX_RSS_GROWTH_KIB: u64 = 32 * 1024;

/// What is wrong in `report`: wrong answers, server errors, panics, memory past `max_rss_mib`
/// or still growing at the end.
pub fn problems(report: &Report, max_rss_mib: u64) -> Vec<String> {
    let mut problems = Vec::new();
    if report.failed > 0 {
        problems.push(format!(
            "{} answers were not the documented ones; the first: {:#?}",
            report.failed, report.failures
        ));
    }
    if report.server_errors() > 0 {
        problems.push(format!("{} server errors (5xx)", report.server_errors()));
    }
    if report.panics > 0 {
        problems.push(format!("{} panics", report.panics));
    }
    let [_, half, end] = report.rss_kib;
    if end > max_rss_mib * 1024 {
        problems.push(format!(
            "resident memory ended at {} MiB, over {max_rss_mib} MiB",
            end / 1024
        ));
    }
    if end.saturating_sub(half) > MAX_RSS_GROWTH_KIB {
        problems.push(format!(
            "resident memory grew by {} MiB over the second half of the run",
            end.saturating_sub(half) / 1024
        ));
    }
    problems
}

/// The report as the soak prints it and TESTING.md quotes it.
pub fn summary(config: &Config, report: &Report, per_round: usize) -> String {
    let mut text = String::new();
    let total: usize = report.sent.values().sum();
    let seconds = report.mixed.as_secs_f64();
    text.push_str(&format!(
        "mixed run: {total} requests from {} clients in {seconds:.1} s ({:.0} requests/s)\n",
        config.clients,
        total as f64 / seconds
    ));
    for (kind, count) in &report.sent {
        text.push_str(&format!("  {kind:?}: {count}\n"));
    }
    text.push_str("answers by status (0: closed without one):");
    for (status, count) in &report.statuses {
        text.push_str(&format!(" {status}: {count};"));
    }
    text.push('\n');
    text.push_str(&format!(
        "wrong answers: {}; server errors: {}; panics: {}\n",
        report.failed,
        report.server_errors(),
        report.panics
    ));
    let [start, half, end] = report.rss_kib;
    text.push_str(&format!(
        "resident memory: {:.1} MiB after the warm-up, {:.1} MiB halfway, {:.1} MiB at the end\n",
        start as f64 / 1024.0,
        half as f64 / 1024.0,
        end as f64 / 1024.0
    ));
    if !report.rounds.is_empty() {
        text.push_str(&format!(
            "throughput, {} rounds of {} valid checkouts per variant, each in a process of its \
             own (requests/s):\n",
            report.rounds.len(),
            per_round
        ));
        for round in &report.rounds {
            text.push_str(&format!(
                "  layers {:.0}, by hand {:.0}, no baggage {:.0}: layers / by hand {:.3}\n",
                round.layers,
                round.by_hand,
                round.none,
                round.layers / round.by_hand
            ));
        }
        if let (Some(ratio), Some(cost)) = (report.throughput_ratio(), report.cost_of_baggage()) {
            text.push_str(&format!(
                "median ratio, layers / by hand: {ratio:.3}; layers / no baggage: {cost:.3}\n"
            ));
        }
    }
    if let Some(round) = report.allocations {
        text.push_str(&format!(
            "allocations per checkout (client and three services, one request at a time): \
             layers {:.1}, by hand {:.1}, no baggage {:.1}\n",
            round.layers, round.by_hand, round.none
        ));
    }
    text
}
