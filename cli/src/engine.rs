//! Scanning many inputs on several threads, with output in path order.
//!
//! Each input is streamed through a [`StreamScanner`] in 256 KiB reads, so
//! a multi-gigabyte file needs only the stream's window (about 1 MiB) plus
//! the bytes not yet settled; findings are identical to a one-shot scan.
//!
//! Workers take inputs in path order and render each file's findings into
//! batches sent over that file's own bounded channel; the writer drains the
//! channels in path order. Output is therefore the same whatever the thread
//! timing. Memory stays bounded: a worker may run at most `LOOKAHEAD`
//! files ahead of the writer, and a file's channel holds at most a few
//! batches. No deadlock: the earliest unfinished file is always being
//! worked on (files are taken in order) and its channel is the one being
//! drained.

use std::fs::File;
use std::io::{self, Read, Write};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Condvar, Mutex};

use leaksift::{Finding, Scanner, StreamScanner};

use crate::baseline::{self, Entry, Occurrences};
use crate::config_file::Allowlist;
use crate::output::{self, Cursor, Record, Report};
use crate::progress::Progress;
use crate::walk::{describe_open_error, Input, Source};
use crate::Format;

/// Bytes read at a time.
const READ_SIZE: usize = 256 << 10;
/// Bytes looked at for a NUL to call a walked file binary (as git and
/// ripgrep do).
pub const BINARY_CHECK: usize = 8 << 10;
/// A rendered batch is sent once it holds this many bytes.
const BATCH_BYTES: usize = 64 << 10;
/// A batch is also sent once it holds this many baseline entries.
const BATCH_ENTRIES: usize = 1024;
/// Batches a file's channel holds before its worker waits.
const CHANNEL_BATCHES: usize = 4;
/// Files a worker may be ahead of the writer, per thread.
const LOOKAHEAD_PER_THREAD: usize = 4;

/// What the scan of every input needs; shared by the workers.
pub struct Job<'a> {
    pub scanner: &'a Scanner,
    pub format: Format,
    pub threads: usize,
    /// Scan walked files that look binary too.
    pub binary: bool,
    pub allowlist: &'a Allowlist,
    /// Fingerprints to leave out (`--baseline`).
    pub baseline: Option<&'a baseline::Accepted>,
    /// Collect accepted findings for `--write-baseline`.
    pub write_baseline: bool,
    pub progress: &'a Progress,
}

/// What a scan found, once everything is written.
#[derive(Default)]
pub struct Outcome {
    /// Findings written (after allowlist and baseline).
    pub findings: usize,
    /// Messages of inputs that failed (each names its path).
    pub errors: Vec<String>,
    /// Walked files skipped as binary.
    pub binary_skipped: usize,
}

enum Message {
    Batch {
        bytes: Vec<u8>,
        count: usize,
        entries: Vec<Entry>,
    },
    Error(String),
    SkippedBinary,
}

