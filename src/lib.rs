//! Typed [W3C Baggage](https://www.w3.org/TR/baggage/) for Rust services that propagate request
//! context with OpenTelemetry.
//!
//! Declare the context a service reads and writes as a plain struct; `#[derive(Baggage)]`
//! generates the string conversions, the keys, typed key constants and a schema, and refuses at
//! compile time what must never travel: types with no string form, invalid or duplicate keys,
//! keys that name secrets or personal data, and structs that can outgrow their size budget.
//!
//! ```
//! use baggage::{Baggage, BaggageValue};
//!
//! #[derive(Debug, PartialEq, BaggageValue)]
//! enum Tier {
//!     Free,
//!     Premium,
//! }
//!
//! /// What every service of a checkout request knows about its user.
//! #[derive(Debug, PartialEq, Baggage)]
//! struct RequestContext {
//!     /// The signed-in user.
//!     user_id: u64,
//!     user_tier: Tier,
//!     #[baggage(max_len = 32)]
//!     region: String,
//!     #[baggage(default)]
//!     features: Vec<String>,
//! }
//!
//! // As a Python service writes it: str(12345), ",".join(features).
//! let context = RequestContext::from_header(
//!     "user_id=12345,user_tier=premium,region=us-west,features=new_checkout%2Cdark_mode",
//! )?;
//! assert_eq!(context.user_id, 12345);
//! assert_eq!(context.user_tier, Tier::Premium);
//! assert_eq!(context.features, ["new_checkout", "dark_mode"]);
//! assert_eq!(
//!     context.to_header()?,
//!     "user_id=12345,user_tier=premium,region=us-west,features=new_checkout%2Cdark_mode"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Reading and writing
//!
//! | | |
//! |---|---|
//! | [`T::from_header`](Baggage::from_header) | reads a header; malformed members the struct does not need are ignored |
//! | [`T::from_header_borrowed`](BorrowBaggage::from_header_borrowed) | reads a header as `from_header` does, text fields of a struct with a lifetime borrowed from it |
//! | [`T::from_baggage`](Baggage::from_baggage) | reads already parsed [`StringBaggage`] |
//! | [`t.to_header()`](Baggage::to_header) | writes a header of the struct's own members |
//! | [`t.write_to(&mut baggage)`](Baggage::write_to) | merges the struct into existing baggage, every other member kept as it came |
//! | `T::USER_ID` | a typed [`Key`] per field, to read or write that member alone |
//! | [`T::SCHEMA`](Baggage::SCHEMA) | keys, types, sizes and docs, as Markdown or (feature `serde`) JSON |
//!
//! A service that adds its own context downstream keeps what came in, byte for byte:
//!
//! ```
//! use baggage::{Baggage, BaggageValue, StringBaggage};
//!
//! #[derive(BaggageValue)]
//! enum FraudScore { Low, Medium, High }
//!
//! #[derive(Baggage)]
//! struct PaymentContext {
//!     fraud_score: FraudScore,
//! }
//!
//! let inbound = "user_id=12345,vendor.trace=abc;ttl=30";
//! let mut baggage = StringBaggage::parse(inbound)?;
//! PaymentContext { fraud_score: FraudScore::Low }.write_to(&mut baggage)?;
//! assert_eq!(baggage.to_header(), "user_id=12345,vendor.trace=abc;ttl=30,fraud_score=low");
//!
//! // One field, without decoding the rest.
//! assert!(matches!(PaymentContext::FRAUD_SCORE.get(&baggage)?, FraudScore::Low));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A struct with one lifetime reads its `Cow<'h, str>` fields (and `Vec` and `Option` of them)
//! borrowed from the header, so a handler that only looks at the context allocates nothing for
//! text without escapes; `from_header` on the same struct owns its text, for a context that
//! outlives the request:
//!
//! ```
//! use std::borrow::Cow;
//! use baggage::{Baggage, BorrowBaggage};
//!
//! #[derive(Baggage)]
//! struct RequestContext<'h> {
//!     user_id: u64,
//!     region: Cow<'h, str>,
//!     features: Vec<Cow<'h, str>>,
//! }
//!
//! let header = "user_id=12345,region=us-west,features=new_checkout%2Cdark_mode";
//! let context = RequestContext::from_header_borrowed(header)?;
//! assert!(matches!(context.region, Cow::Borrowed("us-west")));
//! assert_eq!(context.features, ["new_checkout", "dark_mode"]);
//!
//! let kept: RequestContext<'static> = RequestContext::from_header(header)?;
//! assert!(matches!(kept.region, Cow::Owned(_)));
//! # Ok::<(), baggage::DecodeError>(())
//! ```
//!
//! # Attributes
//!
//! On the struct, `#[baggage(...)]`:
//!
//! | attribute | effect |
//! |---|---|
//! | `prefix = "app."` | prepended to every key of the struct |
//! | `rename_all = "…"` | field names to keys, with serde's rules: `lowercase`, `UPPERCASE`, `PascalCase`, `camelCase`, `snake_case`, `SCREAMING_SNAKE_CASE`, `kebab-case`, `SCREAMING-KEBAB-CASE` |
//! | `budget = N` | the most bytes the struct's encoded members may take (default 1024); checked at compile time when every field is bounded, and at run time always |
//! | `crate = "path"` | where the `baggage` crate is, when it is re-exported under another name |
//! | `signed` | adds a `baggage_sig` member (prefixed) signing the struct's members; needs the `signed` feature |
//!
//! On a field:
//!
//! | attribute | effect |
//! |---|---|
//! | `rename = "key"` | the field's key (the prefix still applies) |
//! | `alias = "old_key"` (any number) | a key also read, for a migration: readers take the field's key, or else its first alias present; only the key is written, and writing it (`to_header`, `write_to`, `Key::set`) removes the aliases' members, so one value travels. An alias is the whole key on the wire (no prefix, no `rename_all`), checked as keys are (token, personal data, duplicates across flattened structs); the trust allow-list and `strip_internal` cover it; not on a `signed` struct |
//! | `default` / `default = "path"` | the value when the key is absent: `Default::default()` or `path()`; a present but invalid value is still an error |
//! | `skip` | not baggage at all; read as its default |
//! | `max_len = N` | the most bytes of a string or list value, checked both ways; bounds the budget |
//! | `flatten` | a nested `Baggage` struct whose members are this struct's; its keys are its own (see below); not on an `Option` |
//! | `with = "module"` | converts with `module::encode(&T, &mut String) -> Result<(), ValueError>` and `module::decode(&str) -> Result<T, ValueError>`; on an `Option<T>` field the module converts `T` and `None` is no member |
//! | `allow_pii = "reason"` | sends a key the PII rule refuses, and turns off the scan of its values; the reason is required and goes into the schema |
//! | `internal` | kept inside the trust boundary: [`Schema::strip_internal`] removes it at egress |
//! | `metric_label` / `metric_label = "high_cardinality_ok"` | the field may become an OpenTelemetry metric attribute; only `bool` and enums, unless it says `high_cardinality_ok` |
//! | `skip_tracing` | not recorded on tracing spans |
//!
//! Doc comments on the struct and its fields go into the schema.
//!
//! A flattened struct's keys are named by its own attributes only: the outer struct's `prefix`
//! and `rename_all` do not apply to them, as serde's `flatten` takes nothing of the outer
//! container. A struct embedded in several others then has the same keys in each, which is what
//! lets every service read it. A key that two fields would share, across flattening included,
//! does not compile.
//!
//! ```
//! use baggage::Baggage;
//!
//! #[derive(Baggage)]
//! struct Account {
//!     account_id: u64,
//! }
//!
//! #[derive(Baggage)]
//! #[baggage(prefix = "checkout.", rename_all = "kebab-case")]
//! struct Checkout {
//!     cart_size: u16,
//!     #[baggage(flatten)]
//!     account: Account,
//! }
//!
//! let header = Checkout { cart_size: 3, account: Account { account_id: 7 } }.to_header()?;
//! assert_eq!(header, "checkout.cart-size=3,account_id=7");
//! # Ok::<(), baggage::EncodeError>(())
//! ```
//!
//! `#[derive(BaggageValue)]` takes `rename_all` (default `snake_case` for variants, since other
//! SDKs send `premium`, not `Premium`) and `crate` on the enum, `rename` on a variant, and
//! `other` on one catch-all variant: a unit variant takes any unknown value, and a variant
//! holding one value (`Other(String)`) keeps it and writes it back unchanged. Variants are read
//! by their exact name first, then in any ASCII case.
//!
//! ```
//! use baggage::BaggageValue;
//!
//! #[derive(Debug, PartialEq, BaggageValue)]
//! enum Channel {
//!     Web,
//!     #[baggage(rename = "ios")]
//!     Apple,
//!     #[baggage(other)]
//!     Other(String),
//! }
//!
//! assert_eq!(Channel::decode("ios")?, Channel::Apple);
//! assert_eq!(Channel::decode("WEB")?, Channel::Web);
//! assert_eq!(Channel::decode("kiosk")?, Channel::Other("kiosk".into()));
//!
//! /// A newtype travels as what it wraps.
//! #[derive(Debug, PartialEq, BaggageValue)]
//! struct TenantId(u32);
//! assert_eq!(TenantId::decode("42")?, TenantId(42));
//! # Ok::<(), baggage::ValueError>(())
//! ```
//!
//! # Types
//!
//! | Rust type | on the wire (decoded) | most bytes on the wire |
//! |---|---|---|
//! | `u8` … `u128`, `i8` … `i128`, `usize`, `isize`, `NonZero*` | decimal | digits and sign |
//! | `f32`, `f64` | shortest form that reads back the same number; NaN and infinities are errors | 17, 24 |
//! | `bool` | `true` / `false`, read in any ASCII case | 5 |
//! | `char` | the character | 12 |
//! | `String`, `Box<str>`, `Arc<str>`, `Cow<str>` | the text, percent-encoded on the wire | unbounded, or 3 × `max_len` |
//! | `IpAddr`, `Ipv4Addr`, `Ipv6Addr` | standard text form | 53, 15, 53 |
//! | `SocketAddr`, `SocketAddrV4`, `SocketAddrV6` | `address:port`, `[IPv6 address%scope]:port`; a `SocketAddrV6` with a flow label is an encode error (the text cannot carry it) | 80, 23, 80 |
//! | `uuid::Uuid` (feature `uuid`) | hyphenated lowercase, as Python's `str(uuid4())` and `crypto.randomUUID()` write it; read in either case or as the 32 digits alone | 36 |
//! | `chrono::DateTime<Utc>` (feature `chrono`) | RFC 3339 in UTC with `Z` (`2024-05-01T12:30:00.250Z`); read with any offset, as `toISOString()` and an aware Python `isoformat()` write it; a time without an offset, more than 9 fractional digits, or (on writing) a year outside 0000–9999 is refused | 39 |
//! | `time::OffsetDateTime` (feature `time`) | RFC 3339 with its own offset, kept on reading; a year outside 0000–9999 is an encode error | 43 |
//! | `std::time::Duration` | seconds with the unit, exact to the nanosecond: `1.5s`; read also as other languages write it (`1500ms`, `1m30s`, `1.5h`, `PT1.5S`, `1e-06s`), never without a unit | 31 |
//! | `Vec<T>` of the above | items joined by `,`; inside an item `,` is escaped as `%2C`, and `%` as `%25` only before `2C`, `2c` or `25`, so SDKs that split by hand read every item without a literal comma the same | unbounded, or 3 × `max_len` |
//! | `Option<T>` | `T`, or no member for `None`; an empty value is `None` when `T` does not accept the empty string (`count=` for an `Option<u64>`), and `Some("")` for an `Option<String>` | as `T` |
//! | enums and newtypes with `#[derive(BaggageValue)]` | a variant's name, or the wrapped value | longest name, or the wrapped type's |
//!
//! Anything else does not compile:
//!
//! ```compile_fail
//! #[derive(baggage::Baggage)]
//! struct Context {
//!     labels: std::collections::HashMap<String, String>, // `HashMap<…>` cannot travel in baggage
//! }
//! ```
//!
//! Nor does a key that names a secret or personal data, unless the field says why it may travel:
//!
//! ```compile_fail
//! #[derive(baggage::Baggage)]
//! struct Context {
//!     user_email: String, // baggage key `user_email` looks like contact details
//! }
//! ```
//!
//! ```
//! #[derive(baggage::Baggage)]
//! struct Context {
//!     #[baggage(allow_pii = "a salted hash, not the address")]
//!     user_email: String,
//! }
//! ```
//!
//! The key rule is [`policy::pii`]; the compile errors are listed, one file each, under
//! `tests/ui/` in the repository.
//!
//! # Errors
//!
//! | error | when | says |
//! |---|---|---|
//! | [`ParseError`] | a header breaks the W3C grammar or the [`Limits`] | the member, the byte, the key, what is wrong |
//! | [`DecodeError::Missing`] | a required key is absent | the key |
//! | [`DecodeError::InvalidValue`] | a value does not convert | the key, the expected type, the reason, the value escaped and cut to 32 characters |
//! | [`DecodeError::TooLong`] | a value is longer than its `max_len` | the key and both lengths |
//! | [`DecodeError::Header`] | a member the struct needs is malformed | the [`ParseError`] |
//! | [`EncodeError::InvalidValue`] | a value has no baggage form (a NaN float) | the key, the type, the reason |
//! | [`EncodeError::TooLong`], [`EncodeError::OverBudget`] | a value over its `max_len`, members over the struct's budget | the sizes, and by how much |
//! | [`EncodeError::Limits`] | the whole baggage would pass its [`Limits`] | the key and the limit |
//!
//! ```
//! use baggage::Baggage;
//!
//! #[derive(Debug, Baggage)]
//! struct Context {
//!     user_id: u64,
//! }
//!
//! let error = Context::from_header("user_id=12a").unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     "baggage key `user_id` has value \"12a\": expected u64: not a decimal integer"
//! );
//! ```
//!
//! # What happens when
//!
//! Nothing is dropped, cut or rewritten without an error or a documented report.
//!
//! | situation | what you get |
//! |---|---|
//! | a value's escapes decode to octets that are not UTF-8 (`k=%C3%28`) | the member is valid; each maximal invalid sequence reads as U+FFFD (`"\u{FFFD}("`), in values and property values, strict and lenient alike |
//! | a malformed escape (`%ZZ`, `%4`) | strict: [`ParseError`]; lenient: that member is dropped and reported; a struct that reads the key: [`DecodeError::Header`], whatever the field's default |
//! | baggage passed on through [`write_to`](Baggage::write_to), [`Key::set`], [`StringBaggage::insert`]/[`remove`](StringBaggage::remove), the layers, `http`/`tonic` inject | every member not changed is written with the bytes it came with, properties and inner whitespace included; changed members are written conservatively |
//! | several `baggage` header lines | read as one list in order; written back as one line |
//! | duplicate keys | all kept in order; reads answer the last; setting the key replaces every occurrence by one member where the first was |
//! | a list item holds `,` | written `%2C`; reads back whole here, and as `%2C` in SDKs that `split(",")` by hand |
//! | a header past the [`Limits`] (180 members, 8192 bytes) | members are dropped whole from the end and the limit reported; a key the struct reads that is not among the members kept is [`DecodeError::CutByLimit`], never `None` or a default |
//! | the same header through `from_header`, `from_baggage`, the axum extractor, or `ServerBaggageLayer` then the extractor | the same error |
//! | `Option<TypedBaggage<T>>` | `None` only when no member of `T` is present; part of `T` present is a 400 naming the missing key; an invalid member is a 400 |
//! | a value the personal-data scan refuses (text fields, and enum catch-alls that hold text) | [`EncodeError::Pii`] from `to_header`, `write_to`, `Key::set`, `http::inject`, `tonic::inject`, `with_typed_baggage`; nothing is changed |
//! | the same in `ClientBaggageLayer` | the call fails with the [`EncodeError`] (boxed); with `OnEncodeError::SendInbound` the request goes out with its inbound baggage and a `tracing` error event names the key |
//! | `with_typed_baggage` past OpenTelemetry's own caps (64 members, 8192 bytes) | [`EncodeError::Limits`] naming the first member the SDK would drop and the cap |
//! | a hand-written [`BaggageValue`] writes `,`, `=`, spaces or `%` | percent-encoded like every value: the header always parses back to the same value |
//! | `t.span()` on a struct with `flatten` | the flattened struct is one field, `baggage.<field>`, holding its members as header text (its error if it cannot be written) |
//!
//! # Schema
//!
//! ```
//! use baggage::Baggage;
//!
//! /// Request context.
//! #[derive(Baggage)]
//! #[baggage(budget = 128)]
//! struct Context {
//!     /// The signed-in user.
//!     user_id: u64,
//!     #[baggage(max_len = 16)]
//!     region: Option<String>,
//! }
//!
//! let markdown = Context::SCHEMA.to_markdown();
//! assert!(markdown.contains("| `user_id` | `u64` | yes | 20 | The signed-in user. |"));
//! assert!(markdown.contains("| `region` | `Option<String>` | no | 48 |  |"));
//! assert_eq!(Context::SCHEMA.max_encoded_len(), Some(28 + 1 + 55));
//! ```
//!
//! # The codec
//!
//! [`StringBaggage`] is the string-only codec underneath, usable on its own: strict
//! [`parse`](StringBaggage::parse), lenient [`parse_lenient`](StringBaggage::parse_lenient),
//! conservative [`to_header`](StringBaggage::to_header), [`Limits`]. How it differs from the
//! OpenTelemetry SDKs, and why, is in the [`baggage_core`] documentation.
//!
//! # Features
//!
//! | feature | default | what |
//! |---|---|---|
//! | `derive` | yes | `#[derive(Baggage)]`, `#[derive(BaggageValue)]` |
//! | `serde` | no | `Serialize` for [`Schema`] |
//! | `opentelemetry` | no | [`otel`]: typed baggage on `opentelemetry::Context`, conversions to and from its `Baggage` |
//! | `opentelemetry-sdk` | no | [`otel`]: `BaggageSpanProcessor<T>` / `BaggageLogProcessor<T>`, a struct's fields as typed span and log attributes; untyped `StringBaggage*Processor`s |
//! | `metrics` | no | [`otel`]: `BaggageMetrics`, inbound baggage size, members and drops as OpenTelemetry metrics, recorded by the server layers and the span processor |
//! | `http` | no | [`http`]: inject and extract on `http::HeaderMap` |
//! | `axum` | no | [`axum`]: the `TypedBaggage<T>` extractor, with a 400 rejection that names the key |
//! | `tower` | no | [`tower`]: a server layer that reads baggage once under a trust policy, a client layer that injects it |
//! | `actix-web` | no | [`actix`]: `TypedBaggage<T>` and `OptionalBaggage<T>` extractors, a middleware with a trust policy |
//! | `reqwest` | no | [`reqwest`]: typed or OpenTelemetry baggage on a `reqwest::RequestBuilder`, `internal` fields stripped for outside hosts |
//! | `reqwest-middleware` | no | `reqwest::BaggageMiddleware`: the same as a `reqwest_middleware` middleware |
//! | `tonic` | no | [`tonic`]: inject and extract on gRPC metadata, server and client interceptors |
//! | `tracing` | no | [`tracing`]: a struct's fields recorded on spans, typed, with the encoded size |
//! | `contract` | no | [`contract`]: service manifests as JSON, the check of a whole fleet, the diff of two versions (the `baggage-contract` command uses it) |
//! | `uuid` | no | `uuid::Uuid` as a field type |
//! | `chrono` | no | `chrono::DateTime<Utc>` as a field type |
//! | `time` | no | `time::OffsetDateTime` as a field type |
//! | `signed` | no | `#[baggage(signed)]`: an HMAC-SHA256 member over the struct's members, checked on decode (see `signing`) |
//!
//! # Policies
//!
//! - [`policy::pii`]: the key rule the derive applies at compile time.
//! - [`policy::pii_value`]: the scan of string values on encode; a hit is [`EncodeError::Pii`].
//! - [`policy::trust`]: [`TrustPolicy`](policy::trust::TrustPolicy) for inbound baggage from a
//!   peer, and [`Schema::strip_internal`] for outbound calls.
//!
//! The threat model, and the test behind each defence, is `SECURITY.md` in the repository.

