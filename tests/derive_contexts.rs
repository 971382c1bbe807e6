//! The contexts teams propagate today, derived, round tripped, and read from headers that other
//! OpenTelemetry SDKs write with their own conversions.

use baggage::{Baggage, BaggageValue, DecodeError, EncodeError, StringBaggage};

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum UserTier {
    Free,
    Premium,
}

/// Who the request is for.
#[derive(Debug, Clone, PartialEq, Baggage)]
struct UserContext {
    /// The signed-in user.
    user_id: u64,
    user_tier: UserTier,
    #[baggage(max_len = 32)]
    region: String,
    tenant_id: u64,
    is_premium: bool,
    #[baggage(default)]
    features: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Toggle {
    Enabled,
    Disabled,
}

#[derive(Debug, Clone, PartialEq, Baggage)]
struct FeatureFlags {
    feature_new_checkout: Toggle,
    #[baggage(max_len = 32)]
    experiment_group: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum RequestType {
    Browse,
    Checkout,
    Api,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Priority {
    Low,
    Normal,
    High,
}

#[derive(Debug, Clone, PartialEq, Baggage)]
struct RequestCharacteristics {
    request_type: RequestType,
    #[baggage(max_len = 16)]
    client_version: String,
    priority: Priority,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum DataClassification {
    Public,
    Internal,
    Confidential,
    Restricted,
}

#[derive(Debug, Clone, PartialEq, Baggage)]
struct Compliance {
    #[baggage(max_len = 8)]
    gdpr_region: String,
    data_classification: DataClassification,
    #[baggage(max_len = 64)]
    audit_id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum PaymentMethod {
    Card,
    BankTransfer,
    Wallet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum FraudScore {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, PartialEq, Baggage)]
struct PaymentContext {
    payment_method: PaymentMethod,
    fraud_score: FraudScore,
}

fn user() -> UserContext {
    UserContext {
        user_id: 12345,
        user_tier: UserTier::Premium,
        region: "us-west".into(),
        tenant_id: 42,
        is_premium: true,
        features: vec!["new_checkout".into(), "dark_mode".into()],
    }
}

#[test]
fn user_context_round_trips() {
    let header = user().to_header().unwrap();
    assert_eq!(
        header,
        "user_id=12345,user_tier=premium,region=us-west,tenant_id=42,is_premium=true,\
         features=new_checkout%2Cdark_mode"
    );
    assert_eq!(UserContext::from_header(&header).unwrap(), user());
}

#[test]
fn reads_what_other_sdks_write() {
    // Python: str(12345), str(True) (not lowered), ",".join(features); Node: String(42).
    let python = "user_id=12345,user_tier=premium,region=us-west,tenant_id=42,is_premium=True,\
                  features=new_checkout%2Cdark_mode";
    assert_eq!(UserContext::from_header(python).unwrap(), user());
    // Java writes the list with a raw comma escaped and spaces around `=`.
    let java = "user_id = 12345 , user_tier = premium, region=us-west, tenant_id=42, \
                is_premium=true, features=new_checkout%2Cdark_mode, unrelated=1";
    assert_eq!(UserContext::from_header(java).unwrap(), user());
    // An enum spelled in another case, as Python's Enum names are.
    let flags =
        FeatureFlags::from_header("feature_new_checkout=ENABLED,experiment_group=b").unwrap();
    assert_eq!(flags.feature_new_checkout, Toggle::Enabled);
}

#[test]
fn every_context_round_trips() {
    let flags = FeatureFlags {
        feature_new_checkout: Toggle::Disabled,
        experiment_group: "control".into(),
    };
    let request = RequestCharacteristics {
        request_type: RequestType::Checkout,
        client_version: "2.1.4".into(),
        priority: Priority::High,
    };
    let compliance = Compliance {
        gdpr_region: "eu".into(),
        data_classification: DataClassification::Confidential,
        audit_id: "a-7f3c".into(),
    };
    let payment = PaymentContext {
        payment_method: PaymentMethod::BankTransfer,
        fraud_score: FraudScore::Medium,
    };
    assert_eq!(
        FeatureFlags::from_header(&flags.to_header().unwrap()).unwrap(),
        flags
    );
    assert_eq!(
        RequestCharacteristics::from_header(&request.to_header().unwrap()).unwrap(),
        request
    );
    assert_eq!(
        Compliance::from_header(&compliance.to_header().unwrap()).unwrap(),
        compliance
    );
    assert_eq!(
        payment.to_header().unwrap(),
        "payment_method=bank_transfer,fraud_score=medium"
    );
    assert_eq!(
        PaymentContext::from_header(&payment.to_header().unwrap()).unwrap(),
        payment
    );
}

#[test]
fn payment_added_downstream_keeps_every_earlier_member_byte_for_byte() {
    // As the gateway sent it, with members this service does not know, properties included.
    let inbound = "user_id=12345,user_tier=premium,region=us-west,tenant_id=42,is_premium=true,\
                   features=new_checkout%2Cdark_mode,trace.origin=edge;ttl=30,vendor%20x=1";
    let mut baggage = StringBaggage::parse(inbound).unwrap();
    let payment = PaymentContext {
        payment_method: PaymentMethod::Card,
        fraud_score: FraudScore::Low,
    };
    payment.write_to(&mut baggage).unwrap();
    let outbound = baggage.to_header();
    assert_eq!(
        outbound,
        format!("{inbound},payment_method=card,fraud_score=low"),
        "every earlier member is still there, byte for byte"
    );
    // Both structs read from the same header.
    assert_eq!(UserContext::from_header(&outbound).unwrap(), user());
    assert_eq!(PaymentContext::from_header(&outbound).unwrap(), payment);
}

#[test]
fn typed_keys_read_one_field() {
    let header = user().to_header().unwrap();
    let baggage = StringBaggage::parse(&header).unwrap();
    assert_eq!(UserContext::USER_ID.get(&baggage).unwrap(), 12345);
    assert_eq!(
        UserContext::USER_TIER.get(&baggage).unwrap(),
        UserTier::Premium
    );
    assert_eq!(UserContext::USER_ID.name(), "user_id");
    assert_eq!(UserContext::REGION.max_len(), Some(32));
}

#[test]
fn a_missing_required_key_names_it() {
    let error =
        UserContext::from_header("user_id=1,user_tier=free,region=eu,tenant_id=2").unwrap_err();
    assert_eq!(error, DecodeError::Missing { key: "is_premium" });
    assert_eq!(
        error.to_string(),
        "baggage key `is_premium` is required but absent"
    );
    // `default` covers absence.
    let read =
        UserContext::from_header("user_id=1,user_tier=free,region=eu,tenant_id=2,is_premium=false")
            .unwrap();
    assert!(read.features.is_empty());
}

#[test]
fn a_bad_value_names_key_type_and_reason_escaped() {
    let error = UserContext::from_header(
        "user_id=12a,user_tier=free,region=eu,tenant_id=2,is_premium=true",
    )
    .unwrap_err();
    assert_eq!(error.key(), Some("user_id"));
    assert_eq!(
        error.to_string(),
        "baggage key `user_id` has value \"12a\": expected u64: not a decimal integer"
    );
    let error =
        UserContext::from_header("user_id=1,user_tier=gold,region=eu,tenant_id=2,is_premium=true")
            .unwrap_err();
    assert_eq!(
        error.to_string(),
        "baggage key `user_tier` has value \"gold\": expected UserTier: not one of `free`, `premium`"
    );
    // The value is escaped and cut, never shown whole.
    let long = format!("%0A{}", "9".repeat(100));
    let header = format!("user_id={long},user_tier=free,region=eu,tenant_id=2,is_premium=true");
    let message = UserContext::from_header(&header).unwrap_err().to_string();
    assert!(message.contains("\\n999"), "{message}");
    assert!(!message.contains(&"9".repeat(40)), "{message}");
}

#[test]
fn max_len_is_enforced_both_ways() {
    let mut context = user();
    context.region = "x".repeat(33);
    assert_eq!(
        context.to_header().unwrap_err(),
        EncodeError::TooLong {
            key: "region",
            max_len: 32,
            len: 33
        }
    );
    let header = format!(
        "user_id=1,user_tier=free,region={},tenant_id=2,is_premium=true",
        "x".repeat(33)
    );
    assert_eq!(
        UserContext::from_header(&header).unwrap_err(),
        DecodeError::TooLong {
            key: "region",
            max_len: 32,
            len: 33
        }
    );
}

#[test]
fn a_malformed_member_the_struct_needs_is_reported_as_such() {
    let error = UserContext::from_header(
        "user_id=1,user_tier=free,region=eu%zz,tenant_id=2,is_premium=true",
    )
    .unwrap_err();
    assert!(matches!(error, DecodeError::Header(_)), "{error:?}");
    assert!(error.to_string().contains("`region`"), "{error}");
    // A malformed member it does not need is ignored.
    let read = UserContext::from_header(
        "user_id=1,user_tier=free,region=eu,tenant_id=2,is_premium=true,other=%zz",
    );
    assert!(read.is_ok());
}

#[test]
fn schema_describes_the_struct() {
    let schema = UserContext::SCHEMA;
    assert_eq!(schema.name(), "UserContext");
    assert_eq!(schema.doc(), "Who the request is for.");
    assert_eq!(schema.budget(), 1024);
    let user_id = schema.field("user_id").unwrap();
    assert_eq!(user_id.rust_type(), "u64");
    assert_eq!(user_id.doc(), "The signed-in user.");
    assert!(user_id.is_required());
    assert_eq!(user_id.max_encoded_len(), Some(20));
    let tier = schema.field("user_tier").unwrap();
    assert_eq!(tier.value_type(), "UserTier");
    assert_eq!(tier.max_encoded_len(), Some("premium".len()));
    assert_eq!(schema.field("region").unwrap().max_encoded_len(), Some(96));
    assert!(!schema.field("features").unwrap().is_required());
    assert_eq!(schema.field("features").unwrap().max_encoded_len(), None);
    assert_eq!(schema.max_encoded_len(), None);
    assert_eq!(
        PaymentContext::SCHEMA.max_encoded_len(),
        Some("payment_method=bank_transfer".len() + 1 + "fraud_score=medium".len())
    );
    let markdown = schema.to_markdown();
    assert!(
        markdown.contains("| `user_id` | `u64` | yes | 20 | The signed-in user. |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| `features` | `Vec<String>` | no | unbounded |"),
        "{markdown}"
    );
}

/// A socket address travels through a derived struct: its `:`, `[`, `]` and `%` are escaped on
/// the wire and read back, and the form Python's propagator writes (`quote(f"[{host}]:{port}")`)
/// reads too.
#[test]
fn socket_addresses_travel_escaped() {
    #[derive(Debug, PartialEq, Baggage)]
    struct Upstream {
        origin: std::net::SocketAddr,
        hops: Vec<std::net::SocketAddr>,
    }

    let upstream = Upstream {
        origin: "[fe80::1%3]:443".parse().unwrap(),
        hops: vec!["10.0.0.7:8080".parse().unwrap()],
    };
    let header = upstream.to_header().unwrap();
    assert_eq!(
        header,
        "origin=%5Bfe80%3A%3A1%253%5D%3A443,hops=10.0.0.7%3A8080"
    );
    assert_eq!(Upstream::from_header(&header).unwrap(), upstream);
    // Python: urllib.parse.quote("10.0.0.7:8080", safe="") and a raw `:`, which the grammar allows.
    let python = "origin=10.0.0.7%3A8080,hops=10.0.0.7:8080";
    let read = Upstream::from_header(python).unwrap();
    assert_eq!(read.origin, "10.0.0.7:8080".parse().unwrap());
    assert_eq!(read.hops, ["10.0.0.7:8080".parse().unwrap()]);
}

/// A duration field reads what the services around it write, and an optional one is absent
/// when not sent; a bare number is refused naming the key.
#[test]
fn durations_travel_with_their_unit() {
    use std::time::Duration;

    #[derive(Debug, PartialEq, Baggage)]
    struct Deadline {
        timeout: Duration,
        retry_after: Option<Duration>,
    }

    let deadline = Deadline {
        timeout: Duration::from_millis(1500),
        retry_after: None,
    };
    assert_eq!(deadline.to_header().unwrap(), "timeout=1.5s");
    for header in ["timeout=1500ms", "timeout=PT1.5S", "timeout=1.5s"] {
        assert_eq!(Deadline::from_header(header).unwrap(), deadline, "{header}");
    }
    let error = Deadline::from_header("timeout=1500").unwrap_err();
    assert_eq!(error.key(), Some("timeout"));
    assert!(error.to_string().contains("unit"), "{error}");
}

/// A UUID field (feature `uuid`) reads what Python and JavaScript write and writes it back the
/// same.
#[cfg(feature = "uuid")]
#[test]
fn uuids_travel_as_other_languages_write_them() {
    #[derive(Debug, PartialEq, Baggage)]
    struct Request {
        request_id: uuid::Uuid,
        parents: Vec<uuid::Uuid>,
    }

    // str(uuid4()) in Python, crypto.randomUUID() in JavaScript; a list as ",".join(...).
    let header = "request_id=67e55044-10b1-426f-9247-bb680e5fe0c8,\
                  parents=0b4b6c2e-8b0e-4a38-a6a4-2f5d1f6f3e9a%2C1d3c0e51-97f2-4e8e-9a5b-0c7b3e2f9d10";
    let request = Request::from_header(header).unwrap();
    assert_eq!(request.parents.len(), 2);
    assert_eq!(request.to_header().unwrap(), header);
}

/// Time fields (features `chrono`, `time`) read what JavaScript and Python write.
#[cfg(all(feature = "chrono", feature = "time"))]
#[test]
fn times_travel_as_other_languages_write_them() {
    #[derive(Debug, PartialEq, Baggage)]
    struct Deadlines {
        expires_at: chrono::DateTime<chrono::Utc>,
        issued_at: time::OffsetDateTime,
    }

    // date.toISOString() in JavaScript; datetime.now(timezone.utc).isoformat() in Python,
    // percent-encoded by its propagator.
    let header =
        "expires_at=2024-05-01T12:30:00.000Z,issued_at=2024-05-01T12%3A00%3A00.123456%2B00%3A00";
    let deadlines = Deadlines::from_header(header).unwrap();
    assert_eq!(
        deadlines.expires_at.to_rfc3339(),
        "2024-05-01T12:30:00+00:00"
    );
    assert_eq!(
        deadlines.issued_at,
        time::macros::datetime!(2024-05-01 12:00:00.123456 UTC)
    );
    let written = deadlines.to_header().unwrap();
    assert_eq!(Deadlines::from_header(&written).unwrap(), deadlines);
    let error = Deadlines::from_header("expires_at=2024-05-01T12:30:00,issued_at=x").unwrap_err();
    assert_eq!(error.key(), Some("expires_at"));
}
