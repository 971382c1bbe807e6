//! The list codec: any items read back as written, and a list whose items hold no comma (and
//! no `%` before `2C`, `2c` or `25`) reads, after a percent-decoding SDK, as `split(",")` gives.
#![no_main]

use baggage::{BaggageValue, StringBaggage};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|items: Vec<String>| {
    let mut value = String::new();
    if items.encode(&mut value).is_err() {
        // Only a list of one empty item is refused: it would read back as an empty list.
        assert_eq!(items, [String::new()]);
        return;
    }
    assert_eq!(Vec::<String>::decode(&value).expect("written items read back"), items);

    // Through a header, as every SDK receives it.
    let mut baggage = StringBaggage::new();
    if baggage.insert("features", value.clone()).is_err() {
        return;
    }
    let header = baggage.to_header();
    let read = StringBaggage::parse(&header).expect("written baggage parses");
    assert_eq!(read.get("features"), Some(value.as_str()));
    let plain = items.iter().all(|item| {
        !item.contains(',')
            && !["%2C", "%2c", "%25"]
                .iter()
                .any(|escape| item.contains(escape))
    });
    if plain && items.len() > 1 {
        let by_hand: Vec<&str> = value.split(',').collect();
        assert_eq!(by_hand, items.iter().map(String::as_str).collect::<Vec<_>>());
    }
});
