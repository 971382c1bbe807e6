//! What the parser hands on before anything is allocated: [`ScannedMember`], a well-formed
//! member with its text still on the wire, and [`WireValue`], its value as checked text.

use std::borrow::Cow;

use super::escape::decode_checked;
use super::grammar::scan_property;
use super::member::{Member, Part};

/// A well-formed member as the parser found it: key and value read, properties checked but
/// left unparsed, so that a typed reader that needs no properties allocates nothing for them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScannedMember<'a> {
    /// The key.
    pub(crate) key: &'a str,
    /// The whole member as it came, surrounding whitespace trimmed.
    pub(crate) text: &'a str,
    pub(crate) raw_value: &'a str,
    pub(crate) escaped: bool,
    pub(crate) properties: Option<&'a str>,
}

impl<'a> ScannedMember<'a> {
    /// The key.
    #[inline]
    pub(crate) fn key(&self) -> &'a str {
        self.key
    }

    /// The value as it is on the wire, for a typed reader that converts it without decoding
    /// it into a string first.
    #[inline]
    pub(crate) fn into_wire(self) -> WireValue<'a> {
        WireValue {
            raw: self.raw_value,
            escaped: self.escaped,
        }
    }

    pub(crate) fn into_member(self) -> Member<'a> {
        let properties = self
            .properties
            .map(|text| text.split(';').filter_map(scan_property).collect())
            .unwrap_or_default();
        Member {
            key: Part::Text(Cow::Borrowed(self.key)),
            value: Part::Text(decode_checked(self.raw_value, self.escaped)),
            properties,
            received: Some(Cow::Borrowed(self.text)),
        }
    }
}

/// A member value as it is on the wire, already checked by the parser: every byte is a
/// `baggage-octet` and every `%` starts a valid escape (escaped octets that are not UTF-8 decode
/// to U+FFFD).
///
/// Only the parser makes one, so a type reading it ([`BaggageValue::decode_wire`],
/// [`BorrowValue::decode_borrowed`]) can rely on that and read its items or its text in place.
///
/// [`BaggageValue::decode_wire`]: crate::BaggageValue::decode_wire
/// [`BorrowValue::decode_borrowed`]: crate::BorrowValue::decode_borrowed
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WireValue<'a> {
    raw: &'a str,
    escaped: bool,
}

impl<'a> WireValue<'a> {
    /// A value the scanner checked; `escaped` says whether it holds a `%`.
    #[inline]
    pub(crate) fn new(raw: &'a str, escaped: bool) -> Self {
        Self { raw, escaped }
    }

    /// The percent-encoded text.
    #[inline]
    pub fn raw(self) -> &'a str {
        self.raw
    }

    /// Whether the text holds a percent escape.
    #[inline]
    pub fn is_escaped(self) -> bool {
        self.escaped
    }

    /// The decoded value; borrowed when it holds no escape.
    #[inline]
    pub fn decoded(self) -> Cow<'a, str> {
        decode_checked(self.raw, self.escaped)
    }

    /// The decoded value's length in bytes, without decoding it: each escape is three bytes on
    /// the wire and one decoded.
    #[inline]
    pub fn decoded_len(self) -> usize {
        if !self.escaped {
            return self.raw.len();
        }
        let bytes = self.raw.as_bytes();
        let escapes = bytes.iter().filter(|&&b| b == b'%').count();
        // An escaped octet above 0x7F may be part of a sequence that is not UTF-8, which decodes
        // longer (U+FFFD is three bytes): measure the decoded text then.
        let non_ascii = bytes
            .iter()
            .zip(bytes.iter().skip(1))
            .any(|(&percent, &high)| {
                percent == b'%' && matches!(high, b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
            });
        if non_ascii {
            return self.decoded().len();
        }
        self.raw.len().saturating_sub(2 * escapes)
    }
}
