//! Synthetic-data provenance on the command line: the `scan` options for
//! the commingling policy and watermarks, and `leaksift generate`.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::ValueEnum;
use leaksift::{Config, Environment, Generator, Key, Subkind};

/// `scan` options: what the data is declared to be, and the watermark key.
#[derive(clap::Args, Debug)]
pub struct ProvenanceArgs {
    /// Declare the data `production` (synthetic values and markers are
    /// leaks) or `synthetic` (real values are leaks); also reports records
    /// mixing a provenance marker with real values. One record per line.
    #[arg(long, value_enum)]
    environment: Option<EnvironmentArg>,
    /// Key file (hex or raw, as for `mask --key-file`) whose watermarks
    /// mark values made by `leaksift generate` as synthetic.
    #[arg(long, value_name = "FILE")]
    watermark_key_file: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum EnvironmentArg {
    Production,
    Synthetic,
}

/// `config` with the provenance options applied.
pub fn configure(config: Config, args: &ProvenanceArgs) -> Result<Config, String> {
    let mut config = config;
    if let Some(path) = &args.watermark_key_file {
        let key = Key::from_file(path).map_err(|e| e.to_string())?;
        config = config.watermark_key(&key);
    }
    if let Some(environment) = args.environment {
        config = config.environment(match environment {
            EnvironmentArg::Production => Environment::Production,
            EnvironmentArg::Synthetic => Environment::Synthetic,
        });
    }
    Ok(config)
}

/// `leaksift generate`: a synthetic CRM export.
#[derive(clap::Args, Debug)]
pub struct GenerateArgs {
    /// Key file (hex or raw bytes, 16, 24 or 32 bytes) the values are
    /// watermarked with; scan with `--watermark-key-file` and the same file.
    #[arg(long, value_name = "FILE")]
    key_file: PathBuf,
    /// Seed: the same key and seed give the same output.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Number of contact records.
    #[arg(long, default_value_t = 100)]
    records: u64,
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Leave out the `"data_provenance": "synthetic"` marker of each record.
    #[arg(long)]
    no_marker: bool,
}

const FIRST_NAMES: &[&str] = &[
    "Ann", "Ben", "Chloe", "Daniel", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kara",
    "Luis", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Victor",
    "Wen", "Yara", "Zoe",
];
const LAST_NAMES: &[&str] = &[
    "Lee",
    "Garcia",
    "Novak",
    "Okafor",
    "Schmidt",
    "Tanaka",
    "Dubois",
    "Rossi",
    "Kowalski",
    "Johansson",
    "Murphy",
    "Silva",
    "Patel",
    "Nguyen",
    "Brown",
    "Fischer",
    "Moreau",
    "Haddad",
];
const BRANDS: &[(Subkind, &str)] = &[
    (Subkind::Visa, "visa"),
    (Subkind::Visa, "visa"),
    (Subkind::Visa, "visa"),
    (Subkind::Mastercard, "mastercard"),
    (Subkind::Mastercard, "mastercard"),
    (Subkind::Amex, "amex"),
    (Subkind::Discover, "discover"),
    (Subkind::Jcb, "jcb"),
    (Subkind::DinersClub, "diners"),
    (Subkind::UnionPay, "unionpay"),
    (Subkind::Maestro, "maestro"),
];
const COUNTRIES: &[&str] = &[
    "DE", "GB", "FR", "ES", "IT", "NL", "BE", "AT", "IE", "PL", "SE", "CH",
];
const STAGES: &[&str] = &["lead", "prospect", "customer", "churned"];

fn pick<'a, T>(gen: &mut Generator, list: &'a [T]) -> &'a T {
    &list[gen.below(list.len() as u64) as usize]
}

/// A card number printed as cards are: 4-6-5 for 15 digits, else groups
/// of four.
fn grouped(pan: &str) -> String {
    let cuts: &[usize] = if pan.len() == 15 {
        &[4, 10]
    } else {
        &[4, 8, 12, 16]
    };
    let mut out = String::with_capacity(pan.len() + 4);
    for (i, c) in pan.chars().enumerate() {
        if i > 0 && cuts.contains(&i) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

pub fn generate(args: GenerateArgs) -> Result<(), String> {
    let key = Key::from_file(&args.key_file).map_err(|e| e.to_string())?;
    let mut gen = Generator::new(&key, args.seed);
    drop(key);
    let out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    let write_error = |e: io::Error| format!("cannot write output: {e}");
    for n in 1..=args.records {
        let first = *pick(&mut gen, FIRST_NAMES);
        let last = *pick(&mut gen, LAST_NAMES);
        let email = gen.email(first, last);
        let phone = gen.phone();
        let ssn = gen.ssn();
        let &(brand, brand_name) = pick(&mut gen, BRANDS);
        let pan = grouped(&gen.pan(brand).map_err(|e| e.to_string())?);
        let country = *pick(&mut gen, COUNTRIES);
        let iban = gen.iban(country).map_err(|e| e.to_string())?;
        let stage = *pick(&mut gen, STAGES);
        let month = 1 + gen.below(12);
        let year = 27 + gen.below(6);
        let lifetime_value = gen.below(500_000) as f64 / 100.0;
        let marker = if args.no_marker {
            ""
        } else {
            r#","data_provenance":"synthetic""#
        };
        writeln!(
            out,
            r#"{{"id":"C{n:07}","first_name":"{first}","last_name":"{last}","email":"{email}","phone":"{phone}","ssn":"{ssn}","stage":"{stage}","lifetime_value":{lifetime_value:.2},"payment":{{"brand":"{brand_name}","card_number":"{pan}","expiry":"{month:02}/{year}"}},"bank":{{"country":"{country}","iban":"{iban}"}}{marker}}}"#
        )
        .map_err(write_error)?;
    }
    out.flush().map_err(write_error)
}
