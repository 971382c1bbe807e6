//! The rules of the W3C `baggage` header that both halves of the
//! [`baggage`](https://docs.rs/baggage) crate apply: `baggage-derive` at compile time and
//! `baggage-core` at run time, so that both judge a key, a byte and a value's size the same way.
//!
//! This crate has no dependencies, so that the derive macro does not wait for the run-time crate
//! to build. Use it through `baggage` (or `baggage-core`), which re-exports what a user needs.
//!
//! - [`class`]: the byte classes of the grammar (key, value, unreserved).
//! - [`key`]: which strings are keys.
//! - [`pii`]: the key rule against personal data and secrets.
//! - [`encoded_value_len`] and [`preview`]: a value's size on the wire, and how an error shows it.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod class;
pub mod key;
pub mod pii;

/// How many characters of a wire value an error message shows.
pub const PREVIEW_CHARS: usize = 32;

/// Escapes `text` for an error message and truncates it to [`PREVIEW_CHARS`] characters.
///
/// Control characters, quotes and non-ASCII characters are shown as Rust escapes, so what reaches
/// a log is one printable line whatever the wire carried.
///
/// ```
/// assert_eq!(baggage_rules::preview("a\nb"), "a\\nb");
/// assert_eq!(baggage_rules::preview(&"x".repeat(40)), format!("{}…", "x".repeat(32)));
/// ```
pub fn preview(text: &str) -> String {
    let mut shown = String::new();
    for (count, character) in text.chars().enumerate() {
        if count == PREVIEW_CHARS {
            shown.push('…');
            break;
        }
        if character.is_ascii_graphic() && character != '\\' && character != '`' || character == ' '
        {
            shown.push(character);
        } else {
            shown.extend(character.escape_default());
        }
    }
    shown
}

/// The length of `value` on the wire as this crate writes it: every byte but the RFC 3986
/// unreserved characters takes three, as a `%XX` escape.
///
/// ```
/// assert_eq!(baggage_rules::encoded_value_len("us-west"), 7);
/// assert_eq!(baggage_rules::encoded_value_len("a,b"), 5);
/// assert_eq!(baggage_rules::encoded_value_len("é"), 6);
/// ```
pub const fn encoded_value_len(value: &str) -> usize {
    let bytes = value.as_bytes();
    let mut len = 0;
    let mut at = 0;
    while at < bytes.len() {
        len += if class::is_const(bytes[at], class::UNRESERVED) {
            1
        } else {
            3
        };
        at += 1;
    }
    len
}
