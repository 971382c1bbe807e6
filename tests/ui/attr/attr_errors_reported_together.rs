#[derive(baggage::Baggage)]
struct Context {
    #[baggage(rename = "user id")]
    user_id: u64,
    password: String,
    #[baggage(maxlen = 3)]
    region: String,
}

fn main() {}
