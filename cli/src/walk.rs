//! Turning the paths on the command line into a sorted list of inputs.
//!
//! Directories are walked recursively with the `ignore` crate, which applies
//! `.gitignore`, `.ignore` and `.leaksiftignore` files the way git and
//! ripgrep do (also outside a git repository, so a plain directory of
//! exports behaves the same as a checkout). Hidden files are scanned, since
//! `.env` files are where credentials live; `.git` directories are not.
//! Symbolic links met while walking are followed to files, never into
//! directories (no cycles); a dangling one is an error for that path only.
//!
//! Files named on the command line and standard input are always scanned,
//! even when an ignore file or the binary check would skip them.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config_file::PathFilter;

/// Where an input's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Standard input (`-` on the command line).
    Stdin,
    /// A file on disk.
    File(PathBuf),
}

/// One thing to scan, or a path that could not even be listed.
#[derive(Clone, Debug)]
pub struct Input {
    /// The path as printed in reports: as given, or joined below the
    /// directory given, with `/` separators.
    pub display: String,
    pub source: Source,
    /// The path below the directory given on the command line (what the
    /// config file's globs match, like a `.gitignore` at that directory);
    /// the display path for files named directly.
    pub relative: String,
    /// Size in bytes when known (for the progress bar).
    pub size: Option<u64>,
    /// Found by walking a directory (so the binary check applies), rather
    /// than named on the command line.
    pub walked: bool,
    /// Set when the path could not be listed or opened; reported in order.
    pub error: Option<String>,
}

/// Options of the walk.
#[derive(Clone, Copy, Debug, Default)]
pub struct WalkOptions {
    /// Do not read `.gitignore`, `.ignore` or `.leaksiftignore` files.
    pub no_ignore: bool,
}

/// Expands `paths` into inputs sorted by display path (standard input, if
/// named, keeps its place at the front). Excluded paths (from the config
/// file) are dropped; errors become inputs carrying the error, so they are
/// reported in path order like everything else.
pub fn expand(paths: &[PathBuf], options: WalkOptions, exclude: &PathFilter) -> Vec<Input> {
    let mut stdin = Vec::new();
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            stdin.push(Input {
                display: "-".into(),
                relative: "-".into(),
                source: Source::Stdin,
                size: None,
                walked: false,
                error: None,
            });
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk_dir(path, options, exclude, &mut inputs),
            Ok(meta) => inputs.push(file_input(path, None, Some(meta.len()), false)),
            Err(err) => {
                let mut input = file_input(path, None, None, false);
                input.error = Some(describe_open_error(path, &err));
                inputs.push(input);
            }
        }
    }
    inputs.sort_by(|a, b| a.display.cmp(&b.display));
    // The same file named twice (or reached twice) is scanned once.
    inputs.dedup_by(|a, b| a.display == b.display);
    stdin.truncate(1);
    stdin.extend(inputs);
    stdin
}

fn walk_dir(root: &Path, options: WalkOptions, exclude: &PathFilter, out: &mut Vec<Input>) {
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .standard_filters(!options.no_ignore)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b));
    if !options.no_ignore {
        builder.add_custom_ignore_filename(".leaksiftignore");
    }
    let filter = exclude.clone();
    let base = root.to_path_buf();
    builder.filter_entry(move |entry| {
        let relative = relative_path(&base, entry.path());
        entry.file_name() != ".git"
            && !filter.matches(&relative)
            && !filter.matches(&display_path(entry.path()))
    });
    for entry in builder.build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = error_path(&err).unwrap_or_else(|| root.to_path_buf());
                let mut input = file_input(&path, Some(root), None, true);
                input.error = Some(format!(
                    "cannot read {}: {}",
                    input.display,
                    io_reason(&err)
                ));
                out.push(input);
                continue;
            }
        };
        let Some(file_type) = entry.file_type() else {
            continue; // standard input; never produced by a directory walk
        };
        if file_type.is_dir() {
            continue;
        }
        let path = entry.path();
        if file_type.is_symlink() {
            // Follow links to files; skip links to directories (cycles).
            match fs::metadata(path) {
                Ok(meta) if meta.is_dir() => {}
                Ok(meta) => out.push(file_input(path, Some(root), Some(meta.len()), true)),
                Err(err) => {
                    let mut input = file_input(path, Some(root), None, true);
                    input.error = Some(describe_open_error(path, &err));
                    out.push(input);
                }
            }
            continue;
        }
        if !file_type.is_file() {
            continue; // sockets, FIFOs, devices: never read while walking
        }
        let size = entry.metadata().ok().map(|m| m.len());
        out.push(file_input(path, Some(root), size, true));
    }
}

fn file_input(path: &Path, root: Option<&Path>, size: Option<u64>, walked: bool) -> Input {
    Input {
        display: display_path(path),
        relative: match root {
            Some(root) => relative_path(root, path),
            None => display_path(path),
        },
        source: Source::File(path.to_path_buf()),
        size,
        walked,
        error: None,
    }
}

/// The path as reports show it: `/` separators, no leading `./`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut rest = text.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        if stripped.is_empty() {
            break;
        }
        rest = stripped;
    }
    rest.to_string()
}

/// `path` below `root`, as a display path.
fn relative_path(root: &Path, path: &Path) -> String {
    display_path(path.strip_prefix(root).unwrap_or(path))
}

/// "cannot read PATH: REASON", naming a dangling link as such.
pub fn describe_open_error(path: &Path, err: &std::io::Error) -> String {
    let display = display_path(path);
    let dangling = err.kind() == std::io::ErrorKind::NotFound
        && fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if dangling {
        format!("cannot read {display}: dangling symbolic link ({err})")
    } else {
        format!("cannot read {display}: {err}")
    }
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errs) => errs.iter().find_map(error_path),
        _ => None,
    }
}

/// The reason without the path (the caller names the path once).
fn io_reason(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } => io_reason(err),
        ignore::Error::WithDepth { err, .. } => io_reason(err),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_drop_leading_dot_slash() {
        assert_eq!(display_path(Path::new("./a/b.txt")), "a/b.txt");
        assert_eq!(display_path(Path::new("././a")), "a");
        assert_eq!(display_path(Path::new("a/./b")), "a/./b");
        assert_eq!(display_path(Path::new("/abs/x")), "/abs/x");
        assert_eq!(display_path(Path::new("./")), "./");
    }
}
