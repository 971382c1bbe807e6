//! The errors of each failure domain: reading a header ([`ParseError`]), converting one value
//! ([`ValueError`]), reading a typed struct ([`DecodeError`]) and writing one ([`EncodeError`]).
//!
//! Values that came from the wire are shown only escaped and truncated (see [`preview`]), so an
//! error message can be logged without carrying a secret or a control character into the log.

use std::borrow::Cow;
use std::fmt;

use crate::key::KeyError;

#[doc(inline)]
pub use baggage_rules::{preview, PREVIEW_CHARS};

/// A `baggage` header, or one member of it, that does not follow the W3C grammar.
///
/// It says which list member (counted from 0 across every header line) and which byte of its
/// header line, the key when one was read, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub(crate) member: usize,
    pub(crate) offset: usize,
    /// The key as shown: escaped and truncated.
    pub(crate) key: Option<Box<str>>,
    /// The key as read, when it is not what [`key`](Self::key) shows, so that a typed read can
    /// tell whether the error is about one of its keys, however long.
    pub(crate) key_as_read: Option<Box<str>>,
    pub(crate) kind: ParseErrorKind,
}

/// What is wrong with a header or a member.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// Nothing between two commas, or a trailing comma.
    EmptyMember,
    /// A member with no `=` between key and value.
    MissingEquals,
    /// A member or property whose key is empty.
    EmptyKey,
    /// A key holding a byte that is not an RFC 7230 token character.
    InvalidKey {
        /// The offending byte.
        byte: u8,
    },
    /// A value holding a byte that is not a baggage-octet (space, `"`, `,`, `;`, `\`, a control
    /// character or a non-ASCII byte).
    InvalidValue {
        /// The offending byte.
        byte: u8,
    },
    /// A `%` not followed by two hexadecimal digits.
    MalformedEscape,
    /// A `;` with no property after it.
    EmptyProperty,
    /// More members than [`Limits::max_members`](crate::Limits::max_members).
    TooManyMembers {
        /// The limit in force.
        limit: usize,
    },
    /// More bytes than [`Limits::max_bytes`](crate::Limits::max_bytes).
    TooLong {
        /// The limit in force.
        limit: usize,
        /// The length of the header lines that were offered.
        len: usize,
    },
}

impl ParseError {
    /// Index of the offending list member, counted from 0 across every header line.
    ///
    /// For a header over the byte limit, strict parsing rejects the line before reading it and
    /// names its first member; lenient parsing reads up to the limit and names the first member
    /// it dropped.
    pub fn member(&self) -> usize {
        self.member
    }

    /// Byte offset of the problem within its header line.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The member's key, escaped and truncated, when it could be read.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// Whether the error is about the member whose key is exactly `key`, even a key longer
    /// than [`key`](Self::key) shows.
    pub fn is_about(&self, key: &str) -> bool {
        match &self.key_as_read {
            Some(as_read) => **as_read == *key,
            None => self.key.as_deref() == Some(key),
        }
    }

    /// What is wrong.
    pub fn kind(&self) -> &ParseErrorKind {
        &self.kind
    }

    /// Whether this is a limit, which drops the member it is about and every one after it,
    /// rather than one malformed member.
    pub fn is_limit(&self) -> bool {
        matches!(
            self.kind,
            ParseErrorKind::TooManyMembers { .. } | ParseErrorKind::TooLong { .. }
        )
    }
}

