//! Trust boundaries: an untrusted peer's baggage reduced to an allow-list, spoofed keys dropped,
//! oversized inbound baggage cut, and internal fields stripped at egress.

use baggage::policy::trust::{DropReason, TrustPolicy};
use baggage::{Baggage, BaggageValue, Limits, StringBaggage};

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Tier {
    Free,
    Premium,
}

#[derive(Debug, PartialEq, Baggage)]
struct Context {
    user_id: u64,
    user_tier: Tier,
    #[baggage(default, max_len = 16)]
    client_version: String,
    #[baggage(internal, default)]
    routing_shard: u16,
}

#[test]
fn a_spoofed_key_is_dropped_and_an_allowed_key_kept() {
    let policy = TrustPolicy::allow_keys(Context::SCHEMA, &["client_version"]).unwrap();
    let mut inbound =
        StringBaggage::parse("user_tier=premium,client_version=2.1.4,user_id=1,vendor=x").unwrap();
    let dropped = policy.apply(&mut inbound);
    assert_eq!(inbound.to_header(), "client_version=2.1.4");
    let keys: Vec<_> = dropped
        .iter()
        .map(|d| (d.key.as_str(), &d.reason))
        .collect();
    assert_eq!(
        keys,
        [
            ("user_tier", &DropReason::NotAllowed),
            ("user_id", &DropReason::NotAllowed),
            ("vendor", &DropReason::NotAllowed)
        ]
    );
    assert_eq!(
        dropped[0].to_string(),
        "dropped baggage key `user_tier`: the key is not allowed from this peer"
    );
}

#[test]
fn allowed_keys_must_decode() {
    let policy = TrustPolicy::allow_schema(Context::SCHEMA);
    let mut inbound = StringBaggage::parse(
        "user_id=12a,user_tier=gold,client_version=this-is-far-too-long-for-it,routing_shard=3",
    )
    .unwrap();
    let dropped = policy.apply(&mut inbound);
    assert!(inbound.is_empty(), "{inbound}");
    let reasons: Vec<_> = dropped.iter().map(|d| d.reason.clone()).collect();
    assert_eq!(
        reasons,
        [
            DropReason::InvalidValue,
            DropReason::InvalidValue,
            DropReason::InvalidValue,
            // An untrusted peer cannot set an internal field.
            DropReason::NotAllowed,
        ]
    );

    let mut inbound = StringBaggage::parse("user_id=7,user_tier=free").unwrap();
    assert!(policy.apply(&mut inbound).is_empty());
    assert_eq!(Context::from_baggage(&inbound).unwrap().user_id, 7);
}

#[test]
fn trusted_keeps_and_drop_all_drops() {
    let header = "user_id=1,user_tier=premium,x=1";
    let mut inbound = StringBaggage::parse(header).unwrap();
    assert!(TrustPolicy::Trusted.apply(&mut inbound).is_empty());
    assert_eq!(inbound.to_header(), header);
    let dropped = TrustPolicy::DropAll.apply(&mut inbound);
    assert!(inbound.is_empty());
    assert_eq!(dropped.len(), 3);
    assert!(dropped.iter().all(|d| d.reason == DropReason::Untrusted));
}

#[test]
fn unknown_allowed_keys_are_refused() {
    let error = TrustPolicy::allow_keys(Context::SCHEMA, &["client_version", "tier"]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "`tier` is not a key of `Context`, so it cannot be allowed"
    );
}

#[test]
fn oversized_inbound_baggage_is_cut_before_the_policy() {
    let spoof = "user_tier=premium,".repeat(60_000); // about 1 MiB
    let header = format!("client_version=2.1.4,{spoof}");
    let (mut inbound, errors) = StringBaggage::options()
        .limits(Limits::W3C_MINIMUM)
        .parse_lenient(&header);
    assert_eq!(inbound.len(), 64);
    assert!(!errors.is_empty());
    let policy = TrustPolicy::allow_keys(Context::SCHEMA, &["client_version"]).unwrap();
    policy.apply(&mut inbound);
    assert_eq!(inbound.to_header(), "client_version=2.1.4");
}

#[test]
fn internal_fields_are_stripped_at_egress() {
    let context = Context {
        user_id: 1,
        user_tier: Tier::Free,
        client_version: "2.1.4".into(),
        routing_shard: 9,
    };
    let mut outbound = StringBaggage::parse("vendor=x").unwrap();
    context.write_to(&mut outbound).unwrap();
    assert_eq!(outbound.get("routing_shard"), Some("9"));
    Context::SCHEMA.strip_internal(&mut outbound);
    assert_eq!(
        outbound.to_header(),
        "vendor=x,user_id=1,user_tier=free,client_version=2.1.4"
    );
}
