//! A labeled corpus: CRM-like JSON lines, logs and form bodies with planted
//! sensitive values of every kind and their exact spans (the ground truth),
//! among realistic bait — order and invoice numbers, millisecond timestamps,
//! IMEIs, UUIDs, git SHAs, 24-digit references, HTTP status codes, ports,
//! decimal scores, base64 images, part numbers and ZIP+4 codes, dates, IPs,
//! SSH remotes and `@2x` asset names, password hashes and CSRF tokens, AWS
//! resource ids, IBANs with broken check digits, GitHub tokens with broken
//! checksums. Documented test values (test card numbers, `example.com`
//! addresses, 555-01xx phones, 078-05-1120) are planted too, labeled
//! synthetic.
//!
//! ```
//! use leaksift_benches::labeled::labeled_corpus;
//!
//! let corpus = labeled_corpus(100, 1);
//! assert!(!corpus.labels.is_empty());
//! let first = &corpus.labels[0];
//! assert!(first.end <= corpus.data.len());
//! ```

use crate::{card_number, Rng};

/// One planted value: what a perfect scanner reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The kind's stable name (`Kind::as_str`).
    pub kind: &'static str,
    /// Byte span in [`Labeled::data`].
    pub start: usize,
    /// End of the span (exclusive).
    pub end: usize,
    /// Whether the value is a documented test value or otherwise synthetic.
    pub synthetic: bool,
}

/// The corpus and its ground truth.
pub struct Labeled {
    /// JSON lines.
    pub data: Vec<u8>,
    /// Every planted value, in order of start.
    pub labels: Vec<Label>,
}

/// The kinds this corpus plants and labels; findings of other kinds are not
/// scored against it.
pub const LABELED_KINDS: &[&str] = &[
    "pan",
    "cvv",
    "track_data",
    "ssn",
    "itin",
    "iban",
    "routing_number",
    "email",
    "phone",
    "secret",
];

struct Writer {
    data: Vec<u8>,
    labels: Vec<Label>,
}

impl Writer {
    fn text(&mut self, text: &str) -> &mut Self {
        self.data.extend_from_slice(text.as_bytes());
        self
    }

    fn value(&mut self, kind: &'static str, value: &[u8]) -> &mut Self {
        self.labeled(kind, value, false)
    }

    /// A documented test value: a perfect scanner reports it as synthetic.
    fn test_value(&mut self, kind: &'static str, value: &[u8]) -> &mut Self {
        self.labeled(kind, value, true)
    }

    fn labeled(&mut self, kind: &'static str, value: &[u8], synthetic: bool) -> &mut Self {
        let start = self.data.len();
        self.data.extend_from_slice(value);
        self.labels.push(Label {
            kind,
            start,
            end: self.data.len(),
            synthetic,
        });
        self
    }
}

/// Issuer prefixes for planted cards (unambiguous ranges) and their lengths.
const BRANDS: &[(&str, usize)] = &[
    ("4", 16),
    ("4", 13),
    ("51", 16),
    ("55", 16),
    ("2221", 16),
    ("34", 15),
    ("37", 15),
    ("6011", 16),
    ("3530", 16),
    ("36", 14),
    ("620", 19),
    ("2200", 16),
];

const NAMES: [&str; 3] = ["DOE/JANE", "NGUYEN/HIRO", "SILVA/ANA M"];
const STATUSES: [&str; 3] = ["200", "201", "404"];

fn grouped(digits: &[u8], groups: &[usize], separator: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 0;
    for (i, &g) in groups.iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        out.extend_from_slice(&digits[at..at + g]);
        at += g;
    }
    out
}

