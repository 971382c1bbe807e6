//! The value scan against personal data and secrets: string values a typed struct writes are
//! checked for e-mail addresses, payment card numbers, JWTs, bearer tokens and common API-key
//! shapes before they leave the process.
//!
//! Each detector looks for a shape, not a word, and is tuned so that the values services send
//! every day pass: version strings, UUIDs, ISO dates, order numbers and hex hashes. A card number
//! must pass the Luhn check *and* start with a card network's prefix; an API key must carry a
//! vendor's prefix.
//!
//! ```
//! use baggage_core::policy::pii_value::{scan_value, PiiValueKind};
//!
//! assert_eq!(scan_value("contact: ana@example.com"), Some(PiiValueKind::Email));
//! assert_eq!(scan_value("4111 1111 1111 1111"), Some(PiiValueKind::CardNumber));
//! assert_eq!(scan_value("2.1.4"), None);
//! assert_eq!(scan_value("123e4567-e89b-12d3-a456-426614174000"), None);
//! ```

use std::fmt;

/// What a value looks like it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PiiValueKind {
    /// An e-mail address.
    Email,
    /// A Luhn-valid payment card number with a card network's prefix.
    CardNumber,
    /// A JSON Web Token.
    Jwt,
    /// An `Authorization: Bearer …` credential.
    BearerToken,
    /// An API key with a known vendor prefix (cloud access keys, `sk_live_…`, `ghp_…`, …).
    ApiKey,
}

impl PiiValueKind {
    /// A short description for messages.
    pub fn description(self) -> &'static str {
        match self {
            Self::Email => "an e-mail address",
            Self::CardNumber => "a payment card number",
            Self::Jwt => "a JSON Web Token",
            Self::BearerToken => "a bearer token",
            Self::ApiKey => "an API key",
        }
    }
}

impl fmt::Display for PiiValueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

/// The first kind of personal data or secret `value` looks like it holds, if any.
///
/// Values shorter than the shortest card number can only hold an e-mail address, and cost a
/// search for `@`. Longer ones are read once, each detector running only where its shape can
/// start (`bearer`, `eyJ`, a vendor prefix) and only when the value is long enough for it.
pub fn scan_value(value: &str) -> Option<PiiValueKind> {
    let bytes = value.as_bytes();
    let len = bytes.len();
    // The shortest shape of each kind: `Bearer ` and 16 characters; two 10-character JWT
    // segments, a third and two dots; a 4-character prefix and 16 characters; 13 card digits.
    if len < 13 {
        return (bytes.contains(&b'@') && has_email(value)).then_some(PiiValueKind::Email);
    }
    let mut wanted = DIGIT | AT_SIGN;
    if len >= 23 {
        wanted |= BEARER | JWT;
    }
    if len >= 20 {
        wanted |= API_KEY;
    }
    let (mut bearer, mut jwt, mut api_key, mut at_sign) = (false, false, false, false);
    let mut digits = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        let starts = TRIGGERS[usize::from(byte)] & wanted;
        if starts == 0 {
            continue;
        }
        if starts & DIGIT != 0 {
            digits += 1;
        }
        if starts & AT_SIGN != 0 {
            at_sign = true;
        }
        if starts & BEARER != 0 && bearer_token_at(value, at) {
            bearer = true;
            wanted &= !BEARER;
        }
        if starts & JWT != 0 && jwt_at(value, at) {
            jwt = true;
            wanted &= !JWT;
        }
        if starts & API_KEY != 0 && api_key_at(bytes, at) {
            api_key = true;
            wanted &= !API_KEY;
        }
    }
    if bearer {
        Some(PiiValueKind::BearerToken)
    } else if jwt {
        Some(PiiValueKind::Jwt)
    } else if api_key {
        Some(PiiValueKind::ApiKey)
    } else if at_sign && has_email(value) {
        Some(PiiValueKind::Email)
    } else if digits >= 13 && has_card_number(value) {
        Some(PiiValueKind::CardNumber)
    } else {
        None
    }
}

const DIGIT: u8 = 1;
const AT_SIGN: u8 = 2;
const BEARER: u8 = 4;
const JWT: u8 = 8;
const API_KEY: u8 = 16;

/// What each byte counts toward or may start, for the one pass of [`scan_value`]: a digit, the
/// `@` of an e-mail address, `bearer` (any case), `eyJ`, or the first byte of an API-key prefix.
static TRIGGERS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = match byte as u8 {
            b'0'..=b'9' => DIGIT,
            b'@' => AT_SIGN,
            b'b' | b'B' => BEARER,
            b'e' => JWT,
            b'A' | b's' | b'r' | b'p' | b'g' | b'x' => API_KEY,
            _ => 0,
        };
        byte += 1;
    }
    table
};

