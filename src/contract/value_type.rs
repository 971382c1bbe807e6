//! [`ValueType`]: the values a member writes or accepts, as a manifest keeps them.

use std::fmt;

use baggage_core::{CatchAll, ValueKind};
use serde::{Deserialize, Serialize};

use super::manifest::is_false;

/// The values a member writes or accepts, as the manifest keeps them: the owned form of
/// [`ValueKind`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum ValueType {
    /// A decimal integer.
    Integer {
        /// Whether negative values are written and read.
        signed: bool,
        /// The width in bits.
        bits: u32,
        /// Whether 0 is refused.
        #[serde(default, skip_serializing_if = "is_false")]
        nonzero: bool,
    },
    /// A finite float.
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
    /// An enum of unit variants.
    Enum {
        /// The enum's name.
        name: String,
        /// The names its variants are written as.
        variants: Vec<String>,
        /// How a value that names no variant reads.
        catch_all: CatchAllMode,
        /// With `catch_all: holds`, the type the catch-all holds.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        holds: Option<Box<ValueType>>,
    },
    /// Items joined by `,`.
    List {
        /// The items' type.
        item: Box<ValueType>,
    },
    /// A fixed text format: `uuid`, `datetime`, `duration`, `ip`, `ipv4`, `ipv6`, `socket`,
    /// `socketv4`, `socketv6`.
    Format {
        /// The format's name.
        format: String,
    },
    /// A type that says nothing more of its values: only the same Rust type, converted by the
    /// same `with` module, is known to match.
    Opaque {
        /// The Rust type as written, without `Option<…>` (or the list's item type).
        rust_type: String,
        /// The `#[baggage(with = "…")]` module that converts it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        with: Option<String>,
    },
}

/// How an enum reads a value that names none of its variants: [`CatchAll`] in the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CatchAllMode {
    /// The value is refused.
    None,
    /// A unit `#[baggage(other)]` variant reads it.
    Unit,
    /// An `Other(T)` variant holds it (when `T` reads it) and writes it back, so the enum may
    /// write any value of `T`.
    Holds,
}

impl ValueType {
    /// The manifest's form of a [`ValueKind`]; `rust_type`, the field's type as written, names
    /// an opaque type (without its `Option<…>`, or as the item of a list).
    pub fn from_kind(kind: &ValueKind, rust_type: &str) -> Self {
        let rust_type = unwrap_type(rust_type, "Option");
        match *kind {
            ValueKind::Integer {
                signed,
                bits,
                nonzero,
            } => Self::Integer {
                signed,
                bits,
                nonzero,
            },
            ValueKind::Float { bits } => Self::Float { bits },
            ValueKind::Bool => Self::Bool,
            ValueKind::Char => Self::Char,
            ValueKind::Text => Self::Text,
            ValueKind::Enum {
                name,
                variants,
                catch_all,
            } => {
                let (catch_all, holds) = match catch_all {
                    CatchAll::Unit => (CatchAllMode::Unit, None),
                    // The kind does not name the held type; an opaque one is known by its enum.
                    CatchAll::Holds(held) => (
                        CatchAllMode::Holds,
                        Some(Box::new(Self::from_kind(
                            held,
                            &format!("the catch-all of {name}"),
                        ))),
                    ),
                    _ => (CatchAllMode::None, None),
                };
                Self::Enum {
                    name: name.to_owned(),
                    variants: variants.iter().map(|&v| v.to_owned()).collect(),
                    catch_all,
                    holds,
                }
            }
            ValueKind::List(item) => Self::List {
                item: Box::new(Self::from_kind(item, unwrap_type(rust_type, "Vec"))),
            },
            ValueKind::Format(format) => Self::Format {
                format: format.to_owned(),
            },
            _ => Self::Opaque {
                rust_type: rust_type.to_owned(),
                with: None,
            },
        }
    }

    /// Why this type is not one a derived struct writes, if it is not.
    pub(super) fn validate(&self, in_list: bool) -> Result<(), String> {
        match self {
            Self::Integer { bits, .. } if ![8, 16, 32, 64, 128].contains(bits) => Err(format!(
                "an integer of {bits} bits: integers have 8, 16, 32, 64 or 128"
            )),
            Self::Float { bits } if ![32, 64].contains(bits) => {
                Err(format!("a float of {bits} bits: floats have 32 or 64"))
            }
            Self::List { .. } if in_list => Err("a list of lists: lists do not nest".into()),
            Self::List { item } => item.validate(true),
            Self::Enum {
                catch_all, holds, ..
            } => match (catch_all, holds) {
                (CatchAllMode::Holds, Some(held)) => held.validate(in_list),
                (CatchAllMode::Holds, None) => {
                    Err("an enum whose catch-all holds a value names no `holds` type".into())
                }
                (_, Some(_)) => {
                    Err("an enum has a `holds` type but its catch-all is not `holds`".into())
                }
                _ => Ok(()),
            },
            _ => Ok(()),
        }
    }
}

/// `Option<T>` as `T` (with `wrapper` = `Option`), or `Vec<T>` as `T`; any other type as it is.
fn unwrap_type<'a>(rust_type: &'a str, wrapper: &str) -> &'a str {
    let inner = rust_type
        .strip_prefix(wrapper)
        .or_else(|| {
            let path = rust_type.rsplit_once("::").map(|(_, last)| last)?;
            path.strip_prefix(wrapper)
        })
        .and_then(|rest| rest.trim_start().strip_prefix('<'))
        .and_then(|rest| rest.trim_end().strip_suffix('>'));
    inner.map_or(rust_type, str::trim)
}

impl fmt::Display for ValueType {
    /// The type as a finding names it: `u64`, `i32`, `enum Tier`, `list of u16`, `text`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Integer {
                signed,
                bits,
                nonzero,
            } => {
                let sign = if *signed { 'i' } else { 'u' };
                match nonzero {
                    true => write!(f, "non-zero {sign}{bits}"),
                    false => write!(f, "{sign}{bits}"),
                }
            }
            Self::Float { bits } => write!(f, "f{bits}"),
            Self::Bool => f.write_str("bool"),
            Self::Char => f.write_str("char"),
            Self::Text => f.write_str("text"),
            Self::Enum { name, .. } => write!(f, "enum `{name}`"),
            Self::List { item } => write!(f, "list of {item}"),
            Self::Format { format } => f.write_str(format),
            Self::Opaque {
                rust_type,
                with: None,
            } => write!(f, "`{rust_type}`"),
            Self::Opaque {
                rust_type,
                with: Some(with),
            } => write!(f, "`{rust_type}` with `{with}`"),
        }
    }
}
