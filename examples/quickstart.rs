//! The typed round trip: a header as another service wrote it, read into a struct; a
//! downstream service adding its own context without disturbing anything else; the schema
//! a service publishes; and the errors a bad header gets.
//!
//! Run it with `cargo run --example quickstart`.

use baggage::{Baggage, BaggageValue, StringBaggage};

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Tier {
    Free,
    Premium,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Priority {
    Low,
    Normal,
    High,
}

/// What every service of a request knows about who it is for.
#[derive(Debug, Baggage)]
struct RequestContext {
    /// The signed-in user.
    user_id: u64,
    /// The user's plan, which picks queues and limits.
    user_tier: Tier,
    /// Where the request entered.
    #[baggage(max_len = 32)]
    region: String,
    /// Feature flags on for this user.
    #[baggage(default, max_len = 256)]
    features: Vec<String>,
    /// How urgently to serve the request.
    #[baggage(default = "normal")]
    priority: Priority,
}

fn normal() -> Priority {
    Priority::Normal
}

#[derive(Debug, Clone, Copy, BaggageValue)]
enum FraudScore {
    Low,
    Medium,
    High,
}

/// Added by the payment service.
#[derive(Debug, Baggage)]
#[baggage(prefix = "payment.", budget = 64)]
struct PaymentContext {
    fraud_score: FraudScore,
    /// Whether 3-D Secure was required.
    challenged: bool,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. A Python gateway wrote this with str(12345), str(True) and ",".join(features); a vendor
    //    agent added a member of its own.
    let inbound = "user_id=12345,user_tier=premium,region=us-west,\
                   features=new_checkout%2Cdark_mode,vendor.trace=a1b2;ttl=30";
    println!("inbound      {inbound}");

    let context = RequestContext::from_header(inbound)?;
    println!("typed        {context:?}");
    println!("user_id + 1  {} (a u64, not a string)", context.user_id + 1);
    println!(
        "priority     {:?} (absent, so its default)",
        context.priority
    );

    // 2. Downstream, payment adds its context; every earlier member passes on untouched.
    let mut baggage = StringBaggage::parse(inbound)?;
    let payment = PaymentContext {
        fraud_score: FraudScore::Low,
        challenged: false,
    };
    payment.write_to(&mut baggage)?;
    let outbound = baggage.to_header();
    println!("outbound     {outbound}");
    println!(
        "size         {} bytes of the 8192 the W3C limit allows; RequestContext can take up to {}",
        baggage.encoded_len(),
        RequestContext::SCHEMA
            .max_encoded_len()
            .map_or_else(|| "unbounded".to_owned(), |len| format!("{len} bytes"))
    );
    println!(
        "one field    fraud_score = {:?}",
        PaymentContext::FRAUD_SCORE.get(&baggage)?
    );

    // 3. The schema a service publishes.
    println!("\n{}", RequestContext::SCHEMA.to_markdown());

    // 4. Bad input gets an error that names the key and the problem.
    for bad in [
        "user_id=12a,user_tier=free,region=eu",
        "user_id=1,user_tier=gold,region=eu",
        "user_id=1,user_tier=free",
        "user_id=1,user_tier=free,region=eu%zz",
    ] {
        if let Err(error) = RequestContext::from_header(bad) {
            println!("rejected     {bad}\n  because    {error}");
        }
    }
    Ok(())
}
