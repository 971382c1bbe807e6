// An alias of a flattened struct would be read unsigned by a signed outer struct.
#[derive(baggage::Baggage)]
struct Inner {
    #[baggage(alias = "old_role")]
    role: Option<String>,
}

#[derive(baggage::Baggage)]
#[baggage(signed)]
struct Outer {
    user_id: u64,
    #[baggage(flatten)]
    inner: Inner,
}

fn main() {}
