//! Tamper evidence with the `signed` feature: a changed, removed or replayed member fails
//! verification with a clear error.
#![cfg(feature = "signed")]

use std::sync::Mutex;

use baggage::signing::{install, uninstall, Keyring, SigningError};
use baggage::{Baggage, BaggageValue, DecodeError, EncodeError, StringBaggage};

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Tier {
    Free,
    Premium,
}

#[derive(Debug, PartialEq, Baggage)]
#[baggage(signed)]
struct Entitlements {
    user_id: u64,
    user_tier: Tier,
    #[baggage(default)]
    credits: Option<u32>,
}

/// The same keys under another name: its signature must not verify `Entitlements`.
#[derive(Debug, PartialEq, Baggage)]
#[baggage(signed)]
struct Lookalike {
    user_id: u64,
    user_tier: Tier,
    #[baggage(default)]
    credits: Option<u32>,
}

/// The keyring is process-wide; tests that install one take turns.
static KEYRING: Mutex<()> = Mutex::new(());

const SECRET_1: &[u8] = b"first secret, 32 bytes long....";
const SECRET_2: &[u8] = b"second secret, 32 bytes long...";

fn entitlements() -> Entitlements {
    Entitlements {
        user_id: 12345,
        user_tier: Tier::Free,
        credits: Some(10),
    }
}

fn mismatch() -> DecodeError {
    DecodeError::Signature(SigningError::Mismatch {
        name: "Entitlements",
    })
}

#[test]
fn signed_structs_round_trip_and_resist_tampering() {
    let _turn = KEYRING.lock().unwrap_or_else(|e| e.into_inner());
    install(Keyring::new("k1", SECRET_1).unwrap());

    let header = entitlements().to_header().unwrap();
    assert!(
        header.starts_with("user_id=12345,user_tier=free,credits=10,baggage_sig=k1."),
        "{header}"
    );
    assert_eq!(Entitlements::from_header(&header).unwrap(), entitlements());

    // Members the struct does not know pass through, uncovered.
    let with_vendor = format!("vendor=x,{header},trace=1");
    assert_eq!(
        Entitlements::from_header(&with_vendor).unwrap(),
        entitlements()
    );

    // A changed member.
    let upgraded = header.replace("user_tier=free", "user_tier=premium");
    assert_eq!(
        Entitlements::from_header(&upgraded).unwrap_err(),
        mismatch()
    );
    // A removed member, even an optional one.
    let removed = header.replace("credits=10,", "");
    assert_eq!(Entitlements::from_header(&removed).unwrap_err(), mismatch());
    // An added member of the struct.
    let unsigned_credits = entitlements();
    let mut without = unsigned_credits;
    without.credits = None;
    let header_without = without.to_header().unwrap();
    let added = format!("{header_without},credits=1000");
    assert_eq!(Entitlements::from_header(&added).unwrap_err(), mismatch());
    // A signature made for another struct with the same keys.
    let lookalike = Lookalike {
        user_id: 12345,
        user_tier: Tier::Premium,
        credits: Some(10),
    }
    .to_header()
    .unwrap();
    assert_eq!(
        Entitlements::from_header(&lookalike).unwrap_err(),
        mismatch()
    );
    // No signature at all.
    let unsigned = "user_id=12345,user_tier=premium,credits=10";
    let error = Entitlements::from_header(unsigned).unwrap_err();
    assert_eq!(
        error,
        DecodeError::Signature(SigningError::Missing { key: "baggage_sig" })
    );
    assert_eq!(
        error.to_string(),
        "baggage signature check failed: the signature member `baggage_sig` is absent"
    );
    // A garbled one.
    let garbled = header.replace("baggage_sig=k1.", "baggage_sig=k1.zz");
    assert!(matches!(
        Entitlements::from_header(&garbled),
        Err(DecodeError::Signature(SigningError::Malformed { .. }))
    ));
    uninstall();
}

#[test]
fn keys_rotate_by_id() {
    let _turn = KEYRING.lock().unwrap_or_else(|e| e.into_inner());
    install(Keyring::new("k1", SECRET_1).unwrap());
    let old = entitlements().to_header().unwrap();

    // Sign with k2, still accept k1.
    install(
        Keyring::new("k2", SECRET_2)
            .unwrap()
            .verifying("k1", SECRET_1)
            .unwrap(),
    );
    assert_eq!(Entitlements::from_header(&old).unwrap(), entitlements());
    let new = entitlements().to_header().unwrap();
    assert!(new.contains("baggage_sig=k2."), "{new}");

    // Once k1 is retired, its signatures no longer verify.
    install(Keyring::new("k2", SECRET_2).unwrap());
    assert_eq!(
        Entitlements::from_header(&old).unwrap_err(),
        DecodeError::Signature(SigningError::UnknownKeyId("k1".into()))
    );
    assert!(Entitlements::from_header(&new).is_ok());
    uninstall();
}

