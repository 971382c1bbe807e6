//! Unit tests of the codec's private readers, searches and escapes, each against a simpler or
//! independent implementation.

use baggage_rules::class;

use super::escape::{decode_checked, encode_value_into, escape_value_from};
use super::grammar::{check_value, scan_member, scan_plain, scan_well_formed, trim_ows};
use super::search::{class_run, find_byte_from, find_equals_or_comma, plain_run};
use super::StringBaggage;
use crate::error::ParseErrorKind;

#[test]
fn ows_is_space_and_tab() {
    assert_eq!(trim_ows(" \t a \t"), "a");
    assert_eq!(trim_ows("\na"), "\na");
}

#[test]
fn insert_replaces_every_occurrence_at_the_first() {
    let mut baggage = StringBaggage::parse("a=1,b=2,a=3,c=4,a=5").unwrap();
    let previous = baggage.insert("a", "9").unwrap();
    assert_eq!(previous.as_deref(), Some("5"));
    assert_eq!(baggage.to_header(), "a=9,b=2,c=4");
}

#[test]
fn remove_removes_every_occurrence() {
    let mut baggage = StringBaggage::parse("a=1,b=2,a=3").unwrap();
    assert_eq!(baggage.remove("a").as_deref(), Some("3"));
    assert_eq!(baggage.to_header(), "b=2");
    assert_eq!(baggage.remove("a"), None);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 10_000,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// The one-pass reader accepts exactly the members the general reader accepts, and
    /// reads them the same.
    #[test]
    fn one_pass_member_reader_agrees(raw in "[ \t]{0,2}[a-c =;%,\"]{0,3}[ \t]{0,2}=?[ \t]{0,2}[a-c=%2CF é;\t]{0,8}(;[ a-c=%]{0,4}){0,2}") {
        let member = raw.split(',').next().unwrap_or_default();
        let fast = scan_well_formed(member, 0).map(|(m, end)| (m.key, m.raw_value, m.escaped, end));
        let general = scan_member(member, 0, 0).map(|m| (m.key, m.raw_value, m.escaped, member.len()));
        match (fast, general) {
            (Some(fast), Ok(general)) => proptest::prop_assert_eq!(fast, general),
            (None, Ok(general)) => proptest::prop_assert!(false, "only the general reader accepts {:?}: {:?}", member, general),
            (Some(fast), Err(error)) => proptest::prop_assert!(false, "only the one-pass reader accepts {:?}: {:?} ({})", member, fast, error),
            (None, Err(_)) => {}
        }
    }

    /// The word-at-a-time search finds the same byte as a search byte by byte.
    #[test]
    fn key_end_search_agrees_with_a_plain_search(bytes in proptest::collection::vec(
        // The two bytes searched for, their neighbours, and the extremes a borrow or carry
        // could confuse.
        proptest::sample::select(vec![b'=', b',', b'<', b'>', b'+', b'-', b'a', 0, 1, 0x7F, 0x80, 0xBD, 0xFF]),
        0..40,
    )) {
        let plain = bytes.iter().position(|&b| b == b'=' || b == b',');
        proptest::prop_assert_eq!(find_equals_or_comma(&bytes), plain);
    }

    /// The word-at-a-time search for one byte finds what a search byte by byte finds.
    #[test]
    fn byte_search_agrees_with_a_plain_search(
        bytes in proptest::collection::vec(
            proptest::sample::select(vec![b'%', b'$', b'&', b'a', 0, 1, 0x7F, 0x80, 0xA5, 0xFF]),
            0..40,
        ),
        from in 0usize..44,
    ) {
        let plain = bytes
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| b == b'%'))
            .map(|offset| from + offset);
        proptest::prop_assert_eq!(find_byte_from(&bytes, from, b'%'), plain);
    }

    /// Escaping in place writes what `percent-encoding` writes, and leaves the text before
    /// the value alone: short values copied aside on the stack, and values whose rest from the
    /// first escape on may be longer than that (30 to 80 characters) copied to the heap.
    #[test]
    fn escaping_in_place_agrees_with_percent_encoding(prefix in "[a-z=,]{0,6}", value in "\\PC{0,12}|[a-z,é]{30,80}") {
        let mut out = format!("{prefix}{value}");
        escape_value_from(&mut out, prefix.len());
        let mut expected = prefix.clone();
        encode_value_into(&value, &mut expected);
        proptest::prop_assert_eq!(out, expected);
    }

    /// The four-byte steps stop at the same byte as a byte-by-byte run.
    #[test]
    fn plain_run_agrees_with_a_byte_run(
        bytes in proptest::collection::vec(
            proptest::sample::select(vec![b'a', b'9', b'=', b'%', b',', b';', b' ', b'"', 0x7F, 0xC3]),
            0..24,
        ),
        from in 0usize..24,
    ) {
        let from = from.min(bytes.len());
        let by_byte = from + class_run(bytes.get(from..).unwrap_or_default(), class::PLAIN);
        proptest::prop_assert_eq!(plain_run(&bytes, from), by_byte);
    }

    /// The plain-member reader only accepts members the general reader accepts, and reads
    /// them the same; what it declines, the others read.
    #[test]
    fn plain_member_reader_agrees(raw in "[a-c=%,;\" \t]{0,2}[a-c_.]{0,4}=?[a-c=%2CcF8 é;,\t]{0,10}") {
        let fast = scan_plain(&raw, None).map(|(m, after)| (m.key, m.raw_value, m.escaped, raw.len() - after.len()));
        if let Some(fast) = fast {
            let end = fast.3;
            let member = raw.get(..end).unwrap_or_default();
            let general = scan_member(member, 0, 0).map(|m| (m.key, m.raw_value, m.escaped, member.len()));
            proptest::prop_assert_eq!(Ok(fast), general.map_err(|e| e.to_string()));
            proptest::prop_assert!(end == raw.len() || raw.as_bytes().get(end) == Some(&b','));
        }
    }
}

