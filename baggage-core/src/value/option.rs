//! [`BaggageValue`] for `Option<T>`: a member that may be absent.

use super::{BaggageValue, SupportsMaxLen, TraceValue, ValueKind};
use crate::codec::WireValue;
use crate::error::ValueError;

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
    const KIND: &'static ValueKind = T::KIND;
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
