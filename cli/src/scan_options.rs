//! The options of `leaksift scan` beyond the detector settings, and the run
//! that ties walking, scanning, baselines and the report together.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use leaksift::Scanner;

use crate::config_file::{Allowlist, Loaded, PathFilter};
use crate::engine::{self, Job};
use crate::progress::Progress;
use crate::walk::{self, Source, WalkOptions};
use crate::{baseline, Format};

/// Walking, threading, configuration and baseline options of `scan`.
#[derive(clap::Args, Debug)]
pub struct ScanOptions {
    /// Do not read .gitignore, .ignore or .leaksiftignore files when
    /// walking directories.
    #[arg(long)]
    pub no_ignore: bool,
    /// Also scan walked files that look binary (a NUL byte in the first
    /// 8 KiB). Files named on the command line are always scanned.
    #[arg(long)]
    pub binary: bool,
    /// Files scanned at once [default: the number of cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Never show the progress bar (it is shown only when standard error
    /// is a terminal).
    #[arg(long)]
    pub no_progress: bool,
    /// Configuration file (TOML) [default: .leaksift.toml in the current
    /// directory, when there is one].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore .leaksift.toml in the current directory.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every finding of this scan as accepted in FILE (by
    /// fingerprint, never the raw value); the exit status is then 0 unless
    /// an input could not be read.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

/// Scans `paths` and prints the report to `out`; returns the exit status.
pub fn run<W: Write>(
    scanner: &Scanner,
    format: Format,
    paths: &[PathBuf],
    options: &ScanOptions,
    loaded: &Loaded,
    out: W,
) -> Result<ExitCode, String> {
    let in_config = |e: String| match &loaded.file {
        Some(file) => format!("config file {}: {e}", file.display()),
        None => e,
    };
    let exclude = PathFilter::new(&loaded.config.exclude).map_err(in_config)?;
    let allowlist = Allowlist::new(&loaded.config.allowlist).map_err(in_config)?;
    let accepted = options
        .baseline
        .as_deref()
        .map(baseline::load)
        .transpose()?;
    if options.threads == Some(0) {
        return Err("--threads must be at least 1".into());
    }
    let threads = options
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));

    let walk_options = WalkOptions {
        no_ignore: options.no_ignore,
    };
    let mut inputs = walk::expand(paths, walk_options, &exclude);
    // Excluded and allowlisted paths apply to named files too; standard
    // input has no path to match.
    inputs.retain(|input| {
        input.source == Source::Stdin
            || !(exclude.matches(&input.relative)
                || exclude.matches(&input.display)
                || allowlist.paths.matches(&input.relative)
                || allowlist.paths.matches(&input.display))
    });
    // Unknown when standard input is among the inputs.
    let total: Option<u64> = inputs
        .iter()
        .map(|i| match i.source {
            Source::Stdin => None,
            Source::File(_) => Some(i.size.unwrap_or(0)),
        })
        .sum();
    let progress = Progress::new(!options.no_progress, total);

    let job = Job {
        scanner,
        format,
        threads,
        binary: options.binary,
        allowlist: &allowlist,
        baseline: accepted.as_ref(),
        write_baseline: options.write_baseline.is_some(),
        progress: &progress,
    };
    let mut accepted = options
        .write_baseline
        .as_deref()
        .map(baseline::Writer::create)
        .transpose()?;
    let outcome = engine::run(&job, &inputs, out, accepted.as_mut())?;
    progress.finish(outcome.findings, inputs.len());

    if let (Some(path), Some(writer)) = (&options.write_baseline, accepted) {
        let count = writer.finish()?;
        if progress.is_shown() {
            eprintln!("leaksift: accepted {count} findings in {}", display(path));
        }
        return Ok(ExitCode::from(if outcome.errors.is_empty() {
            0
        } else {
            2
        }));
    }
    Ok(ExitCode::from(
        match (outcome.errors.is_empty(), outcome.findings > 0) {
            (false, _) => 2,
            (true, true) => 1,
            (true, false) => 0,
        },
    ))
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
