//! Which strings may be baggage keys: RFC 7230 tokens, as the W3C Baggage grammar requires.
//!
//! The rule lives in `baggage-rules`, which `#[derive(Baggage)]` applies at compile time; the
//! codec applies the same functions to every key it reads or inserts.

#[doc(inline)]
pub use baggage_rules::key::{is_valid_key, validate_key, KeyError, KeyProblem, KEY_CHARACTERS};