/// Scans `inputs` and writes the report to `out` (and every finding after
/// the allowlist to `accepted`, for `--write-baseline`). Fails only when an
/// output cannot be written; input errors are collected in the outcome.
pub fn run<W: Write>(
    job: &Job<'_>,
    inputs: &[Input],
    out: W,
    mut accepted: Option<&mut baseline::Writer>,
) -> Result<Outcome, String> {
    let write_error = |e: io::Error| format!("cannot write output: {e}");
    let mut report = Report::new(out, job.format).map_err(write_error)?;
    let mut outcome = Outcome::default();
    let threads = job.threads.max(1);
    let lookahead = threads * LOOKAHEAD_PER_THREAD;

    let mut senders = Vec::with_capacity(inputs.len());
    let mut receivers: Vec<Receiver<Message>> = Vec::with_capacity(inputs.len());
    for _ in inputs {
        let (tx, rx) = sync_channel(CHANNEL_BATCHES);
        senders.push(Mutex::new(Some(tx)));
        receivers.push(rx);
    }
    let next = AtomicUsize::new(0);
    // Set when the output fails: workers stop taking inputs.
    let stopped = AtomicBool::new(false);
    // How many files the writer has finished, to bound the lookahead.
    let written = (Mutex::new(0usize), Condvar::new());

    let result = std::thread::scope(|scope| {
        for _ in 0..threads.min(inputs.len().max(1)) {
            scope.spawn(|| {
                let mut worker = Worker::new(job);
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= inputs.len() || stopped.load(Ordering::Relaxed) {
                        break;
                    }
                    {
                        let (lock, ready) = &written;
                        let mut done = lock.lock().unwrap_or_else(|e| e.into_inner());
                        while index >= done.saturating_add(lookahead) {
                            done = ready.wait(done).unwrap_or_else(|e| e.into_inner());
                        }
                    }
                    let sender = senders[index]
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .take();
                    if let Some(sender) = sender {
                        worker.scan(&inputs[index], &sender);
                    }
                }
            });
        }

        let mut result = Ok(());
        for (index, receiver) in receivers.into_iter().enumerate() {
            for message in receiver.iter() {
                match message {
                    Message::Batch {
                        bytes,
                        count,
                        entries,
                    } => {
                        result = report.batch(&bytes, count).map_err(write_error);
                        if let (Ok(()), Some(writer)) = (&result, accepted.as_deref_mut()) {
                            result = writer.add(&entries);
                        }
                        if result.is_err() {
                            break;
                        }
                        outcome.findings += count;
                    }
                    Message::Error(message) => {
                        eprintln!("leaksift: {message}");
                        outcome.errors.push(message);
                    }
                    Message::SkippedBinary => outcome.binary_skipped += 1,
                }
            }
            let (lock, ready) = &written;
            if result.is_err() {
                // Output is gone: release waiting workers and stop them;
                // the receivers dropped here make their sends fail.
                stopped.store(true, Ordering::Relaxed);
                *lock.lock().unwrap_or_else(|e| e.into_inner()) = usize::MAX;
                ready.notify_all();
                break;
            }
            job.progress
                .set_counts(outcome.findings, index + 1, inputs.len());
            *lock.lock().unwrap_or_else(|e| e.into_inner()) = index + 1;
            ready.notify_all();
        }
        result
    });
    result?;
    report.finish(&outcome.errors).map_err(write_error)?;
    Ok(outcome)
}

/// One thread's reusable state.
struct Worker<'j, 's> {
    job: &'j Job<'s>,
    stream: StreamScanner<'s>,
    read_buf: Vec<u8>,
    /// Stream bytes from `pending_base` on, kept until settled.
    pending: Vec<u8>,
    found: Vec<Finding>,
    /// The masked value being rendered.
    masked: String,
}

/// The state of one input while it is scanned.
struct FileState<'a> {
    input: &'a Input,
    pending_base: usize,
    cursor: Cursor,
    occurrences: Occurrences,
    batch: Vec<u8>,
    count: usize,
    entries: Vec<Entry>,
}

impl<'j, 's> Worker<'j, 's> {
    fn new(job: &'j Job<'s>) -> Self {
        Worker {
            job,
            stream: StreamScanner::new(job.scanner),
            read_buf: vec![0; READ_SIZE],
            pending: Vec::new(),
            found: Vec::new(),
            masked: String::new(),
        }
    }

    fn scan(&mut self, input: &Input, sender: &SyncSender<Message>) {
        // A send fails only when the writer stopped (output error): give up.
        let send = |message| sender.send(message).is_ok();
        if let Some(error) = &input.error {
            send(Message::Error(error.clone()));
            return;
        }
        let mut reader: Box<dyn Read> = match &input.source {
            Source::Stdin => Box::new(io::stdin().lock()),
            Source::File(path) => match File::open(path) {
                Ok(file) => Box::new(file),
                Err(err) => {
                    send(Message::Error(describe_open_error(path, &err)));
                    return;
                }
            },
        };
        let read_error = |err: io::Error| format!("cannot read {}: {err}", input.display);

        // The first bytes decide whether a walked file is binary.
        let mut head = 0;
        let check = input.walked && !self.job.binary;
        let first_read = if check { BINARY_CHECK } else { READ_SIZE };
        while head < first_read {
            match reader.read(&mut self.read_buf[head..first_read]) {
                Ok(0) => break,
                Ok(n) => head += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    send(Message::Error(read_error(e)));
                    return;
                }
            }
        }
        if check && memchr::memchr(0, &self.read_buf[..head]).is_some() {
            send(Message::SkippedBinary);
            return;
        }

