#[derive(baggage::Baggage)]
struct Context {
    #[baggage]
    user_id: u64,
}

fn main() {}
