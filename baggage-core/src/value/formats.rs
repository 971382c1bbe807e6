//! [`BaggageValue`] for the types of optional dependencies: UUIDs (feature `uuid`) and RFC 3339
//! times (features `chrono` and `time`).

#[cfg(any(feature = "uuid", feature = "chrono", feature = "time"))]
use super::{BaggageValue, ListItem, ValueKind};
#[cfg(any(feature = "uuid", feature = "chrono", feature = "time"))]
use crate::error::ValueError;

/// A UUID (feature `uuid`), hyphenated in lowercase as Python's `str(uuid4())`, JavaScript's
/// `crypto.randomUUID()`, Java's `UUID.toString()` and .NET's `Guid.ToString()` write it:
/// `67e55044-10b1-426f-9247-bb680e5fe0c8`.
///
/// Read in that form in either case, or as the 32 hexadecimal digits alone; the braced and
/// `urn:uuid:` forms, which no SDK puts in baggage, are refused.
#[cfg(feature = "uuid")]
#[cfg_attr(docsrs, doc(cfg(feature = "uuid")))]
impl BaggageValue for uuid::Uuid {
    const TYPE_NAME: &'static str = "UUID";
    const KIND: &'static ValueKind = &ValueKind::Format("uuid");
    // Hexadecimal digits and hyphens, all written raw.
    const MAX_ENCODED_LEN: Option<usize> = Some(36);

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        let mut buffer = uuid::Uuid::encode_buffer();
        out.push_str(self.hyphenated().encode_lower(&mut buffer));
        Ok(())
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        const EXPECTED: &str =
            "not a UUID: expected 8-4-4-4-12 hexadecimal digits (or the 32 digits alone)";
        if value.len() != 36 && value.len() != 32 {
            return Err(ValueError::new(Self::TYPE_NAME, EXPECTED));
        }
        uuid::Uuid::try_parse(value).map_err(|_| ValueError::new(Self::TYPE_NAME, EXPECTED))
    }
}
#[cfg(feature = "uuid")]
impl ListItem for uuid::Uuid {}

/// What an RFC 3339 reader says of a time without an offset, such as Python's naive
/// `datetime.isoformat()`.
#[cfg(any(feature = "chrono", feature = "time"))]
const RFC3339_EXPECTED: &str =
    "not an RFC 3339 date and time with an offset, as 2024-05-01T12:30:00Z \
     or 2024-05-01T12:30:00.250+02:00 (Python: datetime.now(timezone.utc).isoformat(); JavaScript: \
     date.toISOString())";

/// Refuses a time with more fractional digits than nanoseconds, which the RFC 3339 parsers of
/// chrono and time would cut without a word.
#[cfg(any(feature = "chrono", feature = "time"))]
fn check_fraction_digits(value: &str) -> Result<(), &'static str> {
    let Some((_, after)) = value.split_once('.') else {
        return Ok(());
    };
    match after.bytes().take_while(u8::is_ascii_digit).count() {
        0..=9 => Ok(()),
        _ => Err("more precise than a nanosecond: at most 9 fractional digits"),
    }
}

/// A UTC date and time (feature `chrono`), in RFC 3339 with `Z` and as many fractional digits as
/// it has (none, 3, 6 or 9): `2024-05-01T12:30:00Z`, `2024-05-01T12:30:00.250Z`.
///
/// Read as RFC 3339 with any offset, converted to UTC: what JavaScript's `toISOString()`
/// (`…T12:30:00.000Z`) and Python's `isoformat()` of an aware datetime (`…T12:30:00+00:00`)
/// write. A time without an offset (a naive Python datetime) is refused: it names no instant.
#[cfg(feature = "chrono")]
#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl BaggageValue for chrono::DateTime<chrono::Utc> {
    const TYPE_NAME: &'static str = "RFC 3339 date and time";
    const KIND: &'static ValueKind = &ValueKind::Format("datetime");
    // `+` and six digits of year, `-MM-DDTHH`, `:MM:SS` (each `:` escaped to 3 bytes), nine
    // fractional digits and `Z`.
    const MAX_ENCODED_LEN: Option<usize> = Some(3 + 6 + 9 + 3 + 2 + 3 + 2 + 10 + 1);

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        use chrono::Datelike;
        // chrono writes other years with a sign or more digits, which RFC 3339 readers refuse.
        if !(0..=9999).contains(&self.year()) {
            return Err(ValueError::new(
                Self::TYPE_NAME,
                "RFC 3339 cannot express this date and time: its year is outside 0000-9999",
            ));
        }
        out.push_str(&self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
        Ok(())
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        check_fraction_digits(value).map_err(|reason| ValueError::new(Self::TYPE_NAME, reason))?;
        chrono::DateTime::parse_from_rfc3339(value)
            .map(|time| time.with_timezone(&chrono::Utc))
            .map_err(|_| ValueError::new(Self::TYPE_NAME, RFC3339_EXPECTED))
    }
}
#[cfg(feature = "chrono")]
impl ListItem for chrono::DateTime<chrono::Utc> {}

/// A date and time with its offset (feature `time`), in RFC 3339 as it is:
/// `2024-05-01T12:30:00Z`, `2024-05-01T14:30:00.25+02:00`; read back with the same offset.
///
/// Read as RFC 3339 (what `toISOString()` and an aware Python `isoformat()` write). A time
/// without an offset is refused, and so, on writing, is a year outside 0000–9999, which RFC
/// 3339 cannot express.
#[cfg(feature = "time")]
#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl BaggageValue for time::OffsetDateTime {
    const TYPE_NAME: &'static str = "RFC 3339 date and time";
    const KIND: &'static ValueKind = &ValueKind::Format("datetime");
    // `YYYY-MM-DDTHH`, `:MM:SS` (each `:` escaped to 3 bytes), nine fractional digits, and an
    // offset `+HH:MM` (its `+` and `:` escaped).
    const MAX_ENCODED_LEN: Option<usize> = Some(13 + 3 + 2 + 3 + 2 + 10 + 3 + 2 + 3 + 2);

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        let text = self
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|_| {
                ValueError::new(
                    Self::TYPE_NAME,
                    "RFC 3339 cannot express this date and time (its year is outside 0000-9999, or its offset has seconds)",
                )
            })?;
        out.push_str(&text);
        Ok(())
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        check_fraction_digits(value).map_err(|reason| ValueError::new(Self::TYPE_NAME, reason))?;
        time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339)
            .map_err(|_| ValueError::new(Self::TYPE_NAME, RFC3339_EXPECTED))
    }
}
#[cfg(feature = "time")]
impl ListItem for time::OffsetDateTime {}
