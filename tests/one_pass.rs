//! The derive's one-pass `from_header` agrees with reading through `StringBaggage`, on valid and
//! near-valid headers: same value, or the same error.

use std::borrow::Cow;

use baggage::{Baggage, BaggageValue, BorrowBaggage, StringBaggage};
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
    /// A key that starts with another key of the struct.
    tier_rank: Option<u8>,
}

/// The same struct read the general way: a struct with a flattened field keeps the trait's
/// default `from_header`, which parses into `StringBaggage` first.
#[derive(Debug, PartialEq, Baggage)]
struct Slow {
    #[baggage(flatten)]
    fast: Fast,
}

/// The same fields, text borrowed from the header.
#[derive(Debug, PartialEq, Baggage)]
struct Borrowed<'h> {
    user_id: u64,
    tier: Tier,
    #[baggage(max_len = 12)]
    region: Cow<'h, str>,
    #[baggage(default)]
    features: Vec<Cow<'h, str>>,
    score: Option<f64>,
    #[baggage(rename = "x-flag", default)]
    flag: bool,
    tier_rank: Option<u8>,
}

impl Borrowed<'_> {
    fn into_fast(self) -> Fast {
        Fast {
            user_id: self.user_id,
            tier: self.tier,
            region: self.region.into_owned(),
            features: self.features.into_iter().map(Cow::into_owned).collect(),
            score: self.score,
            flag: self.flag,
            tier_rank: self.tier_rank,
        }
    }
}

fn piece() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "user_id",
        "tier",
        "region",
        "features",
        "score",
        "x-flag",
        "other",
        "user id",
        "",
        // Keys that start like the struct's keys, or that a struct's key starts like.
        "tier_rank",
        "tiers",
        "tier_",
        "user_idx",
        "user_i",
        "x-flag2",
    ]);
    let value = prop::sample::select(vec![
        "1",
        "42",
        "premium",
        "FREE",
        "gold",
        "us-west",
        "a%2Cb",
        "a%2cb%2C",
        "a%252Cb%2Cc%20d",
        "%2C",
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

    #[test]
    fn borrowed_reading_agrees_with_owned_reading(header in header()) {
        let fast = Fast::from_header(&header);
        let borrowed = Borrowed::from_header_borrowed(&header);
        if let Ok(borrowed) = &borrowed {
            // Borrowed text points into the header; only an escape makes a field own its text.
            for text in std::iter::once(&borrowed.region).chain(&borrowed.features) {
                match text {
                    Cow::Borrowed(text) => prop_assert!(header.as_bytes().as_ptr_range().contains(&text.as_ptr()) || text.is_empty()),
                    Cow::Owned(_) => prop_assert!(header.contains('%')),
                }
            }
        }
        prop_assert_eq!(borrowed.map(Borrowed::into_fast), fast);
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
            matches!(fast, Err(baggage::DecodeError::CutByLimit { .. })),
            "{fast:?}"
        );
        assert_eq!(fast, Slow::from_header(&header).map(|slow| slow.fast));
    }
}

#[test]
fn keys_that_start_like_the_structs_keys_are_not_taken_for_them() {
    let header =
        "user_idx=5,tiers=gold,tier_rank=3,user_id=1,tier=free,tier_=x,region=eu,x-flag2=true";
    let fast = Fast::from_header(header).unwrap();
    assert_eq!(fast.user_id, 1);
    assert_eq!(fast.tier, Tier::Free);
    assert_eq!(fast.tier_rank, Some(3));
    assert!(!fast.flag);
    assert_eq!(Ok(fast), Slow::from_header(header).map(|slow| slow.fast));
}

/// Keys that share a prefix, and keys that start with other keys: the derive tells them apart
/// past the shared part.
#[derive(Debug, PartialEq, Baggage)]
#[baggage(prefix = "app.")]
struct Prefixed {
    user: Option<u64>,
    user_id: u64,
    user_tier: Tier,
    region: String,
    req: Option<u8>,
    rank: Option<u8>,
    ratio: Option<f64>,
}

#[test]
fn keys_with_a_shared_prefix_are_told_apart() {
    let header =
        "app.user_idx=9,app.users=2,app.user=1,app.user_id=7,app.re=1,app.user_tier=premium,\
                  app.region=eu,app.req=3,app.rank=4,app.ratio=0.5,app.regions=x,app=1";
    let read = Prefixed::from_header(header).unwrap();
    assert_eq!(
        read,
        Prefixed {
            user: Some(1),
            user_id: 7,
            user_tier: Tier::Premium,
            region: "eu".into(),
            req: Some(3),
            rank: Some(4),
            ratio: Some(0.5),
        }
    );
    let written = read.to_header().unwrap();
    assert_eq!(Prefixed::from_header(&written).unwrap(), read);
    // Each key alone, so that a key matched as another would show as missing or wrong.
    for (member, check) in [
        (
            "app.user=5",
            &(|p: &Prefixed| p.user == Some(5)) as &dyn Fn(&Prefixed) -> bool,
        ),
        ("app.req=5", &|p: &Prefixed| p.req == Some(5)),
        ("app.rank=5", &|p: &Prefixed| p.rank == Some(5)),
        ("app.ratio=5", &|p: &Prefixed| p.ratio == Some(5.0)),
    ] {
        let header = format!("app.user_id=1,app.user_tier=free,app.region=eu,{member}");
        let read = Prefixed::from_header(&header).unwrap();
        assert!(check(&read), "{member}: {read:?}");
    }
}

fn prefixed_piece() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "app.user",
        "app.user_id",
        "app.user_tier",
        "app.region",
        "app.req",
        "app.rank",
        "app.ratio",
        "app.use",
        "app.users",
        "app.user_",
        "app.r",
        "app.regions",
        "app.",
        "app",
        "user_id",
    ]);
    let value = prop::sample::select(vec![
        "1", "7", "premium", "free", "eu", "0.5", "", "x y", "%2C",
    ]);
    (key, value, prop::sample::select(vec!["", " "]))
        .prop_map(|(key, value, space)| format!("{key}{space}={value}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn prefixed_one_pass_agrees_with_string_baggage(
        pieces in prop::collection::vec(prefixed_piece(), 0..12),
    ) {
        let header = pieces.join(",");
        let fast = Prefixed::from_header(&header).ok();
        let general = Prefixed::from_baggage(&StringBaggage::parse_lenient(&header).0).ok();
        prop_assert_eq!(fast, general);
    }
}
