#[derive(baggage::Baggage)]
struct Context {
    groups: Vec<Vec<String>>,
}

fn main() {}
