#[derive(baggage::Baggage)]
struct Context {
    #[baggage(max_len = 8)]
    user_id: u64,
}

fn main() {}
