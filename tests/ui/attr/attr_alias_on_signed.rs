// A signature covers the fields' own keys: a value under an alias would never verify.
#[derive(baggage::Baggage)]
#[baggage(signed)]
struct Context {
    #[baggage(alias = "tier")]
    user_tier: String,
}

fn main() {}