/// A card printed the way the systems that leak them print it.
fn printed_card(rng: &mut Rng) -> (Vec<u8>, bool) {
    let &(prefix, len) = rng.pick(BRANDS);
    let digits = card_number(rng, prefix, len);
    let separator = *rng.pick(b" -");
    let printed = match (len, rng.below(3)) {
        (15, 0) => grouped(&digits, &[4, 6, 5], separator),
        (14, 0) => grouped(&digits, &[4, 6, 4], separator),
        (16, 0) | (19, 0) => {
            let fours: Vec<usize> = (0..len / 4)
                .map(|_| 4)
                .chain((len % 4 > 0).then_some(len % 4))
                .collect();
            grouped(&digits, &fours, separator)
        }
        _ => digits,
    };
    let short_contiguous = printed.len() < 14;
    (printed, short_contiguous)
}

fn digits(rng: &mut Rng, n: usize) -> String {
    let mut out = Vec::new();
    rng.digits(&mut out, n);
    String::from_utf8(out).expect("digits")
}

fn token_upper(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[rng.below(32) as usize]))
        .collect()
}

fn hex(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b"0123456789abcdef"[rng.below(16) as usize]))
        .collect()
}

fn planted(rng: &mut Rng, w: &mut Writer) {
    match rng.below(14) {
        0 => {
            let (card, _) = printed_card(rng);
            w.text("{\"type\":\"payment_sync\",\"card\":{\"number\":\"")
                .value("pan", &card)
                .text("\",\"cvc\":\"")
                .value("cvv", digits(rng, 3).as_bytes())
                .text("\"},\"amount\":")
                .text(&digits(rng, 4))
                .text("}\n");
        }
        1 => {
            let (card, short) = printed_card(rng);
            let cvv_len = 3 + rng.below(2) as usize;
            let lead = if short {
                "card "
            } else {
                *rng.pick(&["paid with ", "card ", "number is ", "cc: ", ""])
            };
            w.text("{\"type\":\"case\",\"Description\":\"Customer read ")
                .text(lead)
                .value("pan", &card)
                .text(" exp 0")
                .text(&(1 + rng.below(9)).to_string())
                .text("/2")
                .text(&(6 + rng.below(4)).to_string())
                .text(", security code ")
                .value("cvv", digits(rng, cvv_len).as_bytes())
                .text(" over the phone.\"}\n");
        }
        2 => {
            let card = card_number(rng, "4", 16);
            let start = w.data.len() + "{\"type\":\"pos_log\",\"msg\":\"swipe ".len();
            w.text("{\"type\":\"pos_log\",\"msg\":\"swipe ;")
                .value("pan", &card)
                .text("=2")
                .text(&(6 + rng.below(4)).to_string())
                .text("1")
                .text(&rng.below(3).to_string())
                .text("101")
                .text(&digits(rng, 13))
                .text("?");
            let end = w.data.len();
            w.labels.push(Label {
                kind: "track_data",
                start,
                end,
                synthetic: false,
            });
            w.text(" ok\"}\n");
        }
        3 => {
            let card = card_number(rng, "51", 16);
            let start = w.data.len() + "{\"type\":\"pos_log\",\"raw\":\"".len();
            w.text("{\"type\":\"pos_log\",\"raw\":\"%B")
                .value("pan", &card)
                .text("^")
                .text(rng.pick::<&str>(&NAMES))
                .text("^2811101")
                .text(&digits(rng, 12))
                .text("?");
            let end = w.data.len();
            w.labels.push(Label {
                kind: "track_data",
                start,
                end,
                synthetic: false,
            });
            w.text("\"}\n");
        }
        4 => {
            w.text("cardNumber=")
                .value("pan", &card_number(rng, "37", 15))
                .text("&cvv2=")
                .value("cvv", digits(rng, 4).as_bytes())
                .text("&exp=1129\n");
        }
        5 => {
            w.text("<payment><cardCode>")
                .value("cvv", digits(rng, 3).as_bytes())
                .text("</cardCode><status>")
                .text(rng.pick::<&str>(&STATUSES))
                .text("</status></payment>\n");
        }
        6..=9 => planted_identifiers(rng, w),
        10..=12 => planted_secret(rng, w),
        _ => planted_test_values(rng, w),
    }
}