#[test]
fn write_to_signs_and_without_keys_nothing_is_signed() {
    let _turn = KEYRING.lock().unwrap_or_else(|e| e.into_inner());
    install(Keyring::new("k1", SECRET_1).unwrap());
    // Members that already say the struct's values, without a signature: still signed.
    let mut unsigned = StringBaggage::parse("user_id=12345,user_tier=free,credits=10").unwrap();
    entitlements().write_to(&mut unsigned).unwrap();
    assert!(unsigned.get("baggage_sig").is_some());
    assert_eq!(
        Entitlements::from_baggage(&unsigned).unwrap(),
        entitlements()
    );

    let mut baggage = StringBaggage::parse("vendor=x").unwrap();
    entitlements().write_to(&mut baggage).unwrap();
    assert!(baggage
        .get("baggage_sig")
        .is_some_and(|sig| sig.starts_with("k1.")));
    assert_eq!(
        Entitlements::from_baggage(&baggage).unwrap(),
        entitlements()
    );

    uninstall();
    assert_eq!(
        entitlements().to_header().unwrap_err(),
        EncodeError::Signature(SigningError::NoKeyring)
    );
    assert!(matches!(
        Entitlements::from_baggage(&baggage),
        Err(DecodeError::Signature(SigningError::NoKeyring))
    ));
}

#[test]
fn keyrings_refuse_weak_keys() {
    assert!(matches!(
        Keyring::new("k1", b"short"),
        Err(SigningError::ShortSecret { .. })
    ));
    assert!(matches!(
        Keyring::new("k.1", SECRET_1),
        Err(SigningError::InvalidKeyId(_))
    ));
    let debug = format!("{:?}", Keyring::new("k1", SECRET_1).unwrap());
    assert!(!debug.contains("secret"), "{debug}");
}

/// Text borrowed from the header, on a signed struct.
#[derive(Debug, PartialEq, Baggage)]
#[baggage(signed)]
struct Route<'h> {
    region: std::borrow::Cow<'h, str>,
    user_id: u64,
}

#[test]
fn a_signed_struct_with_a_lifetime_verifies_when_read_borrowed() {
    use baggage::BorrowBaggage;
    let _turn = KEYRING.lock().unwrap_or_else(|e| e.into_inner());
    install(Keyring::new("k1", SECRET_1).unwrap());
    let route = Route {
        region: "eu".into(),
        user_id: 7,
    };
    let header = route.to_header().unwrap();
    // A signed struct reads through parsed baggage, to check the signature first.
    assert_eq!(Route::from_header_borrowed(&header).unwrap(), route);
    let tampered = header.replace("user_id=7", "user_id=8");
    assert!(matches!(
        Route::from_header_borrowed(&tampered),
        Err(DecodeError::Signature(SigningError::Mismatch {
            name: "Route"
        }))
    ));
    uninstall();
}

#[derive(Debug, Clone, PartialEq, Baggage)]
struct Account {
    account_tier: Tier,
}

/// A signed struct with a flattened one: the signature covers the flattened members too.
#[derive(Debug, Clone, PartialEq, Baggage)]
#[baggage(signed)]
struct SignedWithFlatten {
    user_id: u64,
    #[baggage(flatten)]
    account: Account,
}

#[test]
fn a_signature_covers_flattened_members() {
    let _turn = KEYRING.lock().unwrap_or_else(|e| e.into_inner());
    install(Keyring::new("k1", SECRET_1).unwrap());
    let value = SignedWithFlatten {
        user_id: 1,
        account: Account {
            account_tier: Tier::Free,
        },
    };
    let header = value.to_header().unwrap();
    assert!(
        header.starts_with("user_id=1,account_tier=free,baggage_sig=k1."),
        "{header}"
    );
    assert_eq!(SignedWithFlatten::from_header(&header).unwrap(), value);
    let upgraded = header.replace("account_tier=free", "account_tier=premium");
    assert!(matches!(
        SignedWithFlatten::from_header(&upgraded),
        Err(DecodeError::Signature(SigningError::Mismatch { .. }))
    ));
    uninstall();
}
