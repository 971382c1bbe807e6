#[derive(baggage::Baggage)]
struct Context {
    user_id: u64,
    #[baggage(rename = "user_id")]
    account_id: u64,
}

fn main() {}
