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

use std::hint::black_box;
use std::time::Instant;

use baggage::{Baggage, BorrowBaggage};
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry_sdk::propagation::BaggagePropagator;

use common::{carrier, floor, hand_convert, hand_encode, BorrowedContext, RequestContext, HEADER};

const OPERATIONS: [&str; 7] = [
    "none",
    "floor",
    "decode",
    "decode_borrowed",
    "sdk_decode",
    "encode",
    "sdk_encode",
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
    context: RequestContext,
}

impl Operations {
    fn new() -> Self {
        Self {
            propagator: BaggagePropagator::new(),
            sdk_carrier: carrier(HEADER),
            context: RequestContext::from_header(HEADER).expect("the typical header decodes"),
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
            "sdk_decode" => hand_convert(&self.propagator.extract(black_box(&self.sdk_carrier)))
                .map_or(0, |c| c.features.len()),
            "encode" => black_box(&self.context).to_header().map_or(0, |h| h.len()),
            "sdk_encode" => hand_encode(black_box(&self.context)).len(),
            other => panic!("unknown operation {other}; one of {OPERATIONS:?}"),
        }
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
    }
}
