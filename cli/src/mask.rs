//! `leaksift mask` and `leaksift detokenize`.

use std::fs;
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use leaksift::{CardTokens, Key, Kind, LuhnMode, Masker, OnFailure, Policy, Scanner};

/// Which digits of a card number a token keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TokenKeep {
    /// The last four digits.
    Last4,
    /// The first six digits (the BIN).
    Bin,
    /// The first six and the last four (fewer leading digits when too few
    /// would be left to encrypt, unless --strict).
    BinLast4,
    /// None: every digit but one is encrypted.
    None,
}

/// Whether card tokens pass the Luhn check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TokenLuhn {
    /// Tokens fail Luhn: never taken for card numbers.
    Fail,
    /// Tokens pass Luhn, for systems that demand it.
    Valid,
}

/// Options shared by `mask` and `detokenize`: they must match for a token
/// to come back.
#[derive(clap::Args, Debug)]
pub struct TokenArgs {
    /// File holding the key for tokenize/pseudonymize: 32, 48 or 64 hex
    /// digits, or 16, 24 or 32 raw bytes (e.g. `openssl rand -hex 32`).
    #[arg(long, value_name = "FILE")]
    key_file: Option<PathBuf>,
    /// Tweak mixed into tokens and pseudonyms (text, at most 64 bytes): the
    /// same value gets unrelated tokens under different tweaks.
    #[arg(long, default_value = "")]
    tweak: String,
    /// Card digits a token or pseudonym keeps.
    #[arg(long, value_enum, default_value_t = TokenKeep::Last4)]
    token_keep: TokenKeep,
    /// Whether card tokens pass or fail the Luhn check.
    #[arg(long, value_enum, default_value_t = TokenLuhn::Fail)]
    token_luhn: TokenLuhn,
    /// Refuse rather than adapt: error out when a value cannot be tokenized
    /// (instead of masking it), and when the kept card digits leave too few
    /// to encrypt (instead of keeping fewer).
    #[arg(long)]
    strict: bool,
}

impl TokenArgs {
    fn apply(&self, policy: Policy) -> Result<Policy, String> {
        let (keep_bin, keep_last_four) = match self.token_keep {
            TokenKeep::Last4 => (false, true),
            TokenKeep::Bin => (true, false),
            TokenKeep::BinLast4 => (true, true),
            TokenKeep::None => (false, false),
        };
        let cards = CardTokens {
            keep_bin,
            keep_last_four,
            luhn: match self.token_luhn {
                TokenLuhn::Fail => LuhnMode::Fail,
                TokenLuhn::Valid => LuhnMode::Valid,
            },
            shrink: !self.strict,
        };
        let on_failure = if self.strict {
            OnFailure::Error
        } else {
            OnFailure::Mask
        };
        policy
            .card_tokens(cards)
            .on_failure(on_failure)
            .tweak(self.tweak.as_bytes())
            .map_err(|e| e.to_string())
    }

