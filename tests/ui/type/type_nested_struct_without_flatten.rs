#[derive(baggage::Baggage)]
struct Account {
    account_id: u64,
}

#[derive(baggage::Baggage)]
struct Context {
    account: Account,
}

fn main() {}
