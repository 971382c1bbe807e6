//! Policies applied to baggage keys and values: what must never travel.
//!
//! The key rule in [`pii`] is shared by `#[derive(Baggage)]`, which applies it at compile time,
//! and by the run time, so both judge a key the same way.

#[doc(inline)]
pub use baggage_rules::pii;
pub mod pii_value;
pub mod trust;
