//! [`StringBaggage`]: the ordered list of members that the header carries.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use super::keys::dropped_reason;
use super::limits::Limits;
use super::member::Member;
use super::options::ParseOptions;
use crate::error::{InsertError, ParseError};

/// Baggage as an ordered list of string members, exactly as the W3C `baggage` header carries it.
///
/// - Members keep their order, duplicates included, so a header nobody changes is passed on with
///   the same members in the same order.
/// - [`get`](Self::get) answers the **last** occurrence of a key, as the OpenTelemetry SDKs do.
/// - [`insert`](Self::insert) replaces **every** occurrence of the key by one member placed where
///   the first occurrence was (or at the end), so no SDK, whichever occurrence it reads, sees a
///   stale value. [`remove`](Self::remove) removes every occurrence.
/// - Keys are case-sensitive.
/// - Values are held percent-decoded; those without escapes borrow from the parsed header.
/// - A member read from a header and not changed since is written with the text it came with
///   ([`Member::received`]); members set here are written conservatively (see
///   [`to_header`](Self::to_header)).
///
/// ```
/// use baggage_core::StringBaggage;
///
/// let mut baggage = StringBaggage::parse("user_id=12345, region = us-west;source=edge")?;
/// assert_eq!(baggage.get("user_id"), Some("12345"));
/// baggage.insert("note", "a,b=c")?;
/// assert_eq!(
///     baggage.to_header(),
///     "user_id=12345,region = us-west;source=edge,note=a%2Cb%3Dc"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct StringBaggage<'a> {
    pub(crate) members: Vec<Member<'a>>,
    pub(crate) limits: Limits,
    /// What a lenient read dropped: malformed members, and the limit that cut the rest.
    pub(crate) read_errors: Vec<ParseError>,
}

impl PartialEq for StringBaggage<'_> {
    /// Two baggages are equal when they hold the same members in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.members == other.members
    }
}

impl Eq for StringBaggage<'_> {}

impl<'a> StringBaggage<'a> {
    /// Empty baggage with the default [`Limits`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Empty baggage with the given limits.
    pub fn with_limits(limits: Limits) -> Self {
        Self {
            members: Vec::new(),
            limits,
            read_errors: Vec::new(),
        }
    }

    /// The limits applied to this baggage.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Reads a header strictly: any malformed member, or a header past the default [`Limits`],
    /// is an error that says where and why.
    ///
    /// An empty (or blank) header is empty baggage. Other limits and several header lines are
    /// read through [`options`](Self::options).
    ///
    /// # Errors
    ///
    /// The first malformed member, or the limit the header goes past, as a [`ParseError`] that
    /// names the member, the byte and the key.
    ///
    /// ```
    /// use baggage_core::StringBaggage;
    ///
    /// let error = StringBaggage::parse("a=1,b c=2").unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "baggage key `b c` (member 1) has ' ' at byte 5, which a key may not hold (keys are RFC 7230 tokens)"
    /// );
    /// ```
    pub fn parse(header: &'a str) -> Result<Self, ParseError> {
        ParseOptions::new().parse(header)
    }

    /// Reads a header as a propagator does: every malformed member is dropped and reported, every
    /// other member is kept, and reading never fails as a whole.
    ///
    /// Past the default [`Limits`], members are dropped from the end, never cut in part. Other
    /// limits and several header lines are read through [`options`](Self::options).
    ///
    /// ```
    /// use baggage_core::StringBaggage;
    ///
    /// let (baggage, errors) = StringBaggage::parse_lenient("a=1,bad key=2,c=%zz,d=4");
    /// assert_eq!(baggage.to_header(), "a=1,d=4");
    /// assert_eq!(errors.len(), 2);
    /// ```
    pub fn parse_lenient(header: &'a str) -> (Self, Vec<ParseError>) {
        ParseOptions::new().parse_lenient(header)
    }

    /// Options for reading under other [`Limits`] or from several header lines.
    ///
    /// ```
    /// use baggage_core::{Limits, StringBaggage};
    ///
    /// let (baggage, errors) = StringBaggage::options()
    ///     .limits(Limits::new(2, 8192))
    ///     .parse_lines_lenient(["a=1,b=2", "c=3"]);
    /// assert_eq!(baggage.to_header(), "a=1,b=2");
    /// assert!(errors[0].is_limit());
    /// ```
    pub const fn options() -> ParseOptions {
        ParseOptions::new()
    }

