#[derive(baggage::BaggageValue)]
enum Tier {
    Free,
    Premium,
}

#[derive(baggage::Baggage)]
#[baggage(budget = 64)]
struct Context {
    user_id: u64,
    tenant_id: u64,
    tier: Tier,
    #[baggage(max_len = 16)]
    region: String,
}

fn main() {}
