//! Trust boundaries: what inbound baggage from a peer may set, and what outbound baggage may
//! carry to one.
//!
//! A public client can send any `baggage` header it likes, `user_tier=premium` included. A
//! service at the edge applies a [`TrustPolicy`] to what arrives: a trusted peer's baggage is
//! kept, an untrusted peer's is reduced to an allow-list of schema keys whose values decode to
//! the field's type, or dropped altogether. Going out, [`Schema::strip_internal`] removes the
//! fields marked `internal` before a call leaves the trust boundary.
//!
//! ```
//! use baggage_core::policy::trust::TrustPolicy;
//! use baggage_core::{Baggage, StringBaggage};
//! # use baggage_core as baggage;
//!
//! #[derive(baggage_derive::Baggage)]
//! # #[baggage(crate = "baggage_core")]
//! struct Context {
//!     user_tier: String,
//!     client_version: String,
//!     tenant_id: u64,
//! }
//!
//! // From a public client: only what it may say about itself.
//! let policy = TrustPolicy::allow_keys(Context::SCHEMA, &["client_version", "tenant_id"])?;
//! let mut inbound = StringBaggage::parse("user_tier=premium,client_version=2.1.4,tenant_id=x")?;
//! let dropped = policy.apply(&mut inbound);
//! assert_eq!(inbound.to_header(), "client_version=2.1.4");
//! assert_eq!(dropped.len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use crate::codec::StringBaggage;
use crate::error::preview;
use crate::schema::{FieldSchema, Schema};

/// What inbound baggage from a peer may set.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum TrustPolicy {
    /// A peer inside the trust boundary: its baggage is kept as it came.
    Trusted,
    /// An untrusted peer: only these fields are kept, and only with values that decode to the
    /// field's type.
    AllowList(Vec<&'static FieldSchema>),
    /// An untrusted peer whose baggage is dropped altogether.
    DropAll,
}

/// A key given to [`TrustPolicy::allow_keys`] that the schema does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownKey {
    /// The key.
    pub key: String,
    /// The schema's name.
    pub schema: &'static str,
}

impl fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a key of `{}`, so it cannot be allowed",
            self.key, self.schema
        )
    }
}

impl std::error::Error for UnknownKey {}

/// Why a member was dropped at the boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DropReason {
    /// The policy drops everything from this peer.
    Untrusted,
    /// The key is not on the allow-list.
    NotAllowed,
    /// The key is allowed but its value does not decode to the field's type.
    InvalidValue,
}

/// A member removed by [`TrustPolicy::apply`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Dropped {
    /// The member's key, escaped and truncated.
    pub key: String,
    /// Why it was dropped.
    pub reason: DropReason,
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.reason {
            DropReason::Untrusted => "the peer is not trusted",
            DropReason::NotAllowed => "the key is not allowed from this peer",
            DropReason::InvalidValue => "the value is not valid for the key's type",
        };
        write!(f, "dropped baggage key `{}`: {why}", self.key)
    }
}

impl TrustPolicy {
    /// Keeps only `keys` of `schema` (its flattened structs included), with valid values.
    ///
    /// A field may be named by its key or by one of its aliases: either allows the field, under
    /// every key it is read from.
    ///
    /// # Errors
    ///
    /// [`UnknownKey`] naming the first key that `schema` does not have.
    pub fn allow_keys(schema: &'static Schema, keys: &[&str]) -> Result<Self, UnknownKey> {
        let fields = keys
            .iter()
            .map(|key| {
                let named = |field: &&'static FieldSchema| field.keys().any(|k| k == *key);
                let field = schema.all_fields().into_iter().find(named);
                field.ok_or_else(|| UnknownKey {
                    key: preview(key),
                    schema: schema.name(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self::AllowList(fields))
    }

    /// Keeps every field of `schema` except the `internal` ones, with valid values.
    pub fn allow_schema(schema: &'static Schema) -> Self {
        Self::AllowList(
            schema
                .all_fields()
                .into_iter()
                .filter(|field| !field.is_internal())
                .collect(),
        )
    }

    /// Applies the policy to inbound baggage, returning what was dropped and why.
    pub fn apply(&self, baggage: &mut StringBaggage<'_>) -> Vec<Dropped> {
        let mut dropped = Vec::new();
        match self {
            Self::Trusted => {}
            Self::DropAll => {
                dropped.extend(baggage.iter().map(|member| Dropped {
                    key: preview(member.key()),
                    reason: DropReason::Untrusted,
                }));
                baggage.retain(|_| false);
            }
            Self::AllowList(fields) => baggage.retain(|member| {
                let reason = match fields
                    .iter()
                    .find(|field| field.keys().any(|key| key == member.key()))
                {
                    None => DropReason::NotAllowed,
                    Some(field) if !field.accepts(member.value()) => DropReason::InvalidValue,
                    Some(_) => return true,
                };
                dropped.push(Dropped {
                    key: preview(member.key()),
                    reason,
                });
                false
            }),
        }
        dropped
    }
}
