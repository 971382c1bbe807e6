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
/// on: the buffer grows by two bytes an escape and the value is rewritten from its end, so no
/// second buffer is needed.
pub(crate) fn escape_value_from(out: &mut String, start: usize) {
    let Some(value) = out.as_bytes().get(start..) else {
        return;
    };
    let escapes = value.iter().filter(|&&b| !is_unreserved(b)).count();
    if escapes == 0 {
        return;
    }
    let mut bytes = std::mem::take(out).into_bytes();
    let end = bytes.len();
    bytes.resize(end + 2 * escapes, 0);
    if let Some(region) = bytes.get_mut(start..) {
        escape_backwards(region, end - start);
    }
    // Only whole bytes were replaced by ASCII escapes, so the text is still UTF-8.
    *out = String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
}

/// Rewrites the `value_len` bytes at the start of `region` percent-encoded into the whole of
/// `region`, which has room for exactly their escapes.
fn escape_backwards(region: &mut [u8], value_len: usize) {
    // Runs of unreserved bytes move whole, from the last one back, so each byte is read before
    // anything is written over it: the write position never falls below the read position.
    let (mut read, mut write) = (value_len.min(region.len()), region.len());
    while read > 0 {
        let head = region.get(..read).unwrap_or_default();
        let run_start = head
            .iter()
            .rposition(|&b| !is_unreserved(b))
            .map_or(0, |at| at + 1);
        let run_len = read - run_start;
        let Some(run_write) = write.checked_sub(run_len) else {
            break;
        };
        if run_write + run_len <= region.len() {
            region.copy_within(run_start..read, run_write);
        }
        let (Some(escaped), Some(escape_write)) =
            (run_start.checked_sub(1), run_write.checked_sub(3))
        else {
            break;
        };
        let Some(&byte) = region.get(escaped) else {
            break;
        };
        if let Some(slot) = region.get_mut(escape_write..run_write) {
            slot.copy_from_slice(&percent_escape(byte));
        }
        (read, write) = (escaped, escape_write);
    }
}

/// `%XX` for `byte`, as `percent-encoding` writes it.
fn percent_escape(byte: u8) -> [u8; 3] {
    let mut escape = [b'%'; 3];
    escape.copy_from_slice(percent_encoding::percent_encode_byte(byte).as_bytes());
    escape
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
