//! [`diff`]: what changed between two versions of a service's manifest, and what it breaks.

use std::collections::BTreeMap;

use super::change::{Change, ChangeKind};
use super::compat::{accepts_text, accepts_within, quoted, writes_within, Compat};
use super::manifest::{MemberContract, Service};
use super::value_type::ValueType;

/// The changes from `old` to `new`, two versions of one service's manifest, breaking ones first.
///
/// A change is breaking when a service that worked with `old` can fail with `new`: for what
/// the service writes, its readers; for what it reads, its writers.
///
/// ```
/// use baggage::contract::{diff, ChangeKind, Service};
/// use baggage::Baggage;
///
/// #[derive(Baggage)]
/// struct Before { user_tier: Option<String> }
/// #[derive(Baggage)]
/// struct After { user_tier: String }
///
/// let changes = diff(
///     &Service::new("orders").reads::<Before>(),
///     &Service::new("orders").reads::<After>(),
/// );
/// assert_eq!(changes.len(), 1);
/// assert_eq!(changes[0].kind(), ChangeKind::ReadKeyRequired);
/// assert!(changes[0].is_breaking());
/// ```
pub fn diff(old: &Service, new: &Service) -> Vec<Change> {
    let service = new.name();
    let mut changes = Vec::new();
    match (old.is_external(), new.is_external()) {
        (false, true) => changes.push(Change::new(
            ChangeKind::BecameExternal,
            true,
            service,
            "",
            format!(
                "`{service}` is now external: `internal` members are stripped before every call \
                 to it; breaks it where it requires one (run `check` on the fleet, and make such \
                 keys optional first)"
            ),
        )),
        (true, false) => changes.push(Change::new(
            ChangeKind::NoLongerExternal,
            false,
            service,
            "",
            format!("`{service}` is no longer external: `internal` members now reach it"),
        )),
        _ => {}
    }
    let old_written = by_key(old.written_members().map(|(_, m)| m));
    let new_written = by_key(new.written_members().map(|(_, m)| m));
    written_changes(service, &old_written, &new_written, &mut changes);
    let old_read = by_key(old.read_members().map(|(_, m)| m));
    let new_read = by_key(new.read_members().map(|(_, m)| m));
    read_changes(service, &old_read, &new_read, &mut changes);
    changes.sort_by(|a, b| (!a.breaking, &a.key, a.kind).cmp(&(!b.breaking, &b.key, b.kind)));
    changes
}

fn by_key<'a>(
    members: impl Iterator<Item = &'a MemberContract>,
) -> BTreeMap<&'a str, &'a MemberContract> {
    let mut map = BTreeMap::new();
    for member in members {
        map.entry(member.key()).or_insert(member);
    }
    map
}

/// The member of `members` for the same Rust field as `member`, under another key.
fn same_field<'a>(
    member: &MemberContract,
    members: &BTreeMap<&str, &'a MemberContract>,
) -> Option<&'a MemberContract> {
    members
        .values()
        .find(|other| other.field() == member.field() && other.key() != member.key())
        .copied()
}

fn written_changes(
    service: &str,
    old: &BTreeMap<&str, &MemberContract>,
    new: &BTreeMap<&str, &MemberContract>,
    changes: &mut Vec<Change>,
) {
    for (key, before) in old {
        if let Some(after) = new.get(key) {
            compare_written(service, key, before, after, changes);
            continue;
        }
        match same_field(before, new).filter(|m| !old.contains_key(m.key())) {
            Some(renamed) => {
                changes.push(Change::new(
                    ChangeKind::WrittenKeyRenamed,
                    true,
                    service,
                    key,
                    format!(
                        "`{service}` writes `{}` as `{}` now; breaks every service that reads \
                         `{key}` (read the new key with `#[baggage(alias = \"{key}\")]` there \
                         first)",
                        before.field(),
                        renamed.key()
                    ),
                ));
                compare_written(service, renamed.key(), before, renamed, changes);
            }
            None => changes.push(Change::new(
                ChangeKind::WrittenKeyRemoved,
                true,
                service,
                key,
                format!(
                    "`{service}` no longer writes `{key}`; breaks every service that requires it \
                     (make it optional in its readers first)"
                ),
            )),
        }
    }
    for (key, after) in new {
        if !old.contains_key(key) && !is_renamed(after, old, new) {
            changes.push(Change::new(
                ChangeKind::WrittenKeyAdded,
                false,
                service,
                key,
                format!("`{service}` writes `{key}` as {} now", after.value_type()),
            ));
        }
    }
}

/// Whether `member` of `new` is a field that `old` has under another key no longer there.
fn is_renamed(
    member: &MemberContract,
    old: &BTreeMap<&str, &MemberContract>,
    new: &BTreeMap<&str, &MemberContract>,
) -> bool {
    same_field(member, old).is_some_and(|before| !new.contains_key(before.key()))
}

