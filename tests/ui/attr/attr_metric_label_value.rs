#[derive(baggage::Baggage)]
struct Context {
    #[baggage(metric_label = "yes")]
    is_premium: bool,
}

fn main() {}
