//! `leaksift`: scan files for cardholder data and print masked findings;
//! mask, tokenize or pseudonymize it in place; restore tokens.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use leaksift::{Config, DetectorSet, Finding, Scanner};

mod mask;
mod output;

use output::{Located, Report};

/// Find card data, identifiers and credentials in files; values are always shown masked.
#[derive(Parser, Debug)]
#[command(name = "leaksift", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Scan files (or standard input, `-`) and print findings.
    ///
    /// Exit status: 0 when nothing is found, 1 when there are findings,
    /// 2 when a file could not be read (the others are still scanned).
    Scan(ScanArgs),
    /// Write a file (or standard input, `-`) with its findings masked,
    /// redacted, tokenized or pseudonymized, to standard output or in place.
    ///
    /// Exit status: 0 on success, 2 on any error (nothing is written then).
    Mask(mask::MaskArgs),
    /// Restore values tokenized by `mask --policy KIND=tokenize`, given the
    /// same key, tweak and token options.
    ///
    /// Exit status: 0 on success, 2 on any error (nothing is printed then).
    Detokenize(mask::DetokenizeArgs),
}

#[derive(clap::Args, Debug)]
struct ScanArgs {
    /// Files to scan; `-` reads standard input. Defaults to `-`.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Comma-separated detectors to run (pan, cvv, track, ssn, itin, iban,
    /// routing, email, phone, secrets, all).
    #[arg(long, default_value = "all")]
    detectors: String,
    /// Report findings with at least this confidence (0-100).
    #[arg(long, default_value_t = Config::DEFAULT_MIN_CONFIDENCE)]
    min_confidence: u8,
    /// Bytes before a match read for context words such as "card" or "order".
    #[arg(long, default_value_t = Config::DEFAULT_CONTEXT_WINDOW)]
    context_window: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// `path:line:column: kind subkind (confidence) masked-value`
    Human,
    /// One JSON object per line.
    Jsonl,
    /// One JSON array of all findings.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => scan(args),
        Command::Mask(args) => mask::mask(args).map(|()| ExitCode::SUCCESS),
        Command::Detokenize(args) => mask::detokenize(args).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("leaksift: {message}");
            ExitCode::from(2)
        }
    }
}

fn scan(args: ScanArgs) -> Result<ExitCode, String> {
    let detectors = DetectorSet::parse(&args.detectors).map_err(|e| e.to_string())?;
    let config = Config::new()
        .detectors(detectors)
        .min_confidence(args.min_confidence)
        .context_window(args.context_window);
    let scanner = Scanner::new(config).map_err(|e| e.to_string())?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths
    };

    let stdout = io::stdout();
    let mut report = Report::new(stdout.lock(), args.format == Format::Json);
    let mut found_any = false;
    let mut failed = false;
    for path in &paths {
        let display = path.display().to_string();
        let data = match read_input(path) {
            Ok(data) => data,
            Err(err) => {
                eprintln!("leaksift: cannot read {display}: {err}");
                failed = true;
                continue;
            }
        };
        let findings = scanner.scan_to_vec(&data);
        found_any |= !findings.is_empty();
        let located = Located::new(&data, &findings);
        for (finding, line, column) in located {
            write_finding(
                &mut report,
                args.format,
                &display,
                &data,
                finding,
                line,
                column,
            )
            .map_err(|e| format!("cannot write output: {e}"))?;
        }
    }
    report
        .finish()
        .map_err(|e| format!("cannot write output: {e}"))?;
    Ok(ExitCode::from(match (failed, found_any) {
        (true, _) => 2,
        (false, true) => 1,
        (false, false) => 0,
    }))
}

fn read_input(path: &PathBuf) -> io::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut data = Vec::new();
        io::stdin().lock().read_to_end(&mut data)?;
        Ok(data)
    } else {
        std::fs::read(path)
    }
}

fn write_finding<W: Write>(
    report: &mut Report<W>,
    format: Format,
    path: &str,
    data: &[u8],
    finding: &Finding,
    line: usize,
    column: usize,
) -> io::Result<()> {
    match format {
        Format::Human => report.human(path, data, finding, line, column),
        Format::Jsonl | Format::Json => report.json(path, data, finding, line, column),
    }
}
