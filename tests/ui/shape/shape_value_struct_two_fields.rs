#[derive(baggage::BaggageValue)]
struct Money {
    cents: u64,
    currency: String,
}

fn main() {}
