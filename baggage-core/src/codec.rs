//! The string-only W3C Baggage codec: [`StringBaggage`], an ordered list of members read from and
//! written to the `baggage` header.
//!
//! Reading follows the grammar of the W3C Baggage specification exactly; writing is conservative
//! (see [`StringBaggage::to_header`]) so that every OpenTelemetry SDK reads back the same values.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

use crate::error::{preview, InsertError, ParseError, ParseErrorKind};
use crate::key::{is_valid_key, validate_key, KeyError};
use baggage_rules::class;

/// Every byte but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is percent-encoded
/// in values that this crate writes.
///
/// The W3C grammar would allow more raw octets, but OpenTelemetry SDKs have misread them: the Rust
/// SDK truncates a value at a raw `=`, the Python and Java SDKs have read a raw `+` as a space and
/// the C++ SDK rejects a raw `:`. Encoding them keeps every SDK reading the same value.
pub const VALUE_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Bounds on the size of baggage, applied when reading and writing.
///
/// The W3C specification requires a platform to propagate at least 64 members and 8192 bytes; its
/// grammar allows at most 180 members. The default keeps the grammar's 180 and 8192 bytes.
///
/// ```
/// use baggage_core::{Limits, StringBaggage};
///
/// let limits = Limits::new(2, 8192);
/// let (baggage, errors) = StringBaggage::parse_lenient_with("a=1,b=2,c=3", limits);
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

/// One `;`-separated property of a member: `key=value` or a bare `key`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Property<'a> {
    key: Cow<'a, str>,
    value: Option<Cow<'a, str>>,
}

impl<'a> Property<'a> {
    /// A property `key=value`, or a bare `key` when `value` is `None`.
    pub fn new(
        key: impl Into<Cow<'a, str>>,
        value: Option<impl Into<Cow<'a, str>>>,
    ) -> Result<Self, KeyError> {
        let key = key.into();
        validate_key(&key)?;
        Ok(Self {
            key,
            value: value.map(Into::into),
        })
    }

    /// The property's key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The property's decoded value, `None` for a bare key.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// This property with owned strings.
    pub fn into_owned(self) -> Property<'static> {
        Property {
            key: Cow::Owned(self.key.into_owned()),
            value: self.value.map(|value| Cow::Owned(value.into_owned())),
        }
    }

    fn encoded_len(&self) -> usize {
        1 + self.key.len()
            + self
                .value
                .as_deref()
                .map_or(0, |v| 1 + encoded_value_len(v))
    }
}

/// One list member: a key, its decoded value and its properties.
///
/// A member read from a header remembers the text it came with (between its commas, surrounding
/// whitespace trimmed), and is written with exactly that text until it is replaced, so that
/// baggage passed on unchanged reads in the next service as it did in the one before. Equality
/// compares keys, decoded values and properties, not that text: `a=%41` equals `a=A`.
///
/// ```
/// use baggage_core::Member;
///
/// let member = Member::new("region", "us west")?.with_property("source", Some("edge"))?;
/// assert_eq!(member.to_string(), "region=us%20west;source=edge");
/// # Ok::<(), baggage_core::KeyError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Member<'a> {
    key: Cow<'a, str>,
    value: Cow<'a, str>,
    properties: Vec<Property<'a>>,
    /// The member's text as it was read, written back as it is; `None` for a member made here.
    received: Option<Cow<'a, str>>,
}

impl PartialEq for Member<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key && self.value == other.value && self.properties == other.properties
    }
}

impl Eq for Member<'_> {}

impl std::hash::Hash for Member<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key.hash(state);
        self.value.hash(state);
        self.properties.hash(state);
    }
}

impl<'a> Member<'a> {
    /// A member `key=value` without properties; fails when `key` is not a valid key.
    pub fn new(
        key: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
    ) -> Result<Self, KeyError> {
        let key = key.into();
        validate_key(&key)?;
        Ok(Self {
            key,
            value: value.into(),
            properties: Vec::new(),
            received: None,
        })
    }

    /// This member with one more property (`None` for a bare key). The member is then written
    /// anew, no longer with the text it was read with.
    pub fn with_property(
        mut self,
        key: impl Into<Cow<'a, str>>,
        value: Option<impl Into<Cow<'a, str>>>,
    ) -> Result<Self, KeyError> {
        self.properties.push(Property::new(key, value)?);
        self.received = None;
        Ok(self)
    }

    /// The text this member was read with, which [`StringBaggage::to_header`] writes back
    /// unchanged; `None` for a member made with [`Member::new`].
    ///
    /// ```
    /// use baggage_core::StringBaggage;
    ///
    /// // As Python's propagator writes `a b+c`: the next Python service must read it the same.
    /// let baggage = StringBaggage::parse("note=a+b%2Bc")?;
    /// let note = baggage.get_member("note").unwrap();
    /// assert_eq!(note.value(), "a+b+c");
    /// assert_eq!(note.received(), Some("note=a+b%2Bc"));
    /// assert_eq!(baggage.to_header(), "note=a+b%2Bc");
    /// # Ok::<(), baggage_core::ParseError>(())
    /// ```
    pub fn received(&self) -> Option<&str> {
        self.received.as_deref()
    }

    /// The member's key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The member's decoded value.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The member's properties, in order.
    pub fn properties(&self) -> &[Property<'a>] {
        &self.properties
    }

    /// Whether the value borrows from the parsed header rather than owning a copy.
    pub fn is_value_borrowed(&self) -> bool {
        matches!(self.value, Cow::Borrowed(_))
    }