/// The changes of one written field, `key` being its key now.
fn compare_written(
    service: &str,
    key: &str,
    before: &MemberContract,
    after: &MemberContract,
    changes: &mut Vec<Change>,
) {
    if before.value_type() != after.value_type() {
        changes.push(
            match writes_within(after.value_type(), before.value_type()) {
                Compat::Accepts => Change::new(
                    ChangeKind::WrittenTypeNarrowed,
                    false,
                    service,
                    key,
                    format!(
                    "`{service}` writes `{key}` as {} instead of {}: every value it writes was \
                     written before",
                    after.value_type(),
                    before.value_type()
                ),
                ),
                Compat::Refuses(why) | Compat::Unknown(why) => Change::new(
                    ChangeKind::WrittenTypeWidened,
                    true,
                    service,
                    key,
                    format!(
                    "`{service}` writes `{key}` as {} instead of {}: it may write {why}; breaks \
                     the services that read `{key}` as {} (widen those readers first)",
                    after.value_type(),
                    before.value_type(),
                    before.value_type()
                ),
                ),
            },
        );
    }
    match (before.may_be_absent(), after.may_be_absent()) {
        (false, true) => changes.push(Change::new(
            ChangeKind::WrittenKeyOptional,
            true,
            service,
            key,
            format!(
                "`{service}` may leave `{key}` out now (an `Option`); breaks the services that \
                 require it (make it optional there first)"
            ),
        )),
        (true, false) => changes.push(Change::new(
            ChangeKind::WrittenKeyAlways,
            false,
            service,
            key,
            format!("`{service}` always writes `{key}` now"),
        )),
        _ => {}
    }
    if let Some(raised) = max_len_raised(before, after) {
        changes.push(Change::new(
            if raised {
                ChangeKind::WrittenMaxLenRaised
            } else {
                ChangeKind::WrittenMaxLenLowered
            },
            raised,
            service,
            key,
            format!(
                "`{service}` writes `{key}` with {} instead of {}{}",
                max_len(after.max_len()),
                max_len(before.max_len()),
                if raised {
                    "; breaks the services whose `max_len` for it is lower (raise theirs first)"
                } else {
                    ""
                }
            ),
        ));
    }
    match (before.is_internal(), after.is_internal()) {
        (false, true) => changes.push(Change::new(
            ChangeKind::MadeInternal,
            true,
            service,
            key,
            format!(
                "`{service}` marks `{key}` internal: it is stripped before external services; \
                 breaks an external service that requires it (make it optional there first)"
            ),
        )),
        (true, false) => changes.push(Change::new(
            ChangeKind::NoLongerInternal,
            false,
            service,
            key,
            format!(
                "`{service}` no longer marks `{key}` internal: it now reaches external services \
                 too"
            ),
        )),
        _ => {}
    }
}

fn read_changes(
    service: &str,
    old: &BTreeMap<&str, &MemberContract>,
    new: &BTreeMap<&str, &MemberContract>,
    changes: &mut Vec<Change>,
) {
    for (key, before) in old {
        if let Some(after) = new.get(key) {
            compare_read(service, key, before, after, changes);
            continue;
        }
        match same_field(before, new).filter(|m| !old.contains_key(m.key())) {
            Some(renamed) => {
                let keeps_old_key = renamed.keys().any(|k| k == *key);
                changes.push(match keeps_old_key {
                    true => Change::new(
                        ChangeKind::ReadKeyRenamed,
                        false,
                        service,
                        key,
                        format!(
                            "`{service}` reads `{}` as `{}` now, and `{key}` as its alias",
                            before.field(),
                            renamed.key()
                        ),
                    ),
                    false => Change::new(
                        ChangeKind::ReadKeyRenamed,
                        true,
                        service,
                        key,
                        format!(
                            "`{service}` reads `{}` as `{}` now and no longer reads `{key}`; \
                             breaks the services that write `{key}` (add \
                             `#[baggage(alias = \"{key}\")]` to keep reading it)",
                            before.field(),
                            renamed.key()
                        ),
                    ),
                });
                compare_read(service, renamed.key(), before, renamed, changes);
            }
            None => changes.push(Change::new(
                ChangeKind::ReadKeyRemoved,
                false,
                service,
                key,
                format!("`{service}` no longer reads `{key}`"),
            )),
        }
    }
    for (key, after) in new {
        if old.contains_key(key) || is_renamed(after, old, new) {
            continue;
        }
        changes.push(match after.is_required() {
            true => Change::new(
                ChangeKind::ReadKeyRequired,
                true,
                service,
                key,
                format!(
                    "`{service}` requires `{key}` now: a request without it fails to decode; \
                     breaks every path on which no service writes it (run `check` on the fleet \
                     first)"
                ),
            ),
            false => Change::new(
                ChangeKind::ReadKeyOptional,
                false,
                service,
                key,
                format!("`{service}` reads `{key}` (optional) now"),
            ),
        });
    }
}

