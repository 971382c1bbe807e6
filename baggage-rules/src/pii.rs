//! The key rule against personal data and secrets: a key whose words name a password, a token,
//! a card number, an e-mail address and the like is refused.
//!
//! A key is split into lowercase words at `_`, `-`, `.` and every other non-alphanumeric
//! character, and at camel-case boundaries (`userEmail` → `user email`, `XApiKey` →
//! `x api key`). The words are then matched against the [`RULES`], each a phrase of whole words:
//!
//! - most phrases match **anywhere** in the key: `auth_token`, `x-api-key`,
//!   `credit_card_number`;
//! - `email`, `phone` and `session` match only as the **last** word, where they name what the key
//!   holds (`user_email`, `session`); as a qualifier of another word they are allowed
//!   (`email_opt_in` is a consent flag, `phone_model` a device model, `session_count` a number);
//! - `address` matches only as the **whole** key, since `ip_address` is not a postal address;
//!   postal addresses are caught by phrases such as `street address` and `postal code`;
//! - words match whole, never as substrings: `tokens` (as in `max_tokens`) and `tokenizer`
//!   are not `token`.
//!
//! A key the rule refuses can still be sent, knowingly, with `#[baggage(allow_pii = "reason")]`.
//!
//! The rule is held to the table at the end of this page: real key names (OpenTelemetry semantic
//! conventions, the keys of the OpenTelemetry baggage docs and guides, LLM-service keys, feature
//! flags, routing keys, and the personal-data and secret names a privacy review flags), each
//! with its verdict and why; a unit test checks every row.
//!
//! ```
//! use baggage_rules::pii::{check_key, PiiCategory};
//!
//! let hit = check_key("x-api-key").unwrap();
//! assert_eq!(hit.phrase(), "api key");
//! assert_eq!(hit.category(), PiiCategory::Credential);
//! assert!(check_key("max_tokens").is_none());
//! ```

//!
//! # The key table
//!
#![doc = include_str!("pii_keys.md")]

use std::fmt;

/// The kind of data a refused key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PiiCategory {
    /// Passwords, secrets, tokens, API and access keys, authorization headers.
    Credential,
    /// Cookies and session identifiers.
    Session,
    /// Card numbers and card security codes.
    PaymentCard,
    /// Bank account numbers and IBANs.
    BankAccount,
    /// Social security, national, tax and passport numbers, driving licences.
    NationalId,
    /// E-mail addresses and phone numbers.
    Contact,
    /// Postal addresses.
    PostalAddress,
    /// Dates of birth.
    BirthDate,
    /// Personal names and user names.
    PersonalName,
    /// IP addresses and device or advertising identifiers, which single out a person.
    NetworkOrDeviceId,
    /// Coordinates that place a person.
    PreciseLocation,
}

impl PiiCategory {
    /// A short description for messages.
    pub fn description(self) -> &'static str {
        match self {
            Self::Credential => "a secret or credential",
            Self::Session => "a session identifier",
            Self::PaymentCard => "payment card data",
            Self::BankAccount => "a bank account",
            Self::NationalId => "a national identifier",
            Self::Contact => "contact details",
            Self::PostalAddress => "a postal address",
            Self::BirthDate => "a date of birth",
            Self::PersonalName => "a personal name",
            Self::NetworkOrDeviceId => "a network or device identifier",
            Self::PreciseLocation => "a precise location",
        }
    }
}

impl fmt::Display for PiiCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

/// Where in a key a rule's phrase must stand to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Position {
    /// Anywhere in the key.
    Anywhere,
    /// As the key's last words.
    Last,
    /// As the whole key.
    Whole,
}

/// One phrase of the deny list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    words: &'static [&'static str],
    position: Position,
    category: PiiCategory,
}

impl Rule {
    /// The lowercase words, in order.
    pub const fn words(&self) -> &'static [&'static str] {
        self.words
    }

    /// Where the phrase must stand.
    pub const fn position(&self) -> Position {
        self.position
    }

    /// What the phrase names.
    pub const fn category(&self) -> PiiCategory {
        self.category
    }
}

const fn rule(words: &'static [&'static str], category: PiiCategory) -> Rule {
    Rule {
        words,
        position: Position::Anywhere,
        category,
    }
}

const fn last(words: &'static [&'static str], category: PiiCategory) -> Rule {
    Rule {
        words,
        position: Position::Last,
        category,
    }
}

use PiiCategory::*;

