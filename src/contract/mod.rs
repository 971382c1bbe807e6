//! Fleet contracts: what every service writes, checked against what every other reads.
//!
//! Each derived struct knows its keys, types, required fields, enum variants, sizes and
//! `internal` marks. A [`Service`] records which structs one service reads (what it depends on)
//! and writes (what it produces); [`check`] compares a whole fleet, and [`diff`] says what a new
//! version of one service breaks. The `baggage-contract` command runs both on committed JSON
//! manifests, for CI.
//!
//! ```
//! use baggage::contract::{check, FindingKind, Service};
//! use baggage::{Baggage, BaggageValue};
//!
//! #[derive(BaggageValue)]
//! enum Priority { Low, High }
//!
//! #[derive(Baggage)]
//! struct GatewayContext { user_id: u64, priority: String }
//!
//! #[derive(Baggage)]
//! struct OrderContext { user_id: u64, priority: Priority }
//!
//! let fleet = [
//!     Service::new("gateway").writes::<GatewayContext>(),
//!     Service::new("orders").reads::<OrderContext>(),
//! ];
//! let report = check(&fleet);
//! let conflict = report.of_kind(FindingKind::TypeConflict).next().unwrap();
//! assert_eq!(conflict.keys(), ["priority"]);
//! assert!(conflict.message().starts_with(
//!     "`gateway` (GatewayContext.priority: String) writes `priority` as text, which `orders` \
//!      (OrderContext.priority: Priority) reads as enum `Priority`"
//! ));
//! ```
//!
//! # The manifest
//!
//! [`Service::to_json`] writes format 1: `format`, `service`, `external`, `from_outside` (keys
//! that enter from outside the fleet), then `reads` and `writes`, each a list of structs
//! (`name`, `budget`, `members`). A member has `key`, `field`, `rust_type`, `type` (below),
//! `required`, and when they apply `max_len`, `max_encoded_len`, `internal`, `aliases`,
//! `allow_pii` and `doc`. Structs are sorted by name and members by key, so a change is a small
//! diff in review. A `type` is an object with a `kind`: `integer` (`signed`, `bits`, `nonzero`),
//! `float` (`bits`), `bool`, `char`, `text`, `enum` (`name`, `variants`, `catch_all`: `none`,
//! `unit` or `holds`), `list` (`item`), `format` (`format`: `uuid`, `datetime`, `duration`,
//! `ip`, `ipv4`, `ipv6`, `socket`, `socketv4`, `socketv6`) or `opaque` (`rust_type`: a
//! hand-written `BaggageValue` or a `with` module). A manifest with another `format` is refused.
//!
//! # Finding kinds
//!
//! | kind | severity | reported when |
//! |---|---|---|
//! | `missing-writer` | error | a service requires a key (or all its aliases) that no other service writes and none declares [`from_outside`](Service::from_outside) |
//! | `maybe-missing` | error | a service requires a key that every other service writing it may leave out (an `Option` field) |
//! | `type-conflict` | error | a writer may write a value the reader of that key refuses: another kind (integer and bool), text or an unknown variant into an enum without a catch-all (or whose `Other(T)` does not read it), a list into a scalar or text with `,` into a list, a signed into an unsigned or a wider into a narrower integer, 0 into a `NonZero`, f64 into f32, a longer value than the reader's `max_len` |
//! | `internal-to-external` | error | an [`external`](Service::external) service requires a key a writer marks `internal` (it is stripped before the call) |
//! | `internal-to-external` | warning | an external service reads such a key as optional: it always reads as absent |
//! | `fleet-too-large` | error | all keys written on the fleet, each at its worst, exceed 8192 bytes or 180 members (the W3C limits) |
//! | `duplicate-service` | error | two manifests name the same service |
//! | `fleet-over-guide` | warning | they exceed 1024 bytes (the OpenTelemetry guide's "under 1KB") |
//! | `unread-key` | warning | a key is written that no service reads, by key or alias |
//! | `ambiguous-key` | warning | one key is written from two differently named fields, or as two types neither of which accepts the other |
//! | `split-key` | warning | one field name travels under two keys (two prefixes or renames), one of them read and not written or written and not read, and not every reader reads both (an `alias`) |
//! | `unchecked-type` | warning | an opaque type on one side: only the same Rust type converted by the same `with` module is known to match |
//! | `pii-inventory` | info | a key allowed with `allow_pii`, with its reason |
//!
//! A service's own writes do not satisfy its own reads: what it writes goes to the services it
//! calls, what it reads comes from those that call it. Decisions where two types' compatibility
//! is not obvious: an integer reads as a float (past 2^53 it rounds, as a JSON number does)
//! except a `u128` into an `f32`, whose largest values read as infinite; an enum's names are
//! values of another type when they read as one (`"true"` into a `bool`); an enum read without a
//! catch-all accepts its names in any ASCII case; any value fits text, but a list written into
//! text (or into an enum's catch-all) is refused, because its items would read as one value.
//!
//! The worst case of the fleet is the smaller of two sound bounds: each key at its longest over
//! its writers (`key=` and its longest encoded value, or for an unbounded value its struct's
//! budget), and each written struct at its budget (which encoding enforces) or the sum of its
//! members, whichever is smaller.
//!
//! # Change kinds
//!
//! A change is *breaking* when a service that worked with the old version can fail with the new
//! one: for what the service writes, its readers; for what it reads, its writers. As a schema
//! registry's compatibility modes, writes must stay *forward* compatible and reads *backward*.
//!
//! | kind | breaking | for |
//! |---|---|---|
//! | `written-key-removed`, `written-key-renamed` | yes | services that read the key |
//! | `written-key-added` | no | |
//! | `written-type-widened` (new values, a new enum variant, a wider integer) | yes | services that read the old type |
//! | `written-type-narrowed` | no | |
//! | `written-key-optional` (the field became an `Option`: it may be left out) | yes | services that require it |
//! | `written-key-always` | no | |
//! | `written-max-len-raised` | yes | services with a lower `max_len` |
//! | `written-max-len-lowered` | no | |
//! | `made-internal` | yes | external services that require it |
//! | `no-longer-internal` | no | |
//! | `read-key-required` (optional made required, or a new required key) | yes | paths on which no service writes it |
//! | `read-key-optional` | no | |
//! | `read-key-removed` | no | |
//! | `read-key-renamed` | yes, unless the old key is kept as an `alias` | services that write the old key |
//! | `alias-removed` | yes | services that write the alias |
//! | `alias-added` | no | |
//! | `variant-removed` (from an enum read without a catch-all) | yes | services that write the variant |
//! | `read-type-narrowed` (a narrower integer, a type that accepts less, a catch-all removed) | yes | services that write the old type |
//! | `read-type-widened` | no | |
//! | `read-max-len-lowered` | yes | services that write longer values |
//! | `read-max-len-raised` | no | |
//! | `became-external` | yes | the service itself, where it requires an `internal` key |
//! | `no-longer-external` | no | |
//!
//! A field written or read under a new key is a rename, and its other changes (type, `max_len`,
//! required, aliases) are listed under the new key as well.
//!
//! # Using contracts in CI
//!
//! 1. **Describe each service** in one of its tests, from the structs it uses, and commit the
//!    manifest: [`assert_manifest`] fails when the structs change and the manifest was not
//!    updated (`BAGGAGE_UPDATE_MANIFESTS=1 cargo test` rewrites it, for review).
//!
//!    ```no_run
//!    # use baggage::contract::{assert_manifest, Service};
//!    # #[derive(baggage::Baggage)] struct RequestContext { user_id: u64 }
//!    #[test]
//!    fn manifest_is_current() {
//!        let orders = Service::new("orders").reads::<RequestContext>();
//!        assert_manifest(&orders, "contracts/orders.json");
//!    }
//!    ```
//! 2. **Gather the manifests** of every service in one place CI can read (a shared repository,
//!    or an artifact each service's pipeline publishes), and check the fleet on every change:
//!    `baggage-contract check contracts/*.json` exits 1 when any finding is an error.
//! 3. **Diff a service's new manifest against the one deployed**:
//!    `baggage-contract diff deployed/orders.json contracts/orders.json` exits 1 on a breaking
//!    change. Deploy a breaking change in steps (readers first: an alias, an optional field, a
//!    catch-all), so that each step passes both checks. `--format json` gives either result to
//!    other tools.

mod change;
mod check;
mod compat;
mod diff;
mod manifest;
mod report;
mod value_type;

pub use change::{Change, ChangeKind};
pub use check::{check, GUIDE_FLEET_BYTES, MAX_FLEET_BYTES, MAX_FLEET_MEMBERS};
pub use diff::diff;
pub use manifest::{
    assert_manifest, ManifestError, MemberContract, Service, StructContract, FORMAT,
    UPDATE_VARIABLE,
};
pub use report::{Finding, FindingKind, Report, Severity};
pub use value_type::{CatchAllMode, ValueType};
