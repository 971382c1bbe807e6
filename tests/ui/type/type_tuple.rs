#[derive(baggage::Baggage)]
struct Context {
    point: (u32, u32),
}

fn main() {}