/// The deny list, in the order it is checked.
pub const RULES: &[Rule] = &[
    // Credentials.
    rule(&["password"], Credential),
    rule(&["passwd"], Credential),
    rule(&["pwd"], Credential),
    rule(&["passphrase"], Credential),
    rule(&["secret"], Credential),
    // A token is the secret only as what the key holds: `refresh_token`, not `token_count`.
    last(&["token"], Credential),
    rule(&["apikey"], Credential),
    rule(&["api", "key"], Credential),
    rule(&["access", "key"], Credential),
    rule(&["accesskey"], Credential),
    rule(&["private", "key"], Credential),
    rule(&["privatekey"], Credential),
    rule(&["signing", "key"], Credential),
    rule(&["encryption", "key"], Credential),
    rule(&["credential"], Credential),
    rule(&["credentials"], Credential),
    rule(&["authorization"], Credential),
    rule(&["auth", "header"], Credential),
    rule(&["bearer"], Credential),
    rule(&["jwt"], Credential),
    rule(&["otp"], Credential),
    rule(&["totp"], Credential),
    rule(&["passcode"], Credential),
    rule(&["mfa", "code"], Credential),
    rule(&["2fa", "code"], Credential),
    rule(&["verification", "code"], Credential),
    rule(&["recovery", "code"], Credential),
    rule(&["auth", "code"], Credential),
    rule(&["security", "code"], Credential),
    rule(&["one", "time", "code"], Credential),
    last(&["pin"], Credential),
    rule(&["ssh", "key"], Credential),
    // Sessions.
    rule(&["cookie"], Session),
    rule(&["cookies"], Session),
    rule(&["sessionid"], Session),
    rule(&["session", "id"], Session),
    rule(&["session", "key"], Session),
    last(&["session"], Session),
    rule(&["session", "previous", "id"], Session),
    // Payment cards.
    rule(&["credit", "card"], PaymentCard),
    rule(&["creditcard"], PaymentCard),
    rule(&["debit", "card"], PaymentCard),
    rule(&["card", "number"], PaymentCard),
    rule(&["cardnumber"], PaymentCard),
    rule(&["cvv"], PaymentCard),
    rule(&["cvv2"], PaymentCard),
    rule(&["cvc"], PaymentCard),
    // Bank accounts.
    rule(&["iban"], BankAccount),
    rule(&["bank", "account"], BankAccount),
    rule(&["account", "number"], BankAccount),
    rule(&["routing", "number"], BankAccount),
    rule(&["sort", "code"], BankAccount),
    rule(&["swift", "code"], BankAccount),
    rule(&["bic"], BankAccount),
    // National identifiers.
    rule(&["ssn"], NationalId),
    rule(&["social", "security"], NationalId),
    rule(&["national", "id"], NationalId),
    rule(&["tax", "id"], NationalId),
    rule(&["tax", "number"], NationalId),
    rule(&["taxpayer", "id"], NationalId),
    rule(&["tax", "identification"], NationalId),
    rule(&["national", "insurance"], NationalId),
    rule(&["nhs", "number"], NationalId),
    rule(&["aadhaar"], NationalId),
    rule(&["cpf"], NationalId),
    rule(&["voter", "id"], NationalId),
    rule(&["government", "id"], NationalId),
    rule(&["passport"], NationalId),
    rule(&["driver", "license"], NationalId),
    rule(&["drivers", "license"], NationalId),
    rule(&["driving", "licence"], NationalId),
    rule(&["driving", "license"], NationalId),
    // Contact details.
    last(&["email"], Contact),
    rule(&["email", "address"], Contact),
    rule(&["email", "addr"], Contact),
    rule(&["emailaddress"], Contact),
    rule(&["e", "mail"], Contact),
    last(&["phone"], Contact),
    rule(&["phone", "number"], Contact),
    rule(&["phonenumber"], Contact),
    rule(&["telephone"], Contact),
    rule(&["msisdn"], Contact),
    rule(&["mobile", "number"], Contact),
    rule(&["fax", "number"], Contact),
    // Postal addresses.
    Rule {
        words: &["address"],
        position: Position::Whole,
        category: PostalAddress,
    },
    rule(&["street", "address"], PostalAddress),
    rule(&["postal", "address"], PostalAddress),
    rule(&["home", "address"], PostalAddress),
    rule(&["billing", "address"], PostalAddress),
    rule(&["shipping", "address"], PostalAddress),
    rule(&["mailing", "address"], PostalAddress),
    rule(&["street"], PostalAddress),
    rule(&["postcode"], PostalAddress),
    rule(&["postal", "code"], PostalAddress),
    rule(&["zip", "code"], PostalAddress),
    rule(&["zipcode"], PostalAddress),
    // Dates of birth.
    rule(&["dob"], BirthDate),
    rule(&["date", "of", "birth"], BirthDate),
    rule(&["birth", "date"], BirthDate),
    rule(&["birthdate"], BirthDate),
    rule(&["birthday"], BirthDate),
    // Personal names.
    rule(&["first", "name"], PersonalName),
    rule(&["last", "name"], PersonalName),
    rule(&["full", "name"], PersonalName),
    rule(&["given", "name"], PersonalName),
    rule(&["family", "name"], PersonalName),
    rule(&["middle", "name"], PersonalName),
    rule(&["maiden", "name"], PersonalName),
    rule(&["firstname"], PersonalName),
    rule(&["lastname"], PersonalName),
    rule(&["fullname"], PersonalName),
    rule(&["surname"], PersonalName),
    rule(&["username"], PersonalName),
    rule(&["user", "name"], PersonalName),
    rule(&["customer", "name"], PersonalName),
    rule(&["display", "name"], PersonalName),
    rule(&["nickname"], PersonalName),
    rule(&["cardholder", "name"], PersonalName),
    rule(&["account", "holder"], PersonalName),
    rule(&["legal", "name"], PersonalName),
    rule(&["contact", "name"], PersonalName),
    // IP addresses and device identifiers: personal data under the GDPR and CCPA.
    last(&["ip"], NetworkOrDeviceId),
    rule(&["ip", "address"], NetworkOrDeviceId),
    rule(&["ipaddress"], NetworkOrDeviceId),
    rule(&["client", "address"], NetworkOrDeviceId),
    rule(&["remote", "address"], NetworkOrDeviceId),
    rule(&["remote", "addr"], NetworkOrDeviceId),
    rule(&["peer", "address"], NetworkOrDeviceId),
    rule(&["source", "address"], NetworkOrDeviceId),
    rule(&["forwarded", "for"], NetworkOrDeviceId),
    rule(&["mac", "address"], NetworkOrDeviceId),
    rule(&["device", "id"], NetworkOrDeviceId),
    rule(&["deviceid"], NetworkOrDeviceId),
    rule(&["advertising", "id"], NetworkOrDeviceId),
    rule(&["idfa"], NetworkOrDeviceId),
    rule(&["gaid"], NetworkOrDeviceId),
    rule(&["imei"], NetworkOrDeviceId),
    rule(&["imsi"], NetworkOrDeviceId),
    rule(&["udid"], NetworkOrDeviceId),
    // Coordinates.
    rule(&["latitude"], PreciseLocation),
    rule(&["longitude"], PreciseLocation),
    last(&["lat"], PreciseLocation),
    last(&["lon"], PreciseLocation),
    last(&["lng"], PreciseLocation),
    rule(&["geolocation"], PreciseLocation),
    rule(&["gps"], PreciseLocation),
];

