#[derive(baggage::Baggage)]
struct Context {
    #[baggage(rename = "credit_card_number")]
    card: String,
}

fn main() {}
