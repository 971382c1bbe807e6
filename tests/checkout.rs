//! End to end: the checkout demo's three services on ephemeral loopback ports, one request
//! through all of them, each hop's typed values checked.
#![cfg(all(feature = "axum", feature = "tower"))]

#[path = "../examples/checkout/services.rs"]
mod services;

use std::sync::Arc;

use services::{FraudScore, Hop, PaymentContext, Priority, RequestContext, Tier};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_checkout_flows_through_every_hop() {
    let log = services::Log::default();
    let gateway = services::start(Some(Arc::clone(&log))).await.unwrap();
    let reply = services::checkout(
        gateway,
        "client_version=2.1.4,user_tier=premium,vendor.debug=1",
    )
    .await
    .unwrap();

    let expected = RequestContext {
        user_id: 12345,
        user_tier: Tier::Free,
        region: "us-west".into(),
        priority: Priority::High,
        client_version: "2.1.4".into(),
        routing_shard: 7,
    };
    let hops = log.lock().unwrap().clone();
    assert_eq!(hops.len(), 3, "{hops:#?}");

    // The gateway dropped the spoofed tier and the client's unknown member, kept its version.
    let Hop::Gateway {
        dropped, context, ..
    } = &hops[0]
    else {
        panic!("{hops:#?}")
    };
    assert_eq!(
        dropped,
        &[
            "dropped baggage key `user_tier`: the key is not allowed from this peer".to_owned(),
            "dropped baggage key `vendor.debug`: the key is not allowed from this peer".to_owned(),
        ]
    );
    assert_eq!(context, &expected);

    // Orders read the same typed context, internal field included, and picked a queue.
    let Hop::Orders { context, queue, .. } = &hops[1] else {
        panic!("{hops:#?}")
    };
    assert_eq!(context, &expected);
    assert_eq!(*queue, "express");

    // Payment, outside the boundary, never saw the internal field.
    let Hop::Payment {
        context,
        payment,
        routing_shard_seen,
        outbound,
    } = &hops[2]
    else {
        panic!("{hops:#?}")
    };
    assert_eq!(
        context,
        &RequestContext {
            routing_shard: 0,
            ..expected
        }
    );
    assert!(!routing_shard_seen);
    assert_eq!(
        payment,
        &PaymentContext {
            fraud_score: FraudScore::Medium,
            challenged: true
        }
    );
    // The member an edge proxy set without knowing the schema survived every hop.
    assert!(outbound.contains("edge.pop=sfo1"), "{outbound}");
    assert!(!outbound.contains("user_tier=premium"), "{outbound}");
    assert!(!outbound.contains("routing_shard"), "{outbound}");
    assert!(reply.starts_with("queue=express paid baggage="), "{reply}");
}
