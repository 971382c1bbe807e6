#[derive(baggage::Baggage)]
struct Context {
    user_id: u64,
    #[baggage(max_len = 0)]
    region: String,
}

fn main() {
    // One error, on the attribute: the key constants still exist.
    let _ = Context::USER_ID.name();
    let _ = Context::REGION;
}
