//! Allocation counts of the typed fast paths, measured with a counting allocator. Counts are
//! stable where timings are not, so these are the performance tests that run in CI.

use std::alloc::{GlobalAlloc, Layout, System};
use std::borrow::Cow;
use std::cell::Cell;

use baggage::{Baggage, BaggageValue, BorrowBaggage, StringBaggage};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: defers to the system allocator; only counts calls on the current thread.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        BYTES.with(|bytes| bytes.set(bytes.get() + layout.size()));
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        BYTES.with(|bytes| bytes.set(bytes.get() + new_size));
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The allocations `f` makes on this thread, and its result.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = f();
    let after = ALLOCATIONS.with(Cell::get);
    (after - before, result)
}

/// The bytes `f` allocates on this thread, and its result.
fn allocated_bytes<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = BYTES.with(Cell::get);
    let result = f();
    let after = BYTES.with(Cell::get);
    (after - before, result)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Tier {
    Free,
    Premium,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, BaggageValue)]
enum Priority {
    Low,
    Normal,
    High,
}

#[derive(Debug, PartialEq, Baggage)]
struct Scalars {
    user_id: u64,
    tenant_id: u32,
    user_tier: Tier,
    priority: Priority,
    is_premium: bool,
    fraud_score: f64,
    #[baggage(default)]
    retries: Option<u8>,
}

#[derive(Debug, PartialEq, Baggage)]
struct WithStrings {
    user_id: u64,
    region: String,
    features: Vec<String>,
    client_version: String,
}

const SCALARS: &str = "user_id=12345,tenant_id=42,user_tier=premium,priority=high,is_premium=true,\
                       fraud_score=0.25,unknown=x%20y,other=1";

#[test]
fn decoding_integers_bools_floats_and_enums_allocates_nothing() {
    // A first call warms up anything lazily initialised by the test harness.
    let _ = Scalars::from_header(SCALARS);
    let (count, read) = allocations(|| Scalars::from_header(SCALARS));
    assert_eq!(read.unwrap().user_id, 12345);
    assert_eq!(count, 0);
}

#[test]
fn each_string_costs_its_own_allocation() {
    let header = "user_id=1,region=us-west,features=a,client_version=2.1.4";
    let (count, read) = allocations(|| WithStrings::from_header(header));
    let read = read.unwrap();
    assert_eq!(read.features, ["a"]);
    // region, client_version, the features Vec and its one item.
    assert_eq!(count, 4);
}

#[test]
fn an_escaped_string_is_decoded_into_its_own_allocation() {
    let header = "user_id=1,region=us%20west,features=,client_version=2.1.4";
    let (count, read) = allocations(|| WithStrings::from_header(header));
    assert_eq!(read.unwrap().region, "us west");
    // region (decoded once, then kept), client_version; an empty list allocates nothing.
    assert_eq!(count, 2);
}

#[test]
fn an_escaped_list_costs_its_vec_and_its_items_only() {
    let header = "user_id=1,region=eu,features=new_checkout%2Cdark_mode%2Cbeta,client_version=2";
    let (count, read) = allocations(|| WithStrings::from_header(header));
    assert_eq!(
        read.unwrap().features,
        ["new_checkout", "dark_mode", "beta"]
    );
    // region, client_version, the Vec and its three items: the list is split on the wire, so
    // its decoded value is never built.
    assert_eq!(count, 2 + 1 + 3);
}

#[derive(Debug, PartialEq, Baggage)]
struct Borrowed<'h> {
    user_id: u64,
    region: Cow<'h, str>,
    features: Vec<Cow<'h, str>>,
    client_version: Option<Cow<'h, str>>,
}

#[test]
fn borrowed_text_fields_allocate_only_the_list() {
    let header = "user_id=1,region=eu,features=new_checkout%2Cdark_mode%2Cbeta,client_version=2";
    let (count, read) = allocations(|| Borrowed::from_header_borrowed(header));
    let read = read.unwrap();
    assert!(matches!(read.region, Cow::Borrowed("eu")));
    assert!(read
        .features
        .iter()
        .all(|item| matches!(item, Cow::Borrowed(_))));
    assert!(matches!(read.client_version, Some(Cow::Borrowed("2"))));
    // The Vec; every text borrows from the header.
    assert_eq!(count, 1);
}

