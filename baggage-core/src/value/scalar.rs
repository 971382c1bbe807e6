//! [`BaggageValue`] for the scalars: integers, floats, `bool`, `char`, strings and IP addresses.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::num::{
    IntErrorKind, NonZeroI128, NonZeroI16, NonZeroI32, NonZeroI64, NonZeroI8, NonZeroIsize,
    NonZeroU128, NonZeroU16, NonZeroU32, NonZeroU64, NonZeroU8, NonZeroUsize,
};
use std::sync::Arc;
use std::time::Duration;

use super::{BaggageValue, ListItem, SupportsMaxLen, TraceValue, ValueKind};
use crate::error::ValueError;

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
            const KIND: &'static ValueKind = &ValueKind::Integer {
                signed: <$int>::MIN < 0,
                bits: <$int>::BITS,
                nonzero: false,
            };
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
            #[allow(unused_comparisons)]
            const KIND: &'static ValueKind = &ValueKind::Integer {
                signed: <$int>::MIN < 0,
                bits: <$int>::BITS,
                nonzero: true,
            };
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
            const KIND: &'static ValueKind = &ValueKind::Float {
                bits: (std::mem::size_of::<$float>() * 8) as u32,
            };
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
    const KIND: &'static ValueKind = &ValueKind::Bool;
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
    const KIND: &'static ValueKind = &ValueKind::Char;
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
            const KIND: &'static ValueKind = &ValueKind::Text;
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
    const KIND: &'static ValueKind = &ValueKind::Text;
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
    ($($address:ty => $name:literal, $format:literal, $max_len:expr),*) => {$(
        impl BaggageValue for $address {
            const TYPE_NAME: &'static str = $name;
            const KIND: &'static ValueKind = &ValueKind::Format($format);
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
    Ipv4Addr => "IPv4 address", "ipv4", 15,
    Ipv6Addr => "IPv6 address", "ipv6", 53,
    IpAddr => "IP address", "ip", 53
);

/// A socket address in its standard text form, as Rust, Python (`f"{host}:{port}"`,
/// `f"[{host}]:{port}"`) and URLs write it: `10.0.0.7:8080`, `[2001:db8::1]:443`, with an IPv6
/// scope as `[fe80::1%3]:443`.
///
/// The text form has no place for an IPv6 flow label: writing a `SocketAddrV6` whose flow
/// label is not 0 is an error, rather than a value that reads back different.
impl BaggageValue for SocketAddrV6 {
    const TYPE_NAME: &'static str = "IPv6 socket address";
    const KIND: &'static ValueKind = &ValueKind::Format("socketv6");
    // `[`, the address (53 encoded), `%` and a 10-digit scope, `]` and `:` (each escaped to 3
    // bytes), and a 5-digit port.
    const MAX_ENCODED_LEN: Option<usize> = Some(3 + 53 + 3 + 10 + 3 + 3 + 5);

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        if self.flowinfo() != 0 {
            return Err(ValueError::new(
                Self::TYPE_NAME,
                "the text form of a socket address has no flow label; clear it to send the address",
            ));
        }
        let _ = write!(out, "{self}");
        Ok(())
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        value.parse().map_err(|_| {
            ValueError::new(
                Self::TYPE_NAME,
                "not an IPv6 socket address ([address]:port)",
            )
        })
    }
}
impl ListItem for SocketAddrV6 {}

/// An IPv4 socket address, `address:port`.
impl BaggageValue for SocketAddrV4 {
    const TYPE_NAME: &'static str = "IPv4 socket address";
    const KIND: &'static ValueKind = &ValueKind::Format("socketv4");
    // The address (15), `:` escaped to 3 bytes, a 5-digit port.
    const MAX_ENCODED_LEN: Option<usize> = Some(15 + 3 + 5);

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        let _ = write!(out, "{self}");
        Ok(())
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        value.parse().map_err(|_| {
            ValueError::new(Self::TYPE_NAME, "not an IPv4 socket address (address:port)")
        })
    }
}
impl ListItem for SocketAddrV4 {}

