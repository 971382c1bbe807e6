//! [`Schema`]: the baggage a typed struct reads and writes — keys, types, sizes and docs — so a
//! service can publish what it depends on.
//!
//! `#[derive(Baggage)]` builds one per struct as `T::SCHEMA`. It renders as a Markdown table with
//! [`Schema::to_markdown`] and, with the `serde` feature, serializes to JSON.

use std::fmt::Write as _;

use crate::codec::StringBaggage;
use crate::value::ValueKind;

/// The baggage members of one typed struct: `T::SCHEMA` of a `#[derive(Baggage)]` struct.
///
/// ```
/// use baggage_core::Baggage;
/// # use baggage_core as baggage;
///
/// /// Request context.
/// #[derive(baggage_derive::Baggage)]
/// # #[baggage(crate = "baggage_core")]
/// struct Ctx {
///     /// The signed-in user.
///     user_id: u64,
///     region: Option<String>,
/// }
///
/// let schema = Ctx::SCHEMA;
/// assert_eq!(schema.name(), "Ctx");
/// assert_eq!(schema.budget(), 1024);
/// let user_id = schema.field("user_id").unwrap();
/// assert_eq!(user_id.value_type(), "u64");
/// assert!(user_id.is_required());
/// assert_eq!(user_id.max_encoded_len(), Some(20));
/// assert!(!schema.field("region").unwrap().is_required());
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    pub(crate) name: &'static str,
    pub(crate) doc: &'static str,
    pub(crate) budget: usize,
    pub(crate) fields: &'static [FieldSchema],
    pub(crate) flattened: &'static [&'static Schema],
    /// The buffer `to_header` starts with: the worst case, at most the budget.
    pub(crate) header_capacity: usize,
}

/// One baggage member of a typed struct: an entry of [`Schema::fields`].
#[derive(Debug, Clone, Copy)]
pub struct FieldSchema {
    pub(crate) key: &'static str,
    pub(crate) field: &'static str,
    pub(crate) rust_type: &'static str,
    pub(crate) value_type: &'static str,
    pub(crate) kind: &'static ValueKind,
    pub(crate) required: bool,
    pub(crate) may_be_absent: bool,
    pub(crate) with: Option<&'static str>,
    pub(crate) max_len: Option<usize>,
    pub(crate) max_encoded_len: Option<usize>,
    pub(crate) doc: &'static str,
    pub(crate) internal: bool,
    pub(crate) allow_pii: Option<&'static str>,
    /// Whether a decoded value within the given `max_len` converts.
    pub(crate) accepts: fn(&str, Option<usize>) -> bool,
    pub(crate) metric_label: bool,
    pub(crate) traced: bool,
    pub(crate) aliases: &'static [&'static str],
}

impl FieldSchema {
    /// The key on the wire, prefix included.
    pub const fn key(&self) -> &'static str {
        self.key
    }

    /// The Rust field's name.
    pub const fn field(&self) -> &'static str {
        self.field
    }

    /// The Rust type as written in the struct.
    pub const fn rust_type(&self) -> &'static str {
        self.rust_type
    }

    /// The value's type name, as errors show it (`u64`, `string`, `list`, an enum's name).
    pub const fn value_type(&self) -> &'static str {
        self.value_type
    }

    /// What values the field writes and accepts: the fleet check compares these.
    pub const fn kind(&self) -> &'static ValueKind {
        self.kind
    }

    /// Whether a header without this key fails to decode.
    pub const fn is_required(&self) -> bool {
        self.required
    }

    /// Whether the field's value may be absent (an `Option` that is `None`), so that a struct
    /// written to baggage may leave this member out. A `default` field is always written.
    pub const fn may_be_absent(&self) -> bool {
        self.may_be_absent
    }

    /// The module of `#[baggage(with = "…")]` that converts the field, as written.
    pub const fn with_module(&self) -> Option<&'static str> {
        self.with
    }

    /// The field's `max_len`, in bytes of the decoded value.
    pub const fn max_len(&self) -> Option<usize> {
        self.max_len
    }

    /// The most bytes the value can take on the wire, when bounded.
    pub const fn max_encoded_len(&self) -> Option<usize> {
        self.max_encoded_len
    }

    /// The field's doc comment.
    pub const fn doc(&self) -> &'static str {
        self.doc
    }

    /// Whether the field is `internal`: kept inside the trust boundary, stripped at egress.
    pub const fn is_internal(&self) -> bool {
        self.internal
    }

    /// The reason given with `allow_pii`, when the key was allowed despite the PII rule.
    pub const fn allow_pii(&self) -> Option<&'static str> {
        self.allow_pii
    }

    /// Whether `value` (decoded) is a valid value of the field: its type and `max_len` accept
    /// it. The trust policy keeps an untrusted peer's member only when it is.
    pub fn accepts(&self, value: &str) -> bool {
        (self.accepts)(value, self.max_len)
    }

    /// Whether the field may become an OpenTelemetry metric attribute (`metric_label`).
    pub const fn is_metric_label(&self) -> bool {
        self.metric_label
    }

    /// Whether the field is recorded on tracing spans (all fields but `skip_tracing` ones).
    pub const fn is_traced(&self) -> bool {
        self.traced
    }

    /// The keys also read for this field (`#[baggage(alias = "…")]`), never written.
    pub const fn aliases(&self) -> &'static [&'static str] {
        self.aliases
    }

    /// The field's key, then its aliases.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.key).chain(self.aliases.iter().copied())
    }
    /// The most bytes this field's whole member (`key=value`) can take, when bounded.
    pub const fn max_encoded_member_len(&self) -> Option<usize> {
        match self.max_encoded_len {
            Some(len) => Some(self.key.len() + 1 + len),
            None => None,
        }
    }
}

