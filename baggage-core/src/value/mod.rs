//! [`BaggageValue`]: how one Rust type becomes one member value and back.
//!
//! Values here are the *decoded* strings; the codec percent-encodes them on the wire. The forms
//! are the ones other OpenTelemetry SDKs produce with their own conversions (`str(12345)`,
//! `str(True).lower()`, `",".join(features)`), so a value written by any service reads back here.

use std::borrow::Cow;

use crate::codec::WireValue;
use crate::error::ValueError;

mod borrow;
mod duration;
mod formats;
mod kind;
mod list;
mod net;
mod option;
mod scalar;

pub use borrow::BorrowValue;
pub use kind::{CatchAll, ValueKind};

/// A Rust type that travels as one baggage member value.
///
/// | Rust type | value on the wire (decoded) |
/// |---|---|
/// | integers, `NonZero*` | decimal: `12345`, `-7` |
/// | `f32`, `f64` | shortest form that reads back to the same number: `0.25`, `1e-7`; NaN and infinities are rejected |
/// | `bool` | `true` / `false` (read case-insensitively, so Python's `str(True)` reads too) |
/// | `char` | the character |
/// | `String`, `Box<str>`, `Arc<str>`, `Cow<str>` | the text |
/// | `IpAddr`, `Ipv4Addr`, `Ipv6Addr` | the address in its standard text form |
/// | `SocketAddr`, `SocketAddrV4`, `SocketAddrV6` | `address:port`, `[IPv6 address]:port` (a flow label cannot be written) |
/// | `uuid::Uuid` (feature `uuid`) | hyphenated lowercase; read in either case, or as 32 digits |
/// | `chrono::DateTime<Utc>` (feature `chrono`), `time::OffsetDateTime` (feature `time`) | RFC 3339 (`2024-05-01T12:30:00Z`); read with any offset, never without one |
/// | `Duration` | seconds with the unit, `1.5s`; read also as `1500ms`, `1m30s`, `PT1.5S`, `1e-06s` (see [its implementation](#impl-BaggageValue-for-Duration)) |
/// | `Vec<T>` of the types above | items joined by `,`; see [`Vec`'s implementation](#impl-BaggageValue-for-Vec<T>) |
/// | `Option<T>` | `T`, or no member at all for `None` |
///
/// Enums of unit variants and newtypes derive it with `#[derive(BaggageValue)]`.
///
/// ```
/// use baggage_core::BaggageValue;
///
/// let mut out = String::new();
/// 0.1f64.encode(&mut out)?;
/// assert_eq!(out, "0.1");
/// assert_eq!(u64::decode("12345")?, 12345);
/// assert_eq!(
///     u8::decode("300").unwrap_err().to_string(),
///     "expected u8: number too large for u8"
/// );
/// # Ok::<(), baggage_core::ValueError>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot travel in baggage",
    label = "`{Self}` does not implement `BaggageValue`",
    note = "baggage values are strings on the wire; supported types are the integers and NonZero integers, f32, f64, bool, char, String, Box<str>, Arc<str>, Cow<str>, IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6, Duration, Vec<T> of those, Option<T>, and enums or newtypes with #[derive(BaggageValue)]",
    note = "for any other type, convert it with `#[baggage(with = \"module\")]`, where `module` has `encode` and `decode` functions",
    note = "for text borrowed from the header, use `Cow<'h, str>` with the struct's lifetime `'h`",
    note = "a struct with #[derive(Baggage)] is several members, not one value: mark the field #[baggage(flatten)]"
)]
pub trait BaggageValue: Sized {
    /// The type's name in errors and schemas: `u64`, `bool`, `list`.
    const TYPE_NAME: &'static str;

    /// The most bytes the value can take on the wire, percent-encoding included, or `None` when
    /// it is unbounded (strings, lists). `#[derive(Baggage)]` adds these up to check a struct's
    /// budget at compile time.
    const MAX_ENCODED_LEN: Option<usize> = None;

