//! Tamper evidence for `#[baggage(signed)]` structs: an HMAC-SHA256 member over the struct's own
//! members, written by `to_header`/`write_to` and checked by `from_header`/`from_baggage`.
//!
//! The signature member is `<prefix>baggage_sig` with the value `<key id>.<hex MAC>`. The MAC
//! covers the struct's name and every one of its keys in schema order, with the decoded value
//! of each present member and a marker for each absent one, so a changed, removed or added
//! member, or members replayed from another signed struct, fail verification. Members the
//! struct does not know are not covered and pass on as they are.
//!
//! Keys live in a process-wide [`Keyring`] installed with [`install`]; the key id in each
//! signature picks the verifying key, so keys rotate by installing a keyring that signs with the
//! new key and still verifies with the old one.
//!
//! ```
//! use baggage_core::signing::{install, Keyring};
//!
//! install(Keyring::new("k2", b"a 32-byte secret from your vault")?.verifying("k1", b"the previous secret")?);
//! # Ok::<(), baggage_core::signing::SigningError>(())
//! ```

use std::fmt;
use std::sync::{Arc, RwLock};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::codec::StringBaggage;
use crate::key::is_valid_key;
use crate::schema::Schema;

type HmacSha256 = Hmac<Sha256>;

/// The secrets that sign and verify: one signing key and any number of verifying keys.
#[derive(Clone)]
pub struct Keyring {
    signing: (String, Vec<u8>),
    verifying: Vec<(String, Vec<u8>)>,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the secrets.
        f.debug_struct("Keyring")
            .field("signing", &self.signing.0)
            .field(
                "verifying",
                &self.verifying.iter().map(|(id, _)| id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// A keyring or signature that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningError {
    /// A key id must be a non-empty token without `.`.
    InvalidKeyId(String),
    /// A secret must be at least 16 bytes.
    ShortSecret {
        /// The key id.
        key_id: String,
    },
    /// No keyring is installed.
    NoKeyring,
    /// The struct is signed but the baggage has no signature member.
    Missing {
        /// The signature member's key.
        key: &'static str,
    },
    /// The signature member is not `<key id>.<64 hex digits>`.
    Malformed {
        /// The signature member's key.
        key: &'static str,
    },
    /// The signature names a key id the keyring does not have.
    UnknownKeyId(String),
    /// The signature does not match the members: one was changed, removed or added, or the
    /// signature was made for another struct.
    Mismatch {
        /// The struct's name.
        name: &'static str,
    },
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidKeyId(id) => write!(
                f,
                "signing key id `{id}` must be a non-empty baggage token without `.`"
            ),
            Self::ShortSecret { key_id } => {
                write!(f, "the secret of signing key `{key_id}` is shorter than 16 bytes")
            }
            Self::NoKeyring => f.write_str(
                "no signing keyring is installed; call baggage::signing::install at start-up",
            ),
            Self::Missing { key } => write!(f, "the signature member `{key}` is absent"),
            Self::Malformed { key } => write!(
                f,
                "the signature member `{key}` is not `<key id>.<64 hex digits>`"
            ),
            Self::UnknownKeyId(id) => {
                write!(f, "the signature was made with key `{id}`, which the keyring does not have")
            }
            Self::Mismatch { name } => write!(
                f,
                "the signature of `{name}` does not match its members: one was changed, removed or added, or the signature belongs to another struct"
            ),
        }
    }
}

impl std::error::Error for SigningError {}

fn check_key_id(key_id: &str) -> Result<(), SigningError> {
    if is_valid_key(key_id) && !key_id.contains('.') {
        Ok(())
    } else {
        Err(SigningError::InvalidKeyId(crate::error::preview(key_id)))
    }
}

fn check_secret(key_id: &str, secret: &[u8]) -> Result<(), SigningError> {
    if secret.len() < 16 {
        return Err(SigningError::ShortSecret {
            key_id: key_id.to_owned(),
        });
    }
    Ok(())
}

impl Keyring {
    /// A keyring that signs, and verifies, with `secret` under `key_id`.
    ///
    /// # Errors
    ///
    /// [`SigningError`] when `key_id` is not a valid key id or `secret` is shorter than 16
    /// bytes.
    pub fn new(key_id: &str, secret: &[u8]) -> Result<Self, SigningError> {
        check_key_id(key_id)?;
        check_secret(key_id, secret)?;
        Ok(Self {
            signing: (key_id.to_owned(), secret.to_vec()),
            verifying: Vec::new(),
        })
    }

