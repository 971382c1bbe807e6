//! `rename_all`: the eight rules users know from serde, by the same names, producing the same
//! keys (tests/rename_rules.rs derives `serde::Serialize` beside ours and compares).
//!
//! A Rust field name is snake_case: its words are the runs between underscores. A variant name
//! is PascalCase: a word starts at each uppercase letter, so `IOSApp` has the words `I`, `O`,
//! `S`, `App`. A rule says how each word is written and what goes between them.

/// How field or variant names become keys or values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)]
pub enum RenameRule {
    LowerCase,
    UpperCase,
    PascalCase,
    CamelCase,
    SnakeCase,
    ScreamingSnakeCase,
    KebabCase,
    ScreamingKebabCase,
}

/// Each rule under the name `rename_all` takes.
pub const RENAME_RULES: &[(&str, RenameRule)] = &[
    ("lowercase", RenameRule::LowerCase),
    ("UPPERCASE", RenameRule::UpperCase),
    ("PascalCase", RenameRule::PascalCase),
    ("camelCase", RenameRule::CamelCase),
    ("snake_case", RenameRule::SnakeCase),
    ("SCREAMING_SNAKE_CASE", RenameRule::ScreamingSnakeCase),
    ("kebab-case", RenameRule::KebabCase),
    ("SCREAMING-KEBAB-CASE", RenameRule::ScreamingKebabCase),
];

/// How one word is written.
#[derive(Clone, Copy)]
enum WordCase {
    AsWritten,
    Lower,
    Upper,
    /// The first letter upper case, the rest as written.
    Capital,
}

impl WordCase {
    fn write(self, word: &str, out: &mut String) {
        match self {
            Self::AsWritten => out.push_str(word),
            Self::Lower => out.push_str(&word.to_ascii_lowercase()),
            Self::Upper => out.push_str(&word.to_ascii_uppercase()),
            Self::Capital => {
                let mut characters = word.chars();
                if let Some(first) = characters.next() {
                    out.push(first.to_ascii_uppercase());
                    out.push_str(characters.as_str());
                }
            }
        }
    }
}

impl RenameRule {
    pub fn from_name(name: &str) -> Option<Self> {
        RENAME_RULES
            .iter()
            .find(|(rule_name, _)| *rule_name == name)
            .map(|(_, rule)| *rule)
    }

    /// The list of valid names, for an error message.
    pub fn names() -> String {
        RENAME_RULES
            .iter()
            .map(|(name, _)| format!("\"{name}\""))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The key of a snake_case struct field.
    pub fn apply_to_field(self, field: &str) -> String {
        let words = field.split('_');
        match self {
            // A field name already is snake_case, and lowercase keeps its underscores.
            Self::LowerCase | Self::SnakeCase => field.to_owned(),
            Self::UpperCase | Self::ScreamingSnakeCase => join(words, "_", WordCase::Upper),
            Self::KebabCase => join(words, "-", WordCase::AsWritten),
            Self::ScreamingKebabCase => join(words, "-", WordCase::Upper),
            Self::PascalCase => join(words, "", WordCase::Capital),
            Self::CamelCase => first_lower(&join(words, "", WordCase::Capital)),
        }
    }

    /// The value of a PascalCase enum variant.
    pub fn apply_to_variant(self, variant: &str) -> String {
        let words = variant_words(variant);
        match self {
            Self::PascalCase => variant.to_owned(),
            Self::CamelCase => first_lower(variant),
            Self::LowerCase => join(words, "", WordCase::Lower),
            Self::UpperCase => join(words, "", WordCase::Upper),
            Self::SnakeCase => join(words, "_", WordCase::Lower),
            Self::ScreamingSnakeCase => join(words, "_", WordCase::Upper),
            Self::KebabCase => join(words, "-", WordCase::Lower),
            Self::ScreamingKebabCase => join(words, "-", WordCase::Upper),
        }
    }
}

/// The words of a PascalCase name: a new one at each uppercase letter but the first.
fn variant_words(variant: &str) -> impl Iterator<Item = &str> {
    let mut starts: Vec<usize> = variant
        .char_indices()
        .filter(|&(at, character)| at > 0 && character.is_uppercase())
        .map(|(at, _)| at)
        .collect();
    starts.insert(0, 0);
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .copied()
        .chain([variant.len()])
        .collect();
    starts
        .into_iter()
        .zip(ends)
        .filter_map(move |(start, end)| variant.get(start..end))
}

fn join<'a>(words: impl Iterator<Item = &'a str>, separator: &str, case: WordCase) -> String {
    let mut out = String::new();
    for (index, word) in words.enumerate() {
        if index > 0 {
            out.push_str(separator);
        }
        case.write(word, &mut out);
    }
    out
}

/// `text` with its first letter in lower case.
fn first_lower(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + characters.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::RenameRule::*;

    #[test]
    fn fields_are_split_at_underscores() {
        let cases = [
            (LowerCase, "user_id"),
            (UpperCase, "USER_ID"),
            (PascalCase, "UserId"),
            (CamelCase, "userId"),
            (SnakeCase, "user_id"),
            (ScreamingSnakeCase, "USER_ID"),
            (KebabCase, "user-id"),
            (ScreamingKebabCase, "USER-ID"),
        ];
        for (rule, expected) in cases {
            assert_eq!(rule.apply_to_field("user_id"), expected, "{rule:?}");
        }
    }

    #[test]
    fn variants_are_split_at_capitals() {
        let cases = [
            (LowerCase, "iosapp"),
            (UpperCase, "IOSAPP"),
            (PascalCase, "IOSApp"),
            (CamelCase, "iOSApp"),
            (SnakeCase, "i_o_s_app"),
            (ScreamingSnakeCase, "I_O_S_APP"),
            (KebabCase, "i-o-s-app"),
            (ScreamingKebabCase, "I-O-S-APP"),
        ];
        for (rule, expected) in cases {
            assert_eq!(rule.apply_to_variant("IOSApp"), expected, "{rule:?}");
        }
    }
}
