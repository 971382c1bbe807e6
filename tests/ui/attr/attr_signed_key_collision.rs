#[derive(baggage::Baggage)]
#[baggage(signed, prefix = "app.")]
struct Context {
    user_id: u64,
    #[baggage(rename = "baggage_sig")]
    signature: String,
}

fn main() {}
