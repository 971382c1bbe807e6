//! [`Change`]: one difference [`diff`](super::diff) found between two manifests of a service.

use std::fmt;

use serde::Serialize;

/// What changed in a service's manifest. The table in the [module docs](super#change-kinds)
/// says which kinds break which services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ChangeKind {
    /// A written key is no longer written.
    WrittenKeyRemoved,
    /// A written field is written under another key.
    WrittenKeyRenamed,
    /// A new key is written.
    WrittenKeyAdded,
    /// The written type may write values the old one did not.
    WrittenTypeWidened,
    /// The written type writes fewer values than the old one.
    WrittenTypeNarrowed,
    /// A written field became an `Option`: the key may be left out.
    WrittenKeyOptional,
    /// A written field that was an `Option` is always written now.
    WrittenKeyAlways,
    /// A written field's `max_len` went up (or away).
    WrittenMaxLenRaised,
    /// A written field's `max_len` went down (or appeared).
    WrittenMaxLenLowered,
    /// A written field became `internal`.
    MadeInternal,
    /// A written field is no longer `internal`.
    NoLongerInternal,
    /// A key the service reads became required, or a required key is newly read.
    ReadKeyRequired,
    /// A read key became optional, or an optional key is newly read.
    ReadKeyOptional,
    /// A key is no longer read.
    ReadKeyRemoved,
    /// A read field is read under another key.
    ReadKeyRenamed,
    /// An alias is no longer read.
    AliasRemoved,
    /// A new alias is read.
    AliasAdded,
    /// An enum the service reads without a catch-all lost a variant.
    VariantRemoved,
    /// The read type refuses values the old one accepted.
    ReadTypeNarrowed,
    /// The read type accepts values the old one refused.
    ReadTypeWidened,
    /// A read field's `max_len` went down (or appeared).
    ReadMaxLenLowered,
    /// A read field's `max_len` went up (or away).
    ReadMaxLenRaised,
    /// The service became an outside party: `internal` members no longer reach it.
    BecameExternal,
    /// The service is no longer an outside party.
    NoLongerExternal,
}

impl ChangeKind {
    /// The kind as reports print it: `variant-removed`.
    pub fn code(self) -> &'static str {
        match self {
            Self::WrittenKeyRemoved => "written-key-removed",
            Self::WrittenKeyRenamed => "written-key-renamed",
            Self::WrittenKeyAdded => "written-key-added",
            Self::WrittenTypeWidened => "written-type-widened",
            Self::WrittenTypeNarrowed => "written-type-narrowed",
            Self::WrittenKeyOptional => "written-key-optional",
            Self::WrittenKeyAlways => "written-key-always",
            Self::WrittenMaxLenRaised => "written-max-len-raised",
            Self::WrittenMaxLenLowered => "written-max-len-lowered",
            Self::MadeInternal => "made-internal",
            Self::NoLongerInternal => "no-longer-internal",
            Self::ReadKeyRequired => "read-key-required",
            Self::ReadKeyOptional => "read-key-optional",
            Self::ReadKeyRemoved => "read-key-removed",
            Self::ReadKeyRenamed => "read-key-renamed",
            Self::AliasRemoved => "alias-removed",
            Self::AliasAdded => "alias-added",
            Self::VariantRemoved => "variant-removed",
            Self::ReadTypeNarrowed => "read-type-narrowed",
            Self::ReadTypeWidened => "read-type-widened",
            Self::ReadMaxLenLowered => "read-max-len-lowered",
            Self::ReadMaxLenRaised => "read-max-len-raised",
            Self::BecameExternal => "became-external",
            Self::NoLongerExternal => "no-longer-external",
        }
    }
}

/// One change between two versions of a service's manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub(super) kind: ChangeKind,
    pub(super) breaking: bool,
    pub(super) service: String,
    pub(super) key: String,
    pub(super) message: String,
}

impl Change {
    pub(super) fn new(
        kind: ChangeKind,
        breaking: bool,
        service: &str,
        key: &str,
        message: String,
    ) -> Self {
        Self {
            kind,
            breaking,
            service: service.to_owned(),
            key: key.to_owned(),
            message,
        }
    }

    /// What changed.
    pub fn kind(&self) -> ChangeKind {
        self.kind
    }

    /// Whether a service that depends on the old version can fail with the new one: a reader
    /// of a written key, or a writer of a read key. The message says which.
    pub fn is_breaking(&self) -> bool {
        self.breaking
    }

    /// The service whose manifest changed.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The key that changed (empty for a change of the whole service).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// What changed and whom it breaks.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Change {
    /// `breaking[variant-removed]: …` or `compatible[written-key-added]: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if self.breaking {
            "breaking"
        } else {
            "compatible"
        };
        write!(f, "{verdict}[{}]: {}", self.kind.code(), self.message)
    }
}
