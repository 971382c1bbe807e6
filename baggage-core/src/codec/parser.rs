//! The reader of header lines: members and errors out, in order, under [`Limits`].
//!
//! One parser serves every reader of the crate; what it finds goes to a [`Sink`]: the members
//! of [`StringBaggage`](super::StringBaggage) ([`Collect`]), or the slots of a derived struct's
//! keys ([`super::keys`]).

use super::grammar::{scan_member, scan_plain, scan_well_formed};
use super::limits::Limits;
use super::member::Member;
use super::search::find_byte;
use super::wire::ScannedMember;
use crate::error::{ParseError, ParseErrorKind};

/// Where the parser puts what it reads.
pub(crate) trait Sink<'a> {
    /// The index and length of the key, among those the sink knows, that `rest` starts with
    /// followed by `=`: such a key is valid and its end is not searched for.
    #[inline]
    fn known_key(&self, _rest: &[u8]) -> Option<(usize, usize)> {
        None
    }

    /// A well-formed member; `known` is the index [`known_key`](Self::known_key) gave for it.
    fn member(&mut self, member: ScannedMember<'a>, known: Option<usize>);

    /// A malformed member, or the limit that stopped reading (lenient reading only).
    fn error(&mut self, error: ParseError);
}

/// Collects members for [`StringBaggage`](super::StringBaggage), and errors when reading
/// leniently.
#[derive(Default)]
pub(crate) struct Collect<'a> {
    pub(crate) members: Vec<Member<'a>>,
    pub(crate) errors: Vec<ParseError>,
}

impl<'a> Sink<'a> for Collect<'a> {
    fn member(&mut self, member: ScannedMember<'a>, _known: Option<usize>) {
        self.members.push(member.into_member());
    }

    fn error(&mut self, error: ParseError) {
        self.errors.push(error);
    }
}

/// Stops parsing: a strict error, or a limit reached in lenient mode.
struct Stop(ParseError);

pub(crate) struct Parser<S> {
    limits: Limits,
    /// Strict parsing stops at the first error; lenient parsing reports it and goes on.
    strict: bool,
    pub(crate) sink: S,
    /// Well-formed members kept so far, for the member limit.
    kept: usize,
    /// Members seen so far, malformed ones included, for error positions.
    seen: usize,
    /// Header bytes consumed so far across lines, commas between lines included.
    bytes: usize,
}

impl<'a, S: Sink<'a>> Parser<S> {
    pub(crate) fn new(limits: Limits, strict: bool, sink: S) -> Self {
        Self {
            limits,
            strict,
            sink,
            kept: 0,
            seen: 0,
            bytes: 0,
        }
    }

    /// Reports a malformed member; `Err` when parsing must stop.
    fn report(&mut self, error: ParseError) -> Result<(), Stop> {
        if self.strict {
            return Err(Stop(error));
        }
        self.sink.error(error);
        Ok(())
    }

    /// Reports a limit, which stops parsing in either mode.
    fn stop(&mut self, error: ParseError) -> Stop {
        if !self.strict {
            self.sink.error(error.clone());
        }
        Stop(error)
    }

    /// Reads lines, up to a limit; in strict mode, up to the first error, which it returns.
    pub(crate) fn lines(
        &mut self,
        lines: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), ParseError> {
        for line in lines {
            self.line(line).map_err(|Stop(error)| error)?;
        }
        Ok(())
    }

    fn line(&mut self, line: &'a str) -> Result<(), Stop> {
        if line.bytes().all(|b| b == b' ' || b == b'\t') {
            return Ok(());
        }
        let separator = usize::from(self.bytes > 0);
        let room = self
            .limits
            .max_bytes()
            .saturating_sub(self.bytes + separator);
        let mut input = line;
        let mut over_limit = None;
        if line.len() > room {
            let error = ParseError {
                member: self.seen,
                offset: 0,
                key: None,
                key_as_read: None,
                kind: ParseErrorKind::TooLong {
                    limit: self.limits.max_bytes(),
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
            if self.kept >= self.limits.max_members() {
                let error = ParseError {
                    member: self.seen,
                    offset: start,
                    key: None,
                    key_as_read: None,
                    kind: ParseErrorKind::TooManyMembers {
                        limit: self.limits.max_members(),
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
        // Each member read here is both seen and kept: one count, checked against the room
        // the member limit leaves.
        let room = self.limits.max_members().saturating_sub(self.kept);
        let mut taken = 0;
        let stopped = loop {
            if taken >= room {
                break Some(input.len() - rest.len());
            }
            let known = self.sink.known_key(rest.as_bytes());
            let Some((member, after)) = scan_plain(rest, known.map(|(_, len)| len)) else {
                break Some(input.len() - rest.len());
            };
            self.sink.member(member, known.map(|(index, _)| index));
            taken += 1;
            match after.strip_prefix(',') {
                Some(next) => rest = next,
                None => break None,
            }
        };
        self.kept += taken;
        self.seen += taken;
        stopped
    }

    /// Reads the member at `start` that is not of the plain shape: with whitespace or
    /// properties, or malformed, which the last reader explains. Returns the index of the comma
    /// that ends it.
    fn general(&mut self, input: &'a str, start: usize, index: usize) -> Result<usize, Stop> {
        if let Some((member, end)) = scan_well_formed(input, start) {
            self.kept += 1;
            self.sink.member(member, None);
            return Ok(end);
        }
        let end = find_byte(input.as_bytes(), start, b',');
        match scan_member(input.get(start..end).unwrap_or_default(), start, index) {
            Ok(member) => {
                self.kept += 1;
                self.sink.member(member, None);
            }
            Err(error) => self.report(error)?,
        }
        Ok(end)
    }
}