    /// Whether a struct field of this type needs its key present: `false` only for `Option<T>`.
    const REQUIRED: bool = true;

    /// Whether values of this type are free text that a typed struct scans for personal data
    /// and secrets before writing ([`policy::pii_value`](crate::policy::pii_value)): `true` for
    /// strings and lists of them, `false` for numbers, addresses and enums.
    const SCAN_PII: bool = false;

    /// What values the type writes and accepts, for checks across services (a fleet's
    /// contracts). [`ValueKind::Opaque`] by default: a hand-written implementation says more
    /// when it can.
    const KIND: &'static ValueKind = &ValueKind::Opaque;

    /// Appends the value's decoded string form to `out`.
    ///
    /// # Errors
    ///
    /// [`ValueError`] when the value has no string form (a float that is NaN or infinite, a
    /// list item with no form of its own).
    fn encode(&self, out: &mut String) -> Result<(), ValueError>;

    /// Reads the value from its decoded string form.
    ///
    /// # Errors
    ///
    /// [`ValueError`] saying which type was expected and why the value is not one.
    fn decode(value: &str) -> Result<Self, ValueError>;

    /// Reads the value from an owned decoded string (a value that held percent escapes), giving
    /// the string back with the error. Types that own text override it to keep the string
    /// instead of copying it.
    ///
    /// # Errors
    ///
    /// As [`decode`](Self::decode), with the string given back.
    fn decode_owned(value: String) -> Result<Self, (ValueError, String)> {
        Self::decode(&value).map_err(|error| (error, value))
    }

    /// Reads the value from its form on the wire, as the parser checked it.
    ///
    /// By default a value without escapes is read with [`decode`](Self::decode) and one with
    /// escapes is decoded into a string and read with [`decode_owned`](Self::decode_owned).
    /// A type may read the wire form itself to skip that string: lists read their items
    /// straight from it. A typed read calls it only for values that hold an escape (a value
    /// without one is its own decoded form, read with `decode`), so an override must agree with
    /// `decode` on those.
    ///
    /// # Errors
    ///
    /// A value this type does not accept, as `decode` says.
    fn decode_wire(value: WireValue<'_>) -> Result<Self, ValueError> {
        match value.is_escaped() {
            false => Self::decode(value.raw()),
            true => Self::decode_owned(value.decoded().into_owned()).map_err(|(error, _)| error),
        }
    }

    /// Whether this value means "no member" (only `Option::None` does).
    fn is_absent(&self) -> bool {
        false
    }

    /// The value a missing member reads as: `Some(None)` for `Option<T>`, `None` (the key is
    /// required) for every other type.
    fn when_absent() -> Option<Self> {
        None
    }

    /// The value as a tracing span records it; text by default.
    fn trace_value(&self) -> TraceValue<'_> {
        let mut text = String::new();
        match self.encode(&mut text) {
            Ok(()) => TraceValue::Str(Cow::Owned(text)),
            Err(_) => TraceValue::Absent,
        }
    }
}

/// A scalar [`BaggageValue`] that may be an item of a `Vec<T>` list.
///
/// Lists do not nest: a list item is written between commas, so it cannot itself be a list.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an item of a baggage list",
    label = "list items must be scalars",
    note = "a list travels as one value with items joined by `,`, so its items are integers, floats, bool, char, strings, IP or socket addresses, durations, or enums with #[derive(BaggageValue)]; lists do not nest"
)]
pub trait ListItem: BaggageValue {}

/// A type with few possible values (`bool`, enums of unit variants), which
/// `#[baggage(metric_label)]` accepts as an OpenTelemetry metric attribute.
///
/// Every distinct attribute value makes a new time series, so unbounded types (strings,
/// integers) would make a metric's cost grow with the traffic.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has unbounded cardinality and cannot be a metric label",
    label = "each distinct value would become a new time series",
    note = "`metric_label` takes a bool or an enum with #[derive(BaggageValue)]; if the values are known to be few, say #[baggage(metric_label = \"high_cardinality_ok\")]"
)]
pub trait BoundedCardinality: BaggageValue {}

