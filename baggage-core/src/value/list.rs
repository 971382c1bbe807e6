//! [`BaggageValue`] for `Vec<T>`: a list, items joined by `,`, with the item escapes that let
//! every SDK's `split(",")` read it.

use std::borrow::Cow;

use super::{BaggageValue, ListItem, SupportsMaxLen, ValueKind};
use crate::codec::{decode_checked, find_byte_from, WireValue};
use crate::error::ValueError;

/// A list: items joined by `,` in the decoded value.
///
/// On the wire `features=a%2Cb%2Cc` reads as `["a", "b", "c"]`, exactly as other SDKs'
/// `",".join(…)` and `split(",")` do. Inside an item only what the list reader must tell apart
/// is escaped: a `,` always, as `%2C`, and a `%` only where `2C`, `2c` or `25` follows it, as
/// `%25`; reading undoes exactly those. So a list whose items hold no literal comma reads the
/// same here and in every SDK that splits by hand (`50%` is the item `50%` in both), while an
/// item holding `,` reads back whole here and as `%2C` in those SDKs.
///
/// The empty value is the empty list; a list of one empty item would read back as the empty
/// list, so writing one is an error.
///
/// ```
/// use baggage_core::BaggageValue;
///
/// let mut out = String::new();
/// vec!["a,b".to_string(), "50%".to_string(), "%2C".to_string()].encode(&mut out)?;
/// assert_eq!(out, "a%2Cb,50%,%252C");
/// assert_eq!(Vec::<String>::decode(&out)?, ["a,b", "50%", "%2C"]);
/// assert_eq!(Vec::<u16>::decode("1,2,3")?, [1, 2, 3]);
/// # Ok::<(), baggage_core::ValueError>(())
/// ```
impl<T: ListItem> BaggageValue for Vec<T> {
    const TYPE_NAME: &'static str = "list";
    const KIND: &'static ValueKind = &ValueKind::List(T::KIND);
    const SCAN_PII: bool = T::SCAN_PII;

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        if let [only] = self.as_slice() {
            let start = out.len();
            only.encode(out)?;
            if out.len() == start {
                return Err(ValueError::new(
                    "list",
                    "a list of one empty item reads back as an empty list",
                ));
            }
            escape_item_from(out, start);
            return Ok(());
        }
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            let start = out.len();
            item.encode(out)?;
            escape_item_from(out, start);
        }
        Ok(())
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        if value.is_empty() {
            return Ok(Vec::new());
        }
        let mut items = Vec::with_capacity(value.bytes().filter(|&b| b == b',').count() + 1);
        for (index, item) in value.split(',').enumerate() {
            let item = match unescape_item(item) {
                Cow::Borrowed(item) => T::decode(item),
                Cow::Owned(item) => T::decode_owned(item).map_err(|(error, _)| error),
            };
            items.push(item.map_err(|error| item_error::<T>(index, &error))?);
        }
        Ok(items)
    }

    /// Splits the wire value at its encoded commas (`%2C`, `%2c`) and decodes each item on its
    /// own: an item without escapes is read straight from the header.
    fn decode_wire(value: WireValue<'_>) -> Result<Self, ValueError> {
        read_wire_items(value.raw(), value.is_escaped(), T::decode)
    }
}

impl<T: ListItem> SupportsMaxLen for Vec<T> {}

/// Reads the items of a list's checked wire value, split at its encoded commas: an item without
/// other escapes with `plain`, straight from the header; one with escapes decoded first.
pub(super) fn read_wire_items<'a, T: BaggageValue>(
    raw: &'a str,
    escaped: bool,
    plain: impl Fn(&'a str) -> Result<T, ValueError>,
) -> Result<Vec<T>, ValueError> {
    if raw.is_empty() {
        return Ok(Vec::new());
    }
    // Without escapes there is one item; with them, four is the capacity a growing vector
    // starts at, and reserving it skips the growth path.
    let mut items = Vec::with_capacity(if escaped { 4 } else { 1 });
    let mut rest = raw;
    loop {
        let (item, item_escaped, next) = next_wire_item(rest);
        let decoded = if item_escaped {
            decode_escaped_item::<T>(item)
        } else {
            plain(item)
        };
        items.push(decoded.map_err(|error| item_error::<T>(items.len(), &error))?);
        match next {
            Some(next) => rest = next,
            None => return Ok(items),
        }
    }
}

