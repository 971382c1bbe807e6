//! Whether what one member writes, another reads: the rules the fleet check and the diff share.
//!
//! A type has two sets of values: those it *writes* and those it *accepts*. They are the same
//! for every type but enums: an enum writes its variant names (and, with an `Other(T)`
//! catch-all, what `T` writes), and accepts its names in any ASCII case plus whatever its
//! catch-all reads (everything for a unit `other`, what `T` accepts for `Other(T)`).
//! - [`type_compat`]: a writer's values ⊆ a reader's (the fleet check).
//! - [`writes_within`]: a new writer's values ⊆ the old writer's (the diff of what is written).
//! - [`accepts_within`]: an old reader's values ⊆ the new reader's (the diff of what is read).

use super::manifest::MemberContract;
use super::value_type::{CatchAllMode, ValueType};

/// What a reader makes of a writer's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Compat {
    /// Every value the writer writes, the reader accepts.
    Accepts,
    /// Some value the writer may write, the reader refuses: why.
    Refuses(String),
    /// The types say too little to tell (an opaque type on one side): why.
    Unknown(String),
}

impl Compat {
    /// Both hold: the first that does not.
    fn and(self, other: impl FnOnce() -> Compat) -> Compat {
        match self {
            Compat::Accepts => other(),
            refused => refused,
        }
    }
}

/// Whether a reader of `reader` accepts every value a writer of `writer` writes, its `max_len`
/// included.
pub(crate) fn member_compat(writer: &MemberContract, reader: &MemberContract) -> Compat {
    match type_compat(writer.value_type(), reader.value_type()) {
        Compat::Accepts => {}
        other => return other,
    }
    match (reader.max_len(), writer_max_len(writer)) {
        (Some(limit), Some(longest)) if longest > limit => Compat::Refuses(format!(
            "values up to {longest} bytes, above the reader's `max_len = {limit}`"
        )),
        (Some(limit), None) => Compat::Refuses(format!(
            "values of any length, and the reader refuses those over `max_len = {limit}`"
        )),
        _ => Compat::Accepts,
    }
}

/// The longest decoded value a writer writes, when bounded: its `max_len`, its type's longest
/// text, or its longest encoding (decoding never lengthens a value).
fn writer_max_len(writer: &MemberContract) -> Option<usize> {
    writer
        .max_len()
        .or_else(|| decoded_bound(writer.value_type()))
        .or_else(|| writer.max_encoded_len())
}

fn decoded_bound(value_type: &ValueType) -> Option<usize> {
    match value_type {
        ValueType::Bool => Some(5),
        ValueType::Char => Some(4),
        ValueType::Integer { bits, signed, .. } => {
            let longest = match signed {
                true => i128::MIN
                    .checked_shr(128 - (*bits).min(128))?
                    .to_string()
                    .len(),
                false => largest(false, *bits)?.len(),
            };
            Some(longest)
        }
        ValueType::Enum {
            variants,
            catch_all,
            ..
        } if *catch_all != CatchAllMode::Holds => variants.iter().map(String::len).max(),
        _ => None,
    }
}

