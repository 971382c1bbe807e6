//! [`check`]: what every service of a fleet writes, against what every other reads.

use std::collections::{BTreeMap, BTreeSet};

use super::compat::{member_compat, type_compat, Compat};
use super::manifest::{MemberContract, Service, StructContract};
use super::report::{Finding, FindingKind, Report, Severity};

/// The W3C limit on a `baggage` header, in bytes.
pub const MAX_FLEET_BYTES: usize = 8192;
/// The W3C limit on the members of a `baggage` header.
pub const MAX_FLEET_MEMBERS: usize = 180;
/// The OpenTelemetry guide's advice: keep all baggage under 1 KB.
pub const GUIDE_FLEET_BYTES: usize = 1024;

/// One member of one service, as the check indexes it.
#[derive(Clone, Copy)]
struct Site<'a> {
    service: &'a Service,
    contract: &'a StructContract,
    member: &'a MemberContract,
}

impl Site<'_> {
    /// `orders` (`OrderContext.user_tier: Tier`).
    fn describe(&self) -> String {
        format!(
            "`{}` ({}.{}: {})",
            self.service.name(),
            self.contract.name(),
            self.member.field(),
            self.member.rust_type()
        )
    }
}

/// Checks a fleet: what each service requires, someone writes; what each writer writes, every
/// reader of its key accepts; and the fleet's baggage stays within its limits. The
/// [module docs](super#finding-kinds) list what is reported.
///
/// ```
/// use baggage::contract::{check, FindingKind, Service};
/// use baggage::Baggage;
///
/// #[derive(Baggage)]
/// struct Written { user_id: u64 }
/// #[derive(Baggage)]
/// struct Read { user_id: u64, user_tier: String }
///
/// let report = check(&[
///     Service::new("gateway").writes::<Written>(),
///     Service::new("orders").reads::<Read>(),
/// ]);
/// assert!(report.has_errors());
/// let missing = report.of_kind(FindingKind::MissingWriter).next().unwrap();
/// assert_eq!(missing.keys(), ["user_tier"]);
/// ```
pub fn check(services: &[Service]) -> Report {
    let mut writers: BTreeMap<&str, Vec<Site<'_>>> = BTreeMap::new();
    let mut readers: BTreeMap<&str, Vec<Site<'_>>> = BTreeMap::new();
    for service in services {
        for (contract, member) in service.written_members() {
            let site = Site {
                service,
                contract,
                member,
            };
            writers.entry(member.key()).or_default().push(site);
        }
        for (contract, member) in service.read_members() {
            let site = Site {
                service,
                contract,
                member,
            };
            for key in member.keys() {
                readers.entry(key).or_default().push(site);
            }
        }
    }
    let outside: BTreeSet<&str> = services
        .iter()
        .flat_map(|service| service.outside_keys().iter().map(String::as_str))
        .collect();

    let mut findings = Vec::new();
    duplicate_services(services, &mut findings);
    missing_writers(services, &writers, &outside, &mut findings);
    conflicts(services, &writers, &mut findings);
    internal_to_external(services, &writers, &mut findings);
    fleet_size(&writers, &mut findings);
    unread_keys(&writers, &readers, &mut findings);
    ambiguous_keys(&writers, &mut findings);
    split_keys(services, &mut findings);
    pii_inventory(services, &mut findings);

    findings.sort_by(|a, b| {
        (a.severity, a.kind, &a.keys, &a.services, &a.message).cmp(&(
            b.severity,
            b.kind,
            &b.keys,
            &b.services,
            &b.message,
        ))
    });
    findings.dedup();
    Report {
        services: services.iter().map(|s| s.name().to_owned()).collect(),
        findings,
    }
}

fn duplicate_services(services: &[Service], findings: &mut Vec<Finding>) {
    let mut seen = BTreeSet::new();
    for service in services {
        if !seen.insert(service.name()) {
            findings.push(Finding::new(
                FindingKind::DuplicateService,
                Severity::Error,
                [service.name()],
                std::iter::empty::<&str>(),
                format!(
                    "two manifests name the service `{}`: the check would take one service's \
                     writes for the other's; give each service one manifest, or each its own name",
                    service.name()
                ),
            ));
        }
    }
}

