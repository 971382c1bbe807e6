// An alias is a key on the wire: it must be a W3C token like any other.
#[derive(baggage::Baggage)]
struct Context {
    #[baggage(alias = "user tier")]
    tier: String,
}

fn main() {}
