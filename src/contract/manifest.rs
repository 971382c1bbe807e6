//! [`Service`]: what one service reads and writes, built from derived structs and kept as JSON.

use std::fmt;
use std::path::Path;

use baggage_core::{Baggage, CatchAll, FieldSchema, Schema, ValueKind};
use serde::{Deserialize, Serialize};

/// The manifest format this version writes and reads.
pub const FORMAT: u32 = 1;

/// One service of a fleet: the typed structs it reads (what it depends on) and writes (what it
/// produces), and whether it is an outside party.
///
/// ```
/// use baggage::contract::Service;
/// use baggage::Baggage;
///
/// #[derive(Baggage)]
/// struct Ctx {
///     user_id: u64,
/// }
///
/// let orders = Service::new("orders").reads::<Ctx>();
/// let json = orders.to_json();
/// assert!(json.contains(r#""service": "orders""#));
/// assert_eq!(Service::from_json(&json)?, orders);
/// # Ok::<(), baggage::contract::ManifestError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    format: u32,
    #[serde(rename = "service")]
    name: String,
    #[serde(default)]
    external: bool,
    #[serde(default)]
    from_outside: Vec<String>,
    #[serde(default)]
    reads: Vec<StructContract>,
    #[serde(default)]
    writes: Vec<StructContract>,
}

/// One typed struct a service reads or writes: its members, flattened structs' included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StructContract {
    name: String,
    budget: usize,
    members: Vec<MemberContract>,
}

/// One member of a [`StructContract`]: a key, its type and its marks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberContract {
    key: String,
    field: String,
    rust_type: String,
    #[serde(rename = "type")]
    value_type: ValueType,
    required: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    may_be_absent: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_len: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_encoded_len: Option<usize>,
    #[serde(default, skip_serializing_if = "is_false")]
    internal: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    allow_pii: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    doc: String,
}

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

fn is_false(value: &bool) -> bool {
    !*value
}

impl Service {
    /// A service named `name` that reads and writes nothing yet.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            format: FORMAT,
            name: name.into(),
            external: false,
            from_outside: Vec::new(),
            reads: Vec::new(),
            writes: Vec::new(),
        }
    }

    /// The service reads `T`: it depends on `T`'s required keys, types and accepted values.
    #[must_use]
    pub fn reads<T: Baggage>(mut self) -> Self {
        insert_sorted(&mut self.reads, StructContract::from_schema(T::SCHEMA));
        self
    }

    /// The service writes `T`: it produces `T`'s keys, with `T`'s types.
    #[must_use]
    pub fn writes<T: Baggage>(mut self) -> Self {
        insert_sorted(&mut self.writes, StructContract::from_schema(T::SCHEMA));
        self
    }

    /// The service is an outside party (a payment provider, a partner): the members of
    /// `internal` fields are stripped before every call to it, so it cannot depend on them.
    #[must_use]
    pub fn external(mut self) -> Self {
        self.external = true;
        self
    }

    /// Keys this service receives from outside the fleet (a browser, a partner), which no
    /// service of the fleet writes: a required key among them is not reported as missing.
    #[must_use]
    pub fn from_outside<I, K>(mut self, keys: I) -> Self
    where
        I: IntoIterator<Item = K>,
        K: Into<String>,
    {
        self.from_outside.extend(keys.into_iter().map(Into::into));
        self.from_outside.sort();
        self.from_outside.dedup();
        self
    }

    /// The service's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the service is an outside party ([`external`](Self::external)).
    pub fn is_external(&self) -> bool {
        self.external
    }

    /// The keys it receives from outside the fleet ([`from_outside`](Self::from_outside)).
    pub fn outside_keys(&self) -> &[String] {
        &self.from_outside
    }

    /// The structs it reads, sorted by name.
    pub fn read_structs(&self) -> &[StructContract] {
        &self.reads
    }

    /// The structs it writes, sorted by name.
    pub fn written_structs(&self) -> &[StructContract] {
        &self.writes
    }

    /// Every member it reads, with the struct it belongs to.
    pub(crate) fn read_members(&self) -> impl Iterator<Item = (&StructContract, &MemberContract)> {
        self.reads
            .iter()
            .flat_map(|s| s.members.iter().map(move |m| (s, m)))
    }

    /// Every member it writes, with the struct it belongs to.
    pub(crate) fn written_members(
        &self,
    ) -> impl Iterator<Item = (&StructContract, &MemberContract)> {
        self.writes
            .iter()
            .flat_map(|s| s.members.iter().map(move |m| (s, m)))
    }

    /// The manifest as JSON (format 1): pretty-printed, keys in a fixed order, structs sorted by
    /// name and members by key, so that a change reads as a small diff in review.
    pub fn to_json(&self) -> String {
        match serde_json::to_string_pretty(self) {
            Ok(mut json) => {
                json.push('\n');
                json
            }
            // Every field is a string, a number, a bool or a list of those.
            Err(error) => unreachable!("a manifest always serializes: {error}"),
        }
    }

    /// Reads a manifest written by [`to_json`](Self::to_json).
    ///
    /// # Errors
    ///
    /// [`ManifestError`] when the text is not JSON, does not have the manifest's shape (the
    /// error names the line and the field), or has a `format` other than 1.
    pub fn from_json(json: &str) -> Result<Self, ManifestError> {
        let format = serde_json::from_str::<FormatOnly>(json)
            .map_err(|error| ManifestError::Json(error.to_string()))?
            .format;
        if format != Some(FORMAT) {
            return Err(ManifestError::Format(format));
        }
        let mut service: Service =
            serde_json::from_str(json).map_err(|error| ManifestError::Json(error.to_string()))?;
        service.validate()?;
        service.normalize();
        Ok(service)
    }

    /// Refuses what no derived struct writes: a manifest edited by hand, or by another tool.
    fn validate(&self) -> Result<(), ManifestError> {
        for contract in self.reads.iter().chain(&self.writes) {
            for member in &contract.members {
                member
                    .value_type
                    .validate(false)
                    .map_err(|problem| ManifestError::Invalid {
                        key: member.key.clone(),
                        problem,
                    })?;
            }
        }
        Ok(())
    }

    /// Sorts what a hand-edited manifest may have out of order.
    fn normalize(&mut self) {
        self.from_outside.sort();
        self.from_outside.dedup();
        for contract in self.reads.iter_mut().chain(self.writes.iter_mut()) {
            contract.members.sort_by(|a, b| a.key.cmp(&b.key));
            for member in &mut contract.members {
                member.aliases.sort();
            }
        }
        self.reads.sort_by(|a, b| a.name.cmp(&b.name));
        self.writes.sort_by(|a, b| a.name.cmp(&b.name));
    }
}