fn missing_writers(
    services: &[Service],
    writers: &BTreeMap<&str, Vec<Site<'_>>>,
    outside: &BTreeSet<&str>,
    findings: &mut Vec<Finding>,
) {
    for service in services {
        for (contract, member) in service.read_members() {
            if !member.is_required() || member.keys().any(|key| outside.contains(key)) {
                continue;
            }
            // What a service writes itself reaches the services it calls, not its own inbound
            // requests: only the other services' writers count.
            let upstream: Vec<&Site<'_>> = member
                .keys()
                .flat_map(|key| writers.get(key).into_iter().flatten())
                .filter(|site| site.service.name() != service.name())
                .collect();
            let site = Site {
                service,
                contract,
                member,
            };
            if upstream.is_empty() {
                findings.push(Finding::new(
                    FindingKind::MissingWriter,
                    Severity::Error,
                    [service.name()],
                    [member.key()],
                    format!(
                        "{} requires `{}`, but no other service writes it, so every request \
                         fails to decode there: write it upstream, make the field optional \
                         (`Option<…>` or `#[baggage(default)]`), or declare it with \
                         `.from_outside([\"{}\"])` if it enters from outside the fleet",
                        site.describe(),
                        member.key(),
                        member.key()
                    ),
                ));
            } else if upstream.iter().all(|writer| writer.member.may_be_absent()) {
                let described: Vec<String> = upstream.iter().map(|w| w.describe()).collect();
                findings.push(Finding::new(
                    FindingKind::MaybeMissing,
                    Severity::Error,
                    std::iter::once(service.name())
                        .chain(upstream.iter().map(|writer| writer.service.name())),
                    [member.key()],
                    format!(
                        "{} requires `{}`, but {} may leave it out (an `Option` that is \
                         `None`), and then the request fails to decode there: make the writer's \
                         field always present, or the reader's optional (`Option<…>` or \
                         `#[baggage(default)]`)",
                        site.describe(),
                        member.key(),
                        described.join(" and ")
                    ),
                ));
            }
        }
    }
}

fn conflicts(
    services: &[Service],
    writers: &BTreeMap<&str, Vec<Site<'_>>>,
    findings: &mut Vec<Finding>,
) {
    for (reader, key, writer) in read_and_written(services.iter(), writers) {
        let (kind, severity, why) = match member_compat(writer.member, reader.member) {
            Compat::Accepts => continue,
            Compat::Refuses(why) => (FindingKind::TypeConflict, Severity::Error, why),
            Compat::Unknown(why) => (FindingKind::UncheckedType, Severity::Warning, why),
        };
        let advice = match kind {
            FindingKind::TypeConflict => {
                "make the writer's type one the reader accepts, or widen the reader's (an enum's \
                 `#[baggage(other)]` catch-all, a wider integer, a larger `max_len`)"
            }
            _ => "check by hand that the reader accepts what the writer writes",
        };
        findings.push(Finding::new(
            kind,
            severity,
            [writer.service.name(), reader.service.name()],
            [key],
            format!(
                "{} writes `{key}` as {}, which {} reads as {}: it may write {why}; {advice}",
                writer.describe(),
                writer.member.value_type(),
                reader.describe(),
                reader.member.value_type(),
            ),
        ));
    }
}

/// Each member the `readers` read, under each of its keys (aliases included), with each writer
/// of that key.
fn read_and_written<'a>(
    readers: impl Iterator<Item = &'a Service>,
    writers: &'a BTreeMap<&str, Vec<Site<'a>>>,
) -> impl Iterator<Item = (Site<'a>, &'a str, &'a Site<'a>)> {
    readers.flat_map(move |service| {
        service.read_members().flat_map(move |(contract, member)| {
            let reader = Site {
                service,
                contract,
                member,
            };
            member.keys().flat_map(move |key| {
                writers
                    .get(key)
                    .into_iter()
                    .flatten()
                    .map(move |writer| (reader, key, writer))
            })
        })
    })
}

fn internal_to_external(
    services: &[Service],
    writers: &BTreeMap<&str, Vec<Site<'_>>>,
    findings: &mut Vec<Finding>,
) {
    let external = services.iter().filter(|service| service.is_external());
    for (reader, key, writer) in read_and_written(external, writers) {
        if !writer.member.is_internal() {
            continue;
        }
        let (severity, verb, consequence, advice) = match reader.member.is_required() {
            true => (
                Severity::Error,
                "requires",
                "so every request fails to decode there",
                "make the field optional in",
            ),
            false => (
                Severity::Warning,
                "reads",
                "so it always reads as absent there",
                "stop reading it in",
            ),
        };
        let service = reader.service.name();
        findings.push(Finding::new(
            FindingKind::InternalToExternal,
            severity,
            [writer.service.name(), service],
            [key],
            format!(
                "{} {verb} `{key}`, but {} marks it `internal`: it is stripped before every call \
                 to `{service}`, an external service, {consequence}; {advice} `{service}`, or \
                 drop `internal` in `{}` if the value may leave the fleet",
                reader.describe(),
                writer.describe(),
                writer.service.name(),
            ),
        ));
    }
}

