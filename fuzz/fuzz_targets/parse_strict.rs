//! Strict parsing of any bytes: never panics; what it accepts writes back and reads the same,
//! except members that no longer fit the limits once re-encoded, which are left out whole.
#![no_main]

use baggage::StringBaggage;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let header = String::from_utf8_lossy(data);
    if let Ok(baggage) = StringBaggage::parse(&header) {
        let written = baggage.to_header();
        assert_eq!(written.len(), baggage.encoded_len());
        let again = StringBaggage::parse(&written).expect("written baggage must parse");
        if baggage.fits_limits() {
            assert_eq!(again, baggage);
        } else {
            assert!(again.len() < baggage.len());
            assert!(again.iter().zip(baggage.iter()).all(|(a, b)| a == b));
        }
    }
});
