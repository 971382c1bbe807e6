#[derive(baggage::Baggage)]
struct Context<T> {
    user_id: T,
}

fn main() {}
