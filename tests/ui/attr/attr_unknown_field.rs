#[derive(baggage::Baggage)]
struct Context {
    #[baggage(renam = "uid")]
    user_id: u64,
}

fn main() {}