impl Schema {
    /// The struct's name.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The struct's doc comment.
    pub const fn doc(&self) -> &'static str {
        self.doc
    }

    /// The struct's budget: the most bytes its encoded members may take.
    pub const fn budget(&self) -> usize {
        self.budget
    }

    /// The struct's own fields, in declaration order.
    pub const fn fields(&self) -> &'static [FieldSchema] {
        self.fields
    }

    /// The schemas of `#[baggage(flatten)]` fields, whose members this struct also reads and
    /// writes.
    pub const fn flattened(&self) -> &'static [&'static Schema] {
        self.flattened
    }

    /// The capacity `to_header` gives its buffer.
    pub(crate) const fn header_capacity(&self) -> usize {
        self.header_capacity
    }

    /// Every field this struct reads and writes, its flattened structs' included, in order.
    pub fn all_fields(&self) -> Vec<&'static FieldSchema> {
        let mut fields: Vec<&'static FieldSchema> = self.fields.iter().collect();
        for nested in self.flattened {
            fields.extend(nested.all_fields());
        }
        fields
    }

    /// Whether `test` holds for every field, its flattened structs' included, in order: the
    /// walk of [`all_fields`](Self::all_fields) without the list, stopping at the first field
    /// that fails.
    pub(crate) fn every_field(&self, test: &mut impl FnMut(&'static FieldSchema) -> bool) -> bool {
        self.fields.iter().all(&mut *test)
            && self.flattened.iter().all(|nested| nested.every_field(test))
    }

    /// Whether any member of this struct — its flattened structs' and its aliases included —
    /// is in `baggage`: a struct with none there is absent, one with some there is present,
    /// whether or not it decodes.
    pub fn any_member_in(&self, baggage: &StringBaggage<'_>) -> bool {
        !self.every_field(&mut |field| field.keys().all(|key| baggage.get(key).is_none()))
    }

    /// The field with this key, if this struct (or one it flattens) has one.
    pub fn field(&self, key: &str) -> Option<&'static FieldSchema> {
        let mut found = None;
        self.every_field(&mut |field| {
            if field.key == key {
                found = Some(field);
            }
            found.is_none()
        });
        found
    }

    /// The most bytes the struct's members can take on the wire (commas between them included),
    /// or `None` when a field is unbounded.
    pub const fn max_encoded_len(&self) -> Option<usize> {
        let mut total = 0;
        let mut members = 0;
        let mut index = 0;
        while index < self.fields.len() {
            let field = &self.fields[index];
            match field.max_encoded_member_len() {
                Some(len) => total += len,
                None => return None,
            }
            members += 1;
            index += 1;
        }
        let mut index = 0;
        while index < self.flattened.len() {
            let nested = self.flattened[index];
            match nested.max_encoded_len() {
                Some(len) if len > 0 => {
                    total += len;
                    members += 1;
                }
                Some(_) => {}
                None => return None,
            }
            index += 1;
        }
        if members > 1 {
            total += members - 1;
        }
        Some(total)
    }

    /// Removes from `baggage` every member of an `internal` field, for a call that leaves the
    /// trust boundary.
    pub fn strip_internal(&self, baggage: &mut StringBaggage<'_>) {
        let internal: Vec<&str> = self
            .all_fields()
            .into_iter()
            .filter(|field| field.internal)
            .flat_map(FieldSchema::keys)
            .collect();
        if !internal.is_empty() {
            baggage.retain(|member| !internal.contains(&member.key()));
        }
    }

    /// The schema as a Markdown table, one row per key.
    ///
    /// ```
    /// use baggage_core::Baggage;
    /// # use baggage_core as baggage;
    ///
    /// /// Request context.
    /// #[derive(baggage_derive::Baggage)]
    /// # #[baggage(crate = "baggage_core")]
    /// struct Ctx {
    ///     /// The signed-in user.
    ///     user_id: u64,
    /// }
    ///
    /// assert!(Ctx::SCHEMA
    ///     .to_markdown()
    ///     .contains("| `user_id` | `u64` | yes | 20 | The signed-in user. |"));
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut out = format!("### `{}`\n\n", self.name);
        if !self.doc.is_empty() {
            let _ = write!(out, "{}\n\n", self.doc);
        }
        let _ = writeln!(
            out,
            "Budget: {} bytes; worst case: {}.\n",
            self.budget,
            self.max_encoded_len()
                .map_or_else(|| "unbounded".to_owned(), |len| format!("{len} bytes"))
        );
        out.push_str("| key | type | required | max bytes | description |\n");
        out.push_str("|---|---|---|---|---|\n");
        for field in self.all_fields() {
            let mut notes = markdown_cell(field.doc);
            if field.internal {
                notes.push_str(" (internal: not sent outside the trust boundary)");
            }
            if !field.aliases.is_empty() {
                let _ = write!(notes, " (also read as `{}`)", field.aliases.join("`, `"));
            }
            if let Some(reason) = field.allow_pii {
                let _ = write!(notes, " (PII allowed: {})", markdown_cell(reason));
            }
            let _ = writeln!(
                out,
                "| `{}` | `{}` | {} | {} | {} |",
                field.key,
                markdown_cell(field.rust_type),
                if field.required { "yes" } else { "no" },
                field
                    .max_encoded_len
                    .map_or_else(|| "unbounded".to_owned(), |len| len.to_string()),
                notes.trim()
            );
        }
        out
    }
}

