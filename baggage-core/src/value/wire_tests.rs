//! Unit tests of the values' readers from the wire and from text: lists and their item escapes,
//! `Option`, the borrowed readers, and the integer and `bool` fast paths.

use std::borrow::Cow;

use super::{BaggageValue, BorrowValue};
use crate::codec::{escape_value_from, WireValue};

/// What a value's member carries on the wire: its text as the type writes it, percent-encoded
/// as the writer encodes it.
fn on_the_wire<T: BaggageValue>(value: &T) -> String {
    let mut out = String::new();
    value.encode(&mut out).unwrap();
    escape_value_from(&mut out, 0);
    out
}

fn wire(raw: &str) -> WireValue<'_> {
    WireValue::new(raw, raw.contains('%'))
}

/// A list's items come back as they were, whatever they hold, from the wire and from the
/// decoded text, and a reader that splits the decoded text at commas sees each item without a
/// comma as it was.
#[test]
fn list_items_come_back_as_written() {
    for items in [
        vec!["a,b", "50%", "%2C", "%25", "%2c", "plain", "", "x%"],
        vec!["one"],
        vec!["", "x"],
        vec!["a", "b", "c"],
    ] {
        let items: Vec<String> = items.into_iter().map(str::to_owned).collect();
        let raw = on_the_wire(&items);
        assert_eq!(
            Vec::<String>::decode_wire(wire(&raw)).unwrap(),
            items,
            "{raw}"
        );
        let decoded = wire(&raw).decoded();
        assert_eq!(Vec::<String>::decode(&decoded).unwrap(), items, "{decoded}");
        let borrowed = Vec::<Cow<'_, str>>::decode_borrowed(wire(&raw)).unwrap();
        assert_eq!(borrowed, items, "{raw}");
    }
    assert_eq!(on_the_wire(&vec!["a".to_owned(), "b".to_owned()]), "a%2Cb");
    assert_eq!(on_the_wire(&vec!["a,b".to_owned()]), "a%252Cb");
    assert_eq!(
        on_the_wire(&vec!["50%".to_owned(), "%2C".to_owned()]),
        "50%25%2C%25252C"
    );
    assert_eq!(on_the_wire(&Vec::<String>::new()), "");
    assert_eq!(
        Vec::<String>::decode_wire(wire("")).unwrap(),
        Vec::<String>::new()
    );
    assert!(on_the_wire_result(&vec![String::new()]).is_err());
    assert_eq!(
        Vec::<u8>::decode_wire(wire("1%2C2%2C3")).unwrap(),
        [1, 2, 3]
    );
    let error = Vec::<u8>::decode_wire(wire("1%2Cx")).unwrap_err();
    assert!(error.reason().contains("list item 1"), "{error}");
}

fn on_the_wire_result<T: BaggageValue>(value: &T) -> Result<String, crate::ValueError> {
    let mut out = String::new();
    value.encode(&mut out).map(|()| out)
}

/// `Option`: an empty value is `None` unless the type reads it; anything else is the type's.
#[test]
fn option_reads_an_empty_value_as_none() {
    assert_eq!(on_the_wire(&Some(5u32)), "5");
    assert_eq!(on_the_wire(&None::<u32>), "");
    assert_eq!(Option::<u32>::decode(""), Ok(None));
    assert_eq!(Option::<u32>::decode("7"), Ok(Some(7)));
    assert!(Option::<u32>::decode("x").is_err());
    assert_eq!(Option::<u32>::decode_owned(String::new()), Ok(None));
    assert_eq!(Option::<u32>::decode_owned("7".into()), Ok(Some(7)));
    assert!(Option::<u32>::decode_owned("x".into()).is_err());
    assert_eq!(Option::<u32>::decode_wire(wire("")), Ok(None));
    assert_eq!(Option::<u32>::decode_wire(wire("7")), Ok(Some(7)));
    assert_eq!(
        Option::<String>::decode_wire(wire("a%20b")),
        Ok(Some("a b".into()))
    );
    // A string reads the empty value itself.
    assert_eq!(Option::<String>::decode(""), Ok(Some(String::new())));
    assert_eq!(Option::<u32>::when_absent(), Some(None));
}

/// The borrowed readers borrow what holds no escape and own what does.
#[test]
fn borrowed_readers_borrow_what_they_can() {
    assert!(matches!(
        Cow::decode_borrowed(wire("ab")),
        Ok(Cow::Borrowed("ab"))
    ));
    assert!(matches!(Cow::decode_borrowed(wire("a%20b")), Ok(Cow::Owned(text)) if text == "a b"));
    assert_eq!(
        Option::<Cow<'_, str>>::decode_borrowed(wire("x")),
        Ok(Some("x".into()))
    );
    let items = Vec::<Cow<'_, str>>::decode_borrowed(wire("a%2Cb%20c")).unwrap();
    assert!(matches!(items.as_slice(), [Cow::Borrowed("a"), Cow::Owned(b)] if b == "b c"));
    assert_eq!(Cow::<str>::decode("x").unwrap(), "x");
    assert_eq!(Cow::<str>::decode_owned("y".into()).unwrap(), "y");
    assert_eq!(on_the_wire(&Cow::Borrowed("a b")), "a%20b");
}

/// Integers: the digit fast path and the standard parser agree at every length, and an
/// integer too large for its type says so.
#[test]
fn integers_read_at_every_length() {
    for text in [
        "0",
        "7",
        "42",
        "999999999",
        "1234567890123456789",
        "9999999999999999999",
        "12345678901234567890",
        "18446744073709551615",
        "+1",
        "-1",
    ] {
        assert_eq!(u64::decode(text).ok(), text.parse().ok(), "{text}");
        assert_eq!(i64::decode(text).ok(), text.parse().ok(), "{text}");
        assert_eq!(u32::decode(text).ok(), text.parse().ok(), "{text}");
    }
    for text in ["", "1a", "-", " 1", "18446744073709551616", "/", ":"] {
        assert!(u64::decode(text).is_err(), "{text}");
    }
    assert_eq!(u8::decode("255"), Ok(255));
    let error = u8::decode("256").unwrap_err();
    assert!(error.reason().contains("too large for u8"), "{error}");
    let error = i8::decode("-129").unwrap_err();
    assert!(error.reason().contains("too small for i8"), "{error}");
    assert_eq!(on_the_wire(&12345u64), "12345");
}

/// `bool` and `char` write and read their text.
#[test]
fn bools_and_chars_write_their_text() {
    assert_eq!(on_the_wire(&true), "true");
    assert_eq!(on_the_wire(&false), "false");
    for (text, value) in [
        ("true", true),
        ("false", false),
        ("True", true),
        ("FALSE", false),
    ] {
        assert_eq!(bool::decode(text), Ok(value), "{text}");
    }
    assert!(bool::decode("yes").is_err());
    assert_eq!(on_the_wire(&'é'), "%C3%A9");
    assert_eq!(char::decode("é"), Ok('é'));
}
