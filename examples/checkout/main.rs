//! A checkout across three services on loopback ports — gateway, orders, payment — talking real
//! HTTP with typed baggage. A public client sends a spoofed `user_tier=premium`; the gateway's
//! trust policy drops it, sets the signed-in user's context, and each hop reads typed fields.
//!
//! Run it with `cargo run --example checkout`.

#[path = "services.rs"]
mod services;

use std::sync::Arc;

use baggage::Baggage;
use services::{Hop, PaymentContext, RequestContext};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let log = services::Log::default();
    let gateway = services::start(Arc::clone(&log)).await?;
    println!("gateway on {gateway}; orders and payment behind it\n");

    let spoofed = "client_version=2.1.4,user_tier=premium,vendor.debug=1";
    println!("client   -> gateway  baggage: {spoofed}");
    let reply = services::checkout(gateway, spoofed).await?;

    let budget = RequestContext::SCHEMA.budget();
    for hop in log.lock().map_err(|_| "log poisoned")?.iter() {
        match hop {
            Hop::Gateway {
                dropped,
                context,
                header_bytes,
            } => {
                for line in dropped {
                    println!("gateway  {line}");
                }
                println!(
                    "gateway  sets user_id={} user_tier={:?} priority={:?} client_version={:?} \
                     ({header_bytes} bytes of baggage; RequestContext budget {budget})",
                    context.user_id, context.user_tier, context.priority, context.client_version
                );
            }
            Hop::Orders {
                context,
                queue,
                header_bytes,
            } => println!(
                "orders   reads user_tier={:?} priority={:?} routing_shard={} -> {queue} queue \
                 ({header_bytes} bytes of baggage; budget {budget})",
                context.user_tier, context.priority, context.routing_shard
            ),
            Hop::Payment {
                context,
                payment,
                routing_shard_seen,
                outbound,
            } => {
                println!(
                    "payment  reads user_id={} user_tier={:?}; routing_shard {} (external provider)",
                    context.user_id,
                    context.user_tier,
                    if *routing_shard_seen { "LEAKED" } else { "stripped" }
                );
                println!(
                    "payment  adds fraud_score={:?} challenged={} -> {} bytes out \
                     (PaymentContext budget {}, W3C limit 8192)",
                    payment.fraud_score,
                    payment.challenged,
                    outbound.len(),
                    PaymentContext::SCHEMA.budget()
                );
                println!("payment  baggage out: {outbound}");
            }
        }
    }
    println!("\nclient   <- gateway  {reply}");
    Ok(())
}