#[test]
fn escapes_are_checked_without_decoding() {
    assert_eq!(check_value("plain"), Ok(false));
    assert_eq!(check_value("Am%C3%A9lie%F0%9F%A7%B3"), Ok(true));
    assert_eq!(
        check_value("a%2"),
        Err((1, ParseErrorKind::MalformedEscape))
    );
    assert_eq!(
        check_value("%zz"),
        Err((0, ParseErrorKind::MalformedEscape))
    );
    assert_eq!(
        check_value("ok%4"),
        Err((2, ParseErrorKind::MalformedEscape))
    );
}

/// Octets that are not UTF-8 are grammatical: they decode to U+FFFD, one for each maximal
/// invalid sequence, exactly as `String::from_utf8_lossy` replaces them.
#[test]
fn octets_that_are_not_utf8_decode_to_replacement_characters() {
    for (raw, octets) in [
        ("%C3", &b"\xC3"[..]),
        ("%FF", b"\xFF"),
        ("%C3%28", b"\xC3("),
        ("%ED%A0%80", b"\xED\xA0\x80"),
        ("%F0%9F%A7", b"\xF0\x9F\xA7"),
        ("a%E2%82b", b"a\xE2\x82b"),
        ("%C0%AF", b"\xC0\xAF"),
    ] {
        assert_eq!(check_value(raw), Ok(true), "{raw}");
        assert_eq!(
            decode_checked(raw, true),
            String::from_utf8_lossy(octets),
            "{raw}"
        );
    }
    assert_eq!(decode_checked("%C3%28", true), "\u{FFFD}(");
}

/// An owned member keeps one copy of the text it was received with; its key and its value
/// (when it holds no escape) read from that copy, and every operation sees them as before.
#[test]
fn owned_members_read_key_and_value_from_their_received_text() {
    let header = " a=1 ;p=q, b = x%20y ,c=plain,a=2";
    let borrowed = StringBaggage::parse(header).unwrap();
    let mut owned = borrowed.clone().into_owned();
    assert_eq!(owned, borrowed);
    assert_eq!(owned.to_header(), borrowed.to_header());
    let members: Vec<_> = owned
        .iter()
        .map(|m| (m.key(), m.value(), m.received(), m.is_value_borrowed()))
        .collect();
    assert_eq!(
        members,
        [
            ("a", "1", Some("a=1 ;p=q"), false),
            ("b", "x y", Some("b = x%20y"), false),
            ("c", "plain", Some("c=plain"), false),
            ("a", "2", Some("a=2"), false),
        ]
    );
    assert_eq!(
        format!("{:?}", owned.get_member("c").unwrap()),
        r#"Member { key: "c", value: "plain", properties: [], received: Some("c=plain") }"#
    );
    let cloned = owned.clone();
    assert_eq!(cloned.get("c"), Some("plain"));

    // A property added: the member is written anew, its key and value kept.
    let c = owned.get_member("c").unwrap().clone();
    let c = c.with_property("source", Some("edge")).unwrap();
    assert_eq!((c.key(), c.value(), c.received()), ("c", "plain", None));
    assert_eq!(c.to_string(), "c=plain;source=edge");

    // Replaced and removed values come back whole.
    assert_eq!(owned.insert("c", "new").unwrap().as_deref(), Some("plain"));
    assert_eq!(owned.remove("a").as_deref(), Some("2"));
    assert_eq!(owned.remove("b").as_deref(), Some("x y"));
    assert_eq!(owned.to_header(), "c=new");
}
