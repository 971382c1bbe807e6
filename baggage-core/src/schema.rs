//! [`Schema`]: the baggage a typed struct reads and writes — keys, types, sizes and docs — so a
//! service can publish what it depends on.
//!
//! `#[derive(Baggage)]` builds one per struct as `T::SCHEMA`. It renders as a Markdown table with
//! [`Schema::to_markdown`] and, with the `serde` feature, serializes to JSON.

use std::fmt::Write as _;

use crate::codec::StringBaggage;

/// The baggage members of one typed struct.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    /// The struct's name.
    pub name: &'static str,
    /// The struct's doc comment.
    pub doc: &'static str,
    /// The struct's budget: the most bytes its encoded members may take.
    pub budget: usize,
    /// The struct's own fields, in declaration order.
    pub fields: &'static [FieldSchema],
    /// The schemas of `#[baggage(flatten)]` fields, whose members this struct also reads and
    /// writes.
    pub flattened: &'static [&'static Schema],
}

/// One baggage member of a typed struct.
#[derive(Debug, Clone, Copy)]
pub struct FieldSchema {
    /// The key on the wire, prefix included.
    pub key: &'static str,
    /// The Rust field's name.
    pub field: &'static str,
    /// The Rust type as written in the struct.
    pub rust_type: &'static str,
    /// The value's type name, as errors show it (`u64`, `string`, `list`, an enum's name).
    pub value_type: &'static str,
    /// Whether a header without this key fails to decode.
    pub required: bool,
    /// The field's `max_len`, in bytes of the decoded value.
    pub max_len: Option<usize>,
    /// The most bytes the value can take on the wire, when bounded.
    pub max_encoded_len: Option<usize>,
    /// The field's doc comment.
    pub doc: &'static str,
    /// Whether the field is `internal`: kept inside the trust boundary, stripped at egress.
    pub internal: bool,
    /// The reason given with `allow_pii`, when the key was allowed despite the PII rule.
    pub allow_pii: Option<&'static str>,
    /// Whether a decoded value is a valid value of the field (its type and `max_len`); the
    /// trust policy keeps an untrusted peer's member only when it is.
    pub accepts: fn(&str) -> bool,
    /// Whether the field may become an OpenTelemetry metric attribute (`metric_label`).
    pub metric_label: bool,
    /// Whether the field is recorded on tracing spans (all fields but `skip_tracing` ones).
    pub traced: bool,
}

impl FieldSchema {
    /// The most bytes this field's whole member (`key=value`) can take, when bounded.
    pub const fn max_encoded_member_len(&self) -> Option<usize> {
        match self.max_encoded_len {
            Some(len) => Some(self.key.len() + 1 + len),
            None => None,
        }
    }
}

impl Schema {
    /// Every field this struct reads and writes, its flattened structs' included, in order.
    pub fn all_fields(&self) -> Vec<&'static FieldSchema> {
        let mut fields: Vec<&'static FieldSchema> = self.fields.iter().collect();
        for nested in self.flattened {
            fields.extend(nested.all_fields());
        }
        fields
    }

    /// The field with this key, if this struct (or one it flattens) has one.
    pub fn field(&self, key: &str) -> Option<&'static FieldSchema> {
        self.all_fields().into_iter().find(|field| field.key == key)
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
            .map(|field| field.key)
            .collect();
        if !internal.is_empty() {
            baggage.retain(|member| !internal.contains(&member.key()));
        }
    }

    /// The schema as a Markdown table, one row per key.
    ///
    /// ```
    /// use baggage_core::schema::{FieldSchema, Schema};
    ///
    /// static SCHEMA: Schema = Schema {
    ///     name: "Ctx",
    ///     doc: "Request context.",
    ///     budget: 64,
    ///     fields: &[FieldSchema {
    ///         key: "user_id",
    ///         field: "user_id",
    ///         rust_type: "u64",
    ///         value_type: "u64",
    ///         required: true,
    ///         max_len: None,
    ///         max_encoded_len: Some(20),
    ///         doc: "The signed-in user.",
    ///         internal: false,
    ///         allow_pii: None,
    ///         accepts: |value| value.parse::<u64>().is_ok(),
    ///         metric_label: false,
    ///         traced: true,
    ///     }],
    ///     flattened: &[],
    /// };
    /// assert!(SCHEMA.to_markdown().contains("| `user_id` | `u64` | yes | 20 | The signed-in user. |"));
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
            let mut field = serializer.serialize_struct("FieldSchema", 12)?;
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
            field.end()
        }
    }
}
