//! Properties that hold for every input: written baggage reads back the same, every value type
//! round trips, and no input makes the parser panic.

use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::num::{NonZeroI64, NonZeroU8};
use std::sync::Arc;

use baggage::codec::encoded_value_len;
use baggage::{BaggageValue, Member, StringBaggage};
use proptest::prelude::*;

const CASES: u32 = 10_000;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn key() -> impl Strategy<Value = String> {
    "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}"
}

fn member() -> impl Strategy<Value = Member<'static>> {
    (
        key(),
        any::<String>(),
        prop::collection::vec((key(), prop::option::of(any::<String>())), 0..3),
    )
        .prop_map(|(key, value, properties)| {
            let mut member = Member::new(key, value).expect("generated keys are tokens");
            for (key, value) in properties {
                member = member
                    .with_property(key, value)
                    .expect("generated keys are tokens");
            }
            member
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn written_baggage_reads_back_the_same(members in prop::collection::vec(member(), 0..12)) {
        let baggage: StringBaggage<'_> = members.into_iter().collect();
        let header = baggage.to_header();
        prop_assert_eq!(header.len(), baggage.encoded_len());
        let again = StringBaggage::parse(&header).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if baggage.fits_limits() {
            prop_assert_eq!(&again, &baggage);
        } else {
            // Past the limits, whole members are left out from the end.
            prop_assert!(again.len() < baggage.len());
            prop_assert!(again.iter().zip(baggage.iter()).all(|(a, b)| a == b));
        }
    }

    #[test]
    fn strict_parse_never_panics_on_text(header in any::<String>()) {
        let _ = StringBaggage::parse(&header);
    }

    #[test]
    fn lenient_parse_never_panics_and_keeps_only_valid_members(header in any::<String>()) {
        let (baggage, _) = StringBaggage::parse_lenient(&header);
        let written = baggage.to_header();
        prop_assert_eq!(StringBaggage::parse(&written).ok(), Some(baggage));
    }

    #[test]
    fn lenient_parse_never_panics_on_header_like_text(
        header in "[ \t,;=%a-z0-9A-F\"\\\\\u{7f}é]{0,64}"
    ) {
        let (baggage, errors) = StringBaggage::parse_lenient(&header);
        match StringBaggage::parse(&header) {
            Ok(strict) => {
                prop_assert!(errors.is_empty());
                prop_assert_eq!(strict, baggage);
            }
            Err(error) => prop_assert_eq!(errors.first(), Some(&error)),
        }
    }

    #[test]
    fn parse_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = StringBaggage::parse(&text);
        let _ = StringBaggage::parse_lenient(&text);
    }
}