fn describe_byte(byte: u8) -> String {
    if byte.is_ascii_graphic() || byte == b' ' {
        format!("{:?}", byte as char)
    } else {
        format!("byte 0x{byte:02X}")
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (member, offset) = (self.member, self.offset);
        let key = self.key.as_deref().unwrap_or("");
        match &self.kind {
            ParseErrorKind::EmptyMember => write!(
                f,
                "baggage member {member} at byte {offset} is empty (a doubled or trailing comma)"
            ),
            ParseErrorKind::MissingEquals => write!(
                f,
                "baggage member {member} at byte {offset} (`{key}`) has no `=` between key and value"
            ),
            ParseErrorKind::EmptyKey => write!(
                f,
                "baggage member {member} has an empty key at byte {offset}"
            ),
            ParseErrorKind::InvalidKey { byte } => write!(
                f,
                "baggage key `{key}` (member {member}) has {} at byte {offset}, which a key may not hold (keys are RFC 7230 tokens)",
                describe_byte(*byte)
            ),
            ParseErrorKind::InvalidValue { byte } => write!(
                f,
                "value of baggage key `{key}` (member {member}) has {} at byte {offset}, which must be percent-encoded",
                describe_byte(*byte)
            ),
            ParseErrorKind::MalformedEscape => write!(
                f,
                "value of baggage key `{key}` (member {member}) has a `%` at byte {offset} that is not followed by two hex digits"
            ),
            ParseErrorKind::EmptyProperty => write!(
                f,
                "baggage key `{key}` (member {member}) has an empty property at byte {offset}"
            ),
            ParseErrorKind::TooManyMembers { limit } => write!(
                f,
                "baggage has more than {limit} members; member {member} and the ones after it are dropped"
            ),
            ParseErrorKind::TooLong { limit, len } => write!(
                f,
                "baggage is {len} bytes, over the limit of {limit}; members from member {member} on are dropped"
            ),
        }
    }
}

impl std::error::Error for ParseError {}

/// One value that cannot be converted to or from its Rust type.
///
/// Raised by [`BaggageValue`](crate::BaggageValue) implementations; it names the expected type
/// and the reason, never the value, which the caller shows escaped if at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    expected: &'static str,
    reason: Cow<'static, str>,
}

impl ValueError {
    /// A value that is not a valid `expected` for `reason`.
    ///
    /// ```
    /// let error = baggage_core::ValueError::new("u8", "too large");
    /// assert_eq!(error.to_string(), "expected u8: too large");
    /// ```
    pub fn new(expected: &'static str, reason: impl Into<Cow<'static, str>>) -> Self {
        Self {
            expected,
            reason: reason.into(),
        }
    }

    /// The name of the type that was expected.
    pub fn expected(&self) -> &'static str {
        self.expected
    }

    /// Why the value is not one.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {}: {}", self.expected, self.reason)
    }
}

impl std::error::Error for ValueError {}

/// A typed struct that cannot be read from baggage.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The member of a key the struct reads is malformed, so it was dropped while reading.
    Header(ParseError),
    /// A key the struct reads is absent from a header that a [`Limits`](crate::Limits) cut:
    /// its member may be among those dropped, so it is not read as absent.
    CutByLimit {
        /// The key on the wire.
        key: &'static str,
        /// The limit, with where it cut the header.
        limit: ParseError,
    },
    /// A required key is absent.
    Missing {
        /// The key on the wire.
        key: &'static str,
    },
    /// A value that does not convert to the field's type.
    InvalidValue {
        /// The key on the wire.
        key: &'static str,
        /// What was expected and why the value is not one.
        error: ValueError,
        /// The value, escaped and truncated.
        value: String,
    },
    /// A value longer than the field's `max_len`.
    TooLong {
        /// The key on the wire.
        key: &'static str,
        /// The field's `max_len`, in bytes of the decoded value.
        max_len: usize,
        /// The decoded value's length in bytes.
        len: usize,
    },
    /// The signature of a `#[baggage(signed)]` struct is absent or does not verify.
    #[cfg(feature = "signed")]
    Signature(crate::signing::SigningError),
}

