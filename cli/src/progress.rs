//! The progress bar on standard error: bytes scanned of the total, the
//! throughput and the findings so far. Shown only when standard error is a
//! terminal and `--no-progress` is not given; otherwise every call is a
//! no-op, so logs and pipes never see it.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The bar, or nothing.
pub struct Progress {
    bar: Option<ProgressBar>,
}

/// The template: bar, bytes of total, throughput, then the message
/// (findings and files, see [`message`]).
pub const TEMPLATE: &str =
    "{spinner} [{elapsed_precise}] [{wide_bar}] {bytes}/{total_bytes} {binary_bytes_per_sec} {msg}";

/// The template when the total is unknown.
pub const SPINNER_TEMPLATE: &str =
    "{spinner} [{elapsed_precise}] {bytes} {binary_bytes_per_sec} {msg}";

impl Progress {
    /// A bar over `total` bytes (a spinner when the total is unknown, as
    /// for standard input) when `wanted` and standard error is a terminal.
    pub fn new(wanted: bool, total: Option<u64>) -> Progress {
        if !wanted || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
        let style = match total {
            Some(_) => ProgressStyle::with_template(TEMPLATE).map(|s| s.progress_chars("=> ")),
            None => ProgressStyle::with_template(SPINNER_TEMPLATE),
        };
        if let Ok(style) = style {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar: Some(bar) }
    }

    /// Whether a bar is shown.
    pub fn is_shown(&self) -> bool {
        self.bar.is_some()
    }

    /// Counts scanned bytes (called by the workers).
    pub fn add_bytes(&self, bytes: usize) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes as u64);
        }
    }

    /// Updates the findings and files counts (called by the writer).
    pub fn set_counts(&self, findings: usize, files_done: usize, files: usize) {
        if let Some(bar) = &self.bar {
            bar.set_message(message(findings, files_done, files));
        }
    }

    /// Removes the bar and prints one summary line in its place.
    pub fn finish(&self, findings: usize, files: usize) {
        if let Some(bar) = &self.bar {
            let elapsed = bar.elapsed();
            let bytes = bar.position();
            bar.finish_and_clear();
            eprintln!("leaksift: {}", summary(bytes, elapsed, findings, files));
        }
    }
}

/// `"12 findings, 3/10 files"`.
pub fn message(findings: usize, files_done: usize, files: usize) -> String {
    format!(
        "{findings} finding{}, {files_done}/{files} files",
        if findings == 1 { "" } else { "s" }
    )
}

/// `"scanned 1.00 GiB in 2.0 s (512.0 MiB/s), 7 findings in 3 files"`.
pub fn summary(bytes: u64, elapsed: Duration, findings: usize, files: usize) -> String {
    let secs = elapsed.as_secs_f64();
    let mib = bytes as f64 / (1024.0 * 1024.0);
    let size = if mib >= 1024.0 {
        format!("{:.2} GiB", mib / 1024.0)
    } else {
        format!("{mib:.1} MiB")
    };
    let rate = if secs > 0.0 {
        format!(" ({:.1} MiB/s)", mib / secs)
    } else {
        String::new()
    };
    format!(
        "scanned {size} in {secs:.1} s{rate}, {findings} finding{} in {files} file{}",
        if findings == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts() {
        assert_eq!(message(1, 2, 3), "1 finding, 2/3 files");
        assert_eq!(message(0, 0, 1), "0 findings, 0/1 files");
        assert_eq!(
            summary(3 << 30, Duration::from_secs(2), 7, 3),
            "scanned 3.00 GiB in 2.0 s (1536.0 MiB/s), 7 findings in 3 files"
        );
        assert_eq!(
            summary(1 << 20, Duration::ZERO, 1, 1),
            "scanned 1.0 MiB in 0.0 s, 1 finding in 1 file"
        );
        assert!(ProgressStyle::with_template(TEMPLATE).is_ok());
        assert!(ProgressStyle::with_template(SPINNER_TEMPLATE).is_ok());
    }

    #[test]
    fn hidden_when_not_wanted() {
        let progress = Progress::new(false, Some(10));
        assert!(!progress.is_shown());
        progress.add_bytes(5);
        progress.set_counts(1, 1, 1);
        progress.finish(1, 1);
    }
}
