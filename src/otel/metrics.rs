//! [`BaggageMetrics`]: the size of inbound baggage, and the members dropped from it, as
//! OpenTelemetry metrics.

use opentelemetry::metrics::{Counter, Histogram, Meter};
use opentelemetry::KeyValue;

use crate::StringBaggage;

/// The histogram of inbound baggage sizes, in bytes.
pub const SIZE_METRIC: &str = "baggage.size";
/// The histogram of inbound baggage member counts.
pub const MEMBERS_METRIC: &str = "baggage.members";
/// The counter of inbound members dropped, with the attribute [`REASON_ATTRIBUTE`].
pub const DROPPED_METRIC: &str = "baggage.dropped";
/// Why a member was dropped: `malformed` (it breaks the W3C grammar), `limit` (past the member
/// or byte limit), `untrusted` (the peer is not trusted), `not_allowed` (its key is not on the
/// peer's allow-list) or `invalid_value` (not a value of its field's type, under
/// [`TrustPolicy::AllowList`](crate::policy::trust::TrustPolicy::AllowList)).
pub const REASON_ATTRIBUTE: &str = "baggage.drop_reason";

/// Inbound baggage as OpenTelemetry metrics, as the OpenTelemetry guide advises ("track baggage
/// payload size"):
///
/// | instrument | kind | unit | what |
/// |---|---|---|---|
/// | `baggage.size` | histogram | `By` | bytes of the inbound `baggage` header lines (joined by `,`) |
/// | `baggage.members` | histogram | `{member}` | well-formed members received, before the trust policy |
/// | `baggage.dropped` | counter | `{member}` | members dropped, by `baggage.drop_reason` |
///
/// The tower `ServerBaggageLayer::with_metrics` and the actix-web
/// `BaggageMiddleware::with_metrics` record every request; the
/// `BaggageSpanProcessor::with_metrics` records the baggage of
/// each span that continues a trace from another service. A span processor sees the baggage
/// after a propagator read it: its size is that of what was kept, written again, and only
/// what this crate's [`BaggagePropagator`](super::BaggagePropagator) dropped is counted there
/// (a limit's cut as one); the SDK's own propagator drops members without a word.
///
/// ```
/// use baggage::otel::BaggageMetrics;
/// use baggage::StringBaggage;
/// use opentelemetry::global;
///
/// let metrics = BaggageMetrics::new(&global::meter("checkout"));
/// metrics.record(&StringBaggage::parse("user_id=7,region=eu")?);
/// # Ok::<(), baggage::ParseError>(())
/// ```
#[derive(Debug, Clone)]
pub struct BaggageMetrics {
    size: Histogram<u64>,
    members: Histogram<u64>,
    dropped: Counter<u64>,
}

/// Why a member was dropped, as [`REASON_ATTRIBUTE`] names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(any(feature = "tower", feature = "actix-web")), allow(dead_code))]
pub(crate) enum Reason {
    Malformed,
    Limit,
    Untrusted,
    NotAllowed,
    InvalidValue,
}

impl Reason {
    fn as_str(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::Limit => "limit",
            Self::Untrusted => "untrusted",
            Self::NotAllowed => "not_allowed",
            Self::InvalidValue => "invalid_value",
        }
    }
}

impl BaggageMetrics {
    /// The three instruments, made with `meter`.
    pub fn new(meter: &Meter) -> Self {
        Self {
            size: meter
                .u64_histogram(SIZE_METRIC)
                .with_unit("By")
                .with_description("Bytes of the inbound baggage header")
                .with_boundaries(vec![
                    0.0, 64.0, 128.0, 256.0, 512.0, 1024.0, 2048.0, 4096.0, 8192.0, 16384.0,
                ])
                .build(),
            members: meter
                .u64_histogram(MEMBERS_METRIC)
                .with_unit("{member}")
                .with_description("Well-formed members of the inbound baggage")
                .with_boundaries(vec![
                    0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 180.0,
                ])
                .build(),
            dropped: meter
                .u64_counter(DROPPED_METRIC)
                .with_unit("{member}")
                .with_description("Inbound baggage members dropped, by reason")
                .build(),
        }
    }

