//! The string-only W3C Baggage codec: [`StringBaggage`], an ordered list of members read from and
//! written to the `baggage` header.
//!
//! Reading follows the grammar of the W3C Baggage specification exactly; writing is conservative
//! (see [`StringBaggage::to_header`]) so that every OpenTelemetry SDK reads back the same values.
//!
//! One parser (`parser`) reads every header, whether into [`StringBaggage`] or straight into
//! the fields of a derived struct (`keys`); `grammar` holds the member grammar,
//! `search` the byte searches of its inner loops and `escape` the percent-encoding.

mod baggage;
mod escape;
mod grammar;
pub(crate) mod keys;
mod limits;
mod member;
mod options;
mod parser;
mod search;
mod wire;

#[cfg(test)]
mod tests;

pub use baggage::StringBaggage;
pub use baggage_rules::encoded_value_len;
pub use escape::{encode_value_into, VALUE_ENCODE_SET};
pub use limits::Limits;
pub use member::{Member, Property};
pub use options::ParseOptions;
pub use wire::WireValue;

pub(crate) use escape::{decode_checked, escape_value_from};
pub(crate) use search::find_byte_from;
