//! Typed decoding of any header into a derived struct: never panics; what decodes encodes and
//! decodes to the same struct; the one-pass reader, the borrowing reader and reading through
//! `StringBaggage` agree.
#![no_main]

use std::borrow::Cow;

use baggage::{Baggage, BaggageValue, BorrowBaggage, StringBaggage};
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

/// The same fields, text borrowed from the header.
#[derive(Debug, PartialEq, Baggage)]
struct Borrowed<'h> {
    user_id: u64,
    tier: Tier,
    #[baggage(max_len = 64)]
    region: Cow<'h, str>,
    #[baggage(default)]
    features: Vec<Cow<'h, str>>,
    score: Option<f64>,
    flag: Option<bool>,
    client_ip: Option<std::net::IpAddr>,
    initial: Option<char>,
}

impl Borrowed<'_> {
    fn into_owned(self) -> Context {
        Context {
            user_id: self.user_id,
            tier: self.tier,
            region: self.region.into_owned(),
            features: self.features.into_iter().map(Cow::into_owned).collect(),
            score: self.score,
            flag: self.flag,
            client_ip: self.client_ip,
            initial: self.initial,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let header = String::from_utf8_lossy(data);
    let one_pass = Context::from_header(&header);
    let borrowed = Borrowed::from_header_borrowed(&header).map(Borrowed::into_owned);
    assert_eq!(one_pass, borrowed);
    let general = Context::from_baggage(&StringBaggage::parse_lenient(&header).0);
    assert_eq!(one_pass.as_ref().ok(), general.as_ref().ok());
    if let Ok(context) = Context::from_header(&header) {
        if let Ok(written) = context.to_header() {
            let again = Context::from_header(&written).expect("written struct must decode");
            assert_eq!(again, context);
        }
    } else if let Err(error) = Context::from_header(&header) {
        let _ = error.to_string();
    }
});
