//! [`Key`]: a typed key that reads or writes one member without the rest of its struct.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use crate::codec::keys::Dropped;
use crate::codec::{StringBaggage, WireValue};
use crate::error::{DecodeError, EncodeError, ParseError, ValueError};
use crate::value::{BaggageValue, BorrowValue, TraceValue, ValueKind};

use super::dropped;
use super::dropped as dropped_error;

/// [`BaggageValue::decode_wire`] of a key's type.
type DecodeWire<T> = fn(WireValue<'_>) -> Result<T, ValueError>;

/// A typed key: the name of one member and how its value converts, with which one field is read
/// or written without decoding the rest of its struct.
///
/// `#[derive(Baggage)]` makes one per field as an associated constant named after the field in
/// upper case (`RequestContext::USER_ID`).
///
/// ```
/// use baggage_core::typed::Key;
/// use baggage_core::StringBaggage;
///
/// const USER_ID: Key<u64> = Key::new("user_id");
/// let mut baggage = StringBaggage::parse("user_id=12345,region=us-west")?;
/// assert_eq!(USER_ID.get(&baggage)?, 12345);
/// USER_ID.set(&mut baggage, &7)?;
/// assert_eq!(baggage.to_header(), "user_id=7,region=us-west");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Key<T> {
    info: KeyInfo,
    encode: fn(&T, &mut String) -> Result<(), ValueError>,
    decode: fn(&str) -> Result<T, ValueError>,
    decode_wire: Option<DecodeWire<T>>,
    is_absent: fn(&T) -> bool,
    when_absent: fn() -> Option<T>,
    trace: Option<fn(&T) -> TraceValue<'_>>,
    /// Whether a decoded value converts, within a `max_len`: one function per type.
    accepts: Option<fn(&str, Option<usize>) -> bool>,
    _type: PhantomData<fn() -> T>,
}

/// What a key knows that does not depend on its type, with the checks that use only that:
/// compiled once here, not once per field type in every crate that derives a struct.
#[derive(Debug, Clone, Copy)]
struct KeyInfo {
    name: &'static str,
    /// Keys also read, after `name`; never written.
    aliases: &'static [&'static str],
    max_len: Option<usize>,
    value_type: &'static str,
    kind: &'static ValueKind,
    type_max_encoded_len: Option<usize>,
    required: bool,
    scan_pii: bool,
}

impl KeyInfo {
    /// Refuses a decoded value longer than `max_len`.
    fn check_decoded_len(&self, len: usize) -> Result<(), DecodeError> {
        match self.max_len {
            Some(max_len) if len > max_len => Err(DecodeError::TooLong {
                key: self.name,
                max_len,
                len,
            }),
            _ => Ok(()),
        }
    }

    /// The error of a value its type refuses, showing the decoded value.
    fn invalid(&self, decoded: &str, error: ValueError) -> DecodeError {
        DecodeError::invalid_value(self.name, decoded, error)
    }

    /// [`invalid`](Self::invalid) for a value as it is on the wire.
    fn invalid_wire(&self, value: WireValue<'_>, error: ValueError) -> DecodeError {
        self.invalid(&value.decoded(), error)
    }

    /// The error of a type that cannot write the value.
    fn unwritable(&self, error: ValueError) -> EncodeError {
        EncodeError::InvalidValue {
            key: self.name,
            error,
        }
    }

    /// Refuses a written value longer than `max_len`, or one that looks like personal data or
    /// a secret, naming the key and the kind.
    #[inline]
    fn check_encoded(&self, text: &str) -> Result<(), EncodeError> {
        if let Some(max_len) = self.max_len.filter(|max_len| text.len() > *max_len) {
            return Err(EncodeError::TooLong {
                key: self.name,
                max_len,
                len: text.len(),
            });
        }
        if !self.scan_pii {
            return Ok(());
        }
        match crate::policy::pii_value::scan_value(text) {
            Some(kind) => Err(EncodeError::Pii {
                key: self.name,
                kind,
            }),
            None => Ok(()),
        }
    }

    /// The error of an absent key whose member was dropped when it was read (`reason`), if one
    /// may have been.
    fn dropped(&self, reason: Option<&ParseError>) -> Option<DecodeError> {
        reason.map(|reason| dropped(self.name, reason.clone()))
    }

