//! `#[baggage(alias = "old_key")]`: a key migration. Every reader reads the key, or else an alias;
//! only the key is written, and writing it removes what the aliases said.

use std::borrow::Cow;

use baggage::policy::trust::TrustPolicy;
use baggage::{Baggage, BorrowBaggage, DecodeError, StringBaggage};

#[derive(Debug, Clone, PartialEq, Baggage)]
struct Migrated<'h> {
    /// Was `tier` (old services), and `plan_tier` for a while.
    #[baggage(alias = "tier", alias = "plan_tier")]
    user_tier: Cow<'h, str>,
    #[baggage(alias = "region_code", default)]
    region: Option<String>,
    #[baggage(internal, alias = "shard_id")]
    shard: Option<u32>,
}

fn expected(tier: &str) -> Migrated<'static> {
    Migrated {
        user_tier: Cow::Owned(tier.to_owned()),
        region: None,
        shard: None,
    }
}

/// The same header read by every reader gives the same struct.
fn read_all(header: &str) -> Result<Migrated<'_>, DecodeError> {
    let owned = Migrated::from_header(header);
    let borrowed = Migrated::from_header_borrowed(header);
    let baggage = StringBaggage::parse(header).unwrap();
    let through = Migrated::from_baggage(&baggage);
    assert_eq!(owned, borrowed, "{header}");
    assert_eq!(owned, through, "{header}");
    borrowed
}

#[test]
fn an_alias_is_read_when_the_key_is_absent() {
    assert_eq!(read_all("tier=free").unwrap(), expected("free"));
    assert_eq!(read_all("plan_tier=pro").unwrap(), expected("pro"));
    assert_eq!(read_all("user_tier=premium").unwrap(), expected("premium"));
    assert_eq!(
        read_all("user_tier=a,region_code=eu")
            .unwrap()
            .region
            .as_deref(),
        Some("eu")
    );
}

/// The key wins over its aliases wherever they stand, and the first alias over the second.
#[test]
fn the_key_wins_then_the_aliases_in_order() {
    assert_eq!(read_all("tier=old,user_tier=new").unwrap(), expected("new"));
    assert_eq!(read_all("user_tier=new,tier=old").unwrap(), expected("new"));
    assert_eq!(
        read_all("plan_tier=second,tier=first").unwrap(),
        expected("first")
    );
    let baggage = StringBaggage::parse("tier=old,user_tier=new").unwrap();
    assert_eq!(Migrated::USER_TIER.get(&baggage).unwrap(), "new");
    assert_eq!(Migrated::USER_TIER.aliases(), ["tier", "plan_tier"]);
}

/// A malformed member under an alias is the field's error, never read as absent.
#[test]
fn a_malformed_alias_member_is_an_error() {
    for header in ["user_tier=a,region_code=%zz", "user_tier=a,shard_id=%zz"] {
        let error = Migrated::from_header(header).unwrap_err();
        assert!(
            matches!(error, DecodeError::Header(_)),
            "{header}: {error:?}"
        );
        let (baggage, _) = StringBaggage::parse_lenient(header);
        let error = Migrated::from_baggage(&baggage).unwrap_err();
        assert!(
            matches!(error, DecodeError::Header(_)),
            "{header}: {error:?}"
        );
    }
    let error = Migrated::from_header("tier=%zz").unwrap_err();
    assert!(matches!(error, DecodeError::Header(_)), "{error:?}");
    // A malformed member of the key, or of an earlier alias, is not passed over for a later one.
    for header in ["user_tier=%zz,tier=free", "tier=%zz,plan_tier=pro"] {
        let error = Migrated::from_header(header).unwrap_err();
        assert!(
            matches!(error, DecodeError::Header(_)),
            "{header}: {error:?}"
        );
        let error = Migrated::from_header_borrowed(header).unwrap_err();
        assert!(
            matches!(error, DecodeError::Header(_)),
            "{header}: {error:?}"
        );
        let (baggage, _) = StringBaggage::parse_lenient(header);
        let error = Migrated::from_baggage(&baggage).unwrap_err();
        assert!(
            matches!(error, DecodeError::Header(_)),
            "{header}: {error:?}"
        );
        let error = Migrated::USER_TIER.get(&baggage).unwrap_err();
        assert!(
            matches!(error, DecodeError::Header(_)),
            "{header}: {error:?}"
        );
    }
}

/// Only the key is written; writing into baggage that carries an alias leaves one value, under
/// the key, and everything else as it came.
#[test]
fn only_the_key_is_written_and_aliases_are_replaced() {
    let value = Migrated {
        user_tier: "pro".into(),
        region: Some("eu".into()),
        shard: None,
    };
    assert_eq!(value.to_header().unwrap(), "user_tier=pro,region=eu");
    let mut baggage = StringBaggage::parse("vendor=x,tier=free,region_code=us,shard_id=3").unwrap();
    value.write_to(&mut baggage).unwrap();
    assert_eq!(baggage.to_header(), "vendor=x,user_tier=pro,region=eu");
    let mut baggage = StringBaggage::parse("plan_tier=free,vendor=x").unwrap();
    Migrated::USER_TIER
        .set(&mut baggage, &"pro".into())
        .unwrap();
    assert_eq!(baggage.to_header(), "vendor=x,user_tier=pro");
}

/// The schema lists each field's aliases; an allow-list of the field keeps its alias members,
/// and stripping an internal field strips its aliases too.
#[test]
fn schema_trust_and_egress_know_the_aliases() {
    let user_tier = Migrated::SCHEMA.field("user_tier").unwrap();
    assert_eq!(user_tier.aliases(), ["tier", "plan_tier"]);
    assert!(Migrated::SCHEMA
        .to_markdown()
        .contains("(also read as `tier`, `plan_tier`)"));

    let policy = TrustPolicy::allow_keys(Migrated::SCHEMA, &["user_tier"]).unwrap();
    let mut inbound = StringBaggage::parse("tier=free,region_code=eu").unwrap();
    policy.apply(&mut inbound);
    assert_eq!(inbound.to_header(), "tier=free");

    // Naming the field by an alias allows the same field.
    let by_alias = TrustPolicy::allow_keys(Migrated::SCHEMA, &["plan_tier"]).unwrap();
    let mut inbound = StringBaggage::parse("user_tier=a,tier=free,region_code=eu").unwrap();
    by_alias.apply(&mut inbound);
    assert_eq!(inbound.to_header(), "user_tier=a,tier=free");
    assert!(TrustPolicy::allow_keys(Migrated::SCHEMA, &["old_tier"]).is_err());

    let mut outbound = StringBaggage::parse("user_tier=a,shard_id=3,shard=4").unwrap();
    Migrated::SCHEMA.strip_internal(&mut outbound);
    assert_eq!(outbound.to_header(), "user_tier=a");
}
