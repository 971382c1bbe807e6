struct Money {
    cents: u64,
}

#[derive(baggage::Baggage)]
struct Context {
    limit: Money,
}

fn main() {}
