#[derive(baggage::Baggage)]
struct Context {
    user_id: u64,
    #[baggage(skip, rename = "cache", max_len = 4)]
    cache: String,
}

fn main() {}
