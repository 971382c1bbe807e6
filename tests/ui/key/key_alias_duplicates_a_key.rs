// An alias that is another field's key would be read by both fields.
#[derive(baggage::Baggage)]
struct Context {
    region: String,
    #[baggage(alias = "region")]
    zone: String,
}

fn main() {}
