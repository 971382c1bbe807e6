//! [`BaggageValue`]: how one Rust type becomes one member value and back.
//!
//! Values here are the *decoded* strings; the codec percent-encodes them on the wire. The forms
//! are the ones other OpenTelemetry SDKs produce with their own conversions (`str(12345)`,
//! `str(True).lower()`, `",".join(features)`), so a value written by any service reads back here.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::num::{
    IntErrorKind, NonZeroI128, NonZeroI16, NonZeroI32, NonZeroI64, NonZeroI8, NonZeroIsize,
    NonZeroU128, NonZeroU16, NonZeroU32, NonZeroU64, NonZeroU8, NonZeroUsize,
};
use std::sync::Arc;

use crate::codec::{decode_checked, find_byte_from, WireValue};
use crate::error::ValueError;

/// A Rust type that travels as one baggage member value.
///
/// | Rust type | value on the wire (decoded) |
/// |---|---|
/// | integers, `NonZero*` | decimal: `12345`, `-7` |
/// | `f32`, `f64` | shortest form that reads back to the same number: `0.25`, `1e-7`; NaN and infinities are rejected |
/// | `bool` | `true` / `false` (read case-insensitively, so Python's `str(True)` reads too) |
/// | `char` | the character |
/// | `String`, `Box<str>`, `Arc<str>`, `Cow<str>` | the text |
/// | `IpAddr`, `Ipv4Addr`, `Ipv6Addr` | the address in its standard text form |
/// | `Vec<T>` of the types above | items joined by `,`; see [`Vec`'s implementation](#impl-BaggageValue-for-Vec<T>) |
/// | `Option<T>` | `T`, or no member at all for `None` |
///
/// Enums of unit variants and newtypes derive it with `#[derive(BaggageValue)]`.
///
/// ```
/// use baggage_core::BaggageValue;
///
/// let mut out = String::new();
/// 0.1f64.encode(&mut out)?;
/// assert_eq!(out, "0.1");
/// assert_eq!(u64::decode("12345")?, 12345);
/// assert_eq!(
///     u8::decode("300").unwrap_err().to_string(),
///     "expected u8: number too large for u8"
/// );
/// # Ok::<(), baggage_core::ValueError>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot travel in baggage",
    label = "`{Self}` does not implement `BaggageValue`",
    note = "baggage values are strings on the wire; supported types are the integers and NonZero integers, f32, f64, bool, char, String, Box<str>, Arc<str>, Cow<str>, IpAddr, Ipv4Addr, Ipv6Addr, Vec<T> of those, Option<T>, and enums or newtypes with #[derive(BaggageValue)]",
    note = "for any other type, convert it with `#[baggage(with = \"module\")]`, where `module` has `encode` and `decode` functions",
    note = "for text borrowed from the header, use `Cow<'h, str>` with the struct's lifetime `'h`",
    note = "a struct with #[derive(Baggage)] is several members, not one value: mark the field #[baggage(flatten)]"
)]
pub trait BaggageValue: Sized {
    /// The type's name in errors and schemas: `u64`, `bool`, `list`.
    const TYPE_NAME: &'static str;

    /// The most bytes the value can take on the wire, percent-encoding included, or `None` when
    /// it is unbounded (strings, lists). `#[derive(Baggage)]` adds these up to check a struct's
    /// budget at compile time.
    const MAX_ENCODED_LEN: Option<usize> = None;

    /// Whether a struct field of this type needs its key present: `false` only for `Option<T>`.
    const REQUIRED: bool = true;

    /// Whether values of this type are free text that a typed struct scans for personal data
    /// and secrets before writing ([`policy::pii_value`](crate::policy::pii_value)): `true` for
    /// strings and lists of them, `false` for numbers, addresses and enums.
    const SCAN_PII: bool = false;

    /// Appends the value's decoded string form to `out`.
    ///
    /// # Errors
    ///
    /// [`ValueError`] when the value has no string form (a float that is NaN or infinite, a
    /// list item with no form of its own).
    fn encode(&self, out: &mut String) -> Result<(), ValueError>;

    /// Reads the value from its decoded string form.
    ///
    /// # Errors
    ///
    /// [`ValueError`] saying which type was expected and why the value is not one.
    fn decode(value: &str) -> Result<Self, ValueError>;

