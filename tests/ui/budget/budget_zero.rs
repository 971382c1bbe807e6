#[derive(baggage::Baggage)]
#[baggage(budget = 0)]
struct Context {
    user_id: u64,
}

fn main() {}
