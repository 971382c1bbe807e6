//! [`MemberWriter`]: the header a typed struct writes its members into.

use super::Key;
use crate::codec::escape_value_from;
use crate::error::EncodeError;

/// The header a [`Baggage`](super::Baggage) struct writes its members into, one buffer with
/// values percent-encoded in place; [`Baggage::to_header`](super::Baggage::to_header) makes one
/// and hands it to [`Baggage::write_members`](super::Baggage::write_members).
#[derive(Debug, Default)]
pub struct MemberWriter {
    out: String,
    members: usize,
}

impl MemberWriter {
    /// A writer whose buffer holds `capacity` bytes before it grows.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            out: String::with_capacity(capacity),
            members: 0,
        }
    }

    /// The header written so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// Appends the member `key=value`, or nothing for an absent `Option`.
    ///
    /// The value is converted by the key, checked against its `max_len` and (for text) scanned
    /// for personal data, then percent-encoded: whatever a type writes, the header carries it
    /// encoded, so the member parses back to the same value.
    ///
    /// # Errors
    ///
    /// What [`Key::encode_value`] refuses; nothing is appended then.
    #[inline]
    pub fn write<T>(&mut self, key: &Key<T>, value: &T) -> Result<(), EncodeError> {
        if key.is_absent(value) {
            return Ok(());
        }
        let mark = self.out.len();
        if self.members > 0 {
            self.out.push(',');
        }
        self.out.push_str(key.name());
        self.out.push('=');
        let start = self.out.len();
        if let Err(error) = key.encode_checked(value, &mut self.out) {
            self.out.truncate(mark);
            return Err(error);
        }
        escape_value_from(&mut self.out, start);
        self.members += 1;
        Ok(())
    }

    /// The header, or [`EncodeError::OverBudget`] when it is longer than `budget`.
    pub(crate) fn finish(self, budget: usize) -> Result<String, EncodeError> {
        let len = self.out.len();
        if len > budget {
            return Err(EncodeError::OverBudget { budget, len });
        }
        Ok(self.out)
    }
}
