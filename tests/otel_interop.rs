//! Interoperability with `opentelemetry_sdk`'s `BaggagePropagator`, in both directions, and the
//! deliberate differences, each pinned.

use std::collections::HashMap;

use baggage::{Limits, StringBaggage};
use opentelemetry::baggage::BaggageExt;
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::propagation::BaggagePropagator;

/// Values that both sides must read identically, whoever writes them.
const SHARED: &[(&str, &str)] = &[
    ("user_id", "12345"),
    ("user_tier", "premium"),
    ("region", "us-west"),
    ("is_premium", "true"),
    ("empty", ""),
    ("zero", "0"),
    ("negative", "-1"),
    ("float", "3.14"),
    ("exponent", "1e-7"),
    ("mixed_case", "MiXeD"),
    ("utf8_latin", "Amélie"),
    ("utf8_cjk", "日本語"),
    ("utf8_emoji", "🧳 trip"),
    ("utf8_umlauts", "Ünïcödé"),
    ("list", "new_checkout,dark_mode,beta"),
    ("semicolon", "a;b"),
    ("equals", "a=b"),
    ("base64_padding", "YWJjZA=="),
    ("base64_plus_slash", "YWJj+/ZA=="),
    ("base64url", "YWJj-_ZA"),
    ("plus", "a+b"),
    ("inner_space", "a b"),
    ("url", "http://x:80/p?q=1&r=2"),
    ("quote", "say \"hi\""),
    ("tab", "a\tb"),
    ("tilde", "~home"),
    ("brackets", "[a]{b}<c>"),
    ("punctuation", "!#$&'()*@^|`"),
    ("all_separators", "semi;colon=eq,comma"),
    ("version", "2.1.4"),
    ("uuid", "123e4567-e89b-12d3-a456-426614174000"),
    ("iso_date", "2026-11-26T14:50:18Z"),
];

fn sdk_extract(header: &str) -> HashMap<String, (String, String)> {
    let carrier = HashMap::from([("baggage".to_owned(), header.to_owned())]);
    let context = BaggagePropagator::new().extract(&carrier);
    context
        .baggage()
        .iter()
        .map(|(key, (value, metadata))| {
            (
                key.to_string(),
                (value.to_string(), metadata.as_str().to_owned()),
            )
        })
        .collect()
}

fn sdk_inject(pairs: &[(&str, &str)]) -> String {
    let context = Context::new().with_baggage(
        pairs
            .iter()
            .map(|(key, value)| KeyValue::new(key.to_string(), value.to_string())),
    );
    let mut carrier = HashMap::new();
    BaggagePropagator::new().inject_context(&context, &mut carrier);
    carrier.remove("baggage").unwrap_or_default()
}

#[test]
fn the_sdk_reads_what_this_crate_writes() {
    assert!(SHARED.len() >= 30);
    for &(key, value) in SHARED {
        let mut baggage = StringBaggage::new();
        baggage.insert(key, value).unwrap();
        let header = baggage.to_header();
        let read = sdk_extract(&header);
        assert_eq!(
            read.get(key).map(|(v, _)| v.as_str()),
            Some(value),
            "{key}: header {header}"
        );
    }
    // All at once, as one header.
    let mut baggage = StringBaggage::new();
    for &(key, value) in SHARED {
        baggage.insert(key, value).unwrap();
    }
    let read = sdk_extract(&baggage.to_header());
    assert_eq!(read.len(), SHARED.len());
}

#[test]
fn this_crate_reads_what_the_sdk_writes() {
    for &(key, value) in SHARED {
        let header = sdk_inject(&[(key, value)]);
        let baggage =
            StringBaggage::parse(&header).unwrap_or_else(|e| panic!("{key}: header {header}: {e}"));
        assert_eq!(baggage.get(key), Some(value), "{key}: header {header}");
    }
    // At most 64: the SDK's own member limit.
    let header = sdk_inject(&SHARED[..30]);
    let baggage = StringBaggage::parse(&header).unwrap();
    assert_eq!(baggage.len(), 30);
    for &(key, value) in &SHARED[..30] {
        assert_eq!(baggage.get(key), Some(value), "{key}");
    }
}

