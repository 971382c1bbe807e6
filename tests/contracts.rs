//! Fleet contracts: every finding kind and change kind from real derived structs, the compatible
//! case of each, the manifest's JSON, and the checkout demo's fleet.
#![cfg(all(feature = "contract", feature = "axum", feature = "tower"))]

#[path = "../examples/checkout/services.rs"]
#[allow(dead_code)]
mod services;

use baggage::contract::{
    assert_manifest, check, diff, ChangeKind, FindingKind, ManifestError, Service, Severity,
};
use baggage::{Baggage, BaggageValue};

fn kinds(report: &baggage::contract::Report) -> Vec<(FindingKind, Vec<String>)> {
    report
        .findings()
        .iter()
        .map(|finding| (finding.kind(), finding.keys().to_vec()))
        .collect()
}

/// A change's kind, whether it breaks, and its key.
type Expected = (ChangeKind, bool, String);

fn change_kinds(old: &Service, new: &Service) -> Vec<Expected> {
    diff(old, new)
        .iter()
        .map(|change| (change.kind(), change.is_breaking(), change.key().to_owned()))
        .collect()
}

// ----- the fleet of the checkout demo -------------------------------------------------------

fn checkout_fleet() -> [(Service, &'static str); 3] {
    use services::{PaymentContext, RequestContext};
    [
        (
            Service::new("gateway")
                .writes::<RequestContext>()
                .from_outside(["client_version"]),
            "examples/checkout/gateway.json",
        ),
        (
            Service::new("orders").reads::<RequestContext>(),
            "examples/checkout/orders.json",
        ),
        (
            Service::new("payment")
                .external()
                .reads::<RequestContext>()
                .writes::<PaymentContext>(),
            "examples/checkout/payment.json",
        ),
    ]
}

#[test]
fn the_checkout_manifests_are_current() {
    for (service, path) in checkout_fleet() {
        assert_manifest(&service, path);
    }
}

#[test]
fn the_checkout_fleet_passes_its_check() {
    let fleet: Vec<Service> = checkout_fleet().into_iter().map(|(s, _)| s).collect();
    let report = check(&fleet);
    assert!(!report.has_errors(), "{report}");
    // Payment shares `RequestContext`, whose internal shard never reaches it (a default of 0
    // there), and adds its members for a downstream the demo does not run.
    assert_eq!(
        kinds(&report),
        [
            (
                FindingKind::InternalToExternal,
                vec!["routing_shard".to_owned()]
            ),
            (
                FindingKind::UnreadKey,
                vec!["payment.challenged".to_owned()]
            ),
            (
                FindingKind::UnreadKey,
                vec!["payment.fraud_score".to_owned()]
            ),
        ]
    );
}

/// Payment, planted with a dependency on the internal `routing_shard`: the README's finding.
mod planted {
    use super::services::Tier;
    use baggage::Baggage;

    /// What a payment provider would read if it needed the shard.
    #[derive(Baggage)]
    #[baggage(budget = 256)]
    pub struct RequestContext {
        pub user_id: u64,
        pub user_tier: Tier,
        #[baggage(max_len = 16)]
        pub region: String,
        /// Required here, but `internal` where the gateway writes it.
        pub routing_shard: u16,
    }
}

const README_FINDING: &str = "error[internal-to-external]: `payment` (RequestContext.routing_shard: u16) requires `routing_shard`, but `gateway` (RequestContext.routing_shard: u16) marks it `internal`: it is stripped before every call to `payment`, an external service, so every request fails to decode there; make the field optional in `payment`, or drop `internal` in `gateway` if the value may leave the fleet";

#[test]
fn a_planted_break_is_the_finding_the_readme_shows() {
    let broken = Service::new("payment")
        .external()
        .reads::<planted::RequestContext>()
        .writes::<services::PaymentContext>();
    assert_manifest(&broken, "examples/checkout/broken/payment.json");
    let mut fleet: Vec<Service> = checkout_fleet().into_iter().map(|(s, _)| s).collect();
    fleet[2] = broken;
    let report = check(&fleet);
    assert!(report.has_errors());
    let errors: Vec<String> = report
        .with_severity(Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert_eq!(errors, [README_FINDING]);
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(
        readme.contains(README_FINDING),
        "the README shows another finding"
    );
}

// ----- the manifest ---------------------------------------------------------------------------

mod shapes {
    use baggage::{Baggage, BaggageValue};
    use std::net::Ipv4Addr;
    use std::num::NonZeroU32;
    use std::time::Duration;

    #[derive(BaggageValue)]
    pub enum Plan {
        Free,
        #[baggage(rename = "pro")]
        Premium,
        #[baggage(other)]
        Unknown,
    }

    pub mod millis {
        use baggage::ValueError;
        use std::time::Duration;

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

    #[derive(BaggageValue)]
    pub enum Code {
        Ok,
        #[baggage(other)]
        Other(u16),
    }

    #[derive(Baggage)]
    #[baggage(prefix = "app.")]
    pub struct Nested {
        pub shard: NonZeroU32,
    }

    /// Every kind of type.
    #[derive(Baggage)]
    pub struct Everything {
        /// A signed number.
        pub offset: i16,
        pub ratio: f32,
        pub beta: bool,
        pub grade: char,
        #[baggage(max_len = 8, alias = "old_name")]
        pub name: Option<String>,
        pub plan: Plan,
        pub code: Code,
        pub features: Vec<u8>,
        pub peer: Ipv4Addr,
        pub ttl: Duration,
        #[baggage(with = "millis")]
        pub timeout: Duration,
        #[baggage(flatten)]
        pub nested: Nested,
        #[baggage(internal, default)]
        pub routing: u8,
        #[baggage(allow_pii = "a salted hash")]
        pub user_email: String,
    }
}

#[test]
fn a_manifest_records_every_type_and_mark_and_reads_back() {
    let service = Service::new("svc").writes::<shapes::Everything>();
    let json = service.to_json();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["format"], 1);
    assert_eq!(value["service"], "svc");
    let members = value["writes"][0]["members"].as_array().unwrap();
    let keys: Vec<&str> = members.iter().map(|m| m["key"].as_str().unwrap()).collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(keys, sorted, "members are sorted by key");
    let member = |key: &str| members.iter().find(|m| m["key"] == key).unwrap().clone();
    let ty = |key: &str| member(key)["type"].clone();
    use serde_json::json;
    assert_eq!(
        ty("offset"),
        json!({"kind": "integer", "signed": true, "bits": 16})
    );
    assert_eq!(
        ty("app.shard"),
        json!({"kind": "integer", "signed": false, "bits": 32, "nonzero": true})
    );
    assert_eq!(ty("ratio"), json!({"kind": "float", "bits": 32}));
    assert_eq!(ty("beta"), json!({"kind": "bool"}));
    assert_eq!(ty("grade"), json!({"kind": "char"}));
    assert_eq!(ty("name"), json!({"kind": "text"}));
    assert_eq!(
        ty("plan"),
        json!({"kind": "enum", "name": "Plan", "variants": ["free", "pro", "unknown"], "catch_all": "unit"})
    );
    assert_eq!(
        ty("features"),
        json!({"kind": "list", "item": {"kind": "integer", "signed": false, "bits": 8}})
    );
    assert_eq!(ty("peer"), json!({"kind": "format", "format": "ipv4"}));
    assert_eq!(ty("ttl"), json!({"kind": "format", "format": "duration"}));
    assert_eq!(
        ty("code"),
        json!({"kind": "enum", "name": "Code", "variants": ["ok"], "catch_all": "holds",
               "holds": {"kind": "integer", "signed": false, "bits": 16}})
    );
    assert_eq!(
        ty("timeout"),
        json!({"kind": "opaque", "rust_type": "Duration", "with": "millis"})
    );
    assert_eq!(member("name")["may_be_absent"], true);
    assert_eq!(member("offset").get("may_be_absent"), None);
    // A `default` field is always written, though not required.
    assert_eq!(member("routing")["required"], false);
    assert_eq!(member("routing").get("may_be_absent"), None);
    assert_eq!(member("name")["aliases"], json!(["old_name"]));
    assert_eq!(member("name")["max_len"], 8);
    assert_eq!(member("name")["required"], false);
    assert_eq!(member("routing")["internal"], true);
    assert_eq!(member("user_email")["allow_pii"], "a salted hash");
    assert_eq!(member("offset")["doc"], "A signed number.");
    assert_eq!(Service::from_json(&json).unwrap(), service);
    assert_eq!(Service::from_json(&json).unwrap().to_json(), json);
}

#[test]
fn a_hand_sorted_manifest_reads_as_the_sorted_one() {
    let service = Service::new("svc").writes::<shapes::Everything>();
    let mut value: serde_json::Value = serde_json::from_str(&service.to_json()).unwrap();
    let members = value["writes"][0]["members"].as_array_mut().unwrap();
    members.reverse();
    let shuffled = serde_json::to_string(&value).unwrap();
    assert_eq!(Service::from_json(&shuffled).unwrap(), service);
}

#[test]
fn manifests_that_are_not_format_1_are_refused_with_the_reason() {
    assert_eq!(
        Service::from_json(r#"{"format": 2, "service": "x"}"#),
        Err(ManifestError::Format(Some(2)))
    );
    assert_eq!(
        Service::from_json(r#"{"format": 2}"#)
            .unwrap_err()
            .to_string(),
        "manifest format 2 is not supported: this version reads format 1"
    );
    assert_eq!(
        Service::from_json(r#"{"service": "x"}"#)
            .unwrap_err()
            .to_string(),
        "not a service manifest: no \"format\" field (this version reads format 1)"
    );
    let typo = Service::from_json(r#"{"format": 1, "service": "x", "extrnal": true}"#)
        .unwrap_err()
        .to_string();
    assert!(typo.contains("unknown field `extrnal`"), "{typo}");
    let truncated = Service::from_json("{\"format\": 1,\n \"service\": ").unwrap_err();
    assert!(truncated.to_string().contains("line 2"), "{truncated}");
}

#[test]
fn manifests_with_types_no_struct_writes_are_refused_naming_the_member() {
    let service = Service::new("svc").writes::<shapes::Everything>();
    let json = service.to_json();
    for (from, to, problem) in [
        (
            r#""bits": 16"#,
            r#""bits": 200"#,
            // The first 16-bit integer is what `code`'s catch-all holds: nested types are checked.
            "member `code` has an integer of 200 bits: integers have 8, 16, 32, 64 or 128",
        ),
        (
            r#""bits": 32
          },"#,
            r#""bits": 16
          },"#,
            "member `ratio` has a float of 16 bits: floats have 32 or 64",
        ),
        (
            r#""catch_all": "holds""#,
            r#""catch_all": "none""#,
            "member `code` has an enum has a `holds` type but its catch-all is not `holds`",
        ),
    ] {
        assert!(json.contains(from), "{from}");
        let error = Service::from_json(&json.replacen(from, to, 1)).unwrap_err();
        assert!(matches!(error, ManifestError::Invalid { .. }), "{error:?}");
        assert_eq!(
            error.to_string(),
            format!("not a valid service manifest: {problem}")
        );
    }
    let nested = json.replacen(
        r#""item": {"#,
        r#""item": {"kind": "list", "item": {"kind": "bool"}}, "unused": {"#,
        1,
    );
    assert!(Service::from_json(&nested).is_err());
}

/// In a child process only (see the next test): writes the manifest where it is told.
#[test]
fn assert_manifest_update_child() {
    if let Some(path) = std::env::var_os("BAGGAGE_TEST_MANIFEST_PATH") {
        assert_manifest(&Service::new("svc").writes::<shapes::Everything>(), path);
    }
}

#[test]
fn assert_manifest_writes_the_manifest_when_asked() {
    let dir = std::env::temp_dir().join(format!("baggage-update-{}", std::process::id()));
    let path = dir.join("nested/folder/svc.json");
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["assert_manifest_update_child", "--exact", "--quiet"])
        .env(baggage::contract::UPDATE_VARIABLE, "1")
        .env("BAGGAGE_TEST_MANIFEST_PATH", &path)
        .status()
        .unwrap();
    assert!(status.success());
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        written,
        Service::new("svc").writes::<shapes::Everything>().to_json()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn assert_manifest_shows_a_diff_and_updates_on_request() {
    let dir = std::env::temp_dir().join(format!("baggage-contract-{}", std::process::id()));
    let path = dir.join("nested/svc.json");
    let service = Service::new("svc").writes::<shapes::Everything>();
    if std::env::var_os(baggage::contract::UPDATE_VARIABLE).is_some() {
        // In update mode the helper writes instead of comparing; this test is about comparing.
        return;
    }

    let missing = std::panic::catch_unwind(|| assert_manifest(&service, &path)).unwrap_err();
    let missing = missing.downcast_ref::<String>().unwrap();
    assert!(missing.contains("cannot be read"), "{missing}");
    assert!(
        missing.contains("BAGGAGE_UPDATE_MANIFESTS=1 cargo test"),
        "{missing}"
    );

    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let stale = service.to_json().replace("\"beta\"", "\"alpha\"");
    std::fs::write(&path, stale).unwrap();
    let outdated = std::panic::catch_unwind(|| assert_manifest(&service, &path)).unwrap_err();
    let outdated = outdated.downcast_ref::<String>().unwrap();
    assert!(outdated.contains("is out of date"), "{outdated}");
    let changed = |sign: char, key: &str| {
        outdated
            .lines()
            .any(|line| line.starts_with(sign) && line.trim_start_matches(sign).trim() == key)
    };
    assert!(changed('-', "\"key\": \"alpha\","), "{outdated}");
    assert!(changed('+', "\"key\": \"beta\","), "{outdated}");

    std::fs::write(&path, service.to_json()).unwrap();
    assert_manifest(&service, &path);
    std::fs::remove_dir_all(&dir).unwrap();
}

// ----- finding kinds --------------------------------------------------------------------------

#[derive(BaggageValue)]
enum Priority {
    Low,
    High,
}

#[derive(BaggageValue)]
enum PriorityWide {
    Low,
    High,
    Urgent,
}

#[derive(BaggageValue)]
enum PriorityOpen {
    Low,
    High,
    #[baggage(other)]
    Other(String),
}

/// The same names as `PriorityTolerant`, without its catch-all.
#[derive(BaggageValue)]
enum PriorityClosed {
    Low,
    Unknown,
}

#[derive(BaggageValue)]
enum PriorityTolerant {
    Low,
    #[baggage(other)]
    Unknown,
}

macro_rules! one_field {
    ($($name:ident { $(#[$attr:meta])? $field:ident : $ty:ty }),* $(,)?) => {$(
        #[derive(Baggage)]
        #[allow(dead_code)]
        struct $name {
            $(#[baggage($attr)])?
            $field: $ty,
        }
    )*};
}

one_field! {
    UserId { user_id: u64 },
    UserIdOptional { user_id: Option<u64> },
    UserIdSigned { user_id: i64 },
    UserIdSmall { user_id: u16 },
    UserIdNonZero { user_id: std::num::NonZeroU64 },
    UserIdBool { user_id: bool },
    UserIdFloat { user_id: f64 },
    TierText { user_tier: String },
    TierShort { #[max_len = 4] user_tier: String },
    TierLong { #[max_len = 64] user_tier: String },
    TierInternal { #[internal] user_tier: String },
    TierOptional { user_tier: Option<String> },
    TierList { user_tier: Vec<String> },
    TierAlias { #[alias = "plan"] user_tier: String },
    PlanText { plan: String },
    PriorityText { priority: String },
    PriorityEnum { priority: Priority },
    PriorityWideEnum { priority: PriorityWide },
    PriorityOpenEnum { priority: PriorityOpen },
    PriorityTolerantEnum { priority: PriorityTolerant },
    PriorityClosedEnum { priority: PriorityClosed },
    TagsOptional { tags: Option<Vec<u8>> },
    PriorityList { priority: Vec<Priority> },
    Ratio32 { ratio: f32 },
    Ratio64 { ratio: f64 },
    PeerV4 { peer: std::net::Ipv4Addr },
    PeerAny { peer: std::net::IpAddr },
    TimeoutMillis { #[with = "shapes::millis"] timeout: std::time::Duration },
    TimeoutText { timeout: String },
    TimeoutDuration { timeout: std::time::Duration },
    Hashed { #[allow_pii = "a salted hash, never the address"] user_email: String },
    Ranking { rank: u8 },
    RankingRenamed { #[rename = "rank"] position: u8 },
    TagsInApp { tags: Vec<u8> },
}

#[derive(Baggage)]
#[baggage(prefix = "app.")]
struct TagsPrefixed {
    tags: Vec<u8>,
}

#[derive(Baggage)]
#[baggage(prefix = "app.")]
struct TagsPrefixedOptional {
    tags: Option<Vec<u8>>,
}

#[derive(Baggage)]
#[baggage(prefix = "app.")]
struct TagsMigrating {
    #[baggage(alias = "tags")]
    tags: Vec<u8>,
}

fn pair(writer: Service, reader: Service) -> baggage::contract::Report {
    check(&[writer, reader])
}

#[test]
fn a_required_key_no_service_writes_is_an_error() {
    let report = pair(
        Service::new("gateway").writes::<UserId>(),
        Service::new("orders").reads::<UserId>().reads::<TierText>(),
    );
    let finding = report.of_kind(FindingKind::MissingWriter).next().unwrap();
    assert_eq!(finding.severity(), Severity::Error);
    assert_eq!(finding.keys(), ["user_tier"]);
    assert_eq!(finding.services(), ["orders"]);
    assert!(finding.message().starts_with(
        "`orders` (TierText.user_tier: String) requires `user_tier`, but no other service writes it"
    ));
    assert!(finding.message().contains(".from_outside([\"user_tier\"])"));
}

#[test]
fn a_key_written_declared_from_outside_optional_or_aliased_is_not_missing() {
    for (writer, reader) in [
        (
            Service::new("gateway").writes::<TierText>(),
            Service::new("orders").reads::<TierText>(),
        ),
        (
            Service::new("gateway").writes::<UserId>(),
            Service::new("orders").reads::<TierOptional>(),
        ),
        (
            Service::new("gateway").writes::<PlanText>(),
            Service::new("orders").reads::<TierAlias>(),
        ),
        (
            Service::new("gateway").writes::<UserId>(),
            Service::new("orders")
                .reads::<TierText>()
                .from_outside(["user_tier"]),
        ),
    ] {
        let report = pair(writer, reader);
        assert_eq!(
            report.of_kind(FindingKind::MissingWriter).count(),
            0,
            "{report}"
        );
    }
}

/// Writer type, reader type, and a part of the reason, for each conflict the check reports.
#[test]
fn types_that_disagree_are_a_type_conflict() {
    let cases: Vec<(Service, Service, &str)> = vec![
        (
            Service::new("w").writes::<UserIdBool>(),
            Service::new("r").reads::<UserId>(),
            "bool values that are not u64",
        ),
        (
            Service::new("w").writes::<PriorityText>(),
            Service::new("r").reads::<PriorityEnum>(),
            "any text, and the reader accepts only `low`, `high` (no catch-all)",
        ),
        (
            Service::new("w").writes::<PriorityWideEnum>(),
            Service::new("r").reads::<PriorityEnum>(),
            "`urgent`, which the reader's enum does not have, and no catch-all of it reads",
        ),
        (
            Service::new("w").writes::<PriorityOpenEnum>(),
            Service::new("r").reads::<PriorityEnum>(),
            "what its catch-all holds: any text, and the reader accepts only `low`, `high`",
        ),
        (
            Service::new("w").writes::<TierList>(),
            Service::new("r").reads::<TierText>(),
            "a list, and the reader reads one value: `a,b` would read as the single value",
        ),
        (
            Service::new("w").writes::<PriorityList>(),
            Service::new("r").reads::<PriorityEnum>(),
            "a list, and the reader reads one value",
        ),
        (
            Service::new("w").writes::<TierText>(),
            Service::new("r").reads::<TierList>(),
            "a text with a `,` reads as several items",
        ),
        (
            Service::new("w").writes::<TierLong>(),
            Service::new("r").reads::<TierShort>(),
            "values up to 64 bytes, above the reader's `max_len = 4`",
        ),
        (
            Service::new("w").writes::<TierText>(),
            Service::new("r").reads::<TierShort>(),
            "values of any length",
        ),
        (
            Service::new("w").writes::<UserIdSigned>(),
            Service::new("r").reads::<UserId>(),
            "negative numbers, and the reader is unsigned",
        ),
        (
            Service::new("w").writes::<UserId>(),
            Service::new("r").reads::<UserIdSigned>(),
            "numbers up to 18446744073709551615, beyond the reader's i64",
        ),
        (
            Service::new("w").writes::<UserId>(),
            Service::new("r").reads::<UserIdSmall>(),
            "beyond the reader's u16",
        ),
        (
            Service::new("w").writes::<UserId>(),
            Service::new("r").reads::<UserIdNonZero>(),
            "0, which the reader's non-zero type refuses",
        ),
        (
            Service::new("w").writes::<UserIdFloat>(),
            Service::new("r").reads::<UserId>(),
            "f64 values that are not u64",
        ),
        (
            Service::new("w").writes::<Ratio64>(),
            Service::new("r").reads::<Ratio32>(),
            "beyond f32's range",
        ),
        (
            Service::new("w").writes::<PeerAny>(),
            Service::new("r").reads::<PeerV4>(),
            "ip values that are not ipv4",
        ),
        (
            Service::new("w").writes::<TimeoutText>(),
            Service::new("r").reads::<TimeoutDuration>(),
            "text values that are not duration",
        ),
    ];
    for (writer, reader, reason) in cases {
        let report = pair(writer, reader);
        let conflicts: Vec<_> = report.of_kind(FindingKind::TypeConflict).collect();
        assert_eq!(conflicts.len(), 1, "{reason}: {report}");
        assert_eq!(conflicts[0].severity(), Severity::Error);
        assert_eq!(conflicts[0].services(), ["r", "w"]);
        assert!(
            conflicts[0].message().contains(reason),
            "{}",
            conflicts[0].message()
        );
    }
}

#[test]
fn types_a_reader_accepts_are_no_conflict() {
    let cases: Vec<(Service, Service)> = vec![
        (
            Service::new("w").writes::<UserIdSmall>(),
            Service::new("r").reads::<UserId>(),
        ),
        (
            Service::new("w").writes::<UserIdSmall>(),
            Service::new("r").reads::<UserIdSigned>(),
        ),
        (
            Service::new("w").writes::<UserIdNonZero>(),
            Service::new("r").reads::<UserId>(),
        ),
        (
            Service::new("w").writes::<UserId>(),
            Service::new("r").reads::<UserIdFloat>(),
        ),
        (
            Service::new("w").writes::<UserId>(),
            Service::new("r").reads::<UserIdOptional>(),
        ),
        (
            Service::new("w").writes::<Ratio32>(),
            Service::new("r").reads::<Ratio64>(),
        ),
        (
            Service::new("w").writes::<PriorityEnum>(),
            Service::new("r").reads::<PriorityWideEnum>(),
        ),
        (
            Service::new("w").writes::<PriorityEnum>(),
            Service::new("r").reads::<PriorityText>(),
        ),
        (
            Service::new("w").writes::<PriorityText>(),
            Service::new("r").reads::<PriorityOpenEnum>(),
        ),
        (
            Service::new("w").writes::<PriorityWideEnum>(),
            Service::new("r").reads::<PriorityTolerantEnum>(),
        ),
        (
            Service::new("w").writes::<PriorityEnum>(),
            Service::new("r").reads::<PriorityList>(),
        ),
        (
            Service::new("w").writes::<TierShort>(),
            Service::new("r").reads::<TierLong>(),
        ),
        (
            Service::new("w").writes::<TierList>(),
            Service::new("r").reads::<TierList>(),
        ),
        (
            Service::new("w").writes::<PeerV4>(),
            Service::new("r").reads::<PeerAny>(),
        ),
        (
            Service::new("w").writes::<TimeoutMillis>(),
            Service::new("r").reads::<TimeoutMillis>(),
        ),
        (
            Service::new("w").writes::<TimeoutDuration>(),
            Service::new("r").reads::<TimeoutText>(),
        ),
    ];
    for (writer, reader) in cases {
        let report = pair(writer, reader);
        assert!(report.findings().is_empty(), "{report}");
    }
}

#[test]
fn an_opaque_type_against_another_is_unchecked_not_an_error() {
    let report = pair(
        Service::new("w").writes::<TimeoutMillis>(),
        Service::new("r").reads::<TimeoutDuration>(),
    );
    assert!(!report.has_errors(), "{report}");
    let finding = report.of_kind(FindingKind::UncheckedType).next().unwrap();
    assert_eq!(finding.severity(), Severity::Warning);
    assert!(
        finding.message().contains("opaque"),
        "{}",
        finding.message()
    );
}

#[test]
fn an_external_service_requiring_an_internal_key_is_an_error() {
    let report = pair(
        Service::new("gateway").writes::<TierInternal>(),
        Service::new("payment").external().reads::<TierText>(),
    );
    let finding = report
        .of_kind(FindingKind::InternalToExternal)
        .next()
        .unwrap();
    assert_eq!(finding.severity(), Severity::Error);
    assert_eq!(finding.services(), ["gateway", "payment"]);
    assert_eq!(finding.keys(), ["user_tier"]);
    for compatible in [
        // Inside the boundary, the member arrives.
        pair(
            Service::new("gateway").writes::<TierInternal>(),
            Service::new("orders").reads::<TierText>(),
        ),
        // Not internal: it reaches the external service.
        pair(
            Service::new("gateway").writes::<TierText>(),
            Service::new("payment").external().reads::<TierText>(),
        ),
    ] {
        assert!(compatible.findings().is_empty(), "{compatible}");
    }
    // Optional: the external service copes without it, but always reads it as absent.
    let optional = pair(
        Service::new("gateway").writes::<TierInternal>(),
        Service::new("payment").external().reads::<TierOptional>(),
    );
    assert_eq!(
        kinds(&optional),
        [(
            FindingKind::InternalToExternal,
            vec!["user_tier".to_owned()]
        )]
    );
    let finding = &optional.findings()[0];
    assert_eq!(finding.severity(), Severity::Warning);
    assert!(
        finding
            .message()
            .contains("so it always reads as absent there"),
        "{finding}"
    );
}

#[derive(Baggage)]
#[baggage(budget = 4096)]
struct Large1 {
    notes_a: String,
}

#[derive(Baggage)]
#[baggage(budget = 4096)]
struct Large2 {
    notes_b: String,
}

#[derive(Baggage)]
#[baggage(budget = 2048)]
struct Medium {
    notes_c: String,
}

#[derive(Baggage)]
#[baggage(budget = 1024)]
struct Bounded {
    #[baggage(max_len = 100)]
    notes_d: String,
}

#[test]
fn the_fleet_worst_case_over_the_w3c_limits_is_an_error() {
    let fleet = [
        Service::new("a").writes::<Large1>(),
        Service::new("b").writes::<Large2>(),
        Service::new("c").writes::<Medium>(),
        Service::new("sink")
            .reads::<Large1>()
            .reads::<Large2>()
            .reads::<Medium>(),
    ];
    let report = check(&fleet);
    let finding = report.of_kind(FindingKind::FleetTooLarge).next().unwrap();
    assert_eq!(finding.severity(), Severity::Error);
    // Each unbounded key at its struct's budget, and two commas.
    assert!(
        finding
            .message()
            .contains("can reach 10242 bytes in 3 members"),
        "{}",
        finding.message()
    );
    assert!(finding
        .message()
        .contains("largest: `notes_b` 4096 bytes, `notes_a` 4096 bytes, `notes_c` 2048 bytes"));
    assert_eq!(report.of_kind(FindingKind::FleetOverGuide).count(), 0);
}

#[test]
fn the_fleet_worst_case_over_the_guide_is_a_warning() {
    let report = check(&[
        Service::new("c").writes::<Medium>(),
        Service::new("sink").reads::<Medium>(),
    ]);
    let finding = report.of_kind(FindingKind::FleetOverGuide).next().unwrap();
    assert_eq!(finding.severity(), Severity::Warning);
    assert!(finding.message().contains("can reach 2048 bytes"));
    // A bounded key: `notes_d=` and 300 bytes (each byte of 100 may take three).
    let small = check(&[
        Service::new("d").writes::<Bounded>(),
        Service::new("sink").reads::<Bounded>(),
    ]);
    assert!(small.findings().is_empty(), "{small}");
}

macro_rules! fifty {
    ($name:ident, $prefix:literal) => {
        #[derive(Baggage)]
        #[baggage(prefix = $prefix, budget = 2048)]
        struct $name {
            f00: bool,
            f01: bool,
            f02: bool,
            f03: bool,
            f04: bool,
            f05: bool,
            f06: bool,
            f07: bool,
            f08: bool,
            f09: bool,
            f10: bool,
            f11: bool,
            f12: bool,
            f13: bool,
            f14: bool,
            f15: bool,
            f16: bool,
            f17: bool,
            f18: bool,
            f19: bool,
            f20: bool,
            f21: bool,
            f22: bool,
            f23: bool,
            f24: bool,
            f25: bool,
            f26: bool,
            f27: bool,
            f28: bool,
            f29: bool,
            f30: bool,
            f31: bool,
            f32: bool,
            f33: bool,
            f34: bool,
            f35: bool,
            f36: bool,
            f37: bool,
            f38: bool,
            f39: bool,
            f40: bool,
            f41: bool,
            f42: bool,
            f43: bool,
            f44: bool,
            f45: bool,
            f46: bool,
            f47: bool,
            f48: bool,
            f49: bool,
        }
    };
}
fifty!(Fifty0, "a.");
fifty!(Fifty1, "b.");
fifty!(Fifty2, "c.");
fifty!(Fifty3, "d.");

#[test]
fn more_than_180_members_on_the_fleet_is_an_error() {
    let report = check(&[
        Service::new("a").writes::<Fifty0>().writes::<Fifty1>(),
        Service::new("b").writes::<Fifty2>().writes::<Fifty3>(),
    ]);
    let finding = report.of_kind(FindingKind::FleetTooLarge).next().unwrap();
    assert!(
        finding.message().contains("in 200 members"),
        "{}",
        finding.message()
    );
    let fewer = check(&[Service::new("a").writes::<Fifty0>().writes::<Fifty1>()]);
    assert_eq!(
        fewer.of_kind(FindingKind::FleetTooLarge).count(),
        0,
        "{fewer}"
    );
}

#[test]
fn a_key_no_service_reads_is_a_warning() {
    let report = pair(
        Service::new("gateway")
            .writes::<UserId>()
            .writes::<TierShort>(),
        Service::new("orders").reads::<UserId>(),
    );
    assert_eq!(
        kinds(&report),
        [(FindingKind::UnreadKey, vec!["user_tier".to_owned()])]
    );
    let finding = &report.findings()[0];
    assert_eq!(finding.severity(), Severity::Warning);
    assert_eq!(finding.services(), ["gateway"]);
    // Read through an alias counts as read.
    let aliased = pair(
        Service::new("gateway").writes::<PlanText>(),
        Service::new("orders").reads::<TierAlias>(),
    );
    assert_eq!(
        aliased.of_kind(FindingKind::UnreadKey).count(),
        0,
        "{aliased}"
    );
}

#[test]
fn one_key_with_two_meanings_is_a_warning() {
    // Two fields, one key: `rank` from `rank` and from `position` renamed.
    let fields = check(&[
        Service::new("a").writes::<Ranking>(),
        Service::new("b").writes::<RankingRenamed>(),
        Service::new("c").reads::<Ranking>(),
    ]);
    let finding = fields.of_kind(FindingKind::AmbiguousKey).next().unwrap();
    assert_eq!(finding.severity(), Severity::Warning);
    assert_eq!(finding.keys(), ["rank"]);
    assert!(finding.message().contains("written from different fields"));
    // Two types neither of which reads the other.
    let types = check(&[
        Service::new("a").writes::<UserIdBool>(),
        Service::new("b").writes::<UserIdFloat>(),
        Service::new("c")
            .reads::<TierText>()
            .reads::<UserIdOptional>(),
    ]);
    assert!(types
        .of_kind(FindingKind::AmbiguousKey)
        .any(|f| f.message().contains("written as bool") && f.message().contains("as f64")));
    // Two writers of one meaning.
    let same = check(&[
        Service::new("a").writes::<UserId>(),
        Service::new("b").writes::<UserIdSmall>(),
        Service::new("c").reads::<UserId>(),
    ]);
    assert!(same.findings().is_empty(), "{same}");
}

#[test]
fn one_field_under_two_prefixes_is_a_warning_unless_readers_alias_it() {
    let split = check(&[
        Service::new("a").writes::<TagsInApp>(),
        Service::new("b").reads::<TagsPrefixed>(),
    ]);
    let finding = split.of_kind(FindingKind::SplitKey).next().unwrap();
    assert_eq!(finding.severity(), Severity::Warning);
    assert_eq!(finding.keys(), ["app.tags", "tags"]);
    let joined = check(&[
        Service::new("a").writes::<TagsInApp>(),
        Service::new("b").reads::<TagsMigrating>(),
    ]);
    assert_eq!(joined.of_kind(FindingKind::SplitKey).count(), 0, "{joined}");
    assert!(joined.findings().is_empty(), "{joined}");
}

#[test]
fn every_allow_pii_reason_is_in_the_inventory() {
    let report = pair(
        Service::new("gateway").writes::<Hashed>(),
        Service::new("orders").reads::<Hashed>(),
    );
    let inventory: Vec<String> = report
        .of_kind(FindingKind::PiiInventory)
        .map(|f| f.to_string())
        .collect();
    assert_eq!(
        inventory,
        [
            "info[pii-inventory]: `gateway` (Hashed.user_email: String) writes `user_email`, \
             allowed as personal data: a salted hash, never the address",
            "info[pii-inventory]: `orders` (Hashed.user_email: String) reads `user_email`, \
             allowed as personal data: a salted hash, never the address",
        ]
    );
    assert!(!report.has_errors());
    let none = pair(
        Service::new("gateway").writes::<TierText>(),
        Service::new("orders").reads::<TierText>(),
    );
    assert!(none.findings().is_empty(), "{none}");
}

#[test]
fn reports_print_errors_first_and_a_summary() {
    let report = check(&[
        Service::new("gateway")
            .writes::<UserIdBool>()
            .writes::<Hashed>(),
        Service::new("orders").reads::<UserId>(),
    ]);
    let text = report.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("error[type-conflict]: "), "{text}");
    // An unbounded text at its struct's default budget, 1024 bytes, and `user_id`.
    assert!(
        lines[1].starts_with("warning[fleet-over-guide]: "),
        "{text}"
    );
    assert!(lines[2].starts_with("warning[unread-key]: "), "{text}");
    assert!(lines[3].starts_with("info[pii-inventory]: "), "{text}");
    assert_eq!(lines[4], "1 error, 2 warnings, 1 info in 2 services");
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["errors"], 1);
    assert_eq!(json["warnings"], 2);
    assert_eq!(json["findings"][0]["kind"], "type-conflict");
    assert_eq!(json["findings"][0]["severity"], "error");
    assert_eq!(json["findings"][0]["keys"], serde_json::json!(["user_id"]));
    assert_eq!(json["services"], serde_json::json!(["gateway", "orders"]));
}

#[test]
fn a_required_key_every_writer_may_leave_out_is_an_error() {
    let report = pair(
        Service::new("gateway").writes::<UserIdOptional>(),
        Service::new("orders").reads::<UserId>(),
    );
    assert_eq!(
        kinds(&report),
        [(FindingKind::MaybeMissing, vec!["user_id".to_owned()])]
    );
    let finding = &report.findings()[0];
    assert_eq!(finding.severity(), Severity::Error);
    assert_eq!(finding.services(), ["gateway", "orders"]);
    assert!(
        finding
            .message()
            .contains("but `gateway` (UserIdOptional.user_id: Option<u64>) may leave it out"),
        "{finding}"
    );
    for compatible in [
        // The reader copes without it.
        pair(
            Service::new("gateway").writes::<UserIdOptional>(),
            Service::new("orders").reads::<UserIdOptional>(),
        ),
        // Another writer always writes it.
        check(&[
            Service::new("gateway").writes::<UserIdOptional>(),
            Service::new("edge").writes::<UserId>(),
            Service::new("orders").reads::<UserId>(),
        ]),
    ] {
        assert_eq!(
            compatible.of_kind(FindingKind::MaybeMissing).count(),
            0,
            "{compatible}"
        );
    }
}

#[test]
fn what_a_service_writes_does_not_feed_its_own_reads() {
    // It reads `user_id` from its callers and writes it on: nobody upstream writes it.
    let alone = check(&[Service::new("orders").reads::<UserId>().writes::<UserId>()]);
    let finding = alone.of_kind(FindingKind::MissingWriter).next().unwrap();
    assert_eq!(finding.services(), ["orders"]);
    let fed = check(&[
        Service::new("gateway").writes::<UserId>(),
        Service::new("orders").reads::<UserId>().writes::<UserId>(),
    ]);
    assert_eq!(fed.of_kind(FindingKind::MissingWriter).count(), 0, "{fed}");
}

#[test]
fn two_manifests_of_one_service_are_an_error() {
    let report = check(&[
        Service::new("orders").writes::<UserId>(),
        Service::new("orders").reads::<UserId>(),
    ]);
    let finding = report
        .of_kind(FindingKind::DuplicateService)
        .next()
        .unwrap();
    assert_eq!(finding.severity(), Severity::Error);
    assert!(finding
        .message()
        .starts_with("two manifests name the service `orders`"));
}

/// Nine unbounded fields under one budget: encoding keeps the struct within it.
#[derive(Baggage)]
#[baggage(budget = 512)]
#[allow(dead_code)]
struct NineNotes {
    n1: String,
    n2: String,
    n3: String,
    n4: String,
    n5: String,
    n6: String,
    n7: String,
    n8: String,
    n9: String,
}

#[test]
fn a_struct_counts_at_most_its_budget_however_many_fields_it_has() {
    let report = check(&[
        Service::new("w").writes::<NineNotes>(),
        Service::new("r").reads::<NineNotes>(),
    ]);
    // By key it could be 9 × 512 bytes; by struct it is 512 and eight commas.
    assert_eq!(
        report.of_kind(FindingKind::FleetOverGuide).count(),
        0,
        "{report}"
    );
    assert_eq!(
        report.of_kind(FindingKind::FleetTooLarge).count(),
        0,
        "{report}"
    );
    let twice = check(&[
        Service::new("w").writes::<NineNotes>(),
        Service::new("v").writes::<Medium>(),
        Service::new("r").reads::<NineNotes>().reads::<Medium>(),
    ]);
    let finding = twice.of_kind(FindingKind::FleetOverGuide).next().unwrap();
    assert!(
        finding.message().contains("can reach 2569 bytes"),
        "{finding}"
    );
}

#[derive(BaggageValue)]
#[allow(dead_code)]
enum Code {
    Ok,
    #[baggage(other)]
    Other(u16),
}

mod secs {
    use baggage::ValueError;
    use std::time::Duration;

    pub fn encode(duration: &Duration, out: &mut String) -> Result<(), ValueError> {
        out.push_str(&duration.as_secs().to_string());
        Ok(())
    }

    pub fn decode(value: &str) -> Result<Duration, ValueError> {
        value
            .parse()
            .map(Duration::from_secs)
            .map_err(|_| ValueError::new("seconds", "not a whole number"))
    }
}

one_field! {
    StatusCode { status: Code },
    StatusText { status: String },
    StatusSmall { status: u8 },
    TimeoutSecs { #[with = "secs"] timeout: std::time::Duration },
    Huge { huge: u128 },
    HugeRatio { huge: f32 },
}

#[test]
fn a_catch_all_holding_a_type_reads_only_that_type() {
    let text = pair(
        Service::new("w").writes::<StatusText>(),
        Service::new("r").reads::<StatusCode>(),
    );
    let conflict = text.of_kind(FindingKind::TypeConflict).next().unwrap();
    assert!(
        conflict
            .message()
            .contains("text values that are not u16, and the reader's catch-all holds only u16 (its names: `ok`)"),
        "{conflict}"
    );
    let small = pair(
        Service::new("w").writes::<StatusSmall>(),
        Service::new("r").reads::<StatusCode>(),
    );
    assert!(small.findings().is_empty(), "{small}");
}

#[test]
fn two_with_modules_on_one_type_are_not_known_to_match() {
    let report = pair(
        Service::new("w").writes::<TimeoutSecs>(),
        Service::new("r").reads::<TimeoutMillis>(),
    );
    assert_eq!(
        kinds(&report),
        [(FindingKind::UncheckedType, vec!["timeout".to_owned()])]
    );
    let same = pair(
        Service::new("w").writes::<TimeoutMillis>(),
        Service::new("r").reads::<TimeoutMillis>(),
    );
    assert!(same.findings().is_empty(), "{same}");
}

#[test]
fn the_largest_u128_is_beyond_an_f32() {
    let report = pair(
        Service::new("w").writes::<Huge>(),
        Service::new("r").reads::<HugeRatio>(),
    );
    let conflict = report.of_kind(FindingKind::TypeConflict).next().unwrap();
    assert!(
        conflict.message().contains("beyond f32's range"),
        "{conflict}"
    );
}

#[derive(Baggage)]
#[baggage(prefix = "user.")]
#[allow(dead_code)]
struct UserRecord {
    id: u64,
}

#[derive(Baggage)]
#[baggage(prefix = "order.")]
#[allow(dead_code)]
struct OrderRecord {
    id: u64,
}

#[test]
fn two_values_that_share_a_field_name_are_not_a_split_key() {
    let report = check(&[
        Service::new("gateway")
            .writes::<UserRecord>()
            .writes::<OrderRecord>(),
        Service::new("orders")
            .reads::<UserRecord>()
            .reads::<OrderRecord>(),
    ]);
    assert!(report.findings().is_empty(), "{report}");
}

// ----- change kinds ---------------------------------------------------------------------------

fn writes<T: Baggage>() -> Service {
    Service::new("svc").writes::<T>()
}

fn reads<T: Baggage>() -> Service {
    Service::new("svc").reads::<T>()
}

fn key(key: &str) -> String {
    key.to_owned()
}

#[test]
fn changes_to_what_a_service_writes() {
    use ChangeKind as K;
    let cases: Vec<(Service, Service, Vec<Expected>)> = vec![
        (
            writes::<UserId>(),
            Service::new("svc"),
            vec![(K::WrittenKeyRemoved, true, key("user_id"))],
        ),
        (
            Service::new("svc"),
            writes::<UserId>(),
            vec![(K::WrittenKeyAdded, false, key("user_id"))],
        ),
        (
            writes::<Ranking>(),
            writes::<TagsInApp>(),
            vec![
                (K::WrittenKeyRemoved, true, key("rank")),
                (K::WrittenKeyAdded, false, key("tags")),
            ],
        ),
        (
            writes::<TagsInApp>(),
            writes::<TagsPrefixed>(),
            vec![(K::WrittenKeyRenamed, true, key("tags"))],
        ),
        (
            writes::<UserIdSmall>(),
            writes::<UserId>(),
            vec![(K::WrittenTypeWidened, true, key("user_id"))],
        ),
        (
            writes::<PriorityEnum>(),
            writes::<PriorityWideEnum>(),
            vec![(K::WrittenTypeWidened, true, key("priority"))],
        ),
        (
            writes::<UserId>(),
            writes::<UserIdSmall>(),
            vec![(K::WrittenTypeNarrowed, false, key("user_id"))],
        ),
        (
            writes::<TierShort>(),
            writes::<TierLong>(),
            vec![(K::WrittenMaxLenRaised, true, key("user_tier"))],
        ),
        (
            writes::<TierShort>(),
            writes::<TierText>(),
            vec![(K::WrittenMaxLenRaised, true, key("user_tier"))],
        ),
        (
            writes::<TierLong>(),
            writes::<TierShort>(),
            vec![(K::WrittenMaxLenLowered, false, key("user_tier"))],
        ),
        (
            writes::<TierText>(),
            writes::<TierInternal>(),
            vec![(K::MadeInternal, true, key("user_tier"))],
        ),
        (
            writes::<TierInternal>(),
            writes::<TierText>(),
            vec![(K::NoLongerInternal, false, key("user_tier"))],
        ),
        (
            writes::<UserId>(),
            writes::<UserIdOptional>(),
            vec![(K::WrittenKeyOptional, true, key("user_id"))],
        ),
        (
            writes::<UserIdOptional>(),
            writes::<UserId>(),
            vec![(K::WrittenKeyAlways, false, key("user_id"))],
        ),
        // An open enum written as text writes values it never wrote: its catch-all only reads.
        (
            writes::<PriorityTolerantEnum>(),
            writes::<PriorityText>(),
            vec![(K::WrittenTypeWidened, true, key("priority"))],
        ),
        (
            writes::<PriorityText>(),
            writes::<PriorityTolerantEnum>(),
            vec![(K::WrittenTypeNarrowed, false, key("priority"))],
        ),
        // A rename is compared as the field it is: here it also became optional.
        (
            writes::<TagsInApp>(),
            writes::<TagsPrefixedOptional>(),
            vec![
                (K::WrittenKeyOptional, true, key("app.tags")),
                (K::WrittenKeyRenamed, true, key("tags")),
            ],
        ),
        (writes::<UserId>(), writes::<UserId>(), vec![]),
    ];
    for (old, new, expected) in cases {
        assert_eq!(change_kinds(&old, &new), expected, "{}", new.to_json());
    }
}

#[test]
fn changes_to_what_a_service_reads() {
    use ChangeKind as K;
    let cases: Vec<(Service, Service, Vec<Expected>)> = vec![
        (
            reads::<TierOptional>(),
            reads::<TierText>(),
            vec![(K::ReadKeyRequired, true, key("user_tier"))],
        ),
        (
            Service::new("svc"),
            reads::<TierText>(),
            vec![(K::ReadKeyRequired, true, key("user_tier"))],
        ),
        (
            reads::<TierText>(),
            reads::<TierOptional>(),
            vec![(K::ReadKeyOptional, false, key("user_tier"))],
        ),
        (
            Service::new("svc"),
            reads::<TierOptional>(),
            vec![(K::ReadKeyOptional, false, key("user_tier"))],
        ),
        (
            reads::<TierText>(),
            Service::new("svc"),
            vec![(K::ReadKeyRemoved, false, key("user_tier"))],
        ),
        (
            reads::<TagsInApp>(),
            reads::<TagsPrefixed>(),
            vec![(K::ReadKeyRenamed, true, key("tags"))],
        ),
        (
            reads::<TagsInApp>(),
            reads::<TagsMigrating>(),
            vec![(K::ReadKeyRenamed, false, key("tags"))],
        ),
        (
            reads::<TierAlias>(),
            reads::<TierText>(),
            vec![(K::AliasRemoved, true, key("user_tier"))],
        ),
        (
            reads::<TierText>(),
            reads::<TierAlias>(),
            vec![(K::AliasAdded, false, key("user_tier"))],
        ),
        (
            reads::<PriorityWideEnum>(),
            reads::<PriorityEnum>(),
            vec![(K::VariantRemoved, true, key("priority"))],
        ),
        (
            reads::<PriorityOpenEnum>(),
            reads::<PriorityEnum>(),
            vec![(K::ReadTypeNarrowed, true, key("priority"))],
        ),
        (
            reads::<UserId>(),
            reads::<UserIdSmall>(),
            vec![(K::ReadTypeNarrowed, true, key("user_id"))],
        ),
        (
            reads::<PriorityText>(),
            reads::<PriorityEnum>(),
            vec![(K::ReadTypeNarrowed, true, key("priority"))],
        ),
        (
            reads::<PriorityEnum>(),
            reads::<PriorityWideEnum>(),
            vec![(K::ReadTypeWidened, false, key("priority"))],
        ),
        (
            reads::<PriorityEnum>(),
            reads::<PriorityTolerantEnum>(),
            vec![(K::ReadTypeWidened, false, key("priority"))],
        ),
        (
            reads::<UserIdSmall>(),
            reads::<UserId>(),
            vec![(K::ReadTypeWidened, false, key("user_id"))],
        ),
        (
            reads::<TierLong>(),
            reads::<TierShort>(),
            vec![(K::ReadMaxLenLowered, true, key("user_tier"))],
        ),
        (
            reads::<TierText>(),
            reads::<TierShort>(),
            vec![(K::ReadMaxLenLowered, true, key("user_tier"))],
        ),
        (
            reads::<TierShort>(),
            reads::<TierLong>(),
            vec![(K::ReadMaxLenRaised, false, key("user_tier"))],
        ),
        // A unit catch-all removed: values it read are refused now, though no name went.
        (
            reads::<PriorityTolerantEnum>(),
            reads::<PriorityClosedEnum>(),
            vec![(K::ReadTypeNarrowed, true, key("priority"))],
        ),
        (
            reads::<PriorityClosedEnum>(),
            reads::<PriorityTolerantEnum>(),
            vec![(K::ReadTypeWidened, false, key("priority"))],
        ),
        // A rename is compared as the field it is: here it also became required.
        (
            reads::<TagsOptional>(),
            reads::<TagsMigrating>(),
            vec![
                (K::ReadKeyRequired, true, key("app.tags")),
                (K::ReadKeyRenamed, false, key("tags")),
            ],
        ),
        (reads::<TierText>(), reads::<TierText>(), vec![]),
    ];
    for (old, new, expected) in cases {
        assert_eq!(change_kinds(&old, &new), expected, "{}", new.to_json());
    }
}

#[test]
fn a_service_becoming_external_is_breaking() {
    use ChangeKind as K;
    let inside = reads::<TierText>();
    let outside = reads::<TierText>().external();
    assert_eq!(
        change_kinds(&inside, &outside),
        [(K::BecameExternal, true, key(""))]
    );
    assert_eq!(
        change_kinds(&outside, &inside),
        [(K::NoLongerExternal, false, key(""))]
    );
}

#[test]
fn changes_say_whom_they_break_and_print_breaking_first() {
    let changes = diff(
        &reads::<PriorityWideEnum>(),
        &reads::<PriorityEnum>().reads::<UserIdOptional>(),
    );
    let text: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "breaking[variant-removed]: `svc` reads `priority` as enum `Priority` without \
             `urgent`, and no catch-all reads it; breaks the services that write it (stop \
             writing it first)",
            "compatible[read-key-optional]: `svc` reads `user_id` (optional) now",
        ]
    );
}

#[test]
fn the_value_types_print_as_findings_name_them() {
    let everything = Service::new("svc").writes::<shapes::Everything>();
    let member = |key: &str| {
        everything.written_structs()[0]
            .members()
            .iter()
            .find(|m| m.key() == key)
            .unwrap()
            .value_type()
            .to_string()
    };
    assert_eq!(member("offset"), "i16");
    assert_eq!(member("app.shard"), "non-zero u32");
    assert_eq!(member("features"), "list of u8");
    assert_eq!(member("plan"), "enum `Plan`");
    assert_eq!(member("timeout"), "`Duration` with `millis`");
}
