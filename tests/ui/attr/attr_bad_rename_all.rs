#[derive(baggage::Baggage)]
#[baggage(rename_all = "snake")]
struct Context {
    user_id: u64,
}

fn main() {}
