//! The checkout services under hostile load: 64 clients (by default) send valid baggage mixed
//! with hostile headers, every answer is checked, and the services' throughput with the baggage
//! layers is compared with the same services without them. See TESTING.md.
//!
//! ```sh
//! cargo run --release --features signed --example soak -- --requests 1000000
//! ```
//!
//! Options: `--requests N` (mixed run, default 100,000), `--clients N` (default 64),
//! `--rounds N` and `--per-round N` (throughput comparison, default 10 of 20,000 checkouts per
//! variant; each measurement runs in a child process of its own),
//! `--min-ratio R` (fail when the median throughput ratio is below R), `--max-rss-mib N` (fail
//! when resident memory ends above N MiB, default 256), `--count-allocations` (also count the
//! allocations of a checkout through each variant; slows every allocation a little, so the
//! throughput figures of the same run are not the ones to quote). Exits 1 when any check fails.

// The demo's one-request helpers are not used here.
#[allow(dead_code)]
#[path = "../checkout/services.rs"]
mod services;

mod driver;

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Counts allocations while `--count-allocations` is given; otherwise only reads a flag.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: defers to the system allocator; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.load(Ordering::Relaxed)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("soak: {error}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<bool, String> {
    let mut config = driver::Config {
        requests: 100_000,
        clients: 64,
        allocations: None,
    };
    let mut rounds = 10;
    let mut per_round = 20_000;
    let mut measure = None;
    let mut min_ratio = None;
    let mut max_rss_mib = 256;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--requests" => config.requests = number(&value()?)?,
            "--clients" => config.clients = number(&value()?)?,
            "--rounds" => rounds = number(&value()?)?,
            "--per-round" => per_round = number(&value()?)?,
            "--min-ratio" => min_ratio = Some(value()?.parse::<f64>().map_err(|e| e.to_string())?),
            "--max-rss-mib" => max_rss_mib = number(&value()?)? as u64,
            "--count-allocations" => {
                COUNTING.store(true, Ordering::Relaxed);
                config.allocations = Some(allocations);
            }
            // One throughput measurement of one variant, for the parent process.
            "--measure" => measure = Some(number(&value()?)?),
            other => return Err(format!("unknown option {other}")),
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    if let Some(variant) = measure {
        let rate = runtime.block_on(driver::measure(variant, per_round, config.clients))?;
        println!("{rate}");
        return Ok(true);
    }
    let mut report = runtime.block_on(driver::run(&config))?;
    drop(runtime);
    report.rounds = throughput(rounds, per_round, config.clients)?;
    println!("{}", driver::summary(&config, &report, per_round));
    let problems = driver::problems(&report, max_rss_mib);
    for problem in &problems {
        println!("FAILED: {problem}");
    }
    let mut passed = problems.is_empty();
    if let (Some(min), Some(ratio)) = (min_ratio, report.throughput_ratio()) {
        if ratio < min {
            println!(
                "FAILED: throughput with the layers is {ratio:.3} of the same work by hand, under {min}"
            );
            passed = false;
        }
    }
    Ok(passed)
}

/// `rounds` rounds of throughput, each variant measured in a child process of its own, the
/// variant that goes first changing from round to round.
fn throughput(
    rounds: usize,
    per_round: usize,
    clients: usize,
) -> Result<Vec<driver::Round>, String> {
    let program = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut measured = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let mut rates = [0.0; 3];
        for turn in 0..driver::VARIANTS.len() {
            let variant = (round + turn) % driver::VARIANTS.len();
            let output = std::process::Command::new(&program)
                .args(["--measure", &variant.to_string()])
                .args(["--per-round", &per_round.to_string()])
                .args(["--clients", &clients.to_string()])
                .output()
                .map_err(|e| e.to_string())?;
            let text = String::from_utf8_lossy(&output.stdout);
            rates[variant] = text.trim().parse().map_err(|_| {
                format!(
                    "measuring {}: {text}{}",
                    driver::VARIANTS[variant],
                    String::from_utf8_lossy(&output.stderr)
                )
            })?;
        }
        let [layers, by_hand, none] = rates;
        measured.push(driver::Round {
            layers,
            by_hand,
            none,
        });
    }
    Ok(measured)
}

fn number(text: &str) -> Result<usize, String> {
    text.replace('_', "")
        .parse()
        .map_err(|_| format!("{text} is not a number"))
}
