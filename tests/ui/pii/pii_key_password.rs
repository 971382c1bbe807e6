#[derive(baggage::Baggage)]
struct Context {
    password: String,
}

fn main() {}
