//! `rename_all` gives the keys and values serde's `rename_all` gives for the same names, for
//! every rule, acronyms and digits included.

use baggage::{Baggage, BaggageValue};

/// Derives the same struct and enum with ours and serde's `rename_all`, and returns both sides'
/// field keys and variant values.
macro_rules! both {
    ($rule:literal) => {{
        #[derive(Baggage, serde::Serialize)]
        #[baggage(rename_all = $rule)]
        #[serde(rename_all = $rule)]
        #[allow(dead_code)]
        struct Fields {
            user_id: u8,
            http2_enabled: u8,
            user2fa: u8,
            ios_app: u8,
            a_b_c: u8,
            x: u8,
        }

        #[derive(BaggageValue, serde::Serialize, Clone, Copy)]
        #[baggage(rename_all = $rule)]
        #[serde(rename_all = $rule)]
        enum Variants {
            IOSApp,
            Http2Enabled,
            User2fa,
            NewCheckout,
            X,
        }

        let ours_fields: Vec<String> = Fields::SCHEMA
            .all_fields()
            .iter()
            .map(|field| field.key().to_owned())
            .collect();
        let fields = Fields {
            user_id: 0,
            http2_enabled: 0,
            user2fa: 0,
            ios_app: 0,
            a_b_c: 0,
            x: 0,
        };
        let serde_fields: Vec<String> = match serde_json::to_value(&fields).unwrap() {
            serde_json::Value::Object(map) => map.keys().cloned().collect(),
            other => panic!("{other}"),
        };
        let variants = [
            Variants::IOSApp,
            Variants::Http2Enabled,
            Variants::User2fa,
            Variants::NewCheckout,
            Variants::X,
        ];
        let ours_variants: Vec<String> = variants
            .iter()
            .map(|variant| {
                let mut out = String::new();
                variant.encode(&mut out).unwrap();
                out
            })
            .collect();
        let serde_variants: Vec<String> = variants
            .iter()
            .map(|variant| {
                serde_json::to_value(variant)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        (ours_fields, serde_fields, ours_variants, serde_variants)
    }};
}

#[test]
fn every_rule_names_fields_and_variants_as_serde_does() {
    let results = [
        ("lowercase", both!("lowercase")),
        ("UPPERCASE", both!("UPPERCASE")),
        ("PascalCase", both!("PascalCase")),
        ("camelCase", both!("camelCase")),
        ("snake_case", both!("snake_case")),
        ("SCREAMING_SNAKE_CASE", both!("SCREAMING_SNAKE_CASE")),
        ("kebab-case", both!("kebab-case")),
        ("SCREAMING-KEBAB-CASE", both!("SCREAMING-KEBAB-CASE")),
    ];
    for (rule, (mut ours_fields, mut serde_fields, ours_variants, serde_variants)) in results {
        // serde_json's map is sorted; the schema keeps declaration order.
        ours_fields.sort();
        serde_fields.sort();
        assert_eq!(ours_fields, serde_fields, "fields, {rule}");
        assert_eq!(ours_variants, serde_variants, "variants, {rule}");
    }
    // One rule spelled out, so a change on both sides does not pass unseen.
    let (_, _, kebab, _) = both!("kebab-case");
    assert_eq!(
        kebab,
        ["i-o-s-app", "http2-enabled", "user2fa", "new-checkout", "x"]
    );
}
