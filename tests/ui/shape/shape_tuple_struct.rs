#[derive(baggage::Baggage)]
struct Context(u64, String);

fn main() {}
