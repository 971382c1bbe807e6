//! The Python and JavaScript OpenTelemetry SDKs as real peers: what each writes, this crate
//! reads; what this crate writes, each reads; and a chain SDK → this crate → SDK that must
//! deliver every member the first SDK wrote. Generated member sets (10,000 per SDK and
//! direction) and typed values written as each language writes them.
//!
//! Every difference must fall in a documented class (the compatibility table of `baggage::otel`);
//! a difference of no class fails the test. The SDKs are installed at pinned versions by
//! `scripts/sdk-peers/install.sh` into the target folder (`.ci/run` runs it first); if they
//! cannot be installed, the test fails.
#![cfg(feature = "derive")]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use baggage::{Baggage, BaggageValue, StringBaggage};
use serde_json::{json, Value};

const SETS: usize = 10_000;
const TYPED: usize = 2_000;

// ----- the peers ------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sdk {
    Python,
    JavaScript,
}

fn peers_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sdk-peers")
}

fn scripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/sdk-peers")
}

/// Installs the SDKs once per run (the script does nothing when they are there); fails loudly.
fn install() {
    static INSTALLED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let installed = INSTALLED.get_or_init(|| {
        let output = Command::new("bash")
            .arg(scripts().join("install.sh"))
            .arg(peers_dir())
            .output()
            .map_err(|error| format!("bash does not run: {error}"))?;
        match output.status.success() {
            true => Ok(()),
            false => Err(format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )),
        }
    });
    if let Err(output) = installed {
        panic!("the SDK peers could not be installed:\n{output}");
    }
}

/// Sends every request to a fresh peer process, one JSON line each, and returns its answers.
fn ask(sdk: Sdk, requests: &[Value]) -> Vec<Value> {
    install();
    let mut command = match sdk {
        Sdk::Python => {
            let mut command = Command::new("python3");
            command
                .arg(scripts().join("peer.py"))
                .env("PYTHONPATH", peers_dir().join("python"));
            command
        }
        Sdk::JavaScript => {
            let mut command = Command::new("node");
            command
                .arg(scripts().join("peer.js"))
                .env("NODE_PATH", peers_dir().join("node/node_modules"));
            command
        }
    };
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("{sdk:?} peer does not start: {error}"));
    let mut input = String::new();
    for request in requests {
        input.push_str(&request.to_string());
        input.push('\n');
    }
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("the peer runs");
    writer
        .join()
        .expect("the writer thread")
        .expect("the peer reads its requests");
    assert!(
        output.status.success(),
        "{sdk:?} peer failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON answer a line"))
        .collect();
    assert_eq!(
        answers.len(),
        requests.len(),
        "{sdk:?} answered every request"
    );
    answers
}

fn injected(answer: &Value) -> Option<String> {
    answer["header"].as_str().map(str::to_owned)
}

fn extracted(answer: &Value) -> BTreeMap<String, String> {
    answer["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().expect("key").to_owned(),
                pair[1].as_str().expect("value").to_owned(),
            )
        })
        .collect()
}

// ----- generated member sets ------------------------------------------------------------------

/// A small, seeded generator: the same sets on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const KEY_PLAIN: &[char] = &[
    'a', 'b', 'c', 'k', 'u', 'x', 'z', '0', '1', '7', '_', '.', '-', 'A', 'Q',
];
/// Token characters other SDKs encode or decode in keys.
const KEY_SPECIAL: &[char] = &['!', '#', '$', '&', '\'', '*', '+', '^', '`', '|', '~'];
const VALUE_CHARS: &[char] = &[
    'a', 'b', 'z', 'Q', '0', '9', '-', '_', '.', '~', ' ', '+', '=', '%', ',', ';', '"', '\\', '/',
    ':', '!', '*', '\'', '(', '\t', 'é', '€', '😀', '中',
];

fn key(rng: &mut Rng) -> String {
    let len = 1 + rng.below(10);
    let mut key: String = (0..len).map(|_| rng.pick(KEY_PLAIN)).collect();
    if rng.below(5) == 0 {
        key.insert(rng.below(key.len() + 1), rng.pick(KEY_SPECIAL));
    }
    if rng.below(100) == 0 {
        // A key with a percent escape, which some SDKs decode.
        key.push_str("%41");
    }
    key
}

