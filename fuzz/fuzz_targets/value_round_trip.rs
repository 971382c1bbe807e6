//! Encode then decode of arbitrary typed values, through the codec: the value comes back equal.
#![no_main]

use std::net::IpAddr;

use arbitrary::Arbitrary;
use baggage::{BaggageValue, StringBaggage};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
enum Value {
    Integer(i128),
    Unsigned(u64),
    Float(f64),
    Single(f32),
    Flag(bool),
    Character(char),
    Text(String),
    Address(IpAddr),
    Texts(Vec<String>),
    Numbers(Vec<i32>),
}

fn round_trip<T: BaggageValue + PartialEq + std::fmt::Debug>(value: &T) {
    let mut text = String::new();
    if value.encode(&mut text).is_err() {
        return;
    }
    if let Some(max) = T::MAX_ENCODED_LEN {
        assert!(baggage::codec::encoded_value_len(&text) <= max, "{text:?}");
    }
    let mut baggage = StringBaggage::new();
    // A value too long for the 8192-byte limit is refused whole, as it should be.
    if baggage.insert("k", text).is_err() {
        return;
    }
    let header = baggage.to_header();
    let read = StringBaggage::parse(&header).expect("written baggage must parse");
    let decoded = T::decode(read.get("k").unwrap_or_default()).expect("encoded value must decode");
    assert_eq!(&decoded, value);
}

fuzz_target!(|value: Value| {
    match value {
        Value::Integer(v) => round_trip(&v),
        Value::Unsigned(v) => round_trip(&v),
        Value::Float(v) => round_trip(&v),
        Value::Single(v) => round_trip(&v),
        Value::Flag(v) => round_trip(&v),
        Value::Character(v) => round_trip(&v),
        Value::Text(v) => round_trip(&v),
        Value::Address(v) => round_trip(&v),
        Value::Texts(v) => round_trip(&v),
        Value::Numbers(v) => round_trip(&v),
    }
});