        let mut file = FileState {
            input,
            pending_base: 0,
            cursor: Cursor::default(),
            occurrences: Occurrences::default(),
            batch: Vec::new(),
            count: 0,
            entries: Vec::new(),
        };
        self.pending.clear();
        let mut length = head;
        loop {
            if length > 0 {
                let chunk = &self.read_buf[..length];
                let found = &mut self.found;
                let _ = self.stream.push(chunk, |f: &Finding| {
                    found.push(*f);
                    ControlFlow::Continue(())
                });
                self.pending.extend_from_slice(chunk);
                self.job.progress.add_bytes(length);
                if !self.handle_found(&mut file, &send) {
                    return self.abandon();
                }
                // Bytes before the settled offset are no longer needed.
                let settled = self.stream.settled();
                if settled > file.pending_base {
                    file.cursor
                        .advance(settled, &self.pending, file.pending_base);
                    self.pending.drain(..settled - file.pending_base);
                    file.pending_base = settled;
                }
            }
            length = match read_full(&mut reader, &mut self.read_buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => {
                    send(Message::Error(read_error(e)));
                    return self.abandon();
                }
            };
        }
        let found = &mut self.found;
        let _ = self.stream.finish(|f: &Finding| {
            found.push(*f);
            ControlFlow::Continue(())
        });
        if !self.handle_found(&mut file, &send) {
            return;
        }
        if file.count > 0 || !file.entries.is_empty() {
            send(Message::Batch {
                bytes: file.batch,
                count: file.count,
                entries: file.entries,
            });
        }
    }

    /// Resets the stream after an error part-way through an input.
    fn abandon(&mut self) {
        self.found.clear();
        let _ = self.stream.finish(|_: &Finding| ControlFlow::Break(()));
    }

    /// Renders the findings gathered so far; false if the writer is gone.
    fn handle_found(&mut self, file: &mut FileState<'_>, send: &impl Fn(Message) -> bool) -> bool {
        let job = self.job;
        let fingerprints =
            job.baseline.is_some() || job.write_baseline || job.format == Format::Sarif;
        for f in self.found.drain(..) {
            // Findings start at or after the stream's settled offset, and
            // every byte from there on is kept, so this always holds; if it
            // ever did not, say so rather than drop a finding silently.
            let local = f.start.checked_sub(file.pending_base).map(|start| Finding {
                start,
                end: start + f.len(),
                ..f
            });
            let raw_all = &self.pending[..];
            let Some((local, raw)) = local.and_then(|l| raw_all.get(l.span()).map(|raw| (l, raw)))
            else {
                let message = format!(
                    "{}: internal error: the finding at byte {} was not kept; please report it",
                    file.input.display, f.start
                );
                if !send(Message::Error(message)) {
                    return false;
                }
                continue;
            };
            if job.allowlist.allows_value(raw) {
                continue;
            }
            let at = file
                .cursor
                .advance(f.start, &self.pending, file.pending_base);
            let (end_line, end_char_column) = output::end_of(at, raw);
            // One buffer per worker: no allocation per finding.
            let masked = &mut self.masked;
            masked.clear();
            let _ = std::fmt::Write::write_fmt(masked, format_args!("{}", local.masked(raw_all)));
            let masked = masked.as_str();
            let (kind, subkind) = (f.kind.as_str(), f.subkind.as_str());
            let fingerprint = fingerprints.then(|| {
                let occurrence = file.occurrences.next(kind, subkind, masked);
                baseline::fingerprint(&file.input.display, kind, subkind, masked, occurrence)
            });
            if job.write_baseline {
                file.entries.push(Entry {
                    fingerprint: fingerprint.clone().unwrap_or_default(),
                    path: file.input.display.clone(),
                    kind: kind.into(),
                    subkind: subkind.into(),
                    masked: masked.to_string(),
                    line: at.line,
                });
            }
            if let (Some(accepted), Some(fp)) = (job.baseline, &fingerprint) {
                if accepted.contains(fp) {
                    continue;
                }
            }
            let record = Record {
                path: &file.input.display,
                kind: f.kind,
                subkind,
                start: f.start,
                end: f.end,
                line: at.line,
                column: at.column,
                char_column: at.char_column,
                end_line,
                end_char_column,
                confidence: f.confidence,
                provenance: f.provenance.as_str(),
                provenance_reason: f.provenance.reason().map(|r| r.as_str()),
                masked,
                fingerprint: fingerprint.as_deref(),
            };
            output::render(job.format, &record, &mut file.batch);
            file.count += 1;
            if file.batch.len() >= BATCH_BYTES || file.entries.len() >= BATCH_ENTRIES {
                let message = Message::Batch {
                    bytes: std::mem::take(&mut file.batch),
                    count: std::mem::take(&mut file.count),
                    entries: std::mem::take(&mut file.entries),
                };
                if !send(message) {
                    return false;
                }
            }
        }
        true
    }
}

/// Reads until `buf` is full or the input ends.
fn read_full(reader: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}
