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

    // A member whose key is part of its received text and whose value (escaped) is not.
    let b = owned.get_member("b").unwrap().clone();
    let b = b.with_property("p", None::<&str>).unwrap();
    assert_eq!((b.key(), b.value(), b.received()), ("b", "x y", None));

    // Replaced and removed values come back whole.
    assert_eq!(owned.insert("c", "new").unwrap().as_deref(), Some("plain"));
    assert_eq!(owned.remove("a").as_deref(), Some("2"));
    assert_eq!(owned.remove("b").as_deref(), Some("x y"));
    assert_eq!(owned.to_header(), "c=new");
}

/// What a member read with properties, escapes and whitespace says of itself: each accessor,
/// its length as written, and what equality and hashing compare.
#[test]
fn a_member_read_from_a_header_describes_itself() {
    use std::hash::{BuildHasher, RandomState};

    use super::{Member, Property};

    let baggage = StringBaggage::parse("plain=v, esc = a%20b ;p=%41 ;flag , user=x").unwrap();
    let members: Vec<&Member<'_>> = baggage.iter().collect();
    let [plain, esc, user] = members.as_slice() else {
        panic!("three members: {members:?}");
    };
    assert_eq!((plain.key(), plain.value()), ("plain", "v"));
    assert!(plain.is_value_borrowed());
    assert!(!esc.is_value_borrowed());
    assert_eq!((esc.key(), esc.value()), ("esc", "a b"));
    assert_eq!(esc.received(), Some("esc = a%20b ;p=%41 ;flag"));
    let properties: Vec<(&str, Option<&str>)> = esc
        .properties()
        .iter()
        .map(|p| (p.key(), p.value()))
        .collect();
    assert_eq!(properties, [("p", Some("A")), ("flag", None)]);
    assert_eq!(user.properties(), &[]);

    // A member's length is that of its text as written: as received, or as written anew.
    for member in &members {
        assert_eq!(member.encoded_len(), member.to_string().len(), "{member}");
        let made = Member::new(member.key().to_owned(), member.value().to_owned()).unwrap();
        assert_eq!(made.encoded_len(), made.to_string().len(), "{made}");
        assert_eq!(made.received(), None);
    }
    let anew = Member::new("esc", "a b")
        .unwrap()
        .with_property("p", Some("A"))
        .unwrap()
        .with_property("flag", None::<&str>)
        .unwrap();
    assert_eq!(anew.to_string(), "esc=a%20b;p=A;flag");
    assert_eq!(anew.encoded_len(), "esc=a%20b;p=A;flag".len());
    let property = Property::new("note", Some("x y")).unwrap();
    let with_note = Member::new("k", "v")
        .unwrap()
        .with_property("note", Some("x y"))
        .unwrap();
    assert_eq!(with_note.properties(), std::slice::from_ref(&property));
    assert_eq!(with_note.encoded_len(), "k=v;note=x%20y".len());
    assert!(Property::new("bad key", None::<&str>).is_err());
    assert_eq!(property.clone().into_owned(), property);

    // Equality and hashing compare key, decoded value and properties, not the text read.
    assert_eq!(**esc, anew);
    let state = RandomState::new();
    assert_eq!(state.hash_one(*esc), state.hash_one(&anew));
    for other in [
        Member::new("esc2", "a b").unwrap(),
        Member::new("esc", "a c").unwrap(),
        Member::new("esc", "a b").unwrap(),
    ] {
        assert_ne!(**esc, other);
        assert_ne!(state.hash_one(*esc), state.hash_one(&other));
    }
}

