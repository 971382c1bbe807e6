#[derive(baggage::Baggage)]
struct Context {
    #[baggage(flatten)]
    region: String,
}

fn main() {}
