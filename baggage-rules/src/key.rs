//! Which strings may be baggage keys: RFC 7230 tokens, as the W3C Baggage grammar requires.
//!
//! These functions are the one source of truth for key validity: the codec calls them on every
//! inserted key, and `#[derive(Baggage)]` calls them at compile time.

use std::fmt;

use crate::class;

/// Whether `key` is a valid baggage key: a non-empty RFC 7230 token.
///
/// Keys are case-sensitive and are never percent-encoded, so a valid key is written to the wire
/// exactly as given.
///
/// ```
/// use baggage_rules::key::is_valid_key;
/// assert!(is_valid_key("user_id"));
/// assert!(is_valid_key("app.user-tier"));
/// assert!(!is_valid_key("user id"));
/// assert!(!is_valid_key(""));
/// ```
pub const fn is_valid_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !class::is_const(bytes[at], class::TOKEN) {
            return false;
        }
        at += 1;
    }
    !bytes.is_empty()
}

/// Checks that `key` is a valid baggage key, saying what is wrong when it is not.
///
/// # Errors
///
/// [`KeyError`] saying what is wrong: an empty key, or the first character that a token may not
/// hold.
///
/// ```
/// use baggage_rules::key::validate_key;
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
    match first_invalid_byte(key) {
        None => Ok(()),
        Some(index) => Err(KeyError {
            key: crate::preview(key),
            problem: KeyProblem::InvalidChar {
                // Every byte before it is ASCII, so the character starts at `index`.
                character: key
                    .get(index..)
                    .and_then(|rest| rest.chars().next())
                    .unwrap_or(char::REPLACEMENT_CHARACTER),
                index,
            },
        }),
    }
}

/// The index of the first byte of `key` that a key may not hold, if any (an empty key has none:
/// see [`validate_key`]).
///
/// ```
/// use baggage_rules::key::first_invalid_byte;
/// assert_eq!(first_invalid_byte("user id"), Some(4));
/// assert_eq!(first_invalid_byte("user_id"), None);
/// ```
pub fn first_invalid_byte(key: &str) -> Option<usize> {
    key.bytes().position(|b| !class::is(b, class::TOKEN))
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
