//! [`Report`]: the [`Finding`]s of [`check`](super::check), each with its kind, severity and advice.

use std::fmt;

use serde::Serialize;

/// How much a [`Finding`] matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// A request of the fleet fails, or loses a member, when it happens.
    Error,
    /// Probably a mistake, or a cost: review it.
    Warning,
    /// For the record (the `allow_pii` inventory).
    Info,
}

/// What a [`Finding`] is about. The table in the [module docs](super#finding-kinds) says when
/// each is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FindingKind {
    /// A service requires a key no service writes.
    MissingWriter,
    /// A service requires a key every writer of which may leave out (an `Option` field).
    MaybeMissing,
    /// A writer may write a value the reader of the same key refuses.
    TypeConflict,
    /// An external service requires a key a writer marks `internal`.
    InternalToExternal,
    /// All keys written on the fleet can exceed the W3C limits (8192 bytes, 180 members).
    FleetTooLarge,
    /// All keys written on the fleet can exceed the guide's 1 KB.
    FleetOverGuide,
    /// A key is written and no service reads it.
    UnreadKey,
    /// One key carries two meanings: two Rust fields, or two writers' types that disagree.
    AmbiguousKey,
    /// One field travels under two keys (two prefixes or renames) that no alias joins.
    SplitKey,
    /// A writer's or reader's type is opaque, so the check cannot compare it.
    UncheckedType,
    /// A key allowed despite the personal-data rule, with its reason.
    PiiInventory,
    /// Two manifests name the same service.
    DuplicateService,
}

impl FindingKind {
    /// The kind as reports print it: `type-conflict`.
    pub fn code(self) -> &'static str {
        match self {
            Self::MissingWriter => "missing-writer",
            Self::MaybeMissing => "maybe-missing",
            Self::DuplicateService => "duplicate-service",
            Self::TypeConflict => "type-conflict",
            Self::InternalToExternal => "internal-to-external",
            Self::FleetTooLarge => "fleet-too-large",
            Self::FleetOverGuide => "fleet-over-guide",
            Self::UnreadKey => "unread-key",
            Self::AmbiguousKey => "ambiguous-key",
            Self::SplitKey => "split-key",
            Self::UncheckedType => "unchecked-type",
            Self::PiiInventory => "pii-inventory",
        }
    }
}

/// One thing [`check`](super::check) found: its kind and severity, the services and keys involved, and what
/// to change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub(super) kind: FindingKind,
    pub(super) severity: Severity,
    pub(super) services: Vec<String>,
    pub(super) keys: Vec<String>,
    pub(super) message: String,
}

impl Finding {
    pub(super) fn new(
        kind: FindingKind,
        severity: Severity,
        services: impl IntoIterator<Item = impl Into<String>>,
        keys: impl IntoIterator<Item = impl Into<String>>,
        message: String,
    ) -> Self {
        let mut services: Vec<String> = services.into_iter().map(Into::into).collect();
        services.sort();
        services.dedup();
        let mut keys: Vec<String> = keys.into_iter().map(Into::into).collect();
        keys.sort();
        keys.dedup();
        Self {
            kind,
            severity,
            services,
            keys,
            message,
        }
    }

    /// What the finding is about.
    pub fn kind(&self) -> FindingKind {
        self.kind
    }

    /// How much it matters.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The services involved, sorted.
    pub fn services(&self) -> &[String] {
        &self.services
    }

    /// The keys involved, sorted.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// What is wrong and what to change.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Finding {
    /// `error[type-conflict]: …`, as a compiler prints a diagnostic.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        write!(f, "{severity}[{}]: {}", self.kind.code(), self.message)
    }
}

/// What [`check`](super::check) found on a fleet, errors first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub(super) services: Vec<String>,
    pub(super) findings: Vec<Finding>,
}

impl Report {
    /// Every finding: errors, then warnings, then infos; in each, by kind and key.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The findings of one severity.
    pub fn with_severity(&self, severity: Severity) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |finding| finding.severity == severity)
    }

    /// The findings of one kind.
    pub fn of_kind(&self, kind: FindingKind) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |finding| finding.kind == kind)
    }

    /// Whether any finding is an error: the fleet fails its check.
    pub fn has_errors(&self) -> bool {
        self.with_severity(Severity::Error).next().is_some()
    }

    /// The report as JSON: `{"services": […], "findings": [{"kind", "severity", "services",
    /// "keys", "message"}], "errors": N, "warnings": N}`.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Json<'a> {
            services: &'a [String],
            findings: &'a [Finding],
            errors: usize,
            warnings: usize,
        }
        let json = Json {
            services: &self.services,
            findings: &self.findings,
            errors: self.with_severity(Severity::Error).count(),
            warnings: self.with_severity(Severity::Warning).count(),
        };
        match serde_json::to_string_pretty(&json) {
            Ok(json) => json,
            Err(error) => unreachable!("a report always serializes: {error}"),
        }
    }
}

impl fmt::Display for Report {
    /// One finding per line, then a summary: `2 errors, 1 warning, 0 info in 3 services`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.findings {
            writeln!(f, "{finding}")?;
        }
        let count = |severity| self.with_severity(severity).count();
        let plural = |n: usize, word: &str| match n {
            1 => format!("1 {word}"),
            n => format!("{n} {word}s"),
        };
        write!(
            f,
            "{}, {}, {} info in {}",
            plural(count(Severity::Error), "error"),
            plural(count(Severity::Warning), "warning"),
            count(Severity::Info),
            plural(self.services.len(), "service"),
        )
    }
}
