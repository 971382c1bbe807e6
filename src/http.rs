//! `http`: typed structs injected into and extracted from an [`http::HeaderMap`]'s `baggage`
//! header.
//!
//! Several `baggage` header lines are read as one list, as the W3C specification says; writing
//! merges into what is there and leaves a single line.
//!
//! ```
//! use baggage::Baggage;
//! use http::HeaderMap;
//!
//! #[derive(Debug, PartialEq, Baggage)]
//! struct RequestContext {
//!     user_id: u64,
//! }
//!
//! let mut headers = HeaderMap::new();
//! headers.append("baggage", "vendor=x".parse()?);
//! headers.append("baggage", "trace=1".parse()?);
//! baggage::http::inject(&mut headers, &RequestContext { user_id: 7 })?;
//! assert_eq!(headers["baggage"], "vendor=x,trace=1,user_id=7");
//! assert_eq!(baggage::http::extract::<RequestContext>(&headers)?, RequestContext { user_id: 7 });
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use ::http::header::{HeaderMap, HeaderName, HeaderValue};

use crate::{Baggage, DecodeError, EncodeError, ParseError, StringBaggage};

/// The `baggage` header's name.
pub const BAGGAGE: HeaderName = HeaderName::from_static("baggage");

/// Every `baggage` header line, read leniently as one list.
///
/// A line holding bytes that are not ASCII (raw UTF-8 from a client that did not encode it) is
/// read too: the members holding such bytes are malformed and reported, with invalid UTF-8 as
/// U+FFFD, and the line's other members are kept.
pub fn string_baggage(headers: &HeaderMap) -> (StringBaggage<'_>, Vec<ParseError>) {
    let values = headers.get_all(&BAGGAGE);
    let all_text = values
        .iter()
        .all(|value| std::str::from_utf8(value.as_bytes()).is_ok());
    if all_text {
        let lines = values
            .iter()
            .filter_map(|value| std::str::from_utf8(value.as_bytes()).ok());
        return StringBaggage::options().parse_lines_lenient(lines);
    }
    let lines = crate::extensions::text_lines(values.iter().map(HeaderValue::as_bytes));
    let (baggage, errors) =
        StringBaggage::options().parse_lines_lenient(lines.iter().map(AsRef::as_ref));
    (baggage.into_owned(), errors)
}

/// The only `baggage` header line, when there is exactly one and it is UTF-8.
#[cfg(feature = "tower")]
pub(crate) fn one_text_line(headers: &HeaderMap) -> Option<&str> {
    let mut lines = headers.get_all(&BAGGAGE).iter();
    match (lines.next(), lines.next()) {
        (Some(line), None) => std::str::from_utf8(line.as_bytes()).ok(),
        _ => None,
    }
}

/// The `baggage` header lines as one text, joined by commas as the lines of one header are
/// (blank lines left out), each line read as [`string_baggage`] reads it.
#[cfg(feature = "tower")]
pub(crate) fn header_text(headers: &HeaderMap) -> String {
    let mut text = String::new();
    for line in headers.get_all(&BAGGAGE) {
        let line = String::from_utf8_lossy(line.as_bytes());
        if line.bytes().all(|b| b == b' ' || b == b'\t') {
            continue;
        }
        if !text.is_empty() {
            text.push(',');
        }
        text.push_str(&line);
    }
    text
}

/// Reads a typed struct from the `baggage` header lines.
///
/// # Errors
///
/// As [`Baggage::from_header`].
pub fn extract<T: Baggage>(headers: &HeaderMap) -> Result<T, DecodeError> {
    let mut lines = headers.get_all(&BAGGAGE).iter();
    match (
        lines
            .next()
            .map(|line| std::str::from_utf8(line.as_bytes())),
        lines.next(),
    ) {
        // One line, the common case: the struct's one-pass reader.
        (Some(Ok(line)), None) => T::from_header(line),
        _ => T::from_baggage(&string_baggage(headers).0),
    }
}

/// Merges a typed struct into the `baggage` header, keeping every other member, and leaves one
/// header line.
///
/// # Errors
///
/// As [`Baggage::write_to`]; the headers are unchanged then.
pub fn inject<T: Baggage>(headers: &mut HeaderMap, value: &T) -> Result<(), EncodeError> {
    let (baggage, _) = string_baggage(headers);
    let mut baggage = baggage.into_owned();
    value.write_to(&mut baggage)?;
    set(headers, &baggage);
    Ok(())
}

/// Replaces the `baggage` header lines with `baggage`, or removes them when it is empty.
pub fn set(headers: &mut HeaderMap, baggage: &StringBaggage<'_>) {
    set_header(headers, baggage.to_header());
}

/// [`set`] with the header `to_header` wrote.
pub(crate) fn set_header(headers: &mut HeaderMap, header: String) {
    if header.is_empty() {
        headers.remove(&BAGGAGE);
        return;
    }
    // What `to_header` writes is visible ASCII, always a valid header value; the value takes
    // the string's buffer as it is.
    if let Ok(value) = HeaderValue::try_from(header) {
        headers.insert(BAGGAGE, value);
    }
}

pub use crate::extensions::TypedBaggage;
