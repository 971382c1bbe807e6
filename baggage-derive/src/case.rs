//! `rename_all` rules, with serde's vocabulary so users guess the names right.

/// How field or variant names become keys or values (named as serde names them).
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

use RenameRule::*;

pub const RENAME_RULES: &[(&str, RenameRule)] = &[
    ("lowercase", LowerCase),
    ("UPPERCASE", UpperCase),
    ("PascalCase", PascalCase),
    ("camelCase", CamelCase),
    ("snake_case", SnakeCase),
    ("SCREAMING_SNAKE_CASE", ScreamingSnakeCase),
    ("kebab-case", KebabCase),
    ("SCREAMING-KEBAB-CASE", ScreamingKebabCase),
];

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

    /// Renames a `PascalCase` enum variant.
    pub fn apply_to_variant(self, variant: &str) -> String {
        match self {
            PascalCase => variant.to_owned(),
            LowerCase => variant.to_ascii_lowercase(),
            UpperCase => variant.to_ascii_uppercase(),
            CamelCase => lower_first(variant),
            SnakeCase => {
                let mut snake = String::new();
                for (index, character) in variant.char_indices() {
                    if index > 0 && character.is_uppercase() {
                        snake.push('_');
                    }
                    snake.push(character.to_ascii_lowercase());
                }
                snake
            }
            ScreamingSnakeCase => SnakeCase.apply_to_variant(variant).to_ascii_uppercase(),
            KebabCase => SnakeCase.apply_to_variant(variant).replace('_', "-"),
            ScreamingKebabCase => ScreamingSnakeCase
                .apply_to_variant(variant)
                .replace('_', "-"),
        }
    }

    /// Renames a `snake_case` struct field.
    pub fn apply_to_field(self, field: &str) -> String {
        match self {
            LowerCase | SnakeCase => field.to_owned(),
            UpperCase | ScreamingSnakeCase => field.to_ascii_uppercase(),
            PascalCase => {
                let mut pascal = String::new();
                let mut capitalize = true;
                for character in field.chars() {
                    if character == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(character.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(character);
                    }
                }
                pascal
            }
            CamelCase => lower_first(&PascalCase.apply_to_field(field)),
            KebabCase => field.replace('_', "-"),
            ScreamingKebabCase => field.to_ascii_uppercase().replace('_', "-"),
        }
    }
}

fn lower_first(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + characters.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_follow_serde() {
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
    fn variants_follow_serde() {
        let cases = [
            (LowerCase, "newcheckout"),
            (UpperCase, "NEWCHECKOUT"),
            (PascalCase, "NewCheckout"),
            (CamelCase, "newCheckout"),
            (SnakeCase, "new_checkout"),
            (ScreamingSnakeCase, "NEW_CHECKOUT"),
            (KebabCase, "new-checkout"),
            (ScreamingKebabCase, "NEW-CHECKOUT"),
        ];
        for (rule, expected) in cases {
            assert_eq!(rule.apply_to_variant("NewCheckout"), expected, "{rule:?}");
        }
    }
}
