#[derive(baggage::Baggage)]
struct Account {
    account_id: u64,
}

#[derive(baggage::Baggage)]
struct Context {
    user_id: u64,
    #[baggage(flatten)]
    account: Option<Account>,
}

fn main() {}
