//! The W3C Baggage grammar, case by case: every header is read strictly and leniently, and both
//! results are checked.

use baggage::{Limits, Member, ParseErrorKind, StringBaggage};

/// A member as `key="value"`, then `;key` or `;key="value"` per property (values decoded).
fn render(member: &Member<'_>) -> String {
    let mut out = format!("{}={:?}", member.key(), member.value());
    for property in member.properties() {
        match property.value() {
            Some(value) => out.push_str(&format!(";{}={value:?}", property.key())),
            None => out.push_str(&format!(";{}", property.key())),
        }
    }
    out
}

fn rendered(baggage: &StringBaggage<'_>) -> Vec<String> {
    baggage.iter().map(render).collect()
}

enum Expect {
    /// Valid: strict and lenient both read these members.
    Valid(&'static [&'static str]),
    /// Malformed: strict fails with `first`; lenient keeps `kept` and reports `errors` errors.
    Malformed {
        first: ParseErrorKind,
        kept: &'static [&'static str],
        errors: usize,
    },
}

use Expect::{Malformed, Valid};

fn cases() -> Vec<(&'static str, String, Expect)> {
    let long_value = "v".repeat(8190);
    let at_limit = format!("k={long_value}"); // 8192 bytes exactly
    let over_limit = format!("k={long_value}x");
    let many = |n: usize| {
        (0..n)
            .map(|i| format!("k{i}=v"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let s = |text: &str| text.to_owned();
    vec![
        // The examples in the text of the W3C specification.
        ("spec: simple", s("SomeKey=SomeValue"), Valid(&[r#"SomeKey="SomeValue""#])),
        (
            "spec: two members",
            s("key1=value1,key2=value2"),
            Valid(&[r#"key1="value1""#, r#"key2="value2""#]),
        ),
        (
            "spec: whitespace",
            s("key1 = value1, key2 = value2"),
            Valid(&[r#"key1="value1""#, r#"key2="value2""#]),
        ),
        (
            "spec: properties",
            s("key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue"),
            Valid(&[
                r#"key1="value1";property1;property2"#,
                r#"key2="value2""#,
                r#"key3="value3";propertyKey="propertyValue""#,
            ]),
        ),
        (
            "spec: percent-encoded space",
            s("userId=alice,serverNode=DF%2028,isProduction=false"),
            Valid(&[r#"userId="alice""#, r#"serverNode="DF 28""#, r#"isProduction="false""#]),
        ),
        (
            "spec: percent-encoded UTF-8",
            s("userId=Am%C3%A9lie,serverNode=DF%2028,isProduction=false"),
            Valid(&[r#"userId="Amélie""#, r#"serverNode="DF 28""#, r#"isProduction="false""#]),
        ),
        // Whitespace.
        ("empty header", s(""), Valid(&[])),
        ("blank header", s(" \t "), Valid(&[])),
        ("leading and trailing spaces", s("  a=1  "), Valid(&[r#"a="1""#])),
        ("tabs around =", s("a\t=\t1"), Valid(&[r#"a="1""#])),
        ("spaces around a key only", s(" a =1,b\t=2"), Valid(&[r#"a="1""#, r#"b="2""#])),
        ("spaces around ,", s("a=1 ,  b=2"), Valid(&[r#"a="1""#, r#"b="2""#])),
        ("spaces around ;", s("a=1 ; p = x ; q"), Valid(&[r#"a="1";p="x";q"#])),
        (
            "space inside a value",
            s("a=b c"),
            Malformed { first: ParseErrorKind::InvalidValue { byte: b' ' }, kept: &[], errors: 1 },
        ),
        (
            "space inside a key",
            s("a b=1,c=2"),
            Malformed { first: ParseErrorKind::InvalidKey { byte: b' ' }, kept: &[r#"c="2""#], errors: 1 },
        ),
        (
            "newline is not whitespace",
            s("a=1\n,b=2"),
            Malformed { first: ParseErrorKind::InvalidValue { byte: b'\n' }, kept: &[r#"b="2""#], errors: 1 },
        ),
        // Values.
        ("empty value", s("a="), Valid(&[r#"a="""#])),
        ("empty value then member", s("a=,b=2"), Valid(&[r#"a="""#, r#"b="2""#])),
        ("= inside a value", s("a=b=c"), Valid(&[r#"a="b=c""#])),
        ("base64 padding", s("sig=YWJj+/ZA=="), Valid(&[r#"sig="YWJj+/ZA==""#])),
        ("raw + is a plus sign", s("a=1+1"), Valid(&[r#"a="1+1""#])),
        ("raw : belongs to the value", s("url=http://x:80/p"), Valid(&[r#"url="http://x:80/p""#])),
        ("all raw punctuation", s("a=!#$&'()*+-./:<=>?@[]^_`{|}~"), Valid(&[r#"a="!#$&'()*+-./:<=>?@[]^_`{|}~""#])),
        (
            "double quote in a value",
            s("a=\"x\""),
            Malformed { first: ParseErrorKind::InvalidValue { byte: b'"' }, kept: &[], errors: 1 },
        ),
        (
            "backslash in a value",
            s("a=x\\y,b=1"),
            Malformed { first: ParseErrorKind::InvalidValue { byte: b'\\' }, kept: &[r#"b="1""#], errors: 1 },
        ),
        (
            "DEL in a value",
            s("a=x\u{7f}"),
            Malformed { first: ParseErrorKind::InvalidValue { byte: 0x7f }, kept: &[], errors: 1 },
        ),
        (
            "raw non-ASCII in a value",
            s("a=é,b=1"),
            Malformed { first: ParseErrorKind::InvalidValue { byte: 0xC3 }, kept: &[r#"b="1""#], errors: 1 },
        ),
        (
            "raw non-ASCII in a key",
            s("é=1,b=1"),
            Malformed { first: ParseErrorKind::InvalidKey { byte: 0xC3 }, kept: &[r#"b="1""#], errors: 1 },
        ),
        // Percent-encoding.
        ("%2C is a comma", s("features=a%2Cb%2Cc"), Valid(&[r#"features="a,b,c""#])),
        ("%3D is an equals sign", s("a=x%3Dy"), Valid(&[r#"a="x=y""#])),
        ("%25 is a percent sign", s("a=50%25"), Valid(&[r#"a="50%""#])),
        ("%3B is a semicolon", s("a=x%3By"), Valid(&[r#"a="x;y""#])),
        ("%20 is a space", s("a=%20x%20"), Valid(&[r#"a=" x ""#])),
        ("lowercase hex", s("a=%c3%a9"), Valid(&[r#"a="é""#])),
        ("four-byte UTF-8", s("a=%F0%9F%A7%B3"), Valid(&[r#"a="🧳""#])),
        ("%2B is a plus sign", s("a=%2B"), Valid(&[r#"a="+""#])),
        (
            "% at the end",
            s("a=5%,b=1"),
            Malformed { first: ParseErrorKind::MalformedEscape, kept: &[r#"b="1""#], errors: 1 },
        ),
        (
            "% with one hex digit",
            s("a=%4"),
            Malformed { first: ParseErrorKind::MalformedEscape, kept: &[], errors: 1 },
        ),
        (
            "% with non-hex digits",
            s("a=%zz,b=1"),
            Malformed { first: ParseErrorKind::MalformedEscape, kept: &[r#"b="1""#], errors: 1 },
        ),
        // Octets that are not UTF-8 are grammatical and decode to U+FFFD, one for each maximal
        // invalid sequence (HTTP_HEADER_FORMAT.md, value and property sections).
        ("invalid UTF-8 after decoding", s("a=%FF,b=1"), Valid(&["a=\"\u{FFFD}\"", r#"b="1""#])),
        ("truncated UTF-8 sequence", s("a=%C3"), Valid(&["a=\"\u{FFFD}\""])),
        ("lead byte then ASCII", s("a=%C3%28"), Valid(&["a=\"\u{FFFD}(\""])),
        ("surrogate half", s("a=%ED%A0%80x"), Valid(&["a=\"\u{FFFD}\u{FFFD}\u{FFFD}x\""])),
        ("overlong encoding", s("a=%C0%AF"), Valid(&["a=\"\u{FFFD}\u{FFFD}\""])),
        ("cut four-byte sequence", s("a=%F0%9F%A7!"), Valid(&["a=\"\u{FFFD}!\""])),
        ("invalid UTF-8 in a property", s("a=1;p=%C3%28"), Valid(&["a=\"1\";p=\"\u{FFFD}(\""])),
        ("keys are not decoded", s("a%20b=1"), Valid(&[r#"a%20b="1""#])),
        // Properties.
        ("bare property", s("a=1;flag"), Valid(&[r#"a="1";flag"#])),
        ("property with value", s("a=1;ttl=30"), Valid(&[r#"a="1";ttl="30""#])),
        ("property with empty value", s("a=1;p="), Valid(&[r#"a="1";p="""#])),
        ("encoded property value", s("a=1;p=x%2Cy"), Valid(&[r#"a="1";p="x,y""#])),
        ("= in a property value", s("a=1;p=x=y"), Valid(&[r#"a="1";p="x=y""#])),
        (
            "empty property",
            s("a=1;,b=2"),
            Malformed { first: ParseErrorKind::EmptyProperty, kept: &[r#"b="2""#], errors: 1 },
        ),
        (
            "doubled ;",
            s("a=1;;p"),
            Malformed { first: ParseErrorKind::EmptyProperty, kept: &[], errors: 1 },
        ),
        (
            "invalid property key",
            s("a=1;p q=1,b=2"),
            Malformed { first: ParseErrorKind::InvalidKey { byte: b' ' }, kept: &[r#"b="2""#], errors: 1 },
        ),
        (
            "empty property key",
            s("a=1;=x"),
            Malformed { first: ParseErrorKind::EmptyKey, kept: &[], errors: 1 },
        ),
        (
            "malformed property value",
            s("a=1;p=%G0"),
            Malformed { first: ParseErrorKind::MalformedEscape, kept: &[], errors: 1 },
        ),
        // Keys.
        ("keys are case-sensitive", s("Key=1,key=2"), Valid(&[r#"Key="1""#, r#"key="2""#])),
        ("token punctuation in keys", s("a!#$%&'*+-.^_`|~z=1"), Valid(&[r#"a!#$%&'*+-.^_`|~z="1""#])),
        (
            "empty key",
            s("=1,b=2"),
            Malformed { first: ParseErrorKind::EmptyKey, kept: &[r#"b="2""#], errors: 1 },
        ),
        (
            "blank key",
            s("  =1"),
            Malformed { first: ParseErrorKind::EmptyKey, kept: &[], errors: 1 },
        ),
        (
            "separator in a key",
            s("a/b=1"),
            Malformed { first: ParseErrorKind::InvalidKey { byte: b'/' }, kept: &[], errors: 1 },
        ),
        (
            "colon in a key",
            s("a:b=1,c=3"),
            Malformed { first: ParseErrorKind::InvalidKey { byte: b':' }, kept: &[r#"c="3""#], errors: 1 },
        ),
        (
            "missing =",
            s("a,b=2"),
            Malformed { first: ParseErrorKind::MissingEquals, kept: &[r#"b="2""#], errors: 1 },
        ),
        (
            "property without a member",
            s(";p=1,b=2"),
            Malformed { first: ParseErrorKind::MissingEquals, kept: &[r#"b="2""#], errors: 1 },
        ),
        // Commas.
        (
            "trailing comma",
            s("a=1,"),
            Malformed { first: ParseErrorKind::EmptyMember, kept: &[r#"a="1""#], errors: 1 },
        ),
        (
            "leading comma",
            s(",a=1"),
            Malformed { first: ParseErrorKind::EmptyMember, kept: &[r#"a="1""#], errors: 1 },
        ),
        (
            "doubled comma",
            s("a=1,,b=2"),
            Malformed { first: ParseErrorKind::EmptyMember, kept: &[r#"a="1""#, r#"b="2""#], errors: 1 },
        ),
        (
            "blank member",
            s("a=1, ,b=2"),
            Malformed { first: ParseErrorKind::EmptyMember, kept: &[r#"a="1""#, r#"b="2""#], errors: 1 },
        ),
        (
            "several malformed members",
            s("a=1,x,=2,b=%,c=3"),
            Malformed { first: ParseErrorKind::MissingEquals, kept: &[r#"a="1""#, r#"c="3""#], errors: 3 },
        ),
        // Duplicates.
        ("duplicate keys are kept in order", s("a=1,b=2,a=3"), Valid(&[r#"a="1""#, r#"b="2""#, r#"a="3""#])),
        ("duplicate identical members", s("a=1,a=1"), Valid(&[r#"a="1""#, r#"a="1""#])),
        // Limits.
        ("8192 bytes exactly", at_limit, Valid(&[])),
        (
            "8193 bytes",
            over_limit,
            Malformed { first: ParseErrorKind::TooLong { limit: 8192, len: 8193 }, kept: &[], errors: 1 },
        ),
        ("180 members", many(180), Valid(&[])),
        (
            "181 members",
            many(181),
            Malformed { first: ParseErrorKind::TooManyMembers { limit: 180 }, kept: &[], errors: 1 },
        ),
    ]
}

#[test]
fn every_case_reads_as_expected_strictly_and_leniently() {
    let cases = cases();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    for (name, header, expect) in &cases {
        let strict = StringBaggage::parse(header);
        let (lenient, errors) = StringBaggage::parse_lenient(header);
        match expect {
            Valid(members) => {
                let strict = strict.unwrap_or_else(|e| panic!("{name}: strict failed: {e}"));
                assert!(errors.is_empty(), "{name}: lenient reported {errors:?}");
                assert_eq!(strict, lenient, "{name}");
                // An empty list stands for "too many to spell out": only the counts are checked.
                if !members.is_empty() {
                    assert_eq!(rendered(&strict), *members, "{name}");
                }
            }
            Malformed {
                first,
                kept,
                errors: count,
            } => {
                let error = strict.expect_err(name);
                assert_eq!(error.kind(), first, "{name}: {error}");
                assert_eq!(errors.len(), *count, "{name}: {errors:?}");
                assert_eq!(errors.first(), Some(&error), "{name}");
                if !matches!(first, ParseErrorKind::TooManyMembers { .. }) {
                    assert_eq!(rendered(&lenient), *kept, "{name}");
                }
            }
        }
    }
}

#[test]
fn limits_keep_whole_members() {
    let header = (0..181)
        .map(|i| format!("k{i}=v"))
        .collect::<Vec<_>>()
        .join(",");
    let (baggage, errors) = StringBaggage::parse_lenient(&header);
    assert_eq!(baggage.len(), 180);
    assert_eq!(baggage.get("k179"), Some("v"));
    assert_eq!(baggage.get("k180"), None);
    assert_eq!(errors.len(), 1);

    // Over the byte limit, the member that crosses it is dropped whole.
    let header = format!("a=1,b={}", "x".repeat(8190));
    let (baggage, errors) = StringBaggage::parse_lenient(&header);
    assert_eq!(rendered(&baggage), [r#"a="1""#]);
    assert!(matches!(errors.as_slice(), [e] if matches!(e.kind(), ParseErrorKind::TooLong { .. })));

    let w3c = Limits::W3C_MINIMUM;
    let header = (0..65)
        .map(|i| format!("k{i}=v"))
        .collect::<Vec<_>>()
        .join(",");
    assert!(StringBaggage::options().limits(w3c).parse(&header).is_err());
    assert_eq!(
        StringBaggage::options()
            .limits(w3c)
            .parse_lenient(&header)
            .0
            .len(),
        64
    );
}

#[test]
fn several_header_lines_are_one_list() {
    let lines = ["a=1,b=2", "c=3", " ", "a=4"];
    let baggage = StringBaggage::options().parse_lines(lines).unwrap();
    assert_eq!(baggage.to_header(), "a=1,b=2,c=3,a=4");
    assert_eq!(baggage.get("a"), Some("4"));

    let (baggage, errors) = StringBaggage::options().parse_lines_lenient(["a=1,x", "b=2"]);
    assert_eq!(baggage.to_header(), "a=1,b=2");
    assert_eq!(errors[0].member(), 1);

    // The byte limit counts the lines joined by commas.
    let half = format!("a={}", "x".repeat(4094)); // 4096 bytes
    let lines = [half.as_str(), half.as_str()];
    let error = StringBaggage::options().parse_lines(lines).unwrap_err();
    assert_eq!(
        error.kind(),
        &ParseErrorKind::TooLong {
            limit: 8192,
            len: 8193
        }
    );
}

#[test]
fn errors_say_where_and_why() {
    let error = StringBaggage::parse("user_id=1,tier=gold%2").unwrap_err();
    assert_eq!(error.member(), 1);
    assert_eq!(error.key(), Some("tier"));
    assert_eq!(error.offset(), 19);
    assert_eq!(
        error.to_string(),
        "value of baggage key `tier` (member 1) has a `%` at byte 19 that is not followed by two hex digits"
    );
    let error = StringBaggage::parse("a=1,,b=2").unwrap_err();
    assert_eq!(
        error.to_string(),
        "baggage member 1 at byte 4 is empty (a doubled or trailing comma)"
    );
    // Wire text in an error is escaped and truncated.
    let header = format!("{}\u{1b}=1", "k".repeat(40));
    let error = StringBaggage::parse(&header).unwrap_err();
    let shown = error.key().unwrap();
    assert!(shown.ends_with('…') && !shown.contains('\u{1b}'), "{shown}");
}

#[test]
fn values_without_escapes_are_borrowed() {
    let baggage = StringBaggage::parse("a=plain,b=esc%20aped").unwrap();
    let members: Vec<_> = baggage.iter().collect();
    assert!(members[0].is_value_borrowed());
    assert!(!members[1].is_value_borrowed());
}

#[test]
fn writing_is_conservative() {
    let mut baggage = StringBaggage::new();
    baggage.insert("sig", "YWJj+/ZA==").unwrap();
    baggage.insert("url", "http://x:80/p?q=1").unwrap();
    baggage.insert("name", "Amélie ~ü").unwrap();
    baggage.insert("safe", "A-Z_a.z~09").unwrap();
    assert_eq!(
        baggage.to_header(),
        "sig=YWJj%2B%2FZA%3D%3D,url=http%3A%2F%2Fx%3A80%2Fp%3Fq%3D1,name=Am%C3%A9lie%20~%C3%BC,safe=A-Z_a.z~09"
    );
    assert_eq!(baggage.encoded_len(), baggage.to_header().len());
    assert_eq!(baggage.to_string(), baggage.to_header());
    let header = baggage.to_header();
    let again = StringBaggage::parse(&header).unwrap();
    assert_eq!(again, baggage);
}

#[test]
fn properties_are_written_back_as_they_came() {
    let mut baggage = StringBaggage::parse(" a=1 ; flag ; ttl = 30 ; note=x%2Cy ,b=2").unwrap();
    assert_eq!(
        baggage.to_header(),
        "a=1 ; flag ; ttl = 30 ; note=x%2Cy,b=2"
    );
    // A member made anew is written conservatively, properties included.
    let member = baggage.get_member("a").unwrap().clone();
    let rebuilt = member.properties().iter().fold(
        Member::new("a", member.value().to_owned()).unwrap(),
        |rebuilt, property| {
            rebuilt
                .with_property(
                    property.key().to_owned(),
                    property.value().map(str::to_owned),
                )
                .unwrap()
        },
    );
    assert_eq!(rebuilt, member);
    baggage.insert_member(rebuilt).unwrap();
    assert_eq!(baggage.to_header(), "a=1;flag;ttl=30;note=x%2Cy,b=2");
}

#[test]
fn insert_and_remove_handle_duplicates() {
    let mut baggage = StringBaggage::parse("a=1;p,b=2,a=3").unwrap();
    assert_eq!(baggage.get("a"), Some("3"));
    assert_eq!(baggage.get_all("a").collect::<Vec<_>>(), ["1", "3"]);
    let previous = baggage.insert("a", "new").unwrap();
    assert_eq!(previous.as_deref(), Some("3"));
    assert_eq!(baggage.to_header(), "a=new,b=2");
    baggage.insert("c", "4").unwrap();
    assert_eq!(baggage.to_header(), "a=new,b=2,c=4");
    assert_eq!(baggage.remove("b").as_deref(), Some("2"));
    assert_eq!(baggage.to_header(), "a=new,c=4");
}

#[test]
fn insert_refuses_invalid_keys_and_limits() {
    let mut baggage = StringBaggage::with_limits(Limits::new(2, 12));
    assert!(baggage.insert("bad key", "x").is_err());
    assert!(baggage.insert("", "x").is_err());
    baggage.insert("a", "1").unwrap();
    baggage.insert("b", "2").unwrap();
    let error = baggage.insert("c", "3").unwrap_err();
    assert_eq!(
        error.to_string(),
        "adding `c` would make more than 2 baggage members"
    );
    // Replacing a member does not add one.
    baggage.insert("a", "1234").unwrap();
    let error = baggage.insert("a", "1234567").unwrap_err();
    assert_eq!(
        error.to_string(),
        "adding `a` would make the baggage 13 bytes, over the limit of 12"
    );
    assert_eq!(baggage.to_header(), "a=1234,b=2");
}

#[test]
fn to_header_drops_whole_members_past_the_limits() {
    let members = (0..5).map(|i| Member::new(format!("k{i}"), "vv").unwrap());
    let baggage: StringBaggage<'_> = members.collect();
    assert_eq!(baggage.to_header(), "k0=vv,k1=vv,k2=vv,k3=vv,k4=vv");
    assert!(baggage.fits_limits());

    let mut limited = StringBaggage::with_limits(Limits::new(3, 100));
    limited.extend(baggage.clone());
    assert_eq!(limited.to_header(), "k0=vv,k1=vv,k2=vv");
    assert!(!limited.fits_limits());

    let mut short = StringBaggage::with_limits(Limits::new(180, 13));
    short.extend(baggage);
    assert_eq!(short.to_header(), "k0=vv,k1=vv");
    assert_eq!(short.encoded_len(), 11);
}

#[test]
fn from_str_owns_its_members() {
    let header = String::from("a=1,b=x%20y");
    let baggage: StringBaggage<'static> = header.parse().unwrap();
    drop(header);
    assert_eq!(baggage.get("b"), Some("x y"));
    assert!("a=1,,".parse::<StringBaggage<'static>>().is_err());
}

// Found by fuzzing (`fuzz/`, target parse_strict): a header that fits the byte limit raw would
// outgrow it once re-encoded, since a raw `=` is written `%3D`. Passed on unchanged it is written
// as it came, so it still fits; set anew, it is refused with the sizes.
#[test]
fn a_member_passed_on_unchanged_fits_the_limit_it_was_read_under() {
    let header = format!("k={}", "=".repeat(8190));
    let mut baggage = StringBaggage::parse(&header).unwrap();
    assert_eq!(baggage.len(), 1);
    assert!(baggage.fits_limits());
    assert_eq!(baggage.to_header(), header);
    assert_eq!(baggage.encoded_len(), 8192);
    let error = baggage.insert("k", "=".repeat(8190)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "adding `k` would make the baggage 24572 bytes, over the limit of 8192"
    );
    assert_eq!(baggage.to_header(), header);
}

// Found by fuzzing (target parse_lenient): strict parsing rejects an oversized header before
// reading it, so its error names the first member of the line; lenient parsing reads up to the
// limit and names the first member it dropped.
#[test]
fn limit_errors_name_the_first_member_each_mode_dropped() {
    let header = format!("a=1,b=2,c={}", "x".repeat(8190));
    let strict = StringBaggage::parse(&header).unwrap_err();
    let (kept, errors) = StringBaggage::parse_lenient(&header);
    let limit = ParseErrorKind::TooLong {
        limit: 8192,
        len: 8200,
    };
    assert_eq!((strict.kind(), strict.member()), (&limit, 0));
    assert_eq!(kept.len(), 2);
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].kind(), errors[0].member()), (&limit, 2));
}

// Found by fuzzing (target parse_lenient): past both limits, lenient parsing reports the one that
// cut the header first; strict parsing refuses the oversized header before counting members.
#[test]
fn past_both_limits_the_first_cut_is_reported() {
    let header = "a=1,".repeat(3000);
    assert!(matches!(
        StringBaggage::parse(&header).unwrap_err().kind(),
        ParseErrorKind::TooLong { .. }
    ));
    let (kept, errors) = StringBaggage::parse_lenient(&header);
    assert_eq!(kept.len(), 180);
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].kind(),
        &ParseErrorKind::TooManyMembers { limit: 180 }
    );
}