fn fleet_size(writers: &BTreeMap<&str, Vec<Site<'_>>>, findings: &mut Vec<Finding>) {
    // Two bounds of the worst case, each sound; the smaller is reported. By key: each key at
    // its longest over its writers (its member's bound, or for an unbounded value its
    // struct's budget). By struct: each written struct at most its budget, which encoding
    // enforces, and at most the sum of its members.
    let member_len = |key: &str, site: &Site<'_>| {
        let budget = site.contract.budget();
        site.member.max_encoded_len().map_or(budget, |len| {
            key.len().saturating_add(1).saturating_add(len).min(budget)
        })
    };
    let mut sizes: Vec<(usize, &str)> = writers
        .iter()
        .map(|(key, sites)| {
            let worst = sites.iter().map(|site| member_len(key, site)).max();
            (worst.unwrap_or(0), *key)
        })
        .collect();
    let members = sizes.len();
    let separators = members.saturating_sub(1);
    let by_key = sizes
        .iter()
        .fold(separators, |sum, (len, _)| sum.saturating_add(*len));
    let mut structs: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    for (key, sites) in writers {
        for site in sites {
            let entry = structs
                .entry((site.service.name(), site.contract.name()))
                .or_insert((site.contract.budget(), 0));
            entry.1 = entry.1.saturating_add(member_len(key, site));
        }
    }
    let by_struct = structs.values().fold(separators, |sum, (budget, len)| {
        sum.saturating_add(*len.min(budget))
    });
    let bytes = by_key.min(by_struct);
    sizes.sort_by(|a, b| b.cmp(a));
    let largest = sizes
        .iter()
        .take(3)
        .map(|(len, key)| format!("`{key}` {len} bytes"))
        .collect::<Vec<_>>()
        .join(", ");
    let services: BTreeSet<&str> = writers
        .values()
        .flatten()
        .map(|site| site.service.name())
        .collect();
    let keys = sizes.iter().map(|(_, key)| *key);
    if bytes > MAX_FLEET_BYTES || members > MAX_FLEET_MEMBERS {
        findings.push(Finding::new(
            FindingKind::FleetTooLarge,
            Severity::Error,
            services,
            keys,
            format!(
                "the keys written on the fleet can reach {bytes} bytes in {members} members, over \
                 the W3C limits of {MAX_FLEET_BYTES} bytes and {MAX_FLEET_MEMBERS} members: a peer \
                 may drop the whole header; bound the largest (`max_len`, a smaller `budget`) or \
                 move them out of baggage (largest: {largest})"
            ),
        ));
    } else if bytes > GUIDE_FLEET_BYTES {
        findings.push(Finding::new(
            FindingKind::FleetOverGuide,
            Severity::Warning,
            services,
            keys,
            format!(
                "the keys written on the fleet can reach {bytes} bytes, over the guide's \
                 {GUIDE_FLEET_BYTES}: every request carries them to every service; bound the \
                 largest with `max_len` or a smaller `budget` (largest: {largest})"
            ),
        ));
    }
}

fn unread_keys(
    writers: &BTreeMap<&str, Vec<Site<'_>>>,
    readers: &BTreeMap<&str, Vec<Site<'_>>>,
    findings: &mut Vec<Finding>,
) {
    for (key, sites) in writers {
        if readers.contains_key(key) {
            continue;
        }
        let described: Vec<String> = sites.iter().map(Site::describe).collect();
        findings.push(Finding::new(
            FindingKind::UnreadKey,
            Severity::Warning,
            sites.iter().map(|site| site.service.name()),
            [*key],
            format!(
                "{} writes `{key}`, but no service reads it: every request carries it for \
                 nothing; stop writing it, or add the manifest of the service that reads it",
                described.join(" and ")
            ),
        ));
    }
}