fn is_email_local(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"._%+-'".contains(&byte)
}

/// `local@domain.tld`: a non-empty local part, and a domain with a dot and a final label of two
/// or more letters.
fn has_email(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.iter().enumerate().any(|(at, &byte)| {
        if byte != b'@' || at == 0 {
            return false;
        }
        let local_ok = bytes
            .get(at - 1)
            .is_some_and(|&before| is_email_local(before));
        let rest = value.get(at + 1..).unwrap_or_default();
        let domain_len = rest
            .bytes()
            .take_while(|&b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            .count();
        let domain = rest
            .get(..domain_len)
            .unwrap_or_default()
            .trim_end_matches('.');
        let mut labels = domain.rsplit('.');
        let top = labels.next().unwrap_or_default();
        local_ok
            && labels.next().is_some_and(|label| !label.is_empty())
            && top.len() >= 2
            && top.bytes().all(|b| b.is_ascii_alphabetic())
    })
}

/// A run of 13 to 19 digits, optionally in groups separated by single spaces or dashes, that
/// passes the Luhn check and starts with a card network's prefix.
fn has_card_number(value: &str) -> bool {
    let bytes = value.as_bytes();
    let mut digits = [0u8; 19];
    let mut at = 0;
    while at < bytes.len() {
        let mut count = 0;
        let mut end = at;
        while let Some(&byte) = bytes.get(end) {
            if byte.is_ascii_digit() {
                if let Some(slot) = digits.get_mut(count) {
                    *slot = byte - b'0';
                }
                count += 1;
            } else if (byte == b' ' || byte == b'-')
                && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
                && count > 0
            {
                // A separator between digit groups.
            } else {
                break;
            }
            end += 1;
        }
        let standalone = at == 0
            || bytes
                .get(at - 1)
                .is_some_and(|b| !b.is_ascii_alphanumeric());
        let ends = bytes.get(end).map_or(true, |b| !b.is_ascii_alphanumeric());
        if standalone && ends && (13..=19).contains(&count) {
            let number = digits.get(..count).unwrap_or_default();
            if card_prefix(number) && luhn(number) {
                return true;
            }
        }
        at = end.max(at + 1);
    }
    false
}

fn card_prefix(digits: &[u8]) -> bool {
    let prefix = |n: usize| {
        digits
            .iter()
            .take(n)
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d))
    };
    let len = digits.len();
    match digits.first() {
        // Visa.
        Some(4) => matches!(len, 13 | 16 | 19),
        // Mastercard, 51-55 and 2221-2720.
        Some(5) => (51..=55).contains(&prefix(2)) && len == 16,
        Some(2) => (2221..=2720).contains(&prefix(4)) && len == 16,
        // American Express, Diners Club, JCB.
        Some(3) => {
            matches!(prefix(2), 34 | 37) && len == 15
                || matches!(prefix(2), 36 | 38) && len == 14
                || (3528..=3589).contains(&prefix(4)) && (16..=19).contains(&len)
        }
        // Discover.
        Some(6) => (prefix(4) == 6011 || prefix(2) == 65) && (16..=19).contains(&len),
        _ => false,
    }
}

fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(index, &digit)| {
            let digit = u32::from(digit);
            if index % 2 == 1 {
                let doubled = digit * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                digit
            }
        })
        .sum();
    sum % 10 == 0
}

fn is_base64url(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'
}

/// Three base64url segments joined by dots starting at `at`, the first a JSON object (`eyJ`).
fn jwt_at(value: &str, at: usize) -> bool {
    if value.as_bytes().get(at..at + 3) != Some(b"eyJ".as_slice()) {
        return false;
    }
    let rest = value.get(at..).unwrap_or_default();
    let token: &str = rest
        .split(|c: char| !(c.is_ascii() && (is_base64url(c as u8) || c == '.')))
        .next()
        .unwrap_or_default();
    let mut segments = token.split('.');
    let (Some(header), Some(payload), Some(_), None) = (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) else {
        return false;
    };
    header.len() >= 10 && payload.len() >= 10 && payload.starts_with("eyJ")
}

/// `Bearer ` at `at`, in any case, followed by a credential of 16 or more token characters.
fn bearer_token_at(value: &str, at: usize) -> bool {
    let is_word = value
        .as_bytes()
        .get(at..at + 6)
        .is_some_and(|word| word.eq_ignore_ascii_case(b"bearer"));
    if !is_word {
        return false;
    }
    let after = value.get(at + 6..).unwrap_or_default();
    let credential = after.trim_start_matches([' ', '=', ':']);
    credential.len() < after.len()
        && credential
            .bytes()
            .take_while(|&b| is_base64url(b) || b"+/=.~".contains(&b))
            .count()
            >= 16
}

