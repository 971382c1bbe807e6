#[derive(baggage::Baggage)]
struct Context<'h> {
    region: &'h str,
}

fn main() {}