const EMAIL_DOMAINS: [&str; 6] = [
    "gmail.com",
    "acme-corp.io",
    "mail.globex.co.uk",
    "outlook.de",
    "sales.initech.com",
    "yahoo.fr",
];

fn email(rng: &mut Rng) -> String {
    let first = rng.pick(&["ana", "ben", "hiro", "ines", "j", "farid"]);
    let last = rng.pick(&["garcia", "okafor", "nguyen", "schmidt", "o.brien"]);
    let sep = rng.pick(&[".", "_", "+crm.", ""]);
    format!(
        "{first}{sep}{last}{}@{}",
        rng.below(100),
        rng.pick(&EMAIL_DOMAINS)
    )
}

/// An SSN the SSA could have issued: area 001–899 except 666, group and
/// serial not zero, and outside the advertising block 987-65-432x.
fn ssn(rng: &mut Rng) -> (u64, u64, u64) {
    let area = 1 + rng.below(898);
    let area = if area == 666 { 667 } else { area };
    (area, 1 + rng.below(99), 1 + rng.below(9999))
}

/// An ITIN: 9xx with a group the IRS assigns to ITINs.
fn itin(rng: &mut Rng) -> (u64, u64, u64) {
    let group = *rng.pick(&[50, 57, 65, 70, 78, 88, 90, 92, 94, 99]);
    (900 + rng.below(100), group, 1 + rng.below(9999))
}

/// An ABA routing number with an assigned prefix and the 3-7-1 checksum.
fn routing_number(rng: &mut Rng) -> String {
    let prefix = *rng.pick(&[1, 2, 5, 11, 12, 21, 26, 31, 32, 61, 67, 71, 72]);
    let mut d: Vec<u64> = vec![prefix / 10, prefix % 10];
    d.extend((0..6).map(|_| rng.below(10)));
    let weighted = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5]);
    d.push((10 - weighted % 10) % 10);
    d.iter().map(|x| char::from(b'0' + *x as u8)).collect()
}

/// An IBAN for one of a few registry countries (BBAN of digits, or bank
/// letters then digits), check digits by ISO 7064 MOD 97-10.
fn iban_number(rng: &mut Rng) -> String {
    let &(country, letters, digit_count) = rng.pick(&[
        ("DE", 0usize, 18usize),
        ("GB", 4, 14),
        ("NL", 4, 10),
        ("FR", 0, 23),
        ("ES", 0, 20),
    ]);
    let mut bban: String = (0..letters)
        .map(|_| char::from(b'A' + rng.below(26) as u8))
        .collect();
    bban.push_str(&digits(rng, digit_count));
    let numeric: String = bban
        .chars()
        .chain(country.chars())
        .chain("00".chars())
        .map(|c| c.to_digit(36).expect("alphanumeric").to_string())
        .collect();
    let remainder = numeric
        .bytes()
        .fold(0u32, |r, d| (r * 10 + u32::from(d - b'0')) % 97);
    let compact = format!("{country}{:02}{bban}", 98 - remainder);
    if rng.chance(50) {
        compact
    } else {
        let groups: Vec<&str> = compact
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).expect("ascii"))
            .collect();
        groups.join(" ")
    }
}