// A module of a feature that is off is linked on docs.rs, which builds every feature (a link
// definition cannot interrupt a paragraph, hence the blank line).
#![doc = ""]
#![cfg_attr(
    not(feature = "opentelemetry"),
    doc = "[`otel`]: https://docs.rs/baggage/latest/baggage/otel/index.html"
)]
#![cfg_attr(
    not(feature = "contract"),
    doc = "[`contract`]: https://docs.rs/baggage/latest/baggage/contract/index.html"
)]
#![cfg_attr(
    not(feature = "http"),
    doc = "[`http`]: https://docs.rs/baggage/latest/baggage/http/index.html"
)]
#![cfg_attr(
    not(feature = "axum"),
    doc = "[`axum`]: https://docs.rs/baggage/latest/baggage/axum/index.html"
)]
#![cfg_attr(
    not(feature = "tower"),
    doc = "[`tower`]: https://docs.rs/baggage/latest/baggage/tower/index.html"
)]
#![cfg_attr(
    not(feature = "actix-web"),
    doc = "[`actix`]: https://docs.rs/baggage/latest/baggage/actix/index.html"
)]
#![cfg_attr(
    not(feature = "reqwest"),
    doc = "[`reqwest`]: https://docs.rs/baggage/latest/baggage/reqwest/index.html"
)]
#![cfg_attr(
    not(feature = "tonic"),
    doc = "[`tonic`]: https://docs.rs/baggage/latest/baggage/tonic/index.html"
)]
#![cfg_attr(
    not(feature = "tracing"),
    doc = "[`tracing`]: https://docs.rs/baggage/latest/baggage/tracing/index.html"
)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "signed")]
#[cfg_attr(docsrs, doc(cfg(feature = "signed")))]
pub use baggage_core::signing;
pub use baggage_core::{codec, error, key, policy, schema, typed, value};