/// Whether a reader of type `reader` accepts every value a writer of type `writer` writes.
pub(crate) fn type_compat(writer: &ValueType, reader: &ValueType) -> Compat {
    use ValueType as T;
    match (writer, reader) {
        (
            T::Opaque {
                rust_type: w,
                with: w_with,
            },
            T::Opaque {
                rust_type: r,
                with: r_with,
            },
        ) if w == r && w_with == r_with => Compat::Accepts,
        // A list is one value to every reader but a list: its items would be read as one.
        (T::List { item: w }, T::List { item: r }) => match type_compat(w, r) {
            Compat::Refuses(why) => Compat::Refuses(format!("list items: {why}")),
            other => other,
        },
        (T::List { .. }, T::Text | T::Enum { .. }) => Compat::Refuses(
            "a list, and the reader reads one value: `a,b` would read as the single value `a,b`"
                .into(),
        ),
        (_, T::Text) => Compat::Accepts,
        (T::Opaque { .. }, _) | (_, T::Opaque { .. }) => Compat::Unknown(format!(
            "{writer} and {reader}: the check cannot see what an opaque type accepts"
        )),
        (T::List { .. }, _) => Compat::Refuses(
            "a list, and the reader reads one value: a value with two items fails to decode".into(),
        ),
        (T::Text | T::Char, T::List { .. }) => Compat::Refuses(
            "one text, and the reader reads a list: a text with a `,` reads as several items"
                .into(),
        ),
        (
            T::Enum {
                variants, holds, ..
            },
            _,
        ) => {
            let names = names_compat(variants, reader);
            match holds {
                Some(held) => names.and(|| match type_compat(held, reader) {
                    Compat::Refuses(why) => {
                        Compat::Refuses(format!("what its catch-all holds: {why}"))
                    }
                    other => other,
                }),
                None => names,
            }
        }
        (scalar, T::List { item }) => match type_compat(scalar, item) {
            Compat::Refuses(why) => Compat::Refuses(format!("as a list item: {why}")),
            other => other,
        },
        (
            _,
            T::Enum {
                catch_all: CatchAllMode::Unit,
                ..
            },
        ) => Compat::Accepts,
        (
            _,
            T::Enum {
                catch_all: CatchAllMode::Holds,
                holds: Some(held),
                variants,
                ..
            },
        ) => match type_compat(writer, held) {
            Compat::Refuses(why) => Compat::Refuses(format!(
                "{why}, and the reader's catch-all holds only {held} (its names: {})",
                quoted_all(variants)
            )),
            other => other,
        },
        (_, T::Enum { variants, .. }) => Compat::Refuses(format!(
            "any {writer}, and the reader accepts only {} (no catch-all)",
            quoted_all(variants)
        )),
        (
            T::Integer {
                signed: ws,
                bits: wb,
                nonzero: wz,
            },
            T::Integer {
                signed: rs,
                bits: rb,
                nonzero: rz,
            },
        ) => {
            if *ws && !*rs {
                return Compat::Refuses("negative numbers, and the reader is unsigned".into());
            }
            let fits = match (*ws, *rs) {
                (false, true) => wb < rb,
                _ => wb <= rb,
            };
            if !fits {
                let largest = largest(*ws, *wb).unwrap_or_else(|| format!("{wb}-bit numbers"));
                return Compat::Refuses(format!(
                    "numbers up to {largest}, beyond the reader's {reader}"
                ));
            }
            if *rz && !*wz {
                return Compat::Refuses("0, which the reader's non-zero type refuses".into());
            }
            Compat::Accepts
        }
        // The largest u128 is beyond f32's range: it reads as infinite, which is refused.
        (
            T::Integer {
                signed: false,
                bits: 128,
                ..
            },
            T::Float { bits: 32 },
        ) => Compat::Refuses(
            "numbers beyond f32's range, which read as infinite and are refused".into(),
        ),
        // A decimal integer reads as a float; past 2^53 it rounds, as a JSON number does.
        (T::Integer { .. }, T::Float { .. }) => Compat::Accepts,
        (T::Float { bits: wb }, T::Float { bits: rb }) if wb <= rb => Compat::Accepts,
        (T::Float { .. }, T::Float { .. }) => Compat::Refuses(
            "f64 values beyond f32's range, which read as infinite and are refused".into(),
        ),
        (T::Bool, T::Bool) | (T::Char, T::Char) => Compat::Accepts,
        (T::Format { format: w }, T::Format { format: r }) if format_fits(w, r) => Compat::Accepts,
        _ => Compat::Refuses(format!("{writer} values that are not {reader}")),
    }
}

/// Whether a reader of `reader` accepts each of an enum's written `names`.
fn names_compat(names: &[String], reader: &ValueType) -> Compat {
    let refused: Vec<&str> = names
        .iter()
        .filter(|name| !accepts_text(reader, name))
        .map(String::as_str)
        .collect();
    if refused.is_empty() {
        return Compat::Accepts;
    }
    let why = match reader {
        ValueType::Enum { .. } => {
            "which the reader's enum does not have, and no catch-all of it reads"
        }
        _ => "which are not values of the reader's type",
    };
    Compat::Refuses(format!("{}, {why}", quoted(&refused)))
}

/// Whether a reader of `reader` accepts the text `value`.
pub(crate) fn accepts_text(reader: &ValueType, value: &str) -> bool {
    use ValueType as T;
    match reader {
        T::Text => true,
        T::Char => value.chars().count() == 1,
        T::Bool => value == "true" || value == "false",
        T::Float { .. } => value.parse::<f64>().is_ok_and(f64::is_finite),
        T::Integer {
            signed,
            bits,
            nonzero,
        } => value.parse::<i128>().map_or_else(
            |_| !signed && *bits == 128 && value.parse::<u128>().is_ok_and(|n| n > 0 || !nonzero),
            |n| {
                let in_range = match (signed, largest(*signed, *bits)) {
                    (_, None) => false,
                    (true, Some(max)) => max
                        .parse::<i128>()
                        .is_ok_and(|max| n <= max && n >= -max - 1),
                    (false, Some(max)) => {
                        n >= 0 && max.parse::<u128>().is_ok_and(|max| n as u128 <= max)
                    }
                };
                in_range && (n != 0 || !nonzero)
            },
        ),
        T::Enum {
            variants,
            catch_all,
            holds,
            ..
        } => {
            variants.iter().any(|v| v.eq_ignore_ascii_case(value))
                || *catch_all == CatchAllMode::Unit
                || holds
                    .as_deref()
                    .is_some_and(|held| accepts_text(held, value))
        }
        T::List { item } => value
            .split(',')
            .all(|item_text| accepts_text(item, item_text)),
        // A format's texts, or an opaque type's, cannot be checked without its parser.
        _ => false,
    }
}

