#[derive(baggage::Baggage)]
struct Context {
    région: String,
}

fn main() {}
