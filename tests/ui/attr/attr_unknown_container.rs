#[derive(baggage::Baggage)]
#[baggage(prefx = "app.")]
struct Context {
    user_id: u64,
}

fn main() {}
