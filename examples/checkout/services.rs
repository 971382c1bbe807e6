//! Three services of a checkout — gateway, orders, payment — as axum servers on loopback ports,
//! talking real HTTP and carrying typed baggage. Shared by `examples/checkout/main.rs` and the
//! end-to-end test `tests/checkout.rs`.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Extension, State};
use axum::http::{Request, StatusCode, Uri};
use axum::routing::post;
use axum::Router;
use baggage::axum::TypedBaggage;
use baggage::policy::trust::TrustPolicy;
use baggage::tower::{ClientBaggage, ClientBaggageLayer, InboundBaggage, ServerBaggageLayer};
use baggage::{Baggage, BaggageValue};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use tower::{Service, ServiceBuilder, ServiceExt};

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
pub enum Tier {
    Free,
    Premium,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
pub enum Priority {
    Low,
    Normal,
    High,
}

/// What every service of the request knows about it; set by the gateway.
#[derive(Debug, Clone, PartialEq, Baggage)]
#[baggage(budget = 256)]
pub struct RequestContext {
    /// The signed-in user.
    pub user_id: u64,
    /// The user's plan.
    #[baggage(metric_label)]
    pub user_tier: Tier,
    /// Where the request entered.
    #[baggage(max_len = 16)]
    pub region: String,
    /// How urgently to serve the request.
    #[baggage(default = "normal")]
    pub priority: Priority,
    /// The client's version, the one thing a public client may say about itself.
    #[baggage(default, max_len = 16)]
    pub client_version: String,
    /// Which shard of the order database serves the user; never leaves our network.
    #[baggage(internal, default)]
    pub routing_shard: u16,
}

fn normal() -> Priority {
    Priority::Normal
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
pub enum FraudScore {
    Low,
    Medium,
    High,
}

/// Added downstream by the payment service.
#[derive(Debug, Clone, PartialEq, Baggage)]
#[baggage(prefix = "payment.", budget = 64)]
pub struct PaymentContext {
    pub fraud_score: FraudScore,
    pub challenged: bool,
}

/// What one service read, for the demo to print and the test to check.
#[derive(Debug, Clone, PartialEq)]
pub enum Hop {
    Gateway {
        dropped: Vec<String>,
        context: RequestContext,
        header_bytes: usize,
    },
    Orders {
        context: RequestContext,
        queue: &'static str,
        header_bytes: usize,
    },
    Payment {
        context: RequestContext,
        payment: PaymentContext,
        routing_shard_seen: bool,
        outbound: String,
    },
}

pub type Log = Arc<Mutex<Vec<Hop>>>;

fn log(log: Option<&Log>, hop: impl FnOnce() -> Hop) {
    if let Some(Ok(mut hops)) = log.map(|log| log.lock()) {
        hops.push(hop());
    }
}

pub type HttpClient =
    Client<hyper_util::client::legacy::connect::HttpConnector, Full<bytes::Bytes>>;

/// A client with its own pool of kept-alive connections.
pub fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

/// A response's body as text, or an error with its status when it is not a success.
async fn body_text(response: http::Response<hyper::body::Incoming>) -> Result<String, String> {
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    let body = String::from_utf8_lossy(&body).into_owned();
    if status.is_success() {
        Ok(body)
    } else {
        Err(format!("{status}: {body}"))
    }
}

/// A client that writes the request's typed context into its baggage header, stripping
/// internal fields unless `trusted` says the destination is ours.
type Outbound = ClientBaggage<HttpClient, RequestContext>;

fn outbound(trusted: fn(&Uri) -> bool) -> Outbound {
    ServiceBuilder::new()
        .layer(ClientBaggageLayer::<RequestContext>::new(trusted))
        .service(client())
}

/// Sends `request` through `outbound`.
async fn send(outbound: &Outbound, request: Request<Full<bytes::Bytes>>) -> Result<String, String> {
    let response = outbound
        .clone()
        .ready()
        .await
        .map_err(|e| e.to_string())?
        .call(request)
        .await
        .map_err(|e| e.to_string())?;
    body_text(response).await
}

#[derive(Clone)]
struct Hops {
    /// Where each hop records what it read; `None` under load, where nothing is kept.
    log: Option<Log>,
    next: Option<SocketAddr>,
    /// The client to the next hop, its connections kept alive across requests.
    outbound: Outbound,
}

/// The gateway: a public edge. A client may only say which version it runs; the user comes from
/// the (simulated) session, and an edge proxy adds a member of its own.
async fn gateway(
    State(hops): State<Hops>,
    Extension(inbound): Extension<InboundBaggage>,
) -> Result<String, (StatusCode, String)> {
    let client_version = RequestContext::CLIENT_VERSION
        .get(&inbound.baggage)
        .unwrap_or_default();
    let context = RequestContext {
        user_id: 12345,
        user_tier: Tier::Free,
        region: "us-west".into(),
        priority: Priority::High,
        client_version,
        routing_shard: 7,
    };
    // An edge proxy that knows nothing of the schema tags the request.
    let mut baggage = inbound.baggage;
    let _ = baggage.insert("edge.pop", "sfo1");
    context
        .write_to(&mut baggage)
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    log(hops.log.as_ref(), || Hop::Gateway {
        dropped: inbound.dropped.iter().map(ToString::to_string).collect(),
        context: context.clone(),
        header_bytes: baggage.encoded_len(),
    });
    let next = hops
        .next
        .ok_or((StatusCode::INTERNAL_SERVER_ERROR, "no orders".into()))?;
    let mut request = Request::post(format!("http://{next}/orders"))
        .header("baggage", baggage.to_header())
        .body(Full::default())
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    TypedBaggage::insert_into(context, request.extensions_mut());
    send(&hops.outbound, request)
        .await
        .map_err(|e| (StatusCode::BAD_GATEWAY, e))
}

/// Orders: inside the boundary. Picks a queue by tier and priority, then pays.
async fn orders(
    State(hops): State<Hops>,
    TypedBaggage(context): TypedBaggage<RequestContext>,
    inbound: axum::extract::Request,
) -> Result<String, (StatusCode, String)> {
    // The layer passed the header on as it came, or rewrote it to what it kept.
    let header = inbound.headers().get("baggage").cloned();
    let queue = match (context.user_tier, context.priority) {
        (Tier::Premium, _) | (_, Priority::High) => "express",
        _ => "standard",
    };
    log(hops.log.as_ref(), || Hop::Orders {
        context: context.clone(),
        queue,
        header_bytes: header.as_ref().map_or(0, |header| header.len()),
    });
    let next = hops
        .next
        .ok_or((StatusCode::INTERNAL_SERVER_ERROR, "no payment".into()))?;
    let mut request = Request::post(format!("http://{next}/pay"))
        .body(Full::default())
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    if let Some(header) = header {
        request.headers_mut().insert("baggage", header);
    }
    TypedBaggage::insert_into(context, request.extensions_mut());
    let paid = send(&hops.outbound, request)
        .await
        .map_err(|e| (StatusCode::BAD_GATEWAY, e))?;
    Ok(format!("queue={queue} {paid}"))
}

/// Payment: reads the context, adds its own downstream, keeps every other member.
async fn payment(
    State(hops): State<Hops>,
    TypedBaggage(context): TypedBaggage<RequestContext>,
    inbound: axum::extract::Request,
) -> Result<String, (StatusCode, String)> {
    let payment = PaymentContext {
        fraud_score: match context.user_tier {
            Tier::Premium => FraudScore::Low,
            Tier::Free => FraudScore::Medium,
        },
        challenged: context.user_tier == Tier::Free,
    };
    // The layer passed the header on as it came, or rewrote it to what it kept.
    let (mut outbound, _) = baggage::http::string_baggage(inbound.headers());
    let routing_shard_seen = outbound.get("routing_shard").is_some();
    payment
        .write_to(&mut outbound)
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let outbound = outbound.to_header();
    log(hops.log.as_ref(), || Hop::Payment {
        context,
        payment,
        routing_shard_seen,
        outbound: outbound.clone(),
    });
    Ok(format!("paid baggage={outbound}"))
}

/// Serves `router` on an ephemeral loopback port; returns its address.
pub async fn serve(router: Router) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Ok(address)
}

/// Where the services listen.
#[derive(Debug, Clone, Copy)]
#[allow(dead_code)] // The soak sends to orders and payment directly; the demo does not.
pub struct Addresses {
    pub gateway: SocketAddr,
    pub orders: SocketAddr,
    pub payment: SocketAddr,
}

/// Starts payment, orders and the gateway on ephemeral loopback ports; returns the gateway's
/// address. Each hop records what it read in `log`, when there is one.
pub async fn start(log: Option<Log>) -> std::io::Result<SocketAddr> {
    Ok(start_all(log).await?.gateway)
}

/// [`start`], returning every service's address.
pub async fn start_all(log: Option<Log>) -> std::io::Result<Addresses> {
    let trusted = ServerBaggageLayer::<RequestContext>::new(TrustPolicy::Trusted);
    let payment_address = serve(
        Router::new()
            .route("/pay", post(payment))
            .layer(trusted.clone())
            .with_state(Hops {
                log: log.clone(),
                next: None,
                outbound: outbound(|_| false),
            }),
    )
    .await?;
    let orders_address = serve(
        Router::new()
            .route("/orders", post(orders))
            .layer(trusted)
            .with_state(Hops {
                log: log.clone(),
                next: Some(payment_address),
                // Payment is run by a provider outside our network: internal fields are
                // stripped.
                outbound: outbound(|_| false),
            }),
    )
    .await?;
    let public = TrustPolicy::allow_keys(RequestContext::SCHEMA, &["client_version"])
        .map_err(std::io::Error::other)?;
    let gateway_address = serve(
        Router::new()
            .route("/checkout", post(gateway))
            .layer(ServerBaggageLayer::<RequestContext>::new(public))
            .with_state(Hops {
                log,
                next: Some(orders_address),
                outbound: outbound(|_| true),
            }),
    )
    .await?;
    Ok(Addresses {
        gateway: gateway_address,
        orders: orders_address,
        payment: payment_address,
    })
}

/// A public client's checkout call, with a spoofed tier among its baggage.
pub async fn checkout(gateway: SocketAddr, baggage: &str) -> Result<String, String> {
    let request = Request::post(format!("http://{gateway}/checkout"))
        .header("baggage", baggage)
        .body(Full::default())
        .map_err(|e| e.to_string())?;
    let response = client().request(request).await.map_err(|e| e.to_string())?;
    body_text(response).await
}
