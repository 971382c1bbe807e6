#[derive(baggage::Baggage)]
struct Context {
    user_id: u64,
    user_email: String,
}

fn main() {}
