//! Pass-through is byte exact: a member nobody changed is written with the bytes it came with;
//! changing or removing one member leaves every other member's bytes as they were.
#![no_main]

use baggage::StringBaggage;
use libfuzzer_sys::fuzz_target;

fn received(baggage: &StringBaggage<'_>, except: Option<&str>) -> String {
    baggage
        .iter()
        .filter(|member| Some(member.key()) != except)
        .map(|member| member.received().expect("a member read from a header"))
        .collect::<Vec<_>>()
        .join(",")
}

fuzz_target!(|data: &[u8]| {
    let header = String::from_utf8_lossy(data);
    let (baggage, _) = StringBaggage::parse_lenient(&header);
    if !baggage.fits_limits() {
        return;
    }
    // Untouched: each member's own text, in order, and nothing else.
    let written = baggage.to_header();
    assert_eq!(written, received(&baggage, None));
    assert_eq!(StringBaggage::parse(&written).expect("written baggage parses"), baggage);

    // One member set anew: it alone is encoded, at the end or in its place.
    let mut changed = baggage.clone();
    if changed.insert("fuzz_added", "a b").is_ok() {
        let again = changed.to_header();
        let others = received(&changed, Some("fuzz_added"));
        for text in others.split(',').filter(|text| !text.is_empty()) {
            assert!(again.contains(text), "{text} lost from {again}");
        }
        let read = StringBaggage::parse(&again).expect("written baggage parses");
        assert_eq!(read.get("fuzz_added"), Some("a b"));
    }

    // One key removed: the others exactly as they came.
    if let Some(first) = baggage.iter().next().map(|member| member.key().to_owned()) {
        let mut removed = baggage.clone();
        removed.remove(&first);
        assert_eq!(removed.to_header(), received(&baggage, Some(&first)));
    }
});