fn planted_identifiers(rng: &mut Rng, w: &mut Writer) {
    match rng.below(4) {
        0 => {
            let (area, group, serial) = ssn(rng);
            w.text("{\"type\":\"contact\",\"Email\":\"")
                .value("email", email(rng).as_bytes())
                .text("\",\"Phone\":\"")
                .value("phone", nanp_phone(rng).as_bytes())
                .text("\",\"MailingPostalCode\":\"0")
                .text(&digits(rng, 4))
                .text("\",\"SSN__c\":\"")
                .value(
                    "ssn",
                    format!("{area:03}-{group:02}-{serial:04}").as_bytes(),
                )
                .text("\"}\n");
        }
        1 => {
            let (area, group, serial) = itin(rng);
            let (s_area, s_group, s_serial) = ssn(rng);
            w.text("{\"type\":\"case\",\"Description\":\"Taxpayer ITIN ")
                .value("itin", format!("{area}-{group:02}-{serial:04}").as_bytes())
                .text(" on file, spouse SSN ")
                .value(
                    "ssn",
                    format!("{s_area:03}{s_group:02}{s_serial:04}").as_bytes(),
                )
                .text(", call back on ")
                .value("phone", nanp_phone(rng).as_bytes())
                .text(".\"}\n");
        }
        2 => {
            w.text("{\"type\":\"payout\",\"routing_number\":\"")
                .value("routing_number", routing_number(rng).as_bytes())
                .text("\",\"account_number\":\"")
                .text(&digits(rng, 10))
                .text("\",\"iban\":\"")
                .value("iban", iban_number(rng).as_bytes())
                .text("\",\"amount\":")
                .text(&digits(rng, 5))
                .text("}\n");
        }
        _ => {
            w.text("2026-11-24T10:")
                .text(&format!("{:02}", rng.below(60)))
                .text(":00Z INFO webhook contact.updated email=")
                .value("email", email(rng).as_bytes())
                .text(" ABA ")
                .value("routing_number", routing_number(rng).as_bytes())
                .text(" payout to ")
                .value("iban", iban_number(rng).as_bytes())
                .text(" tel ")
                .value("phone", format!("+44 20 7{}", digits(rng, 7)).as_bytes())
                .text("\n");
        }
    }
}

/// A NANP number outside the fictional 555-01xx block (which is a test
/// value) and the N11 service codes.
fn nanp_phone(rng: &mut Rng) -> String {
    let area = rng.pick(&[212, 312, 415, 617, 713, 206, 303, 512]);
    let exchange = 200 + rng.below(700);
    let exchange = if exchange % 100 == 11 || exchange == 555 {
        exchange + 1
    } else {
        exchange
    };
    let line = rng.below(10_000);
    match rng.below(3) {
        0 => format!("({area}) {exchange}-{line:04}"),
        1 => format!("+1 {area}-{exchange}-{line:04}"),
        _ => format!("{area}.{exchange}.{line:04}"),
    }
}

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn base62(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| char::from(*rng.pick(BASE62))).collect()
}

/// CRC-32 (IEEE, reflected, bit by bit): an oracle independent of the
/// table-driven one in the scanner.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A classic GitHub token: 30 random base62 characters and their CRC-32 in
/// six base62 digits.
fn github_token(rng: &mut Rng) -> String {
    let body = base62(rng, 30);
    let mut crc = crc32(body.as_bytes());
    let mut checksum = [b'0'; 6];
    for slot in checksum.iter_mut().rev() {
        *slot = BASE62[(crc % 62) as usize];
        crc /= 62;
    }
    let prefix = rng.pick(&["ghp_", "gho_", "ghs_"]);
    format!(
        "{prefix}{body}{}",
        std::str::from_utf8(&checksum).expect("ascii")
    )
}

fn aws_key_id(rng: &mut Rng) -> String {
    const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let body: String = (0..16).map(|_| char::from(*rng.pick(BASE32))).collect();
    format!("AKIA{body}")
}

fn planted_secret(rng: &mut Rng, w: &mut Writer) {
    match rng.below(5) {
        0 => {
            w.text("AWS_ACCESS_KEY_ID=")
                .value("secret", aws_key_id(rng).as_bytes())
                .text("\nAWS_REGION=us-east-1\n");
        }
        1 => {
            let len = 24 + rng.below(76) as usize;
            let key = format!("sk_live_{}", base62(rng, len));
            w.text("{\"integration\":\"stripe\",\"secret\":\"")
                .value("secret", key.as_bytes())
                .text("\",\"account\":\"acct_")
                .text(&digits(rng, 8))
                .text("\"}\n");
        }
        2 => {
            w.text("git remote set-url origin https://x-access-token:")
                .value("secret", github_token(rng).as_bytes())
                .text("@github.com/acme/crm-sync.git\n");
        }
        3 => {
            let token = format!(
                "xoxb-{}-{}-{}",
                digits(rng, 11),
                digits(rng, 13),
                base62(rng, 24)
            );
            w.text("slack.notify token=")
                .value("secret", token.as_bytes())
                .text(" channel=C")
                .text(&digits(rng, 8))
                .text("\n");
        }
        _ => {
            let key = format!("AIza{}", base62(rng, 35));
            w.text("{\"maps\":{\"apiKey\":\"")
                .value("secret", key.as_bytes())
                .text("\"}}\n");
        }
    }
}