pub use baggage_core::{
    Baggage, BaggageValue, BorrowBaggage, BorrowValue, BoundedCardinality, CatchAll, DecodeError,
    EncodeError, FieldSchema, InsertError, Key, KeyError, Limits, ListItem, Member, MemberWriter,
    ParseError, ParseErrorKind, ParseOptions, Property, Schema, StringBaggage, SupportsMaxLen,
    TraceValue, ValueError, ValueKind, WireValue,
};

// Generated code names `::baggage::__baggage_tracing_impl!`: the no-op of baggage-core unless
// the `tracing` feature defines the real one.
#[cfg(not(feature = "tracing"))]
#[doc(hidden)]
pub use baggage_core::__baggage_tracing_impl;

/// Implements [`Baggage`] for a struct whose named fields are baggage members; see the
/// [crate documentation](crate#attributes).
#[cfg(feature = "derive")]
pub use baggage_derive::Baggage;

/// Implements [`BaggageValue`] for an enum of unit variants or a newtype; see the
/// [crate documentation](crate#attributes).
#[cfg(feature = "derive")]
pub use baggage_derive::BaggageValue;

/// What generated code names, and nothing else: not a public API.
#[doc(hidden)]
pub mod __private {
    pub use baggage_core::__private::*;

    #[cfg(feature = "tracing")]
    pub use crate::tracing::support::*;
}

#[cfg(any(feature = "http", feature = "tonic", feature = "actix-web"))]
mod extensions;

#[cfg(feature = "actix-web")]
#[cfg_attr(docsrs, doc(cfg(feature = "actix-web")))]
pub mod actix;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
#[cfg(feature = "contract")]
#[cfg_attr(docsrs, doc(cfg(feature = "contract")))]
pub mod contract;
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub mod http;
#[cfg(feature = "opentelemetry")]
#[cfg_attr(docsrs, doc(cfg(feature = "opentelemetry")))]
pub mod otel;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub mod reqwest;
#[cfg(feature = "tonic")]
#[cfg_attr(docsrs, doc(cfg(feature = "tonic")))]
pub mod tonic;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub mod tower;
#[cfg(feature = "tracing")]
#[cfg_attr(docsrs, doc(cfg(feature = "tracing")))]
pub mod tracing;

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
