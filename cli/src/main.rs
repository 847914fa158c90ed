//! `leaksift`: scan files for cardholder data and print masked findings;
//! mask, tokenize or pseudonymize it in place; restore tokens.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use leaksift::Scanner;

mod baseline;
mod config_file;
mod engine;
mod mask;
mod output;
mod progress;
mod provenance;
mod sarif;
mod scan_options;
mod walk;

/// Find card data, identifiers and credentials in files; values are always shown masked.
#[derive(Parser, Debug)]
#[command(name = "leaksift", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Scan files, directories (recursively) or standard input (`-`) and
    /// print findings in path order.
    ///
    /// Exit status: 0 when nothing is found, 1 when there are findings,
    /// 2 when a file could not be read (the others are still scanned and
    /// their findings printed) or on a usage error.
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
    /// Write a synthetic CRM export (JSON lines: contacts with e-mails,
    /// phones, SSNs, cards and IBANs) whose values carry a keyed watermark.
    ///
    /// Exit status: 0 on success, 2 on any error.
    Generate(provenance::GenerateArgs),
}

#[derive(clap::Args, Debug)]
struct ScanArgs {
    /// Files and directories to scan; `-` reads standard input. Defaults to `-`.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Comma-separated detectors to run (pan, cvv, track, ssn, itin, iban,
    /// routing, email, phone, secrets, markers, all) [default: all, or the
    /// config file's].
    #[arg(long)]
    detectors: Option<String>,
    /// Report findings with at least this confidence (0-100)
    /// [default: 50, or the config file's].
    #[arg(long)]
    min_confidence: Option<u8>,
    /// Bytes before a match read for context words such as "card" or "order"
    /// [default: 32, or the config file's].
    #[arg(long)]
    context_window: Option<usize>,
    #[command(flatten)]
    options: scan_options::ScanOptions,
    #[command(flatten)]
    provenance: provenance::ProvenanceArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// `path:line:column: kind subkind (confidence) masked-value`
    Human,
    /// One JSON object per line.
    Jsonl,
    /// One JSON array of all findings.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => scan(args),
        Command::Mask(args) => mask::mask(args).map(|()| ExitCode::SUCCESS),
        Command::Detokenize(args) => mask::detokenize(args).map(|()| ExitCode::SUCCESS),
        Command::Generate(args) => provenance::generate(args).map(|()| ExitCode::SUCCESS),
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
    let loaded = config_file::load(args.options.config.as_deref(), args.options.no_config)?;
    let config = loaded.config.scanner_config(
        args.detectors.as_deref(),
        args.min_confidence,
        args.context_window,
    )?;
    let config = provenance::configure(config, &args.provenance)?;
    let scanner = Scanner::new(config).map_err(|e| e.to_string())?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths
    };
    let stdout = io::stdout();
    scan_options::run(
        &scanner,
        args.format,
        &paths,
        &args.options,
        &loaded,
        stdout.lock(),
    )
}
