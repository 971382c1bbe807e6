//! [`BaggageValue`] for [`Duration`]: written in seconds, read in the units SDKs write.

use std::fmt::Write as _;
use std::time::Duration;

use super::{BaggageValue, ListItem, ValueKind};
use crate::error::ValueError;

/// A duration, written in seconds with its unit: `1.5s`, `0.00000025s`, `90s` (the shortest
/// decimal that is exact to the nanosecond).
///
/// Read with a unit always, since a bare `1500` could mean seconds or milliseconds: as this
/// crate writes it, or as Python (`f"{td.total_seconds()}s"`), JavaScript (`` `${ms}ms` ``) and Go
/// (`1m30s`, `1.5h`, `250ms`) write it, a Python float's exponent form included (`1e-06s`):
/// numbers with the units `h`, `m`, `s`, `ms`, `us` (or
/// `µs`) and `ns`, one after the other and added up; and ISO 8601 as Java's `Duration` and
/// JavaScript's `Temporal.Duration` write it (`PT1H30M`, `PT1.5S`). A value without a unit, more
/// precise than a nanosecond, negative, or past `Duration::MAX` is an error.
impl BaggageValue for Duration {
    const TYPE_NAME: &'static str = "duration";
    const KIND: &'static ValueKind = &ValueKind::Format("duration");
    // Up to 20 digits of seconds, `.`, 9 of nanoseconds and `s`, all written raw.
    const MAX_ENCODED_LEN: Option<usize> = Some(20 + 1 + 9 + 1);

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        let _ = write!(out, "{}", self.as_secs());
        let nanos = self.subsec_nanos();
        if nanos > 0 {
            let digits = format!("{nanos:09}");
            out.push('.');
            out.push_str(digits.trim_end_matches('0'));
        }
        out.push('s');
        Ok(())
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        parse_duration(value).map_err(|reason| ValueError::new(Self::TYPE_NAME, reason))
    }
}
impl ListItem for Duration {}

const NANOS_PER_SECOND: u128 = 1_000_000_000;

/// The length of the number `text` starts with: digits and `.`, and an exponent (`e-06`).
fn number_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    while bytes
        .get(at)
        .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
    {
        at += 1;
    }
    let exponent_digits = |from: usize| {
        let mut end = from;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        (end > from).then_some(end)
    };
    if at > 0 && matches!(bytes.get(at), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(at + 1), Some(b'+' | b'-')));
        if let Some(end) = exponent_digits(at + 1 + sign) {
            return end;
        }
    }
    at
}

/// Reads a duration as [`Duration`'s `BaggageValue`](BaggageValue) documents it.
fn parse_duration(text: &str) -> Result<Duration, &'static str> {
    if text.is_empty() {
        return Err("the value is empty; write a number with its unit, as 1.5s or 250ms");
    }
    let (rest, units): (&str, &[(&str, u128)]) = match text.strip_prefix("PT") {
        Some(iso) => (
            iso,
            &[
                ("H", 3_600 * NANOS_PER_SECOND),
                ("M", 60 * NANOS_PER_SECOND),
                ("S", NANOS_PER_SECOND),
            ],
        ),
        None => (
            text,
            &[
                ("h", 3_600 * NANOS_PER_SECOND),
                ("ms", 1_000_000),
                ("m", 60 * NANOS_PER_SECOND),
                ("s", NANOS_PER_SECOND),
                ("us", 1_000),
                ("µs", 1_000),
                ("ns", 1),
            ],
        ),
    };
    let mut rest = rest;
    let mut total: u128 = 0;
    if rest.is_empty() {
        return Err("an ISO 8601 duration needs a part after PT, as PT1.5S");
    }
    while !rest.is_empty() {
        if rest.starts_with('-') {
            return Err("a duration cannot be negative");
        }
        let number_len = number_len(rest);
        let (number, after) = rest.split_at(number_len);
        if number.is_empty() {
            return Err("expected a number before each unit, as 1.5s or 1m30s");
        }
        let Some(&(unit, unit_nanos)) = units.iter().find(|(unit, _)| after.starts_with(unit))
        else {
            return Err(if after.is_empty() {
                "a duration needs a unit (h, m, s, ms, us, ns), as 1.5s or 1500ms: a bare number could be seconds or milliseconds"
            } else {
                "not a duration unit; the units are h, m, s, ms, us, ns (H, M, S after PT)"
            });
        };
        total = total
            .checked_add(number_nanos(number, unit_nanos)?)
            .ok_or("the duration is too long")?;
        rest = after.get(unit.len()..).unwrap_or_default();
    }
    let seconds =
        u64::try_from(total / NANOS_PER_SECOND).map_err(|_| "the duration is too long")?;
    // The remainder of a division by 10^9 fits a u32.
    let nanos = u32::try_from(total % NANOS_PER_SECOND).map_err(|_| "the duration is too long")?;
    Ok(Duration::new(seconds, nanos))
}

/// `number` of a unit of `unit_nanos` nanoseconds, exactly: digits, an optional fraction and an
/// optional exponent (`1e-06`, as Python writes small floats).
fn number_nanos(number: &str, unit_nanos: u128) -> Result<u128, &'static str> {
    const NOT_A_NUMBER: &str = "not a decimal number, as 1.5, 250 or 1e-06";
    let (mantissa, exponent) = match number.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => {
            let exponent: i32 = exponent.parse().map_err(|_| NOT_A_NUMBER)?;
            (mantissa, exponent)
        }
        None => (number, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return Err(NOT_A_NUMBER);
    }
    if mantissa.ends_with('.') {
        return Err(NOT_A_NUMBER);
    }
    let fraction = fraction.trim_end_matches('0');
    let digits = format!("{}{fraction}", whole.trim_start_matches('0'));
    // 30 significant digits of a unit of at most an hour are far past Duration::MAX or far
    // below a nanosecond.
    if digits.len() > 30 || !(-60..=60).contains(&exponent) {
        return Err("the duration is too long, or more precise than a nanosecond");
    }
    let significand: u128 = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| NOT_A_NUMBER)?
    };
    // The value is significand × 10^(exponent − fraction digits) units.
    let shift = exponent - fraction.len() as i32;
    let scaled = significand
        .checked_mul(unit_nanos)
        .ok_or("the duration is too long")?;
    if shift >= 0 {
        let factor = 10u128
            .checked_pow(shift.unsigned_abs())
            .ok_or("the duration is too long")?;
        return scaled.checked_mul(factor).ok_or("the duration is too long");
    }
    let divisor = 10u128
        .checked_pow(shift.unsigned_abs())
        .ok_or("more precise than a nanosecond")?;
    if scaled % divisor != 0 {
        return Err("more precise than a nanosecond");
    }
    Ok(scaled / divisor)
}
