//! The run-time core of [`baggage`](https://docs.rs/baggage): a spec-exact, string-only W3C
//! Baggage codec and the typed value conversions that `#[derive(Baggage)]` builds on.
//!
//! Most users depend on the `baggage` facade crate, which re-exports everything here along with
//! the derive macros. Depend on `baggage-core` directly for the codec alone, without proc-macros.
//!
//! - [`StringBaggage`] reads and writes the `baggage` header: [`parse`](StringBaggage::parse)
//!   (strict), [`parse_lenient`](StringBaggage::parse_lenient) (what a propagator does),
//!   [`to_header`](StringBaggage::to_header) (conservative percent-encoding), under [`Limits`].
//! - [`BaggageValue`] converts one Rust type to and from one member value.
//! - [`key`] and [`policy::pii`] are the key rules, shared with the derive macro.
//!
//! ```
//! use baggage_core::{BaggageValue, StringBaggage};
//!
//! let baggage = StringBaggage::parse("user_id=12345,is_premium=true,region=us-west")?;
//! let user_id = u64::decode(baggage.get("user_id").unwrap_or_default())?;
//! assert_eq!(user_id, 12345);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Where this crate differs from OpenTelemetry SDKs
//!
//! The W3C specification is the authority; SDKs disagree with it and with each other.
//!
//! - A raw `=` inside a value belongs to the value (`k=a=b` reads `a=b`); opentelemetry-rust
//!   0.33 truncates the value at it.
//! - A raw `+` is a plus sign, never a space.
//! - A malformed `%` escape makes the member malformed; opentelemetry-rust keeps the raw text.
//! - Escaped octets that are not UTF-8 decode to U+FFFD, as the specification requires.
//! - A member passed on unchanged is written with the bytes it came with; the SDKs decode and
//!   re-encode every member (Python writes a space as `+`, which the specification reads as a
//!   plus sign, so re-encoding would change what the next Python service reads).
//! - Keys must be RFC 7230 tokens and are never percent-decoded (`a%20b` is the key `a%20b`);
//!   opentelemetry-rust decodes keys.
//! - A decoded value keeps its leading and trailing spaces; opentelemetry-rust trims them.
//! - Duplicate keys are all kept, in order; [`StringBaggage::get`] answers the last one, as the
//!   SDKs' maps do.
//! - Up to 180 members are kept by default (the grammar's ceiling); opentelemetry-rust keeps 64.
//! - Values are written with every byte but `A-Z a-z 0-9 - . _ ~` percent-encoded, which every
//!   SDK decodes to the same value.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod codec;
pub mod error;
pub mod key;
pub mod policy;
pub mod schema;
#[cfg(feature = "signed")]
#[cfg_attr(docsrs, doc(cfg(feature = "signed")))]
pub mod signing;
pub mod typed;
pub mod value;

#[doc(hidden)]
#[path = "private/mod.rs"]
pub mod __private;

pub use codec::{Limits, Member, ParseOptions, Property, StringBaggage, WireValue};
pub use error::{DecodeError, EncodeError, InsertError, ParseError, ParseErrorKind, ValueError};
pub use key::KeyError;
pub use schema::{FieldSchema, Schema};
pub use typed::{Baggage, BorrowBaggage, Key, MemberWriter};
pub use value::{
    BaggageValue, BorrowValue, BoundedCardinality, CatchAll, ListItem, SupportsMaxLen, TraceValue,
    ValueKind,
};

/// Implements tracing for a derived struct when the facade's `tracing` feature is on; a no-op
/// here, so that generated code naming `baggage_core` compiles.
#[doc(hidden)]
#[macro_export]
macro_rules! __baggage_tracing_impl {
    ($($anything:tt)*) => {};
}