/// A key the rule refuses: the phrase it matched and what that phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PiiMatch {
    rule: &'static Rule,
}

impl PiiMatch {
    /// The matched words, joined by spaces: `api key`.
    pub fn phrase(&self) -> String {
        self.rule.words.join(" ")
    }

    /// What the matched phrase names.
    pub fn category(&self) -> PiiCategory {
        self.rule.category
    }

    /// The rule that matched.
    pub fn rule(&self) -> &'static Rule {
        self.rule
    }
}

impl fmt::Display for PiiMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the words `{}` name {}",
            self.phrase(),
            self.rule.category
        )
    }
}

/// Splits a key into lowercase words at non-alphanumeric characters and camel-case boundaries.
///
/// ```
/// use baggage_rules::pii::key_words;
/// assert_eq!(key_words("XApiKey"), ["x", "api", "key"]);
/// assert_eq!(key_words("user.email-address"), ["user", "email", "address"]);
/// assert_eq!(key_words("oauth2Token"), ["oauth2", "token"]);
/// ```
pub fn key_words(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in key.split(|c: char| !c.is_alphanumeric()) {
        let chars: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (index, &character) in chars.iter().enumerate() {
            let previous = index.checked_sub(1).and_then(|i| chars.get(i));
            let next = chars.get(index + 1);
            let boundary = character.is_uppercase()
                && previous.is_some_and(|p| {
                    p.is_lowercase()
                        || p.is_numeric()
                        || (p.is_uppercase() && next.is_some_and(|n| n.is_lowercase()))
                });
            if boundary && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            word.extend(character.to_lowercase());
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

/// The first rule of [`RULES`] that `key` matches, if any.
pub fn check_key(key: &str) -> Option<PiiMatch> {
    let words = key_words(key);
    RULES
        .iter()
        .find(|rule| matches_rule(&words, rule))
        .map(|rule| PiiMatch { rule })
}

fn matches_rule(words: &[String], rule: &Rule) -> bool {
    let phrase_at = |start: usize| {
        words
            .get(start..start + rule.words.len())
            .is_some_and(|window| window.iter().zip(rule.words).all(|(w, r)| w == r))
    };
    match rule.position {
        Position::Whole => words.len() == rule.words.len() && phrase_at(0),
        Position::Last => words
            .len()
            .checked_sub(rule.words.len())
            .is_some_and(phrase_at),
        Position::Anywhere => (0..words.len()).any(phrase_at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn denied(key: &str) -> Option<String> {
        check_key(key).map(|hit| hit.phrase())
    }

    #[test]
    fn denies_secrets_and_personal_data() {
        for (key, phrase) in [
            ("password", "password"),
            ("user_email", "email"),
            ("userEmail", "email"),
            ("apiKey", "api key"),
            ("x-api-key", "api key"),
            ("X_API_KEY", "api key"),
            ("credit_card_number", "credit card"),
            ("ssn", "ssn"),
            ("auth_token", "token"),
            ("refreshToken", "token"),
            ("client_secret", "secret"),
            ("db.passwd", "passwd"),
            ("Authorization", "authorization"),
            ("session_id", "session id"),
            ("sessionId", "session id"),
            ("user_session", "session"),
            ("cookie", "cookie"),
            ("card_cvv", "cvv"),
            ("iban", "iban"),
            ("bank_account_number", "bank account"),
            ("passport_no", "passport"),
            ("phone", "phone"),
            ("phone_number", "phone number"),
            ("email_address", "email address"),
            ("e-mail", "e mail"),
            ("address", "address"),
            ("shipping_address", "shipping address"),
            ("zip_code", "zip code"),
            ("date_of_birth", "date of birth"),
            ("dob", "dob"),
            ("first_name", "first name"),
            ("lastName", "last name"),
            ("aws_access_key_id", "access key"),
            ("private_key", "private key"),
            ("national_id", "national id"),
            ("tax_id", "tax id"),
        ] {
            assert_eq!(denied(key).as_deref(), Some(phrase), "{key}");
        }
    }

    #[test]
    fn allows_the_keys_teams_propagate() {
        for key in [
            "user_id",
            "user_tier",
            "region",
            "tenant_id",
            "is_premium",
            "features",
            "feature_new_checkout",
            "experiment_group",
            "request_type",
            "client_version",
            "priority",
            "gdpr_region",
            "data_classification",
            "audit_id",
            "payment_method",
            "fraud_score",
        ] {
            assert_eq!(denied(key), None, "{key}");
        }
    }

    #[test]
    fn judges_look_alikes_by_whole_words() {
        // Counts of model tokens, not tokens.
        assert_eq!(denied("max_tokens"), None);
        assert_eq!(denied("tokenizer"), None);
        // A consent flag and a device model: the word qualifies another.
        assert_eq!(denied("email_opt_in"), None);
        assert_eq!(denied("phone_model"), None);
        assert_eq!(denied("session_count"), None);
        // A server's address is not a person's, nor a postal one.
        assert_eq!(denied("server_address"), None);
        // Substrings are not words.
        assert_eq!(denied("passwordless_login_enabled"), None);
        assert_eq!(denied("secretary_count"), None);
        assert_eq!(denied("keyboard_layout"), None);
        assert_eq!(denied("name"), None);
        assert_eq!(denied("service_name"), None);
    }

    /// Every row of the published table: the rule refuses exactly the keys marked `deny`.
    #[test]
    fn the_rule_passes_the_key_table() {
        let table = include_str!("pii_keys.md");
        let mut rows = 0;
        let mut wrong = Vec::new();
        for line in table.lines().filter(|line| line.starts_with("| `")) {
            let cells: Vec<&str> = line.split(" | ").collect();
            let (Some(key), Some(verdict)) = (cells.first(), cells.get(1)) else {
                panic!("malformed row: {line}");
            };
            let key = key.trim_start_matches("| `").trim_end_matches('`');
            let deny = match *verdict {
                "deny" => true,
                "allow" => false,
                other => panic!("verdict `{other}` in: {line}"),
            };
            rows += 1;
            if check_key(key).is_some() != deny {
                wrong.push(format!("{key}: expected {verdict}, got {:?}", denied(key)));
            }
        }
        assert!(rows >= 300, "{rows} rows");
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn splits_camel_case_and_acronyms() {
        assert_eq!(key_words("userEmail"), ["user", "email"]);
        assert_eq!(key_words("HTTPToken"), ["http", "token"]);
        assert_eq!(key_words("userID"), ["user", "id"]);
        assert_eq!(key_words("__a--b__"), ["a", "b"]);
        assert!(key_words("").is_empty());
    }
}
