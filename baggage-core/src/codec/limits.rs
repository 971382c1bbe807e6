//! [`Limits`]: how many members and bytes baggage may hold.

/// Bounds on the size of baggage, applied when reading and writing.
///
/// The W3C specification requires a platform to propagate at least 64 members and 8192 bytes; its
/// grammar allows at most 180 members. The default keeps the grammar's 180 and 8192 bytes.
///
/// ```
/// use baggage_core::{Limits, StringBaggage};
///
/// let limits = Limits::new(2, 8192);
/// let (baggage, errors) = StringBaggage::options().limits(limits).parse_lenient("a=1,b=2,c=3");
/// assert_eq!(baggage.len(), 2);
/// assert_eq!(errors.len(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    max_members: usize,
    max_bytes: usize,
}

impl Limits {
    /// 180 members (the grammar's ceiling) and 8192 bytes.
    pub const DEFAULT: Self = Self::new(180, 8192);

    /// The minimum the W3C specification requires a platform to propagate: 64 members and 8192
    /// bytes, which is also what opentelemetry-rust keeps.
    pub const W3C_MINIMUM: Self = Self::new(64, 8192);

    /// Limits of `max_members` members and `max_bytes` bytes of header.
    pub const fn new(max_members: usize, max_bytes: usize) -> Self {
        Self {
            max_members,
            max_bytes,
        }
    }

    /// The largest number of members kept.
    pub const fn max_members(&self) -> usize {
        self.max_members
    }

    /// The largest header length in bytes, the commas between header lines included.
    pub const fn max_bytes(&self) -> usize {
        self.max_bytes
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