    /// Reads the value from an owned decoded string (a value that held percent escapes), giving
    /// the string back with the error. Types that own text override it to keep the string
    /// instead of copying it.
    ///
    /// # Errors
    ///
    /// As [`decode`](Self::decode), with the string given back.
    fn decode_owned(value: String) -> Result<Self, (ValueError, String)> {
        Self::decode(&value).map_err(|error| (error, value))
    }

    /// Reads the value from its form on the wire, as the parser checked it.
    ///
    /// By default a value without escapes is read with [`decode`](Self::decode) and one with
    /// escapes is decoded into a string and read with [`decode_owned`](Self::decode_owned).
    /// A type may read the wire form itself to skip that string: lists read their items
    /// straight from it.
    ///
    /// # Errors
    ///
    /// A value this type does not accept, as `decode` says.
    fn decode_wire(value: WireValue<'_>) -> Result<Self, ValueError> {
        match value.is_escaped() {
            false => Self::decode(value.raw()),
            true => Self::decode_owned(value.decoded().into_owned()).map_err(|(error, _)| error),
        }
    }

    /// Whether this value means "no member" (only `Option::None` does).
    fn is_absent(&self) -> bool {
        false
    }

    /// The value a missing member reads as: `Some(None)` for `Option<T>`, `None` (the key is
    /// required) for every other type.
    fn when_absent() -> Option<Self> {
        None
    }

    /// The value as a tracing span records it; text by default.
    fn trace_value(&self) -> TraceValue<'_> {
        let mut text = String::new();
        match self.encode(&mut text) {
            Ok(()) => TraceValue::Str(Cow::Owned(text)),
            Err(_) => TraceValue::Absent,
        }
    }
}

/// A scalar [`BaggageValue`] that may be an item of a `Vec<T>` list.
///
/// Lists do not nest: a list item is written between commas, so it cannot itself be a list.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an item of a baggage list",
    label = "list items must be scalars",
    note = "a list travels as one value with items joined by `,`, so its items are integers, floats, bool, char, strings, IP addresses or enums with #[derive(BaggageValue)]; lists do not nest"
)]
pub trait ListItem: BaggageValue {}

/// A type with few possible values (`bool`, enums of unit variants), which
/// `#[baggage(metric_label)]` accepts as an OpenTelemetry metric attribute.
///
/// Every distinct attribute value makes a new time series, so unbounded types (strings,
/// integers) would make a metric's cost grow with the traffic.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has unbounded cardinality and cannot be a metric label",
    label = "each distinct value would become a new time series",
    note = "`metric_label` takes a bool or an enum with #[derive(BaggageValue)]; if the values are known to be few, say #[baggage(metric_label = \"high_cardinality_ok\")]"
)]
pub trait BoundedCardinality: BaggageValue {}

impl BoundedCardinality for bool {}
impl<T: BoundedCardinality> BoundedCardinality for Option<T> {}

/// A value as a tracing span records it: numbers and booleans typed, everything else as text.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TraceValue<'a> {
    /// An unsigned integer.
    U64(u64),
    /// A signed integer.
    I64(i64),
    /// A float.
    F64(f64),
    /// A boolean.
    Bool(bool),
    /// Text: strings, enums, lists, addresses, and integers wider than 64 bits.
    Str(Cow<'a, str>),
    /// An absent `Option`: nothing is recorded.
    Absent,
}

/// A type that `#[baggage(max_len = N)]` applies to: strings and lists, whose length is not
/// bounded by the type itself.
#[diagnostic::on_unimplemented(
    message = "`max_len` does not apply to `{Self}`",
    label = "`{Self}` already has a fixed maximum length",
    note = "`max_len` bounds the length of string and list fields (String, Box<str>, Arc<str>, Cow<str>, Vec<T>, and Option of those); remove it from this field"
)]
pub trait SupportsMaxLen {}

fn int_error(expected: &'static str, kind: &IntErrorKind) -> ValueError {
    let reason: Cow<'static, str> = match kind {
        IntErrorKind::Empty => "the value is empty".into(),
        IntErrorKind::PosOverflow => format!("number too large for {expected}").into(),
        IntErrorKind::NegOverflow => format!("number too small for {expected}").into(),
        IntErrorKind::Zero => "zero is not allowed".into(),
        _ => "not a decimal integer".into(),
    };
    ValueError::new(expected, reason)
}

