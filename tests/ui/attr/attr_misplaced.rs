#[derive(baggage::Baggage)]
struct Context {
    #[baggage(prefix = "app.")]
    user_id: u64,
}

fn main() {}
