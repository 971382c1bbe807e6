//! Lenient parsing of any bytes: never panics, keeps only valid members, and agrees with strict
//! parsing whenever that succeeds.
#![no_main]

use baggage::{ParseErrorKind, StringBaggage};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let header = String::from_utf8_lossy(data);
    let (baggage, errors) = StringBaggage::parse_lenient(&header);
    let written = baggage.to_header();
    let again = StringBaggage::parse(&written).expect("written baggage must parse");
    if baggage.fits_limits() {
        assert_eq!(again, baggage);
    }
    match StringBaggage::parse(&header) {
        Ok(strict) => {
            assert!(errors.is_empty());
            assert_eq!(strict, baggage);
        }
        // Strict parsing rejects an oversized header before reading it, so it cannot say which
        // member crossed the limit; lenient parsing can.
        // Lenient parsing reports the limit that cut the header first, which can be the member
        // limit within the bytes that fit.
        Err(error) if matches!(error.kind(), ParseErrorKind::TooLong { .. }) => {
            assert!(matches!(
                errors.last().map(|e| e.kind()),
                Some(ParseErrorKind::TooLong { .. } | ParseErrorKind::TooManyMembers { .. })
            ));
        }
        Err(error) => assert_eq!(errors.first(), Some(&error)),
    }
    for error in &errors {
        let _ = error.to_string();
    }
});
