//! Deterministic corpora for leaksift's benchmarks: seeded, no downloads.
//!
//! Three workloads, shaped after what the scanner meets in the field:
//! - [`Workload::Crm`]: CRM JSON-lines exports (contacts with e-mail and
//!   phone, cases with free text, payment sync payloads), about 15 % digit
//!   bytes; a card number, security code, SSN, IBAN or API key in a few
//!   percent of records.
//! - [`Workload::Logs`]: integration logs dense in digits (timestamps, ids,
//!   durations, IPs), about 30 % digit bytes; a leaked token now and then.
//! - [`Workload::Prose`]: English-like text with few digits.
//!
//! ```
//! use leaksift_benches::{corpus, Workload};
//!
//! let a = corpus(Workload::Crm, 4096, 7);
//! assert_eq!(a.len(), 4096);
//! assert_eq!(a, corpus(Workload::Crm, 4096, 7)); // same seed, same bytes
//! ```

pub mod labeled;
pub mod naive;

/// A kind of input to benchmark on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    /// CRM JSON-lines export.
    Crm,
    /// Digit-dense integration logs.
    Logs,
    /// Prose with few digits.
    Prose,
}

impl Workload {
    /// Every workload.
    pub const ALL: [Workload; 3] = [Workload::Crm, Workload::Logs, Workload::Prose];

    /// A short lower-case name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Workload::Crm => "crm",
            Workload::Logs => "logs",
            Workload::Prose => "prose",
        }
    }
}

/// A small, fast, seeded generator (SplitMix64): reproducible across
/// platforms and versions, unlike a crate's default RNG.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// `n` random decimal digits.
    pub fn digits(&mut self, out: &mut Vec<u8>, n: usize) {
        out.extend((0..n).map(|_| b'0' + self.below(10) as u8));
    }
}

/// A Luhn-valid card number of `len` digits starting with `prefix`.
pub fn card_number(rng: &mut Rng, prefix: &str, len: usize) -> Vec<u8> {
    let mut digits = prefix.as_bytes().to_vec();
    rng.digits(&mut digits, len - 1 - prefix.len());
    digits.push(leaksift::luhn_check_digit(&digits));
    digits
}

/// A NANP phone number with a valid area code and exchange, printed as
/// `(212) 555-0147`-style or `+1 212-555-0147`-style.
pub fn phone_number(rng: &mut Rng) -> String {
    let area = rng.pick(&[212, 312, 415, 617, 713, 206]);
    let exchange = 200 + rng.below(700);
    let exchange = if exchange % 100 == 11 {
        exchange + 1
    } else {
        exchange
    };
    let line = rng.below(10_000);
    if rng.chance(50) {
        format!("({area}) {exchange}-{line:04}")
    } else {
        format!("+1 {area}-{exchange}-{line:04}")
    }
}

/// A German IBAN with random account digits and correct check digits.
pub fn iban(rng: &mut Rng) -> String {
    let mut bban = Vec::new();
    rng.digits(&mut bban, 18);
    // ISO 7064 MOD 97-10 over BBAN + "DE00" ("D" = 13, "E" = 14).
    let remainder = bban
        .iter()
        .chain(b"131400")
        .fold(0u32, |r, &d| (r * 10 + u32::from(d - b'0')) % 97);
    format!(
        "DE{:02}{}",
        98 - remainder,
        String::from_utf8(bban).expect("digits")
    )
}

/// `n` random letters and digits, as API keys are made.
pub fn token(rng: &mut Rng, n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..n).map(|_| char::from(*rng.pick(ALPHABET))).collect()
}

const FIRST: &[&str] = &[
    "Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jon",
];
const LAST: &[&str] = &[
    "Garcia", "Okafor", "Nguyen", "Schmidt", "Patel", "Rossi", "Kim", "Silva",
];
const WORDS: &[&str] = &[
    "the",
    "customer",
    "asked",
    "about",
    "billing",
    "and",
    "was",
    "told",
    "that",
    "refund",
    "would",
    "arrive",
    "within",
    "days",
    "please",
    "update",
    "address",
    "account",
    "renewal",
    "contract",
    "support",
    "agent",
    "escalated",
    "ticket",
    "resolved",
    "invoice",
    "shipping",
    "delayed",
    "warehouse",
];

