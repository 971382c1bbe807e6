// The personal-data rule applies to an alias as to a key.
#[derive(baggage::Baggage)]
struct Context {
    #[baggage(alias = "user_email")]
    contact_hash: String,
}

fn main() {}