    /// This member with owned strings.
    pub fn into_owned(self) -> Member<'static> {
        Member {
            key: Cow::Owned(self.key.into_owned()),
            value: Cow::Owned(self.value.into_owned()),
            properties: self
                .properties
                .into_iter()
                .map(Property::into_owned)
                .collect(),
            received: self.received.map(|text| Cow::Owned(text.into_owned())),
        }
    }

    /// The length of this member as [`StringBaggage::to_header`] writes it.
    pub fn encoded_len(&self) -> usize {
        if let Some(received) = &self.received {
            return received.len();
        }
        self.key.len()
            + 1
            + encoded_value_len(&self.value)
            + self
                .properties
                .iter()
                .map(Property::encoded_len)
                .sum::<usize>()
    }

    fn write(&self, out: &mut String) {
        if let Some(received) = &self.received {
            out.push_str(received);
            return;
        }
        out.push_str(&self.key);
        out.push('=');
        encode_value_into(&self.value, out);
        for property in &self.properties {
            out.push(';');
            out.push_str(&property.key);
            if let Some(value) = &property.value {
                out.push('=');
                encode_value_into(value, out);
            }
        }
    }
}

impl fmt::Display for Member<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::with_capacity(self.encoded_len());
        self.write(&mut out);
        f.write_str(&out)
    }
}

/// Appends `value` to `out` percent-encoded with [`VALUE_ENCODE_SET`].
pub fn encode_value_into(value: &str, out: &mut String) {
    out.extend(percent_encoding::utf8_percent_encode(
        value,
        VALUE_ENCODE_SET,
    ));
}

/// Percent-encodes with [`VALUE_ENCODE_SET`], in place, the value written to `out` from `start`
/// on: the buffer grows by two bytes an escape and the value is rewritten from its end, so no
/// second buffer is needed.
pub(crate) fn escape_value_from(out: &mut String, start: usize) {
    let Some(value) = out.as_bytes().get(start..) else {
        return;
    };
    let escapes = value.iter().filter(|&&b| !is_unreserved(b)).count();
    if escapes == 0 {
        return;
    }
    let mut bytes = std::mem::take(out).into_bytes();
    let end = bytes.len();
    bytes.resize(end + 2 * escapes, 0);
    if let Some(region) = bytes.get_mut(start..) {
        escape_backwards(region, end - start);
    }
    // Only whole bytes were replaced by ASCII escapes, so the text is still UTF-8.
    *out = String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
}

/// Rewrites the `value_len` bytes at the start of `region` percent-encoded into the whole of
/// `region`, which has room for exactly their escapes.
fn escape_backwards(region: &mut [u8], value_len: usize) {
    // Runs of unreserved bytes move whole, from the last one back, so each byte is read before
    // anything is written over it: the write position never falls below the read position.
    let (mut read, mut write) = (value_len.min(region.len()), region.len());
    while read > 0 {
        let head = region.get(..read).unwrap_or_default();
        let run_start = head
            .iter()
            .rposition(|&b| !is_unreserved(b))
            .map_or(0, |at| at + 1);
        let run_len = read - run_start;
        let Some(run_write) = write.checked_sub(run_len) else {
            break;
        };
        if run_write + run_len <= region.len() {
            region.copy_within(run_start..read, run_write);
        }
        let (Some(escaped), Some(escape_write)) =
            (run_start.checked_sub(1), run_write.checked_sub(3))
        else {
            break;
        };
        let Some(&byte) = region.get(escaped) else {
            break;
        };
        if let Some(slot) = region.get_mut(escape_write..run_write) {
            slot.copy_from_slice(&percent_escape(byte));
        }
        (read, write) = (escaped, escape_write);
    }
}

/// `%XX` for `byte`, in upper-case hex as `percent-encoding` writes it.
fn percent_escape(byte: u8) -> [u8; 3] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    [
        b'%',
        HEX[usize::from(byte >> 4)],
        HEX[usize::from(byte & 0x0F)],
    ]
}

pub use baggage_rules::encoded_value_len;

