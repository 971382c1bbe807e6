#[derive(baggage::Baggage)]
struct Context {
    #[baggage(max_len = 0)]
    region: String,
}

fn main() {}