fn sentence(rng: &mut Rng, out: &mut Vec<u8>, words: usize) {
    for i in 0..words {
        if i > 0 {
            out.push(b' ');
        }
        out.extend_from_slice(rng.pick(WORDS).as_bytes());
    }
    out.push(b'.');
}

fn crm_record(rng: &mut Rng, out: &mut Vec<u8>) {
    match rng.below(10) {
        0..=4 => {
            let (first, last) = (rng.pick(FIRST), rng.pick(LAST));
            out.extend_from_slice(format!("{{\"type\":\"contact\",\"Id\":\"003{:012}AAA\",\"FirstName\":\"{first}\",\"LastName\":\"{last}\",\"Email\":\"{}.{}@example.com\",\"LastModifiedDate\":\"2026-11-{:02}T{:02}:{:02}:{:02}.{:03}Z\",\"Score\":0.", rng.below(1_000_000_000_000), first.to_lowercase(), last.to_lowercase(), 1 + rng.below(28), rng.below(24), rng.below(60), rng.below(60), rng.below(1000)).as_bytes());
            rng.digits(out, 16);
            out.extend_from_slice(format!(",\"Phone\":\"{}\"", phone_number(rng)).as_bytes());
            if rng.chance(3) {
                out.extend_from_slice(
                    format!(
                        ",\"SSN__c\":\"{}-{:02}-{:04}\"",
                        100 + rng.below(565),
                        1 + rng.below(99),
                        1 + rng.below(9999)
                    )
                    .as_bytes(),
                );
            }
            out.extend_from_slice(b"}\n");
        }
        5..=7 => {
            out.extend_from_slice(
                format!(
                    "{{\"type\":\"case\",\"CaseNumber\":\"{:08}\",\"Description\":\"",
                    rng.below(100_000_000)
                )
                .as_bytes(),
            );
            let words = 8 + rng.below(30) as usize;
            sentence(rng, out, words);
            if rng.chance(4) {
                out.extend_from_slice(b" card ");
                let card = card_number(rng, "4", 16);
                for (i, chunk) in card.chunks(4).enumerate() {
                    if i > 0 {
                        out.push(b' ');
                    }
                    out.extend_from_slice(chunk);
                }
            }
            out.extend_from_slice(format!(" order {}", rng.below(10_000_000_000)).as_bytes());
            out.extend_from_slice(b"\"}\n");
        }
        _ => {
            out.extend_from_slice(format!("{{\"type\":\"payment_sync\",\"amount\":{},\"currency\":\"usd\",\"created\":{},\"payment_method\":{{\"brand\":\"visa\",\"last4\":\"{:04}\"", rng.below(100_000), 1_763_900_000 + rng.below(1_000_000), rng.below(10_000)).as_bytes());
            if rng.chance(10) {
                out.extend_from_slice(b",\"number\":\"");
                let card = card_number(rng, "51", 16);
                out.extend_from_slice(&card);
                out.extend_from_slice(format!("\",\"cvc\":\"{:03}\"", rng.below(1000)).as_bytes());
            }
            if rng.chance(5) {
                out.extend_from_slice(format!(",\"payout_iban\":\"{}\"", iban(rng)).as_bytes());
            }
            if rng.chance(2) {
                out.extend_from_slice(format!(",\"api_key\":\"{}\"", token(rng, 32)).as_bytes());
            }
            out.extend_from_slice(b"}}\n");
        }
    }
}

fn log_line(rng: &mut Rng, out: &mut Vec<u8>) {
    out.extend_from_slice(format!(
        "2026-11-{:02}T{:02}:{:02}:{:02}.{:03}Z INFO service=crm-sync op={} object={} id={} req={:08x} dur={}ms ip=10.{}.{}.{} ts={} rows={} status={} msg=\"{}\"",
        1 + rng.below(28), rng.below(24), rng.below(60), rng.below(60), rng.below(1000),
        rng.pick(&["upsert", "query", "delete", "bulk_load"]), rng.pick(&["Contact", "Case", "Opportunity", "Payment__c"]),
        rng.below(10_000_000_000), rng.below(1 << 32), rng.below(5000), rng.below(256), rng.below(256), rng.below(256),
        1_763_900_000_000 + rng.below(1_000_000_000), rng.below(100_000), rng.pick(&[200, 201, 204, 404, 500]),
        rng.pick(&["batch committed", "retrying after timeout", "upsert ok", "webhook delivered", "rate limited"])
    ).as_bytes());
    if rng.chance(1) {
        out.extend_from_slice(b" card=");
        let card = card_number(rng, "4", 16);
        out.extend_from_slice(&card);
    }
    if rng.chance(1) {
        out.extend_from_slice(format!(" auth_token={}", token(rng, 40)).as_bytes());
    }
    out.push(b'\n');
}