    /// Why none of the key's members (its own, or an alias's) is in what was read with `reason`:
    /// the first of them whose member was dropped, or the limit.
    fn dropped_reason<'e>(
        &self,
        reason: impl Fn(&str) -> Option<&'e ParseError>,
    ) -> Option<&'e ParseError> {
        std::iter::once(self.name)
            .chain(self.aliases.iter().copied())
            .find_map(|key| reason(key).filter(|error| !error.is_limit()))
            .or_else(|| reason(self.name))
    }

    /// The error of a required key that is absent.
    fn missing(&self) -> DecodeError {
        DecodeError::Missing { key: self.name }
    }
}

/// Whether `value` is one `T` accepts within `max_len`.
fn accepts<T: BaggageValue>(value: &str, max_len: Option<usize>) -> bool {
    max_len.map_or(true, |max_len| value.len() <= max_len) && T::decode(value).is_ok()
}

impl<T> Clone for Key<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Key<T> {}

impl<T> fmt::Debug for Key<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("name", &self.info.name)
            .field("max_len", &self.info.max_len)
            .finish_non_exhaustive()
    }
}

impl<T: BaggageValue> Key<T> {
    /// A key named `name` whose value converts with `T`'s [`BaggageValue`].
    ///
    /// The name is not checked here; the derive checks the keys it generates at compile time.
    pub const fn new(name: &'static str) -> Self {
        let mut key = Self::with_codec(name, T::encode, T::decode, T::is_absent, T::when_absent);
        key.decode_wire = Some(T::decode_wire);
        key.trace = Some(T::trace_value);
        key.accepts = Some(accepts::<T>);
        key.info.value_type = T::TYPE_NAME;
        key.info.kind = T::KIND;
        key.info.type_max_encoded_len = T::MAX_ENCODED_LEN;
        key.info.required = T::REQUIRED;
        key.info.scan_pii = T::SCAN_PII;
        key
    }
}

impl<T> Key<T> {
    /// A key whose value converts with the given functions, as `#[baggage(with = "module")]`
    /// generates.
    pub const fn with_codec(
        name: &'static str,
        encode: fn(&T, &mut String) -> Result<(), ValueError>,
        decode: fn(&str) -> Result<T, ValueError>,
        is_absent: fn(&T) -> bool,
        when_absent: fn() -> Option<T>,
    ) -> Self {
        Self {
            info: KeyInfo {
                name,
                aliases: &[],
                max_len: None,
                value_type: "custom",
                kind: &ValueKind::Opaque,
                type_max_encoded_len: None,
                required: true,
                scan_pii: true,
            },
            encode,
            decode,
            decode_wire: None,
            is_absent,
            when_absent,
            trace: None,
            accepts: None,
            _type: PhantomData,
        }
    }

    /// This key without the scan of its values for personal data and secrets, as
    /// `#[baggage(allow_pii = "reason")]` generates.
    pub const fn allow_pii(mut self) -> Self {
        self.info.scan_pii = false;
        self
    }

    /// Whether values written through this key are scanned for personal data and secrets.
    pub const fn scans_pii(&self) -> bool {
        self.info.scan_pii
    }

