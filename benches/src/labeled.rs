//! A labeled corpus: CRM-like JSON lines with planted sensitive values and
//! their exact spans (the ground truth), among realistic bait — order and
//! invoice numbers, millisecond timestamps, IMEIs, UUIDs, git SHAs, 24-digit
//! references, HTTP status codes, ports, decimal scores, base64 images.
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
pub const LABELED_KINDS: &[&str] = &["pan", "cvv", "track_data"];

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
        let start = self.data.len();
        self.data.extend_from_slice(value);
        self.labels.push(Label {
            kind,
            start,
            end: self.data.len(),
            synthetic: false,
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

fn hex(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b"0123456789abcdef"[rng.below(16) as usize]))
        .collect()
}

fn planted(rng: &mut Rng, w: &mut Writer) {
    match rng.below(6) {
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
        _ => {
            w.text("<payment><cardCode>")
                .value("cvv", digits(rng, 3).as_bytes())
                .text("</cardCode><status>")
                .text(rng.pick::<&str>(&STATUSES))
                .text("</status></payment>\n");
        }
    }
}

fn bait(rng: &mut Rng, w: &mut Writer) {
    let line = match rng.below(10) {
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
