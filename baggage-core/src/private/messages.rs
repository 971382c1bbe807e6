//! The compile errors the derive raises in `const` items of the user's crate: a budget the
//! worst case exceeds, and a key two flattened fields share.

use crate::schema::{FieldSchema, Schema};

/// The compile error of a struct whose fields are all bounded and whose worst case exceeds its
/// budget, saying by how much and which fields cost most. The derive panics with it in a `const`
/// item of the user's crate, so the error shows the message and the attribute, and no frame of
/// this crate.
pub const fn budget_error(schema: &Schema) -> Option<Message> {
    let Some(worst) = schema.max_encoded_len() else {
        return None;
    };
    if worst <= schema.budget() {
        return None;
    }
    let message = Message::new()
        .push("the worst-case encoded size of `")
        .push(schema.name())
        .push("` is ")
        .number(worst)
        .push(" bytes, ")
        .number(worst - schema.budget())
        .push(" over its budget of ")
        .number(schema.budget())
        .push(" bytes; largest members:");
    let message = largest_members(message, schema)
        .push("; lower `max_len`, remove fields, or raise #[baggage(budget = N)]");
    Some(message)
}

/// The compile error of a struct with flattened fields when two of its fields, its own or its
/// flattened structs', have the same key, naming both fields and the structs they belong to.
pub const fn duplicate_key_error(schema: &Schema) -> Option<Message> {
    let count = field_count(schema);
    let mut first = 0;
    while first < count {
        let Some((a, a_struct)) = nth_field(schema, first) else {
            return None;
        };
        let mut second = first + 1;
        while second < count {
            if let Some((b, b_struct)) = nth_field(schema, second) {
                if let Some(key) = shared_key(a, b) {
                    let message = Message::new()
                        .push("baggage key `")
                        .push(key)
                        .push("` belongs to two fields of `")
                        .push(schema.name())
                        .push("`: `")
                        .push(a_struct)
                        .push(".")
                        .push(a.field())
                        .push("` and `")
                        .push(b_struct)
                        .push(".")
                        .push(b.field())
                        .push("`; one header cannot carry both, so give one another key with ")
                        .push("#[baggage(rename = \"...\")] or remove it");
                    return Some(message);
                }
            }
            second += 1;
        }
        first += 1;
    }
    None
}

/// The compile error of a signed struct that reads an alias, its flattened structs' included:
/// the signature covers the fields' keys, so a member under an alias would be read unsigned.
pub const fn signed_alias_error(schema: &Schema) -> Option<Message> {
    let count = field_count(schema);
    let mut index = 0;
    while index < count {
        if let Some((field, owner)) = nth_field(schema, index) {
            if !field.aliases().is_empty() {
                let message = Message::new()
                    .push("`")
                    .push(owner)
                    .push(".")
                    .push(field.field())
                    .push("` reads the alias `")
                    .push(field.aliases()[0])
                    .push("`, and `")
                    .push(schema.name())
                    .push("` is #[baggage(signed)]: the signature covers the fields' keys, so a ")
                    .push("member under an alias would be read unsigned; drop the alias, or sign ")
                    .push("after the migration");
                return Some(message);
            }
        }
        index += 1;
    }
    None
}

/// A key (its own, or an alias) that fields `a` and `b` both read, if any.
const fn shared_key(a: &FieldSchema, b: &FieldSchema) -> Option<&'static str> {
    let mut a_index = 0;
    while a_index <= a.aliases().len() {
        let a_key = if a_index == 0 {
            a.key()
        } else {
            a.aliases()[a_index - 1]
        };
        let mut b_index = 0;
        while b_index <= b.aliases().len() {
            let b_key = if b_index == 0 {
                b.key()
            } else {
                b.aliases()[b_index - 1]
            };
            if str_eq(a_key, b_key) {
                return Some(a_key);
            }
            b_index += 1;
        }
        a_index += 1;
    }
    None
}

/// The number of fields of `schema`, its flattened structs' included.
const fn field_count(schema: &Schema) -> usize {
    let mut count = schema.fields().len();
    let mut index = 0;
    while index < schema.flattened().len() {
        count += field_count(schema.flattened()[index]);
        index += 1;
    }
    count
}

/// The field at `index` in the order of [`Schema::all_fields`], with its struct's name.
const fn nth_field(schema: &Schema, index: usize) -> Option<(&FieldSchema, &'static str)> {
    if index < schema.fields().len() {
        return Some((&schema.fields()[index], schema.name()));
    }
    let mut rest = index - schema.fields().len();
    let mut nested = 0;
    while nested < schema.flattened().len() {
        let inner = schema.flattened()[nested];
        let inner_count = field_count(inner);
        if rest < inner_count {
            return nth_field(inner, rest);
        }
        rest -= inner_count;
        nested += 1;
    }
    None
}

const fn str_eq(a: &str, b: &str) -> bool {
    crate::codec::keys::bytes_eq(a.as_bytes(), b.as_bytes())
}

/// Appends up to five members, largest first, as ` key (N bytes)`.
const fn largest_members(mut message: Message, schema: &Schema) -> Message {
    let fields = schema.fields();
    let mut listed = 0;
    let mut previous: Option<(usize, usize)> = None;
    while listed < 5 && listed < fields.len() {
        // The largest (cost, index) below the previous one, in a stable order.
        let mut best: Option<(usize, usize)> = None;
        let mut index = 0;
        while index < fields.len() {
            let cost = match fields[index].max_encoded_member_len() {
                Some(cost) => cost,
                None => 0,
            };
            let below_previous = match previous {
                None => true,
                Some((p_cost, p_index)) => cost < p_cost || (cost == p_cost && index > p_index),
            };
            let better = match best {
                None => true,
                Some((b_cost, b_index)) => cost > b_cost || (cost == b_cost && index < b_index),
            };
            if below_previous && better {
                best = Some((cost, index));
            }
            index += 1;
        }
        let Some((cost, index)) = best else {
            break;
        };
        if listed > 0 {
            message = message.push(",");
        }
        message = message
            .push(" `")
            .push(fields[index].key())
            .push("` (")
            .number(cost)
            .push(" bytes)");
        previous = best;
        listed += 1;
    }
    message
}

/// A message built at compile time, where `format!` is not available.
pub struct Message {
    bytes: [u8; 512],
    len: usize,
}

impl Message {
    const fn new() -> Self {
        Self {
            bytes: [0; 512],
            len: 0,
        }
    }

    const fn push(mut self, text: &str) -> Self {
        let text = text.as_bytes();
        let mut index = 0;
        while index < text.len() && self.len < self.bytes.len() {
            self.bytes[self.len] = text[index];
            self.len += 1;
            index += 1;
        }
        self
    }

    const fn number(mut self, mut number: usize) -> Self {
        let mut digits = [0u8; 20];
        let mut count = 0;
        loop {
            digits[count] = b'0' + (number % 10) as u8;
            count += 1;
            number /= 10;
            if number == 0 {
                break;
            }
        }
        while count > 0 && self.len < self.bytes.len() {
            count -= 1;
            self.bytes[self.len] = digits[count];
            self.len += 1;
        }
        self
    }

    /// The message.
    pub const fn as_str(&self) -> &str {
        let (text, _) = self.bytes.split_at(self.len);
        match std::str::from_utf8(text) {
            Ok(text) => text,
            // A key cut at the buffer's end: show what is ASCII.
            Err(error) => match std::str::from_utf8(text.split_at(error.valid_up_to()).0) {
                Ok(text) => text,
                Err(_) => "the worst-case encoded size exceeds the budget",
            },
        }
    }
}