fn ambiguous_keys(writers: &BTreeMap<&str, Vec<Site<'_>>>, findings: &mut Vec<Finding>) {
    for (key, sites) in writers {
        // Readers may name their field as they like; writers of one key name one thing.
        let fields: BTreeSet<&str> = sites.iter().map(|site| site.member.field()).collect();
        if fields.len() > 1 {
            findings.push(Finding::new(
                FindingKind::AmbiguousKey,
                Severity::Warning,
                sites.iter().map(|site| site.service.name()),
                [*key],
                format!(
                    "`{key}` is written from different fields: {}; if they mean different \
                     things, give one another key; if the same, name the fields alike",
                    describe_all(sites)
                ),
            ));
            continue;
        }
        // Two writers whose values the other would not accept mean two things by one key.
        for (index, first) in sites.iter().enumerate() {
            for second in sites.iter().skip(index + 1) {
                let one = type_compat(first.member.value_type(), second.member.value_type());
                let other = type_compat(second.member.value_type(), first.member.value_type());
                if matches!(one, Compat::Refuses(_)) && matches!(other, Compat::Refuses(_)) {
                    findings.push(Finding::new(
                        FindingKind::AmbiguousKey,
                        Severity::Warning,
                        [first.service.name(), second.service.name()],
                        [*key],
                        format!(
                            "`{key}` is written as {} by {} and as {} by {}: one key with two \
                             meanings; give each its own key",
                            first.member.value_type(),
                            first.describe(),
                            second.member.value_type(),
                            second.describe()
                        ),
                    ));
                }
            }
        }
    }
}

fn describe_all(sites: &[Site<'_>]) -> String {
    let mut described: Vec<String> = sites.iter().map(Site::describe).collect();
    described.sort();
    described.dedup();
    described.join(", ")
}

fn split_keys(services: &[Service], findings: &mut Vec<Finding>) {
    // Each member of the fleet by its Rust field, marked whether it is read.
    let mut by_field: BTreeMap<&str, Vec<(bool, Site<'_>)>> = BTreeMap::new();
    for service in services {
        let read = service.read_members().map(|site| (true, site));
        let written = service.written_members().map(|site| (false, site));
        for (is_read, (contract, member)) in read.chain(written) {
            let site = Site {
                service,
                contract,
                member,
            };
            by_field
                .entry(member.field())
                .or_default()
                .push((is_read, site));
        }
    }
    for (field, sites) in by_field {
        let keys: BTreeSet<&str> = sites.iter().map(|(_, site)| site.member.key()).collect();
        if keys.len() < 2 {
            continue;
        }
        // Two keys each read and written (`user.id`, `order.id`) are two values that share a
        // field name; a key read that nobody writes, or written that nobody reads, beside
        // another key of the same field, looks like one value under two names.
        let read_keys: BTreeSet<&str> = sites
            .iter()
            .filter(|(is_read, _)| *is_read)
            .flat_map(|(_, site)| site.member.keys())
            .collect();
        let written_keys: BTreeSet<&str> = sites
            .iter()
            .filter(|(is_read, _)| !*is_read)
            .map(|(_, site)| site.member.key())
            .collect();
        let mismatched = keys
            .iter()
            .any(|key| read_keys.contains(key) != written_keys.contains(key));
        if !mismatched {
            continue;
        }
        // A deliberate move from one key to another: every reader reads all of them (aliases).
        let mut readers = sites.iter().filter(|(is_read, _)| *is_read).peekable();
        let joined = readers.peek().is_some()
            && readers.all(|(_, site)| {
                keys.iter()
                    .all(|key| site.member.keys().any(|read| read == *key))
            });
        if joined {
            continue;
        }
        let sites: Vec<Site<'_>> = sites.iter().map(|(_, site)| *site).collect();
        findings.push(Finding::new(
            FindingKind::SplitKey,
            Severity::Warning,
            sites.iter().map(|site| site.service.name()),
            keys.iter().copied(),
            format!(
                "the field `{field}` travels under {} keys: {}; if they are one value, use one key \
                 (`rename`, or read the other as an `alias`); if not, rename a field",
                keys.len(),
                describe_keys(&sites)
            ),
        ));
    }
}

fn describe_keys(sites: &[Site<'_>]) -> String {
    let mut described: Vec<String> = sites
        .iter()
        .map(|site| format!("`{}` in {}", site.member.key(), site.describe()))
        .collect();
    described.sort();
    described.dedup();
    described.join(", ")
}

fn pii_inventory(services: &[Service], findings: &mut Vec<Finding>) {
    for service in services {
        let sites = service
            .written_members()
            .map(|site| ("writes", site))
            .chain(service.read_members().map(|site| ("reads", site)));
        for (verb, (contract, member)) in sites {
            if let Some(reason) = member.allow_pii() {
                let site = Site {
                    service,
                    contract,
                    member,
                };
                findings.push(Finding::new(
                    FindingKind::PiiInventory,
                    Severity::Info,
                    [service.name()],
                    [member.key()],
                    format!(
                        "{} {verb} `{}`, allowed as personal data: {reason}",
                        site.describe(),
                        member.key()
                    ),
                ));
            }
        }
    }
}