/// Either socket address, as [`SocketAddrV4`] and [`SocketAddrV6`] write and read it.
impl BaggageValue for SocketAddr {
    const TYPE_NAME: &'static str = "socket address";
    const KIND: &'static ValueKind = &ValueKind::Format("socket");
    const MAX_ENCODED_LEN: Option<usize> = SocketAddrV6::MAX_ENCODED_LEN;

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        match self {
            Self::V4(address) => address.encode(out),
            Self::V6(address) => address.encode(out),
        }
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        value.parse().map_err(|_| {
            ValueError::new(
                Self::TYPE_NAME,
                "not a socket address (address:port, or [IPv6 address]:port)",
            )
        })
    }
}
impl ListItem for SocketAddr {}

/// A duration, written in seconds with its unit: `1.5s`, `0.00000025s`, `90s` (the shortest
/// decimal that is exact to the nanosecond).
///
/// Read with a unit always, since a bare `1500` could mean seconds or milliseconds: as this
/// crate writes it, or as Python (`f"{td.total_seconds()}s"`), JavaScript (`` `${ms}ms` ``) and Go
/// (`1m30s`, `1.5h`, `250ms`) write it, a Python float's exponent form included (`1e-06s`):
/// numbers with the units `h`, `m`, `s`, `ms`, `us` (or
/// `µs`) and `ns`, one after the other and added up; and ISO 8601 as Java's `Duration` and
/// JavaScript's `Temporal.Duration` write it (`PT1H30M`, `PT1.5S`). A value without a unit, more
/// precise than a nanosecond, negative, or past `Duration::MAX` is an error.
impl BaggageValue for Duration {
    const TYPE_NAME: &'static str = "duration";
    const KIND: &'static ValueKind = &ValueKind::Format("duration");
    // Up to 20 digits of seconds, `.`, 9 of nanoseconds and `s`, all written raw.
    const MAX_ENCODED_LEN: Option<usize> = Some(20 + 1 + 9 + 1);

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        let _ = write!(out, "{}", self.as_secs());
        let nanos = self.subsec_nanos();
        if nanos > 0 {
            let digits = format!("{nanos:09}");
            out.push('.');
            out.push_str(digits.trim_end_matches('0'));
        }
        out.push('s');
        Ok(())
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        parse_duration(value).map_err(|reason| ValueError::new(Self::TYPE_NAME, reason))
    }
}
impl ListItem for Duration {}

const NANOS_PER_SECOND: u128 = 1_000_000_000;

/// The length of the number `text` starts with: digits and `.`, and an exponent (`e-06`).
fn number_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    while bytes
        .get(at)
        .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
    {
        at += 1;
    }
    let exponent_digits = |from: usize| {
        let mut end = from;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        (end > from).then_some(end)
    };
    if at > 0 && matches!(bytes.get(at), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(at + 1), Some(b'+' | b'-')));
        if let Some(end) = exponent_digits(at + 1 + sign) {
            return end;
        }
    }
    at
}

/// Reads a duration as [`Duration`'s `BaggageValue`](BaggageValue) documents it.
fn parse_duration(text: &str) -> Result<Duration, &'static str> {
    if text.is_empty() {
        return Err("the value is empty; write a number with its unit, as 1.5s or 250ms");
    }
    let (rest, units): (&str, &[(&str, u128)]) = match text.strip_prefix("PT") {
        Some(iso) => (
            iso,
            &[
                ("H", 3_600 * NANOS_PER_SECOND),
                ("M", 60 * NANOS_PER_SECOND),
                ("S", NANOS_PER_SECOND),
            ],
        ),
        None => (
            text,
            &[
                ("h", 3_600 * NANOS_PER_SECOND),
                ("ms", 1_000_000),
                ("m", 60 * NANOS_PER_SECOND),
                ("s", NANOS_PER_SECOND),
                ("us", 1_000),
                ("µs", 1_000),
                ("ns", 1),
            ],
        ),
    };
    let mut rest = rest;
    let mut total: u128 = 0;
    if rest.is_empty() {
        return Err("an ISO 8601 duration needs a part after PT, as PT1.5S");
    }
    while !rest.is_empty() {
        if rest.starts_with('-') {
            return Err("a duration cannot be negative");
        }
        let number_len = number_len(rest);
        let (number, after) = rest.split_at(number_len);
        if number.is_empty() {
            return Err("expected a number before each unit, as 1.5s or 1m30s");
        }
        let Some(&(unit, unit_nanos)) = units.iter().find(|(unit, _)| after.starts_with(unit))
        else {
            return Err(if after.is_empty() {
                "a duration needs a unit (h, m, s, ms, us, ns), as 1.5s or 1500ms: a bare number could be seconds or milliseconds"
            } else {
                "not a duration unit; the units are h, m, s, ms, us, ns (H, M, S after PT)"
            });
        };
        total = total
            .checked_add(number_nanos(number, unit_nanos)?)
            .ok_or("the duration is too long")?;
        rest = after.get(unit.len()..).unwrap_or_default();
    }
    let seconds =
        u64::try_from(total / NANOS_PER_SECOND).map_err(|_| "the duration is too long")?;
    // The remainder of a division by 10^9 fits a u32.
    let nanos = u32::try_from(total % NANOS_PER_SECOND).map_err(|_| "the duration is too long")?;
    Ok(Duration::new(seconds, nanos))
}

