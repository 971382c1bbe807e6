//! [`BaggageValue`] for the scalars: integers, floats, `bool`, `char` and strings.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::num::{
    IntErrorKind, NonZeroI128, NonZeroI16, NonZeroI32, NonZeroI64, NonZeroI8, NonZeroIsize,
    NonZeroU128, NonZeroU16, NonZeroU32, NonZeroU64, NonZeroU8, NonZeroUsize,
};
use std::sync::Arc;

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