    /// What reading this baggage leniently dropped: each malformed member, and the limit that cut
    /// the members after it, if one did. Empty for baggage read strictly or built here.
    ///
    /// A typed read consults it, so that a key whose member was dropped is never read as absent
    /// (as `None` or a default): it fails with the reason the member was dropped,
    /// [`DecodeError::Header`](crate::DecodeError::Header) for a malformed member and
    /// [`DecodeError::CutByLimit`](crate::DecodeError::CutByLimit) when a limit cut the header.
    ///
    /// ```
    /// use baggage_core::{Limits, StringBaggage};
    ///
    /// let (baggage, errors) = StringBaggage::options().limits(Limits::new(2, 8192)).parse_lenient("a=1,b=%zz,c=3,d=4");
    /// assert_eq!(baggage.to_header(), "a=1,c=3");
    /// assert_eq!(baggage.read_errors(), errors.as_slice());
    /// assert_eq!(baggage.read_errors()[0].key(), Some("b"));
    /// assert!(baggage.limit_error().is_some());
    /// ```
    pub fn read_errors(&self) -> &[ParseError] {
        &self.read_errors
    }

    /// The limit that cut members from the end when this baggage was read, if one did; see
    /// [`read_errors`](Self::read_errors).
    pub fn limit_error(&self) -> Option<&ParseError> {
        self.read_errors.iter().find(|error| error.is_limit())
    }

    /// Why the member of `key` was dropped when this baggage was read: its own parse error, or
    /// else the limit that cut the header; `None` when nothing was dropped that could be it.
    pub(crate) fn dropped_reason(&self, key: &str) -> Option<&ParseError> {
        dropped_reason(&self.read_errors, key)
    }