/// Splits a checked wire value at its first encoded comma: the item before it, whether that item
/// holds other escapes, and the text after the comma if there is one. Escapes are stepped over
/// whole, so the `2C` of `%252C` (an escaped comma inside an item) is not a separator.
#[inline]
fn next_wire_item(raw: &str) -> (&str, bool, Option<&str>) {
    let mut escaped = false;
    let mut at = 0;
    while let Some(percent) = find_byte_from(raw.as_bytes(), at, b'%') {
        if let (Some(item), Some(rest)) = (raw.get(..percent), raw.get(percent..)) {
            if let Some(next) = rest
                .strip_prefix("%2C")
                .or_else(|| rest.strip_prefix("%2c"))
            {
                return (item, escaped, Some(next));
            }
        }
        escaped = true;
        at = percent + 3;
    }
    (raw, escaped, None)
}

/// Reads a list item holding escapes other than the encoded commas around it: decoded, then its
/// own `%2C` and `%25` undone.
fn decode_escaped_item<T: BaggageValue>(item: &str) -> Result<T, ValueError> {
    let decoded = decode_checked(item, true).into_owned();
    match unescape_item(&decoded) {
        Cow::Borrowed(_) => T::decode_owned(decoded),
        Cow::Owned(unescaped) => T::decode_owned(unescaped),
    }
    .map_err(|(error, _)| error)
}

/// The error for the list item at `index`.
fn item_error<T: BaggageValue>(index: usize, error: &ValueError) -> ValueError {
    ValueError::new(
        T::TYPE_NAME,
        format!("list item {index}: {}", error.reason()),
    )
}

/// Whether the item text at a `%` (`after` is what follows it) would read as one of the two
/// escapes a list item reader undoes, `%2C` (either case) and `%25`.
fn starts_item_escape(after: &str) -> bool {
    is_item_escape(Some(after.as_bytes()))
}

/// [`starts_item_escape`] of the bytes after a `%`, if any.
fn is_item_escape(after: Option<&[u8]>) -> bool {
    matches!(
        after.and_then(|after| after.get(..2)),
        Some(b"2C" | b"2c" | b"25")
    )
}

/// Escapes, in the item written to `out` from `start` on, what a list reader must tell apart
/// from the item's text: every `,` as `%2C`, and a `%` only where `2C`, `2c` or `25` follows
/// it, as `%25`. Any other `%` stays as it is, so a list without a literal comma reads the same
/// in an SDK that splits the value at commas by hand.
fn escape_item_from(out: &mut String, start: usize) {
    let Some(item) = out.as_bytes().get(start..) else {
        return;
    };
    let needs_escape = |(at, &byte): (usize, &u8)| match byte {
        b',' => true,
        b'%' => is_item_escape(item.get(at + 1..)),
        _ => false,
    };
    if !item.iter().enumerate().any(needs_escape) {
        return;
    }
    let item = out.split_off(start);
    for (at, character) in item.char_indices() {
        match character {
            ',' => out.push_str("%2C"),
            '%' if item.get(at + 1..).is_some_and(starts_item_escape) => out.push_str("%25"),
            other => out.push(other),
        }
    }
}

/// Undoes what [`escape_item_from`] did: `%2C` (either case) is `,`, and `%25` before `2C`, `2c`
/// or `25` is `%`; any other `%` is kept as it is.
fn unescape_item(item: &str) -> Cow<'_, str> {
    if !item.contains('%') {
        return Cow::Borrowed(item);
    }
    let mut unescaped = String::with_capacity(item.len());
    let mut rest = item;
    while let Some(at) = rest.find('%') {
        let (before, from_percent) = rest.split_at(at);
        unescaped.push_str(before);
        let after = from_percent.get(1..).unwrap_or_default();
        if matches!(after.as_bytes().get(..2), Some(b"2C" | b"2c")) {
            unescaped.push(',');
            rest = after.get(2..).unwrap_or_default();
        } else if after.starts_with("25") && after.get(2..).is_some_and(starts_item_escape) {
            unescaped.push('%');
            rest = after.get(2..).unwrap_or_default();
        } else {
            unescaped.push('%');
            rest = after;
        }
    }
    unescaped.push_str(rest);
    Cow::Owned(unescaped)
}