/// `number` of a unit of `unit_nanos` nanoseconds, exactly: digits, an optional fraction and an
/// optional exponent (`1e-06`, as Python writes small floats).
fn number_nanos(number: &str, unit_nanos: u128) -> Result<u128, &'static str> {
    const NOT_A_NUMBER: &str = "not a decimal number, as 1.5, 250 or 1e-06";
    let (mantissa, exponent) = match number.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => {
            let exponent: i32 = exponent.parse().map_err(|_| NOT_A_NUMBER)?;
            (mantissa, exponent)
        }
        None => (number, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return Err(NOT_A_NUMBER);
    }
    if mantissa.ends_with('.') {
        return Err(NOT_A_NUMBER);
    }
    let fraction = fraction.trim_end_matches('0');
    let digits = format!("{}{fraction}", whole.trim_start_matches('0'));
    // 30 significant digits of a unit of at most an hour are far past Duration::MAX or far
    // below a nanosecond.
    if digits.len() > 30 || !(-60..=60).contains(&exponent) {
        return Err("the duration is too long, or more precise than a nanosecond");
    }
    let significand: u128 = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| NOT_A_NUMBER)?
    };
    // The value is significand × 10^(exponent − fraction digits) units.
    let shift = exponent - fraction.len() as i32;
    let scaled = significand
        .checked_mul(unit_nanos)
        .ok_or("the duration is too long")?;
    if shift >= 0 {
        let factor = 10u128
            .checked_pow(shift.unsigned_abs())
            .ok_or("the duration is too long")?;
        return scaled.checked_mul(factor).ok_or("the duration is too long");
    }
    let divisor = 10u128
        .checked_pow(shift.unsigned_abs())
        .ok_or("more precise than a nanosecond")?;
    if scaled % divisor != 0 {
        return Err("more precise than a nanosecond");
    }
    Ok(scaled / divisor)
}

/// A UUID (feature `uuid`), hyphenated in lowercase as Python's `str(uuid4())`, JavaScript's
/// `crypto.randomUUID()`, Java's `UUID.toString()` and .NET's `Guid.ToString()` write it:
/// `67e55044-10b1-426f-9247-bb680e5fe0c8`.
///
/// Read in that form in either case, or as the 32 hexadecimal digits alone; the braced and
/// `urn:uuid:` forms, which no SDK puts in baggage, are refused.
#[cfg(feature = "uuid")]
#[cfg_attr(docsrs, doc(cfg(feature = "uuid")))]
impl BaggageValue for uuid::Uuid {
    const TYPE_NAME: &'static str = "UUID";
    const KIND: &'static ValueKind = &ValueKind::Format("uuid");
    // Hexadecimal digits and hyphens, all written raw.
    const MAX_ENCODED_LEN: Option<usize> = Some(36);

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        let mut buffer = uuid::Uuid::encode_buffer();
        out.push_str(self.hyphenated().encode_lower(&mut buffer));
        Ok(())
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        const EXPECTED: &str =
            "not a UUID: expected 8-4-4-4-12 hexadecimal digits (or the 32 digits alone)";
        if value.len() != 36 && value.len() != 32 {
            return Err(ValueError::new(Self::TYPE_NAME, EXPECTED));
        }
        uuid::Uuid::try_parse(value).map_err(|_| ValueError::new(Self::TYPE_NAME, EXPECTED))
    }
}
#[cfg(feature = "uuid")]
impl ListItem for uuid::Uuid {}

/// What an RFC 3339 reader says of a time without an offset, such as Python's naive
/// `datetime.isoformat()`.
#[cfg(any(feature = "chrono", feature = "time"))]
const RFC3339_EXPECTED: &str =
    "not an RFC 3339 date and time with an offset, as 2024-05-01T12:30:00Z \
     or 2024-05-01T12:30:00.250+02:00 (Python: datetime.now(timezone.utc).isoformat(); JavaScript: \
     date.toISOString())";