fn prose_paragraph(rng: &mut Rng, out: &mut Vec<u8>) {
    for _ in 0..5 {
        let words = 10 + rng.below(20) as usize;
        sentence(rng, out, words);
        out.push(b' ');
    }
    if rng.chance(10) {
        out.extend_from_slice(
            format!(
                "In {} we moved {} units. ",
                1990 + rng.below(36),
                rng.below(100_000)
            )
            .as_bytes(),
        );
    }
    out.extend_from_slice(b"\n\n");
}

/// `size` bytes of `workload`, the same for the same seed.
pub fn corpus(workload: Workload, size: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed ^ workload as u64);
    let mut out = Vec::with_capacity(size + 1024);
    while out.len() < size {
        match workload {
            Workload::Crm => crm_record(&mut rng, &mut out),
            Workload::Logs => log_line(&mut rng, &mut out),
            Workload::Prose => prose_paragraph(&mut rng, &mut out),
        }
    }
    out.truncate(size);
    out
}

/// Inputs built to hurt: long runs of what detectors look at, each must stay
/// linear-time.
pub fn adversarial(name: &str, size: usize) -> Vec<u8> {
    let unit: &[u8] = match name {
        "digits" => b"7",
        "visa_groups" => b"4111 ",
        "cvv_keywords" => b"cvv:",
        "at_signs" => b"@",
        "base64_line" => b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODkrLw",
        "digit_separator" => b"1-",
        "ssn_shapes" => b"123-45-",
        "phone_parentheses" => b"(212) ",
        "plus_digits" => b"+1 ",
        "iban_heads" => b"DE89 ",
        "keyword_words" => b"ssn phone routing ",
        "pem_begins" => b"-----BEGIN RSA PRIVATE KEY-----\n",
        "jwt_heads" => b"eyJ",
        "key_assignments" => b"token=",
        "url_user_info" => b"://u:p@",
        "local_parts" => b"a.b@c",
        _ => panic!("unknown adversarial input {name}"),
    };
    unit.iter().copied().cycle().take(size).collect()
}

/// The names accepted by [`adversarial`].
pub const ADVERSARIAL: [&str; 16] = [
    "digits",
    "visa_groups",
    "cvv_keywords",
    "at_signs",
    "base64_line",
    "digit_separator",
    "ssn_shapes",
    "phone_parentheses",
    "plus_digits",
    "iban_heads",
    "keyword_words",
    "pem_begins",
    "jwt_heads",
    "key_assignments",
    "url_user_info",
    "local_parts",
];

/// Fraction of ASCII digit bytes in `data`.
pub fn digit_share(data: &[u8]) -> f64 {
    data.iter().filter(|b| b.is_ascii_digit()).count() as f64 / data.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workloads_have_their_digit_density() {
        let crm = digit_share(&corpus(Workload::Crm, 1 << 20, 1));
        let logs = digit_share(&corpus(Workload::Logs, 1 << 20, 1));
        let prose = digit_share(&corpus(Workload::Prose, 1 << 20, 1));
        assert!((0.10..0.22).contains(&crm), "crm {crm}");
        assert!((0.25..0.45).contains(&logs), "logs {logs}");
        assert!(prose < 0.02, "prose {prose}");
    }

    #[test]
    fn crm_corpus_holds_findings() {
        let data = corpus(Workload::Crm, 1 << 20, 3);
        let findings = leaksift::Scanner::default().scan_to_vec(&data);
        for kind in [
            leaksift::Kind::Pan,
            leaksift::Kind::Cvv,
            leaksift::Kind::Ssn,
            leaksift::Kind::Iban,
            leaksift::Kind::Email,
            leaksift::Kind::Phone,
            leaksift::Kind::Secret,
        ] {
            assert!(findings.iter().any(|f| f.kind == kind), "{kind}");
        }
    }
}
