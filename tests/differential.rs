//! Differential testing against `opentelemetry_sdk`'s `BaggagePropagator::extract` on generated
//! headers, valid and near-valid. Every member falls in a class whose outcome on each side is
//! written down here; a difference outside these classes fails the test.

use std::collections::HashMap;

use baggage::StringBaggage;
use opentelemetry::baggage::BaggageExt;
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry_sdk::propagation::BaggagePropagator;
use proptest::prelude::*;

/// One generated member and what each side must read from it.
#[derive(Debug, Clone)]
struct Case {
    text: String,
    key: String,
    /// What this crate reads: `None` when the member is malformed and dropped.
    ours: Option<String>,
    /// What the SDK reads, under the key it reads (the SDK decodes keys).
    sdk: Option<(String, String)>,
}

fn plain_value() -> impl Strategy<Value = String> {
    "[A-Za-z0-9._~-]{0,12}"
}

fn case(index: usize) -> impl Strategy<Value = Case> {
    let key = format!("k{index}");
    let clean = {
        let key = key.clone();
        (plain_value(), "[ \t]{0,2}", "[ \t]{0,2}").prop_map(move |(value, before, after)| Case {
            text: format!("{key}{before}={after}{value}{before}"),
            key: key.clone(),
            ours: Some(value.clone()),
            sdk: Some((key.clone(), value)),
        })
    };
    let encoded = {
        let key = key.clone();
        "[a-zé😀/+:;,=%\" ]{1,8}".prop_map(move |raw: String| {
            let mut baggage = StringBaggage::new();
            baggage.insert(key.clone(), raw.clone()).expect("valid key");
            let trimmed = raw.trim().to_owned();
            Case {
                text: baggage.to_header(),
                key: key.clone(),
                ours: Some(raw),
                // Difference: the SDK trims decoded values.
                sdk: Some((key.clone(), trimmed)),
            }
        })
    };
    let raw_equals = {
        let key = key.clone();
        (plain_value(), plain_value()).prop_map(move |(a, b)| Case {
            text: format!("{key}={a}={b}"),
            key: key.clone(),
            ours: Some(format!("{a}={b}")),
            // Difference: opentelemetry-rust 0.33 truncates at the second `=`.
            sdk: Some((key.clone(), a)),
        })
    };
    let malformed_escape = {
        let key = key.clone();
        plain_value().prop_map(move |a| Case {
            text: format!("{key}={a}%zz"),
            key: key.clone(),
            // Difference: a malformed escape makes the member malformed here; the SDK keeps it raw.
            ours: None,
            sdk: Some((key.clone(), format!("{a}%zz"))),
        })
    };
    let inner_space = {
        let key = key.clone();
        ("[a-z]{1,4}", "[a-z]{1,4}").prop_map(move |(a, b)| Case {
            text: format!("{key}={a} {b}"),
            key: key.clone(),
            // Difference: a space is not a baggage-octet; the SDK keeps the value.
            ours: None,
            sdk: Some((key.clone(), format!("{a} {b}"))),
        })
    };
    let property = {
        let key = key.clone();
        (plain_value(), "[a-z]{1,4}").prop_map(move |(value, property)| Case {
            text: format!("{key}={value};{property}=1"),
            key: key.clone(),
            ours: Some(value.clone()),
            sdk: Some((key.clone(), value)),
        })
    };
    let encoded_key = {
        let key = key.clone();
        plain_value().prop_map(move |value| Case {
            text: format!("{key}%41={value}"),
            key: format!("{key}%41"),
            ours: Some(value.clone()),
            // Difference: keys are tokens, never decoded here; the SDK decodes them.
            sdk: Some((format!("{key}A"), value)),
        })
    };
    let missing_equals = {
        let key = key.clone();
        Just(()).prop_map(move |()| Case {
            text: key.clone(),
            key: key.clone(),
            ours: None,
            sdk: None,
        })
    };
    prop_oneof![
        4 => clean,
        3 => encoded,
        1 => raw_equals,
        1 => malformed_escape,
        1 => inner_space,
        1 => property,
        1 => encoded_key,
        1 => missing_equals,
    ]
}

fn cases() -> impl Strategy<Value = Vec<Case>> {
    (1usize..20).prop_flat_map(|count| (0..count).map(case).collect::<Vec<_>>())
}

fn sdk_extract(header: &str) -> HashMap<String, String> {
    let carrier = HashMap::from([("baggage".to_owned(), header.to_owned())]);
    let context = BaggagePropagator::new().extract(&carrier);
    context
        .baggage()
        .iter()
        .map(|(key, (value, _))| (key.to_string(), value.to_string()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn lenient_parse_and_the_sdk_differ_only_as_documented(cases in cases()) {
        let header = cases.iter().map(|case| case.text.as_str()).collect::<Vec<_>>().join(",");
        let (ours, _) = StringBaggage::parse_lenient(&header);
        let sdk = sdk_extract(&header);
        for case in &cases {
            prop_assert_eq!(ours.get(&case.key), case.ours.as_deref(), "ours, {:?} in {:?}", case, header);
            match &case.sdk {
                Some((key, value)) => prop_assert_eq!(sdk.get(key), Some(value), "sdk, {:?} in {:?}", case, header),
                None => prop_assert!(!sdk.contains_key(&case.key)),
            }
        }
        // Nothing else appears on either side.
        prop_assert_eq!(ours.len(), cases.iter().filter(|case| case.ours.is_some()).count());
        prop_assert_eq!(sdk.len(), cases.iter().filter(|case| case.sdk.is_some()).count());
    }
}