    /// The value of the last member with this key.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.get_member(key).map(Member::value)
    }

    /// The last member with this key, properties included.
    pub fn get_member(&self, key: &str) -> Option<&Member<'a>> {
        self.members.iter().rev().find(|member| member.key() == key)
    }

    /// The values of every member with this key, in order.
    pub fn get_all<'s>(&'s self, key: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.members
            .iter()
            .filter(move |member| member.key() == key)
            .map(Member::value)
    }

    /// Sets `key` to `value`, without properties, and returns the value [`get`](Self::get)
    /// answered before.
    ///
    /// Every earlier occurrence of `key` is replaced by this one member, placed where the first
    /// occurrence was, or at the end for a new key. Fails, leaving the baggage unchanged, when the
    /// key is invalid or the baggage would pass its limits.
    ///
    /// # Errors
    ///
    /// [`InsertError`] when the key is invalid, or when the member would take the baggage past
    /// its member or byte limit; the baggage is unchanged then.
    ///
    /// ```
    /// use baggage_core::StringBaggage;
    ///
    /// let mut baggage = StringBaggage::parse("a=1,b=2,a=3")?;
    /// assert_eq!(baggage.insert("a", "4")?.as_deref(), Some("3"));
    /// assert_eq!(baggage.to_header(), "a=4,b=2");
    /// assert!(baggage.insert("bad key", "x").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn insert(
        &mut self,
        key: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
    ) -> Result<Option<Cow<'a, str>>, InsertError> {
        self.insert_member(Member::new(key, value)?)
    }

    /// Sets a whole member, properties included; see [`insert`](Self::insert).
    ///
    /// # Errors
    ///
    /// [`InsertError`] when the member would take the baggage past its member or byte limit;
    /// the baggage is unchanged then.
    pub fn insert_member(
        &mut self,
        member: Member<'a>,
    ) -> Result<Option<Cow<'a, str>>, InsertError> {
        let kept = || self.members.iter().filter(|m| m.key() != member.key());
        let count = kept().count() + 1;
        if count > self.limits.max_members() {
            return Err(InsertError::TooManyMembers {
                key: member.key().to_owned(),
                limit: self.limits.max_members(),
            });
        }
        let len = kept().map(|m| m.encoded_len() + 1).sum::<usize>() + member.encoded_len();
        if len > self.limits.max_bytes() {
            return Err(InsertError::TooLong {
                key: member.key().to_owned(),
                limit: self.limits.max_bytes(),
                len,
            });
        }
        let Some(first) = self.members.iter().position(|m| m.key() == member.key()) else {
            self.members.push(member);
            return Ok(None);
        };
        // The first member with the key is replaced where it stands and the others removed, in
        // place; the value returned is the last one's, which `get` answered.
        let mut previous = None;
        let mut index = 0;
        self.members.retain_mut(|existing| {
            index += 1;
            if index <= first + 1 || existing.key() != member.key() {
                return true;
            }
            previous = Some(existing.take_value());
            false
        });
        let replaced = self
            .members
            .get_mut(first)
            .map(|slot| std::mem::replace(slot, member).into_value());
        Ok(previous.or(replaced))
    }

    /// Removes every member with this key and returns the value [`get`](Self::get) answered.
    pub fn remove(&mut self, key: &str) -> Option<Cow<'a, str>> {
        let mut previous = None;
        self.members.retain_mut(|member| {
            if member.key() != key {
                return true;
            }
            previous = Some(member.take_value());
            false
        });
        previous
    }

    /// Keeps only the members for which `keep` returns `true`, in order.
    pub fn retain(&mut self, keep: impl FnMut(&Member<'a>) -> bool) {
        self.members.retain(keep);
    }

    /// The members, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Member<'a>> {
        self.members.iter()
    }

    /// The number of members, duplicates included.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The length of [`to_header`](Self::to_header)'s output, computed without writing it.
    pub fn encoded_len(&self) -> usize {
        self.written().map(|(_, end)| end).last().unwrap_or(0)
    }

    /// Writes the header value.
    ///
    /// A member read from a header and not changed since is written byte for byte as it came
    /// (its text between commas, surrounding whitespace trimmed, properties included), so that
    /// baggage passed through reads in the next service exactly as it did in the one before:
    /// a Python service's `note=a+b%2Bc` stays `a+b%2Bc`, which Python reads as `a b+c`.
    ///
    /// A member set here is written conservatively: keys as they are, values and property values
    /// percent-encoded except for the RFC 3986 unreserved characters ([`VALUE_ENCODE_SET`](super::VALUE_ENCODE_SET)).
    /// Members are separated by `,` with no whitespace. Members past the [`Limits`] are left out
    /// whole, from the end; the output never holds part of a member, and it always parses back to
    /// the same members, all of them when [`fits_limits`](Self::fits_limits) is true.
    ///
    /// Encoding can make a value longer than it came (a raw `=` is written `%3D`), so a member
    /// set anew with a value read at the byte limit may not fit it once written.
    pub fn to_header(&self) -> String {
        let mut out = String::with_capacity(self.encoded_len());
        self.write_header(&mut out);
        out
    }

    /// Appends the header value to `out`; see [`to_header`](Self::to_header).
    pub fn write_header(&self, out: &mut String) {
        for (index, (member, _)) in self.written().enumerate() {
            if index > 0 {
                out.push(',');
            }
            member.write(out);
        }
    }

    /// Whether [`to_header`](Self::to_header) writes every member, none being cut by the limits.
    pub fn fits_limits(&self) -> bool {
        self.written().count() == self.members.len()
    }

    /// The members that fit the limits, each with the header length once it is written.
    fn written(&self) -> impl Iterator<Item = (&Member<'a>, usize)> {
        let max_bytes = self.limits.max_bytes();
        self.members
            .iter()
            .take(self.limits.max_members())
            .scan(0usize, move |len, member| {
                let separator = usize::from(*len > 0);
                let end = *len + separator + member.encoded_len();
                if end > max_bytes {
                    return None;
                }
                *len = end;
                Some((member, end))
            })
    }

    /// This baggage with owned strings, no longer borrowing the header.
    pub fn into_owned(self) -> StringBaggage<'static> {
        StringBaggage {
            members: self.members.into_iter().map(Member::into_owned).collect(),
            limits: self.limits,
            read_errors: self.read_errors,
        }
    }
}

impl fmt::Display for StringBaggage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_header())
    }
}

impl FromStr for StringBaggage<'static> {
    type Err = ParseError;

    /// Reads a header strictly, as [`StringBaggage::parse`], into owned baggage.
    fn from_str(header: &str) -> Result<Self, ParseError> {
        StringBaggage::parse(header).map(StringBaggage::into_owned)
    }
}

impl<'a> FromIterator<Member<'a>> for StringBaggage<'a> {
    /// Collects members in order, duplicates included, with the default limits.
    fn from_iter<I: IntoIterator<Item = Member<'a>>>(members: I) -> Self {
        Self {
            members: members.into_iter().collect(),
            limits: Limits::DEFAULT,
            read_errors: Vec::new(),
        }
    }
}

impl<'a> Extend<Member<'a>> for StringBaggage<'a> {
    /// Appends members in order, as they are: duplicates are kept.
    fn extend<I: IntoIterator<Item = Member<'a>>>(&mut self, members: I) {
        self.members.extend(members);
    }
}

impl<'a> IntoIterator for StringBaggage<'a> {
    type Item = Member<'a>;
    type IntoIter = std::vec::IntoIter<Member<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.members.into_iter()
    }
}

impl<'s, 'a> IntoIterator for &'s StringBaggage<'a> {
    type Item = &'s Member<'a>;
    type IntoIter = std::slice::Iter<'s, Member<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.members.iter()
    }
}
