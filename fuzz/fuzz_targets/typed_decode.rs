//! Typed decoding of any header into a derived struct: never panics; what decodes encodes and
//! decodes to the same struct.
#![no_main]

use baggage::{Baggage, BaggageValue};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, PartialEq, BaggageValue)]
enum Tier {
    Free,
    Premium,
    #[baggage(other)]
    Other(String),
}

#[derive(Debug, PartialEq, Baggage)]
struct Context {
    user_id: u64,
    tier: Tier,
    #[baggage(max_len = 64)]
    region: String,
    #[baggage(default)]
    features: Vec<String>,
    score: Option<f64>,
    flag: Option<bool>,
    client_ip: Option<std::net::IpAddr>,
    initial: Option<char>,
}

fuzz_target!(|data: &[u8]| {
    let header = String::from_utf8_lossy(data);
    if let Ok(context) = Context::from_header(&header) {
        if let Ok(written) = context.to_header() {
            let again = Context::from_header(&written).expect("written struct must decode");
            assert_eq!(again, context);
        }
    } else if let Err(error) = Context::from_header(&header) {
        let _ = error.to_string();
    }
});
