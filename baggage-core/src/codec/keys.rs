//! The reader of a derived struct: one pass over the header, each member whose key the struct
//! reads put in that key's slot, nothing else kept.
//!
//! The derive passes a [`KeyTable`] (its keys, checked when the table is built) and an array of
//! slots; the parser, the key lookup and the error bookkeeping are compiled here, once.

use super::baggage::StringBaggage;
use super::limits::Limits;
use super::parser::{Parser, Sink};
use super::wire::{ScannedMember, WireValue};
use crate::error::ParseError;
use crate::key::is_valid_key;

/// The most keys a [`KeyTable`] holds: the grammar's ceiling on members, past which a struct's
/// keys could never all arrive.
pub const MAX_KEYS: usize = 180;

/// The keys a derived struct reads, in field order, with an index by the first byte where they
/// differ (past a prefix they share, such as `app.`).
#[derive(Debug)]
pub struct KeyTable {
    keys: &'static [&'static str],
    /// The length of the prefix every key shares: the index is by the byte after it.
    pivot: usize,
    /// For each byte, 1 + the index of the first key with it at `pivot` (`=` for a key that is
    /// the shared prefix itself), or 0.
    first: [u8; 256],
    /// For each key, 1 + the index of the next key with the same first byte, or 0.
    next: [u8; MAX_KEYS],
}

impl KeyTable {
    /// The table of `keys`, which must be distinct valid keys, at most [`MAX_KEYS`]; otherwise
    /// building it in a `const` fails to compile.
    pub const fn new(keys: &'static [&'static str]) -> Self {
        assert!(
            keys.len() <= MAX_KEYS,
            "a baggage struct reads at most 180 keys, the most members a header holds"
        );
        let pivot = shared_prefix_len(keys);
        let mut first = [0u8; 256];
        let mut next = [0u8; MAX_KEYS];
        let mut index = keys.len();
        // From the last key back, so that each chain is in field order.
        while index > 0 {
            index -= 1;
            let key = keys[index].as_bytes();
            assert!(
                is_valid_key(keys[index]),
                "a baggage key must be a non-empty RFC 7230 token"
            );
            let mut other = index + 1;
            while other < keys.len() {
                assert!(
                    !bytes_eq(key, keys[other].as_bytes()),
                    "a baggage struct reads each key once"
                );
                other += 1;
            }
            let head = index_byte(key, pivot) as usize;
            next[index] = first[head];
            first[head] = (index + 1) as u8;
        }
        Self {
            keys,
            pivot,
            first,
            next,
        }
    }

    /// The index and length of the key that `rest` starts with, followed by `=`.
    #[inline(always)]
    fn prefix_of(&self, rest: &[u8]) -> Option<(usize, usize)> {
        let mut link = self.first[usize::from(*rest.get(self.pivot)?)];
        while let Some(index) = usize::from(link).checked_sub(1) {
            let key = self.keys.get(index)?.as_bytes();
            if rest.get(key.len()) == Some(&b'=') && starts_with(rest, key) {
                return Some((index, key.len()));
            }
            link = *self.next.get(index)?;
        }
        None
    }

    /// The index of `key`.
    fn position(&self, key: &str) -> Option<usize> {
        if key.len() < self.pivot {
            return None;
        }
        let mut link = self.first[usize::from(index_byte(key.as_bytes(), self.pivot))];
        while let Some(index) = usize::from(link).checked_sub(1) {
            if *self.keys.get(index)? == key {
                return Some(index);
            }
            link = *self.next.get(index)?;
        }
        None
    }
}

/// The length of the prefix all `keys` share (0 for none).
const fn shared_prefix_len(keys: &[&str]) -> usize {
    let Some(first) = keys.first() else {
        return 0;
    };
    let first = first.as_bytes();
    let mut len = first.len();
    let mut index = 1;
    while index < keys.len() {
        let key = keys[index].as_bytes();
        let mut at = 0;
        while at < len && at < key.len() && key[at] == first[at] {
            at += 1;
        }
        len = at;
        index += 1;
    }
    len
}

