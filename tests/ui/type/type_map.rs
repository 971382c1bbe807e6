use std::collections::HashMap;

#[derive(baggage::Baggage)]
struct Context {
    user_id: u64,
    labels: HashMap<String, String>,
}

fn main() {}