/// Refuses a time with more fractional digits than nanoseconds, which the RFC 3339 parsers of
/// chrono and time would cut without a word.
#[cfg(any(feature = "chrono", feature = "time"))]
fn check_fraction_digits(value: &str) -> Result<(), &'static str> {
    let Some((_, after)) = value.split_once('.') else {
        return Ok(());
    };
    match after.bytes().take_while(u8::is_ascii_digit).count() {
        0..=9 => Ok(()),
        _ => Err("more precise than a nanosecond: at most 9 fractional digits"),
    }
}

/// A UTC date and time (feature `chrono`), in RFC 3339 with `Z` and as many fractional digits as
/// it has (none, 3, 6 or 9): `2024-05-01T12:30:00Z`, `2024-05-01T12:30:00.250Z`.
///
/// Read as RFC 3339 with any offset, converted to UTC: what JavaScript's `toISOString()`
/// (`…T12:30:00.000Z`) and Python's `isoformat()` of an aware datetime (`…T12:30:00+00:00`)
/// write. A time without an offset (a naive Python datetime) is refused: it names no instant.
#[cfg(feature = "chrono")]
#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl BaggageValue for chrono::DateTime<chrono::Utc> {
    const TYPE_NAME: &'static str = "RFC 3339 date and time";
    const KIND: &'static ValueKind = &ValueKind::Format("datetime");
    // `+` and six digits of year, `-MM-DDTHH`, `:MM:SS` (each `:` escaped to 3 bytes), nine
    // fractional digits and `Z`.
    const MAX_ENCODED_LEN: Option<usize> = Some(3 + 6 + 9 + 3 + 2 + 3 + 2 + 10 + 1);

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        use chrono::Datelike;
        // chrono writes other years with a sign or more digits, which RFC 3339 readers refuse.
        if !(0..=9999).contains(&self.year()) {
            return Err(ValueError::new(
                Self::TYPE_NAME,
                "RFC 3339 cannot express this date and time: its year is outside 0000-9999",
            ));
        }
        out.push_str(&self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
        Ok(())
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        check_fraction_digits(value).map_err(|reason| ValueError::new(Self::TYPE_NAME, reason))?;
        chrono::DateTime::parse_from_rfc3339(value)
            .map(|time| time.with_timezone(&chrono::Utc))
            .map_err(|_| ValueError::new(Self::TYPE_NAME, RFC3339_EXPECTED))
    }
}
#[cfg(feature = "chrono")]
impl ListItem for chrono::DateTime<chrono::Utc> {}

/// A date and time with its offset (feature `time`), in RFC 3339 as it is:
/// `2024-05-01T12:30:00Z`, `2024-05-01T14:30:00.25+02:00`; read back with the same offset.
///
/// Read as RFC 3339 (what `toISOString()` and an aware Python `isoformat()` write). A time
/// without an offset is refused, and so, on writing, is a year outside 0000–9999, which RFC
/// 3339 cannot express.
#[cfg(feature = "time")]
#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl BaggageValue for time::OffsetDateTime {
    const TYPE_NAME: &'static str = "RFC 3339 date and time";
    const KIND: &'static ValueKind = &ValueKind::Format("datetime");
    // `YYYY-MM-DDTHH`, `:MM:SS` (each `:` escaped to 3 bytes), nine fractional digits, and an
    // offset `+HH:MM` (its `+` and `:` escaped).
    const MAX_ENCODED_LEN: Option<usize> = Some(13 + 3 + 2 + 3 + 2 + 10 + 3 + 2 + 3 + 2);

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        let text = self
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|_| {
                ValueError::new(
                    Self::TYPE_NAME,
                    "RFC 3339 cannot express this date and time (its year is outside 0000-9999, or its offset has seconds)",
                )
            })?;
        out.push_str(&text);
        Ok(())
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        check_fraction_digits(value).map_err(|reason| ValueError::new(Self::TYPE_NAME, reason))?;
        time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339)
            .map_err(|_| ValueError::new(Self::TYPE_NAME, RFC3339_EXPECTED))
    }
}
#[cfg(feature = "time")]
impl ListItem for time::OffsetDateTime {}