    fn masker(&self, policy: Policy) -> Result<Masker, String> {
        let policy = self.apply(policy)?;
        match &self.key_file {
            Some(path) => {
                let key = Key::from_file(path).map_err(|e| e.to_string())?;
                Masker::with_key(policy, &key).map_err(|e| e.to_string())
            }
            None => Masker::new(policy).map_err(|e| match e.kind() {
                leaksift::ErrorKind::KeyRequired { .. } => format!("{e}: pass --key-file"),
                _ => e.to_string(),
            }),
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct MaskArgs {
    /// File to mask; `-` (the default) reads standard input.
    #[arg(default_value = "-")]
    path: PathBuf,
    /// What to do with a kind: `KIND=ACTION`, repeatable; later ones win.
    /// Kinds: the names `scan` prints, or `all`. Actions: redact, mask,
    /// tokenize, pseudonymize. Default: the config file's `[mask] policy`,
    /// else mask everything.
    #[arg(long = "policy", value_name = "KIND=ACTION")]
    policies: Vec<String>,
    /// Masked card numbers show the first six digits too (PCI display).
    #[arg(long)]
    pci_display: bool,
    /// Character that replaces hidden letters and digits: `*` or an ASCII
    /// letter [default: `*`, or the config file's].
    #[arg(long)]
    mask_char: Option<char>,
    /// Configuration file (TOML) [default: .leaksift.toml in the current
    /// directory, when there is one]; see `scan --help`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore .leaksift.toml in the current directory.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// Replace the file instead of writing to standard output: the masked
    /// data goes to a temporary file in the same directory, which then
    /// replaces the original in one rename, so the file is never half-written.
    #[arg(long)]
    in_place: bool,
    #[command(flatten)]
    tokens: TokenArgs,
    /// Comma-separated detectors to run (pan, cvv, track, all)
    /// [default: all, or the config file's].
    #[arg(long)]
    detectors: Option<String>,
    /// Mask findings with at least this confidence (0-100)
    /// [default: 50, or the config file's].
    #[arg(long)]
    min_confidence: Option<u8>,
    /// Bytes before a match read for context words [default: 32, or the
    /// config file's].
    #[arg(long)]
    context_window: Option<usize>,
}

pub fn mask(args: MaskArgs) -> Result<(), String> {
    let loaded = crate::config_file::load(args.config.as_deref(), args.no_config)?;
    let file = &loaded.config;
    let in_config = |e: String| match &loaded.file {
        Some(path) => format!("config file {}: {e}", path.display()),
        None => e,
    };
    let mut policy = Policy::new()
        .pci_display(args.pci_display || file.mask.pci_display.unwrap_or(false))
        .mask_char(args.mask_char.or(file.mask.mask_char).unwrap_or('*'))
        .map_err(|e| e.to_string())?;
    if args.policies.is_empty() {
        for rule in &file.mask.policy {
            policy = policy
                .parse_rule(rule)
                .map_err(|e| in_config(format!("[mask] policy: {e}")))?;
        }
    }
    for rule in &args.policies {
        policy = policy.parse_rule(rule).map_err(|e| e.to_string())?;
    }
    let masker = args.tokens.masker(policy)?;
    let config = file.scanner_config(
        args.detectors.as_deref(),
        args.min_confidence,
        args.context_window,
    )?;
    let scanner = Scanner::new(config).map_err(|e| e.to_string())?;

    let is_stdin = args.path.as_os_str() == "-";
    if args.in_place && is_stdin {
        return Err("--in-place needs a file, not standard input".into());
    }
    let display = args.path.display().to_string();
    let data = if is_stdin {
        let mut data = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut data)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        data
    } else {
        fs::read(&args.path).map_err(|e| format!("cannot read {display}: {e}"))?
    };
    // Masked in memory first: on any error nothing has been written.
    let mut out = Vec::with_capacity(data.len());
    let summary = masker
        .mask_append(&scanner, &data, &mut out)
        .map_err(|e| e.to_string())?;
    // Masking a value can make its neighbours read as card data; mask those too.
    masker.settle(&scanner, &mut out);
    if summary.fallbacks > 0 {
        eprintln!(
            "leaksift: {display}: {} value(s) could not be tokenized or pseudonymized and were masked instead",
            summary.fallbacks
        );
    }
    if args.in_place {
        replace_atomically(&args.path, &out).map_err(|e| format!("cannot replace {display}: {e}"))
    } else {
        let stdout = io::stdout();
        let mut lock = stdout.lock();
        lock.write_all(&out)
            .and_then(|()| lock.flush())
            .map_err(|e| format!("cannot write output: {e}"))
    }
}

/// Writes `data` to a new file beside `path`, flushes it to disk, gives it
/// the original's permissions and renames it over `path`. A crash leaves
/// either the old file or the new one (and maybe a stray temporary file),
/// never a mix.
fn replace_atomically(path: &Path, data: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let permissions = fs::metadata(path)?.permissions();
    let mut attempt = 0;
    let (temp, mut file) = loop {
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".leaksift-{}-{attempt}.tmp", std::process::id()));
        let temp = dir.join(temp_name);
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(file) => break (temp, file),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    };
    let written = file
        .write_all(data)
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::set_permissions(&temp, permissions))
        .and_then(|()| fs::rename(&temp, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    // Make the rename itself durable where the platform allows it.
    if let Ok(dir) = fs::File::open(&dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[derive(clap::Args, Debug)]
pub struct DetokenizeArgs {
    /// Tokens to restore; without any, one token per line is read from
    /// standard input. Originals are printed one per line, in order.
    tokens: Vec<String>,
    /// The kind the tokens were made for.
    #[arg(long, default_value = "pan")]
    kind: String,
    #[command(flatten)]
    token_args: TokenArgs,
}

pub fn detokenize(args: DetokenizeArgs) -> Result<(), String> {
    let kind = Kind::ALL
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(args.kind.trim()))
        .ok_or_else(|| format!("unknown kind {:?}", args.kind))?;
    if args.token_args.key_file.is_none() {
        return Err("detokenize needs the key the tokens were made with: pass --key-file".into());
    }
    let masker = args.token_args.masker(Policy::new())?;
    let tokens: Vec<Vec<u8>> = if args.tokens.is_empty() {
        let mut lines = Vec::new();
        for line in io::stdin().lock().split(b'\n') {
            let mut line = line.map_err(|e| format!("cannot read standard input: {e}"))?;
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            lines.push(line);
        }
        lines
    } else {
        args.tokens.into_iter().map(String::into_bytes).collect()
    };
    // All or nothing: a failing token stops before anything is printed.
    let mut out = Vec::new();
    for (i, mut token) in tokens.into_iter().enumerate() {
        masker
            .detokenize(kind, &mut token)
            .map_err(|e| format!("token {}: {e}", i + 1))?;
        out.extend_from_slice(&token);
        out.push(b'\n');
    }
    let stdout = io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(&out)
        .and_then(|()| lock.flush())
        .map_err(|e| format!("cannot write output: {e}"))
}
