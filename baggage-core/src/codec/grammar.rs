//! The W3C grammar of one list member: the fast readers of the common shapes and the general
//! reader that explains every error.

use std::borrow::Cow;

use baggage_rules::class;
use baggage_rules::key::first_invalid_byte;

use super::escape::decode_checked;
use super::member::Property;
use super::search::{class_run, find_byte, find_equals_or_comma, plain_run};
use super::wire::ScannedMember;
use crate::error::{preview, ParseError, ParseErrorKind};

/// Reads the common member, `key=value` with no whitespace, no properties and only ASCII
/// escapes, at the start of `rest`; returns it with the rest of the line from the comma that
/// ends it (empty at the end of the line). Anything else is `None`, and [`scan_well_formed`]
/// reads it.
///
/// `known_len` is the length of a key the caller knows to be valid and followed by `=`; any other
/// key is what precedes the first `=`, and is checked.
#[inline(always)]
pub(crate) fn scan_plain(
    rest: &str,
    known_len: Option<usize>,
) -> Option<(ScannedMember<'_>, &str)> {
    let bytes = rest.as_bytes();
    let key_len = match known_len {
        Some(known) => known,
        None => {
            let key_len = find_equals_or_comma(bytes)?;
            if key_len == 0
                || bytes.get(key_len) != Some(&b'=')
                || class_run(bytes, class::TOKEN) != key_len
            {
                return None;
            }
            key_len
        }
    };
    let mut at = key_len + 1;
    let mut escaped = false;
    loop {
        at = plain_run(bytes, at);
        match bytes.get(at) {
            None => break,
            Some(b'%') => {}
            Some(b',') => break,
            _ => return None,
        }
        bytes.get(at + 1).filter(|b| b.is_ascii_hexdigit())?;
        bytes.get(at + 2).filter(|b| b.is_ascii_hexdigit())?;
        escaped = true;
        at += 3;
    }
    let (text, after) = (rest.get(..at)?, rest.get(at..)?);
    let (key, value) = (text.get(..key_len)?, text.get(key_len..)?);
    let member = ScannedMember {
        key,
        text,
        raw_value: value.strip_prefix('=')?,
        escaped,
        properties: None,
    };
    Some((member, after))
}

/// Reads the member starting at `start` in one pass over its bytes, when it is well formed;
/// returns it with the index of the comma that ends it (or the line's length).
///
/// Anything unusual returns `None`, and [`scan_member`] reads the member again to say exactly
/// what is wrong, so both accept the same members and only one of them explains errors.
pub(crate) fn scan_well_formed(input: &str, start: usize) -> Option<(ScannedMember<'_>, usize)> {
    let bytes = input.as_bytes();
    let key_start = skip_ows(bytes, start);
    let key_end = skip_class(bytes, key_start, class::TOKEN);
    if key_end == key_start {
        return None;
    }
    let equals = skip_ows(bytes, key_end);
    if bytes.get(equals) != Some(&b'=') {
        return None;
    }
    let value_start = skip_ows(bytes, equals + 1);
    let mut value_end = value_start;
    let mut escaped = false;
    loop {
        value_end = skip_class(bytes, value_end, class::PLAIN);
        if bytes.get(value_end) != Some(&b'%') {
            break;
        }
        bytes.get(value_end + 1).filter(|b| b.is_ascii_hexdigit())?;
        bytes.get(value_end + 2).filter(|b| b.is_ascii_hexdigit())?;
        escaped = true;
        value_end += 3;
    }
    let after = skip_ows(bytes, value_end);
    let (properties, end) = match bytes.get(after) {
        None | Some(b',') => (None, after),
        Some(b';') => {
            let end = find_byte(bytes, after + 1, b',');
            let text = input.get(after + 1..end)?;
            if text
                .split(';')
                .any(|property| check_property(property).is_err())
            {
                return None;
            }
            (Some(text), end)
        }
        Some(_) => return None,
    };
    let raw_value = input.get(value_start..value_end)?;
    let text = trim_ows(input.get(key_start..end)?);
    let member = ScannedMember {
        key: input.get(key_start..key_end)?,
        text,
        raw_value,
        escaped,
        properties,
    };
    Some((member, end))
}

/// The index of the first byte at or after `from` that is not optional whitespace.
pub(crate) fn skip_ows(bytes: &[u8], from: usize) -> usize {
    // Most members have no whitespace at all.
    if !matches!(bytes.get(from), Some(b' ' | b'\t')) {
        return from;
    }
    let rest = bytes.get(from..).unwrap_or_default();
    from + rest
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(rest.len())
}

/// The index of the first byte at or after `from` outside the byte class.
pub(crate) fn skip_class(bytes: &[u8], from: usize, byte_class: u8) -> usize {
    from + class_run(bytes.get(from..).unwrap_or_default(), byte_class)
}

