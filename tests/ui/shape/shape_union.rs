#[derive(baggage::Baggage)]
union Context {
    user_id: u64,
    tenant_id: u32,
}

fn main() {}
