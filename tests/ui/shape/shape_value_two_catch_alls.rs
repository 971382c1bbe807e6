#[derive(baggage::BaggageValue)]
enum Tier {
    Free,
    #[baggage(other)]
    Unknown,
    #[baggage(other)]
    Other(String),
}

fn main() {}