fn value(rng: &mut Rng) -> String {
    if rng.below(20) == 0 {
        return String::new();
    }
    let len = 1 + rng.below(12);
    (0..len).map(|_| rng.pick(VALUE_CHARS)).collect()
}

fn member_sets(seed: u64) -> Vec<Vec<(String, String)>> {
    let mut rng = Rng(seed);
    (0..SETS)
        .map(|_| {
            let mut keys = BTreeSet::new();
            let count = 1 + rng.below(5);
            let mut set = Vec::new();
            while set.len() < count {
                let key = key(&mut rng);
                // Distinct even as the SDKs decode keys, so that no member hides another.
                if keys.insert(key.to_ascii_lowercase().replace("%41", "a")) {
                    set.push((key, value(&mut rng)));
                }
            }
            set
        })
        .collect()
}

// ----- what each SDK does to keys and values, by its documented class --------------------------

/// Python's `quote_plus`: only `A-Z a-z 0-9 _ . - ~` raw, a space as `+`.
fn quote_plus(text: &str) -> String {
    encode_except(text, |b| b.is_ascii_alphanumeric() || b"_.-~".contains(&b))
}

/// JavaScript's `encodeURIComponent`: `A-Z a-z 0-9 - _ . ! ~ * ' ( )` raw.
fn encode_uri_component(text: &str) -> String {
    encode_except(text, |b| {
        b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b)
    })
}

