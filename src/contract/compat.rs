//! Whether what one member writes, another reads: the rule both the fleet check and the diff use.

use super::manifest::{CatchAllMode, MemberContract, ValueType};

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

/// The longest decoded value a writer writes, when bounded.
fn writer_max_len(writer: &MemberContract) -> Option<usize> {
    writer
        .max_len()
        .or_else(|| decoded_bound(writer.value_type()))
}

fn decoded_bound(value_type: &ValueType) -> Option<usize> {
    match value_type {
        ValueType::Bool => Some(5),
        ValueType::Char => Some(4),
        ValueType::Integer { bits, signed, .. } => {
            // Decimal digits of the largest magnitude, and the sign.
            let magnitude_bits = bits - u32::from(*signed);
            let digits = (f64::from(magnitude_bits) * std::f64::consts::LOG10_2).ceil() as usize;
            Some(digits + usize::from(*signed))
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
        (T::Opaque { rust_type: w }, T::Opaque { rust_type: r }) if w == r => Compat::Accepts,
        (T::List { .. }, T::Text) => Compat::Refuses(
            "a list, and the reader reads one text: `a,b` would read as the single value `a,b`"
                .into(),
        ),
        (_, T::Text) => Compat::Accepts,
        (T::Opaque { .. }, _) | (_, T::Opaque { .. }) => Compat::Unknown(format!(
            "{writer} and {reader}: the check cannot see what an opaque type accepts"
        )),
        (T::List { item: w }, T::List { item: r }) => match type_compat(w, r) {
            Compat::Refuses(why) => Compat::Refuses(format!("list items: {why}")),
            other => other,
        },
        (T::List { .. }, _) => Compat::Refuses(
            "a list, and the reader reads one value: a value with two items fails to decode".into(),
        ),
        (T::Text | T::Char, T::List { .. }) => Compat::Refuses(
            "one text, and the reader reads a list: a text with a `,` reads as several items"
                .into(),
        ),
        (scalar, T::List { item }) => match type_compat(scalar, item) {
            Compat::Refuses(why) => Compat::Refuses(format!("as a list item: {why}")),
            other => other,
        },
        (_, T::Enum { catch_all, .. }) if *catch_all != CatchAllMode::None => Compat::Accepts,
        (
            T::Enum {
                variants: written,
                catch_all,
                ..
            },
            T::Enum { variants: read, .. },
        ) => {
            if *catch_all == CatchAllMode::Holds {
                return Compat::Refuses(
                    "values its catch-all holds, which name no variant of the reader's enum, and \
                     the reader has no catch-all"
                        .into(),
                );
            }
            // The reader reads a variant in any ASCII case.
            let unknown: Vec<&str> = written
                .iter()
                .filter(|w| !read.iter().any(|r| r.eq_ignore_ascii_case(w)))
                .map(String::as_str)
                .collect();
            match unknown.is_empty() {
                true => Compat::Accepts,
                false => Compat::Refuses(format!(
                    "{}, which the reader's enum does not have, and it has no catch-all",
                    quoted(&unknown)
                )),
            }
        }
        (_, T::Enum { variants, .. }) => Compat::Refuses(format!(
            "any {writer}, and the reader accepts only {} (no catch-all)",
            quoted(&variants.iter().map(String::as_str).collect::<Vec<_>>())
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
                return Compat::Refuses(format!(
                    "numbers up to {}, beyond the reader's {}",
                    largest(*ws, *wb),
                    reader
                ));
            }
            if *rz && !*wz {
                return Compat::Refuses("0, which the reader's non-zero type refuses".into());
            }
            Compat::Accepts
        }
        // A decimal integer reads as a float; past 2^53 it rounds, as a JSON number does.
        (T::Integer { .. }, T::Float { .. }) => Compat::Accepts,
        (T::Float { bits: wb }, T::Float { bits: rb }) if wb <= rb => Compat::Accepts,
        (T::Float { .. }, T::Float { .. }) => {
            Compat::Refuses("f64 values beyond f32's range, which read as infinite and fail".into())
        }
        (T::Bool, T::Bool) | (T::Char, T::Char) => Compat::Accepts,
        (T::Format { format: w }, T::Format { format: r }) if format_fits(w, r) => Compat::Accepts,
        _ => Compat::Refuses(format!("{writer} values that are not {reader}")),
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

fn largest(signed: bool, bits: u32) -> String {
    match (signed, bits) {
        (false, 128) => u128::MAX.to_string(),
        (false, bits) => ((1u128 << bits) - 1).to_string(),
        (true, bits) => ((1u128 << (bits - 1)) - 1).to_string(),
    }
}

pub(crate) fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
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
    }

    #[test]
    fn decoded_bounds_of_integers_are_their_longest_decimals() {
        for (signed, bits, longest) in [
            (false, 8, u8::MAX.to_string().len()),
            (true, 8, i8::MIN.to_string().len()),
            (false, 64, u64::MAX.to_string().len()),
            (true, 64, i64::MIN.to_string().len()),
            (false, 128, u128::MAX.to_string().len()),
        ] {
            assert_eq!(decoded_bound(&int(signed, bits)), Some(longest), "{bits}");
        }
    }
}