/// Appends the decimal digits of `value`, without the formatting machinery.
fn push_decimal(out: &mut String, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        if let Some(digit) = digits.get_mut(start) {
            *digit = b'0' + (value % 10) as u8;
        }
        value /= 10;
        if value == 0 || start == 0 {
            break;
        }
    }
    for &digit in digits.get(start..).unwrap_or_default() {
        out.push(char::from(digit));
    }
}

/// The longest decimal form of an integer type: its digits plus a sign.
const fn decimal_len(max: u128, signed: bool) -> usize {
    let mut digits = 1;
    let mut rest = max / 10;
    while rest > 0 {
        digits += 1;
        rest /= 10;
    }
    digits + signed as usize
}

/// The value of 1 to `max_digits` ASCII digits (at most 19, which fit a `u64`); `None` for any
/// other text.
#[inline]
fn small_decimal(text: &str, max_digits: usize) -> Option<u64> {
    if text.is_empty() || text.len() > max_digits.min(19) {
        return None;
    }
    text.bytes().try_fold(0u64, |value, byte| {
        let digit = byte.wrapping_sub(b'0');
        (digit < 10).then(|| value * 10 + u64::from(digit))
    })
}

macro_rules! integers {
    ($($int:ty),*) => {$(
        impl BaggageValue for $int {
            const TYPE_NAME: &'static str = stringify!($int);
            #[allow(unused_comparisons)]
            const MAX_ENCODED_LEN: Option<usize> =
                Some(decimal_len(<$int>::MAX as u128, <$int>::MIN < 0));

            #[allow(irrefutable_let_patterns, unused_comparisons)]
            fn encode(&self, out: &mut String) -> Result<(), ValueError> {
                if let Ok(value) = u64::try_from(*self) {
                    push_decimal(out, value);
                } else if let (true, Ok(value)) = (*self < 0, i64::try_from(*self)) {
                    out.push('-');
                    push_decimal(out, value.unsigned_abs());
                } else {
                    // Only 128-bit values outside 64 bits; writing to a String cannot fail.
                    let _ = write!(out, "{self}");
                }
                Ok(())
            }

            fn decode(value: &str) -> Result<Self, ValueError> {
                // Fewer digits than the type's largest value cannot overflow: read them
                // directly; anything else (signs, long or invalid text) goes to `parse`.
                const FAST_DIGITS: usize = decimal_len(<$int>::MAX as u128, false) - 1;
                #[allow(irrefutable_let_patterns)]
                if let Some(Ok(small)) = small_decimal(value, FAST_DIGITS).map(Self::try_from) {
                    return Ok(small);
                }
                value
                    .parse()
                    .map_err(|e: std::num::ParseIntError| int_error(Self::TYPE_NAME, e.kind()))
            }

            #[allow(irrefutable_let_patterns)]
            fn trace_value(&self) -> TraceValue<'_> {
                if let Ok(value) = u64::try_from(*self) {
                    TraceValue::U64(value)
                } else if let Ok(value) = i64::try_from(*self) {
                    TraceValue::I64(value)
                } else {
                    TraceValue::Str(Cow::Owned(self.to_string()))
                }
            }
        }
        impl ListItem for $int {}
    )*};
}

integers!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);

macro_rules! non_zero {
    ($($nz:ty => $int:ty),*) => {$(
        impl BaggageValue for $nz {
            const TYPE_NAME: &'static str = stringify!($nz);
            const MAX_ENCODED_LEN: Option<usize> = <$int as BaggageValue>::MAX_ENCODED_LEN;

            fn encode(&self, out: &mut String) -> Result<(), ValueError> {
                self.get().encode(out)
            }

            fn decode(value: &str) -> Result<Self, ValueError> {
                value
                    .parse()
                    .map_err(|e: std::num::ParseIntError| int_error(Self::TYPE_NAME, e.kind()))
            }
        }
        impl ListItem for $nz {}
    )*};
}

non_zero!(
    NonZeroU8 => u8, NonZeroU16 => u16, NonZeroU32 => u32, NonZeroU64 => u64,
    NonZeroU128 => u128, NonZeroUsize => usize, NonZeroI8 => i8, NonZeroI16 => i16,
    NonZeroI32 => i32, NonZeroI64 => i64, NonZeroI128 => i128, NonZeroIsize => isize
);

