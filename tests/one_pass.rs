//! The derive's one-pass `from_header` agrees with reading through `StringBaggage`, on valid and
//! near-valid headers: same value, or the same error.

use baggage::{Baggage, BaggageValue};
use proptest::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Tier {
    Free,
    Premium,
}

#[derive(Debug, PartialEq, Baggage)]
struct Fast {
    user_id: u64,
    tier: Tier,
    #[baggage(max_len = 12)]
    region: String,
    #[baggage(default)]
    features: Vec<String>,
    score: Option<f64>,
    #[baggage(rename = "x-flag", default)]
    flag: bool,
}

/// The same struct read the general way: a struct with a flattened field keeps the trait's
/// default `from_header`, which parses into `StringBaggage` first.
#[derive(Debug, PartialEq, Baggage)]
struct Slow {
    #[baggage(flatten)]
    fast: Fast,
}

fn piece() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "user_id", "tier", "region", "features", "score", "x-flag", "other", "user id", "",
    ]);
    let value = prop::sample::select(vec![
        "1",
        "42",
        "premium",
        "FREE",
        "gold",
        "us-west",
        "a%2Cb",
        "%zz",
        "%C3%A9",
        "0.5",
        "true",
        "",
        "x y",
        "=",
        "%",
        "123456789012345",
        "-1",
    ]);
    let property = prop::sample::select(vec!["", ";p", ";p=1", ";;", "; q = %41"]);
    (
        key,
        value,
        property,
        prop::sample::select(vec!["", " ", "\t"]),
    )
        .prop_map(|(key, value, property, space)| format!("{space}{key}{space}={value}{property}"))
}

fn header() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..12).prop_map(|pieces| pieces.join(","))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn one_pass_agrees_with_string_baggage(header in header()) {
        let fast = Fast::from_header(&header);
        let slow = Slow::from_header(&header).map(|slow| slow.fast);
        prop_assert_eq!(fast, slow);
    }
}

#[test]
fn agrees_past_the_limits() {
    let many = (0..200)
        .map(|i| format!("k{i}=v"))
        .collect::<Vec<_>>()
        .join(",");
    for header in [
        format!("{many},user_id=1,tier=free,region=eu"),
        format!("user_id=1,tier=free,{many},region=eu"),
        format!("user_id=1,tier=free,region={}", "x".repeat(9000)),
    ] {
        let fast = Fast::from_header(&header);
        assert!(
            matches!(fast, Err(baggage::DecodeError::Header(_))),
            "{fast:?}"
        );
        assert_eq!(fast, Slow::from_header(&header).map(|slow| slow.fast));
    }
}