/// Whether `byte` is an RFC 3986 unreserved character, written raw in values.
#[inline]
pub(crate) fn is_unreserved(byte: u8) -> bool {
    class::is_unreserved(byte)
}

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
    members: Vec<Member<'a>>,
    limits: Limits,
    /// What a lenient read dropped: malformed members, and the limit that cut the rest.
    read_errors: Vec<ParseError>,
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
    /// An empty (or blank) header is empty baggage.
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
        Self::parse_with(header, Limits::DEFAULT)
    }

    /// [`parse`](Self::parse) with the given limits.
    pub fn parse_with(header: &'a str, limits: Limits) -> Result<Self, ParseError> {
        Self::parse_headers([header], limits)
    }

    /// Reads several `baggage` header lines strictly, as one list in order.
    ///
    /// The byte limit applies to the lines joined with commas.
    pub fn parse_headers<I>(lines: I, limits: Limits) -> Result<Self, ParseError>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let mut members = Vec::new();
        let mut parser = Parser::new(
            limits,
            true,
            |member: ScannedMember<'a>| {
                members.push(member.into_member());
                true
            },
            |_| {},
            no_known_keys,
        );
        for line in lines {
            parser.line(line)?;
        }
        Ok(Self {
            members,
            limits,
            read_errors: Vec::new(),
        })
    }

    /// Reads a header as a propagator does: every malformed member is dropped and reported, every
    /// other member is kept, and reading never fails as a whole.
    ///
    /// Past the default [`Limits`], members are dropped from the end, never cut in part.
    ///
    /// ```
    /// use baggage_core::StringBaggage;
    ///
    /// let (baggage, errors) = StringBaggage::parse_lenient("a=1,bad key=2,c=%zz,d=4");
    /// assert_eq!(baggage.to_header(), "a=1,d=4");
    /// assert_eq!(errors.len(), 2);
    /// ```
    pub fn parse_lenient(header: &'a str) -> (Self, Vec<ParseError>) {
        Self::parse_lenient_with(header, Limits::DEFAULT)
    }

    /// [`parse_lenient`](Self::parse_lenient) with the given limits.
    pub fn parse_lenient_with(header: &'a str, limits: Limits) -> (Self, Vec<ParseError>) {
        Self::parse_headers_lenient([header], limits)
    }

    /// Reads several `baggage` header lines leniently, as one list in order.
    pub fn parse_headers_lenient<I>(lines: I, limits: Limits) -> (Self, Vec<ParseError>)
    where
        I: IntoIterator<Item = &'a str>,
    {
        let mut members = Vec::new();
        let mut errors = Vec::new();
        let mut parser = Parser::new(
            limits,
            false,
            |member: ScannedMember<'a>| {
                members.push(member.into_member());
                true
            },
            |error| errors.push(error),
            no_known_keys,
        );
        parser.lines(lines);
        let baggage = Self {
            members,
            limits,
            read_errors: errors.clone(),
        };
        (baggage, errors)
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
    /// let (baggage, errors) = StringBaggage::parse_lenient_with("a=1,b=%zz,c=3,d=4", Limits::new(2, 8192));
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
        self.read_errors
            .iter()
            .find(|error| error.key() == Some(key))
            .or_else(|| self.limit_error())
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
    pub fn insert_member(
        &mut self,
        member: Member<'a>,
    ) -> Result<Option<Cow<'a, str>>, InsertError> {
        let kept = || self.members.iter().filter(|m| m.key != member.key);
        let count = kept().count() + 1;
        if count > self.limits.max_members {
            return Err(InsertError::TooManyMembers {
                key: member.key.into_owned(),
                limit: self.limits.max_members,
            });
        }
        let len = kept().map(|m| m.encoded_len() + 1).sum::<usize>() + member.encoded_len();
        if len > self.limits.max_bytes {
            return Err(InsertError::TooLong {
                key: member.key.into_owned(),
                limit: self.limits.max_bytes,
                len,
            });
        }
        let mut previous = None;
        let old = std::mem::take(&mut self.members);
        self.members.reserve(old.len() + 1);
        let mut pending = Some(member);
        let mut placed_at = None;
        for existing in old {
            let replaced = match (&pending, placed_at) {
                (Some(new), _) => existing.key == new.key,
                (None, Some(at)) => self
                    .members
                    .get(at)
                    .is_some_and(|placed: &Member<'a>| placed.key == existing.key),
                (None, None) => false,
            };
            if !replaced {
                self.members.push(existing);
                continue;
            }
            previous = Some(existing.value);
            if let Some(new) = pending.take() {
                placed_at = Some(self.members.len());
                self.members.push(new);
            }
        }
        if let Some(new) = pending {
            self.members.push(new);
        }
        Ok(previous)
    }

    /// Removes every member with this key and returns the value [`get`](Self::get) answered.
    pub fn remove(&mut self, key: &str) -> Option<Cow<'a, str>> {
        let mut previous = None;
        self.members.retain_mut(|member| {
            if member.key() != key {
                return true;
            }
            previous = Some(std::mem::replace(&mut member.value, Cow::Borrowed("")));
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
    /// percent-encoded except for the RFC 3986 unreserved characters ([`VALUE_ENCODE_SET`]).
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
        let max_bytes = self.limits.max_bytes;
        self.members
            .iter()
            .take(self.limits.max_members)
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

/// A well-formed member as the parser found it: key and value read, properties checked but
/// left unparsed, so that a typed reader that needs no properties allocates nothing for them.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct ScannedMember<'a> {
    /// The key.
    pub key: &'a str,
    /// The whole member as it came, surrounding whitespace trimmed.
    text: &'a str,
    raw_value: &'a str,
    escaped: bool,
    properties: Option<&'a str>,
}

impl<'a> ScannedMember<'a> {
    /// The percent-decoded value; borrowed when it holds no escape, decoded only when asked for.
    pub fn into_value(self) -> Cow<'a, str> {
        decode_checked(self.raw_value, self.escaped)
    }

    /// The value as it is on the wire, for a typed reader that converts it without decoding
    /// it into a string first.
    #[inline]
    pub fn into_wire(self) -> WireValue<'a> {
        WireValue {
            raw: self.raw_value,
            escaped: self.escaped,
        }
    }

    fn into_member(self) -> Member<'a> {
        let properties = self
            .properties
            .map(|text| text.split(';').filter_map(scan_property).collect())
            .unwrap_or_default();
        Member {
            key: Cow::Borrowed(self.key),
            value: decode_checked(self.raw_value, self.escaped),
            properties,
            received: Some(Cow::Borrowed(self.text)),
        }
    }
}

/// A member value as it is on the wire, already checked: every `%` starts a valid escape (what
/// the escapes decode to that is not UTF-8 reads as U+FFFD).
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct WireValue<'a> {
    raw: &'a str,
    escaped: bool,
}

impl<'a> WireValue<'a> {
    /// A value the scanner checked; `escaped` says whether it holds a `%`.
    #[inline]
    pub(crate) fn new(raw: &'a str, escaped: bool) -> Self {
        Self { raw, escaped }
    }

