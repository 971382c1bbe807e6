#[derive(baggage::Baggage)]
struct Account {
    user_id: u64,
}

#[derive(baggage::Baggage)]
struct Session {
    user_id: u64,
}

#[derive(baggage::Baggage)]
struct Context {
    #[baggage(flatten)]
    account: Account,
    #[baggage(flatten)]
    session: Session,
}

fn main() {}
