//! [`ParseOptions`]: reading a header under other limits, or from several header lines.

use super::baggage::StringBaggage;
use super::limits::Limits;
use super::parser::{Collect, Parser};
use crate::error::ParseError;

/// How [`StringBaggage`] reads a header beyond [`StringBaggage::parse`] and
/// [`StringBaggage::parse_lenient`]: under which [`Limits`], from one line or several.
///
/// Made by [`StringBaggage::options`]. `parse` and `parse_lenient` read as
/// [`StringBaggage::parse`] and [`StringBaggage::parse_lenient`] do; `parse_lines` and
/// `parse_lines_lenient` read several header lines the same ways, as one list.
///
/// ```
/// use baggage_core::{Limits, StringBaggage};
///
/// let options = StringBaggage::options().limits(Limits::W3C_MINIMUM);
/// let baggage = options.parse_lines(["user_id=1", "region=us-west"])?;
/// assert_eq!(baggage.get("region"), Some("us-west"));
/// assert_eq!(baggage.limits(), Limits::W3C_MINIMUM);
/// # Ok::<(), baggage_core::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ParseOptions {
    limits: Limits,
}

impl ParseOptions {
    /// The options of [`StringBaggage::parse`]: the default [`Limits`].
    pub const fn new() -> Self {
        Self {
            limits: Limits::DEFAULT,
        }
    }

    /// These options with other limits, which the baggage read keeps for later inserts.
    pub const fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Reads one header strictly, as [`StringBaggage::parse`] does.
    ///
    /// # Errors
    ///
    /// The first malformed member, or the limit the header goes past.
    pub fn parse(self, header: &str) -> Result<StringBaggage<'_>, ParseError> {
        self.parse_lines([header])
    }

    /// Reads one header leniently, as [`StringBaggage::parse_lenient`] does.
    pub fn parse_lenient(self, header: &str) -> (StringBaggage<'_>, Vec<ParseError>) {
        self.parse_lines_lenient([header])
    }

    /// Reads several `baggage` header lines strictly, as one list in order; the byte limit
    /// applies to the lines joined with commas.
    ///
    /// # Errors
    ///
    /// The first malformed member of any line, or the limit the lines go past together.
    pub fn parse_lines<'a, I>(self, lines: I) -> Result<StringBaggage<'a>, ParseError>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let mut parser = Parser::new(self.limits, true, Collect::default());
        parser.lines(lines)?;
        Ok(StringBaggage {
            members: parser.sink.members,
            limits: self.limits,
            read_errors: Vec::new(),
        })
    }

    /// Reads several `baggage` header lines leniently, as one list in order.
    pub fn parse_lines_lenient<'a, I>(self, lines: I) -> (StringBaggage<'a>, Vec<ParseError>)
    where
        I: IntoIterator<Item = &'a str>,
    {
        let mut parser = Parser::new(self.limits, false, Collect::default());
        // Lenient reading reports its errors to the sink and never fails.
        let _ = parser.lines(lines);
        let errors = parser.sink.errors;
        let baggage = StringBaggage {
            members: parser.sink.members,
            limits: self.limits,
            read_errors: errors.clone(),
        };
        (baggage, errors)
    }
}