    /// The percent-encoded text.
    #[inline]
    pub fn raw(self) -> &'a str {
        self.raw
    }

    /// Whether the text holds a percent escape.
    #[inline]
    pub fn is_escaped(self) -> bool {
        self.escaped
    }

    /// The decoded value; borrowed when it holds no escape.
    #[inline]
    pub fn decoded(self) -> Cow<'a, str> {
        decode_checked(self.raw, self.escaped)
    }

    /// The decoded value's length in bytes, without decoding it: each escape is three bytes on
    /// the wire and one decoded.
    #[inline]
    pub fn decoded_len(self) -> usize {
        if !self.escaped {
            return self.raw.len();
        }
        let bytes = self.raw.as_bytes();
        let escapes = bytes.iter().filter(|&&b| b == b'%').count();
        // An escaped octet above 0x7F may be part of a sequence that is not UTF-8, which decodes
        // longer (U+FFFD is three bytes): measure the decoded text then.
        let non_ascii = bytes
            .iter()
            .zip(bytes.iter().skip(1))
            .any(|(&percent, &high)| {
                percent == b'%' && matches!(high, b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
            });
        if non_ascii {
            return self.decoded().len();
        }
        self.raw.len().saturating_sub(2 * escapes)
    }
}

/// Reads header lines leniently, as [`StringBaggage::parse_headers_lenient`] does, handing each
/// well-formed member and each error to a callback instead of collecting them.
///
/// Used by `#[derive(Baggage)]` to read a struct in one pass without building baggage.
/// `known_key_len` gives the length of the key the text it is given starts with, when that key is
/// one the struct reads and `=` follows it, and 0 otherwise: a known key's end is then not
/// searched for. `on_member` answers whether it knows the member's key. The keys it knows must be
/// valid keys (the derive's are checked at compile time): only the others are checked, so a member
/// the struct reads is not scanned twice.
#[doc(hidden)]
pub fn scan_headers<'a, I>(
    lines: I,
    limits: Limits,
    known_key_len: impl Fn(&[u8]) -> usize,
    on_member: impl FnMut(ScannedMember<'a>) -> bool,
    on_error: impl FnMut(ParseError),
) where
    I: IntoIterator<Item = &'a str>,
{
    let mut parser = Parser::new(limits, false, on_member, on_error, known_key_len);
    parser.known_keys = true;
    parser.lines(lines);
}

/// The key matcher of a parser that knows no keys.
fn no_known_keys(_: &[u8]) -> usize {
    0
}

/// Stops parsing: a strict error, or a limit reached in lenient mode.
struct Stop(ParseError);

struct Parser<M, E, K> {
    limits: Limits,
    /// Strict parsing stops at the first error; lenient parsing reports it and goes on.
    strict: bool,
    on_member: M,
    on_error: E,
    /// The length of the known key a member starts with, or 0; see [`scan_headers`].
    known_key_len: K,
    /// Well-formed members kept so far, for the member limit.
    kept: usize,
    /// Members seen so far, malformed ones included, for error positions.
    seen: usize,
    /// Header bytes consumed so far across lines, commas between lines included.
    bytes: usize,
    /// Whether `on_member` answers if it knows a key, so that only the keys it does not know
    /// need checking; otherwise every key is checked before `on_member` sees it.
    known_keys: bool,
}