/// The byte a key is indexed by: the one at `pivot`, or the `=` that follows a key that is the
/// shared prefix itself.
const fn index_byte(key: &[u8], pivot: usize) -> u8 {
    if pivot < key.len() {
        key[pivot]
    } else {
        b'='
    }
}

/// Whether `bytes` starts with `prefix`: for a prefix of 4 to 16 bytes (most keys) as two
/// overlapping word compares (its first and last four or eight bytes), which is shorter than a
/// call to `memcmp`; otherwise as slices.
#[inline(always)]
fn starts_with(bytes: &[u8], prefix: &[u8]) -> bool {
    let len = prefix.len();
    let Some(head) = bytes.get(..len) else {
        return false;
    };
    match len {
        8..=16 => {
            word::<8>(head, 0) == word::<8>(prefix, 0)
                && word::<8>(head, len - 8) == word::<8>(prefix, len - 8)
        }
        4..=7 => {
            word::<4>(head, 0) == word::<4>(prefix, 0)
                && word::<4>(head, len - 4) == word::<4>(prefix, len - 4)
        }
        _ => head == prefix,
    }
}

/// The `N` bytes of `bytes` at `at`, or `None` past its end.
#[inline(always)]
fn word<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..)?.first_chunk::<N>().copied()
}

/// Whether two byte strings are equal, in `const` evaluation.
pub(crate) const fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut at = 0;
    while at < a.len() {
        if a[at] != b[at] {
            return false;
        }
        at += 1;
    }
    true
}

/// What reading a struct's header dropped that could have held one of its keys: the malformed
/// members of those keys and the limit that cut the header, if one did.
#[derive(Debug, Default)]
pub struct Dropped {
    errors: Vec<ParseError>,
}

impl Dropped {
    /// Why the member of `key` is missing, if it may have been dropped; see [`dropped_reason`].
    pub(crate) fn reason(&self, key: &str) -> Option<&ParseError> {
        dropped_reason(&self.errors, key)
    }
}

/// Why the member of `key` is missing from what was read with `errors`: its own parse error,
/// or else the limit that cut the header; `None` when nothing dropped could be it.
pub(crate) fn dropped_reason<'e>(errors: &'e [ParseError], key: &str) -> Option<&'e ParseError> {
    errors
        .iter()
        .find(|error| error.is_about(key))
        .or_else(|| errors.iter().find(|error| error.is_limit()))
}

/// A member value a struct's reader found for one of its keys.
#[derive(Debug, Clone, Copy)]
pub enum Found<'a> {
    /// As the parser read it from the header.
    Wire(WireValue<'a>),
    /// Already decoded, from [`StringBaggage`].
    Decoded(&'a str),
}

/// Puts each member into the slot of its key.
struct Slots<'t, 'h> {
    table: &'t KeyTable,
    values: &'t mut [Option<Found<'h>>],
    dropped: Dropped,
}

impl<'h> Sink<'h> for Slots<'_, 'h> {
    #[inline]
    fn known_key(&self, rest: &[u8]) -> Option<(usize, usize)> {
        self.table.prefix_of(rest)
    }

    #[inline]
    fn member(&mut self, member: ScannedMember<'h>, known: Option<usize>) {
        let index = known.or_else(|| self.table.position(member.key()));
        // The last occurrence of a key is its value, as `StringBaggage::get` answers.
        if let Some(slot) = index.and_then(|index| self.values.get_mut(index)) {
            *slot = Some(Found::Wire(member.into_wire()));
        }
    }

    fn error(&mut self, error: ParseError) {
        if concerns(self.table, &error) {
            self.dropped.errors.push(error);
        }
    }
}

/// Whether `error` could be why a key of `table` is missing: the malformed member of one of
/// them, or a limit.
fn concerns(table: &KeyTable, error: &ParseError) -> bool {
    match (&error.key_as_read, error.key()) {
        (Some(key), _) => table.position(key).is_some(),
        (None, Some(key)) => table.position(key).is_some(),
        (None, None) => error.is_limit(),
    }
}