    /// This key also read from `aliases` when its own is absent (first the key, then each alias
    /// in order), as `#[baggage(alias = "old_key")]` generates; only the key is written.
    pub const fn with_aliases(mut self, aliases: &'static [&'static str]) -> Self {
        self.info.aliases = aliases;
        self
    }

    /// The keys also read for this one; see [`with_aliases`](Self::with_aliases).
    pub const fn aliases(&self) -> &'static [&'static str] {
        self.info.aliases
    }

    /// This key with a limit on the decoded value's length in bytes.
    pub const fn with_max_len(mut self, max_len: usize) -> Self {
        self.info.max_len = Some(max_len);
        self
    }

    /// The key on the wire.
    pub const fn name(&self) -> &'static str {
        self.info.name
    }

    /// `value` as a tracing span records it: typed through [`BaggageValue::trace_value`], or
    /// as text for a key made with [`with_codec`](Self::with_codec).
    pub fn trace_value<'v>(&self, value: &'v T) -> TraceValue<'v> {
        if let Some(trace) = self.trace {
            return trace(value);
        }
        if (self.is_absent)(value) {
            return TraceValue::Absent;
        }
        let mut text = String::new();
        match (self.encode)(value, &mut text) {
            Ok(()) => TraceValue::Str(Cow::Owned(text)),
            Err(_) => TraceValue::Absent,
        }
    }

    /// The limit on the decoded value's length in bytes, if any.
    pub const fn max_len(&self) -> Option<usize> {
        self.info.max_len
    }

    /// The value's type name, as [`BaggageValue::TYPE_NAME`] gives it (`custom` for a key made
    /// with [`with_codec`](Self::with_codec)).
    pub const fn value_type(&self) -> &'static str {
        self.info.value_type
    }

    /// What values the key's type writes and accepts ([`ValueKind::Opaque`] for a key built
    /// with [`with_codec`](Self::with_codec)).
    pub const fn kind(&self) -> &'static ValueKind {
        self.info.kind
    }

    /// Whether a missing member is an error (`false` for `Option<T>`).
    pub const fn is_required(&self) -> bool {
        self.info.required
    }

    /// The most bytes the value can take on the wire: the type's own bound, tightened by
    /// `max_len`; `None` when unbounded.
    pub const fn max_encoded_len(&self) -> Option<usize> {
        crate::schema::value_bound(self.info.type_max_encoded_len, self.info.max_len)
    }

    /// Reads the value; an absent key is [`DecodeError::Missing`] unless `T` is an `Option`.
    ///
    /// A key whose member was dropped when `baggage` was read (malformed, or cut by a limit; see
    /// [`StringBaggage::read_errors`]) is an error whatever `T` is, never read as absent.
    ///
    /// # Errors
    ///
    /// [`DecodeError`]: the member is missing (and `T` is not an `Option`), its value is
    /// invalid or too long, or its member was dropped when `baggage` was read.
    pub fn get(&self, baggage: &StringBaggage<'_>) -> Result<T, DecodeError> {
        match self.find(baggage)? {
            Some(raw) => self.decode_value(raw),
            None => self.absent(
                self.info.dropped_reason(|key| baggage.dropped_reason(key)),
                self.when_absent,
            ),
        }
    }

    /// Reads the value, or `default()` when the key is absent. A present but invalid value is
    /// still an error, and so is a member dropped when `baggage` was read (see
    /// [`get`](Self::get)).
    ///
    /// # Errors
    ///
    /// [`DecodeError`]: the value is invalid or too long, or the member was dropped when
    /// `baggage` was read.
    pub fn get_or_else(
        &self,
        baggage: &StringBaggage<'_>,
        default: impl FnOnce() -> T,
    ) -> Result<T, DecodeError> {
        match self.find(baggage)? {
            Some(raw) => self.decode_value(raw),
            None => self.absent(
                self.info.dropped_reason(|key| baggage.dropped_reason(key)),
                || Some(default()),
            ),
        }
    }

    /// The value of the key's member in `baggage`, or else of its first alias there; a member of
    /// the key (or of an earlier alias) that was dropped as malformed is the error, never passed
    /// over for a later alias.
    fn find<'b>(&self, baggage: &'b StringBaggage<'_>) -> Result<Option<&'b str>, DecodeError> {
        for key in std::iter::once(self.info.name).chain(self.info.aliases.iter().copied()) {
            if let Some(value) = baggage.get(key) {
                return Ok(Some(value));
            }
            if let Some(error) = baggage
                .dropped_reason(key)
                .filter(|error| !error.is_limit())
            {
                return Err(dropped_error(self.info.name, error.clone()));
            }
        }
        Ok(None)
    }

    /// The value of an absent key: the reason its member was dropped, if one may have been, or
    /// else what `when_absent` gives, or else [`DecodeError::Missing`].
    fn absent(
        &self,
        dropped_reason: Option<&ParseError>,
        when_absent: impl FnOnce() -> Option<T>,
    ) -> Result<T, DecodeError> {
        if let Some(error) = self.info.dropped(dropped_reason) {
            return Err(error);
        }
        match when_absent() {
            Some(value) => Ok(value),
            None => Err(self.info.missing()),
        }
    }

    /// Converts one decoded value, checking `max_len`.
    ///
    /// # Errors
    ///
    /// [`DecodeError::TooLong`] past `max_len`, or [`DecodeError::InvalidValue`] when `T` does
    /// not accept the value.
    #[inline]
    pub fn decode_value(&self, raw: &str) -> Result<T, DecodeError> {
        self.info.check_decoded_len(raw.len())?;
        match (self.decode)(raw) {
            Ok(value) => Ok(value),
            Err(error) => Err(self.info.invalid(raw, error)),
        }
    }

    /// Converts one value to its decoded string form, checking `max_len`; `None` for an absent
    /// `Option`.
    ///
    /// # Errors
    ///
    /// [`EncodeError`]: `T` cannot write the value, it is longer than `max_len`, or it looks
    /// like personal data or a secret.
    pub fn encode_value(&self, value: &T) -> Result<Option<String>, EncodeError> {
        let mut out = String::new();
        Ok(self.encode_checked(value, &mut out)?.then_some(out))
    }

    /// Appends `value`'s decoded form to `out`, checking `max_len` and scanning for personal
    /// data; `false`, with nothing appended, for an absent `Option`. On error `out` may hold part
    /// of the value.
    #[inline]
    pub(crate) fn encode_checked(&self, value: &T, out: &mut String) -> Result<bool, EncodeError> {
        if (self.is_absent)(value) {
            return Ok(false);
        }
        let start = out.len();
        if let Err(error) = (self.encode)(value, out) {
            return Err(self.info.unwritable(error));
        }
        // Most keys have neither check to make (numbers, enums): no call for them.
        if self.info.max_len.is_some() || self.info.scan_pii {
            self.info
                .check_encoded(out.get(start..).unwrap_or_default())?;
        }
        Ok(true)
    }

    /// Sets the member in `baggage` (or removes it for an absent `Option`), keeping the others;
    /// the members of its [aliases](Self::with_aliases) are removed, so that one value travels.
    ///
    /// # Errors
    ///
    /// As [`encode_value`](Self::encode_value), or [`EncodeError::Limits`] when `baggage` would
    /// pass its limits; `baggage` is unchanged then.
    pub fn set(&self, baggage: &mut StringBaggage<'_>, value: &T) -> Result<(), EncodeError> {
        match self.encode_value(value)? {
            Some(text) => {
                baggage.insert(self.info.name, text)?;
            }
            None => {
                baggage.remove(self.info.name);
            }
        }
        // The key now says what the aliases said: one value travels, under the key.
        for alias in self.info.aliases {
            baggage.remove(alias);
        }
        Ok(())
    }

    /// Converts a value as the parser found it on the wire: read in place when it holds no
    /// escape, else through the type's own reading of the wire form.
    #[inline]
    pub(crate) fn decode_wire(&self, value: WireValue<'_>) -> Result<T, DecodeError> {
        if !value.is_escaped() {
            return self.decode_value(value.raw());
        }
        let Some(decode_wire) = self.decode_wire else {
            return self.decode_value(&value.decoded());
        };
        if self.info.max_len.is_some() {
            self.info.check_decoded_len(value.decoded_len())?;
        }
        match decode_wire(value) {
            Ok(decoded) => Ok(decoded),
            Err(error) => Err(self.info.invalid_wire(value, error)),
        }
    }

    /// The value of a key whose member a one-pass read did not find: the reason its member was
    /// dropped, if one may have been, or else what `when_absent` gives.
    #[inline]
    pub(crate) fn read_absent(
        &self,
        dropped: &Dropped,
        when_absent: impl FnOnce() -> Option<T>,
    ) -> Result<T, DecodeError> {
        self.absent(
            self.info.dropped_reason(|key| dropped.reason(key)),
            when_absent,
        )
    }

    /// The check of [`FieldSchema::accepts`](crate::FieldSchema::accepts) for a key made with
    /// [`Key::new`]; `None` for one made with [`with_codec`](Self::with_codec).
    pub(crate) const fn acceptor(&self) -> Option<fn(&str, Option<usize>) -> bool> {
        self.accepts
    }

    /// An error when the member of `key` (this key's or an alias's) was dropped as malformed.
    pub(crate) fn check_not_dropped(
        &self,
        key: &str,
        dropped: &Dropped,
    ) -> Result<(), DecodeError> {
        match dropped.reason(key).filter(|error| !error.is_limit()) {
            Some(error) => Err(dropped_error(self.info.name, error.clone())),
            None => Ok(()),
        }
    }

    /// Whether `value` means "no member" (an absent `Option`).
    #[inline]
    pub(crate) fn is_absent(&self, value: &T) -> bool {
        (self.is_absent)(value)
    }

    /// The value a missing member reads as, for a key whose `T` may not be a [`BaggageValue`].
    pub(crate) fn when_absent(&self) -> Option<T> {
        (self.when_absent)()
    }
}

impl<T> Key<T> {
    /// Converts a value read borrowed from the header, checking `max_len`.
    #[inline]
    pub(crate) fn decode_borrowed<'h>(&self, value: WireValue<'h>) -> Result<T, DecodeError>
    where
        T: BorrowValue<'h>,
    {
        if self.info.max_len.is_some() {
            self.info.check_decoded_len(value.decoded_len())?;
        }
        match T::decode_borrowed(value) {
            Ok(decoded) => Ok(decoded),
            Err(error) => Err(self.info.invalid_wire(value, error)),
        }
    }
}