/// The changes of one read field, `key` being its key now.
fn compare_read(
    service: &str,
    key: &str,
    before: &MemberContract,
    after: &MemberContract,
    changes: &mut Vec<Change>,
) {
    match (before.is_required(), after.is_required()) {
        (false, true) => changes.push(Change::new(
            ChangeKind::ReadKeyRequired,
            true,
            service,
            key,
            format!(
                "`{service}` requires `{key}` now: a request without it fails to decode; breaks \
                 every path on which no service writes it (run `check` on the fleet first)"
            ),
        )),
        (true, false) => changes.push(Change::new(
            ChangeKind::ReadKeyOptional,
            false,
            service,
            key,
            format!("`{service}` reads `{key}` as optional now"),
        )),
        _ => {}
    }
    for alias in before.aliases() {
        if !after.keys().any(|k| k == alias) {
            changes.push(Change::new(
                ChangeKind::AliasRemoved,
                true,
                service,
                key,
                format!(
                    "`{service}` no longer reads `{key}` from `{alias}`; breaks the services \
                     that still write `{alias}` (move them to `{key}` first)"
                ),
            ));
        }
    }
    for alias in after.aliases() {
        if !before.keys().any(|k| k == alias) {
            changes.push(Change::new(
                ChangeKind::AliasAdded,
                false,
                service,
                key,
                format!("`{service}` also reads `{key}` from `{alias}` now"),
            ));
        }
    }
    if before.value_type() != after.value_type() {
        changes.push(read_type_change(
            service,
            key,
            before.value_type(),
            after.value_type(),
        ));
    }
    if let Some(raised) = max_len_raised(before, after) {
        let lowered = !raised;
        changes.push(Change::new(
            if lowered {
                ChangeKind::ReadMaxLenLowered
            } else {
                ChangeKind::ReadMaxLenRaised
            },
            lowered,
            service,
            key,
            format!(
                "`{service}` reads `{key}` with {} instead of {}{}",
                max_len(after.max_len()),
                max_len(before.max_len()),
                if lowered {
                    "; breaks the services that write longer values (lower theirs first)"
                } else {
                    ""
                }
            ),
        ));
    }
}

fn read_type_change(service: &str, key: &str, before: &ValueType, after: &ValueType) -> Change {
    let removed: Vec<&str> = match (before, after) {
        (ValueType::Enum { variants: old, .. }, ValueType::Enum { .. }) => old
            .iter()
            .filter(|variant| !accepts_text(after, variant))
            .map(String::as_str)
            .collect(),
        _ => Vec::new(),
    };
    if !removed.is_empty() {
        return Change::new(
            ChangeKind::VariantRemoved,
            true,
            service,
            key,
            format!(
                "`{service}` reads `{key}` as {after} without {}, and no catch-all reads {}; \
                 breaks the services that write {} (stop writing {} first)",
                quoted(&removed),
                if removed.len() == 1 { "it" } else { "them" },
                if removed.len() == 1 { "it" } else { "them" },
                if removed.len() == 1 { "it" } else { "them" },
            ),
        );
    }
    match accepts_within(before, after) {
        Compat::Accepts => Change::new(
            ChangeKind::ReadTypeWidened,
            false,
            service,
            key,
            format!("`{service}` reads `{key}` as {after} instead of {before}: it accepts more"),
        ),
        Compat::Refuses(why) | Compat::Unknown(why) => Change::new(
            ChangeKind::ReadTypeNarrowed,
            true,
            service,
            key,
            format!(
                "`{service}` reads `{key}` as {after} instead of {before}, which refuses some of \
                 what it accepted ({why}); breaks the services that write `{key}` as {before} \
                 (narrow them first)"
            ),
        ),
    }
}

/// Whether the field's `max_len` went up (or away: `true`) or down (or appeared: `false`);
/// `None` when it did not change.
fn max_len_raised(before: &MemberContract, after: &MemberContract) -> Option<bool> {
    match (before.max_len(), after.max_len()) {
        (old, new) if old == new => None,
        (Some(old), Some(new)) => Some(new > old),
        (Some(_), None) => Some(true),
        (None, _) => Some(false),
    }
}

fn max_len(max_len: Option<usize>) -> String {
    match max_len {
        Some(len) => format!("`max_len = {len}`"),
        None => "no `max_len`".to_owned(),
    }
}
