use std::borrow::Cow;

#[derive(baggage::Baggage)]
struct Context<'h> {
    region: Cow<'h, str>,
    versions: Cow<'h, [u8]>,
}

fn main() {}