#[test]
fn a_borrowed_field_with_escapes_owns_its_decoded_text() {
    let header = "user_id=1,region=us%20west,features=";
    let (count, read) = allocations(|| Borrowed::from_header_borrowed(header));
    let read = read.unwrap();
    assert!(matches!(&read.region, Cow::Owned(region) if region == "us west"));
    assert!(read.features.is_empty());
    assert_eq!(read.client_version, None);
    assert_eq!(count, 1);
}

#[test]
fn to_header_allocates_once() {
    let scalars = Scalars::from_header(SCALARS).unwrap();
    let (count, header) = allocations(|| scalars.to_header());
    assert_eq!(
        header.unwrap(),
        "user_id=12345,tenant_id=42,user_tier=premium,priority=high,is_premium=true,fraud_score=0.25"
    );
    assert_eq!(count, 1);

    let strings = WithStrings {
        user_id: 1,
        region: "us-west".into(),
        features: vec!["a".into(), "b".into()],
        client_version: "2.1.4".into(),
    };
    let (count, header) = allocations(|| strings.to_header());
    assert_eq!(
        header.unwrap(),
        "user_id=1,region=us-west,features=a%2Cb,client_version=2.1.4"
    );
    // The buffer alone: the value that needed escapes is escaped in place.
    assert_eq!(count, 1);
}

// Resource bounds: parsing cost is bounded by the limits, not by what a peer sends.

#[test]
fn a_one_mebibyte_header_is_refused_or_cut_without_allocating_past_the_limit() {
    let header = format!(
        "user_id=1,{}",
        "x=yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy,".repeat(24_000)
    );
    assert!(header.len() > 1 << 20);

    let (count, strict) = allocations(|| StringBaggage::parse(&header));
    assert!(strict.is_err());
    assert_eq!(
        count, 0,
        "a strict refusal reads nothing and allocates nothing"
    );

    let (bytes, (baggage, errors)) = allocated_bytes(|| StringBaggage::parse_lenient(&header));
    assert_eq!(baggage.len(), 180);
    assert_eq!(errors.len(), 1);
    // 180 members of 72 bytes with their growth, and one error: well under 64 KiB.
    assert!(bytes < 64 * 1024, "{bytes} bytes");

    let (bytes, typed) = allocated_bytes(|| Scalars::from_header(&header));
    assert!(typed.is_err());
    assert!(bytes < 1024, "{bytes} bytes");
}

#[test]
fn a_hundred_thousand_members_are_cut_at_the_member_limit() {
    let header = "a=1,".repeat(100_000);
    let (bytes, (baggage, errors)) = allocated_bytes(|| StringBaggage::parse_lenient(&header));
    assert_eq!(baggage.len(), 180);
    assert_eq!(errors.len(), 1);
    assert!(bytes < 64 * 1024, "{bytes} bytes");
}

/// The allocations of the tower server layer on one request carrying the typical header: what
/// each step costs, so that a change that adds one shows here.
#[cfg(feature = "tower")]
mod server_layer {
    use std::convert::Infallible;
    use std::future::Ready;
    use std::task::{Context, Poll};

    use baggage::http::TypedBaggage;
    use baggage::policy::trust::TrustPolicy;
    use baggage::tower::{ClientBaggageLayer, ServerBaggageLayer};
    use baggage::Baggage;
    use tower::{Layer, Service};

    use super::{allocations, Tier};

    #[derive(Debug, Clone, PartialEq, Baggage)]
    struct Context8 {
        user_id: u64,
        user_tier: Tier,
        region: String,
        #[baggage(default)]
        client_version: String,
    }

    const HEADER: &str = "user_id=12345,user_tier=premium,region=us-west,client_version=2.1.4,\
                          vendor.a=1,vendor.b=2,vendor.c=3,vendor.d=4";

    /// Hands the request back, so that the test drops it outside the count.
    struct Echo;

