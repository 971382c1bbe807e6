#[derive(baggage::Baggage)]
struct Context {
    discount: Option<Option<u32>>,
}

fn main() {}
