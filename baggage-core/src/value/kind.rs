//! [`ValueKind`]: what values a [`BaggageValue`](super::BaggageValue) writes and reads, in a form
//! a check across services can compare without the Rust types.

/// The values a [`BaggageValue`](super::BaggageValue) type writes and accepts, as
/// [`FieldSchema::kind`](crate::FieldSchema::kind) describes a field.
///
/// Two services that agree on a key agree on its kind: a writer of `Integer { signed: true, .. }`
/// and a reader of `Integer { signed: false, .. }` disagree on negative numbers. The fleet check
/// of the facade's `contract` feature compares kinds this way.
///
/// ```
/// use baggage_core::{BaggageValue, ValueKind};
///
/// assert_eq!(
///     *u8::KIND,
///     ValueKind::Integer { signed: false, bits: 8, nonzero: false }
/// );
/// assert_eq!(*Vec::<bool>::KIND, ValueKind::List(&ValueKind::Bool));
/// assert_eq!(*Option::<String>::KIND, ValueKind::Text);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValueKind {
    /// A decimal integer of `bits` bits, signed or not; `nonzero` for the `NonZero*` types.
    Integer {
        /// Whether negative values are written and read.
        signed: bool,
        /// The width: 8 to 128 (`usize` and `isize` as the target's).
        bits: u32,
        /// Whether 0 is refused.
        nonzero: bool,
    },
    /// A finite float of `bits` bits (32 or 64), in decimal or exponent form.
    Float {
        /// 32 or 64.
        bits: u32,
    },
    /// `true` or `false`.
    Bool,
    /// One character.
    Char,
    /// Any text.
    Text,
    /// An enum of unit variants (`#[derive(BaggageValue)]`).
    Enum {
        /// The enum's name.
        name: &'static str,
        /// The names its variants are written as, in declaration order.
        variants: &'static [&'static str],
        /// How a value that names no variant reads.
        catch_all: CatchAll,
    },
    /// Items joined by `,`.
    List(&'static ValueKind),
    /// A value of a fixed text format: `"uuid"`, `"datetime"` (RFC 3339), `"duration"`,
    /// `"ip"`, `"ipv4"`, `"ipv6"`, `"socket"`, `"socketv4"`, `"socketv6"`.
    Format(&'static str),
    /// A type that describes its values no further: a hand-written
    /// [`BaggageValue`](super::BaggageValue) or a field converted by `#[baggage(with = "…")]`.
    Opaque,
}

/// How an enum reads a value that names none of its variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CatchAll {
    /// It refuses the value: the enum has no `#[baggage(other)]` variant.
    None,
    /// A unit `#[baggage(other)]` variant reads it, and writes its own name.
    Unit,
    /// A `#[baggage(other)] Other(T)` variant holds it when `T` reads it (of this kind), and
    /// writes it back as it came: the enum may write values that are not variant names.
    Holds(&'static ValueKind),
}

impl ValueKind {
    /// The kind of a `#[derive(BaggageValue)]` enum.
    pub const fn enumeration(
        name: &'static str,
        variants: &'static [&'static str],
        catch_all: CatchAll,
    ) -> Self {
        Self::Enum {
            name,
            variants,
            catch_all,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr, SocketAddr};
    use std::num::{NonZeroI16, NonZeroU64};
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;
    use crate::BaggageValue;

    #[test]
    fn every_builtin_type_names_its_kind() {
        let integer = |signed, bits, nonzero| ValueKind::Integer {
            signed,
            bits,
            nonzero,
        };
        assert_eq!(*u8::KIND, integer(false, 8, false));
        assert_eq!(*u128::KIND, integer(false, 128, false));
        assert_eq!(*i32::KIND, integer(true, 32, false));
        assert_eq!(*usize::KIND, integer(false, usize::BITS, false));
        assert_eq!(*isize::KIND, integer(true, isize::BITS, false));
        assert_eq!(*NonZeroU64::KIND, integer(false, 64, true));
        assert_eq!(*NonZeroI16::KIND, integer(true, 16, true));
        assert_eq!(*f32::KIND, ValueKind::Float { bits: 32 });
        assert_eq!(*f64::KIND, ValueKind::Float { bits: 64 });
        assert_eq!(*bool::KIND, ValueKind::Bool);
        assert_eq!(*char::KIND, ValueKind::Char);
        assert_eq!(*String::KIND, ValueKind::Text);
        assert_eq!(*Arc::<str>::KIND, ValueKind::Text);
        assert_eq!(*std::borrow::Cow::<str>::KIND, ValueKind::Text);
        assert_eq!(*IpAddr::KIND, ValueKind::Format("ip"));
        assert_eq!(*Ipv4Addr::KIND, ValueKind::Format("ipv4"));
        assert_eq!(*SocketAddr::KIND, ValueKind::Format("socket"));
        assert_eq!(*Duration::KIND, ValueKind::Format("duration"));
        const U16: ValueKind = ValueKind::Integer {
            signed: false,
            bits: 16,
            nonzero: false,
        };
        assert_eq!(*Vec::<u16>::KIND, ValueKind::List(&U16));
        assert_eq!(
            *Option::<Vec<char>>::KIND,
            ValueKind::List(&ValueKind::Char)
        );
    }
}