    impl Service<http::Request<()>> for Echo {
        type Response = http::Request<()>;
        type Error = Infallible;
        type Future = Ready<Result<Self::Response, Infallible>>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, request: http::Request<()>) -> Self::Future {
            std::future::ready(Ok(request))
        }
    }

    fn count(policy: TrustPolicy) -> usize {
        let mut service = ServerBaggageLayer::<Context8>::new(policy).layer(Echo);
        let request = || {
            let mut request = http::Request::new(());
            request
                .headers_mut()
                .insert("baggage", http::HeaderValue::from_static(HEADER));
            request
        };
        // The first call fills lazily built state; count the second.
        drop(service.call(request()));
        let request = request();
        let (count, echoed) = allocations(|| service.call(request));
        drop(echoed);
        count
    }

    /// Trusted, nothing dropped, the header left as it came: the member list (grown twice to
    /// 8), one copy of each member's text (8), the struct's two strings, and the extensions
    /// (their map, the struct, the inbound record). It was 35 when an owned member held three
    /// copies of its text and the header was rewritten whatever was dropped.
    #[test]
    fn a_trusted_request_allocates_for_its_members_and_its_struct_only() {
        assert_eq!(count(TrustPolicy::Trusted), 16);
    }

    /// An allow list keeping `client_version`: the 7 members it drops are each recorded (7),
    /// in a list that grows (3 times, to 8); the struct does not decode (its error: 1), and the
    /// header is rewritten (1: the text, which the header value takes as it is). Nothing for
    /// the policy itself, which is read in place rather than cloned for every request. It was
    /// 44 before owned members kept one copy of their text.
    #[test]
    fn an_allow_list_allocates_for_what_it_drops_too() {
        let policy = TrustPolicy::allow_keys(Context8::SCHEMA, &["client_version"]).unwrap();
        assert_eq!(count(policy), 25);
    }

    /// The allocations of the client layer writing `context` into a request that carries
    /// the 8-member header, and the header it sent.
    fn client_count(context: &Context8, trusted: bool) -> (usize, http::HeaderValue) {
        let mut service = ClientBaggageLayer::<Context8>::new(move |_| trusted).layer(Echo);
        let request = || {
            let mut request = http::Request::new(());
            request
                .headers_mut()
                .insert("baggage", http::HeaderValue::from_static(HEADER));
            TypedBaggage::insert_into(context.clone(), request.extensions_mut());
            request
        };
        drop(service.call(request()));
        let request = request();
        let (count, sent) = allocations(|| service.call(request));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let sent = runtime.block_on(sent).unwrap();
        (count, sent.headers()["baggage"].clone())
    }

    /// The client layer writing the struct into a request that carries the 8-member header,
    /// read in place: its member list (2); `write_to` writes the struct (1), reads it back
    /// (1), stages a copy of the baggage (1) and adds each of the 4 members as one copy of its
    /// text (4, and the list grows once: 1); the header (1, taken by the header value as it
    /// is). It was 22 when the layer copied every inbound member and each member was inserted
    /// as a copy of its key and of its value, into a new list each time.
    #[test]
    fn the_client_layer_reads_the_inbound_header_in_place() {
        let context = Context8 {
            user_id: 7,
            user_tier: Tier::Free,
            region: "eu".into(),
            client_version: "3".into(),
        };
        let (count, sent) = client_count(&context, false);
        assert_eq!(
            sent,
            "user_id=7,user_tier=free,region=eu,client_version=3,vendor.a=1,vendor.b=2,\
             vendor.c=3,vendor.d=4"
        );
        assert_eq!(count, 11);
    }

    /// A struct the header already carries, to a trusted destination: the member list (2),
    /// `write_to` writes the struct (1) and reads it back (1) to see that, the header is
    /// written out (1) to be compared, and left as it is.
    #[test]
    fn a_struct_the_header_already_says_changes_nothing() {
        let context = Context8 {
            user_id: 12345,
            user_tier: Tier::Premium,
            region: "us-west".into(),
            client_version: "2.1.4".into(),
        };
        let (count, sent) = client_count(&context, true);
        assert_eq!(sent, HEADER);
        assert_eq!(count, 5);
    }
}
