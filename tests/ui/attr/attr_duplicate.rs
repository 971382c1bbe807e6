#[derive(baggage::Baggage)]
struct Context {
    #[baggage(rename = "uid", rename = "user")]
    user_id: u64,
}

fn main() {}
