#[derive(baggage::Baggage)]
enum Context {
    Free,
    Premium,
}

fn main() {}