/// Whether every value a writer of `new` writes, a writer of `old` wrote too.
pub(crate) fn writes_within(new: &ValueType, old: &ValueType) -> Compat {
    type_compat(new, &as_written(old))
}

/// A reader that accepts exactly what a writer of `value_type` writes: an enum without the
/// catch-all that makes it accept more (its unit `other`'s name is one of its names).
fn as_written(value_type: &ValueType) -> ValueType {
    match value_type {
        ValueType::Enum {
            name,
            variants,
            holds,
            ..
        } => ValueType::Enum {
            name: name.clone(),
            variants: variants.clone(),
            catch_all: match holds {
                Some(_) => CatchAllMode::Holds,
                None => CatchAllMode::None,
            },
            holds: holds.as_deref().map(|held| Box::new(as_written(held))),
        },
        ValueType::List { item } => ValueType::List {
            item: Box::new(as_written(item)),
        },
        other => other.clone(),
    }
}

/// Whether a reader of `new` accepts every value a reader of `old` accepted.
pub(crate) fn accepts_within(old: &ValueType, new: &ValueType) -> Compat {
    use ValueType as T;
    match (old, new) {
        (
            T::Enum {
                variants,
                catch_all,
                holds,
                ..
            },
            _,
        ) => {
            let names = names_compat(variants, new);
            names.and(|| match (catch_all, holds) {
                (CatchAllMode::Unit, _) => match accepts_any_text(new) {
                    true => Compat::Accepts,
                    false => Compat::Refuses(
                        "any value, which the old catch-all read and the new type does not".into(),
                    ),
                },
                (_, Some(held)) => accepts_within(held, new),
                _ => Compat::Accepts,
            })
        }
        (T::List { item: o }, T::List { item: n }) => accepts_within(o, n),
        // Text reads every value: a list's text too.
        (_, T::Text) => Compat::Accepts,
        _ => type_compat(old, new),
    }
}

/// Whether a reader of `reader` accepts any text at all.
fn accepts_any_text(reader: &ValueType) -> bool {
    match reader {
        ValueType::Text => true,
        ValueType::Enum {
            catch_all, holds, ..
        } => *catch_all == CatchAllMode::Unit || holds.as_deref().is_some_and(accepts_any_text),
        _ => false,
    }
}

/// Formats whose values the other reads: the same one, or an address of one family read as
/// any address.
fn format_fits(writer: &str, reader: &str) -> bool {
    writer == reader
        || matches!(
            (writer, reader),
            ("ipv4" | "ipv6", "ip") | ("socketv4" | "socketv6", "socket")
        )
}

/// The largest value of an integer type, as text; `None` for a width no integer type has.
fn largest(signed: bool, bits: u32) -> Option<String> {
    let magnitude_bits = bits
        .checked_sub(u32::from(signed))
        .filter(|&b| b > 0 && bits <= 128)?;
    let largest = match magnitude_bits {
        128 => u128::MAX,
        bits => (1u128 << bits) - 1,
    };
    Some(largest.to_string())
}

