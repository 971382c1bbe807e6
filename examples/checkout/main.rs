//! A checkout across three services on loopback ports — gateway, orders, payment — talking real
//! HTTP with typed baggage. A public client sends a spoofed `user_tier=premium`; the gateway's
//! trust policy drops it, sets the signed-in user's context, and each hop reads typed fields.
//!
//! Run it with `cargo run --example checkout`.

#[path = "services.rs"]
mod services;

use std::sync::Arc;

use baggage::otel::{BaggageSpanProcessor, ContextExt};
use baggage::Baggage;
use opentelemetry::trace::{Tracer, TracerProvider as _};
use opentelemetry::{Array, Value};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
use services::{Hop, PaymentContext, RequestContext};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let log = services::Log::default();
    let gateway = services::start(Some(Arc::clone(&log))).await?;
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
            } => {
                println!(
                    "orders   reads user_tier={:?} priority={:?} routing_shard={} -> {queue} \
                     queue ({header_bytes} bytes of baggage; budget {budget})",
                    context.user_tier, context.priority, context.routing_shard
                );
                print_span(context)?;
            }
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

/// The span orders would export for its work, with the baggage as typed attributes: what a
/// `BaggageSpanProcessor` adds to every span started in the request's context.
fn print_span(context: &RequestContext) -> Result<(), Box<dyn std::error::Error>> {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_span_processor(BaggageSpanProcessor::<RequestContext>::new())
        .with_simple_exporter(exporter.clone())
        .build();
    let cx = opentelemetry::Context::new().with_typed_baggage(context)?;
    drop(
        provider
            .tracer("orders")
            .start_with_context("orders.checkout", &cx),
    );
    for span in exporter.get_finished_spans()? {
        let attributes: Vec<String> = span
            .attributes
            .iter()
            .map(|kv| format!("{}={}", kv.key, typed(&kv.value)))
            .collect();
        println!(
            "orders   span `{}` exported with {}",
            span.name,
            attributes.join(" ")
        );
    }
    Ok(())
}

/// An attribute value with its OpenTelemetry type, as a backend would show it.
fn typed(value: &Value) -> String {
    match value {
        Value::I64(number) => format!("{number} (int)"),
        Value::F64(number) => format!("{number} (double)"),
        Value::Bool(flag) => format!("{flag} (bool)"),
        Value::String(text) => format!("{:?} (string)", text.as_str()),
        Value::Array(Array::String(items)) => format!("{items:?} (string[])"),
        other => format!("{other} (array)"),
    }
}