/// Documented test values, which a scanner must report as synthetic.
fn planted_test_values(rng: &mut Rng, w: &mut Writer) {
    let card: &str = rng.pick::<&str>(&[
        "4111 1111 1111 1111",
        "4242424242424242",
        "5555-5555-5555-4444",
        "378282246310005",
    ]);
    w.text("{\"type\":\"sandbox_contact\",\"Email\":\"")
        .test_value(
            "email",
            format!("qa{}@example.com", rng.below(1000)).as_bytes(),
        )
        .text("\",\"Phone\":\"")
        .test_value(
            "phone",
            format!("(212) 555-01{:02}", rng.below(100)).as_bytes(),
        )
        .text("\",\"SSN__c\":\"")
        .test_value("ssn", b"078-05-1120")
        .text("\",\"card\":\"")
        .test_value("pan", card.as_bytes())
        .text("\"}\n");
}

fn bait(rng: &mut Rng, w: &mut Writer) {
    let line = match rng.below(20) {
        0 => format!(
            "{{\"type\":\"order\",\"order_id\":\"{}\",\"invoice\":\"INV-{}\",\"status\":{}}}\n",
            String::from_utf8(card_number(rng, "4", 16)).expect("digits"),
            digits(rng, 8),
            rng.pick(&[200, 404, 500])
        ),
        1 => format!(
            "{{\"ts\":{},\"dur_ms\":{},\"trace\":\"{}-{}-4{}-a{}-{}\"}}\n",
            1_763_900_000_000 + rng.below(1_000_000_000),
            rng.below(5000),
            hex(rng, 8),
            hex(rng, 4),
            hex(rng, 3),
            hex(rng, 3),
            hex(rng, 12)
        ),
        2 => format!(
            "{{\"device\":{{\"imei\":\"{}\",\"serial\":\"SN{}\"}}}}\n",
            String::from_utf8(card_number(rng, "35", 15)).expect("digits"),
            digits(rng, 10)
        ),
        3 => format!("{{\"commit\":\"{}\",\"build\":\"2.{}.{}.{}\"}}\n", hex(rng, 40), rng.below(20), rng.below(10), digits(rng, 4)),
        4 => format!(
            "{{\"ref\":\"{}{}\",\"amount\":\"{}.{:02}\"}}\n",
            String::from_utf8(card_number(rng, "4", 16)).expect("digits"),
            digits(rng, 8),
            rng.below(1000),
            rng.below(100)
        ),
        5 => format!(
            "{{\"score\":0.{},\"port\":443,\"qty\":{}}}\n",
            String::from_utf8(card_number(rng, "4", 16)).expect("digits"),
            rng.below(1000)
        ),
        6 => format!("{{\"logo\":\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk{}\"}}\n", hex(rng, 24)),
        7 => format!(
            "{} INFO sync ok id={} rows={} took {}ms\n",
            1_763_900_000 + rng.below(1_000_000),
            digits(rng, 10),
            rng.below(100_000),
            rng.below(900)
        ),
        8 => format!("{{\"tracking\":\"{}\",\"carrier\":\"ups\"}}\n", String::from_utf8(card_number(rng, "5", 16)).expect("digits")),
        10 => format!(
            "{{\"part\":\"PN-{}-{:02}-{}\",\"zip\":\"02139-{}\",\"ip\":\"10.{}.{}.{}\",\"version\":\"v{}.{}.{}\",\"date\":\"2026-{:02}-{:02}\"}}\n",
            digits(rng, 3),
            rng.below(100),
            digits(rng, 4),
            digits(rng, 4),
            rng.below(256),
            rng.below(256),
            rng.below(256),
            rng.below(10),
            rng.below(30),
            rng.below(100),
            1 + rng.below(12),
            1 + rng.below(28)
        ),
        11 => format!(
            "{{\"qty\":{},\"customer_id\":\"{}\",\"epoch\":{},\"order\":\"{}-{}-{}\"}}\n",
            digits(rng, 9),
            digits(rng, 10),
            1_763_900_000 + rng.below(1_000_000),
            digits(rng, 3),
            digits(rng, 2),
            digits(rng, 4)
        ),
        12 => format!(
            "git clone git@github.com:acme/crm-sync.git && cp logo@2x.png dist/ # @{} {}@{}\n",
            rng.pick(&["ana", "hiro", "ops-team"]),
            rng.pick(&["user", "admin"]),
            rng.pick(&["localhost", "build-agent-7"])
        ),
        13 => format!(
            "{{\"password_hash\":\"$2b$12${}\",\"csrf_token\":\"{}\",\"next_page_token\":\"{}\"}}\n",
            base62(rng, 53),
            hex(rng, 32),
            hex(rng, 16)
        ),
        14 => format!(
            "{{\"iam_user\":\"AIDA{}\",\"role\":\"AROA{}\",\"sha256\":\"{}\",\"request_id\":\"{}\"}}\n",
            token_upper(rng, 16),
            token_upper(rng, 16),
            hex(rng, 64),
            hex(rng, 32)
        ),
        15 => format!(
            "{{\"iban\":\"DE00{}\",\"note\":\"invalid check digits\",\"ticket\":\"{}-{}-{}\"}}\n",
            digits(rng, 18),
            digits(rng, 3),
            digits(rng, 3),
            digits(rng, 4)
        ),
        16 => format!(
            "{{\"token\":\"ghp_{}\",\"note\":\"revoked, checksum broken\",\"duration\":\"{}:{:02}:{:02}\"}}\n",
            base62(rng, 36),
            rng.below(24),
            rng.below(60),
            rng.below(60)
        ),
        17 => format!(
            "{} WARN retry attempt={} latency_ms={} trace_id={} span={} bytes={}\n",
            1_763_900_000_000 + rng.below(1_000_000_000),
            rng.below(5),
            rng.below(10_000),
            hex(rng, 32),
            hex(rng, 16),
            digits(rng, 9)
        ),
        18 => format!(
            "{{\"amount\":\"{}.{:02}\",\"fx_rate\":1.{},\"account_number\":\"{}\",\"phone_ext\":\"x{}\"}}\n",
            rng.below(100_000),
            rng.below(100),
            digits(rng, 6),
            digits(rng, 12),
            digits(rng, 4)
        ),
        _ => format!(
            "{{\"type\":\"contact\",\"Id\":\"003{}AAA\",\"LastModifiedDate\":\"2026-11-{:02}T10:{:02}:00.{:03}Z\"}}\n",
            digits(rng, 12),
            1 + rng.below(28),
            rng.below(60),
            rng.below(1000)
        ),
    };
    w.text(&line);
}

/// `records` JSON lines, about one in five holding planted values, the rest
/// bait; the same for the same seed.
pub fn labeled_corpus(records: usize, seed: u64) -> Labeled {
    let mut rng = Rng::new(seed);
    let mut w = Writer {
        data: Vec::new(),
        labels: Vec::new(),
    };
    for _ in 0..records {
        if rng.chance(20) {
            planted(&mut rng, &mut w);
        } else {
            bait(&mut rng, &mut w);
        }
    }
    let mut labels = w.labels;
    labels.sort_by_key(|l| (l.start, l.end, l.kind));
    Labeled {
        data: w.data,
        labels,
    }
}
