#[derive(baggage::Baggage)]
struct Account {
    #[baggage(rename = "region")]
    home_region: String,
}

#[derive(baggage::Baggage)]
struct Context {
    region: String,
    #[baggage(flatten)]
    account: Account,
}

fn main() {}