pub(crate) fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn quoted_all(items: &[String]) -> String {
    quoted(&items.iter().map(String::as_str).collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(signed: bool, bits: u32) -> ValueType {
        ValueType::Integer {
            signed,
            bits,
            nonzero: false,
        }
    }

    fn enumeration(
        variants: &[&str],
        catch_all: CatchAllMode,
        holds: Option<ValueType>,
    ) -> ValueType {
        ValueType::Enum {
            name: "E".into(),
            variants: variants.iter().map(|v| (*v).to_owned()).collect(),
            catch_all,
            holds: holds.map(Box::new),
        }
    }

    #[test]
    fn integer_ranges_nest() {
        assert_eq!(
            type_compat(&int(false, 8), &int(false, 64)),
            Compat::Accepts
        );
        assert_eq!(
            type_compat(&int(false, 32), &int(true, 64)),
            Compat::Accepts
        );
        assert_eq!(type_compat(&int(true, 16), &int(true, 16)), Compat::Accepts);
        assert!(matches!(
            type_compat(&int(false, 64), &int(true, 64)),
            Compat::Refuses(why) if why.contains("18446744073709551615")
        ));
        assert!(matches!(
            type_compat(&int(true, 8), &int(false, 64)),
            Compat::Refuses(why) if why.contains("negative")
        ));
        assert!(matches!(
            type_compat(&int(false, 128), &int(false, 64)),
            Compat::Refuses(why) if why.contains(&u128::MAX.to_string())
        ));
        assert!(matches!(
            type_compat(&int(true, 128), &int(true, 64)),
            Compat::Refuses(why) if why.contains(&i128::MAX.to_string())
        ));
        let nonzero = ValueType::Integer {
            signed: false,
            bits: 32,
            nonzero: true,
        };
        assert!(matches!(
            type_compat(&int(false, 16), &nonzero),
            Compat::Refuses(why) if why.contains("0, which")
        ));
        assert_eq!(type_compat(&nonzero, &int(false, 32)), Compat::Accepts);
    }

    #[test]
    fn floats_take_integers_within_their_range() {
        let f32 = ValueType::Float { bits: 32 };
        let f64 = ValueType::Float { bits: 64 };
        assert_eq!(type_compat(&int(true, 128), &f32), Compat::Accepts);
        assert!(matches!(
            type_compat(&int(false, 128), &f32),
            Compat::Refuses(_)
        ));
        assert_eq!(type_compat(&int(false, 128), &f64), Compat::Accepts);
        assert!(matches!(type_compat(&f64, &f32), Compat::Refuses(_)));
        assert_eq!(type_compat(&f32, &f64), Compat::Accepts);
    }

    #[test]
    fn widths_no_integer_has_are_not_a_crash() {
        for (signed, bits) in [(true, 0), (false, 0), (true, 200), (false, 129), (true, 1)] {
            let odd = int(signed, bits);
            let _ = type_compat(&odd, &int(false, 64));
            let _ = type_compat(&int(false, 64), &odd);
            let _ = decoded_bound(&odd);
            let _ = accepts_text(&odd, "7");
        }
    }

    #[test]
    fn decoded_bounds_of_integers_are_their_longest_decimals() {
        for (signed, bits, longest) in [
            (false, 8, u8::MAX.to_string().len()),
            (true, 8, i8::MIN.to_string().len()),
            (false, 64, u64::MAX.to_string().len()),
            (true, 64, i64::MIN.to_string().len()),
            (false, 128, u128::MAX.to_string().len()),
            (true, 128, i128::MIN.to_string().len()),
        ] {
            assert_eq!(decoded_bound(&int(signed, bits)), Some(longest), "{bits}");
        }
    }

    #[test]
    fn a_catch_all_accepts_what_it_holds_and_writes_it() {
        let codes = enumeration(&["ok"], CatchAllMode::Holds, Some(int(false, 16)));
        assert!(matches!(
            type_compat(&ValueType::Text, &codes),
            Compat::Refuses(_)
        ));
        assert_eq!(type_compat(&int(false, 8), &codes), Compat::Accepts);
        // As a writer, it writes its names and any u16.
        assert_eq!(type_compat(&codes, &ValueType::Text), Compat::Accepts);
        assert!(matches!(
            type_compat(&codes, &int(false, 8)),
            Compat::Refuses(_)
        ));
        let wider = enumeration(&["ok"], CatchAllMode::Holds, Some(int(false, 32)));
        assert_eq!(type_compat(&codes, &wider), Compat::Accepts);
    }

    #[test]
    fn enum_names_are_values_of_other_types_when_they_read_as_such() {
        let flags = enumeration(&["true", "false"], CatchAllMode::None, None);
        assert_eq!(type_compat(&flags, &ValueType::Bool), Compat::Accepts);
        let levels = enumeration(&["1", "2", "300"], CatchAllMode::None, None);
        assert!(matches!(
            type_compat(&levels, &int(false, 8)),
            Compat::Refuses(why) if why.starts_with("`300`")
        ));
        assert_eq!(type_compat(&levels, &int(false, 16)), Compat::Accepts);
    }

    #[test]
    fn removing_a_unit_catch_all_narrows_what_is_read_but_not_what_is_written() {
        let open = enumeration(&["low", "unknown"], CatchAllMode::Unit, None);
        let closed = enumeration(&["low", "unknown"], CatchAllMode::None, None);
        assert!(matches!(accepts_within(&open, &closed), Compat::Refuses(_)));
        assert_eq!(accepts_within(&closed, &open), Compat::Accepts);
        assert_eq!(writes_within(&open, &closed), Compat::Accepts);
        assert_eq!(writes_within(&closed, &open), Compat::Accepts);
        // Text written instead of the open enum's names is new values.
        assert!(matches!(
            writes_within(&ValueType::Text, &open),
            Compat::Refuses(_)
        ));
        assert_eq!(writes_within(&open, &ValueType::Text), Compat::Accepts);
    }
}