    /// Records the size and member count of `baggage` as read, and what reading it dropped
    /// ([`StringBaggage::read_errors`]): each malformed member, and a limit's cut as one (the
    /// members past a limit are never read, so they cannot be counted from the baggage; the
    /// server layers, which have the header, count them).
    pub fn record(&self, baggage: &StringBaggage<'_>) {
        self.size.record(baggage.encoded_len() as u64, &[]);
        self.members.record(baggage.len() as u64, &[]);
        let malformed = baggage
            .read_errors()
            .iter()
            .filter(|error| !error.is_limit())
            .count();
        self.record_dropped(Reason::Malformed, malformed);
        if baggage.limit_error().is_some() {
            self.record_dropped(Reason::Limit, 1);
        }
    }

    /// Records what a server layer read from the header lines `values`: their bytes as
    /// received, the well-formed members, and the members dropped while reading and by the
    /// trust policy.
    #[cfg(any(feature = "tower", feature = "actix-web"))]
    pub(crate) fn record_inbound<'a>(
        &self,
        values: impl IntoIterator<Item = &'a [u8]>,
        inbound: &crate::extensions::InboundBaggage,
    ) {
        // Where a limit stopped the parser, which does not read on: count what it left unread.
        let cut_at = inbound
            .malformed
            .iter()
            .find(|error| error.is_limit())
            .map(crate::ParseError::member);
        let (mut bytes, mut segments) = (0usize, 0usize);
        for line in values {
            if line.iter().all(|&b| b == b' ' || b == b'\t') {
                continue;
            }
            bytes += usize::from(bytes > 0) + line.len();
            if cut_at.is_some() {
                segments += line.iter().filter(|&&b| b == b',').count() + 1;
            }
        }
        self.size.record(bytes as u64, &[]);
        let members = inbound.baggage.len() + inbound.dropped.len();
        self.members.record(members as u64, &[]);

        let malformed = inbound.malformed.iter().filter(|e| !e.is_limit()).count();
        self.record_dropped(Reason::Malformed, malformed);
        if let Some(cut_at) = cut_at {
            self.record_dropped(Reason::Limit, segments.saturating_sub(cut_at).max(1));
        }
        for dropped in &inbound.dropped {
            let reason = match dropped.reason {
                crate::policy::trust::DropReason::Untrusted => Reason::Untrusted,
                crate::policy::trust::DropReason::NotAllowed => Reason::NotAllowed,
                // baggage-core is released in lockstep with this crate (`=` version): a reason
                // it adds is named here in the same release.
                _ => Reason::InvalidValue,
            };
            self.record_dropped(reason, 1);
        }
    }

    /// Records the baggage of a span's context when the span continues a trace that came from
    /// another service (its parent is remote), or starts one with baggage of its own; and what
    /// the [`BaggagePropagator`](super::BaggagePropagator) dropped while extracting it.
    #[cfg(feature = "opentelemetry-sdk")]
    pub(crate) fn record_span_start(&self, cx: &opentelemetry::Context) {
        use opentelemetry::baggage::BaggageExt;
        use opentelemetry::trace::TraceContextExt;

        let entry = match cx.has_active_span() {
            true => cx.span().span_context().is_remote(),
            false => !cx.baggage().is_empty(),
        };
        if !entry {
            return;
        }
        let baggage = super::from_otel(cx.baggage());
        self.size.record(baggage.encoded_len() as u64, &[]);
        self.members.record(baggage.len() as u64, &[]);
        let errors = super::extract_errors(cx);
        self.record_dropped(
            Reason::Malformed,
            errors.iter().filter(|e| !e.is_limit()).count(),
        );
        if errors.iter().any(|error| error.is_limit()) {
            self.record_dropped(Reason::Limit, 1);
        }
    }

    fn record_dropped(&self, reason: Reason, count: usize) {
        if count > 0 {
            self.dropped.add(
                count as u64,
                &[KeyValue::new(REASON_ATTRIBUTE, reason.as_str())],
            );
        }
    }
}
