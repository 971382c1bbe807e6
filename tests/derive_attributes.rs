//! Every container, field and variant attribute of the derives, used and checked.

use std::time::Duration;

use baggage::{Baggage, BaggageValue, DecodeError, EncodeError, StringBaggage, ValueError};

/// The facade under another name, for `#[baggage(crate = "…")]`.
mod reexport {
    pub use ::baggage::*;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
#[baggage(rename_all = "SCREAMING_SNAKE_CASE")]
enum Region {
    UsWest,
    #[baggage(rename = "eu")]
    Europe,
}

#[derive(Debug, Clone, PartialEq, Eq, BaggageValue)]
enum Channel {
    Web,
    Mobile,
    /// A channel a newer service knows.
    #[baggage(other)]
    Other(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Plan {
    Free,
    #[baggage(other)]
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
struct TenantId(u32);

#[derive(Debug, Clone, PartialEq, Eq, BaggageValue)]
struct Label {
    text: String,
}

/// Milliseconds on the wire.
mod millis {
    use super::{Duration, ValueError};

    pub fn encode(duration: &Duration, out: &mut String) -> Result<(), ValueError> {
        out.push_str(&duration.as_millis().to_string());
        Ok(())
    }

    pub fn decode(value: &str) -> Result<Duration, ValueError> {
        value
            .parse()
            .map(Duration::from_millis)
            .map_err(|_| ValueError::new("milliseconds", "not a whole number"))
    }
}

fn default_priority() -> u8 {
    5
}

#[derive(Debug, Clone, PartialEq, Baggage)]
#[baggage(prefix = "app.", rename_all = "kebab-case")]
struct Renamed {
    user_id: u64,
    #[baggage(rename = "tier")]
    user_tier: String,
}

#[derive(Debug, Clone, PartialEq, Baggage)]
struct Payment {
    payment_method: String,
}

#[derive(Debug, Clone, PartialEq, Baggage)]
#[baggage(crate = "crate::reexport", budget = 512)]
struct Everything {
    region: Region,
    channel: Channel,
    plan: Plan,
    tenant: TenantId,
    labels: Vec<Label>,
    #[baggage(default)]
    retries: u8,
    #[baggage(default = "default_priority")]
    priority: u8,
    #[baggage(skip, default = "default_priority")]
    local_only: u8,
    #[baggage(skip)]
    cache: Vec<u8>,
    #[baggage(max_len = 8)]
    experiment: Option<String>,
    #[baggage(with = "millis")]
    timeout: Duration,
    #[baggage(flatten)]
    payment: Payment,
    /// The user's address, hashed.
    #[baggage(allow_pii = "only a salted hash travels, never the address")]
    user_email: String,
    #[baggage(internal)]
    routing_shard: u16,
}

fn everything() -> Everything {
    Everything {
        region: Region::UsWest,
        channel: Channel::Other("kiosk".into()),
        plan: Plan::Free,
        tenant: TenantId(42),
        labels: vec![Label { text: "a,b".into() }, Label { text: "c".into() }],
        retries: 2,
        priority: 1,
        local_only: 5,
        cache: Vec::new(),
        experiment: Some("b".into()),
        timeout: Duration::from_millis(1500),
        payment: Payment {
            payment_method: "card".into(),
        },
        user_email: "h:9f2c".into(),
        routing_shard: 7,
    }
}

#[test]
fn prefix_rename_all_and_rename_make_the_keys() {
    let value = Renamed {
        user_id: 1,
        user_tier: "gold".into(),
    };
    assert_eq!(value.to_header().unwrap(), "app.user-id=1,app.tier=gold");
    assert_eq!(Renamed::USER_ID.name(), "app.user-id");
    assert_eq!(Renamed::USER_TIER.name(), "app.tier");
    assert_eq!(
        Renamed::from_header("app.user-id=1,app.tier=gold").unwrap(),
        value
    );
}

#[test]
fn every_attribute_round_trips() {
    let header = everything().to_header().unwrap();
    assert_eq!(
        header,
        "region=US_WEST,channel=kiosk,plan=free,tenant=42,labels=a%252Cb%2Cc,retries=2,priority=1,\
         experiment=b,timeout=1500,payment_method=card,user_email=h%3A9f2c,routing_shard=7"
    );
    let read = Everything::from_header(&header).unwrap();
    assert_eq!(read, everything());
}

#[test]
fn defaults_apply_to_absent_keys_only() {
    let header = "region=eu,channel=web,plan=premium,tenant=1,labels=,timeout=10,\
                  payment_method=cash,user_email=x,routing_shard=1";
    let read = Everything::from_header(header).unwrap();
    assert_eq!(read.region, Region::Europe);
    assert_eq!(read.channel, Channel::Web);
    assert_eq!(
        read.plan,
        Plan::Unknown,
        "the unit catch-all takes unknown values"
    );
    assert_eq!(read.retries, 0);
    assert_eq!(read.priority, 5);
    assert_eq!(read.local_only, 5);
    assert_eq!(read.experiment, None);
    assert!(read.labels.is_empty());
    // A present but invalid value is an error, not the default.
    let error = Everything::from_header(&format!("{header},retries=many")).unwrap_err();
    assert_eq!(error.key(), Some("retries"));
}

#[test]
fn with_module_converts_and_reports() {
    let header = everything()
        .to_header()
        .unwrap()
        .replace("timeout=1500", "timeout=soon");
    let error = Everything::from_header(&header).unwrap_err();
    assert_eq!(
        error.to_string(),
        "baggage key `timeout` has value \"soon\": expected milliseconds: not a whole number"
    );
}

#[test]
fn flatten_reads_and_writes_the_nested_members() {
    let schema = Everything::SCHEMA;
    assert!(schema.field("payment_method").is_some());
    assert_eq!(schema.flattened().len(), 1);
    let mut baggage = StringBaggage::parse("payment_method=old,unrelated=1").unwrap();
    everything().write_to(&mut baggage).unwrap();
    assert_eq!(baggage.get("payment_method"), Some("card"));
    assert_eq!(baggage.get("unrelated"), Some("1"));
}

#[test]
fn schema_carries_allow_pii_internal_and_docs() {
    let email = Everything::SCHEMA.field("user_email").unwrap();
    assert_eq!(
        email.allow_pii(),
        Some("only a salted hash travels, never the address")
    );
    assert_eq!(email.doc(), "The user's address, hashed.");
    assert!(Everything::SCHEMA
        .field("routing_shard")
        .unwrap()
        .is_internal());
    assert!(Everything::SCHEMA.field("cache").is_none());
    let markdown = Everything::SCHEMA.to_markdown();
    assert!(markdown.contains("(internal: not sent outside the trust boundary)"));
    assert!(markdown.contains("(PII allowed: only a salted hash travels, never the address)"));
}

#[test]
fn internal_fields_are_stripped_at_egress() {
    let mut baggage = StringBaggage::new();
    everything().write_to(&mut baggage).unwrap();
    assert_eq!(baggage.get("routing_shard"), Some("7"));
    Everything::SCHEMA.strip_internal(&mut baggage);
    assert_eq!(baggage.get("routing_shard"), None);
    assert_eq!(baggage.get("tenant"), Some("42"));
}

#[test]
fn newtypes_and_enums_are_values() {
    assert_eq!(TenantId::decode("7").unwrap(), TenantId(7));
    assert_eq!(TenantId::MAX_ENCODED_LEN, u32::MAX_ENCODED_LEN);
    assert_eq!(Region::MAX_ENCODED_LEN, Some("US_WEST".len()));
    assert_eq!(Channel::MAX_ENCODED_LEN, None);
    assert_eq!(Region::decode("us_west").unwrap(), Region::UsWest);
    assert_eq!(
        Region::decode("mars").unwrap_err().to_string(),
        "expected Region: not one of `US_WEST`, `eu`"
    );
    assert_eq!(
        Vec::<Region>::decode("eu,US_WEST").unwrap(),
        [Region::Europe, Region::UsWest]
    );
}

#[test]
fn option_fields_are_absent_and_write_to_removes_them() {
    let mut value = everything();
    value.experiment = None;
    let header = value.to_header().unwrap();
    assert!(!header.contains("experiment"));
    let mut baggage = StringBaggage::parse("experiment=old,x=1").unwrap();
    value.write_to(&mut baggage).unwrap();
    assert_eq!(baggage.get("experiment"), None);
    assert_eq!(baggage.get("x"), Some("1"));
}

#[test]
fn write_to_leaves_unchanged_members_untouched() {
    let mut baggage = StringBaggage::parse("payment_method=card;source=edge").unwrap();
    Payment {
        payment_method: "card".into(),
    }
    .write_to(&mut baggage)
    .unwrap();
    assert_eq!(baggage.to_header(), "payment_method=card;source=edge");
    Payment {
        payment_method: "wallet".into(),
    }
    .write_to(&mut baggage)
    .unwrap();
    assert_eq!(baggage.to_header(), "payment_method=wallet");
}

#[derive(Debug, Baggage)]
#[baggage(budget = 24)]
struct Small {
    note: String,
    count: u8,
}

#[test]
fn over_budget_is_an_encode_error_saying_by_how_much() {
    let small = Small {
        note: "x".repeat(20),
        count: 1,
    };
    let error = small.to_header().unwrap_err();
    assert_eq!(
        error,
        EncodeError::OverBudget {
            budget: 24,
            len: 33
        }
    );
    assert_eq!(
        error.to_string(),
        "baggage members take 33 bytes, 9 over the budget of 24"
    );
    let mut baggage = StringBaggage::parse("a=1").unwrap();
    assert!(small.write_to(&mut baggage).is_err());
    assert_eq!(baggage.to_header(), "a=1", "nothing changes on error");
}

#[test]
fn encode_errors_name_the_key() {
    #[derive(Debug, Baggage)]
    struct Score {
        fraud_score: f64,
    }
    let error = Score {
        fraud_score: f64::NAN,
    }
    .to_header()
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "baggage key `fraud_score` cannot be encoded: expected f64: NaN and infinities have no baggage form"
    );
    assert!(matches!(
        Score::from_header("fraud_score=inf"),
        Err(DecodeError::InvalidValue {
            key: "fraud_score",
            ..
        })
    ));
}

#[test]
fn typed_keys_write_one_member() {
    let mut baggage = StringBaggage::parse("app.user-id=1,other=x").unwrap();
    Renamed::USER_ID.set(&mut baggage, &99).unwrap();
    assert_eq!(baggage.to_header(), "app.user-id=99,other=x");
    assert_eq!(Renamed::USER_ID.get(&baggage).unwrap(), 99);
    assert_eq!(
        Renamed::USER_TIER.get(&baggage).unwrap_err(),
        DecodeError::Missing { key: "app.tier" }
    );
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Tier {
    #[baggage(rename = "gold tier")]
    Gold,
    Silver,
}

#[test]
fn variant_names_and_newtypes_are_escaped_as_needed() {
    #[derive(Baggage)]
    struct Context {
        tier: Tier,
        tenant: TenantId,
    }
    let header = Context {
        tier: Tier::Gold,
        tenant: TenantId(7),
    }
    .to_header()
    .unwrap();
    assert_eq!(header, "tier=gold%20tier,tenant=7");
}

#[derive(Debug, PartialEq, Baggage)]
struct Place<'h> {
    region: std::borrow::Cow<'h, str>,
}

#[derive(Debug, PartialEq, Baggage)]
struct Visit<'h> {
    #[baggage(flatten)]
    place: Place<'h>,
    #[baggage(default)]
    note: Option<std::borrow::Cow<'h, str>>,
    user_id: u64,
}

#[test]
fn a_struct_with_a_lifetime_flattens_and_round_trips() {
    use baggage::BorrowBaggage;
    use std::borrow::Cow;
    let header = "region=eu,user_id=1";
    // A flattened struct reads through parsed baggage, so its text is owned.
    let visit = Visit::from_header_borrowed(header).unwrap();
    assert!(matches!(visit.place.region, Cow::Owned(ref region) if region == "eu"));
    assert_eq!(visit.note, None);
    assert_eq!(visit.to_header().unwrap(), header);
    assert_eq!(Visit::from_header(header).unwrap(), visit);
    assert_eq!(
        Visit::SCHEMA
            .all_fields()
            .iter()
            .map(|field| field.key())
            .collect::<Vec<_>>(),
        ["note", "user_id", "region"]
    );
}

/// `with` on an `Option<T>`: the module converts `T`, and `None` is no member.
#[derive(Debug, PartialEq, Baggage)]
struct OptionalTimeout {
    #[baggage(with = "millis")]
    timeout: Option<Duration>,
}

#[test]
fn with_on_an_option_converts_the_inner_type() {
    let some = OptionalTimeout {
        timeout: Some(Duration::from_millis(250)),
    };
    assert_eq!(some.to_header().unwrap(), "timeout=250");
    assert_eq!(OptionalTimeout::from_header("timeout=250").unwrap(), some);
    let none = OptionalTimeout { timeout: None };
    assert_eq!(none.to_header().unwrap(), "");
    assert_eq!(OptionalTimeout::from_header("other=1").unwrap(), none);
    assert!(!OptionalTimeout::SCHEMA.fields()[0].is_required());
    let mut baggage = baggage::StringBaggage::parse("timeout=9,other=1").unwrap();
    none.write_to(&mut baggage).unwrap();
    assert_eq!(baggage.to_header(), "other=1");
    assert!(OptionalTimeout::from_header("timeout=soon").is_err());
}

/// A `default` path may name an associated function through `Self`, as serde's may, in both
/// readers: the struct's own members and a skipped field.
#[derive(Debug, PartialEq, Baggage)]
struct SelfDefaults<'h> {
    #[baggage(default = "Self::no_retries")]
    retries: u32,
    #[baggage(skip, default = "Self::local_note")]
    note: String,
    region: std::borrow::Cow<'h, str>,
}

impl SelfDefaults<'_> {
    fn no_retries() -> u32 {
        3
    }

    fn local_note() -> String {
        "set here".to_owned()
    }
}

#[test]
fn default_paths_may_name_self() {
    use baggage::BorrowBaggage;

    let header = "region=eu";
    let expected = SelfDefaults {
        retries: 3,
        note: "set here".to_owned(),
        region: "eu".into(),
    };
    assert_eq!(SelfDefaults::from_header(header).unwrap(), expected);
    assert_eq!(
        SelfDefaults::from_header_borrowed(header).unwrap(),
        expected
    );
    let baggage = StringBaggage::parse(header).unwrap();
    assert_eq!(SelfDefaults::from_baggage(&baggage).unwrap(), expected);
    assert_eq!(
        SelfDefaults::from_header("retries=5,region=eu")
            .unwrap()
            .retries,
        5
    );
}
