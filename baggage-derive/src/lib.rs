//! Derive macros for the [`baggage`](https://docs.rs/baggage) crate; use them through it.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