/// Vendor prefixes of API keys, each with the least number of key characters after it.
const API_KEY_PREFIXES: &[(&str, usize)] = &[
    // AWS access key ids.
    ("AKIA", 16),
    ("ASIA", 16),
    // Stripe.
    ("sk_live_", 16),
    ("sk_test_", 16),
    ("rk_live_", 16),
    ("pk_live_", 16),
    // GitHub.
    ("ghp_", 30),
    ("gho_", 30),
    ("ghs_", 30),
    ("github_pat_", 30),
    // Slack.
    ("xoxb-", 20),
    ("xoxp-", 20),
    // Google.
    ("AIza", 35),
    // OpenAI-style.
    ("sk-proj-", 20),
];

/// A vendor-prefixed API key starting at `at`, not in the middle of a word.
fn api_key_at(bytes: &[u8], at: usize) -> bool {
    let standalone = at == 0
        || bytes
            .get(at - 1)
            .is_some_and(|b| !b.is_ascii_alphanumeric());
    let rest = bytes.get(at..).unwrap_or_default();
    standalone
        && API_KEY_PREFIXES.iter().any(|(prefix, min_len)| {
            let Some(key) = rest.strip_prefix(prefix.as_bytes()) else {
                return false;
            };
            let run = key.iter().take_while(|&&b| is_base64url(b)).count();
            if prefix.starts_with("AKIA") || prefix.starts_with("ASIA") {
                run == *min_len
                    && key
                        .iter()
                        .take(*min_len)
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            } else {
                run >= *min_len
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_api_key_prefix_starts_at_a_trigger() {
        for (prefix, _) in API_KEY_PREFIXES {
            let first = prefix.as_bytes().first().copied().unwrap_or_default();
            assert_ne!(TRIGGERS[usize::from(first)] & API_KEY, 0, "{prefix}");
        }
    }

    #[test]
    fn finds_email_addresses() {
        for value in [
            "ana@example.com",
            "contact: ana.lopez+billing@mail.example.co.uk",
            "a@b.io",
        ] {
            assert_eq!(scan_value(value), Some(PiiValueKind::Email), "{value}");
        }
        for value in ["@handle", "user@localhost", "a@b.c", "x@1.2", "team@"] {
            assert_eq!(scan_value(value), None, "{value}");
        }
    }

    #[test]
    fn finds_luhn_valid_card_numbers() {
        for value in [
            "4111111111111111",
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "5555555555554444",
            "378282246310005",
            "6011111111111117",
            "card 2223003122003222 on file",
        ] {
            assert_eq!(scan_value(value), Some(PiiValueKind::CardNumber), "{value}");
        }
        // Wrong check digit, no network prefix, too short, part of a longer token.
        for value in [
            "4111111111111112",
            "1234567812345670",
            "411111111111",
            "x4111111111111111",
            "41111111111111110000",
        ] {
            assert_eq!(scan_value(value), None, "{value}");
        }
    }

    #[test]
    fn finds_jwts_bearer_tokens_and_api_keys() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assert_eq!(scan_value(jwt), Some(PiiValueKind::Jwt));
        assert_eq!(
            scan_value("Bearer abcdefghijklmnop1234"),
            Some(PiiValueKind::BearerToken)
        );
        for value in [
            "AKIAIOSFODNN7EXAMPLE",
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "ghp_1234567890abcdefghijklmnopqrstuvwxyz",
            "xoxb-1234567890-abcdefghij",
            "AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI",
        ] {
            assert_eq!(scan_value(value), Some(PiiValueKind::ApiKey), "{value}");
        }
    }

    #[test]
    fn lets_everyday_values_pass() {
        for value in [
            "2.1.4",
            "v10.22.0-beta.1",
            "123e4567-e89b-12d3-a456-426614174000",
            "2026-11-26",
            "2026-11-26T14:50:18Z",
            "ORD-2026-000123",
            "order 1234567890123",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "d41d8cd98f00b204e9800998ecf8427e",
            "us-west",
            "premium",
            "new_checkout,dark_mode,beta",
            "sk_live_",
            "bearer",
            "eyJ",
            "1700000000000",
            "+1 202 555 0100",
            "askia",
        ] {
            assert_eq!(scan_value(value), None, "{value}");
        }
    }
}
