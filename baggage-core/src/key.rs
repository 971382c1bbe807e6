//! Which strings may be baggage keys: RFC 7230 tokens, as the W3C Baggage grammar requires.
//!
//! These functions are the one source of truth for key validity: the codec calls them on every
//! parsed and inserted key, and `#[derive(Baggage)]` calls them at compile time.

use std::fmt;

/// Byte classes of the header grammar, looked up in one table so that the parser's inner loops
/// are a load and a test.
pub(crate) mod class {
    /// RFC 7230 `tchar`: may appear in a key.
    pub const TOKEN: u8 = 1;
    /// W3C `baggage-octet`: may appear raw in a value.
    pub const VALUE: u8 = 2;
    /// A `baggage-octet` other than `%`: a value byte that stands for itself.
    pub const PLAIN: u8 = 4;
    /// RFC 3986 `unreserved`: the only bytes this crate writes raw in a value.
    pub const UNRESERVED: u8 = 8;

    pub(crate) static TABLE: [u8; 256] = build();

    const fn build() -> [u8; 256] {
        let mut table = [0u8; 256];
        let mut byte = 0usize;
        while byte < 256 {
            let b = byte as u8;
            let mut bits = 0;
            let is_tchar = b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                );
            if is_tchar {
                bits |= TOKEN;
            }
            // baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
            let is_octet =
                matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
            if is_octet {
                bits |= VALUE;
                if b != b'%' {
                    bits |= PLAIN;
                }
            }
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                bits |= UNRESERVED;
            }
            table[byte] = bits;
            byte += 1;
        }
        table
    }

    #[inline]
    pub(crate) fn is(byte: u8, class: u8) -> bool {
        TABLE[byte as usize] & class != 0
    }
}

/// Whether `key` is a valid baggage key: a non-empty RFC 7230 token.
///
/// Keys are case-sensitive and are never percent-encoded, so a valid key is written to the wire
/// exactly as given.
///
/// ```
/// use baggage_core::key::is_valid_key;
/// assert!(is_valid_key("user_id"));
/// assert!(is_valid_key("app.user-tier"));
/// assert!(!is_valid_key("user id"));
/// assert!(!is_valid_key(""));
/// ```
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| class::is(b, class::TOKEN))
}

/// Checks that `key` is a valid baggage key, saying what is wrong when it is not.
///
/// ```
/// use baggage_core::key::validate_key;
/// let error = validate_key("user:id").unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "invalid baggage key `user:id`: ':' at byte 4 is not allowed in a key (keys are RFC 7230 tokens: letters, digits and !#$%&'*+-.^_`|~)"
/// );
/// ```
pub fn validate_key(key: &str) -> Result<(), KeyError> {
    if key.is_empty() {
        return Err(KeyError {
            key: String::new(),
            problem: KeyProblem::Empty,
        });
    }
    match key
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii() && class::is(c as u8, class::TOKEN)))
    {
        None => Ok(()),
        Some((index, character)) => Err(KeyError {
            key: crate::error::preview(key),
            problem: KeyProblem::InvalidChar { character, index },
        }),
    }
}

/// A string that cannot be a baggage key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    key: String,
    problem: KeyProblem,
}

impl KeyError {
    /// The rejected key, escaped and truncated for display.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// What is wrong with the key.
    pub fn problem(&self) -> &KeyProblem {
        &self.problem
    }
}

/// What makes a string an invalid baggage key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyProblem {
    /// The key is empty.
    Empty,
    /// The key contains a character that is not an RFC 7230 `tchar`.
    InvalidChar {
        /// The offending character.
        character: char,
        /// Its byte index in the key.
        index: usize,
    },
}

/// The characters a key may hold, for messages.
pub const KEY_CHARACTERS: &str = "letters, digits and !#$%&'*+-.^_`|~";

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            KeyProblem::Empty => f.write_str("invalid baggage key: the key is empty"),
            KeyProblem::InvalidChar { character, index } => write!(
                f,
                "invalid baggage key `{}`: {character:?} at byte {index} is not allowed in a key \
                 (keys are RFC 7230 tokens: {KEY_CHARACTERS})",
                self.key
            ),
        }
    }
}

impl std::error::Error for KeyError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_table_holds_each_grammar_class() {
        for byte in 0..=u8::MAX {
            let octet =
                matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
            assert_eq!(class::is(byte, class::VALUE), octet, "{byte:#04x}");
            assert_eq!(
                class::is(byte, class::PLAIN),
                octet && byte != b'%',
                "{byte:#04x}"
            );
            assert_eq!(
                class::is(byte, class::UNRESERVED),
                byte.is_ascii_alphanumeric() || b"-._~".contains(&byte),
                "{byte:#04x}"
            );
            if class::is(byte, class::TOKEN) {
                assert!(octet, "a key byte is a value byte: {byte:#04x}");
            }
        }
    }

    #[test]
    fn tokens_are_keys() {
        for key in ["a", "user_id", "A-Z", "x.y", "!#$%&'*+-.^_`|~", "0"] {
            assert!(is_valid_key(key), "{key}");
            assert_eq!(validate_key(key), Ok(()));
        }
    }

    #[test]
    fn separators_and_non_ascii_are_not_keys() {
        for (key, bad) in [
            ("a b", ' '),
            ("a=b", '='),
            ("a,b", ','),
            ("a;b", ';'),
            ("a\"b", '"'),
            ("a/b", '/'),
            ("a:b", ':'),
            ("a(b", '('),
            ("a\tb", '\t'),
            ("é", 'é'),
        ] {
            assert!(!is_valid_key(key), "{key}");
            let error = validate_key(key).unwrap_err();
            assert!(
                matches!(error.problem(), KeyProblem::InvalidChar { character, .. } if *character == bad),
                "{error:?}"
            );
        }
        assert_eq!(validate_key("").unwrap_err().problem(), &KeyProblem::Empty);
    }
}
