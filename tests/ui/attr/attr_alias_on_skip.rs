// A skipped field has no member, so nothing to read under an alias.
#[derive(baggage::Baggage)]
struct Context {
    #[baggage(skip, alias = "old")]
    local: String,
    region: String,
}

fn main() {}
