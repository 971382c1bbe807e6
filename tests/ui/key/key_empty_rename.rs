#[derive(baggage::Baggage)]
struct Context {
    #[baggage(rename = "")]
    user_id: u64,
}

fn main() {}