macro_rules! floats {
    ($($float:ty => $max_len:expr),*) => {$(
        impl BaggageValue for $float {
            const TYPE_NAME: &'static str = stringify!($float);
            const MAX_ENCODED_LEN: Option<usize> = Some($max_len);

            /// Writes the shortest form that reads back to the same number: plain decimal for
            /// magnitudes from 1e-5 up to 1e16 (as other SDKs print them), exponent form beyond,
            /// so that no value takes hundreds of digits.
            fn encode(&self, out: &mut String) -> Result<(), ValueError> {
                if !self.is_finite() {
                    return Err(ValueError::new(
                        Self::TYPE_NAME,
                        "NaN and infinities have no baggage form",
                    ));
                }
                let magnitude = self.abs();
                let _ = if magnitude == 0.0 || (1e-5..1e16).contains(&magnitude) {
                    write!(out, "{self}")
                } else {
                    write!(out, "{self:e}")
                };
                Ok(())
            }

            fn trace_value(&self) -> TraceValue<'_> {
                TraceValue::F64(f64::from(*self))
            }

            fn decode(value: &str) -> Result<Self, ValueError> {
                let number: $float = value
                    .parse()
                    .map_err(|_| ValueError::new(Self::TYPE_NAME, "not a decimal number"))?;
                if number.is_finite() {
                    Ok(number)
                } else {
                    Err(ValueError::new(
                        Self::TYPE_NAME,
                        "NaN and infinities are not accepted",
                    ))
                }
            }
        }
        impl ListItem for $float {}
    )*};
}

// f64: "-0.0000" and 17 significant digits, longer than any exponent form. f32: a sign and the
// 16 digits of a whole number just under 1e16.
floats!(f32 => 17, f64 => 24);

impl BaggageValue for bool {
    const TYPE_NAME: &'static str = "bool";
    const MAX_ENCODED_LEN: Option<usize> = Some(5);

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        out.push_str(if *self { "true" } else { "false" });
        Ok(())
    }

    fn trace_value(&self) -> TraceValue<'_> {
        TraceValue::Bool(*self)
    }

    /// Reads `true` and `false` in any ASCII case (Python's `str(True)` is `True`).
    fn decode(value: &str) -> Result<Self, ValueError> {
        match value {
            "true" => return Ok(true),
            "false" => return Ok(false),
            _ => {}
        }
        if value.eq_ignore_ascii_case("true") {
            Ok(true)
        } else if value.eq_ignore_ascii_case("false") {
            Ok(false)
        } else {
            Err(ValueError::new("bool", "not `true` or `false`"))
        }
    }
}
impl ListItem for bool {}

impl BaggageValue for char {
    const TYPE_NAME: &'static str = "char";
    // Four UTF-8 bytes, each percent-encoded.
    const MAX_ENCODED_LEN: Option<usize> = Some(12);

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        out.push(*self);
        Ok(())
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        let mut chars = value.chars();
        match (chars.next(), chars.next()) {
            (Some(character), None) => Ok(character),
            (None, _) => Err(ValueError::new("char", "the value is empty")),
            (Some(_), Some(_)) => Err(ValueError::new("char", "more than one character")),
        }
    }
}
impl ListItem for char {}

macro_rules! strings {
    ($($string:ty => $name:literal),*) => {$(
        impl BaggageValue for $string {
            const TYPE_NAME: &'static str = $name;
            const SCAN_PII: bool = true;

            fn encode(&self, out: &mut String) -> Result<(), ValueError> {
                out.push_str(self);
                Ok(())
            }

            fn decode(value: &str) -> Result<Self, ValueError> {
                Ok(value.into())
            }

            fn decode_owned(value: String) -> Result<Self, (ValueError, String)> {
                Ok(value.into())
            }

            fn trace_value(&self) -> TraceValue<'_> {
                TraceValue::Str(Cow::Borrowed(self))
            }
        }
        impl ListItem for $string {}
        impl SupportsMaxLen for $string {}
    )*};
}

strings!(String => "string", Box<str> => "string", Arc<str> => "string");

impl BaggageValue for Cow<'_, str> {
    const TYPE_NAME: &'static str = "string";
    const SCAN_PII: bool = true;

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        out.push_str(self);
        Ok(())
    }

    /// Always owned: the decoded value does not outlive the header it came from.
    fn decode(value: &str) -> Result<Self, ValueError> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn decode_owned(value: String) -> Result<Self, (ValueError, String)> {
        Ok(Cow::Owned(value))
    }
}
impl ListItem for Cow<'_, str> {}
impl SupportsMaxLen for Cow<'_, str> {}

