//! `baggage-contract`: checks a fleet's baggage manifests, and what a new version of one breaks.
//!
//! ```text
//! baggage-contract check [--format text|json] FILE...
//! baggage-contract diff  [--format text|json] OLD NEW
//! ```
//!
//! `check` exits 1 when a finding is an error, `diff` when a change is breaking; both exit 2
//! for a usage error or a file that cannot be read as a manifest, and 0 otherwise.

#![forbid(unsafe_code)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use baggage::contract::{check, diff, Change, Service};

const USAGE: &str = "\
usage: baggage-contract check [--format text|json] FILE...
       baggage-contract diff  [--format text|json] OLD NEW

  check  checks the services of FILE... as one fleet; exits 1 when a finding is an error
  diff   compares two versions of one service's manifest; exits 1 when a change is breaking

Exit status 2: a usage error, or a file that is not a readable manifest.";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, PartialEq, Eq)]
enum Command {
    Check {
        files: Vec<String>,
        format: Format,
    },
    Diff {
        old: String,
        new: String,
        format: Format,
    },
    Help,
}

/// What a run prints and how it exits.
struct Outcome {
    stdout: String,
    stderr: String,
    code: u8,
}

fn main() -> ExitCode {
    let args: Result<Vec<String>, _> = std::env::args_os()
        .skip(1)
        .map(|arg| {
            arg.into_string()
                .map_err(|arg| format!("an argument is not UTF-8: {}", arg.to_string_lossy()))
        })
        .collect();
    let outcome = match args {
        Ok(args) => run(args),
        Err(message) => usage_error(&message),
    };
    // A closed pipe (`| head`) ends the output, not the verdict: the exit status still says it.
    let _ = std::io::stdout()
        .lock()
        .write_all(outcome.stdout.as_bytes());
    let _ = std::io::stderr()
        .lock()
        .write_all(outcome.stderr.as_bytes());
    ExitCode::from(outcome.code)
}

fn run(args: Vec<String>) -> Outcome {
    let command = match parse(args) {
        Ok(command) => command,
        Err(message) => return usage_error(&message),
    };
    match command {
        Command::Help => Outcome {
            stdout: format!("{USAGE}\n"),
            stderr: String::new(),
            code: 0,
        },
        Command::Check { files, format } => {
            let mut services = Vec::with_capacity(files.len());
            for file in &files {
                match read(file) {
                    Ok(service) => services.push(service),
                    Err(message) => return unreadable(&message),
                }
            }
            let report = check(&services);
            let stdout = match format {
                Format::Text => format!("{report}\n"),
                Format::Json => format!("{}\n", report.to_json()),
            };
            Outcome {
                stdout,
                stderr: String::new(),
                code: u8::from(report.has_errors()),
            }
        }
        Command::Diff { old, new, format } => {
            let (old_service, new_service) = match (read(&old), read(&new)) {
                (Ok(old), Ok(new)) => (old, new),
                (Err(message), _) | (_, Err(message)) => return unreadable(&message),
            };
            if old_service.name() != new_service.name() {
                return usage_error(&format!(
                    "{old} is service `{}` and {new} is service `{}`: `diff` compares two \
                     versions of one service",
                    old_service.name(),
                    new_service.name()
                ));
            }
            let (old, new) = (old_service, new_service);
            let changes = diff(&old, &new);
            let stdout = match format {
                Format::Text => diff_text(&changes),
                Format::Json => diff_json(&changes),
            };
            Outcome {
                stdout,
                stderr: String::new(),
                code: u8::from(changes.iter().any(Change::is_breaking)),
            }
        }
    }
}