impl<'a, M, E, K> Parser<M, E, K>
where
    M: FnMut(ScannedMember<'a>) -> bool,
    E: FnMut(ParseError),
    K: Fn(&[u8]) -> usize,
{
    fn new(limits: Limits, strict: bool, on_member: M, on_error: E, known_key_len: K) -> Self {
        Self {
            limits,
            strict,
            on_member,
            on_error,
            known_key_len,
            kept: 0,
            seen: 0,
            bytes: 0,
            known_keys: false,
        }
    }

    /// Reports a malformed member; `Err` when parsing must stop.
    fn report(&mut self, error: ParseError) -> Result<(), Stop> {
        if self.strict {
            return Err(Stop(error));
        }
        (self.on_error)(error);
        Ok(())
    }

    /// Reports a limit, which stops parsing in either mode.
    fn stop(&mut self, error: ParseError) -> Stop {
        if !self.strict {
            (self.on_error)(error.clone());
        }
        Stop(error)
    }

    /// Reads lines leniently, up to a limit.
    fn lines(&mut self, lines: impl IntoIterator<Item = &'a str>) {
        for line in lines {
            if self.line(line).is_err() {
                break;
            }
        }
    }

    fn line(&mut self, line: &'a str) -> Result<(), ParseError> {
        self.line_inner(line).map_err(|Stop(error)| error)
    }

    fn line_inner(&mut self, line: &'a str) -> Result<(), Stop> {
        if line.bytes().all(|b| b == b' ' || b == b'\t') {
            return Ok(());
        }
        let separator = usize::from(self.bytes > 0);
        let room = self.limits.max_bytes.saturating_sub(self.bytes + separator);
        let mut input = line;
        let mut over_limit = None;
        if line.len() > room {
            let error = ParseError {
                member: self.seen,
                offset: 0,
                key: None,
                kind: ParseErrorKind::TooLong {
                    limit: self.limits.max_bytes,
                    len: self.bytes + separator + line.len(),
                },
            };
            if self.strict {
                return Err(Stop(error));
            }
            // Keep the whole members that fit; the cut never reads past the limit.
            let fits = line.as_bytes().get(..=room).unwrap_or_default();
            input = match fits.iter().rposition(|&b| b == b',') {
                Some(comma) => line.get(..comma).unwrap_or(""),
                None => "",
            };
            over_limit = Some(error);
        }
        self.bytes += separator + input.len();
        if !input.is_empty() {
            self.members(input)?;
        }
        match over_limit {
            Some(error) => {
                let error = ParseError {
                    member: self.seen,
                    ..error
                };
                Err(self.stop(error))
            }
            None => Ok(()),
        }
    }

    /// Reads the comma-separated members of one header line, or of the part that fits the limit.
    fn members(&mut self, input: &'a str) -> Result<(), Stop> {
        let mut start = 0;
        loop {
            let Some(stopped) = self.plain_members(input, start) else {
                return Ok(());
            };
            start = stopped;
            if self.kept >= self.limits.max_members {
                let error = ParseError {
                    member: self.seen,
                    offset: start,
                    key: None,
                    kind: ParseErrorKind::TooManyMembers {
                        limit: self.limits.max_members,
                    },
                };
                return Err(self.stop(error));
            }
            let index = self.seen;
            self.seen += 1;
            let end = self.general(input, start, index)?;
            if end >= input.len() {
                return Ok(());
            }
            start = end + 1;
        }
    }

    /// Reads the members of the common shape from `start` on for as long as they come, the
    /// counters kept in locals; returns where the first member it leaves to [`Self::general`]
    /// starts (or where the member limit is reached), or `None` at the end of the line.
    #[inline(always)]
    fn plain_members(&mut self, input: &'a str, start: usize) -> Option<usize> {
        let Some(mut rest) = input.get(start..) else {
            return Some(start);
        };
        let (mut kept, mut seen) = (self.kept, self.seen);
        let stopped = loop {
            if kept >= self.limits.max_members {
                break Some(input.len() - rest.len());
            }
            let known_len = match self.known_keys {
                true => (self.known_key_len)(rest.as_bytes()),
                false => 0,
            };
            let Some((member, after)) = scan_plain(rest, !self.known_keys, known_len) else {
                break Some(input.len() - rest.len());
            };
            // The callback takes the members whose keys it knows, which are valid keys; any
            // other key is checked before its member counts as well formed.
            if !self.known_keys {
                (self.on_member)(member);
            } else if !(self.on_member)(member) && !is_valid_key(member.key) {
                break Some(input.len() - rest.len());
            }
            kept += 1;
            seen += 1;
            match after.strip_prefix(',') {
                Some(next) => rest = next,
                None => break None,
            }
        };
        self.kept = kept;
        self.seen = seen;
        stopped
    }

    /// Reads the member at `start` that is not of the plain shape: with whitespace or
    /// properties, or malformed, which the last reader explains. Returns the index of the comma
    /// that ends it.
    fn general(&mut self, input: &'a str, start: usize, index: usize) -> Result<usize, Stop> {
        if let Some((member, end)) = scan_well_formed(input, start) {
            self.kept += 1;
            (self.on_member)(member);
            return Ok(end);
        }
        let end = find_byte(input.as_bytes(), start, b',');
        match scan_member(input.get(start..end).unwrap_or_default(), start, index) {
            Ok(member) => {
                self.kept += 1;
                (self.on_member)(member);
            }
            Err(error) => self.report(error)?,
        }
        Ok(end)
    }
}

/// The index of the first `byte` at or after `from`, or the length of `bytes`.
fn find_byte(bytes: &[u8], from: usize, byte: u8) -> usize {
    find_byte_from(bytes, from, byte).unwrap_or(bytes.len())
}

/// Reads the common member, `key=value` with no whitespace, no properties and only ASCII
/// escapes, at the start of `rest`; returns it with the rest of the line from the comma that
/// ends it (empty at the end of the line). Anything else is `None`, and [`scan_well_formed`]
/// reads it.
///
/// The key is what precedes the first `=`: the `known_len` bytes of a key the caller knows
/// (followed by `=`), or else found by searching. With `check_key` it must be a valid key,
/// without it the caller checks it.
#[inline(always)]
fn scan_plain(rest: &str, check_key: bool, known_len: usize) -> Option<(ScannedMember<'_>, &str)> {
    let bytes = rest.as_bytes();
    let key_len = match known_len {
        0 => find_equals_or_comma(bytes)?,
        known => known,
    };
    if key_len == 0 || bytes.get(key_len) != Some(&b'=') {
        return None;
    }
    if check_key && class_run(bytes, class::TOKEN) != key_len {
        return None;
    }
    let mut at = key_len + 1;
    let mut escaped = false;
    loop {
        at = plain_run(bytes, at);
        match bytes.get(at) {
            None => break,
            Some(b'%') => {}
            Some(b',') => break,
            _ => return None,
        }
        bytes.get(at + 1).filter(|b| b.is_ascii_hexdigit())?;
        bytes.get(at + 2).filter(|b| b.is_ascii_hexdigit())?;
        escaped = true;
        at += 3;
    }
    let (text, after) = (rest.get(..at)?, rest.get(at..)?);
    let (key, value) = (text.get(..key_len)?, text.get(key_len..)?);
    let member = ScannedMember {
        key,
        text,
        raw_value: value.strip_prefix('=')?,
        escaped,
        properties: None,
    };
    Some((member, after))
}

/// The index of the first byte at or after `from` that is not [`class::PLAIN`], four bytes a
/// step while four remain: a value's bytes are each looked up, so the step saves the loop's
/// own work on all but the last few.
#[inline(always)]
fn plain_run(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(&[a, b, c, d]) = bytes.get(at..).and_then(<[u8]>::first_chunk::<4>) {
        let plain = |byte| class::is(byte, class::PLAIN);
        if !plain(a) {
            return at;
        }
        if !plain(b) {
            return at + 1;
        }
        if !plain(c) {
            return at + 2;
        }
        if !plain(d) {
            return at + 3;
        }
        at += 4;
    }
    at + class_run(bytes.get(at..).unwrap_or_default(), class::PLAIN)
}

/// The index of the first `=` or `,` in `bytes`, found eight bytes at a time: keys are matched
/// by the caller rather than checked byte by byte, so finding their end is all the scan does.
#[inline(always)]
fn find_equals_or_comma(bytes: &[u8]) -> Option<usize> {
    find_in_words(bytes, |word| {
        word_matches(word, b'=') | word_matches(word, b',')
    })
    .or_else(|| {
        let tail_start = bytes.len() - bytes.len() % 8;
        let tail = bytes.get(tail_start..)?;
        let offset = tail.iter().position(|&b| b == b'=' || b == b',')?;
        Some(tail_start + offset)
    })
}

/// The index of the first `byte` at or after `from` in `bytes`, found eight bytes at a time.
#[inline(always)]
pub(crate) fn find_byte_from(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let found = find_in_words(rest, |word| word_matches(word, byte)).or_else(|| {
        let tail_start = rest.len() - rest.len() % 8;
        let offset = rest.get(tail_start..)?.iter().position(|&b| b == byte)?;
        Some(tail_start + offset)
    })?;
    Some(from + found)
}

/// The index of the first byte that `matches` flags in the whole eight-byte words of `bytes`:
/// `matches` sets the high bit of each byte it flags, exactly at least for the lowest one.
#[inline(always)]
fn find_in_words(bytes: &[u8], matches: impl Fn(u64) -> u64) -> Option<usize> {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let found = matches(u64::from_le_bytes(*chunk));
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    None
}

/// The high bit of each byte of `word` that equals `byte`; exact for the lowest such byte, which
/// is all that is read (a borrow only carries into the bytes above it).
#[inline(always)]
fn word_matches(word: u64, byte: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let diff = word ^ (ONES * u64::from(byte));
    diff.wrapping_sub(ONES) & !diff & (ONES << 7)
}

/// The length of the run of bytes of `byte_class` that `bytes` starts with.
#[inline(always)]
fn class_run(bytes: &[u8], byte_class: u8) -> usize {
    bytes
        .iter()
        .position(|&b| !class::is(b, byte_class))
        .unwrap_or(bytes.len())
}

/// Reads the member starting at `start` in one pass over its bytes, when it is well formed;
/// returns it with the index of the comma that ends it (or the line's length).
///
/// Anything unusual returns `None`, and [`scan_member`] reads the member again to say exactly
/// what is wrong, so both accept the same members and only one of them explains errors.
fn scan_well_formed(input: &str, start: usize) -> Option<(ScannedMember<'_>, usize)> {
    let bytes = input.as_bytes();
    let key_start = skip_ows(bytes, start);
    let key_end = skip_class(bytes, key_start, class::TOKEN);
    if key_end == key_start {
        return None;
    }
    let equals = skip_ows(bytes, key_end);
    if bytes.get(equals) != Some(&b'=') {
        return None;
    }
    let value_start = skip_ows(bytes, equals + 1);
    let mut value_end = value_start;
    let mut escaped = false;
    loop {
        value_end = skip_class(bytes, value_end, class::PLAIN);
        if bytes.get(value_end) != Some(&b'%') {
            break;
        }
        bytes.get(value_end + 1).filter(|b| b.is_ascii_hexdigit())?;
        bytes.get(value_end + 2).filter(|b| b.is_ascii_hexdigit())?;
        escaped = true;
        value_end += 3;
    }
    let after = skip_ows(bytes, value_end);
    let (properties, end) = match bytes.get(after) {
        None | Some(b',') => (None, after),
        Some(b';') => {
            let end = find_byte(bytes, after + 1, b',');
            let text = input.get(after + 1..end)?;
            if text
                .split(';')
                .any(|property| check_property(property).is_err())
            {
                return None;
            }
            (Some(text), end)
        }
        Some(_) => return None,
    };
    let raw_value = input.get(value_start..value_end)?;
    let text = trim_ows(input.get(key_start..end)?);
    let member = ScannedMember {
        key: input.get(key_start..key_end)?,
        text,
        raw_value,
        escaped,
        properties,
    };
    Some((member, end))
}

/// The index of the first byte at or after `from` that is not optional whitespace.
fn skip_ows(bytes: &[u8], from: usize) -> usize {
    // Most members have no whitespace at all.
    if !matches!(bytes.get(from), Some(b' ' | b'\t')) {
        return from;
    }
    let rest = bytes.get(from..).unwrap_or_default();
    from + rest
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(rest.len())
}

/// The index of the first byte at or after `from` outside the byte class.
fn skip_class(bytes: &[u8], from: usize, byte_class: u8) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    from + rest
        .iter()
        .position(|&b| !class::is(b, byte_class))
        .unwrap_or(rest.len())
}