/// What the parser hands a typed reader: the value as it is on the wire.
#[test]
fn a_wire_value_is_the_text_between_equals_and_comma() {
    use super::WireValue;

    for (raw, escaped, decoded, decoded_len) in [
        ("plain", false, "plain", 5),
        ("a%20b", true, "a b", 3),
        ("%C3%A9t%C3%A9", true, "été", 5),
        ("%FF", true, "\u{FFFD}", 3),
        ("%80", true, "\u{FFFD}", 3),
        ("a%20b%20c", true, "a b c", 5),
        ("", false, "", 0),
    ] {
        let value = WireValue::new(raw, escaped);
        assert_eq!(value.raw(), raw);
        assert_eq!(value.is_escaped(), escaped);
        assert_eq!(value.decoded(), decoded);
        assert_eq!(value.decoded_len(), decoded_len, "{raw}");
        assert_eq!(value.decoded_len(), value.decoded().len(), "{raw}");
    }
}

/// The baggage's own operations, on the members a header gave it: lookups with duplicates,
/// removal, retention, lengths, and what the limits let through.
#[test]
fn string_baggage_operations_see_every_member() {
    use super::{Limits, Member};
    use crate::error::InsertError;

    let mut baggage = StringBaggage::parse("a=1,b=2,a=3, c = x%20y").unwrap();
    assert_eq!(baggage.len(), 4);
    assert!(!baggage.is_empty());
    assert_eq!(baggage.get("a"), Some("3"));
    assert_eq!(
        baggage.get_member("a").map(Member::received),
        Some(Some("a=3"))
    );
    assert_eq!(baggage.get_all("a").collect::<Vec<_>>(), ["1", "3"]);
    assert_eq!(baggage.get("c"), Some("x y"));
    assert_eq!((baggage.get("z"), baggage.get_member("z")), (None, None));
    assert_eq!(baggage.get_all("z").count(), 0);
    assert_eq!(baggage.encoded_len(), baggage.to_header().len());
    assert_eq!(baggage.to_header(), "a=1,b=2,a=3,c = x%20y");
    let mut appended = String::from("x=0,");
    baggage.write_header(&mut appended);
    assert_eq!(appended, "x=0,a=1,b=2,a=3,c = x%20y");
    assert!(baggage.fits_limits());
    assert_eq!(
        baggage.iter().map(Member::key).collect::<Vec<_>>(),
        ["a", "b", "a", "c"]
    );

    assert_eq!(baggage.remove("a").as_deref(), Some("3"));
    assert_eq!(baggage.remove("a"), None);
    baggage.retain(|member| member.key() != "b");
    assert_eq!(baggage.to_header(), "c = x%20y");
    baggage.extend([Member::new("d", "4").unwrap()]);
    assert_eq!(baggage.to_header(), "c = x%20y,d=4");
    assert_ne!(baggage, StringBaggage::parse("c=x%20y").unwrap());
    assert_eq!(baggage, StringBaggage::parse("c=x%20y,d=4").unwrap());
    baggage.retain(|_| false);
    assert!(baggage.is_empty());
    assert_eq!((baggage.len(), baggage.encoded_len()), (0, 0));

    // Inserting at the limits: the last member that fits is taken, the next one refused.
    let (mut limited, _) = StringBaggage::options()
        .limits(Limits::new(2, 7))
        .parse_lenient("a=1");
    assert_eq!(limited.insert("b", "2").unwrap(), None);
    assert_eq!(limited.to_header(), "a=1,b=2");
    assert!(matches!(
        limited.insert("c", "3"),
        Err(InsertError::TooManyMembers { limit: 2, .. })
    ));
    assert_eq!(limited.insert("b", "9").unwrap().as_deref(), Some("2"));
    assert!(matches!(
        limited.insert("b", "99"),
        Err(InsertError::TooLong {
            limit: 7,
            len: 8,
            ..
        })
    ));
    assert_eq!(limited.to_header(), "a=1,b=9");

    // What does not fit the limits is left out of the header whole, from the end.
    let over: StringBaggage<'_> = ["a", "b", "c"]
        .into_iter()
        .map(|key| Member::new(key, "1").unwrap())
        .collect();
    assert!(over.fits_limits());
    let (mut cut, _) = StringBaggage::options()
        .limits(Limits::new(3, 8))
        .parse_lenient("a=1,b=2");
    cut.extend([Member::new("c", "3").unwrap()]);
    assert!(!cut.fits_limits());
    assert_eq!(cut.to_header(), "a=1,b=2");
    assert_eq!(cut.encoded_len(), 7);
}