impl BoundedCardinality for bool {}
impl<T: BoundedCardinality> BoundedCardinality for Option<T> {}

/// A value as a tracing span records it: numbers and booleans typed, everything else as text.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TraceValue<'a> {
    /// An unsigned integer.
    U64(u64),
    /// A signed integer.
    I64(i64),
    /// A float.
    F64(f64),
    /// A boolean.
    Bool(bool),
    /// Text: strings, enums, lists, addresses, and integers wider than 64 bits.
    Str(Cow<'a, str>),
    /// An absent `Option`: nothing is recorded.
    Absent,
}

/// A type that `#[baggage(max_len = N)]` applies to: strings and lists, whose length is not
/// bounded by the type itself.
#[diagnostic::on_unimplemented(
    message = "`max_len` does not apply to `{Self}`",
    label = "`{Self}` already has a fixed maximum length",
    note = "`max_len` bounds the length of string and list fields (String, Box<str>, Arc<str>, Cow<str>, Vec<T>, and Option of those); remove it from this field"
)]
pub trait SupportsMaxLen {}

#[cfg(test)]
mod wire_tests;

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
    use std::num::{NonZeroI64, NonZeroU32};
    use std::time::Duration;

    use super::*;

    fn encoded<T: BaggageValue>(value: &T) -> Result<String, ValueError> {
        let mut out = String::new();
        value.encode(&mut out).map(|()| out)
    }

    #[test]
    fn integers_write_their_decimal_form() {
        for (value, text) in [
            (0i64, "0"),
            (7, "7"),
            (-7, "-7"),
            (i64::MIN, "-9223372036854775808"),
        ] {
            assert_eq!(encoded(&value).unwrap(), text);
        }
        assert_eq!(encoded(&u64::MAX).unwrap(), "18446744073709551615");
        assert_eq!(encoded(&u128::MAX).unwrap(), u128::MAX.to_string());
        assert_eq!(encoded(&i128::MIN).unwrap(), i128::MIN.to_string());
        assert_eq!(encoded(&-1i8).unwrap(), "-1");
    }

    #[test]
    fn integer_bounds_are_their_longest_forms() {
        assert_eq!(u8::MAX_ENCODED_LEN, Some(3));
        assert_eq!(i8::MAX_ENCODED_LEN, Some(4));
        assert_eq!(u64::MAX_ENCODED_LEN, Some(u64::MAX.to_string().len()));
        assert_eq!(i64::MAX_ENCODED_LEN, Some(i64::MIN.to_string().len()));
        assert_eq!(i128::MAX_ENCODED_LEN, Some(i128::MIN.to_string().len()));
    }

    #[test]
    fn integer_errors_say_why() {
        assert_eq!(u8::decode("").unwrap_err().reason(), "the value is empty");
        assert_eq!(
            u8::decode("-1").unwrap_err().reason(),
            "not a decimal integer"
        );
        assert_eq!(
            i8::decode("-200").unwrap_err().reason(),
            "number too small for i8"
        );
        assert_eq!(
            NonZeroU32::decode("0").unwrap_err().reason(),
            "zero is not allowed"
        );
        assert_eq!(u32::decode("1.5").unwrap_err().expected(), "u32");
    }

    #[test]
    fn floats_use_plain_decimals_in_the_usual_range() {
        assert_eq!(encoded(&0.25f64).unwrap(), "0.25");
        assert_eq!(encoded(&-3.0f64).unwrap(), "-3");
        assert_eq!(encoded(&1e300f64).unwrap(), "1e300");
        assert_eq!(encoded(&1.5e-7f64).unwrap(), "1.5e-7");
        assert!(encoded(&f64::NAN).is_err());
        assert!(encoded(&f32::INFINITY).is_err());
        assert!(f64::decode("inf").is_err());
        assert!(f64::decode("NaN").is_err());
        assert!(f64::decode("1e400").is_err());
    }

    #[test]
    fn bools_read_python_spelling() {
        assert!(bool::decode("True").unwrap());
        assert!(!bool::decode("FALSE").unwrap());
        assert!(bool::decode("1").is_err());
        assert!(bool::decode("yes").is_err());
    }

    #[test]
    fn chars_are_one_character() {
        assert_eq!(char::decode("é").unwrap(), 'é');
        assert!(char::decode("").is_err());
        assert!(char::decode("ab").is_err());
    }

    #[test]
    fn list_items_escape_commas_and_percents_only() {
        assert_eq!(encoded(&Vec::<String>::new()).unwrap(), "");
        assert!(encoded(&vec![String::new()]).is_err());
        assert_eq!(encoded(&vec![String::new(), "a".into()]).unwrap(), ",a");
        assert_eq!(Vec::<String>::decode(",a").unwrap(), ["", "a"]);
        assert_eq!(Vec::<String>::decode("50%,%2c").unwrap(), ["50%", ","]);
        assert_eq!(Vec::<String>::decode("%41").unwrap(), ["%41"]);
        let error = Vec::<u8>::decode("1,x").unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected u8: list item 1: not a decimal integer"
        );
    }

    /// The socket addresses Python and URLs write read back; the longest forms are the bound;
    /// a flow label, which the text cannot carry, is an error rather than lost.
    #[test]
    fn socket_addresses_round_trip_in_their_text_form() {
        for text in [
            "10.0.0.7:8080",
            "[2001:db8::1]:443",
            "[fe80::1%3]:443",
            "[::ffff:1.2.3.4]:80",
        ] {
            let address = SocketAddr::decode(text).unwrap();
            assert_eq!(encoded(&address).unwrap(), text);
        }
        let longest = SocketAddrV6::new(
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff".parse().unwrap(),
            65535,
            0,
            u32::MAX,
        );
        let text = encoded(&longest).unwrap();
        assert_eq!(
            Some(crate::codec::encoded_value_len(&text)),
            SocketAddrV6::MAX_ENCODED_LEN
        );
        let v4 = SocketAddrV4::new(Ipv4Addr::new(255, 255, 255, 255), 65535);
        assert_eq!(
            Some(crate::codec::encoded_value_len(&encoded(&v4).unwrap())),
            SocketAddrV4::MAX_ENCODED_LEN
        );
        let labelled = SocketAddrV6::new(Ipv6Addr::LOCALHOST, 80, 7, 0);
        assert!(encoded(&labelled)
            .unwrap_err()
            .to_string()
            .contains("flow label"));
        for bad in ["10.0.0.7", "10.0.0.7:99999", "::1:80", "[::1]", "host:80"] {
            assert!(SocketAddr::decode(bad).is_err(), "{bad}");
        }
        assert!(SocketAddrV4::decode("[::1]:80").is_err());
        assert!(SocketAddrV6::decode("10.0.0.7:80").is_err());
    }

    /// What each language writes for a duration reads as the same duration; a value that could be
    /// read two ways, or not exactly, is refused with the reason.
    #[test]
    fn durations_read_as_every_language_writes_them() {
        let ms = Duration::from_millis;
        for (text, expected) in [
            ("1.5s", ms(1500)),   // this crate; Python f"{td.total_seconds()}s"
            ("1500ms", ms(1500)), // JavaScript `${ms}ms`
            ("PT1.5S", ms(1500)), // Java Duration.toString, Temporal.Duration
            ("PT1H30M", Duration::from_secs(5400)),
            ("1m30s", Duration::from_secs(90)), // Go
            ("1.5h", Duration::from_secs(5400)),
            ("1e-06s", Duration::from_micros(1)), // Python's repr of a small float
            ("2.5e3ms", ms(2500)),
            ("250us", Duration::from_micros(250)),
            ("250µs", Duration::from_micros(250)),
            ("7ns", Duration::from_nanos(7)),
            ("0s", Duration::ZERO),
        ] {
            assert_eq!(Duration::decode(text).unwrap(), expected, "{text}");
        }
        for (text, reason) in [
            ("1500", "a bare number could be seconds or milliseconds"),
            ("", "empty"),
            ("-1s", "negative"),
            ("1.5", "needs a unit"),
            ("1 s", "not a duration unit"),
            ("1d", "not a duration unit"),
            ("0.0000000001s", "more precise than a nanosecond"),
            ("PT", "needs a part after PT"),
            ("1.s", "not a decimal number"),
            ("99999999999999999999999s", "too long"),
        ] {
            let error = Duration::decode(text).unwrap_err().to_string();
            assert!(error.contains(reason), "{text}: {error}");
        }
        assert_eq!(encoded(&ms(1500)).unwrap(), "1.5s");
        assert_eq!(encoded(&Duration::from_nanos(250)).unwrap(), "0.00000025s");
        assert_eq!(encoded(&Duration::ZERO).unwrap(), "0s");
        let longest = encoded(&Duration::MAX).unwrap();
        assert_eq!(Some(longest.len()), Duration::MAX_ENCODED_LEN);
        assert_eq!(Duration::decode(&longest).unwrap(), Duration::MAX);
    }

    /// The UUIDs other languages write read back; the bound is the hyphenated form; the braced
    /// and URN forms and anything else are refused.
    #[cfg(feature = "uuid")]
    #[test]
    fn uuids_read_as_every_language_writes_them() {
        let id = uuid::Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8);
        let text = "67e55044-10b1-426f-9247-bb680e5fe0c8";
        assert_eq!(encoded(&id).unwrap(), text);
        for spelling in [
            text,
            "67E55044-10B1-426F-9247-BB680E5FE0C8",
            "67e5504410b1426f9247bb680e5fe0c8",
        ] {
            assert_eq!(uuid::Uuid::decode(spelling).unwrap(), id, "{spelling}");
        }
        for bad in [
            "{67e55044-10b1-426f-9247-bb680e5fe0c8}",
            "urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0c8",
            "67e55044-10b1-426f-9247-bb680e5fe0cz",
            "",
        ] {
            let error = uuid::Uuid::decode(bad).unwrap_err().to_string();
            assert!(error.contains("8-4-4-4-12"), "{bad}: {error}");
        }
        assert_eq!(Some(text.len()), uuid::Uuid::MAX_ENCODED_LEN);
        assert_unreserved(&id).unwrap();
    }

    /// What JavaScript and Python write for an instant reads as that instant; the extremes fit
    /// the bound; a naive time is refused with how to write an aware one.
    #[cfg(feature = "chrono")]
    #[test]
    fn chrono_times_read_as_every_language_writes_them() {
        use chrono::{DateTime, TimeZone, Utc};

        let instant = Utc.with_ymd_and_hms(2024, 5, 1, 12, 30, 0).unwrap();
        assert_eq!(encoded(&instant).unwrap(), "2024-05-01T12:30:00Z");
        for spelling in [
            "2024-05-01T12:30:00Z",
            "2024-05-01T12:30:00.000Z",  // JavaScript toISOString()
            "2024-05-01T12:30:00+00:00", // Python isoformat() of an aware datetime
            "2024-05-01T14:30:00+02:00", // another offset: the same instant
        ] {
            assert_eq!(
                DateTime::<Utc>::decode(spelling).unwrap(),
                instant,
                "{spelling}"
            );
        }
        let precise = DateTime::<Utc>::decode("2024-05-01T12:30:00.123456789Z").unwrap();
        assert_eq!(encoded(&precise).unwrap(), "2024-05-01T12:30:00.123456789Z");
        let error = DateTime::<Utc>::decode("2024-05-01T12:30:00")
            .unwrap_err()
            .to_string();
        assert!(error.contains("with an offset"), "{error}");
        let latest = Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap()
            + chrono::Duration::nanoseconds(999_999_999);
        let text = encoded(&latest).unwrap();
        assert!(Some(crate::codec::encoded_value_len(&text)) <= DateTime::<Utc>::MAX_ENCODED_LEN);
        assert_eq!(DateTime::<Utc>::decode(&text).unwrap(), latest);
        // Years RFC 3339 cannot hold are an error, not text its readers refuse.
        for extreme in [DateTime::<Utc>::MAX_UTC, DateTime::<Utc>::MIN_UTC] {
            let error = encoded(&extreme).unwrap_err().to_string();
            assert!(error.contains("outside 0000-9999"), "{error}");
        }
        // More digits than nanoseconds are refused, not cut.
        let error = DateTime::<Utc>::decode("2024-05-01T12:30:00.1234567891Z").unwrap_err();
        assert!(
            error.to_string().contains("more precise than a nanosecond"),
            "{error}"
        );
    }

    /// The same for `time`: the offset is kept, and a year RFC 3339 cannot hold is an error.
    #[cfg(feature = "time")]
    #[test]
    fn time_times_keep_their_offset() {
        use time::OffsetDateTime;

        let text = "2024-05-01T14:30:00.25+02:00";
        let time = OffsetDateTime::decode(text).unwrap();
        assert_eq!(time.offset().whole_hours(), 2);
        assert_eq!(encoded(&time).unwrap(), text);
        assert_eq!(
            OffsetDateTime::decode("2024-05-01T12:30:00.000Z").unwrap(),
            OffsetDateTime::decode("2024-05-01T14:30:00+02:00").unwrap()
        );
        assert!(OffsetDateTime::decode("2024-05-01T12:30:00")
            .unwrap_err()
            .to_string()
            .contains("with an offset"));
        let longest = OffsetDateTime::decode("9999-12-31T23:59:59.999999999+23:59").unwrap();
        assert_eq!(
            Some(crate::codec::encoded_value_len(&encoded(&longest).unwrap())),
            OffsetDateTime::MAX_ENCODED_LEN
        );
        assert!(OffsetDateTime::decode("2024-05-01T12:30:00.1234567891Z")
            .unwrap_err()
            .to_string()
            .contains("more precise than a nanosecond"));
        let far = OffsetDateTime::UNIX_EPOCH.replace_year(-1).unwrap();
        assert!(encoded(&far)
            .unwrap_err()
            .to_string()
            .contains("RFC 3339 cannot express"));
    }

    #[test]
    fn addresses_round_trip() {
        let v6: Ipv6Addr = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff".parse().unwrap();
        let text = encoded(&v6).unwrap();
        assert_eq!(crate::codec::encoded_value_len(&text), 53);
        assert!(IpAddr::decode("300.1.1.1").is_err());
    }

    /// What a type that says it is written unreserved writes: only unreserved bytes.
    fn assert_unreserved<T: BaggageValue>(
        value: &T,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        if let Ok(text) = encoded(value) {
            proptest::prop_assert!(
                text.bytes().all(baggage_rules::class::is_unreserved),
                "{} is written as {text:?}",
                T::TYPE_NAME
            );
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2_000,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Any UUID reads back as it was written.
        #[cfg(feature = "uuid")]
        #[test]
        fn uuids_round_trip(bits in proptest::prelude::any::<u128>()) {
            let id = uuid::Uuid::from_u128(bits);
            let text = encoded(&id).unwrap();
            proptest::prop_assert_eq!(uuid::Uuid::decode(&text).unwrap(), id);
            assert_unreserved(&id)?;
        }

        /// Any instant from year 0 to 9999, to the nanosecond, reads back as it was written.
        #[cfg(feature = "chrono")]
        #[test]
        fn chrono_times_round_trip(seconds in -62_167_219_200i64..253_402_300_799, nanos in 0u32..1_000_000_000) {
            let time = chrono::DateTime::<chrono::Utc>::from_timestamp(seconds, nanos).unwrap();
            let text = encoded(&time).unwrap();
            proptest::prop_assert_eq!(chrono::DateTime::<chrono::Utc>::decode(&text).unwrap(), time);
        }

        /// The same for `time`, with any whole-minute offset.
        #[cfg(feature = "time")]
        #[test]
        fn time_times_round_trip(
            seconds in -62_167_219_200i64..253_402_300_799,
            nanos in 0u32..1_000_000_000,
            offset_minutes in -1439i32..1440,
        ) {
            let offset = time::UtcOffset::from_whole_seconds(offset_minutes * 60).unwrap();
            let time = time::OffsetDateTime::from_unix_timestamp(seconds).unwrap()
                .replace_nanosecond(nanos).unwrap()
                .to_offset(offset);
            if let Ok(text) = encoded(&time) {
                proptest::prop_assert_eq!(time::OffsetDateTime::decode(&text).unwrap(), time);
                proptest::prop_assert!(crate::codec::encoded_value_len(&text) <= time::OffsetDateTime::MAX_ENCODED_LEN.unwrap_or_default());
            }
        }

        /// Any duration reads back as it was written, within its bound, and is written raw.
        #[test]
        fn durations_round_trip(seconds in proptest::prelude::any::<u64>(), nanos in 0u32..1_000_000_000) {
            let duration = Duration::new(seconds, nanos);
            let text = encoded(&duration).unwrap();
            proptest::prop_assert_eq!(Duration::decode(&text).unwrap(), duration);
            proptest::prop_assert!(text.len() <= Duration::MAX_ENCODED_LEN.unwrap_or_default());
            assert_unreserved(&duration)?;
        }

        /// Any socket address reads back as it was written, within its bound on the wire.
        #[test]
        fn socket_addresses_round_trip(
            v4 in proptest::prelude::any::<[u8; 4]>(),
            v6 in proptest::prelude::any::<[u16; 8]>(),
            port in proptest::prelude::any::<u16>(),
            scope in proptest::prelude::any::<u32>(),
            which in proptest::prelude::any::<bool>(),
        ) {
            let address = match which {
                true => SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::from(v4), port)),
                false => SocketAddr::V6(SocketAddrV6::new(Ipv6Addr::from(v6), port, 0, scope)),
            };
            let text = encoded(&address).unwrap();
            proptest::prop_assert_eq!(SocketAddr::decode(&text).unwrap(), address);
            let bound = SocketAddr::MAX_ENCODED_LEN.unwrap_or_default();
            proptest::prop_assert!(crate::codec::encoded_value_len(&text) <= bound, "{}", text);
        }

        #[test]
        fn numbers_bools_and_ipv4_addresses_write_no_byte_to_escape(
            unsigned in proptest::prelude::any::<u128>(),
            signed in proptest::prelude::any::<i64>(),
            small in proptest::prelude::any::<i8>(),
            double in proptest::prelude::any::<f64>(),
            single in proptest::prelude::any::<f32>(),
            flag in proptest::prelude::any::<bool>(),
            address in proptest::prelude::any::<[u8; 4]>(),
        ) {
            assert_unreserved(&unsigned)?;
            assert_unreserved(&signed)?;
            assert_unreserved(&small)?;
            assert_unreserved(&NonZeroI64::new(signed))?;
            assert_unreserved(&double)?;
            assert_unreserved(&single)?;
            assert_unreserved(&flag)?;
            assert_unreserved(&Ipv4Addr::from(address))?;
            assert_unreserved(&Some(signed))?;
        }
    }

    #[test]
    fn option_is_absence() {
        assert!(None::<u8>.is_absent());
        assert!(!Some(1u8).is_absent());
        assert_eq!(Option::<u8>::when_absent(), Some(None));
        assert_eq!(u8::when_absent(), None);
    }
}