fn parse(args: Vec<String>) -> Result<Command, String> {
    let mut format = Format::Text;
    let mut positional = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" | "help" => return Ok(Command::Help),
            "--format" => {
                let value = args
                    .next()
                    .ok_or("`--format` needs a value: `text` or `json`")?;
                format = format_named(&value)?;
            }
            _ => match arg.strip_prefix("--format=") {
                Some(value) => format = format_named(value)?,
                None if arg.starts_with('-') && arg.len() > 1 => {
                    return Err(format!("unknown option `{arg}`"))
                }
                None => positional.push(arg),
            },
        }
    }
    let mut positional = positional.into_iter();
    match positional.next().as_deref() {
        Some("check") => {
            let files: Vec<String> = positional.collect();
            match files.is_empty() {
                true => Err("`check` needs at least one manifest file".into()),
                false => Ok(Command::Check { files, format }),
            }
        }
        Some("diff") => match (positional.next(), positional.next(), positional.next()) {
            (Some(old), Some(new), None) => Ok(Command::Diff { old, new, format }),
            _ => Err("`diff` needs exactly two manifest files: OLD NEW".into()),
        },
        Some(other) => Err(format!(
            "unknown command `{other}`: expected `check` or `diff`"
        )),
        None => Err("no command: expected `check` or `diff`".into()),
    }
}

fn format_named(value: &str) -> Result<Format, String> {
    match value {
        "text" => Ok(Format::Text),
        "json" => Ok(Format::Json),
        other => Err(format!(
            "unknown format `{other}`: expected `text` or `json`"
        )),
    }
}

fn read(file: &str) -> Result<Service, String> {
    let text = std::fs::read_to_string(file).map_err(|error| format!("{file}: {error}"))?;
    Service::from_json(&text).map_err(|error| format!("{file}: {error}"))
}

fn usage_error(message: &str) -> Outcome {
    Outcome {
        stdout: String::new(),
        stderr: format!("baggage-contract: {message}\n\n{USAGE}\n"),
        code: 2,
    }
}

fn unreadable(message: &str) -> Outcome {
    Outcome {
        stdout: String::new(),
        stderr: format!("baggage-contract: {message}\n"),
        code: 2,
    }
}

fn diff_text(changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes {
        let _ = writeln!(out, "{change}");
    }
    let breaking = changes.iter().filter(|c| c.is_breaking()).count();
    let _ = writeln!(
        out,
        "{breaking} breaking, {} compatible",
        changes.len() - breaking
    );
    out
}

fn diff_json(changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|c| c.is_breaking()).count();
    let json = serde_json::json!({
        "changes": changes,
        "breaking": breaking,
        "compatible": changes.len() - breaking,
    });
    match serde_json::to_string_pretty(&json) {
        Ok(json) => format!("{json}\n"),
        Err(error) => unreachable!("changes always serialize: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn parses_commands_and_formats() {
        assert_eq!(
            parse(args("check a.json b.json")),
            Ok(Command::Check {
                files: vec!["a.json".into(), "b.json".into()],
                format: Format::Text
            })
        );
        assert_eq!(
            parse(args("diff --format json old.json new.json")),
            Ok(Command::Diff {
                old: "old.json".into(),
                new: "new.json".into(),
                format: Format::Json
            })
        );
        assert_eq!(
            parse(args("check --format=json a.json")),
            Ok(Command::Check {
                files: vec!["a.json".into()],
                format: Format::Json
            })
        );
        assert_eq!(parse(args("--help")), Ok(Command::Help));
    }

    #[test]
    fn usage_errors_say_what_is_wrong() {
        for (line, message) in [
            ("", "no command: expected `check` or `diff`"),
            (
                "lint a.json",
                "unknown command `lint`: expected `check` or `diff`",
            ),
            ("check", "`check` needs at least one manifest file"),
            (
                "diff a.json",
                "`diff` needs exactly two manifest files: OLD NEW",
            ),
            (
                "diff a b c",
                "`diff` needs exactly two manifest files: OLD NEW",
            ),
            (
                "check --format yaml a",
                "unknown format `yaml`: expected `text` or `json`",
            ),
            (
                "check --format",
                "`--format` needs a value: `text` or `json`",
            ),
            ("check -v a", "unknown option `-v`"),
        ] {
            assert_eq!(parse(args(line)), Err(message.to_owned()), "{line}");
        }
    }
}