#[test]
fn properties_travel_as_sdk_metadata() {
    let baggage = StringBaggage::parse("a=1;flag;ttl=30").unwrap();
    let read = sdk_extract(&baggage.to_header());
    assert_eq!(read["a"], ("1".to_owned(), "flag;ttl=30".to_owned()));

    let mut carrier = HashMap::new();
    let context = Context::new().with_baggage([opentelemetry::baggage::KeyValueMetadata::new(
        "a",
        "1",
        "flag;ttl=30",
    )]);
    BaggagePropagator::new().inject_context(&context, &mut carrier);
    let baggage = StringBaggage::parse(&carrier["baggage"]).unwrap();
    let member = baggage.get_member("a").unwrap();
    let properties: Vec<_> = member
        .properties()
        .iter()
        .map(|p| (p.key(), p.value()))
        .collect();
    assert_eq!(properties, [("flag", None), ("ttl", Some("30"))]);
}

// The differences below are deliberate: this crate follows the W3C grammar where the SDK does not.

#[test]
fn difference_a_raw_equals_sign_belongs_to_the_value() {
    // opentelemetry-rust 0.33 truncates at the second `=`.
    let header = "sig=YWJjZA==";
    assert_eq!(sdk_extract(header)["sig"].0, "YWJjZA");
    assert_eq!(
        StringBaggage::parse(header).unwrap().get("sig"),
        Some("YWJjZA==")
    );
    // What this crate writes has the `=` encoded, so the SDK reads it whole.
    let mut baggage = StringBaggage::new();
    baggage.insert("sig", "YWJjZA==").unwrap();
    assert_eq!(sdk_extract(&baggage.to_header())["sig"].0, "YWJjZA==");
}

#[test]
fn difference_the_sdk_writes_a_percent_sign_raw() {
    // The SDK does not encode `%`, so "100%" goes out malformed and "%41" changes meaning.
    let header = sdk_inject(&[("discount", "100%"), ("ok", "1")]);
    assert!(header.contains("discount=100%"), "{header}");
    assert!(StringBaggage::parse(&header).is_err());
    let (baggage, errors) = StringBaggage::parse_lenient(&header);
    assert_eq!(baggage.get("discount"), None);
    assert_eq!(baggage.get("ok"), Some("1"));
    assert_eq!(errors.len(), 1);
    // This crate writes `%25`, which the SDK decodes to `%`.
    let mut ours = StringBaggage::new();
    ours.insert("discount", "100%").unwrap();
    assert_eq!(ours.to_header(), "discount=100%25");
    assert_eq!(sdk_extract(&ours.to_header())["discount"].0, "100%");
}

#[test]
fn difference_the_sdk_trims_decoded_values() {
    let mut baggage = StringBaggage::new();
    baggage.insert("padded", " x ").unwrap();
    assert_eq!(baggage.to_header(), "padded=%20x%20");
    assert_eq!(sdk_extract(&baggage.to_header())["padded"].0, "x");
    let header = baggage.to_header();
    let read = StringBaggage::parse(&header).unwrap();
    assert_eq!(read.get("padded"), Some(" x "));
}

#[test]
fn difference_keys_are_not_percent_decoded() {
    // The SDK decodes the key to "a b", which its own key check then drops.
    assert!(sdk_extract("a%20b=1").is_empty());
    assert_eq!(sdk_extract("a%21b=1")["a!b"].0, "1");
    assert_eq!(
        StringBaggage::parse("a%20b=1").unwrap().get("a%20b"),
        Some("1")
    );
}

#[test]
fn difference_malformed_members_are_dropped() {
    // The SDK keeps a malformed escape as raw text.
    let header = "a=%zz,b c=2,d=4";
    let sdk = sdk_extract(header);
    assert_eq!(sdk["a"].0, "%zz");
    assert!(!sdk.contains_key("b c"));
    let (baggage, errors) = StringBaggage::parse_lenient(header);
    assert_eq!(baggage.to_header(), "d=4");
    assert_eq!(errors.len(), 2);
}

#[test]
fn difference_member_limit() {
    let header = (0..100)
        .map(|i| format!("k{i}=v"))
        .collect::<Vec<_>>()
        .join(",");
    assert_eq!(sdk_extract(&header).len(), 64);
    assert_eq!(StringBaggage::parse(&header).unwrap().len(), 100);
    let (w3c_minimum, _) = StringBaggage::options()
        .limits(Limits::W3C_MINIMUM)
        .parse_lenient(&header);
    assert_eq!(w3c_minimum.len(), 64);
}

#[test]
fn difference_duplicates_are_kept_and_the_last_wins() {
    let header = "a=1,a=2";
    assert_eq!(sdk_extract(header)["a"].0, "2");
    let baggage = StringBaggage::parse(header).unwrap();
    assert_eq!(baggage.get("a"), Some("2"));
    assert_eq!(baggage.len(), 2);
}
