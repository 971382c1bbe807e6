//! What both benchmarks measure: the typical header, the structs it decodes into, and the
//! conversions a service writes by hand around `opentelemetry_sdk`'s `BaggagePropagator` today.

use std::borrow::Cow;
use std::collections::HashMap;

use baggage::{Baggage, BaggageValue};
use opentelemetry::baggage::BaggageExt;
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::propagation::BaggagePropagator;

pub const HEADER: &str = "user_id=12345,user_tier=premium,region=us-west,is_premium=true,\
                      features=new_checkout%2Cdark_mode%2Cbeta,client_version=2.1.4,priority=high,tenant_id=42";

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
pub enum Tier {
    Free,
    Premium,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
pub enum Priority {
    Low,
    Normal,
    High,
}

#[derive(Debug, PartialEq, Baggage)]
pub struct RequestContext {
    pub user_id: u64,
    pub user_tier: Tier,
    pub region: String,
    pub is_premium: bool,
    pub features: Vec<String>,
    pub client_version: String,
    pub priority: Priority,
    pub tenant_id: u64,
}

/// The same context with its text fields borrowed from the header where they hold no escape.
#[derive(Debug, PartialEq, Baggage)]
pub struct BorrowedContext<'h> {
    pub user_id: u64,
    pub user_tier: Tier,
    pub region: Cow<'h, str>,
    pub is_premium: bool,
    pub features: Vec<Cow<'h, str>>,
    pub client_version: Cow<'h, str>,
    pub priority: Priority,
    pub tenant_id: u64,
}

/// What a service writes today after the SDK's extract: each value converted by hand, borrowed
/// from the SDK's baggage and copied only into the fields that own text.
pub fn hand_convert(context: &Context) -> Option<RequestContext> {
    let baggage = context.baggage();
    let get = |key: &str| baggage.get(key).map(|value| value.as_str());
    Some(RequestContext {
        user_id: get("user_id")?.parse().ok()?,
        user_tier: match get("user_tier")? {
            "free" => Tier::Free,
            "premium" => Tier::Premium,
            _ => return None,
        },
        region: get("region")?.to_owned(),
        is_premium: get("is_premium")? == "true",
        features: get("features")?.split(',').map(str::to_owned).collect(),
        client_version: get("client_version")?.to_owned(),
        priority: match get("priority")? {
            "low" => Priority::Low,
            "normal" => Priority::Normal,
            "high" => Priority::High,
            _ => return None,
        },
        tenant_id: get("tenant_id")?.parse().ok()?,
    })
}

pub fn hand_encode(context: &RequestContext) -> HashMap<String, String> {
    let tier = match context.user_tier {
        Tier::Free => "free",
        Tier::Premium => "premium",
    };
    let priority = match context.priority {
        Priority::Low => "low",
        Priority::Normal => "normal",
        Priority::High => "high",
    };
    let otel = Context::new().with_baggage([
        KeyValue::new("user_id", context.user_id.to_string()),
        KeyValue::new("user_tier", tier),
        KeyValue::new("region", context.region.clone()),
        KeyValue::new("is_premium", context.is_premium.to_string()),
        KeyValue::new("features", context.features.join(",")),
        KeyValue::new("client_version", context.client_version.clone()),
        KeyValue::new("priority", priority),
        KeyValue::new("tenant_id", context.tenant_id.to_string()),
    ]);
    let mut carrier = HashMap::new();
    BaggagePropagator::new().inject_context(&otel, &mut carrier);
    carrier
}

pub fn carrier(header: &str) -> HashMap<String, String> {
    HashMap::from([("baggage".to_owned(), header.to_owned())])
}

/// The physical floor of any parser: copy the header and scan it once for commas.
pub fn floor(header: &str) -> usize {
    let copy = header.as_bytes().to_vec();
    copy.iter().filter(|&&byte| byte == b',').count()
}

/// `n` members of the same shape, `keyN=` and `value_len` bytes of value.
pub fn header_of(members: usize, value_len: usize) -> String {
    (0..members)
        .map(|i| format!("key{i}={}", "v".repeat(value_len)))
        .collect::<Vec<_>>()
        .join(",")
}

/// The scaling inputs: 1, 8 and 64 members of 120-byte values, then one header at the
/// 8192-byte limit (the 64 members padded by one more).
pub fn scaling_headers() -> [(&'static str, String); 4] {
    let sixty_four = header_of(64, 120);
    let padded = format!(
        "{sixty_four},pad={}",
        "x".repeat(8192 - sixty_four.len() - 5)
    );
    assert_eq!(padded.len(), 8192);
    [
        ("1_member", header_of(1, 120)),
        ("8_members", header_of(8, 120)),
        ("64_members", sixty_four),
        ("8192_bytes", padded),
    ]
}

/// What a hop in the middle receives: the typical header as another service wrote it, a
/// Python service's form-encoded note (`a+b%2Bc`), a vendor member with properties and one with
/// whitespace around it.
pub const PASS_THROUGH_HEADER: &str = "user_id=12345,user_tier=premium,region=us-west,\
                      note=a+b%2Bc,vendor.trace=abc;ttl=30;sampled, span_hint = x%20y ,\
                      features=new_checkout%2Cdark_mode%2Cbeta,tenant_id=42";

/// What that hop adds before calling the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Baggage)]
pub struct HopContext {
    pub priority: Priority,
}

/// The same hop with the SDK: extract, add one member, inject.
pub fn sdk_pass_through(
    propagator: &BaggagePropagator,
    inbound: &HashMap<String, String>,
) -> usize {
    let context = propagator.extract(inbound);
    let context = context.with_baggage(
        context
            .baggage()
            .iter()
            .map(|(key, (value, _))| KeyValue::new(key.clone(), value.clone()))
            .chain([KeyValue::new("priority", "high")])
            .collect::<Vec<_>>(),
    );
    let mut carrier = HashMap::new();
    propagator.inject_context(&context, &mut carrier);
    carrier.get("baggage").map_or(0, String::len)
}
