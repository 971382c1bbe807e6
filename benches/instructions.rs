//! Runs one operation of the typed benchmark `N` times, for counting instructions with
//! callgrind, which do not move from run to run as timings do. See BENCHMARKS.md.
//!
//! ```sh
//! cargo bench --bench instructions --no-run   # prints the binary's path
//! valgrind --tool=callgrind target/release/deps/instructions-<hash> decode 20000
//! ```
//!
//! The count of `none` (the loop alone) is subtracted from each operation's before dividing by
//! `N`. Run natively (`cargo bench --bench instructions`), it only checks that every operation
//! runs.

mod common;

use std::hint::black_box;

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
    let (operations, count): (Vec<&str>, usize) = match args.as_slice() {
        [operation, count, ..] => (vec![operation.as_str()], count.parse().unwrap_or(20_000)),
        [operation] => (vec![operation.as_str()], 20_000),
        [] => (OPERATIONS.to_vec(), 10),
    };
    let propagator = BaggagePropagator::new();
    let sdk_carrier = carrier(HEADER);
    let context = RequestContext::from_header(HEADER).expect("the typical header decodes");
    for operation in operations {
        let mut total = 0usize;
        for _ in 0..count {
            total += match operation {
                "none" => black_box(HEADER).len(),
                "floor" => floor(black_box(HEADER)),
                "decode" => {
                    RequestContext::from_header(black_box(HEADER)).map_or(0, |c| c.features.len())
                }
                "decode_borrowed" => BorrowedContext::from_header_borrowed(black_box(HEADER))
                    .map_or(0, |c| c.features.len()),
                "sdk_decode" => hand_convert(&propagator.extract(black_box(&sdk_carrier)))
                    .map_or(0, |c| c.features.len()),
                "encode" => black_box(&context).to_header().map_or(0, |h| h.len()),
                "sdk_encode" => hand_encode(black_box(&context)).len(),
                other => panic!("unknown operation {other}; one of {OPERATIONS:?}"),
            };
        }
        println!("{operation}: {total}");
    }
}
