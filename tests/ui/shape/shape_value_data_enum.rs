#[derive(baggage::BaggageValue)]
enum Payment {
    Card { last4: u16 },
    Wallet(String),
    Cash,
}

fn main() {}
