#[derive(baggage::Baggage)]
struct Context {
    #[baggage(metric_label)]
    user_id: u64,
}

fn main() {}
