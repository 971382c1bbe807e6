#[derive(baggage::Baggage)]
struct Context;

fn main() {}