macro_rules! addresses {
    ($($address:ty => $name:literal, $max_len:expr),*) => {$(
        impl BaggageValue for $address {
            const TYPE_NAME: &'static str = $name;
            const MAX_ENCODED_LEN: Option<usize> = Some($max_len);

            fn encode(&self, out: &mut String) -> Result<(), ValueError> {
                let _ = write!(out, "{self}");
                Ok(())
            }

            fn decode(value: &str) -> Result<Self, ValueError> {
                value
                    .parse()
                    .map_err(|_| ValueError::new($name, concat!("not an ", $name)))
            }
        }
        impl ListItem for $address {}
    )*};
}

// An IPv6 address is at most 8 groups of 4 hex digits and 7 colons, each colon encoded as `%3A`.
addresses!(
    Ipv4Addr => "IPv4 address", 15,
    Ipv6Addr => "IPv6 address", 53,
    IpAddr => "IP address", 53
);

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
fn read_wire_items<'a, T: BaggageValue>(
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
    matches!(after.as_bytes().get(..2), Some(b"2C" | b"2c" | b"25"))
}

/// Escapes, in the item written to `out` from `start` on, what a list reader must tell apart
/// from the item's text: every `,` as `%2C`, and a `%` only where `2C`, `2c` or `25` follows
/// it, as `%25`. Any other `%` stays as it is, so a list without a literal comma reads the same
/// in an SDK that splits the value at commas by hand.
fn escape_item_from(out: &mut String, start: usize) {
    let Some(item) = out.get(start..) else {
        return;
    };
    let needs_escape = |at: usize, byte: u8| match byte {
        b',' => true,
        b'%' => item.get(at + 1..).is_some_and(starts_item_escape),
        _ => false,
    };
    if !item
        .bytes()
        .enumerate()
        .any(|(at, byte)| needs_escape(at, byte))
    {
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

/// A [`BaggageValue`] that a struct with a lifetime reads borrowed from the header, through
/// [`BorrowBaggage::from_header_borrowed`](crate::BorrowBaggage::from_header_borrowed).
///
/// `Cow<'h, str>` points into the header when its value holds no percent escape and owns the
/// decoded text when it does; so do the items of `Vec<Cow<'h, str>>`; `Option`s of both read
/// the same way. Implemented for those types only.
///
/// ```
/// use std::borrow::Cow;
/// use baggage_core::BorrowBaggage;
/// # use baggage_core as baggage;
///
/// #[derive(baggage_derive::Baggage)]
/// # #[baggage(crate = "baggage_core")]
/// struct Request<'h> {
///     region: Cow<'h, str>,
///     features: Vec<Cow<'h, str>>,
/// }
///
/// let header = "region=us-west,features=new_checkout%2Cdark%20mode";
/// let request = Request::from_header_borrowed(header)?;
/// assert!(matches!(request.region, Cow::Borrowed("us-west")));
/// assert!(matches!(request.features[0], Cow::Borrowed("new_checkout")));
/// assert!(matches!(&request.features[1], Cow::Owned(item) if item == "dark mode"));
/// # Ok::<(), baggage_core::DecodeError>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read borrowed from the header",
    label = "this field's type uses the struct's lifetime, so it is read borrowed",
    note = "the types that borrow from the header are Cow<'h, str>, and Vec and Option of it; a field of any other type must not use the struct's lifetime"
)]
pub trait BorrowValue<'h>: BaggageValue + sealed::Sealed {
    /// Reads the value from its form on the wire, borrowing the header's text where it can.
    ///
    /// # Errors
    ///
    /// A value this type does not accept, as [`BaggageValue::decode`] says.
    fn decode_borrowed(value: WireValue<'h>) -> Result<Self, ValueError>;
}

mod sealed {
    use std::borrow::Cow;

    pub trait Sealed {}
    impl Sealed for Cow<'_, str> {}
    impl<T: Sealed> Sealed for Option<T> {}
    impl<T: Sealed> Sealed for Vec<T> {}
}

impl<'h> BorrowValue<'h> for Cow<'h, str> {
    #[inline]
    fn decode_borrowed(value: WireValue<'h>) -> Result<Self, ValueError> {
        Ok(value.decoded())
    }
}

