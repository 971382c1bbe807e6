#[derive(baggage::Baggage)]
struct Context {
    #[baggage(allow_pii)]
    user_email: String,
}

fn main() {}
