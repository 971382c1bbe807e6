//! The schema as JSON, with the `serde` feature.
#![cfg(feature = "serde")]

use baggage::{Baggage, BaggageValue};

#[derive(BaggageValue)]
enum Tier {
    Free,
    Premium,
}

#[derive(Baggage)]
struct Nested {
    #[baggage(internal)]
    shard: u16,
}

/// The request context.
#[derive(Baggage)]
#[baggage(budget = 256)]
struct Context {
    /// The signed-in user.
    user_id: u64,
    #[baggage(alias = "plan")]
    tier: Tier,
    #[baggage(max_len = 16)]
    region: Option<String>,
    #[baggage(flatten)]
    nested: Nested,
}

#[test]
fn schema_serializes_to_json() {
    let json = serde_json::to_value(Context::SCHEMA).unwrap();
    let expected = serde_json::json!({
        "name": "Context",
        "doc": "The request context.",
        "budget": 256,
        "max_encoded_len": 28 + 1 + 12 + 1 + 55 + 1 + 11,
        "fields": [
            {
                "key": "user_id", "field": "user_id", "rust_type": "u64", "value_type": "u64",
                "required": true, "max_len": null, "max_encoded_len": 20,
                "doc": "The signed-in user.", "internal": false, "allow_pii": null,
                "metric_label": false, "traced": true, "aliases": []
            },
            {
                "key": "tier", "field": "tier", "rust_type": "Tier", "value_type": "Tier",
                "required": true, "max_len": null, "max_encoded_len": 7,
                "doc": "", "internal": false, "allow_pii": null,
                "metric_label": false, "traced": true, "aliases": ["plan"]
            },
            {
                "key": "region", "field": "region", "rust_type": "Option<String>",
                "value_type": "string", "required": false, "max_len": 16, "max_encoded_len": 48,
                "doc": "", "internal": false, "allow_pii": null,
                "metric_label": false, "traced": true, "aliases": []
            },
            {
                "key": "shard", "field": "shard", "rust_type": "u16", "value_type": "u16",
                "required": true, "max_len": null, "max_encoded_len": 5,
                "doc": "", "internal": true, "allow_pii": null,
                "metric_label": false, "traced": true, "aliases": []
            }
        ]
    });
    assert_eq!(json, expected);
}
