//! The typed operations and their alternatives, timed interleaved, and one of them run `N`
//! times for counting instructions. See BENCHMARKS.md.
//!
//! `cargo bench --bench interleaved` times each operation for a few milliseconds in turn, many
//! rounds over, and keeps each one's fastest round: a short slow spell of a shared machine then
//! slows every operation alike instead of the one that happened to be running.
//!
//! For instruction counts, which do not move from run to run at all, run one operation under
//! callgrind and subtract the count of `none` (the loop alone) before dividing by `N`:
//!
//! ```sh
//! cargo bench --bench interleaved --no-run   # prints the binary's path
//! valgrind --tool=callgrind target/release/deps/interleaved-<hash> decode 20000
//! ```

mod common;

use std::borrow::Cow;
use std::hint::black_box;
use std::time::Instant;

use baggage::{Baggage, BorrowBaggage, StringBaggage};
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry_sdk::propagation::BaggagePropagator;

use common::{
    carrier, floor, hand_convert, hand_encode, scaling_headers, sdk_pass_through, BorrowedContext,
    HopContext, Priority, RequestContext, Tier, HEADER, PASS_THROUGH_HEADER,
};

/// The typical header with every key behind the prefix `app.`.
const PREFIXED_HEADER: &str = "app.user_id=12345,app.user_tier=premium,app.region=us-west,\
                      app.is_premium=true,app.features=new_checkout%2Cdark_mode%2Cbeta,\
                      app.client_version=2.1.4,app.priority=high,app.tenant_id=42";

/// [`BorrowedContext`] with its keys behind a shared prefix, which the key table indexes past.
#[derive(Debug, PartialEq, Baggage)]
#[baggage(prefix = "app.")]
struct PrefixedContext<'h> {
    user_id: u64,
    user_tier: Tier,
    region: Cow<'h, str>,
    is_premium: bool,
    features: Vec<Cow<'h, str>>,
    client_version: Cow<'h, str>,
    priority: Priority,
    tenant_id: u64,
}

const OPERATIONS: [&str; 13] = [
    "none",
    "floor",
    "decode",
    "decode_borrowed",
    // The borrowed decode with every key behind the prefix `app.`.
    "decode_prefixed",
    "sdk_decode",
    "encode",
    "sdk_encode",
    // `StringBaggage::parse_lenient` of the scaling headers: 8 and 64 members, 8192 bytes.
    "parse_8",
    "parse_64",
    "parse_8192",
    // A hop in the middle: parse the inbound header, merge one field, write the header.
    "pass_through",
    "sdk_pass_through",
];

fn main() {
    // `cargo bench` passes `--bench`; the operation and the count are the other arguments.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    let run = Operations::new();
    match args.as_slice() {
        [operation, count, ..] => run.repeat(operation, count.parse().unwrap_or(20_000)),
        [operation] => run.repeat(operation, 20_000),
        [] => run.interleaved(),
    }
}

struct Operations {
    propagator: BaggagePropagator,
    sdk_carrier: std::collections::HashMap<String, String>,
    pass_through_carrier: std::collections::HashMap<String, String>,
    context: RequestContext,
    /// The 8-member, 64-member and 8192-byte scaling headers.
    scaling: [String; 3],
}

impl Operations {
    fn new() -> Self {
        let [_, (_, eight), (_, sixty_four), (_, limit)] = scaling_headers();
        Self {
            propagator: BaggagePropagator::new(),
            sdk_carrier: carrier(HEADER),
            pass_through_carrier: carrier(PASS_THROUGH_HEADER),
            context: RequestContext::from_header(HEADER).expect("the typical header decodes"),
            scaling: [eight, sixty_four, limit],
        }
    }

