use std::borrow::Cow;

#[derive(baggage::Baggage)]
struct Context<'a, 'b> {
    region: Cow<'a, str>,
    tier: Cow<'b, str>,
}

fn main() {}