#[derive(Deserialize)]
struct FormatOnly {
    format: Option<u32>,
}

fn insert_sorted(contracts: &mut Vec<StructContract>, contract: StructContract) {
    if contracts.contains(&contract) {
        return;
    }
    let at = contracts.partition_point(|c| c.name <= contract.name);
    contracts.insert(at, contract);
}

impl StructContract {
    fn from_schema(schema: &Schema) -> Self {
        let mut members: Vec<MemberContract> = schema
            .all_fields()
            .into_iter()
            .map(MemberContract::from_field)
            .collect();
        members.sort_by(|a, b| a.key.cmp(&b.key));
        Self {
            name: schema.name().to_owned(),
            budget: schema.budget(),
            members,
        }
    }

    /// The struct's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The struct's budget in bytes.
    pub fn budget(&self) -> usize {
        self.budget
    }

    /// Its members, sorted by key.
    pub fn members(&self) -> &[MemberContract] {
        &self.members
    }
}

impl MemberContract {
    fn from_field(field: &FieldSchema) -> Self {
        let mut aliases: Vec<String> = field.aliases().iter().map(|&a| a.to_owned()).collect();
        aliases.sort();
        let mut value_type = ValueType::from_kind(field.kind(), field.rust_type());
        if let (ValueType::Opaque { with, .. }, Some(module)) =
            (&mut value_type, field.with_module())
        {
            *with = Some(module.to_owned());
        }
        Self {
            key: field.key().to_owned(),
            field: field.field().to_owned(),
            rust_type: field.rust_type().to_owned(),
            value_type,
            required: field.is_required(),
            may_be_absent: field.may_be_absent(),
            max_len: field.max_len(),
            max_encoded_len: field.max_encoded_len(),
            internal: field.is_internal(),
            aliases,
            allow_pii: field.allow_pii().map(str::to_owned),
            doc: field.doc().split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }

    /// The key on the wire.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The key, then the aliases it is also read from.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.key.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// The Rust field's name.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The Rust type as written.
    pub fn rust_type(&self) -> &str {
        &self.rust_type
    }

    /// The values the member writes or accepts.
    pub fn value_type(&self) -> &ValueType {
        &self.value_type
    }

    /// Whether a header without the key fails to decode.
    pub fn is_required(&self) -> bool {
        self.required
    }

    /// Whether a writer may leave the member out (an `Option` field that is `None`).
    pub fn may_be_absent(&self) -> bool {
        self.may_be_absent
    }

    /// The field's `max_len`.
    pub fn max_len(&self) -> Option<usize> {
        self.max_len
    }

    /// The most bytes the value takes on the wire, when bounded.
    pub fn max_encoded_len(&self) -> Option<usize> {
        self.max_encoded_len
    }

    /// Whether the field is `internal`.
    pub fn is_internal(&self) -> bool {
        self.internal
    }

    /// The aliases the member is also read from.
    pub fn aliases(&self) -> &[String] {
        &self.aliases
    }

    /// The reason given with `allow_pii`.
    pub fn allow_pii(&self) -> Option<&str> {
        self.allow_pii.as_deref()
    }

    /// The field's doc comment, on one line.
    pub fn doc(&self) -> &str {
        &self.doc
    }
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
    fn validate(&self, in_list: bool) -> Result<(), String> {
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

/// A manifest that cannot be read, or written by [`assert_manifest`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ManifestError {
    /// The text is not a manifest; the message is serde_json's, with the line and column.
    Json(String),
    /// The manifest has a `format` this version does not read (`None`: it has none).
    Format(Option<u32>),
    /// A member's type is not one a derived struct writes (an integer of 12 bits, a list of
    /// lists): the manifest was edited by hand or by another tool.
    Invalid {
        /// The member's key.
        key: String,
        /// What is wrong with its type.
        problem: String,
    },
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(error) => write!(f, "not a service manifest: {error}"),
            Self::Format(Some(format)) => write!(
                f,
                "manifest format {format} is not supported: this version reads format {FORMAT}"
            ),
            Self::Format(None) => write!(
                f,
                "not a service manifest: no \"format\" field (this version reads format {FORMAT})"
            ),
            Self::Invalid { key, problem } => {
                write!(
                    f,
                    "not a valid service manifest: member `{key}` has {problem}"
                )
            }
        }
    }
}