    fn once(&self, operation: &str) -> usize {
        match operation {
            "none" => black_box(HEADER).len(),
            "floor" => floor(black_box(HEADER)),
            "decode" => {
                RequestContext::from_header(black_box(HEADER)).map_or(0, |c| c.features.len())
            }
            "decode_borrowed" => BorrowedContext::from_header_borrowed(black_box(HEADER))
                .map_or(0, |c| c.features.len()),
            "decode_prefixed" => PrefixedContext::from_header_borrowed(black_box(PREFIXED_HEADER))
                .map_or(0, |c| c.features.len()),
            "sdk_decode" => hand_convert(&self.propagator.extract(black_box(&self.sdk_carrier)))
                .map_or(0, |c| c.features.len()),
            "encode" => black_box(&self.context).to_header().map_or(0, |h| h.len()),
            "sdk_encode" => hand_encode(black_box(&self.context)).len(),
            "parse_8" => self.parse(0),
            "parse_64" => self.parse(1),
            "parse_8192" => self.parse(2),
            "pass_through" => pass_through(black_box(PASS_THROUGH_HEADER)),
            "sdk_pass_through" => {
                sdk_pass_through(&self.propagator, black_box(&self.pass_through_carrier))
            }
            other => panic!("unknown operation {other}; one of {OPERATIONS:?}"),
        }
    }

    fn parse(&self, index: usize) -> usize {
        self.scaling.get(index).map_or(0, |header| {
            StringBaggage::parse_lenient(black_box(header)).0.len()
        })
    }

    fn repeat(&self, operation: &str, count: usize) {
        let total: usize = (0..count).map(|_| self.once(operation)).sum();
        println!("{operation}: {total}");
    }

    /// The fastest of many interleaved rounds of each operation, in nanoseconds per call.
    fn interleaved(&self) {
        const ROUNDS: usize = 40;
        let timed = &OPERATIONS[1..];
        let mut best = [f64::MAX; OPERATIONS.len() - 1];
        for _ in 0..ROUNDS {
            for (slot, operation) in best.iter_mut().zip(timed) {
                // About two milliseconds a round, whatever the operation costs.
                let calls = if operation.starts_with("sdk") {
                    500
                } else if operation.starts_with("parse") {
                    250
                } else {
                    5_000
                };
                let start = Instant::now();
                let total: usize = (0..calls).map(|_| self.once(operation)).sum();
                black_box(total);
                let per_call = start.elapsed().as_nanos() as f64 / calls as f64;
                *slot = slot.min(per_call);
            }
        }
        let time = |name: &str| {
            timed
                .iter()
                .position(|operation| *operation == name)
                .map_or(f64::NAN, |index| best[index])
        };
        for (operation, ns) in timed.iter().zip(best) {
            println!("{operation:16} {ns:8.1} ns");
        }
        let (floor, sdk_decode, sdk_encode) =
            (time("floor"), time("sdk_decode"), time("sdk_encode"));
        for decode in ["decode", "decode_borrowed"] {
            println!(
                "{decode:16} {:5.1}x faster than the SDK, {:4.2}x the floor",
                sdk_decode / time(decode),
                time(decode) / floor
            );
        }
        println!(
            "{:16} {:5.1}x faster than the SDK",
            "encode",
            sdk_encode / time("encode")
        );
        println!(
            "{:16} {:5.1}x faster than the SDK",
            "pass_through",
            time("sdk_pass_through") / time("pass_through")
        );
        let per_byte = |name: &str, len: usize| time(name) / len as f64;
        let [eight, sixty_four, limit] = &self.scaling;
        let base = per_byte("parse_8", eight.len());
        println!(
            "{:16} per byte at 64 members {:4.2}x, at 8192 bytes {:4.2}x that at 8 members",
            "parse_lenient",
            per_byte("parse_64", sixty_four.len()) / base,
            per_byte("parse_8192", limit.len()) / base
        );
    }
}

/// A hop in the middle: the inbound header parsed, one field merged in, the header written.
fn pass_through(header: &str) -> usize {
    let (mut baggage, _) = StringBaggage::parse_lenient(header);
    let hop = HopContext {
        priority: Priority::High,
    };
    match hop.write_to(&mut baggage) {
        Ok(()) => baggage.to_header().len(),
        Err(_) => 0,
    }
}
