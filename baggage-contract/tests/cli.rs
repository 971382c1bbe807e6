//! The command line against the checkout demo's committed manifests: exit codes, the text and
//! JSON outputs, and the messages of a usage error or an unreadable file.

use std::process::{Command, Output};

const DEMO: [&str; 3] = [
    "../examples/checkout/gateway.json",
    "../examples/checkout/orders.json",
    "../examples/checkout/payment.json",
];
const BROKEN_PAYMENT: &str = "../examples/checkout/broken/payment.json";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baggage-contract"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_demo_fleet_passes_with_its_warnings() {
    let output = run(&[&["check"], &DEMO[..]].concat());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(
        text.lines().last(),
        Some("0 errors, 3 warnings, 0 info in 3 services")
    );
    let warnings: Vec<&str> = text.lines().filter(|l| l.starts_with("warning[")).collect();
    assert_eq!(warnings.len(), 3, "{text}");
    // Payment shares `RequestContext`, whose internal shard is stripped before it.
    assert!(
        warnings[0].starts_with("warning[internal-to-external]: `payment` (RequestContext.routing_shard: u16) reads `routing_shard`"),
        "{text}"
    );
    assert!(
        warnings[1].starts_with("warning[unread-key]: `payment` (PaymentContext.challenged: bool)"),
        "{text}"
    );
    assert!(
        warnings[2]
            .starts_with("warning[unread-key]: `payment` (PaymentContext.fraud_score: FraudScore)"),
        "{text}"
    );
}

#[test]
fn a_planted_break_fails_with_the_finding_the_readme_shows() {
    let output = run(&["check", DEMO[0], DEMO[1], BROKEN_PAYMENT]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("error[internal-to-external]: `payment`"),
        "{text}"
    );
    let readme = std::fs::read_to_string("../README.md").unwrap();
    assert!(
        readme.contains(first),
        "the README shows another finding than:\n{first}"
    );
    assert_eq!(
        text.lines().last(),
        Some("1 error, 2 warnings, 0 info in 3 services")
    );
}

#[test]
fn check_speaks_json_for_ci() {
    let output = run(&[
        "check",
        "--format",
        "json",
        DEMO[0],
        DEMO[1],
        BROKEN_PAYMENT,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["errors"], 1);
    assert_eq!(json["warnings"], 2);
    assert_eq!(json["findings"][0]["kind"], "internal-to-external");
    assert_eq!(json["findings"][0]["severity"], "error");
    assert_eq!(
        json["findings"][0]["services"],
        serde_json::json!(["gateway", "payment"])
    );
    assert_eq!(
        json["findings"][0]["keys"],
        serde_json::json!(["routing_shard"])
    );
}

#[test]
fn diff_exits_1_on_a_breaking_change_and_0_otherwise() {
    let breaking = run(&["diff", DEMO[2], BROKEN_PAYMENT]);
    assert_eq!(breaking.status.code(), Some(1));
    let text = stdout(&breaking);
    assert!(
        text.starts_with("breaking[read-key-required]: `payment` requires `routing_shard` now"),
        "{text}"
    );
    assert_eq!(text.lines().last(), Some("1 breaking, 2 compatible"));

    // Back again: making a key optional, and reading two optional keys, is compatible.
    let compatible = run(&["diff", BROKEN_PAYMENT, DEMO[2]]);
    assert_eq!(compatible.status.code(), Some(0), "{}", stdout(&compatible));
    assert!(stdout(&compatible).ends_with("0 breaking, 3 compatible\n"));

    let same = run(&["diff", "--format=json", DEMO[0], DEMO[0]]);
    assert_eq!(same.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&same)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"changes": [], "breaking": 0, "compatible": 0})
    );

    let json = run(&["diff", "--format", "json", DEMO[2], BROKEN_PAYMENT]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(json["breaking"], 1);
    assert_eq!(json["changes"][0]["kind"], "read-key-required");
    assert_eq!(json["changes"][0]["breaking"], true);
    assert_eq!(json["changes"][0]["key"], "routing_shard");
}

#[test]
fn unreadable_files_exit_2_naming_the_file_and_the_problem() {
    let missing = run(&["check", DEMO[0], "no/such.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stdout(&missing).is_empty());
    let message = stderr(&missing);
    assert!(
        message.starts_with("baggage-contract: no/such.json: "),
        "{message}"
    );

    let dir = std::env::temp_dir().join(format!("baggage-contract-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let not_json = dir.join("orders.json");
    std::fs::write(&not_json, "{\"format\": 1, \"service\": 7}").unwrap();
    let not_json = not_json.to_string_lossy().into_owned();
    let output = run(&["diff", DEMO[1], &not_json]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.starts_with(&format!(
            "baggage-contract: {not_json}: not a service manifest: "
        )),
        "{message}"
    );
    assert!(message.contains("line 1"), "{message}");

    let future = dir.join("future.json");
    std::fs::write(&future, "{\"format\": 2, \"service\": \"orders\"}").unwrap();
    let future = future.to_string_lossy().into_owned();
    let output = run(&["check", &future]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "baggage-contract: {future}: manifest format 2 is not supported: this version reads \
             format 1\n"
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2_with_the_usage() {
    for args in [
        &[][..],
        &["check"][..],
        &["diff", "a.json"][..],
        &["lint"][..],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert!(message.starts_with("baggage-contract: "), "{message}");
        assert!(
            message.contains("usage: baggage-contract check"),
            "{message}"
        );
    }
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).starts_with("usage: baggage-contract check"));
}

#[test]
fn diff_refuses_two_different_services() {
    let output = run(&["diff", DEMO[0], DEMO[1]]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    let message = stderr(&output);
    assert!(
        message.starts_with(&format!(
            "baggage-contract: {} is service `gateway` and {} is service `orders`: `diff` \
             compares two versions of one service",
            DEMO[0], DEMO[1]
        )),
        "{message}"
    );
}

#[test]
fn a_manifest_with_an_impossible_type_exits_2_and_says_which_member() {
    let dir = std::env::temp_dir().join(format!("baggage-contract-bits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let edited = dir.join("orders.json");
    let orders = std::fs::read_to_string(DEMO[1]).unwrap();
    assert!(orders.contains("\"bits\": 64"));
    std::fs::write(&edited, orders.replacen("\"bits\": 64", "\"bits\": 200", 1)).unwrap();
    let edited = edited.to_string_lossy().into_owned();
    let output = run(&["check", DEMO[0], &edited]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "baggage-contract: {edited}: not a valid service manifest: member `user_id` has an \
             integer of 200 bits: integers have 8, 16, 32, 64 or 128\n"
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_a_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let output = Command::new(env!("CARGO_BIN_EXE_baggage-contract"))
        .arg("check")
        .arg(std::ffi::OsStr::from_bytes(b"caf\xe9.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("baggage-contract: an argument is not UTF-8: caf\u{fffd}.json"),
        "{}",
        stderr(&output)
    );
}
