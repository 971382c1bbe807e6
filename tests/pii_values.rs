//! String values are scanned for personal data and secrets when a typed struct is written; a hit
//! names the key and the kind, never the value.

use baggage::policy::pii_value::PiiValueKind;
use baggage::{Baggage, EncodeError, StringBaggage};

#[derive(Debug, Baggage)]
struct Context {
    #[baggage(max_len = 128)]
    note: String,
    #[baggage(default)]
    tags: Vec<String>,
    #[baggage(allow_pii = "a support contact address, published on the website")]
    support_contact: Option<String>,
    order_number: u64,
}

fn context(note: &str) -> Context {
    Context {
        note: note.into(),
        tags: Vec::new(),
        support_contact: None,
        order_number: 4_111_111_111_111_111,
    }
}

#[test]
fn each_detector_refuses_the_value_without_showing_it() {
    let cases = [
        ("reach me at ana@example.com", PiiValueKind::Email),
        ("4111 1111 1111 1111", PiiValueKind::CardNumber),
        (
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            PiiValueKind::Jwt,
        ),
        ("Bearer abcdefghijklmnopqrstuvwxyz", PiiValueKind::BearerToken),
        ("AKIAIOSFODNN7EXAMPLE", PiiValueKind::ApiKey),
        ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", PiiValueKind::ApiKey),
    ];
    for (value, kind) in cases {
        let error = context(value).to_header().unwrap_err();
        assert_eq!(error, EncodeError::Pii { key: "note", kind }, "{value}");
        let message = error.to_string();
        assert!(
            message.contains("`note`") && message.contains(kind.description()),
            "{message}"
        );
        assert!(
            !message.contains(value),
            "the message shows the value: {message}"
        );
        // write_to refuses too, and leaves the baggage as it was.
        let mut baggage = StringBaggage::parse("a=1").unwrap();
        assert!(context(value).write_to(&mut baggage).is_err());
        assert_eq!(baggage.to_header(), "a=1");
    }
}

#[test]
fn list_items_are_scanned() {
    let mut value = context("fine");
    value.tags = vec!["vip".into(), "ana@example.com".into()];
    assert_eq!(
        value.to_header().unwrap_err(),
        EncodeError::Pii {
            key: "tags",
            kind: PiiValueKind::Email
        }
    );
}

#[test]
fn allow_pii_opts_a_field_out() {
    let mut value = context("fine");
    value.support_contact = Some("help@example.com".into());
    let header = value.to_header().unwrap();
    assert!(
        header.contains("support_contact=help%40example.com"),
        "{header}"
    );
    assert!(Context::SUPPORT_CONTACT
        .get(&StringBaggage::parse(&header).unwrap())
        .is_ok());
    assert!(!Context::SUPPORT_CONTACT.scans_pii());
    assert!(Context::NOTE.scans_pii());
}

#[test]
fn numbers_and_look_alikes_pass() {
    // An integer field is not free text: a Luhn-valid number in it is an order number.
    assert!(!Context::ORDER_NUMBER.scans_pii());
    for note in [
        "2.1.4",
        "123e4567-e89b-12d3-a456-426614174000",
        "2026-11-26T14:50:18Z",
        "ORD-2026-000123",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "checkout via @mention",
    ] {
        assert!(context(note).to_header().is_ok(), "{note}");
    }
}

#[test]
fn typed_keys_scan_too() {
    let mut baggage = StringBaggage::new();
    assert!(matches!(
        Context::NOTE.set(&mut baggage, &"ana@example.com".to_owned()),
        Err(EncodeError::Pii { key: "note", .. })
    ));
    assert!(baggage.is_empty());
}