fn trim_ows(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// Position of `part` within the string it was sliced from, which starts at `base`.
fn offset_in(whole: &str, part: &str, base: usize) -> usize {
    base + (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

fn scan_member(raw: &str, start: usize, index: usize) -> Result<ScannedMember<'_>, ParseError> {
    let error = |offset: usize, key: Option<&str>, kind| ParseError {
        member: index,
        offset,
        key: key.map(preview),
        kind,
    };
    let trimmed = trim_ows(raw);
    if trimmed.is_empty() {
        return Err(error(start, None, ParseErrorKind::EmptyMember));
    }
    let (pair, properties) = match trimmed.split_once(';') {
        Some((pair, properties)) => (pair, Some(properties)),
        None => (trimmed, None),
    };
    let Some((raw_key, raw_value)) = pair.split_once('=') else {
        return Err(error(
            offset_in(raw, trimmed, start),
            Some(trim_ows(pair)),
            ParseErrorKind::MissingEquals,
        ));
    };
    let key = trim_ows(raw_key);
    check_key(key).map_err(|(at, kind)| error(offset_in(raw, key, start) + at, Some(key), kind))?;
    let value_text = trim_ows(raw_value);
    let escaped = check_value(value_text)
        .map_err(|(at, kind)| error(offset_in(raw, value_text, start) + at, Some(key), kind))?;
    if let Some(properties) = properties {
        for raw_property in properties.split(';') {
            check_property(raw_property).map_err(|(within, at, kind)| {
                error(offset_in(raw, within, start) + at, Some(key), kind)
            })?;
        }
    }
    Ok(ScannedMember {
        key,
        text: trimmed,
        raw_value: value_text,
        escaped,
        properties,
    })
}

/// Checks one property: a key, or `key=value`.
fn check_property(raw: &str) -> Result<(), (&str, usize, ParseErrorKind)> {
    let property = trim_ows(raw);
    if property.is_empty() {
        return Err((raw, 0, ParseErrorKind::EmptyProperty));
    }
    let (key, value) = split_property(property);
    check_key(key).map_err(|(at, kind)| (key, at, kind))?;
    if let Some(text) = value {
        check_value(text).map_err(|(at, kind)| (text, at, kind))?;
    }
    Ok(())
}

fn split_property(property: &str) -> (&str, Option<&str>) {
    match property.split_once('=') {
        Some((key, value)) => (trim_ows(key), Some(trim_ows(value))),
        None => (property, None),
    }
}

/// Reads a property that [`check_property`] accepted.
fn scan_property(raw: &str) -> Option<Property<'_>> {
    let (key, value) = split_property(trim_ows(raw));
    let value = match value {
        Some(text) => Some(decode_checked(text, check_value(text).ok()?)),
        None => None,
    };
    Some(Property {
        key: Cow::Borrowed(key),
        value,
    })
}

fn check_key(key: &str) -> Result<(), (usize, ParseErrorKind)> {
    if key.is_empty() {
        return Err((0, ParseErrorKind::EmptyKey));
    }
    match key.bytes().position(|b| !class::is(b, class::TOKEN)) {
        None => Ok(()),
        Some(at) => Err((
            at,
            ParseErrorKind::InvalidKey {
                byte: key.as_bytes().get(at).copied().unwrap_or_default(),
            },
        )),
    }
}

/// Checks that `text` holds only baggage-octets and well-formed escapes, without allocating;
/// says whether it holds escapes.
///
/// What the escapes decode to is not checked: octets that are not UTF-8 decode to U+FFFD, as the
/// specification requires, so `%C3%28` is a valid value (`\u{FFFD}(`).
fn check_value(text: &str) -> Result<bool, (usize, ParseErrorKind)> {
    let bytes = text.as_bytes();
    let mut escapes = false;
    for (at, &byte) in bytes.iter().enumerate() {
        if !class::is(byte, class::VALUE) {
            return Err((at, ParseErrorKind::InvalidValue { byte }));
        }
        if byte == b'%' {
            let digits = bytes.get(at + 1..at + 3).unwrap_or_default();
            if digits.len() != 2 || !digits.iter().all(u8::is_ascii_hexdigit) {
                return Err((at, ParseErrorKind::MalformedEscape));
            }
            escapes = true;
        }
    }
    Ok(escapes)
}

/// Decodes a value whose escapes were checked, borrowing when it holds none. Octets that are not
/// UTF-8 become U+FFFD, each maximal invalid sequence one replacement character, as
/// [`String::from_utf8_lossy`] does.
#[inline]
pub(crate) fn decode_checked(text: &str, escapes: bool) -> Cow<'_, str> {
    if !escapes {
        return Cow::Borrowed(text);
    }
    // Into one buffer of the wire length, which the decoded value never exceeds: the
    // `percent-encoding` decoder copies what precedes the first escape and then grows.
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let escaped = match (byte, bytes.get(at + 1..at + 3)) {
            (b'%', Some(&[high, low])) => hex_value(high).zip(hex_value(low)),
            _ => None,
        };
        match escaped {
            Some((high, low)) => {
                decoded.push(high << 4 | low);
                at += 3;
            }
            None => {
                decoded.push(byte);
                at += 1;
            }
        }
    }
    Cow::Owned(
        String::from_utf8(decoded)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
    )
}

