#[derive(baggage::BaggageValue)]
enum Tier {
    Free,
    #[baggage(rename = "free")]
    Basic,
}

fn main() {}
