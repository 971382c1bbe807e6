#[derive(baggage::Baggage)]
#[baggage(prefix = "app/")]
struct Context {
    user_id: u64,
}

fn main() {}
