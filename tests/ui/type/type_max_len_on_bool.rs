#[derive(baggage::Baggage)]
struct Context {
    #[baggage(max_len = 1)]
    is_premium: bool,
}

fn main() {}