/// Reads `header` leniently under the default [`Limits`], putting the value of each member whose
/// key is in `table` into the slot of the same index in `values` (the last occurrence wins), and
/// returns what was dropped that could have been one of them.
///
/// Members of other keys are checked (a malformed one counts toward nothing) but not kept.
pub fn read_members<'h>(
    header: &'h str,
    table: &KeyTable,
    values: &mut [Option<Found<'h>>],
) -> Dropped {
    let sink = Slots {
        table,
        values,
        dropped: Dropped::default(),
    };
    let mut parser = Parser::new(Limits::DEFAULT, false, sink);
    // Lenient reading reports its errors to the sink and never fails.
    let _ = parser.lines([header]);
    parser.sink.dropped
}

/// Puts the value of the last member of each key of `table` in `baggage` into the slot of the
/// same index in `values`, and returns what reading `baggage` dropped that could have been one
/// of them: the same slots [`read_members`] fills from a header.
pub fn collect_members<'b>(
    baggage: &'b StringBaggage<'_>,
    table: &KeyTable,
    values: &mut [Option<Found<'b>>],
) -> Dropped {
    for member in baggage.iter() {
        let slot = table
            .position(member.key())
            .and_then(|index| values.get_mut(index));
        if let Some(slot) = slot {
            *slot = Some(Found::Decoded(member.value()));
        }
    }
    let errors = baggage
        .read_errors()
        .iter()
        .filter(|error| concerns(table, error))
        .cloned()
        .collect();
    Dropped { errors }
}

#[cfg(test)]
mod tests {
    use super::*;

    static TABLE: KeyTable =
        KeyTable::new(&["user", "user_id", "region", "u", "a.very_long_key_name"]);

    /// Keys that share a first byte, or are prefixes of one another, are told apart by the `=`
    /// that must follow them.
    #[test]
    fn prefix_of_finds_the_key_followed_by_equals() {
        assert_eq!(TABLE.prefix_of(b"user_id=7"), Some((1, 7)));
        assert_eq!(TABLE.prefix_of(b"user=7"), Some((0, 4)));
        assert_eq!(TABLE.prefix_of(b"u=7"), Some((3, 1)));
        assert_eq!(TABLE.prefix_of(b"a.very_long_key_name=x"), Some((4, 20)));
        assert_eq!(TABLE.prefix_of(b"region=eu,user=1"), Some((2, 6)));
        assert_eq!(TABLE.prefix_of(b"user_ids=7"), None);
        assert_eq!(TABLE.prefix_of(b"use=7"), None);
        assert_eq!(TABLE.prefix_of(b"user"), None);
        assert_eq!(TABLE.prefix_of(b""), None);
        assert_eq!(TABLE.position("user_id"), Some(1));
        assert_eq!(TABLE.position("users"), None);
        assert_eq!(TABLE.position(""), None);
    }

    static PREFIXED: KeyTable = KeyTable::new(&["app.user", "app.user_id", "app.region", "app"]);

    /// Keys behind a shared prefix are indexed by the byte after it; a key that is the prefix
    /// itself by its `=`.
    #[test]
    fn a_shared_prefix_is_skipped() {
        assert_eq!(PREFIXED.pivot, 3);
        assert_eq!(PREFIXED.prefix_of(b"app.region=eu"), Some((2, 10)));
        assert_eq!(PREFIXED.prefix_of(b"app.user_id=1"), Some((1, 11)));
        assert_eq!(PREFIXED.prefix_of(b"app.user=1"), Some((0, 8)));
        assert_eq!(PREFIXED.prefix_of(b"app=1"), Some((3, 3)));
        assert_eq!(PREFIXED.prefix_of(b"ap=1"), None);
        assert_eq!(PREFIXED.prefix_of(b"app.other=1"), None);
        assert_eq!(PREFIXED.position("app"), Some(3));
        assert_eq!(PREFIXED.position("app.region"), Some(2));
        assert_eq!(PREFIXED.position("ap"), None);
        assert_eq!(PREFIXED.position("apx.region"), None);
    }

    /// The table checks the keys itself rather than trusting its caller: built in a `const`,
    /// a bad table fails to compile; at run time it panics before any header is read.
    #[test]
    #[should_panic(expected = "reads each key once")]
    fn a_table_refuses_a_duplicate_key() {
        let _ = KeyTable::new(&["a", "b", "a"]);
    }

