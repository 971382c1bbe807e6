#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use baggage_core::*;

/// `#[derive(Baggage)]`: implements [`Baggage`] for a struct whose fields are baggage members.
#[cfg(feature = "derive")]
pub use baggage_derive::Baggage;

/// `#[derive(BaggageValue)]`: implements [`BaggageValue`] for an enum of unit variants or a
/// newtype.
#[cfg(feature = "derive")]
pub use baggage_derive::BaggageValue;

#[doc(hidden)]
pub use baggage_core::__private;