/// Reading lines: blank ones skipped, the others joined as one list whose bytes count the
/// commas between lines; a limit keeps whole members, strict reading stops at an error.
#[test]
fn lines_are_read_as_one_list_under_the_limits() {
    use super::Limits;

    let (joined, errors) =
        StringBaggage::options().parse_lines_lenient(["a=1", " \t", "", "b=2,c=3"]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(joined.to_header(), "a=1,b=2,c=3");

    // 11 bytes with the comma between the lines: a limit of 11 keeps all, of 10 cuts `c=3`.
    let at = |max_bytes| {
        StringBaggage::options()
            .limits(Limits::new(180, max_bytes))
            .parse_lines_lenient(["a=1,b=2", "c=3"])
    };
    let (all, errors) = at(11);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(all.len(), 3);
    let (cut, errors) = at(10);
    assert_eq!(cut.to_header(), "a=1,b=2");
    let [limit] = errors.as_slice() else {
        panic!("one limit error: {errors:?}");
    };
    assert!(limit.is_limit());
    assert_eq!(limit.member(), 2);
    assert_eq!(
        limit.kind(),
        &ParseErrorKind::TooLong { limit: 10, len: 11 }
    );
    assert_eq!(cut.limit_error(), Some(limit));

    // A line cut inside: whole members before the cut are kept (8 bytes fit 9, 12 do not;
    // 8 do not fit 7).
    let (cut, errors) = StringBaggage::options()
        .limits(Limits::new(180, 9))
        .parse_lenient("a=1,b=22,c=3");
    assert_eq!(cut.to_header(), "a=1,b=22");
    assert_eq!(errors[0].member(), 2);
    let (cut_short, _) = StringBaggage::options()
        .limits(Limits::new(180, 7))
        .parse_lenient("a=1,b=22,c=3");
    assert_eq!(cut_short.to_header(), "a=1");
    assert_eq!(errors.len(), 1);
    assert!(matches!(
        errors[0].kind(),
        ParseErrorKind::TooLong { limit: 9, len: 12 }
    ));

    // Members over the member limit: the first ones are kept, the error names where it cut.
    let (kept, errors) = StringBaggage::options()
        .limits(Limits::new(2, 8192))
        .parse_lenient("a=1,b=2,c=3,d=4");
    assert_eq!(kept.to_header(), "a=1,b=2");
    assert!(matches!(
        errors.as_slice(),
        [error] if error.member() == 2
            && matches!(error.kind(), ParseErrorKind::TooManyMembers { limit: 2 })
    ));

    assert_eq!(errors[0].offset(), 8);
    // Members with whitespace (read by the general reader) count against the limit too.
    let (kept, errors) = StringBaggage::options()
        .limits(Limits::new(2, 8192))
        .parse_lenient("a=1 ,b=2 ,c=3 ,d=4");
    assert_eq!(kept.len(), 2);
    assert!(errors[0].is_limit());
    // Each member read counts for the positions of the errors after it.
    let (_, errors) = StringBaggage::parse_lenient("x y=1,c=%zz,d=1,(=2");
    let members: Vec<usize> = errors.iter().map(|error| error.member()).collect();
    assert_eq!(members, [0, 1, 3]);

    // Lenient reading drops the malformed member and goes on; strict reading stops there.
    let (lenient, errors) = StringBaggage::parse_lenient("a=1,b=%zz,c=3");
    assert_eq!(lenient.to_header(), "a=1,c=3");
    assert_eq!((errors.len(), errors[0].member()), (1, 1));
    assert_eq!(lenient.read_errors(), errors.as_slice());
    assert_eq!(lenient.limit_error(), None);
    let strict = StringBaggage::parse("a=1,b=%zz,c=3").unwrap_err();
    assert_eq!((strict.member(), strict.key()), (1, Some("b")));
    assert!(StringBaggage::parse("a=1")
        .unwrap()
        .read_errors()
        .is_empty());
}

/// The conversions and iterators of `StringBaggage`, its limits, and what it remembers of the
/// members its reading dropped.
#[test]
fn string_baggage_converts_iterates_and_remembers_what_was_dropped() {
    use super::{Limits, Member};
    use crate::error::ParseError;

    let owned: StringBaggage<'static> = "a=1, b=x%20y".parse().unwrap();
    assert_eq!(owned.to_string(), "a=1,b=x%20y");
    assert!("a=%zz".parse::<StringBaggage<'static>>().is_err());
    let keys: Vec<&str> = (&owned).into_iter().map(Member::key).collect();
    assert_eq!(keys, ["a", "b"]);
    let values: Vec<String> = owned
        .clone()
        .into_iter()
        .map(|member| member.value().to_owned())
        .collect();
    assert_eq!(values, ["1", "x y"]);

    let collected: StringBaggage<'_> = [Member::new("k", "v").unwrap()].into_iter().collect();
    assert_eq!(collected.to_header(), "k=v");
    assert_eq!(collected.limits(), Limits::DEFAULT);
    let mut limited = StringBaggage::with_limits(Limits::new(1, 100));
    assert_eq!(limited.limits(), Limits::new(1, 100));
    assert!(limited.is_empty());
    limited.insert("a", "1").unwrap();
    assert!(limited.insert("b", "2").is_err());

    let (read, _) = StringBaggage::parse_lenient("a=%zz,b=1");
    assert_eq!(read.dropped_reason("a").map(ParseError::member), Some(0));
    assert_eq!(read.dropped_reason("b"), None);
    let (cut, _) = StringBaggage::options()
        .limits(Limits::new(1, 8192))
        .parse_lenient("a=1,b=2");
    assert!(cut.dropped_reason("b").is_some_and(ParseError::is_limit));
}

/// The plain reader checks each escape where it stands: hex digits further on do not make a
/// malformed escape well formed.
#[test]
fn the_plain_reader_checks_each_escape_where_it_stands() {
    for raw in [
        "k=v%4zA",
        "kk=v%4z0F",
        "key=vv%4z00000",
        "k=%z4A",
        "k=v%4",
        "k=%",
    ] {
        assert!(scan_plain(raw, None).is_none(), "{raw}");
        assert!(StringBaggage::parse(raw).is_err(), "{raw}");
    }
    let (member, after) = scan_plain("k=a%41b,rest", Some(1)).unwrap();
    assert_eq!(
        (member.key, member.raw_value, member.escaped, after),
        ("k", "a%41b", true, ",rest")
    );
}

/// A parse error points at the byte that is wrong, counted in the header line, and names the
/// key as read even when it is too long to show whole.
#[test]
fn errors_point_at_the_byte_that_is_wrong() {
    let error = |header: &str| StringBaggage::parse(header).unwrap_err();
    for (header, offset, kind) in [
        ("a=1, b c=2", 6, ParseErrorKind::InvalidKey { byte: b' ' }),
        ("a=1,b= x%zz", 8, ParseErrorKind::MalformedEscape),
        ("a=1;p q", 5, ParseErrorKind::InvalidKey { byte: b' ' }),
        ("a=1;p=%z1", 6, ParseErrorKind::MalformedEscape),
        ("a=1,  bc", 6, ParseErrorKind::MissingEquals),
        ("a=1;;b", 4, ParseErrorKind::EmptyProperty),
        ("(=1", 0, ParseErrorKind::InvalidKey { byte: b'(' }),
        ("a=1,(=2", 4, ParseErrorKind::InvalidKey { byte: b'(' }),
    ] {
        let error = error(header);
        assert_eq!((error.offset(), error.kind()), (offset, &kind), "{header}");
    }
    let long_key = "k".repeat(100);
    let error = error(&format!("{long_key}=%zz"));
    assert_ne!(error.key(), Some(long_key.as_str()));
    assert!(error.is_about(&long_key));
    assert!(!error.is_about(&"k".repeat(99)));
}
