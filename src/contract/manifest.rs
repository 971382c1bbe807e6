//! [`Service`]: what one service reads and writes, built from derived structs and kept as JSON.

use std::fmt;
use std::path::Path;

use baggage_core::{Baggage, FieldSchema, Schema};

use super::value_type::ValueType;
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

pub(super) fn is_false(value: &bool) -> bool {
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