fn markdown_cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

#[cfg(feature = "serde")]
mod json {
    use serde::ser::{Serialize, SerializeStruct, Serializer};

    use super::{FieldSchema, Schema};

    impl Serialize for Schema {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut schema = serializer.serialize_struct("Schema", 5)?;
            schema.serialize_field("name", self.name)?;
            schema.serialize_field("doc", self.doc)?;
            schema.serialize_field("budget", &self.budget)?;
            schema.serialize_field("max_encoded_len", &self.max_encoded_len())?;
            schema.serialize_field("fields", &self.all_fields())?;
            schema.end()
        }
    }

    impl Serialize for FieldSchema {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut field = serializer.serialize_struct("FieldSchema", 13)?;
            field.serialize_field("key", self.key)?;
            field.serialize_field("field", self.field)?;
            field.serialize_field("rust_type", self.rust_type)?;
            field.serialize_field("value_type", self.value_type)?;
            field.serialize_field("required", &self.required)?;
            field.serialize_field("max_len", &self.max_len)?;
            field.serialize_field("max_encoded_len", &self.max_encoded_len)?;
            field.serialize_field("doc", self.doc)?;
            field.serialize_field("internal", &self.internal)?;
            field.serialize_field("allow_pii", &self.allow_pii)?;
            field.serialize_field("metric_label", &self.metric_label)?;
            field.serialize_field("traced", &self.traced)?;
            field.serialize_field("aliases", self.aliases)?;
            field.end()
        }
    }
}

/// The bound on a field's encoded value: the type's own, tightened by `max_len` (every byte of
/// which may take three on the wire).
pub(crate) const fn value_bound(
    type_bound: Option<usize>,
    max_len: Option<usize>,
) -> Option<usize> {
    match (type_bound, max_len) {
        (Some(bound), Some(max_len)) if bound < max_len * 3 => Some(bound),
        (_, Some(max_len)) => Some(max_len * 3),
        (bound, None) => bound,
    }
}