impl DecodeError {
    /// The key concerned, when the error is about one member.
    pub fn key(&self) -> Option<&'static str> {
        match self {
            Self::Missing { key }
            | Self::InvalidValue { key, .. }
            | Self::TooLong { key, .. }
            | Self::CutByLimit { key, .. } => Some(key),
            _ => None,
        }
    }

    /// A value that failed to convert, with the key and the value for the message.
    pub fn invalid_value(key: &'static str, raw: &str, error: ValueError) -> Self {
        Self::InvalidValue {
            key,
            error,
            value: preview(raw),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Header(error) => write!(f, "malformed baggage header: {error}"),
            Self::Missing { key } => write!(f, "baggage key `{key}` is required but absent"),
            Self::CutByLimit { key, limit } => write!(
                f,
                "baggage key `{key}` is not among the members read, and may be among those a limit dropped: {limit}"
            ),
            Self::InvalidValue { key, error, value } => {
                write!(f, "baggage key `{key}` has value \"{value}\": {error}")
            }
            Self::TooLong { key, max_len, len } => write!(
                f,
                "baggage key `{key}` has a {len}-byte value, over its max_len of {max_len}"
            ),
            #[cfg(feature = "signed")]
            Self::Signature(error) => write!(f, "baggage signature check failed: {error}"),
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Header(error) | Self::CutByLimit { limit: error, .. } => Some(error),
            Self::InvalidValue { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl From<ParseError> for DecodeError {
    fn from(error: ParseError) -> Self {
        Self::Header(error)
    }
}

/// A typed struct or a member that cannot be written as baggage.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// A field value with no baggage form (a NaN float, say).
    InvalidValue {
        /// The key on the wire.
        key: &'static str,
        /// What was expected and why the value is not one.
        error: ValueError,
    },
    /// A value longer than the field's `max_len`.
    TooLong {
        /// The key on the wire.
        key: &'static str,
        /// The field's `max_len`, in bytes of the decoded value.
        max_len: usize,
        /// The value's length in bytes.
        len: usize,
    },
    /// The struct's encoded members exceed its size budget.
    OverBudget {
        /// The struct's budget in bytes.
        budget: usize,
        /// The encoded length of its members.
        len: usize,
    },
    /// The whole baggage would exceed its [`Limits`](crate::Limits).
    Limits(InsertError),
    /// A string value that looks like personal data or a secret; the value is never shown.
    Pii {
        /// The key on the wire.
        key: &'static str,
        /// What the value looks like.
        kind: crate::policy::pii_value::PiiValueKind,
    },
    /// A `#[baggage(signed)]` struct could not be signed.
    #[cfg(feature = "signed")]
    Signature(crate::signing::SigningError),
}

impl EncodeError {
    /// The key concerned, when the error is about one member.
    pub fn key(&self) -> Option<&str> {
        match self {
            Self::InvalidValue { key, .. } | Self::TooLong { key, .. } | Self::Pii { key, .. } => {
                Some(key)
            }
            Self::Limits(
                InsertError::TooManyMembers { key, .. } | InsertError::TooLong { key, .. },
            ) => Some(key),
            _ => None,
        }
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidValue { key, error } => {
                write!(f, "baggage key `{key}` cannot be encoded: {error}")
            }
            Self::TooLong { key, max_len, len } => write!(
                f,
                "baggage key `{key}` has a {len}-byte value, over its max_len of {max_len}"
            ),
            Self::OverBudget { budget, len } => write!(
                f,
                "baggage members take {len} bytes, {} over the budget of {budget}",
                len.saturating_sub(*budget)
            ),
            Self::Limits(error) => write!(f, "baggage cannot be written: {error}"),
            Self::Pii { key, kind } => write!(
                f,
                "baggage key `{key}` holds what looks like {kind}, which must not travel in baggage; \
                 if it may, mark the field #[baggage(allow_pii = \"reason\")]"
            ),
            #[cfg(feature = "signed")]
            Self::Signature(error) => write!(f, "baggage cannot be signed: {error}"),
        }
    }
}

impl std::error::Error for EncodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::InvalidValue { error, .. } => Some(error),
            Self::Limits(error) => Some(error),
            _ => None,
        }
    }
}

impl From<InsertError> for EncodeError {
    fn from(error: InsertError) -> Self {
        Self::Limits(error)
    }
}

/// A member that [`StringBaggage::insert`](crate::StringBaggage::insert) refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InsertError {
    /// The key is not a valid baggage key.
    InvalidKey(KeyError),
    /// The baggage would hold more members than its limit.
    TooManyMembers {
        /// The key being inserted.
        key: String,
        /// The limit in force.
        limit: usize,
    },
    /// The encoded baggage would be longer than its byte limit.
    TooLong {
        /// The key being inserted.
        key: String,
        /// The limit in force.
        limit: usize,
        /// The encoded length the baggage would have.
        len: usize,
    },
}

impl fmt::Display for InsertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidKey(error) => error.fmt(f),
            Self::TooManyMembers { key, limit } => write!(
                f,
                "adding `{key}` would make more than {limit} baggage members"
            ),
            Self::TooLong { key, limit, len } => write!(
                f,
                "adding `{key}` would make the baggage {len} bytes, over the limit of {limit}"
            ),
        }
    }
}

impl std::error::Error for InsertError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::InvalidKey(error) => Some(error),
            _ => None,
        }
    }
}

impl From<KeyError> for InsertError {
    fn from(error: KeyError) -> Self {
        Self::InvalidKey(error)
    }
}