/// Encodes `value`, checks the encoded length against the type's bound, and decodes it again.
fn round_trip<T: BaggageValue + PartialEq + std::fmt::Debug>(
    value: &T,
) -> Result<(), TestCaseError> {
    let mut text = String::new();
    value
        .encode(&mut text)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    if let Some(max) = T::MAX_ENCODED_LEN {
        prop_assert!(
            encoded_value_len(&text) <= max,
            "{text:?} is longer on the wire than {max}"
        );
    }
    // Through the codec as well, so that the value survives percent-encoding.
    let mut baggage = StringBaggage::new();
    baggage
        .insert("k", text)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let header = baggage.to_header();
    let read = StringBaggage::parse(&header).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let decoded = T::decode(read.get("k").unwrap_or_default())
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&decoded, value);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn integers_round_trip(
        values in (any::<u8>(), any::<u16>(), any::<u32>(), any::<u64>(), any::<u128>(), any::<usize>()),
        signed in (any::<i8>(), any::<i16>(), any::<i32>(), any::<i64>(), any::<i128>(), any::<isize>()),
    ) {
        round_trip(&values.0)?; round_trip(&values.1)?; round_trip(&values.2)?;
        round_trip(&values.3)?; round_trip(&values.4)?; round_trip(&values.5)?;
        round_trip(&signed.0)?; round_trip(&signed.1)?; round_trip(&signed.2)?;
        round_trip(&signed.3)?; round_trip(&signed.4)?; round_trip(&signed.5)?;
    }

    #[test]
    fn non_zero_integers_round_trip(a in 1u8.., b in any::<i64>().prop_filter("non-zero", |v| *v != 0)) {
        round_trip(&NonZeroU8::new(a).expect("non-zero"))?;
        round_trip(&NonZeroI64::new(b).expect("non-zero"))?;
    }

    #[test]
    fn floats_round_trip_exactly(a in any::<f64>(), b in any::<f32>()) {
        if a.is_finite() {
            round_trip(&a)?;
        }
        if b.is_finite() {
            round_trip(&b)?;
        }
    }

    #[test]
    fn scalars_round_trip(flag in any::<bool>(), character in any::<char>(), text in any::<String>()) {
        round_trip(&flag)?;
        round_trip(&character)?;
        round_trip(&text)?;
        round_trip(&Box::<str>::from(text.as_str()))?;
        round_trip(&Arc::<str>::from(text.as_str()))?;
        round_trip(&Cow::<str>::Owned(text.clone()))?;
        round_trip(&Some(text))?;
    }

    #[test]
    fn addresses_round_trip(v4 in any::<[u8; 4]>(), v6 in any::<[u16; 8]>()) {
        let v4 = Ipv4Addr::from(v4);
        let v6 = Ipv6Addr::from(v6);
        round_trip(&v4)?;
        round_trip(&v6)?;
        round_trip(&IpAddr::V4(v4))?;
        round_trip(&IpAddr::V6(v6))?;
    }

    #[test]
    fn lists_round_trip(
        texts in prop::collection::vec(any::<String>(), 0..6)
            .prop_filter("one empty item has no form", |v| v.as_slice() != [String::new()]),
        numbers in prop::collection::vec(any::<i32>(), 0..6),
        floats in prop::collection::vec(-1e20f64..1e20, 0..6),
    ) {
        round_trip(&texts)?;
        round_trip(&numbers)?;
        round_trip(&floats)?;
    }
}

#[test]
fn extreme_floats_stay_within_their_bound() {
    for value in [
        f64::MIN,
        f64::MAX,
        f64::MIN_POSITIVE,
        -f64::MIN_POSITIVE,
        5e-324,
        -1.234_567_890_123_456_7e-5,
        -9_999_999_999_999_998.0,
        0.1 + 0.2,
    ] {
        round_trip(&value).unwrap();
    }
    for value in [
        f32::MIN,
        f32::MAX,
        f32::MIN_POSITIVE,
        -1.234_567_9e-5,
        -9_999_999e9,
    ] {
        round_trip(&value).unwrap();
    }
}

/// A derived struct's text fields take any text; written with `to_header`, which escapes each
/// value in place in the header buffer, and read back by both typed readers.
#[derive(Debug, PartialEq, baggage::Baggage)]
struct Texts {
    count: u64,
    #[baggage(allow_pii = "arbitrary text in a round-trip test")]
    text: String,
    #[baggage(allow_pii = "arbitrary text in a round-trip test", default)]
    items: Vec<String>,
    #[baggage(allow_pii = "arbitrary text in a round-trip test")]
    note: Option<String>,
}

#[derive(Debug, PartialEq, baggage::Baggage)]
struct BorrowedTexts<'h> {
    count: u64,
    #[baggage(allow_pii = "arbitrary text in a round-trip test")]
    text: Cow<'h, str>,
    #[baggage(allow_pii = "arbitrary text in a round-trip test", default)]
    items: Vec<Cow<'h, str>>,
    #[baggage(allow_pii = "arbitrary text in a round-trip test")]
    note: Option<Cow<'h, str>>,
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn derived_structs_round_trip_any_text(
        count in any::<u64>(),
        text in any::<String>(),
        items in prop::collection::vec(any::<String>(), 0..4)
            .prop_filter("one empty item has no form", |v| v.as_slice() != [String::new()]),
        note in prop::option::of(any::<String>()),
    ) {
        use baggage::{Baggage, BorrowBaggage};
        let texts = Texts { count, text, items, note };
        let header = texts.to_header().map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert!(header.bytes().all(|b| b.is_ascii_graphic()), "{header}");
        let owned = Texts::from_header(&header).map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(&owned, &texts);
        let borrowed = BorrowedTexts::from_header_borrowed(&header)
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(borrowed.count, texts.count);
        prop_assert_eq!(&borrowed.text, &texts.text);
        prop_assert_eq!(&borrowed.items, &texts.items);
        prop_assert_eq!(borrowed.note.as_deref(), texts.note.as_deref());
    }
}
