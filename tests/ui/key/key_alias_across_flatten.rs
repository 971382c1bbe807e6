// An alias of a flattened struct's field is a key of the outer struct too.
#[derive(baggage::Baggage)]
struct Inner {
    #[baggage(alias = "tier")]
    user_tier: String,
}

#[derive(baggage::Baggage)]
struct Outer {
    tier: String,
    #[baggage(flatten)]
    inner: Inner,
}

fn main() {}
