#[derive(baggage::Baggage)]
struct Inner {
    region: String,
}

#[derive(baggage::Baggage)]
struct Context {
    #[baggage(flatten, rename = "inner")]
    inner: Inner,
}

fn main() {}