impl std::error::Error for ManifestError {}

/// The variable that makes [`assert_manifest`] write the manifest instead of comparing it.
pub const UPDATE_VARIABLE: &str = "BAGGAGE_UPDATE_MANIFESTS";

/// Checks that the manifest committed at `path` is `service`'s: a test helper that keeps
/// manifests in step with the structs they come from.
///
/// With `BAGGAGE_UPDATE_MANIFESTS=1` in the environment it writes the manifest (creating its
/// folder) instead. A relative `path` is relative to the current directory, which `cargo test`
/// sets to the package's root.
///
/// ```no_run
/// use baggage::contract::{assert_manifest, Service};
/// # #[derive(baggage::Baggage)] struct OrderContext { user_id: u64 }
///
/// #[test]
/// fn orders_manifest_is_current() {
///     let orders = Service::new("orders").reads::<OrderContext>();
///     assert_manifest(&orders, "contracts/orders.json");
/// }
/// ```
///
/// # Panics
///
/// When the file is missing, unreadable or differs from `service.to_json()`: the message shows a
/// line diff (`-` committed, `+` current) and the command that updates it. With the variable
/// set, when the file cannot be written.
#[track_caller]
pub fn assert_manifest(service: &Service, path: impl AsRef<Path>) {
    let path = path.as_ref();
    let current = service.to_json();
    if std::env::var(UPDATE_VARIABLE).is_ok_and(|value| value == "1") {
        if let Err(error) = write_manifest(path, &current) {
            panic!("cannot write manifest {}: {error}", path.display());
        }
        return;
    }
    let committed = match std::fs::read_to_string(path) {
        Ok(committed) => committed,
        Err(error) => panic!(
            "manifest {} of service `{}` cannot be read ({error}); write it with \
             {UPDATE_VARIABLE}=1 cargo test",
            path.display(),
            service.name
        ),
    };
    if committed != current {
        let diff = similar::TextDiff::from_lines(&committed, &current)
            .unified_diff()
            .context_radius(3)
            .header("committed", "current")
            .to_string();
        panic!(
            "manifest {} of service `{}` is out of date: its structs changed.\n\
             Review the change, then update it with {UPDATE_VARIABLE}=1 cargo test\n\n{diff}",
            path.display(),
            service.name
        );
    }
}

fn write_manifest(path: &Path, json: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, json)
}