impl<'h, T: BorrowValue<'h>> BorrowValue<'h> for Option<T> {
    #[inline]
    fn decode_borrowed(value: WireValue<'h>) -> Result<Self, ValueError> {
        match T::decode_borrowed(value) {
            Ok(value) => Ok(Some(value)),
            Err(_) if value.raw().is_empty() => Ok(None),
            Err(error) => Err(error),
        }
    }
}

impl<'h, T: BorrowValue<'h> + ListItem> BorrowValue<'h> for Vec<T> {
    fn decode_borrowed(value: WireValue<'h>) -> Result<Self, ValueError> {
        read_wire_items(value.raw(), value.is_escaped(), |item| {
            T::decode_borrowed(WireValue::new(item, false))
        })
    }
}

/// `None` is no member at all; `Some(v)` is `v`.
///
/// An empty value reads as `None` when `T` does not accept the empty string: a service with
/// nothing to say for `count` may write `count=`, and Node's SDK drops empty members anyway.
/// A `T` that accepts it keeps it: an `Option<String>` reads `Some("")`, an `Option<Vec<T>>`
/// `Some(vec![])`.
///
/// ```
/// use baggage_core::BaggageValue;
///
/// assert_eq!(Option::<u64>::decode("")?, None);
/// assert_eq!(Option::<u64>::decode("7")?, Some(7));
/// assert_eq!(Option::<String>::decode("")?, Some(String::new()));
/// assert!(Option::<u64>::decode("x").is_err());
/// # Ok::<(), baggage_core::ValueError>(())
/// ```
impl<T: BaggageValue> BaggageValue for Option<T> {
    const TYPE_NAME: &'static str = T::TYPE_NAME;
    const MAX_ENCODED_LEN: Option<usize> = T::MAX_ENCODED_LEN;
    const REQUIRED: bool = false;
    const SCAN_PII: bool = T::SCAN_PII;

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        match self {
            Some(value) => value.encode(out),
            None => Ok(()),
        }
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        match T::decode(value) {
            Ok(value) => Ok(Some(value)),
            Err(_) if value.is_empty() => Ok(None),
            Err(error) => Err(error),
        }
    }

    fn decode_owned(value: String) -> Result<Self, (ValueError, String)> {
        match T::decode_owned(value) {
            Ok(value) => Ok(Some(value)),
            Err((_, value)) if value.is_empty() => Ok(None),
            Err(error) => Err(error),
        }
    }

    fn decode_wire(value: WireValue<'_>) -> Result<Self, ValueError> {
        match value.is_escaped() {
            // An empty value is `None` or `T`'s, as `decode` reads it.
            false => Self::decode(value.raw()),
            // An escape decodes to at least one byte, so the value is not empty.
            true => T::decode_wire(value).map(Some),
        }
    }

    fn is_absent(&self) -> bool {
        self.as_ref().map_or(true, T::is_absent)
    }

    fn when_absent() -> Option<Self> {
        Some(None)
    }

    fn trace_value(&self) -> TraceValue<'_> {
        self.as_ref().map_or(TraceValue::Absent, T::trace_value)
    }
}
impl<T: SupportsMaxLen> SupportsMaxLen for Option<T> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded<T: BaggageValue>(value: &T) -> Result<String, ValueError> {
        let mut out = String::new();
        value.encode(&mut out).map(|()| out)
    }

    #[test]
    fn integers_write_their_decimal_form() {
        for (value, text) in [
            (0i64, "0"),
            (7, "7"),
            (-7, "-7"),
            (i64::MIN, "-9223372036854775808"),
        ] {
            assert_eq!(encoded(&value).unwrap(), text);
        }
        assert_eq!(encoded(&u64::MAX).unwrap(), "18446744073709551615");
        assert_eq!(encoded(&u128::MAX).unwrap(), u128::MAX.to_string());
        assert_eq!(encoded(&i128::MIN).unwrap(), i128::MIN.to_string());
        assert_eq!(encoded(&-1i8).unwrap(), "-1");
    }

    #[test]
    fn integer_bounds_are_their_longest_forms() {
        assert_eq!(u8::MAX_ENCODED_LEN, Some(3));
        assert_eq!(i8::MAX_ENCODED_LEN, Some(4));
        assert_eq!(u64::MAX_ENCODED_LEN, Some(u64::MAX.to_string().len()));
        assert_eq!(i64::MAX_ENCODED_LEN, Some(i64::MIN.to_string().len()));
        assert_eq!(i128::MAX_ENCODED_LEN, Some(i128::MIN.to_string().len()));
    }

    #[test]
    fn integer_errors_say_why() {
        assert_eq!(u8::decode("").unwrap_err().reason(), "the value is empty");
        assert_eq!(
            u8::decode("-1").unwrap_err().reason(),
            "not a decimal integer"
        );
        assert_eq!(
            i8::decode("-200").unwrap_err().reason(),
            "number too small for i8"
        );
        assert_eq!(
            NonZeroU32::decode("0").unwrap_err().reason(),
            "zero is not allowed"
        );
        assert_eq!(u32::decode("1.5").unwrap_err().expected(), "u32");
    }

    #[test]
    fn floats_use_plain_decimals_in_the_usual_range() {
        assert_eq!(encoded(&0.25f64).unwrap(), "0.25");
        assert_eq!(encoded(&-3.0f64).unwrap(), "-3");
        assert_eq!(encoded(&1e300f64).unwrap(), "1e300");
        assert_eq!(encoded(&1.5e-7f64).unwrap(), "1.5e-7");
        assert!(encoded(&f64::NAN).is_err());
        assert!(encoded(&f32::INFINITY).is_err());
        assert!(f64::decode("inf").is_err());
        assert!(f64::decode("NaN").is_err());
        assert!(f64::decode("1e400").is_err());
    }

    #[test]
    fn bools_read_python_spelling() {
        assert!(bool::decode("True").unwrap());
        assert!(!bool::decode("FALSE").unwrap());
        assert!(bool::decode("1").is_err());
        assert!(bool::decode("yes").is_err());
    }

    #[test]
    fn chars_are_one_character() {
        assert_eq!(char::decode("é").unwrap(), 'é');
        assert!(char::decode("").is_err());
        assert!(char::decode("ab").is_err());
    }

    #[test]
    fn list_items_escape_commas_and_percents_only() {
        assert_eq!(encoded(&Vec::<String>::new()).unwrap(), "");
        assert!(encoded(&vec![String::new()]).is_err());
        assert_eq!(encoded(&vec![String::new(), "a".into()]).unwrap(), ",a");
        assert_eq!(Vec::<String>::decode(",a").unwrap(), ["", "a"]);
        assert_eq!(Vec::<String>::decode("50%,%2c").unwrap(), ["50%", ","]);
        assert_eq!(Vec::<String>::decode("%41").unwrap(), ["%41"]);
        let error = Vec::<u8>::decode("1,x").unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected u8: list item 1: not a decimal integer"
        );
    }

    #[test]
    fn addresses_round_trip() {
        let v6: Ipv6Addr = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff".parse().unwrap();
        let text = encoded(&v6).unwrap();
        assert_eq!(crate::codec::encoded_value_len(&text), 53);
        assert!(IpAddr::decode("300.1.1.1").is_err());
    }

    /// What a type that says it is written unreserved writes: only unreserved bytes.
    fn assert_unreserved<T: BaggageValue>(
        value: &T,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        if let Ok(text) = encoded(value) {
            proptest::prop_assert!(
                text.bytes().all(baggage_rules::class::is_unreserved),
                "{} is written as {text:?}",
                T::TYPE_NAME
            );
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2_000,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        #[test]
        fn numbers_bools_and_ipv4_addresses_write_no_byte_to_escape(
            unsigned in proptest::prelude::any::<u128>(),
            signed in proptest::prelude::any::<i64>(),
            small in proptest::prelude::any::<i8>(),
            double in proptest::prelude::any::<f64>(),
            single in proptest::prelude::any::<f32>(),
            flag in proptest::prelude::any::<bool>(),
            address in proptest::prelude::any::<[u8; 4]>(),
        ) {
            assert_unreserved(&unsigned)?;
            assert_unreserved(&signed)?;
            assert_unreserved(&small)?;
            assert_unreserved(&NonZeroI64::new(signed))?;
            assert_unreserved(&double)?;
            assert_unreserved(&single)?;
            assert_unreserved(&flag)?;
            assert_unreserved(&Ipv4Addr::from(address))?;
            assert_unreserved(&Some(signed))?;
        }
    }

    #[test]
    fn option_is_absence() {
        assert!(None::<u8>.is_absent());
        assert!(!Some(1u8).is_absent());
        assert_eq!(Option::<u8>::when_absent(), Some(None));
        assert_eq!(u8::when_absent(), None);
    }
}
