//! Typed decoding of structs with flatten, prefixes, aliases, `Option`, `default`, catch-all
//! enums and borrowed fields: never panics; the one-pass reader, the borrowing reader and
//! reading through `StringBaggage` agree; what decodes writes and reads back the same.
#![no_main]

use std::borrow::Cow;

use baggage::{Baggage, BaggageValue, BorrowBaggage, StringBaggage};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Clone, PartialEq, BaggageValue)]
enum Code {
    Ok,
    #[baggage(other)]
    Other(u16),
}

#[derive(Debug, Clone, PartialEq, BaggageValue)]
enum Tier {
    Free,
    #[baggage(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Baggage)]
#[baggage(prefix = "cart.")]
struct Cart {
    items: Option<u8>,
    #[baggage(default)]
    coupons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Baggage)]
struct Shapes {
    #[baggage(alias = "uid")]
    user_id: u64,
    code: Option<Code>,
    #[baggage(default)]
    tier: Option<Tier>,
    #[baggage(flatten)]
    cart: Cart,
    #[baggage(max_len = 16)]
    region: Option<String>,
}

#[derive(Debug, PartialEq, Baggage)]
struct BorrowedShapes<'h> {
    #[baggage(alias = "uid")]
    user_id: u64,
    code: Option<Code>,
    #[baggage(default)]
    tier: Option<Tier>,
    #[baggage(flatten)]
    cart: Cart,
    #[baggage(max_len = 16)]
    region: Option<Cow<'h, str>>,
}

fuzz_target!(|data: &[u8]| {
    let header = String::from_utf8_lossy(data);
    let one_pass = Shapes::from_header(&header);
    let (baggage, _) = StringBaggage::parse_lenient(&header);
    let through = Shapes::from_baggage(&baggage);
    assert_eq!(
        one_pass.as_ref().map_err(ToString::to_string),
        through.as_ref().map_err(ToString::to_string)
    );
    let borrowed = BorrowedShapes::from_header_borrowed(&header);
    assert_eq!(one_pass.is_ok(), borrowed.is_ok());
    if let (Ok(one_pass), Ok(borrowed)) = (&one_pass, &borrowed) {
        assert_eq!(one_pass.user_id, borrowed.user_id);
        assert_eq!(one_pass.region.as_deref(), borrowed.region.as_deref());
        assert_eq!(one_pass.cart, borrowed.cart);
    }
    if let Ok(value) = one_pass {
        if let Ok(written) = value.to_header() {
            assert_eq!(Shapes::from_header(&written).expect("written reads back"), value);
        }
    }
});
