struct Context {
    user_id: u64,
}

fn main() {
    let headers = http::HeaderMap::new();
    let _ = baggage::http::extract::<Context>(&headers);
}
