#[derive(baggage::Baggage)]
struct Context {
    user_id: u64,
    #[baggage(rename = "user_id_v2")]
    USER_ID: u64,
}

fn main() {
    // The constants exist despite the error: no second error here.
    let _ = Context::USER_ID;
}
