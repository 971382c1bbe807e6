#[derive(baggage::Baggage)]
#[baggage(prefix = "session.")]
struct Context {
    id: String,
}

fn main() {}
