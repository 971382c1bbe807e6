//! Strict parsing of any bytes: never panics; what it accepts writes back and reads the same.
#![no_main]

use baggage::StringBaggage;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let header = String::from_utf8_lossy(data);
    if let Ok(baggage) = StringBaggage::parse(&header) {
        let written = baggage.to_header();
        let again = StringBaggage::parse(&written).expect("written baggage must parse");
        assert_eq!(again, baggage);
        assert_eq!(written.len(), baggage.encoded_len());
    }
});