/// The value of one hexadecimal digit.
fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ows_is_space_and_tab() {
        assert_eq!(trim_ows(" \t a \t"), "a");
        assert_eq!(trim_ows("\na"), "\na");
    }

    #[test]
    fn insert_replaces_every_occurrence_at_the_first() {
        let mut baggage = StringBaggage::parse("a=1,b=2,a=3,c=4,a=5").unwrap();
        let previous = baggage.insert("a", "9").unwrap();
        assert_eq!(previous.as_deref(), Some("5"));
        assert_eq!(baggage.to_header(), "a=9,b=2,c=4");
    }

    #[test]
    fn remove_removes_every_occurrence() {
        let mut baggage = StringBaggage::parse("a=1,b=2,a=3").unwrap();
        assert_eq!(baggage.remove("a").as_deref(), Some("3"));
        assert_eq!(baggage.to_header(), "b=2");
        assert_eq!(baggage.remove("a"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 10_000,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// The one-pass reader accepts exactly the members the general reader accepts, and
        /// reads them the same.
        #[test]
        fn one_pass_member_reader_agrees(raw in "[ \t]{0,2}[a-c =;%,\"]{0,3}[ \t]{0,2}=?[ \t]{0,2}[a-c=%2CF é;\t]{0,8}(;[ a-c=%]{0,4}){0,2}") {
            let member = raw.split(',').next().unwrap_or_default();
            let fast = scan_well_formed(member, 0).map(|(m, end)| (m.key, m.raw_value, m.escaped, end));
            let general = scan_member(member, 0, 0).map(|m| (m.key, m.raw_value, m.escaped, member.len()));
            match (fast, general) {
                (Some(fast), Ok(general)) => proptest::prop_assert_eq!(fast, general),
                (None, Ok(general)) => proptest::prop_assert!(false, "only the general reader accepts {:?}: {:?}", member, general),
                (Some(fast), Err(error)) => proptest::prop_assert!(false, "only the one-pass reader accepts {:?}: {:?} ({})", member, fast, error),
                (None, Err(_)) => {}
            }
        }

        /// The word-at-a-time search finds the same byte as a search byte by byte.
        #[test]
        fn key_end_search_agrees_with_a_plain_search(bytes in proptest::collection::vec(
            // The two bytes searched for, their neighbours, and the extremes a borrow or carry
            // could confuse.
            proptest::sample::select(vec![b'=', b',', b'<', b'>', b'+', b'-', b'a', 0, 1, 0x7F, 0x80, 0xBD, 0xFF]),
            0..40,
        )) {
            let plain = bytes.iter().position(|&b| b == b'=' || b == b',');
            proptest::prop_assert_eq!(find_equals_or_comma(&bytes), plain);
        }

        /// The word-at-a-time search for one byte finds what a search byte by byte finds.
        #[test]
        fn byte_search_agrees_with_a_plain_search(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'%', b'$', b'&', b'a', 0, 1, 0x7F, 0x80, 0xA5, 0xFF]),
                0..40,
            ),
            from in 0usize..44,
        ) {
            let plain = bytes
                .get(from..)
                .and_then(|rest| rest.iter().position(|&b| b == b'%'))
                .map(|offset| from + offset);
            proptest::prop_assert_eq!(find_byte_from(&bytes, from, b'%'), plain);
        }

        /// Escaping in place writes what `percent-encoding` writes, and leaves the text before
        /// the value alone.
        #[test]
        fn escaping_in_place_agrees_with_percent_encoding(prefix in "[a-z=,]{0,6}", value in "\\PC{0,12}") {
            let mut out = format!("{prefix}{value}");
            escape_value_from(&mut out, prefix.len());
            let mut expected = prefix.clone();
            encode_value_into(&value, &mut expected);
            proptest::prop_assert_eq!(out, expected);
        }

        /// The four-byte steps stop at the same byte as a byte-by-byte run.
        #[test]
        fn plain_run_agrees_with_a_byte_run(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b'9', b'=', b'%', b',', b';', b' ', b'"', 0x7F, 0xC3]),
                0..24,
            ),
            from in 0usize..24,
        ) {
            let from = from.min(bytes.len());
            let by_byte = from + class_run(bytes.get(from..).unwrap_or_default(), class::PLAIN);
            proptest::prop_assert_eq!(plain_run(&bytes, from), by_byte);
        }

        /// The plain-member reader only accepts members the general reader accepts, and reads
        /// them the same; what it declines, the others read.
        #[test]
        fn plain_member_reader_agrees(raw in "[a-c=%,;\" \t]{0,2}[a-c_.]{0,4}=?[a-c=%2CcF8 é;,\t]{0,10}") {
            let fast = scan_plain(&raw, true, 0).map(|(m, after)| (m.key, m.raw_value, m.escaped, raw.len() - after.len()));
            if let Some(fast) = fast {
                let end = fast.3;
                let member = raw.get(..end).unwrap_or_default();
                let general = scan_member(member, 0, 0).map(|m| (m.key, m.raw_value, m.escaped, member.len()));
                proptest::prop_assert_eq!(Ok(fast), general.map_err(|e| e.to_string()));
                proptest::prop_assert!(end == raw.len() || raw.as_bytes().get(end) == Some(&b','));
            }
        }
    }

    #[test]
    fn escapes_are_checked_without_decoding() {
        assert_eq!(check_value("plain"), Ok(false));
        assert_eq!(check_value("Am%C3%A9lie%F0%9F%A7%B3"), Ok(true));
        assert_eq!(
            check_value("a%2"),
            Err((1, ParseErrorKind::MalformedEscape))
        );
        assert_eq!(
            check_value("%zz"),
            Err((0, ParseErrorKind::MalformedEscape))
        );
        assert_eq!(
            check_value("ok%4"),
            Err((2, ParseErrorKind::MalformedEscape))
        );
    }

    /// Octets that are not UTF-8 are grammatical: they decode to U+FFFD, one for each maximal
    /// invalid sequence, exactly as `String::from_utf8_lossy` replaces them.
    #[test]
    fn octets_that_are_not_utf8_decode_to_replacement_characters() {
        for (raw, octets) in [
            ("%C3", &b"\xC3"[..]),
            ("%FF", b"\xFF"),
            ("%C3%28", b"\xC3("),
            ("%ED%A0%80", b"\xED\xA0\x80"),
            ("%F0%9F%A7", b"\xF0\x9F\xA7"),
            ("a%E2%82b", b"a\xE2\x82b"),
            ("%C0%AF", b"\xC0\xAF"),
        ] {
            assert_eq!(check_value(raw), Ok(true), "{raw}");
            assert_eq!(
                decode_checked(raw, true),
                String::from_utf8_lossy(octets),
                "{raw}"
            );
        }
        assert_eq!(decode_checked("%C3%28", true), "\u{FFFD}(");
    }
}