    #[test]
    #[should_panic(expected = "RFC 7230 token")]
    fn a_table_refuses_an_invalid_key() {
        let _ = KeyTable::new(&["a b"]);
    }

    /// Keys of one length that differ are not duplicates, whichever byte differs.
    #[test]
    fn keys_of_one_length_are_told_apart() {
        let table = KeyTable::new(&["ab", "ac", "b", "a"]);
        assert_eq!(table.position("ac"), Some(1));
        assert_eq!(table.position("a"), Some(3));
        assert!(bytes_eq(b"ab", b"ab"));
        assert!(!bytes_eq(b"ab", b"ac"));
        assert!(!bytes_eq(b"ab", b"abc"));
    }

    /// Both words of the compare count: a prefix that differs from the bytes only at its start
    /// or only at its end does not match, at every length the words cover.
    #[test]
    fn starts_with_compares_both_ends_of_the_prefix() {
        for len in 1..=20 {
            let prefix: Vec<u8> = (0..len).map(|at| b'a' + (at % 26) as u8).collect();
            let mut bytes = prefix.clone();
            bytes.extend_from_slice(b"=x");
            assert!(starts_with(&bytes, &prefix), "{len}");
            for changed in [0, len - 1] {
                let mut other = bytes.clone();
                other[changed] = b'Z';
                assert!(!starts_with(&other, &prefix), "{len}, byte {changed}");
            }
            assert!(!starts_with(&prefix[..len - 1], &prefix), "{len}: shorter");
        }
    }

    fn wire(found: Option<Found<'_>>) -> Option<&str> {
        match found {
            Some(Found::Wire(value)) => Some(value.raw()),
            Some(Found::Decoded(value)) => Some(value),
            None => None,
        }
    }

    /// The typed reader puts the last value of each key of the table in its slot, whichever
    /// reader read the member, ignores other keys (one-byte ones too), and keeps the errors
    /// that could be why one of its keys is missing.
    #[test]
    fn read_members_fills_the_slot_of_each_key() {
        let mut values = [None; 5];
        let dropped = read_members(
            "user=1,user=3, u = 4,x=2,region=eu,user_id=%zz,zz=%zz",
            &TABLE,
            &mut values,
        );
        let read: Vec<Option<&str>> = values.into_iter().map(wire).collect();
        assert_eq!(read, [Some("3"), None, Some("eu"), Some("4"), None]);
        assert_eq!(dropped.reason("user_id").map(ParseError::member), Some(5));
        assert_eq!(dropped.reason("region"), None);
        assert_eq!(dropped.reason("zz"), None);

        // Past the member limit, every key not read may have been cut.
        let header = (0..200)
            .map(|n| format!("k{n}=1"))
            .collect::<Vec<_>>()
            .join(",");
        let mut values = [None; 5];
        let dropped = read_members(&header, &TABLE, &mut values);
        assert!(dropped.reason("region").is_some_and(ParseError::is_limit));
    }

    /// The same slots filled from parsed baggage.
    #[test]
    fn collect_members_fills_the_same_slots() {
        let (baggage, _) = StringBaggage::parse_lenient("user=1,user=2,x=9,region=%zz, u = 4");
        let mut values = [None; 5];
        let dropped = collect_members(&baggage, &TABLE, &mut values);
        let read: Vec<Option<&str>> = values.into_iter().map(wire).collect();
        assert_eq!(read, [Some("2"), None, None, Some("4"), None]);
        assert_eq!(dropped.reason("region").map(ParseError::member), Some(3));
        assert_eq!(dropped.reason("user_id"), None);
    }

    proptest::proptest! {
        /// The word compares agree with the standard library's `starts_with` at every length.
        #[test]
        fn starts_with_agrees_with_the_slice_method(
            bytes in proptest::collection::vec(proptest::sample::select(vec![b'a', b'b', b'=', 0, 0xFF]), 0..24),
            prefix in proptest::collection::vec(proptest::sample::select(vec![b'a', b'b', b'=', 0, 0xFF]), 0..20),
        ) {
            proptest::prop_assert_eq!(starts_with(&bytes, &prefix), bytes.starts_with(&prefix));
        }
    }
}
