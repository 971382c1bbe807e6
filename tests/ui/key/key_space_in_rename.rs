#[derive(baggage::Baggage)]
struct Context {
    #[baggage(rename = "user id")]
    user_id: u64,
}

fn main() {}