    /// This keyring also verifying signatures made with `secret` under `key_id`, as during a
    /// rotation.
    ///
    /// # Errors
    ///
    /// [`SigningError`] when `key_id` is not a valid key id or `secret` is shorter than 16
    /// bytes.
    pub fn verifying(mut self, key_id: &str, secret: &[u8]) -> Result<Self, SigningError> {
        check_key_id(key_id)?;
        check_secret(key_id, secret)?;
        self.verifying.push((key_id.to_owned(), secret.to_vec()));
        Ok(self)
    }

    fn secret(&self, key_id: &str) -> Option<&[u8]> {
        std::iter::once(&self.signing)
            .chain(&self.verifying)
            .find(|(id, _)| id == key_id)
            .map(|(_, secret)| secret.as_slice())
    }
}

static KEYRING: RwLock<Option<Arc<Keyring>>> = RwLock::new(None);

/// Installs the process-wide keyring, replacing any earlier one.
pub fn install(keyring: Keyring) {
    let mut slot = KEYRING
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *slot = Some(Arc::new(keyring));
}

/// Removes the process-wide keyring.
pub fn uninstall() {
    let mut slot = KEYRING
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *slot = None;
}

fn keyring() -> Result<Arc<Keyring>, SigningError> {
    KEYRING
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone()
        .ok_or(SigningError::NoKeyring)
}

/// The MAC of `schema`'s members in `baggage`.
fn mac(schema: &Schema, baggage: &StringBaggage<'_>, secret: &[u8]) -> Option<HmacSha256> {
    let mut mac = HmacSha256::new_from_slice(secret).ok()?;
    mac.update(schema.name().as_bytes());
    mac.update(b"\n");
    for field in schema.all_fields() {
        mac.update(field.key().as_bytes());
        match baggage.get(field.key()) {
            Some(value) => {
                mac.update(b"=");
                mac.update(&(value.len() as u64).to_be_bytes());
                mac.update(value.as_bytes());
            }
            None => mac.update(b"!"),
        }
        mac.update(b"\n");
    }
    Some(mac)
}

/// Adds the signature member of `schema`'s members to `baggage`.
///
/// # Errors
///
/// [`SigningError::NoKeyring`] when no keyring is installed, [`SigningError::Malformed`] when
/// the signature member cannot be inserted.
pub fn sign(
    schema: &Schema,
    signature_key: &'static str,
    baggage: &mut StringBaggage<'_>,
) -> Result<(), SigningError> {
    let keyring = keyring()?;
    let (key_id, secret) = &keyring.signing;
    let tag = mac(schema, baggage, secret)
        .ok_or(SigningError::NoKeyring)?
        .finalize()
        .into_bytes();
    let mut value = String::with_capacity(key_id.len() + 1 + 64);
    value.push_str(key_id);
    value.push('.');
    for byte in tag {
        value.push(char::from(HEX[usize::from(byte >> 4)]));
        value.push(char::from(HEX[usize::from(byte & 0xF)]));
    }
    baggage
        .insert(signature_key, value)
        .map_err(|_| SigningError::Malformed { key: signature_key })?;
    Ok(())
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Checks the signature member of `schema`'s members in `baggage`, in constant time.
///
/// # Errors
///
/// [`SigningError`] when the signature member is missing, malformed, made with an unknown key
/// id, or does not match the members.
pub fn verify(
    schema: &Schema,
    signature_key: &'static str,
    baggage: &StringBaggage<'_>,
) -> Result<(), SigningError> {
    let keyring = keyring()?;
    let signature = baggage
        .get(signature_key)
        .ok_or(SigningError::Missing { key: signature_key })?;
    let malformed = SigningError::Malformed { key: signature_key };
    let (key_id, hex) = signature.split_once('.').ok_or(malformed.clone())?;
    let tag = decode_hex(hex).ok_or(malformed)?;
    let secret = keyring
        .secret(key_id)
        .ok_or_else(|| SigningError::UnknownKeyId(crate::error::preview(key_id)))?;
    mac(schema, baggage, secret)
        .ok_or(SigningError::NoKeyring)?
        .verify_slice(&tag)
        .map_err(|_| SigningError::Mismatch {
            name: schema.name(),
        })
}

fn decode_hex(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 {
        return None;
    }
    let digit = |byte: u8| match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        _ => None,
    };
    let mut tag = [0u8; 32];
    for (slot, pair) in tag.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
        let (&high, &low) = (pair.first()?, pair.get(1)?);
        *slot = digit(high)? << 4 | digit(low)?;
    }
    Some(tag)
}