pub(crate) fn trim_ows(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// Position of `part` within the string it was sliced from, which starts at `base`.
pub(crate) fn offset_in(whole: &str, part: &str, base: usize) -> usize {
    base + (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

pub(crate) fn scan_member(
    raw: &str,
    start: usize,
    index: usize,
) -> Result<ScannedMember<'_>, ParseError> {
    let error = |offset: usize, key: Option<&str>, kind| {
        let shown = key.map(preview);
        let key_as_read = key.filter(|key| shown.as_deref() != Some(*key));
        ParseError {
            member: index,
            offset,
            key: shown.map(String::into_boxed_str),
            key_as_read: key_as_read.map(Box::from),
            kind,
        }
    };
    let trimmed = trim_ows(raw);
    if trimmed.is_empty() {
        return Err(error(start, None, ParseErrorKind::EmptyMember));
    }
    let (pair, properties) = match trimmed.split_once(';') {
        Some((pair, properties)) => (pair, Some(properties)),
        None => (trimmed, None),
    };
    let Some((raw_key, raw_value)) = pair.split_once('=') else {
        return Err(error(
            offset_in(raw, trimmed, start),
            Some(trim_ows(pair)),
            ParseErrorKind::MissingEquals,
        ));
    };
    let key = trim_ows(raw_key);
    check_key(key).map_err(|(at, kind)| error(offset_in(raw, key, start) + at, Some(key), kind))?;
    let value_text = trim_ows(raw_value);
    let escaped = check_value(value_text)
        .map_err(|(at, kind)| error(offset_in(raw, value_text, start) + at, Some(key), kind))?;
    if let Some(properties) = properties {
        for raw_property in properties.split(';') {
            check_property(raw_property).map_err(|(within, at, kind)| {
                error(offset_in(raw, within, start) + at, Some(key), kind)
            })?;
        }
    }
    Ok(ScannedMember {
        key,
        text: trimmed,
        raw_value: value_text,
        escaped,
        properties,
    })
}

/// Checks one property: a key, or `key=value`.
pub(crate) fn check_property(raw: &str) -> Result<(), (&str, usize, ParseErrorKind)> {
    let property = trim_ows(raw);
    if property.is_empty() {
        return Err((raw, 0, ParseErrorKind::EmptyProperty));
    }
    let (key, value) = split_property(property);
    check_key(key).map_err(|(at, kind)| (key, at, kind))?;
    if let Some(text) = value {
        check_value(text).map_err(|(at, kind)| (text, at, kind))?;
    }
    Ok(())
}

pub(crate) fn split_property(property: &str) -> (&str, Option<&str>) {
    match property.split_once('=') {
        Some((key, value)) => (trim_ows(key), Some(trim_ows(value))),
        None => (property, None),
    }
}

/// Reads a property that [`check_property`] accepted.
pub(crate) fn scan_property(raw: &str) -> Option<Property<'_>> {
    let (key, value) = split_property(trim_ows(raw));
    let value = match value {
        Some(text) => Some(decode_checked(text, check_value(text).ok()?)),
        None => None,
    };
    Some(Property {
        key: Cow::Borrowed(key),
        value,
    })
}

pub(crate) fn check_key(key: &str) -> Result<(), (usize, ParseErrorKind)> {
    if key.is_empty() {
        return Err((0, ParseErrorKind::EmptyKey));
    }
    match first_invalid_byte(key) {
        None => Ok(()),
        Some(at) => Err((
            at,
            ParseErrorKind::InvalidKey {
                byte: key.as_bytes().get(at).copied().unwrap_or_default(),
            },
        )),
    }
}

/// Checks that `text` holds only baggage-octets and well-formed escapes, without allocating;
/// says whether it holds escapes.
///
/// What the escapes decode to is not checked: octets that are not UTF-8 decode to U+FFFD, as the
/// specification requires, so `%C3%28` is a valid value (`\u{FFFD}(`).
pub(crate) fn check_value(text: &str) -> Result<bool, (usize, ParseErrorKind)> {
    let bytes = text.as_bytes();
    let mut escapes = false;
    for (at, &byte) in bytes.iter().enumerate() {
        if !class::is(byte, class::VALUE) {
            return Err((at, ParseErrorKind::InvalidValue { byte }));
        }
        if byte == b'%' {
            let digits = bytes.get(at + 1..at + 3).unwrap_or_default();
            if digits.len() != 2 || !digits.iter().all(u8::is_ascii_hexdigit) {
                return Err((at, ParseErrorKind::MalformedEscape));
            }
            escapes = true;
        }
    }
    Ok(escapes)
}