fn encode_except(text: &str, raw: impl Fn(u8) -> bool) -> String {
    let mut out = String::new();
    for &byte in text.as_bytes() {
        if raw(byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Python's `unquote_plus` on a token (valid escapes decoded, `+` a space).
fn unquote_plus(text: &str) -> String {
    percent_decode(&text.replace('+', " "))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The classes of difference a test met, counted; an unknown one is a failure.
#[derive(Default)]
struct Differences {
    classes: BTreeMap<&'static str, usize>,
    unknown: Vec<String>,
}

impl Differences {
    fn class(&mut self, name: &'static str) {
        *self.classes.entry(name).or_default() += 1;
    }

    fn unknown(&mut self, what: String) {
        if self.unknown.len() < 20 {
            self.unknown.push(what);
        }
    }

    fn check(self, what: &str, allowed: &[&str]) {
        println!("{what}: {:?}", self.classes);
        assert!(
            self.unknown.is_empty(),
            "{what}: differences of no documented class:\n{}",
            self.unknown.join("\n")
        );
        for class in self.classes.keys() {
            assert!(
                allowed.contains(class),
                "{what}: class {class} is not documented here"
            );
        }
    }
}

// ----- what an SDK writes, this crate reads -----------------------------------------------------

fn sdk_writes_this_crate_reads(sdk: Sdk, seed: u64) -> Differences {
    let sets = member_sets(seed);
    let requests: Vec<Value> = sets
        .iter()
        .map(|set| json!({"op": "inject", "members": set}))
        .collect();
    let answers = ask(sdk, &requests);
    let mut differences = Differences::default();
    for (set, answer) in sets.iter().zip(&answers) {
        let Some(header) = injected(answer) else {
            differences.unknown(format!("{set:?}: no header"));
            continue;
        };
        let (read, errors) = StringBaggage::parse_lenient(&header);
        if !errors.is_empty() {
            differences.unknown(format!("{header}: {errors:?}"));
        }
        for (key, value) in set {
            let (wire_key, key_class) = match sdk {
                Sdk::Python => (quote_plus(key), "python-encodes-keys"),
                Sdk::JavaScript => (encode_uri_component(key), "js-encodes-keys"),
            };
            if wire_key != *key {
                differences.class(key_class);
            }
            let Some(got) = read.get(&wire_key) else {
                differences.unknown(format!("{header}: `{key}` missing"));
                continue;
            };
            if got == value {
                continue;
            }
            match sdk {
                // The spec reads `+` as a plus; Python writes a space as `+`.
                Sdk::Python if got == value.replace(' ', "+") => {
                    differences.class("python-writes-space-as-plus")
                }
                _ => differences.unknown(format!("{header}: `{key}` = {got:?}, not {value:?}")),
            }
        }
    }
    differences
}

#[test]
fn python_writes_and_this_crate_reads() {
    sdk_writes_this_crate_reads(Sdk::Python, 1).check(
        "python → this crate",
        &["python-encodes-keys", "python-writes-space-as-plus"],
    );
}

#[test]
fn javascript_writes_and_this_crate_reads() {
    sdk_writes_this_crate_reads(Sdk::JavaScript, 2)
        .check("javascript → this crate", &["js-encodes-keys"]);
}

// ----- what this crate writes, an SDK reads -----------------------------------------------------

fn this_crate_writes_sdk_reads(sdk: Sdk, seed: u64) -> Differences {
    let sets = member_sets(seed);
    let headers: Vec<String> = sets
        .iter()
        .map(|set| {
            let mut baggage = StringBaggage::new();
            for (key, value) in set {
                baggage
                    .insert(key.clone(), value.clone())
                    .expect("a token key");
            }
            baggage.to_header()
        })
        .collect();
    let requests: Vec<Value> = headers
        .iter()
        .map(|header| json!({"op": "extract", "header": header}))
        .collect();
    let answers = ask(sdk, &requests);
    let mut differences = Differences::default();
    for ((set, header), answer) in sets.iter().zip(&headers).zip(&answers) {
        let read = extracted(answer);
        if read.len() > set.len() {
            differences.unknown(format!("{header}: more members than sent: {read:?}"));
        }
        for (key, value) in set {
            let sdk_key = match sdk {
                // Decoded (`+` a space), then stripped.
                Sdk::Python => unquote_plus(key).trim_matches(' ').to_owned(),
                Sdk::JavaScript => percent_decode(key),
            };
            if sdk_key != *key {
                differences.class(match sdk {
                    Sdk::Python => "python-decodes-keys",
                    Sdk::JavaScript => "js-decodes-keys",
                });
            }
            let got = read.get(&sdk_key);
            match (sdk, got) {
                (_, Some(got)) if got == value => {}
                // Python strips decoded values; the spec trims only around the encoded value.
                (Sdk::Python, Some(got)) if got == value.trim_matches([' ', '\t']) => {
                    differences.class("python-strips-values")
                }
                (Sdk::JavaScript, None) if value.is_empty() => {
                    differences.class("js-drops-empty-values")
                }
                _ => differences.unknown(format!("{header}: `{key}` = {got:?}, not {value:?}")),
            }
        }
    }
    differences
}

#[test]
fn this_crate_writes_and_python_reads() {
    this_crate_writes_sdk_reads(Sdk::Python, 3).check(
        "this crate → python",
        &["python-decodes-keys", "python-strips-values"],
    );
}

#[test]
fn this_crate_writes_and_javascript_reads() {
    this_crate_writes_sdk_reads(Sdk::JavaScript, 4).check(
        "this crate → javascript",
        &["js-decodes-keys", "js-drops-empty-values"],
    );
}

// ----- SDK → this crate → SDK -------------------------------------------------------------------

/// A hop of this crate between two services of one SDK delivers exactly what the SDK would
/// have delivered to itself, and the member the hop added.
fn three_hops(sdk: Sdk, seed: u64) {
    let sets = member_sets(seed);
    let requests: Vec<Value> = sets
        .iter()
        .map(|set| json!({"op": "inject", "members": set}))
        .collect();
    let headers: Vec<String> = ask(sdk, &requests)
        .iter()
        .map(|answer| injected(answer).expect("a header for a set of members"))
        .collect();
    let mut requests: Vec<Value> = Vec::new();
    for header in &headers {
        // The SDK reading its own header: what the chain must deliver.
        requests.push(json!({"op": "extract", "header": header}));
        // This crate in the middle: everything passed on, one member added.
        let (mut baggage, errors) = StringBaggage::parse_lenient(header);
        assert!(errors.is_empty(), "{header}: {errors:?}");
        baggage.insert("hop", "rust").expect("room for one member");
        requests.push(json!({"op": "extract", "header": baggage.to_header()}));
    }
    let answers = ask(sdk, &requests);
    for (header, pair) in headers.iter().zip(answers.chunks(2)) {
        let mut direct = extracted(&pair[0]);
        direct.insert("hop".into(), "rust".into());
        assert_eq!(
            extracted(&pair[1]),
            direct,
            "{sdk:?}, through this crate: {header}"
        );
    }
}

#[test]
fn python_to_this_crate_to_python_delivers_every_member() {
    three_hops(Sdk::Python, 5);
}

#[test]
fn javascript_to_this_crate_to_javascript_delivers_every_member() {
    three_hops(Sdk::JavaScript, 6);
}

// ----- typed values, written as each language writes them ---------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, BaggageValue)]
enum Tier {
    Free,
    Premium,
    Enterprise,
}

#[derive(Debug, PartialEq, Baggage)]
struct Typed {
    user_id: u64,
    offset: i64,
    ratio: f64,
    is_beta: bool,
    user_tier: Tier,
    features: Vec<String>,
    region: String,
}

const RATIOS: &[f64] = &[
    0.1,
    0.5,
    1.0,
    -2.25,
    1e-7,
    123.456,
    1e16,
    1e21,
    3.0e-300,
    1.7976931348623157e308,
    0.0,
];
const WORDS: &[&str] = &[
    "dark_mode",
    "beta",
    "new checkout",
    "x+y",
    "ünïcode",
    "a=b",
    "50%",
];

fn typed_values(seed: u64) -> Vec<Typed> {
    let mut rng = Rng(seed);
    (0..TYPED)
        .map(|_| Typed {
            // Within 2^53: a JavaScript number holds it exactly.
            user_id: rng.next() >> 11,
            offset: (rng.next() >> 11) as i64 - (1 << 52),
            ratio: rng.pick(RATIOS),
            is_beta: rng.below(2) == 0,
            user_tier: rng.pick(&[Tier::Free, Tier::Premium, Tier::Enterprise]),
            features: (0..rng.below(4))
                .map(|_| rng.pick(WORDS).to_owned())
                .collect(),
            region: rng.pick(WORDS).to_owned(),
        })
        .collect()
}

fn typed_sdk_writes(sdk: Sdk, seed: u64) -> Differences {
    let values = typed_values(seed);
    let requests: Vec<Value> = values
        .iter()
        .map(|value| {
            let tier = match value.user_tier {
                Tier::Free => "free",
                Tier::Premium => "premium",
                Tier::Enterprise => "enterprise",
            };
            json!({"op": "typed", "values": {
                "user_id": value.user_id,
                "offset": value.offset,
                "ratio": value.ratio,
                "is_beta": value.is_beta,
                "user_tier": tier,
                "features": value.features,
                "region": value.region,
            }})
        })
        .collect();
    let answers = ask(sdk, &requests);
    let mut differences = Differences::default();
    for (value, answer) in values.iter().zip(&answers) {
        let header = injected(answer).expect("a header");
        let read = match Typed::from_header(&header) {
            Ok(read) => read,
            Err(error) => {
                differences.unknown(format!("{header}: {error}"));
                continue;
            }
        };
        if read == *value {
            continue;
        }
        // Python writes each space as `+`, which the spec reads as a plus.
        let plus = |text: &String| text.replace(' ', "+");
        let as_python = Typed {
            user_id: value.user_id,
            offset: value.offset,
            ratio: value.ratio,
            is_beta: value.is_beta,
            user_tier: value.user_tier,
            features: value.features.iter().map(plus).collect(),
            region: plus(&value.region),
        };
        match sdk {
            Sdk::Python if read == as_python => differences.class("python-writes-space-as-plus"),
            _ => differences.unknown(format!("{header}: read {read:?}, wrote {value:?}")),
        }
    }
    differences
}

#[test]
fn typed_values_python_writes_read_as_they_were() {
    // `str(True)` is `True`, `str(1e16)` is `1e+16`: both read back.
    typed_sdk_writes(Sdk::Python, 7)
        .check("python str() → typed", &["python-writes-space-as-plus"]);
}

#[test]
fn typed_values_javascript_writes_read_as_they_were() {
    typed_sdk_writes(Sdk::JavaScript, 8).check("javascript String() → typed", &[]);
}
