#[derive(baggage::Baggage)]
struct Context {
    user_id: u64,
}

impl Context {
    // The derive makes `Context::USER_ID`, the typed key of `user_id`.
    const USER_ID: u64 = 7;
}

fn main() {}
