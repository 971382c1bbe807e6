//! Lenient parsing of any bytes: never panics, keeps only valid members, and agrees with strict
//! parsing whenever that succeeds.
#![no_main]

use baggage::StringBaggage;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let header = String::from_utf8_lossy(data);
    let (baggage, errors) = StringBaggage::parse_lenient(&header);
    let written = baggage.to_header();
    assert_eq!(StringBaggage::parse(&written).ok().as_ref(), Some(&baggage));
    match StringBaggage::parse(&header) {
        Ok(strict) => {
            assert!(errors.is_empty());
            assert_eq!(strict, baggage);
        }
        Err(error) => assert_eq!(errors.first(), Some(&error)),
    }
    for error in &errors {
        let _ = error.to_string();
    }
});
