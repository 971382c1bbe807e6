#[derive(baggage::Baggage)]
#[baggage(rename_all = "kebab-case")]
struct Context {
    user_id: u64,
    #[baggage(rename = "user-id")]
    legacy_user: u64,
}

fn main() {}
