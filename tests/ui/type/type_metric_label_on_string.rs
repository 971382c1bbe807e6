#[derive(baggage::Baggage)]
struct Context {
    #[baggage(metric_label, max_len = 32)]
    region: String,
}

fn main() {}
