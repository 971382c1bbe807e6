//! Reads a `baggage` header as another service sent it, converts its values to Rust types, adds a
//! member and writes the header on.
//!
//! Run it with `cargo run --example quickstart`.

use baggage::{BaggageValue, StringBaggage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // As a Python service writes it: str(12345), str(True).lower(), ",".join(features).
    let inbound =
        "user_id=12345,user_tier=premium,is_premium=true,features=new_checkout%2Cdark_mode,\
                   note=Am%C3%A9lie";
    println!("inbound header  : {inbound}");

    let mut baggage = StringBaggage::parse(inbound)?;
    let user_id = u64::decode(baggage.get("user_id").unwrap_or_default())?;
    let is_premium = bool::decode(baggage.get("is_premium").unwrap_or_default())?;
    let features = Vec::<String>::decode(baggage.get("features").unwrap_or_default())?;
    println!("user_id         : {user_id} (u64)");
    println!("is_premium      : {is_premium} (bool)");
    println!("features        : {features:?} (Vec<String>)");
    println!(
        "note            : {:?} (percent-decoded)",
        baggage.get("note").unwrap_or_default()
    );

    // A bad value is an error naming the type and the reason.
    if let Err(error) = u64::decode(baggage.get("user_tier").unwrap_or_default()) {
        println!("user_tier as u64: {error}");
    }

    let mut score = String::new();
    0.25f64.encode(&mut score)?;
    baggage.insert("fraud_score", score)?;
    baggage.insert("signature", "YWJj+/ZA==")?;
    let outbound = baggage.to_header();
    println!("outbound header : {outbound}");
    println!("outbound size   : {} of 8192 bytes", baggage.encoded_len());

    // A malformed member is dropped and reported; the others pass on.
    let (kept, errors) = StringBaggage::parse_lenient("region=us-west,bad key=1,tier=%zz");
    println!("lenient read    : {kept}");
    for error in errors {
        println!("  dropped       : {error}");
    }
    Ok(())
}
