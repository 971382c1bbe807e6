#[derive(baggage::Baggage)]
#[baggage(rename_all = "camelCase")]
struct Context {
    api_key: String,
}

fn main() {}
