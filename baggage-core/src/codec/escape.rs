//! Percent-encoding: the conservative set this crate writes values with, in place or into a
//! buffer, and the decoding of values whose escapes the grammar checked.

use std::borrow::Cow;

use baggage_rules::class;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// Every byte but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is percent-encoded
/// in values that this crate writes.
///
/// The W3C grammar would allow more raw octets, but OpenTelemetry SDKs have misread them: the Rust
/// SDK truncates a value at a raw `=`, the Python and Java SDKs have read a raw `+` as a space and
/// the C++ SDK rejects a raw `:`. Encoding them keeps every SDK reading the same value.
pub const VALUE_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `value` to `out` percent-encoded with [`VALUE_ENCODE_SET`].
pub fn encode_value_into(value: &str, out: &mut String) {
    out.extend(percent_encoding::utf8_percent_encode(
        value,
        VALUE_ENCODE_SET,
    ));
}

/// Percent-encodes with [`VALUE_ENCODE_SET`], in place, the value written to `out` from `start`
/// on. Most values need no escape and are only read; otherwise the part from the first byte to
/// escape on is copied aside (on the stack when short) and written back escaped.
pub(crate) fn escape_value_from(out: &mut String, start: usize) {
    let Some(first) = out
        .as_bytes()
        .get(start..)
        .and_then(|value| value.iter().position(|&b| !is_unreserved(b)))
    else {
        return;
    };
    let from = start + first;
    let tail_len = out.len() - from;
    let mut short = [0u8; SHORT_TAIL];
    if let Some(copy) = short.get_mut(..tail_len) {
        copy.copy_from_slice(out.as_bytes().get(from..).unwrap_or_default());
        out.truncate(from);
        push_escaped(out, copy);
    } else {
        let tail = out.split_off(from);
        push_escaped(out, tail.as_bytes());
    }
}

/// The longest rest of a value [`escape_value_from`] copies aside on the stack; a longer one is
/// copied to the heap.
const SHORT_TAIL: usize = 64;

/// Appends `bytes` to `out`, each unreserved byte as it is and every other one as `%XX`.
fn push_escaped(out: &mut String, bytes: &[u8]) {
    let escapes = bytes.iter().filter(|&&b| !is_unreserved(b)).count();
    out.reserve(bytes.len() + 2 * escapes);
    for &byte in bytes {
        if is_unreserved(byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(percent_encoding::percent_encode_byte(byte));
        }
    }
}

/// Whether `byte` is an RFC 3986 unreserved character, written raw in values.
#[inline]
pub(crate) fn is_unreserved(byte: u8) -> bool {
    class::is_unreserved(byte)
}

/// Decodes a value whose escapes were checked, borrowing when it holds none. Octets that are not
/// UTF-8 become U+FFFD, each maximal invalid sequence one replacement character, as
/// [`String::from_utf8_lossy`] does.
#[inline]
pub(crate) fn decode_checked(text: &str, escapes: bool) -> Cow<'_, str> {
    if !escapes {
        return Cow::Borrowed(text);
    }
    // Into one buffer of the wire length, which the decoded value never exceeds. The escapes
    // were checked, so the decoder reads each as the octet it stands for.
    let mut decoded = Vec::with_capacity(text.len());
    decoded.extend(percent_encoding::percent_decode_str(text));
    Cow::Owned(
        String::from_utf8(decoded)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
    )
}
