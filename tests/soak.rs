//! The soak's short variant, which CI runs: the checkout services on loopback under 64 clients,
//! valid baggage mixed with every kind of hostile header, every answer checked (see
//! `examples/soak/driver.rs`). The long run and the throughput comparison are the example's:
//! `cargo run --release --features signed --example soak`; their figures are in TESTING.md.
#![cfg(all(feature = "signed", feature = "axum", feature = "tower"))]

// The demo's one-request helpers are not used here.
#[allow(dead_code)]
#[path = "../examples/checkout/services.rs"]
mod services;

// The throughput measurement is the example's.
#[allow(dead_code)]
#[path = "../examples/soak/driver.rs"]
mod driver;

use driver::Kind;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_checkout_services_hold_under_hostile_load() {
    let config = driver::Config {
        requests: 6_000,
        clients: 64,
        allocations: None,
    };
    let report = driver::run(&config).await.unwrap();
    println!("{}", driver::summary(&config, &report, 0));

    let problems = driver::problems(&report, 256);
    assert!(problems.is_empty(), "{problems:#?}");
    // Every kind of request went, hostile ones included, and each got its documented answer
    // (`driver::expect`): the refused ones a 400 naming the key or the signature, the headers
    // past the HTTP server's buffer a 431, the others a 200 with their baggage reduced.
    for kind in Kind::MIXED {
        assert!(
            report.sent.get(&kind).is_some_and(|&count| count >= 100),
            "{kind:?}: {:?}",
            report.sent
        );
    }
    assert_eq!(report.sent.values().sum::<usize>(), config.requests);
    let refused = report.statuses.get(&400).copied().unwrap_or(0);
    let tampered = report.sent[&Kind::TamperedGrant] + report.sent[&Kind::InvalidTyped];
    assert_eq!(refused, tampered);
}
