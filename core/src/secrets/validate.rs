//! Pure validators for credential candidates: entropy and placeholder
//! checks for generic values, and the formats of each provider (GitHub's
//! CRC-32 checksum, JWT headers, AWS, Stripe, Slack, Google, Salesforce, PEM
//! blocks, URL user info).
//!
//! The cursor in [`super`] finds candidates by prefix or key name; these
//! functions decide. Every function works on raw bytes, allocates nothing
//! (fixed stack buffers only), never panics, and runs in time linear in its
//! input or bounded by a documented cap.
//!
//! Documented example values (`AKIAIOSFODNN7EXAMPLE`, Stripe's sample test
//! keys, jwt.io's token) are recognised by [`crate::provenance::catalogue::secret`],
//! so that they are reported as test values rather than missed.
//!
//! Format facts are cited next to the code that relies on them. Where a fact
//! comes from public detector rule sets (gitleaks, TruffleHog, Nosey Parker)
//! rather than the vendor's own documentation, the comment says so.

// ---------------------------------------------------------------------------
// Small byte helpers
// ---------------------------------------------------------------------------

#[inline]
fn is_b62(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

#[inline]
fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

#[inline]
fn is_b64_std(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'='
}

#[inline]
fn all(s: &[u8], f: impl Fn(u8) -> bool) -> bool {
    s.iter().all(|&b| f(b))
}

#[inline]
fn len_in(s: &[u8], min: usize, max: usize) -> bool {
    s.len() >= min && s.len() <= max
}

#[inline]
fn starts_with_ci(s: &[u8], p: &[u8]) -> bool {
    s.len() >= p.len() && s[..p.len()].eq_ignore_ascii_case(p)
}

#[inline]
fn ends_with_ci(s: &[u8], p: &[u8]) -> bool {
    s.len() >= p.len() && s[s.len() - p.len()..].eq_ignore_ascii_case(p)
}

/// Case-insensitive substring search (`needle` is short; O(n·m) is fine).
fn find_ci_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    let last = hay.len() - needle.len();
    // The first byte alone rules out almost every position; comparing it
    // first made placeholder checks (dozens of words per value) 5x cheaper.
    let first = needle[0].to_ascii_lowercase();
    let mut i = from;
    while i <= last {
        if hay[i].to_ascii_lowercase() == first
            && hay[i..i + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

#[inline]
fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    find_ci_from(hay, needle, 0).is_some()
}

#[inline]
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// `needle` occurs case-insensitively as a "word": not glued to a letter on
/// either side, except across a camelCase boundary (`myTestKey` → `Test`).
fn contains_word_ci(s: &[u8], needle: &[u8]) -> bool {
    let mut from = 0;
    while let Some(i) = find_ci_from(s, needle, from) {
        let j = i + needle.len();
        let left_ok = i == 0 || !s[i - 1].is_ascii_alphabetic() || {
            s[i - 1].is_ascii_lowercase() && s[i].is_ascii_uppercase()
        };
        let right_ok = j == s.len() || !s[j].is_ascii_alphabetic() || {
            s[j].is_ascii_uppercase() && s[j - 1].is_ascii_lowercase()
        };
        if left_ok && right_ok {
            return true;
        }
        from = i + 1;
    }
    false
}

/// Longest run of one repeated byte.
fn max_run(s: &[u8]) -> usize {
    let mut best = 0;
    let mut run = 0;
    let mut prev = None;
    for &b in s {
        if Some(b) == prev {
            run += 1;
        } else {
            run = 1;
            prev = Some(b);
        }
        best = best.max(run);
    }
    best
}

/// Cheap filter for the variable part of fixed-shape tokens: a run of 6+
/// identical bytes or an `xxxx` block means a hand-written placeholder
/// (`AIzaXXXXXXXX…`, `…/XXXXXXXXXXXXXXXXXXXXXXXX`). For a random base62 body
/// of 40 chars the chance of either is below 1e-4.
fn has_placeholder_run(s: &[u8]) -> bool {
    max_run(s) >= 6 || contains_ci(s, b"xxxx")
}

fn split_at_byte(s: &[u8], sep: u8) -> Option<(&[u8], &[u8])> {
    let i = s.iter().position(|&b| b == sep)?;
    Some((&s[..i], &s[i + 1..]))
}

// ---------------------------------------------------------------------------
// 1. Entropy, placeholders, generic randomness
// ---------------------------------------------------------------------------

/// Shannon entropy of the byte distribution of `s`, in bits per byte
/// (0.0 for empty input, at most 8.0).
///
/// Runs for every value a secret key names. The terms are summed in byte
/// order, visiting only the bytes present (a bit set, not 256 buckets), and
/// a count's term is computed once (`log2` was most of the cost; a random
/// token's bytes occur once or twice): the same additions in the same order
/// as summing over all 256 buckets, so the same result to the bit.
pub(crate) fn shannon_entropy_bits(s: &[u8]) -> f32 {
    if s.is_empty() {
        return 0.0;
    }
    let mut hist = [0u32; 256];
    let mut present = [0u64; 4];
    for &b in s {
        hist[usize::from(b)] += 1;
        present[usize::from(b >> 6)] |= 1 << (b & 63);
    }
    let n = s.len() as f64;
    let term = |c: u32| {
        let p = f64::from(c) / n;
        p * p.log2()
    };
    // Terms of the counts 1 to 8, filled as they are first needed.
    let mut small = [f64::NAN; 8];
    let mut h = 0.0f64;
    for (word, &bits) in present.iter().enumerate() {
        let mut bits = bits;
        while bits != 0 {
            let byte = word * 64 + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let c = hist[byte];
            let t = match small.get_mut(c as usize - 1) {
                Some(known) if !known.is_nan() => *known,
                Some(slot) => {
                    *slot = term(c);
                    *slot
                }
                None => term(c),
            };
            h -= t;
        }
    }
    h.max(0.0) as f32
}

/// Minimum length accepted by [`looks_random`].
pub(crate) const RANDOM_MIN_LEN: usize = 16;
/// Maximum length accepted by [`looks_random`] (longer values are blobs,
/// certificates or documents, not key-like values; also bounds the cost).
pub(crate) const RANDOM_MAX_LEN: usize = 1024;

/// Entropy threshold (bits/byte) for a candidate of length `n`.
///
/// Justification: the *empirical* entropy of a short string is bounded by
/// `log2(n)`, so a fixed threshold (e.g. detect-secrets' 4.5 for base64)
/// rejects every random token shorter than ~24 chars. Simulating 20 000
/// uniformly random tokens per length, the 0.01th percentile of empirical
/// entropy was: base62 n=16 → 3.02, n=24 → 3.64, n=32 → 3.99, n=40 → 4.26,
/// n=64 → 4.76, n=100 → 5.12 (base64 and "password alphabet" tokens are
/// slightly higher). `0.72·log2(n)` stays below that percentile at every
/// length (16 → 2.88, 32 → 3.60, 64 → 4.32) and is capped at 4.5 bits, so
/// fewer than 1 in 10 000 random tokens fail on entropy alone; structure
/// checks (classes, repeats, words) do the rest of the filtering.
fn entropy_threshold(n: usize) -> f32 {
    let t = 0.72 * (n.max(1) as f32).log2();
    t.min(4.5)
}

/// Whole-value (case-insensitive) placeholder words.
const PLACEHOLDER_EXACT: &[&[u8]] = &[
    b"password",
    b"passwd",
    b"pass",
    b"pwd",
    b"secret",
    b"token",
    b"apikey",
    b"api_key",
    b"api-key",
    b"key",
    b"null",
    b"nil",
    b"none",
    b"undefined",
    b"true",
    b"false",
    b"empty",
    b"default",
    b"string",
    b"value",
    b"tbd",
    b"n/a",
    b"na",
    b"hidden",
    b"masked",
    b"required",
    b"foo",
    b"bar",
    b"baz",
    b"foobar",
    b"%s",
    b"%v",
    b"%d",
];

/// Case-insensitive substrings that mark a placeholder anywhere in the value.
/// All are ≥ 4 chars, so the chance of one occurring by accident in a random
/// 32-char base62 token is ~1e-5 or less per word.
const PLACEHOLDER_ANYWHERE: &[&[u8]] = &[
    b"xxxx",
    b"****",
    b"changeme",
    b"change_me",
    b"change-me",
    b"changeit",
    b"replace_me",
    b"replaceme",
    b"replace-me",
    b"replace_with",
    b"replace-with",
    b"example",
    b"dummy",
    b"sample",
    b"placeholder",
    b"redacted",
    b"notreal",
    b"not_real",
    b"not-real",
    b"not_a_real",
    b"insert_",
    b"insert-",
    b"enter_your",
    b"enter-your",
    b"goes_here",
    b"goes-here",
    b"_here",
    b"-here",
    b"yourapi",
    b"yourkey",
    b"yoursecret",
    b"yourtoken",
    b"yourpass",
    b"lorem",
    b"ipsum",
];

/// Short words that mark a placeholder only as a separate word (so that
/// `Contest2024` or `fakeroot`-like random text is not caught by accident).
const PLACEHOLDER_WORDS: &[&[u8]] = &[
    b"test", b"your", b"fake", b"todo", b"fixme", b"demo", b"mock",
];

/// Prefixes of *references* to a secret rather than the secret itself.
const REFERENCE_PREFIXES: &[&[u8]] = &[
    b"process.env.",
    b"process.env[",
    b"import.meta.env.",
    b"os.environ",
    b"os.getenv",
    b"system.getenv",
    b"getenv(",
    b"env(",
    b"env.",
    b"env[",
    b"deno.env",
    b"secrets.",
    b"vars.",
    b"settings.",
    b"config.",
];

/// Strip ASCII whitespace and one layer of matching quotes.
fn trim_value(s: &[u8]) -> &[u8] {
    let s = s.trim_ascii();
    if s.len() >= 2 {
        let (f, l) = (s[0], s[s.len() - 1]);
        if f == l && matches!(f, b'"' | b'\'' | b'`') {
            return s[1..s.len() - 1].trim_ascii();
        }
    }
    s
}

fn is_template(s: &[u8]) -> bool {
    let n = s.len();
    if n == 0 {
        return false;
    }
    // Opening template syntax; closing part not required (candidates may be cut).
    for p in [&b"${"[..], b"{{", b"#{", b"$(", b"%(", b"<%", b"[["] {
        if s.starts_with(p) {
            return true;
        }
    }
    let (f, l) = (s[0], s[n - 1]);
    if n >= 2 && matches!((f, l), (b'<', b'>') | (b'{', b'}') | (b'[', b']')) {
        return true;
    }
    if n >= 3 && matches!((f, l), (b'%', b'%') | (b'@', b'@')) {
        return true;
    }
    if n >= 5 && s.starts_with(b"__") && s.ends_with(b"__") {
        return true;
    }
    // `$NAME` / `$name` shell or PHP variable (not mixed case: `$ecretP4ss`
    // could be a real password).
    if f == b'$' && n >= 2 {
        let id = &s[1..];
        let ident = (id[0].is_ascii_alphabetic() || id[0] == b'_')
            && all(id, |b| b.is_ascii_alphanumeric() || b == b'_');
        let upper = all(id, |b| !b.is_ascii_lowercase());
        let lower = all(id, |b| !b.is_ascii_uppercase());
        if ident && (upper || lower) {
            return true;
        }
    }
    REFERENCE_PREFIXES.iter().any(|p| starts_with_ci(s, p))
}

/// True when `s` is an obvious placeholder / template / reference rather than
/// a literal secret value.
///
/// Recognised (case-insensitive; surrounding whitespace and one layer of
/// quotes are ignored): empty values; one repeated char (`********`,
/// `xxxxxxxx`, `00000000`); values without any alphanumeric (`...`, `•••`);
/// template syntax (`${SECRET}`, `{{ .Pass }}`, `<API_KEY>`, `%PASS%`,
/// `@db.password@`, `__TOKEN__`, `$API_KEY`, `{api_key}`, `[REDACTED]`);
/// references (`process.env.X`, `os.environ[...]`, `secrets.X`, `config.x`);
/// whole-value words (`password`, `secret`, `token`, `null`, `%s`, …);
/// marker substrings (`xxxx`, `****`, `changeme`, `REPLACE_ME`, `example`,
/// `dummy`, `sample`, `placeholder`, `redacted`, `…_here`, `yourapikey`, …)
/// and marker words (`test`, `your`, `fake`, `todo`, `demo`, `mock`).
pub(crate) fn is_placeholder(s: &[u8]) -> bool {
    let s = trim_value(s);
    if s.is_empty() {
        return true;
    }
    if s.len() >= 3 && all(s, |b| b == s[0]) {
        return true;
    }
    if !s.iter().any(|b| b.is_ascii_alphanumeric()) {
        return true;
    }
    if is_template(s) {
        return true;
    }
    if PLACEHOLDER_EXACT.iter().any(|w| s.eq_ignore_ascii_case(w)) {
        return true;
    }
    // Most marker words hold a pair of letters the value does not: that
    // rules them out without a search (dozens of words per value made this
    // check the costliest part of reading a random value).
    let present = Bigrams::of(s);
    if PLACEHOLDER_ANYWHERE
        .iter()
        .zip(&ANYWHERE_BIGRAMS)
        .any(|(w, pairs)| present.holds(pairs) && contains_ci(s, w))
    {
        return true;
    }
    PLACEHOLDER_WORDS
        .iter()
        .zip(&WORD_BIGRAMS)
        .any(|(w, pairs)| present.holds(pairs) && contains_word_ci(s, w))
}

/// A set of the pairs of adjacent bytes of a text, ignoring ASCII case,
/// hashed into 256 bits: a word can occur in a text only if the text's set
/// holds the word's.
#[derive(Clone, Copy)]
struct Bigrams([u64; 4]);

impl Bigrams {
    const fn slot(a: u8, b: u8) -> usize {
        (a.to_ascii_lowercase().wrapping_mul(31) ^ b.to_ascii_lowercase()) as usize
    }

    const fn of(text: &[u8]) -> Bigrams {
        let mut set = [0u64; 4];
        let mut i = 1;
        while i < text.len() {
            let slot = Bigrams::slot(text[i - 1], text[i]);
            set[slot / 64] |= 1 << (slot % 64);
            i += 1;
        }
        Bigrams(set)
    }

    fn holds(&self, other: &Bigrams) -> bool {
        (0..4).all(|i| other.0[i] & !self.0[i] == 0)
    }

    const fn of_each<const N: usize>(words: &[&[u8]]) -> [Bigrams; N] {
        let mut sets = [Bigrams([0; 4]); N];
        let mut i = 0;
        while i < N {
            sets[i] = Bigrams::of(words[i]);
            i += 1;
        }
        sets
    }
}

const ANYWHERE_BIGRAMS: [Bigrams; PLACEHOLDER_ANYWHERE.len()] =
    Bigrams::of_each(PLACEHOLDER_ANYWHERE);
const WORD_BIGRAMS: [Bigrams; PLACEHOLDER_WORDS.len()] = Bigrams::of_each(PLACEHOLDER_WORDS);

/// Base64 text of common image / document formats (not secrets).
fn is_media_base64(s: &[u8]) -> bool {
    const PREFIXES: &[&[u8]] = &[
        b"iVBORw0KGgo", // PNG  \x89PNG\r\n\x1a\n
        b"/9j/",        // JPEG \xff\xd8\xff
        b"R0lGOD",      // GIF  "GIF8"
        b"UklGR",       // RIFF (WebP)
        b"PHN2Zy",      // "<svg"
        b"PD94bWwg",    // "<?xml "
        b"JVBERi0",     // PDF  "%PDF-"
        b"SUkqAA",      // TIFF little-endian
        b"AAAA",        // leading zero bytes (ISO-BMFF / ICO / fonts)
    ];
    starts_with_ci(s, b"data:") || PREFIXES.iter().any(|p| s.starts_with(p))
}

/// `8-4-4-4-12` hex UUID, any case, optionally in braces.
fn is_uuid(s: &[u8]) -> bool {
    let s = match s {
        [b'{', inner @ .., b'}'] => inner,
        _ => s,
    };
    s.len() == 36
        && s.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Hex digests, git SHAs, UUIDs, MACs, fingerprints: only hex digits plus
/// `-`/`:` separators (an optional `0x` prefix is ignored).
fn is_hexish(s: &[u8]) -> bool {
    let s = if starts_with_ci(s, b"0x") { &s[2..] } else { s };
    let hex = s.iter().filter(|b| b.is_ascii_hexdigit()).count();
    hex >= 8 && all(s, |b| b.is_ascii_hexdigit() || b == b'-' || b == b':')
}

/// More than half of adjacent pairs are equal or consecutive
/// (`abcdefghijklmnop`, `aaaa…`, `1234567890…`, `zyxw…`).
fn is_sequential(s: &[u8]) -> bool {
    if s.len() < 2 {
        return false;
    }
    let steps = s.windows(2).filter(|w| w[0].abs_diff(w[1]) <= 1).count();
    steps * 2 > s.len() - 1
}

/// The string repeats with a short period (`abc123abc123abc123`).
fn is_periodic(s: &[u8]) -> bool {
    let n = s.len();
    (1..=(n / 2).min(32)).any(|p| s[p..] == s[..n - p])
}

/// Keyboard walks and counting runs.
fn has_walk(s: &[u8]) -> bool {
    const WALKS: &[&[u8]] = &[
        b"qwert",
        b"asdfg",
        b"zxcvb",
        b"12345",
        b"abcde",
        b"qazwsx",
        b"1qaz2wsx",
    ];
    const WALK_BIGRAMS: [Bigrams; WALKS.len()] = Bigrams::of_each(WALKS);
    let present = Bigrams::of(s);
    WALKS
        .iter()
        .zip(&WALK_BIGRAMS)
        .any(|(w, pairs)| present.holds(pairs) && contains_ci(s, w))
}

#[inline]
fn is_vowel(b: u8) -> bool {
    matches!(b | 0x20, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// A letter run that reads like a (sub)word of an identifier or English.
fn wordlike(w: &[u8]) -> bool {
    if w.len() < 3 {
        return false;
    }
    let vowels = w.iter().filter(|&&b| is_vowel(b)).count();
    let mut run = 0;
    let mut max_cons = 0;
    for &b in w {
        if is_vowel(b) {
            run = 0;
        } else {
            run += 1;
            max_cons = max_cons.max(run);
        }
    }
    vowels >= 1 && vowels * 4 >= w.len() && max_cons <= 3
}

/// Splits `s` into letter-only words (also at camelCase boundaries:
/// `getAPIKey` → `get`, `API`, `Key`) and returns (letters, letters in
/// word-like words).
fn word_stats(s: &[u8]) -> (usize, usize) {
    let mut letters = 0;
    let mut wordy = 0;
    let mut start: Option<usize> = None;
    for i in 0..=s.len() {
        let b = s.get(i).copied().unwrap_or(0);
        let letter = b.is_ascii_alphabetic();
        if let Some(st) = start {
            let boundary = !letter || {
                let p = s[i - 1];
                (b.is_ascii_uppercase() && p.is_ascii_lowercase())
                    || (b.is_ascii_uppercase()
                        && p.is_ascii_uppercase()
                        && s.get(i + 1).is_some_and(|c| c.is_ascii_lowercase()))
            };
            if boundary {
                let w = &s[st..i];
                letters += w.len();
                if wordlike(w) {
                    wordy += w.len();
                }
                start = None;
            }
        }
        if letter && start.is_none() {
            start = Some(i);
        }
    }
    (letters, wordy)
}

/// English words / identifiers / dotted paths (`process.env.API_KEY`,
/// `config.apiKey`, `getUserPasswordFromVault`, `AWS_SECRET_ACCESS_KEY_2`).
///
/// Calibrated by simulation (20 000 tokens per case): with the 80 % word
/// threshold and ≤ 10 % digits, 0.35 % of random 16-char base62 tokens
/// (0.06 % at 24, 0.01 % at 32 chars; lower-case base36: 0.42 % at 16) are
/// misclassified as identifiers, while the identifiers in the tests all are.
fn is_identifier_like(s: &[u8], digits: usize) -> bool {
    let (letters, wordy) = word_stats(s);
    if letters >= 8 && wordy * 10 >= letters * 8 && digits * 10 <= s.len() {
        return true;
    }
    // Dotted member paths without digits: `this.props.authToken`.
    digits == 0 && s.contains(&b'.') && letters >= 6 && wordy * 10 >= letters * 6
}

/// Classifier for "a generic high-entropy value assigned to a key-like name"
/// (`api_key = "…"`, `password: …`).
///
/// True for random API keys / tokens / random passwords. Requirements:
/// length 16..=1024 printable ASCII without quotes, backslashes or spaces;
/// at least two of {upper, lower, digit}; letters ≥ 25 % of the value;
/// entropy ≥ `min(0.72·log2(len), 4.5)` bits/byte (see the comment on the
/// threshold for the calibration).
///
/// False for: placeholders ([`is_placeholder`]), UUIDs, git SHAs and other
/// pure-hex digests (so hex-only API keys need a dedicated detector), media
/// base64 (`data:image/…`, `iVBORw0KGgo`, `/9j/`, `R0lGOD`, …), URLs, runs of
/// 5+ identical chars (`AAAA` blocks of zero bytes in base64), sequential or
/// periodic strings, keyboard walks, timestamps / numbers, and identifiers or
/// English words (`process.env.API_KEY`, `config.apiKey`).
///
/// Measured acceptance of uniformly random tokens (20 000 per case):
/// base62 / base64 / 76-char password alphabet ≥ 99.65 % at 16 chars,
/// ≥ 99.9 % from 24 chars; lower-case base36 99.0 % at 16 (mostly tokens
/// that happen to contain no digit), ≥ 99.8 % from 24.
pub(crate) fn looks_random(s: &[u8]) -> bool {
    let n = s.len();
    if !(RANDOM_MIN_LEN..=RANDOM_MAX_LEN).contains(&n) {
        return false;
    }
    let (mut up, mut lo, mut dig) = (0usize, 0usize, 0usize);
    for &b in s {
        match b {
            b'A'..=b'Z' => up += 1,
            b'a'..=b'z' => lo += 1,
            b'0'..=b'9' => dig += 1,
            b'"' | b'\'' | b'`' | b'\\' => return false,
            0x21..=0x7e => {}
            _ => return false,
        }
    }
    let classes = usize::from(up > 0) + usize::from(lo > 0) + usize::from(dig > 0);
    if classes < 2 || (up + lo) * 4 < n {
        return false;
    }
    if is_media_base64(s) || is_uuid(s) || is_hexish(s) || contains(s, b"://") {
        return false;
    }
    if max_run(s) >= 5 || contains(s, b"AAAA") || is_sequential(s) || is_periodic(s) || has_walk(s)
    {
        return false;
    }
    if is_placeholder(s) {
        return false;
    }
    if shannon_entropy_bits(s) < entropy_threshold(n) {
        return false;
    }
    !is_identifier_like(s, dig)
}

// ---------------------------------------------------------------------------
// 2. GitHub tokens
// ---------------------------------------------------------------------------

const fn build_crc32_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

static CRC32_TABLE: [u32; 256] = build_crc32_table();

/// CRC-32 (IEEE 802.3 / zlib: reflected polynomial `0xEDB88320`, init and
/// final XOR `0xFFFFFFFF`). `crc32_ieee(b"123456789") == 0xCBF43926`.
pub(crate) fn crc32_ieee(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c = CRC32_TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
    }
    !c
}

/// Base62 alphabet used by GitHub token checksums: digits, then upper, then
/// lower case ("GMP" / lexicographic order). Confirmed by the published
/// vector below.
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// GitHub token checksum of the random part: CRC-32 (IEEE) of the bytes,
/// base62-encoded, left-padded with `'0'` to 6 chars (62^6 > 2^32, so 6 chars
/// always suffice).
///
/// Scheme: GitHub blog "Behind GitHub's new authentication token formats"
/// (2021-04-05) says the last six chars are a 32-bit checksum; the exact
/// CRC32 + base62 construction is from the reverse-engineering in
/// gist.github.com/coolaj86/eb8cddfd3e4251258712dfed03e1f86d and
/// therootcompany/base62-token.js, whose published (revoked) token
/// `ghp_` + `zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ` + `0mLq17` is verified in the
/// tests (CRC = 714468973), together with two more public vectors.
pub(crate) fn github_checksum(random30: &[u8]) -> [u8; 6] {
    let mut v = crc32_ieee(random30);
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(v % 62) as usize];
        v /= 62;
    }
    out
}

/// Classic GitHub token: `gh[pousr]_` + 30 random base62 + 6-char checksum
/// (40 chars total), prefixes ghp (personal), gho (OAuth), ghu
/// (user-to-server), ghs (server-to-server), ghr (refresh). True only if the
/// checksum matches (see [`github_checksum`]).
pub(crate) fn github_classic_valid(token: &[u8]) -> bool {
    if token.len() != 40 || !token.starts_with(b"gh") || token[3] != b'_' {
        return false;
    }
    if !matches!(token[2], b'p' | b'o' | b'u' | b's' | b'r') {
        return false;
    }
    let body = &token[4..];
    all(body, is_b62) && github_checksum(&body[..30]) == body[30..]
}

/// Fine-grained GitHub PAT shape: `github_pat_` + 22 base62 + `_` + 59 base62
/// (93 chars). GitHub documents no public checksum for this format, so this is
/// a shape check only.
pub(crate) fn github_fine_grained_shape(token: &[u8]) -> bool {
    const P: &[u8] = b"github_pat_";
    if token.len() != P.len() + 22 + 1 + 59 || !token.starts_with(P) {
        return false;
    }
    let rest = &token[P.len()..];
    all(&rest[..22], is_b62) && rest[22] == b'_' && all(&rest[23..], is_b62)
}

// ---------------------------------------------------------------------------
// 3. JWT
// ---------------------------------------------------------------------------

const fn build_b64url_table() -> [u8; 256] {
    let mut t = [0xFFu8; 256];
    let mut i = 0;
    while i < 26 {
        t[b'A' as usize + i] = i as u8;
        t[b'a' as usize + i] = 26 + i as u8;
        i += 1;
    }
    let mut d = 0;
    while d < 10 {
        t[b'0' as usize + d] = 52 + d as u8;
        d += 1;
    }
    t[b'-' as usize] = 62;
    t[b'_' as usize] = 63;
    t
}

static B64URL_DEC: [u8; 256] = build_b64url_table();

#[inline]
fn b64url_val(b: u8) -> Option<u32> {
    let v = B64URL_DEC[b as usize];
    (v != 0xFF).then_some(u32::from(v))
}

/// Decodes base64url (RFC 4648 §5, alphabet `A-Za-z0-9-_`) into `out`.
///
/// Padding is optional; if present it must be correct (`len % 4 == 0`, at
/// most two `=`). Returns the number of bytes written, or `None` if `src` is
/// not canonical base64url (bad char, impossible length, non-zero trailing
/// bits) or `out` is too small.
pub(crate) fn base64url_decode_into(src: &[u8], out: &mut [u8]) -> Option<usize> {
    let mut src = src;
    if src.len().is_multiple_of(4) {
        if let [rest @ .., b'=', b'='] = src {
            src = rest;
        } else if let [rest @ .., b'='] = src {
            src = rest;
        }
    }
    let rem = src.len() % 4;
    if rem == 1 {
        return None;
    }
    let out_len = src.len() / 4 * 3 + rem.saturating_sub(1);
    if out.len() < out_len {
        return None;
    }
    let mut o = 0;
    let mut chunks = src.chunks_exact(4);
    for c in &mut chunks {
        let v = (b64url_val(c[0])? << 18)
            | (b64url_val(c[1])? << 12)
            | (b64url_val(c[2])? << 6)
            | b64url_val(c[3])?;
        out[o] = (v >> 16) as u8;
        out[o + 1] = (v >> 8) as u8;
        out[o + 2] = v as u8;
        o += 3;
    }
    match *chunks.remainder() {
        [a, b] => {
            let (a, b) = (b64url_val(a)?, b64url_val(b)?);
            if b & 0x0F != 0 {
                return None;
            }
            out[o] = ((a << 2) | (b >> 4)) as u8;
        }
        [a, b, c] => {
            let (a, b, c) = (b64url_val(a)?, b64url_val(b)?, b64url_val(c)?);
            if c & 0x03 != 0 {
                return None;
            }
            out[o] = ((a << 2) | (b >> 4)) as u8;
            out[o + 1] = (((b & 0x0F) << 4) | (c >> 2)) as u8;
        }
        _ => {}
    }
    Some(out_len)
}

/// Largest decoded JWT header accepted by [`jwt_valid`].
pub(crate) const JWT_MAX_HEADER: usize = 1024;

/// Unpadded base64url segment of a possible length (RFC 7515 §2 forbids `=`).
fn is_b64url_segment(s: &[u8]) -> bool {
    !s.is_empty() && s.len() % 4 != 1 && all(s, is_b64url)
}

#[inline]
fn skip_ws(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && matches!(s[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

/// Value of the `"alg"` member of a decoded JOSE header, if the header looks
/// like a JSON object and `alg` is a string.
fn jose_alg(hdr: &[u8]) -> Option<&[u8]> {
    let t = hdr.trim_ascii();
    if t.first() != Some(&b'{') || t.last() != Some(&b'}') {
        return None;
    }
    let mut from = 0;
    while let Some(k) = find_ci_from(t, b"\"alg\"", from) {
        from = k + 1;
        if &t[k + 1..k + 4] != b"alg" {
            continue; // case-insensitive hit; JSON keys are case-sensitive
        }
        let i = skip_ws(t, k + 5);
        if t.get(i) != Some(&b':') {
            continue;
        }
        let i = skip_ws(t, i + 1);
        if t.get(i) != Some(&b'"') {
            return None;
        }
        let v = &t[i + 1..];
        let end = v.iter().position(|&b| b == b'"')?;
        return Some(&v[..end]);
    }
    None
}

/// JWS compact serialization check (RFC 7515 / RFC 7519): exactly three
/// `.`-separated unpadded base64url segments; the header decodes (≤
/// [`JWT_MAX_HEADER`] bytes) to a JSON object with a string `"alg"` member;
/// the payload is non-empty; the signature may be empty only when
/// `alg` is `none` (unsecured JWT, RFC 7519 §6). Five-segment JWE tokens are
/// rejected.
pub(crate) fn jwt_valid(token: &[u8]) -> bool {
    let mut parts = token.splitn(4, |&b| b == b'.');
    let (Some(h), Some(p), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    if !is_b64url_segment(h) || !is_b64url_segment(p) {
        return false;
    }
    let mut buf = [0u8; JWT_MAX_HEADER];
    let Some(n) = base64url_decode_into(h, &mut buf) else {
        return false;
    };
    let Some(alg) = jose_alg(&buf[..n]) else {
        return false;
    };
    if sig.is_empty() {
        return alg.eq_ignore_ascii_case(b"none");
    }
    is_b64url_segment(sig)
}

// ---------------------------------------------------------------------------
// 4. AWS
// ---------------------------------------------------------------------------

/// AWS access key id: 20 chars = 4-char prefix + 16 chars of `A-Z2-7`.
///
/// IAM "Understanding unique ID prefixes" (docs.aws.amazon.com, IAM user
/// guide, reference_identifiers) lists: ABIA STS service bearer token, ACCA
/// context-specific credential, AGPA group, AIDA IAM user, AIPA EC2 instance
/// profile, AKIA access key, ANPA managed policy, ANVA managed-policy
/// version, APKA public key, AROA role, ASCA certificate, ASIA temporary
/// (STS) access key. Only **AKIA, ASIA, ABIA, ACCA** name credentials; the
/// others identify resources (users, roles, groups, policies, certificates)
/// and are not secrets, so they are rejected here. The `[A-Z2-7]{16}` body
/// (base32 alphabet) matches gitleaks' `aws-access-token` rule. The legacy
/// `A3T…` prefix some rule sets include is undocumented and not accepted.
pub(crate) fn aws_access_key_id_valid(s: &[u8]) -> bool {
    s.len() == 20
        && matches!(&s[..4], b"AKIA" | b"ASIA" | b"ABIA" | b"ACCA")
        && all(&s[4..], |b| {
            b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)
        })
}

/// AWS secret access key shape: 40 chars of `A-Za-z0-9/+`, with both letter
/// cases, at least one digit or `/`/`+`, no 5-char runs, not hex, and entropy
/// ≥ 4.0 bits/byte (random 40-char base64 has ≥ 4.25 at the 0.01th
/// percentile).
pub(crate) fn aws_secret_key_shape(s: &[u8]) -> bool {
    if s.len() != 40 || !all(s, |b| b.is_ascii_alphanumeric() || b == b'/' || b == b'+') {
        return false;
    }
    let up = s.iter().any(u8::is_ascii_uppercase);
    let lo = s.iter().any(u8::is_ascii_lowercase);
    let other = s
        .iter()
        .any(|b| b.is_ascii_digit() || *b == b'/' || *b == b'+');
    up && lo && other && max_run(s) < 5 && !is_hexish(s) && shannon_entropy_bits(s) >= 4.0
}

// ---------------------------------------------------------------------------
// 5. Stripe
// ---------------------------------------------------------------------------

/// Stripe key kind from its prefix, if the body is plausible.
///
/// Prefixes: docs.stripe.com/api/authentication names `sk_test_` /
/// `sk_live_` and restricted keys; a Stripe security engineer (quoted in
/// gitlab-org/gitlab#458019) confirmed `rk_live_` restricted keys and that
/// `pk_` keys "are intended to be published" (low risk); `whsec_` is the
/// webhook signing secret. Returns
/// `"stripe_{secret,restricted,publishable}_{live,test}"` or
/// `"stripe_webhook_secret"` so callers can down-rank test keys.
///
/// Body: base62, 24..=247 chars. Legacy keys have 24 chars after the prefix
/// (the docs sample), current ones ~99; the 247 upper bound is the brief's
/// (255 minus the 8-char prefix) and is not confirmed by Stripe, which told
/// GitLab "we also support longer key lengths" and suggested
/// `[0-9a-z]{10,128}`. `whsec_` body: 32..=128 chars of `A-Za-z0-9+/=`
/// (assumption, not verified against Stripe docs: dashboard secrets look like
/// 32 base62, Stripe CLI ones like 64 hex). Bodies with placeholder runs
/// (`xxxx`, 6 equal chars) are rejected.
pub(crate) fn stripe_key_kind(s: &[u8]) -> Option<&'static str> {
    const KINDS: &[(&[u8], &str)] = &[
        (b"sk_live_", "stripe_secret_live"),
        (b"rk_live_", "stripe_restricted_live"),
        (b"pk_live_", "stripe_publishable_live"),
        (b"sk_test_", "stripe_secret_test"),
        (b"rk_test_", "stripe_restricted_test"),
        (b"pk_test_", "stripe_publishable_test"),
    ];
    if let Some(body) = s.strip_prefix(b"whsec_") {
        let ok = len_in(body, 32, 128)
            && all(body, |b| {
                b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'='
            })
            && !has_placeholder_run(body);
        return ok.then_some("stripe_webhook_secret");
    }
    for &(prefix, kind) in KINDS {
        if let Some(body) = s.strip_prefix(prefix) {
            let ok = len_in(body, 24, 247) && all(body, is_b62) && !has_placeholder_run(body);
            return ok.then_some(kind);
        }
    }
    None
}

// ---------------------------------------------------------------------------
// 6. Slack
// ---------------------------------------------------------------------------

fn digits_len(s: &[u8], min: usize, max: usize) -> bool {
    len_in(s, min, max) && all(s, |b| b.is_ascii_digit())
}

fn alnum_len(s: &[u8], min: usize, max: usize) -> bool {
    len_in(s, min, max) && all(s, is_b62) && !has_placeholder_run(s)
}

/// Splits `s` on `-` into at most `N` segments; `None` if there are more.
fn dash_segments<const N: usize>(s: &[u8]) -> Option<([&[u8]; N], usize)> {
    let mut segs: [&[u8]; N] = [&[]; N];
    let mut k = 0;
    for seg in s.split(|&b| b == b'-') {
        if k == N {
            return None;
        }
        segs[k] = seg;
        k += 1;
    }
    Some((segs, k))
}

/// Slack token kind, checking the digit-dash shape of each token type.
///
/// Shapes (Slack's docs name the prefixes — api.slack.com/authentication/
/// token-types — but not the exact lengths; lengths follow gitleaks'
/// slack rules, slightly widened):
///
/// | kind | shape |
/// |---|---|
/// | `slack_bot` | `xoxb-` d{8,14} `-` d{8,14} `-` alnum{20,64}, or legacy `xoxb-` d{8,14} `-` alnum{18,26} |
/// | `slack_user` | `xoxp-` (d{8,14} `-`){3} alnum{28,64} |
/// | `slack_workspace_app` / `slack_refresh` | `xoxa-` / `xoxr-` (digits `-`){0,4} alnum{8,64} |
/// | `slack_legacy` | `xoxs-` / `xoxo-` (digits `-`){3} hex{16,128} |
/// | `slack_config_access` | `xoxe.xoxb-` / `xoxe.xoxp-` d `-` alnum{150,180} (gitleaks: 163–166) |
/// | `slack_config_refresh` | `xoxe-` d `-` alnum{140,160} (gitleaks: 146) |
/// | `slack_app_level` | `xapp-` d `-` upper-alnum{1,20} `-` d{1,20} `-` alnum{32,128} |
pub(crate) fn slack_token_kind(s: &[u8]) -> Option<&'static str> {
    if s.len() > 512 || s.len() < 10 {
        return None;
    }
    let (prefix, rest) = if s.starts_with(b"xoxe.xoxb-") || s.starts_with(b"xoxe.xoxp-") {
        (&s[..10], &s[10..])
    } else {
        (&s[..5], &s[5..])
    };
    let (seg, k) = dash_segments::<6>(rest)?;
    let ok = match prefix {
        b"xoxb-" => match k {
            3 => {
                digits_len(seg[0], 8, 14) && digits_len(seg[1], 8, 14) && alnum_len(seg[2], 20, 64)
            }
            2 => digits_len(seg[0], 8, 14) && alnum_len(seg[1], 18, 26),
            _ => false,
        },
        b"xoxp-" => {
            k == 4 && seg[..3].iter().all(|d| digits_len(d, 8, 14)) && alnum_len(seg[3], 28, 64)
        }
        b"xoxa-" | b"xoxr-" => {
            (1..=5).contains(&k)
                && seg[..k - 1].iter().all(|d| digits_len(d, 1, 20))
                && alnum_len(seg[k - 1], 8, 64)
        }
        b"xoxs-" | b"xoxo-" => {
            k == 4
                && seg[..3].iter().all(|d| digits_len(d, 1, 20))
                && len_in(seg[3], 16, 128)
                && all(seg[3], |b| b.is_ascii_hexdigit())
                && !has_placeholder_run(seg[3])
        }
        b"xoxe-" => k == 2 && digits_len(seg[0], 1, 1) && alnum_len(seg[1], 140, 160),
        b"xapp-" => {
            k == 4
                && digits_len(seg[0], 1, 1)
                && len_in(seg[1], 1, 20)
                && all(seg[1], |b| b.is_ascii_uppercase() || b.is_ascii_digit())
                && digits_len(seg[2], 1, 20)
                && alnum_len(seg[3], 32, 128)
        }
        _ if prefix.len() == 10 => {
            k == 2 && digits_len(seg[0], 1, 1) && alnum_len(seg[1], 150, 180)
        }
        _ => false,
    };
    if !ok {
        return None;
    }
    Some(match prefix {
        b"xoxb-" => "slack_bot",
        b"xoxp-" => "slack_user",
        b"xoxa-" => "slack_workspace_app",
        b"xoxr-" => "slack_refresh",
        b"xoxs-" | b"xoxo-" => "slack_legacy",
        b"xoxe-" => "slack_config_refresh",
        b"xapp-" => "slack_app_level",
        _ => "slack_config_access",
    })
}

/// Slack incoming-webhook URL: exactly
/// `https://hooks.slack.com/services/T<id>/B<id>/<secret>` where the ids are
/// upper-case alphanumeric (6..=12 chars after `T`/`B`) and the secret is 24
/// alphanumerics (not a placeholder such as `XXXXXXXXXXXXXXXXXXXXXXXX`, the
/// value in Slack's own docs).
pub(crate) fn slack_webhook_valid(url: &[u8]) -> bool {
    let Some(rest) = url.strip_prefix(b"https://hooks.slack.com/services/") else {
        return false;
    };
    let Some((t, rest)) = split_at_byte(rest, b'/') else {
        return false;
    };
    let Some((b, secret)) = split_at_byte(rest, b'/') else {
        return false;
    };
    let id_ok = |id: &[u8], lead: u8| {
        id.first() == Some(&lead)
            && len_in(id, 7, 13)
            && all(id, |c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    id_ok(t, b'T') && id_ok(b, b'B') && secret.len() == 24 && alnum_len(secret, 24, 24)
}

// ---------------------------------------------------------------------------
// 7. Google
// ---------------------------------------------------------------------------

/// Google API key: `AIza` + 35 chars of `[0-9A-Za-z_-]` (39 total; the shape
/// used by gitleaks `gcp-api-key` and many others; Google documents the keys
/// but not their format). Placeholder bodies are rejected.
pub(crate) fn google_api_key_valid(s: &[u8]) -> bool {
    s.len() == 39
        && s.starts_with(b"AIza")
        && all(&s[4..], is_b64url)
        && !has_placeholder_run(&s[4..])
}

// ---------------------------------------------------------------------------
// 8. Salesforce
// ---------------------------------------------------------------------------

const SF_SUFFIX_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/// Case-checksum suffix that turns a 15-char Salesforce id into the 18-char
/// case-insensitive form: for each 5-char chunk, bit `i` is set when char `i`
/// is an upper-case letter `A-Z`; the 5-bit value indexes `A-Z0-5`.
/// `None` unless `id15` is exactly 15 alphanumerics.
pub(crate) fn salesforce_id_suffix(id15: &[u8]) -> Option<[u8; 3]> {
    if id15.len() != 15 || !all(id15, is_b62) {
        return None;
    }
    let mut out = [0u8; 3];
    for (slot, chunk) in out.iter_mut().zip(id15.chunks_exact(5)) {
        let mut flags = 0usize;
        for (i, &c) in chunk.iter().enumerate() {
            if c.is_ascii_uppercase() {
                flags |= 1 << i;
            }
        }
        *slot = SF_SUFFIX_ALPHABET[flags];
    }
    Some(out)
}

/// Salesforce record id: 15 case-sensitive alphanumerics (3-char key prefix,
/// 2-char pod, reserved char, 9-char counter) with at least one digit (the
/// zero-padded counter makes digit-free real ids practically impossible, and
/// it rejects plain words), or 18 chars whose last 3 are the
/// [`salesforce_id_suffix`] of the first 15 (exact, case-sensitive).
pub(crate) fn salesforce_id_valid(id: &[u8]) -> bool {
    let base_ok = |b: &[u8]| all(b, is_b62) && b.iter().any(u8::is_ascii_digit);
    match id.len() {
        15 => base_ok(id),
        18 => base_ok(&id[..15]) && salesforce_id_suffix(&id[..15]).is_some_and(|s| s == id[15..]),
        _ => false,
    }
}

/// Salesforce session id / OAuth access token: `<org id>!<token>`.
///
/// Org id: 15- or 18-char id with key prefix `00D` (Organization), valid per
/// [`salesforce_id_valid`]. Token: 80..=512 chars of `[A-Za-z0-9._]`.
/// Public rule sets (Nosey Parker `np.salesforce.1`, Kingfisher) use
/// `00[A-Za-z0-9]{13}![A-Za-z0-9._]{96}`, i.e. 96 chars after `!` in
/// observed tokens; the lower bound 80 leaves room for variation, and
/// placeholder tails are rejected.
pub(crate) fn salesforce_session_token_valid(s: &[u8]) -> bool {
    let Some(bang) = s.iter().take(19).position(|&b| b == b'!') else {
        return false;
    };
    let (org, token) = (&s[..bang], &s[bang + 1..]);
    org.starts_with(b"00D")
        && salesforce_id_valid(org)
        && len_in(token, 80, 512)
        && all(token, |b| {
            b.is_ascii_alphanumeric() || b == b'.' || b == b'_'
        })
        && !has_placeholder_run(token)
}

/// Salesforce connected-app consumer secret (OAuth client secret): either 19
/// decimal digits (older apps) or 64 hex chars (current apps, upper-case in
/// practice). Source: TruffleHog's Salesforce detector
/// (`[A-Za-z0-9+/=.]{64}|[0-9]{19}`, here narrowed to hex); Salesforce does
/// not document the format. A 64-hex value is also the shape of a SHA-256
/// digest, so callers must require a consumer-secret key name nearby.
pub(crate) fn salesforce_consumer_secret_shape(s: &[u8]) -> bool {
    let ok = match s.len() {
        19 => all(s, |b| b.is_ascii_digit()),
        64 => all(s, |b| b.is_ascii_hexdigit()),
        _ => false,
    };
    ok && max_run(s) < 6 && !is_sequential(s)
}

// ---------------------------------------------------------------------------
// 9. PEM private keys
// ---------------------------------------------------------------------------

/// Kind of private key for the label of a `-----BEGIN <label>-----` line:
/// `RSA PRIVATE KEY` → `"rsa"` (PKCS#1), `EC PRIVATE KEY` → `"ec"` (SEC1),
/// `DSA PRIVATE KEY` → `"dsa"`, `OPENSSH PRIVATE KEY` → `"openssh"`,
/// `PRIVATE KEY` → `"pkcs8"`, `ENCRYPTED PRIVATE KEY` → `"pkcs8_encrypted"`
/// (RFC 7468 §10/§11), `PGP PRIVATE KEY BLOCK` → `"pgp"` (RFC 4880 §6.2).
/// Exact, case-sensitive match; anything else (certificates, public keys) is
/// `None`.
pub(crate) fn pem_private_key_kind(begin_line_label: &[u8]) -> Option<&'static str> {
    Some(match begin_line_label {
        b"RSA PRIVATE KEY" => "rsa",
        b"EC PRIVATE KEY" => "ec",
        b"DSA PRIVATE KEY" => "dsa",
        b"OPENSSH PRIVATE KEY" => "openssh",
        b"PRIVATE KEY" => "pkcs8",
        b"ENCRYPTED PRIVATE KEY" => "pkcs8_encrypted",
        b"PGP PRIVATE KEY BLOCK" => "pgp",
        _ => return None,
    })
}

/// Longest PEM body [`pem_block_end`] scans before giving up: 16 KiB. An
/// 8192-bit RSA key is about 6.4 KB of PEM and a PGP private key block with
/// several subkeys about 10 KB; a smaller cap keeps the margin a stream must
/// keep (see [`crate::Margins`]) small.
pub(crate) const PEM_MAX_BODY: usize = 16 * 1024;

/// Minimum base64 chars in a PEM body: a PKCS#8 Ed25519 key (the smallest
/// common private key) is 48 DER bytes = 64 base64 chars; 48 leaves margin
/// while rejecting `-----BEGIN…-----\n...\n-----END…-----` examples.
const PEM_MIN_B64: usize = 48;

/// End of the current (possibly JSON-escaped) line starting at `i`; `None` if
/// it contains a non-printable byte.
fn pem_skip_line(hay: &[u8], mut i: usize, limit: usize) -> Option<usize> {
    while i < limit {
        match hay[i] {
            b'\n' | b'\r' => return Some(i),
            b'\\' if matches!(hay.get(i + 1), Some(b'n' | b'r')) => return Some(i),
            b'\t' | 0x20..=0x7e => i += 1,
            _ => return None,
        }
    }
    Some(i)
}

/// Finds the `-----END <label>-----` matching a BEGIN line and returns the
/// offset just past it (exclusive end of the whole block).
///
/// `body_start` is the offset right after the BEGIN line's closing `-----`.
/// The body must consist of base64 (`A-Za-z0-9+/=`) separated by whitespace,
/// newlines, or JSON-escaped `\n`/`\r` (keys embedded in JSON, e.g. GCP
/// service-account files; `\/` is accepted for `/`), optionally preceded by
/// RFC 1421 / RFC 4880 armor headers (`Proc-Type: 4,ENCRYPTED`,
/// `DEK-Info: …`, `Version: …`). It must hold at least 48 base64 chars. Any
/// other byte, a different END label, or no END within [`PEM_MAX_BODY`]
/// bytes gives `None`. Linear: every byte is looked at a bounded number of
/// times.
pub(crate) fn pem_block_end(hay: &[u8], body_start: usize, label: &[u8]) -> Option<usize> {
    if body_start > hay.len() || label.is_empty() || label.len() > 64 {
        return None;
    }
    let limit = hay.len().min(body_start.saturating_add(PEM_MAX_BODY));
    let mut i = body_start;
    let mut b64 = 0usize;
    let mut in_headers = true;
    while i < limit {
        match hay[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'\\' => match hay.get(i + 1) {
                Some(b'n' | b'r') => i += 2,
                Some(b'/') => {
                    b64 += 1;
                    in_headers = false;
                    i += 2;
                }
                _ => return None,
            },
            b'-' => {
                let rest = &hay[i..];
                let tail = rest.strip_prefix(b"-----END ")?.strip_prefix(label)?;
                tail.strip_prefix(b"-----")?;
                return (b64 >= PEM_MIN_B64).then_some(i + 9 + label.len() + 5);
            }
            b if is_b64_std(b) => {
                let mut j = i;
                while j < limit && is_b64_std(hay[j]) {
                    j += 1;
                }
                if in_headers && j < limit && matches!(hay[j], b':' | b'-') {
                    // Possible armor header `Name-With-Dashes: value`.
                    let mut k = i;
                    while k < limit && (hay[k].is_ascii_alphanumeric() || hay[k] == b'-') {
                        k += 1;
                    }
                    if k > i && k < limit && hay[k] == b':' {
                        i = pem_skip_line(hay, k + 1, limit)?;
                        continue;
                    }
                }
                b64 += j - i;
                in_headers = false;
                i = j;
            }
            _ => return None,
        }
    }
    None
}

// ---------------------------------------------------------------------------
// 10. URL credentials
// ---------------------------------------------------------------------------

/// Longest authority (`userinfo@host:port`) examined by
/// [`url_userinfo_password`].
pub(crate) const URL_MAX_AUTHORITY: usize = 512;

fn host_label_ok(l: &[u8]) -> bool {
    len_in(l, 1, 63)
        && l[0].is_ascii_alphanumeric()
        && all(l, |b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `host[:port]` looks like a DNS name, IPv4 or bracketed IPv6 literal, and
/// is not a documentation placeholder (`host`, `hostname`, RFC 2606
/// `example.com`/`.org`/`.net`).
fn host_ok(host: &[u8]) -> bool {
    let (name, port) = if host.first() == Some(&b'[') {
        let Some(close) = host.iter().position(|&b| b == b']') else {
            return false;
        };
        let inner = &host[1..close];
        if inner.is_empty() || !all(inner, |b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
            return false;
        }
        let after = &host[close + 1..];
        if after.is_empty() {
            return true;
        }
        match after.strip_prefix(b":") {
            Some(p) => return digits_len(p, 1, 5),
            None => return false,
        }
    } else {
        match host.iter().rposition(|&b| b == b':') {
            Some(c) => (&host[..c], Some(&host[c + 1..])),
            None => (host, None),
        }
    };
    if let Some(p) = port {
        if !digits_len(p, 1, 5) {
            return false;
        }
    }
    let name = name.strip_suffix(b".").unwrap_or(name);
    if !len_in(name, 1, 253) || !name.split(|&b| b == b'.').all(host_label_ok) {
        return false;
    }
    let placeholder = name.eq_ignore_ascii_case(b"host")
        || name.eq_ignore_ascii_case(b"hostname")
        || ["example.com", "example.org", "example.net"]
            .iter()
            .any(|d| ends_with_ci(name, d.as_bytes()));
    !placeholder
}

/// Given the bytes right after `scheme://`, returns the span `(start, end)`
/// (relative to the input, end exclusive) of the password in
/// `user:password@host[:port]`.
///
/// The authority ends at the first `/ ? #`, whitespace, control byte, quote,
/// `<`, `>` or `\` (at most [`URL_MAX_AUTHORITY`] bytes); the last `@` in it
/// separates userinfo from host (so unencoded `@` in passwords works); the
/// first `:` in userinfo separates user (may be empty, as in
/// `redis://:pw@host`) from password. `None` when there is no password
/// (`user@host`), it is empty (`:@`), it is a placeholder ([`is_placeholder`]:
/// `${PASS}`, `password`, `****`, `<password>`, …), or the host does not look
/// like a hostname.
pub(crate) fn url_userinfo_password(url_after_scheme: &[u8]) -> Option<(usize, usize)> {
    let u = url_after_scheme;
    let lim = u.len().min(URL_MAX_AUTHORITY);
    let end = u[..lim]
        .iter()
        .position(|&b| {
            matches!(
                b,
                b'/' | b'?' | b'#' | b'"' | b'\'' | b'`' | b'<' | b'>' | b'\\'
            ) || b <= b' '
                || b == 0x7f
        })
        .unwrap_or(lim);
    let auth = &u[..end];
    let at = auth.iter().rposition(|&b| b == b'@')?;
    let (userinfo, host) = (&auth[..at], &auth[at + 1..]);
    let colon = userinfo.iter().position(|&b| b == b':')?;
    let pass = &userinfo[colon + 1..];
    if pass.is_empty() || is_placeholder(pass) || !host_ok(host) {
        return None;
    }
    Some((colon + 1, at))
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // ----- independent oracles (no tables, no shared code) -----

    /// Bitwise CRC-32 (IEEE), written independently of the table version.
    fn crc32_bitwise(data: &[u8]) -> u32 {
        let mut crc: u32 = !0;
        for &byte in data {
            crc ^= byte as u32;
            for _ in 0..8 {
                let mask = (crc & 1).wrapping_neg();
                crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
            }
        }
        !crc
    }

    /// Independent base62 encoder (recursive, string based).
    fn base62_pad6(n: u32) -> String {
        fn enc(n: u64, acc: &mut String) {
            let alphabet: Vec<char> = ('0'..='9').chain('A'..='Z').chain('a'..='z').collect();
            if n >= 62 {
                enc(n / 62, acc);
            }
            acc.push(alphabet[(n % 62) as usize]);
        }
        let mut s = String::new();
        enc(n as u64, &mut s);
        format!("{:0>6}", s)
    }

    /// Independent base64url encoder (bit-buffer based, no padding).
    fn b64url_encode(data: &[u8]) -> String {
        let alphabet =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".as_bytes();
        let mut out = String::new();
        let mut acc: u32 = 0;
        let mut bits = 0;
        for &b in data {
            acc = (acc << 8) | b as u32;
            bits += 8;
            while bits >= 6 {
                bits -= 6;
                out.push(alphabet[((acc >> bits) & 63) as usize] as char);
            }
        }
        if bits > 0 {
            out.push(alphabet[((acc << (6 - bits)) & 63) as usize] as char);
        }
        out
    }

    /// Independent Salesforce suffix: per chunk, reversed chunk read as a
    /// binary number of "is upper" flags.
    fn sf_suffix_oracle(id15: &str) -> String {
        let map: Vec<char> = ('A'..='Z').chain('0'..='5').collect();
        id15.as_bytes()
            .chunks(5)
            .map(|c| {
                let bin: String = c
                    .iter()
                    .rev()
                    .map(|ch| if ch.is_ascii_uppercase() { '1' } else { '0' })
                    .collect();
                map[usize::from_str_radix(&bin, 2).unwrap()]
            })
            .collect()
    }

    /// Deterministic xorshift PRNG for statistical calibration tests.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn token(&mut self, alphabet: &[u8], n: usize) -> Vec<u8> {
            (0..n)
                .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize])
                .collect()
        }
    }

    const B62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    fn b62_string(len: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(B62.to_vec()), len)
            .prop_map(|v| String::from_utf8(v).unwrap())
    }

    // Test vectors, assembled so that no contiguous token literal appears.
    fn gh_vector() -> String {
        ["gh", "p_", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ", "0mLq17"].concat()
    }

    // ----- 1. entropy / placeholder / looks_random -----

    /// The entropy as first written: every bucket, a `log2` per bucket.
    fn entropy_by_buckets(s: &[u8]) -> f32 {
        if s.is_empty() {
            return 0.0;
        }
        let mut hist = [0usize; 256];
        for &b in s {
            hist[b as usize] += 1;
        }
        let n = s.len() as f64;
        let mut h = 0.0f64;
        for &c in hist.iter() {
            if c != 0 {
                let p = c as f64 / n;
                h -= p * p.log2();
            }
        }
        h.max(0.0) as f32
    }

    /// Bit for bit the same as summing every bucket, on random values of
    /// every length up to 1,100 over small and large alphabets (counts from
    /// one to hundreds).
    #[test]
    fn entropy_is_the_sum_over_every_bucket_to_the_bit() {
        let mut rng = crate::TestRng::new(0x5851_f42d_4c95_7f2d);
        for round in 0..5_000 {
            let len = rng.below(if round % 10 == 0 { 1_100 } else { 80 });
            let alphabet = 1 + rng.below(256);
            let s: Vec<u8> = (0..len).map(|_| rng.below(alphabet) as u8).collect();
            assert_eq!(
                shannon_entropy_bits(&s).to_bits(),
                entropy_by_buckets(&s).to_bits(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn entropy_basics() {
        assert_eq!(shannon_entropy_bits(b""), 0.0);
        assert_eq!(shannon_entropy_bits(b"aaaa"), 0.0);
        assert!((shannon_entropy_bits(b"ab") - 1.0).abs() < 1e-6);
        assert!((shannon_entropy_bits(b"abcd") - 2.0).abs() < 1e-6);
        let all: Vec<u8> = (0..=255).collect();
        assert!((shannon_entropy_bits(&all) - 8.0).abs() < 1e-5);
    }

    #[test]
    fn placeholders() {
        for p in [
            "xxxx",
            "xxxxxxxxxxxxxxxx",
            "your_api_key_here",
            "YOUR_API_KEY",
            "<API_KEY>",
            "${SECRET}",
            "${{ secrets.TOKEN }}",
            "{{ .Values.password }}",
            "changeme",
            "CHANGEME",
            "********",
            "REPLACE_ME",
            "example",
            "example-key-123",
            "dummy",
            "dummy_token_abc",
            "test",
            "test_secret_1234",
            "my-test-key",
            "TestKey123",
            "sk_test_abcdef",
            "password",
            "\"password\"",
            "  secret  ",
            "%DB_PASSWORD%",
            "@db.password@",
            "__API_TOKEN__",
            "$API_KEY",
            "$password",
            "{api_key}",
            "[REDACTED]",
            "process.env.API_KEY",
            "os.environ['TOKEN']",
            "secrets.GITHUB_TOKEN",
            "...",
            "•••••••",
            "",
            "%s",
            "insert_token_here",
            "yourapikey",
            "sk-xxxxxxxxxxxxxxxxxxxx",
            "fake_key",
            "TODO",
        ] {
            assert!(is_placeholder(p.as_bytes()), "should be placeholder: {p:?}");
        }
        for r in [
            "Xk29dkLq0PzM3nVb",
            "Contest2024!",
            "$2b$12$KIXQJrVvdQ5n1l0O3sN3CeVtq",
            "$ecretP4ss",
            "hunter2",
            "root",
            "admin",
            "s3cr3tV4lu3Zq",
        ] {
            assert!(
                !is_placeholder(r.as_bytes()),
                "should not be placeholder: {r:?}"
            );
        }
    }

    #[test]
    fn looks_random_positives() {
        for t in [
            "Xk29dkLq0PzM3nVb8rT1",
            "q8Z2mV9xL4nB7cK1pR6sT3wY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq9Q8Rk2LP",
            "hG7$kP2!xQ9#mZ4@vL8&nR3*",
            "a9F3kLm2Qx7Zp0Wv",
            "Zq8Lm3Tb1Vx6Np0Rc4Wd",
            "4b7F9kQmZ2xLp8Rv3NcT6wYh1JdS5gUe",
            "k3j9xq2mzt8vbn4wr7py",
        ] {
            assert!(looks_random(t.as_bytes()), "should look random: {t:?}");
        }
    }

    #[test]
    fn looks_random_rejects_bait() {
        for t in [
            // UUIDs (any case, braces)
            "123e4567-e89b-12d3-a456-426614174000",
            "123E4567-E89B-12D3-A456-426614174000",
            "{123e4567-e89b-12d3-a456-426614174000}",
            // git SHAs / digests
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "D41D8CD98F00B204E9800998ECF8427E",
            "0x4e3b0c44298fc1c149afbf4c8996fb92",
            "aa:bb:cc:dd:ee:ff:00:11:22:33:44:55",
            // timestamps / numbers
            "2024-01-15T10:30:00.000Z",
            "1705314600000",
            "2024-01-15 10:30:00",
            // media base64
            "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ",
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg",
            "AAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg",
            "/9j/4AAQSkZJRgABAQEASABIAAD",
            "R0lGODlhAQABAIAAAAAAAP8zMz",
            // placeholders
            "your_api_key_here",
            "<API_KEY>",
            "${SECRET_TOKEN_VALUE}",
            "changeme1234567890",
            "****************",
            "REPLACE_ME_WITH_TOKEN",
            "exampleKey1234567",
            "dummyToken9876543",
            "test_key_abcdef123",
            // repeats / sequences
            "aaaaaaaaaaaaaaaaaaaa",
            "abcdefghijklmnopqrst",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "01234567890123456789",
            "abc123abc123abc123abc123",
            "Ab3$xY9!Ab3$xY9!",
            "qwertyuiopASDFGHJKL123",
            "Password1Password1",
            // identifiers / English
            "process.env.API_KEY",
            "config.apiKey",
            "this.props.authToken",
            "getUserPasswordFromVault",
            "AWS_SECRET_ACCESS_KEY_2",
            "settings.DATABASE_PASSWORD",
            "spring.datasource.password",
            "CorrectHorseBatteryStaple",
            "MyApplicationSecretKey",
            "os.getenv(\"API_KEY\")",
            "request.headers.Authorization",
            // URLs, paths, too short, spaces
            "https://example.com/path/to/resource",
            "Xk29dkLq0PzM",
            "this is a sentence",
            "ALLUPPERCASEONLYTOKEN",
            "AbCdEf12GhIj34KlMn56",
            "alllowercaseonlytoken",
        ] {
            assert!(!looks_random(t.as_bytes()), "should NOT look random: {t:?}");
        }
    }

    /// Statistical calibration: random tokens from realistic alphabets must
    /// overwhelmingly be accepted (deterministic PRNG, so not flaky).
    #[test]
    fn looks_random_calibration() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let pw: &[u8] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&*+-_=?@^~";
        let b36: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
        for (alphabet, len, min_rate) in [
            (B62, 16, 0.99),
            (B62, 20, 0.99),
            (B62, 24, 0.995),
            (B62, 32, 0.998),
            (B62, 40, 0.998),
            (B62, 64, 0.998),
            (B64, 16, 0.99),
            (B64, 40, 0.998),
            (pw, 16, 0.99),
            (pw, 24, 0.995),
            (b36, 20, 0.985),
            (b36, 32, 0.995),
        ] {
            let trials = 5000;
            let ok = (0..trials)
                .filter(|_| looks_random(&rng.token(alphabet, len)))
                .count();
            let rate = ok as f64 / trials as f64;
            assert!(
                rate >= min_rate,
                "alphabet len {} token len {len}: acceptance {rate} < {min_rate}",
                alphabet.len()
            );
        }
    }

    // ----- 2. GitHub -----

    #[test]
    fn crc32_known_values() {
        assert_eq!(crc32_ieee(b""), 0);
        assert_eq!(crc32_ieee(b"123456789"), 0xCBF4_3926);
        assert_eq!(
            crc32_ieee(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
        assert_eq!(crc32_ieee(b"zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ"), 714_468_973);
    }

    #[test]
    fn github_published_vectors() {
        // Published in coolaj86's gist / base62-token.js fixtures.
        let vectors = [
            ("zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ", "0mLq17"),
            ("adE7dp8rHP6gUTuPwxLTZjZdtya3sV", "0UQzQM"),
            ("H3xbiBdlzffNx7Y56iNsPw3joObj7U", "2nO29h"),
            ("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "0uCPlr"),
        ];
        for (body, sum) in vectors {
            assert_eq!(&github_checksum(body.as_bytes()), sum.as_bytes(), "{body}");
            for p in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
                let tok = format!("{p}{body}{sum}");
                assert!(github_classic_valid(tok.as_bytes()), "{tok}");
            }
        }
        let v = gh_vector();
        assert!(github_classic_valid(v.as_bytes()));
        assert!(crate::provenance::catalogue::secret(v.as_bytes()));
    }

    #[test]
    fn github_rejects() {
        let v = gh_vector();
        let bad_prefix = v.replacen("ghp_", "ghx_", 1);
        assert!(!github_classic_valid(bad_prefix.as_bytes()));
        assert!(!github_classic_valid(&v.as_bytes()[..39]));
        let longer = format!("{v}A");
        assert!(!github_classic_valid(longer.as_bytes()));
        let mut wrong_sum = v.clone().into_bytes();
        wrong_sum[39] = b'8';
        assert!(!github_classic_valid(&wrong_sum));
        let mut bad_char = v.clone().into_bytes();
        bad_char[10] = b'-';
        assert!(!github_classic_valid(&bad_char));
        assert!(!github_classic_valid(
            b"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        ));
        assert!(!github_classic_valid(
            b"ghp_1234567890abcdefghijklmnopqrstuvwxyz"
        ));
        assert!(!github_classic_valid(b""));
        // Prefix is not part of the checksum, uppercase prefix is not a token.
        assert!(!github_classic_valid(v.to_uppercase().as_bytes()));
    }

    #[test]
    fn github_fine_grained() {
        let tok = format!(
            "github_pat_{}_{}",
            "11ABCDEFG0abcdefghijkl",
            "a".repeat(20) + &"Z9".repeat(19) + "Q"
        );
        assert_eq!(tok.len(), 93);
        assert!(github_fine_grained_shape(tok.as_bytes()));
        assert!(!github_fine_grained_shape(&tok.as_bytes()[..92]));
        let mut t2 = tok.clone().into_bytes();
        t2[33] = b'-';
        assert!(!github_fine_grained_shape(&t2));
        let t3 = tok.replacen("github_pat_", "github_pak_", 1);
        assert!(!github_fine_grained_shape(t3.as_bytes()));
        assert!(!github_fine_grained_shape(b"github_pat_"));
    }

    #[test]
    fn bigrams_of_a_text_hold_those_of_its_words() {
        for word in PLACEHOLDER_ANYWHERE.iter().chain(PLACEHOLDER_WORDS) {
            let upper = word.to_ascii_uppercase();
            for text in [
                [&b"Xk29"[..], &upper, b"q-"].concat(),
                [&b"_"[..], word].concat(),
                word.to_vec(),
            ] {
                assert!(contains_ci(&text, word));
                assert!(Bigrams::of(&text).holds(&Bigrams::of(word)));
            }
        }
        // And they rule out most words for a random value.
        let value = Bigrams::of(b"Xk29dkLq0PzM3nVb8rT1wQ7sJ4hF6gY2cE5uA9mK");
        let kept = ANYWHERE_BIGRAMS.iter().filter(|w| value.holds(w)).count();
        assert!(kept <= 3, "{kept}");
    }

    proptest! {
        #[test]
        fn prop_github_checksum_matches_oracle(body in b62_string(30), pidx in 0usize..5) {
            let sum = base62_pad6(crc32_bitwise(body.as_bytes()));
            prop_assert_eq!(&github_checksum(body.as_bytes())[..], sum.as_bytes());
            let prefix = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"][pidx];
            let tok = format!("{prefix}{body}{sum}");
            prop_assert!(github_classic_valid(tok.as_bytes()));
        }

        #[test]
        fn prop_github_single_mutation_invalid(
            body in b62_string(30),
            pos in 4usize..40,
            repl in proptest::sample::select(B62.to_vec()),
        ) {
            let sum = base62_pad6(crc32_bitwise(body.as_bytes()));
            let mut tok = format!("ghp_{body}{sum}").into_bytes();
            prop_assume!(tok[pos] != repl);
            tok[pos] = repl;
            // CRC-32 detects every single-byte change in the body; a changed
            // checksum char decodes to a different value.
            prop_assert!(!github_classic_valid(&tok));
        }

        #[test]
        fn prop_crc_table_matches_bitwise(data in proptest::collection::vec(any::<u8>(), 0..300)) {
            prop_assert_eq!(crc32_ieee(&data), crc32_bitwise(&data));
        }
    }

    // ----- 3. JWT / base64url -----

    fn jwt(header: &str, payload: &str, sig: &str) -> String {
        format!(
            "{}.{}.{}",
            b64url_encode(header.as_bytes()),
            b64url_encode(payload.as_bytes()),
            sig
        )
    }

    #[test]
    fn jwt_positives() {
        let jwtio = concat!(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
            "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.",
            "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        );
        assert!(jwt_valid(jwtio.as_bytes()));
        assert!(crate::provenance::catalogue::secret(jwtio.as_bytes()));
        assert!(jwt_valid(
            jwt(
                r#"{"alg":"RS256","kid":"k1"}"#,
                r#"{"sub":"x"}"#,
                "c2lnbmF0dXJl"
            )
            .as_bytes()
        ));
        assert!(jwt_valid(
            jwt(
                "  {\n \"typ\" : \"JWT\",\n \"alg\" :\t\"ES256\" }\n",
                "{}",
                "abc_-d"
            )
            .as_bytes()
        ));
        // Unsecured JWT: empty signature allowed only for alg none.
        assert!(jwt_valid(
            jwt(r#"{"alg":"none"}"#, r#"{"sub":"x"}"#, "").as_bytes()
        ));
        assert!(jwt_valid(
            jwt(r#"{"alg":"NONE"}"#, r#"{"a":1}"#, "").as_bytes()
        ));
    }

    #[test]
    fn jwt_negatives() {
        assert!(!jwt_valid(
            jwt(r#"{"alg":"HS256"}"#, r#"{"sub":"x"}"#, "").as_bytes()
        ));
        assert!(!jwt_valid(
            jwt(r#"{"typ":"JWT"}"#, r#"{"sub":"x"}"#, "sig").as_bytes()
        ));
        assert!(!jwt_valid(
            jwt(r#"{"ALG":"HS256"}"#, "{}", "sig").as_bytes()
        ));
        assert!(!jwt_valid(jwt(r#"["alg",1]"#, "{}", "sig").as_bytes()));
        assert!(!jwt_valid(jwt(r#"{"alg":256}"#, "{}", "sig").as_bytes()));
        assert!(!jwt_valid(jwt(r#"{"alg" "x"}"#, "{}", "sig").as_bytes()));
        assert!(!jwt_valid(jwt(r#"{"alg":"HS256"}"#, "", "sig").as_bytes()));
        assert!(!jwt_valid(b"not.a.jwt"));
        assert!(!jwt_valid(b"a.b"));
        assert!(!jwt_valid(b""));
        assert!(!jwt_valid(b".."));
        assert!(!jwt_valid(b"www.example.com"));
        assert!(!jwt_valid(b"1.2.3"));
        // Padding and bad chars.
        let padded = format!("{}=.e30.sig", b64url_encode(br#"{"alg":"HS256"}"#));
        assert!(!jwt_valid(padded.as_bytes()));
        let plus = jwt(r#"{"alg":"HS256"}"#, "{}", "si+g");
        assert!(!jwt_valid(plus.as_bytes()));
        // JWE (5 parts) and 4 parts.
        let h = b64url_encode(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
        assert!(!jwt_valid(format!("{h}.a.b.c.d").as_bytes()));
        assert!(!jwt_valid(format!("{h}.a.b.c").as_bytes()));
        // Header too large once decoded.
        let big = format!(r#"{{"alg":"HS256","x":"{}"}}"#, "a".repeat(JWT_MAX_HEADER));
        assert!(!jwt_valid(jwt(&big, "{}", "sig").as_bytes()));
    }

    #[test]
    fn base64url_decode_cases() {
        let mut out = [0u8; 16];
        assert_eq!(base64url_decode_into(b"", &mut out), Some(0));
        assert_eq!(base64url_decode_into(b"Zg", &mut out), Some(1));
        assert_eq!(&out[..1], b"f");
        assert_eq!(base64url_decode_into(b"Zm9vYmFy", &mut out), Some(6));
        assert_eq!(&out[..6], b"foobar");
        assert_eq!(base64url_decode_into(b"Zm8=", &mut out), Some(2));
        assert_eq!(base64url_decode_into(b"Zg==", &mut out), Some(1));
        assert_eq!(base64url_decode_into(b"_-8", &mut out), Some(2));
        assert_eq!(&out[..2], &[0xFF, 0xEF]);
        assert_eq!(base64url_decode_into(b"Z", &mut out), None);
        assert_eq!(
            base64url_decode_into(b"Zh", &mut out),
            None,
            "non-canonical trailing bits"
        );
        assert_eq!(base64url_decode_into(b"Zg=", &mut out), None);
        assert_eq!(base64url_decode_into(b"Zg===", &mut out), None);
        assert_eq!(base64url_decode_into(b"====", &mut out), None);
        assert_eq!(
            base64url_decode_into(b"Zm+v", &mut out),
            None,
            "std alphabet"
        );
        assert_eq!(
            base64url_decode_into(b"Zm9vYmFy", &mut [0u8; 5]),
            None,
            "buffer too small"
        );
    }

    proptest! {
        #[test]
        fn prop_base64url_roundtrip(data in proptest::collection::vec(any::<u8>(), 0..200)) {
            let enc = b64url_encode(&data);
            let mut out = [0u8; 256];
            let n = base64url_decode_into(enc.as_bytes(), &mut out);
            prop_assert_eq!(n, Some(data.len()));
            prop_assert_eq!(&out[..data.len()], &data[..]);
            // Padded form decodes too.
            let mut padded = enc.clone();
            while !padded.len().is_multiple_of(4) { padded.push('='); }
            prop_assert_eq!(base64url_decode_into(padded.as_bytes(), &mut out), Some(data.len()));
            // Exact-size buffer works, one smaller fails.
            let mut exact = vec![0u8; data.len()];
            prop_assert_eq!(base64url_decode_into(enc.as_bytes(), &mut exact), Some(data.len()));
            if !data.is_empty() {
                let mut small = vec![0u8; data.len() - 1];
                prop_assert_eq!(base64url_decode_into(enc.as_bytes(), &mut small), None);
            }
        }

        #[test]
        fn prop_jwt_generated(alg in "[A-Z]{2}[0-9]{3}", sub in "[a-z0-9]{1,20}", sig in proptest::collection::vec(any::<u8>(), 1..64)) {
            let t = jwt(&format!(r#"{{"typ":"JWT","alg":"{alg}"}}"#), &format!(r#"{{"sub":"{sub}"}}"#), &b64url_encode(&sig));
            prop_assert!(jwt_valid(t.as_bytes()));
            let no_sig = t.rsplit_once('.').unwrap().0.to_string() + ".";
            prop_assert!(!jwt_valid(no_sig.as_bytes()));
        }
    }

    // ----- 4. AWS -----

    #[test]
    fn aws_key_ids() {
        assert!(aws_access_key_id_valid(b"AKIAIOSFODNN7EXAMPLE"));
        assert!(crate::provenance::catalogue::secret(
            b"AKIAIOSFODNN7EXAMPLE"
        ));
        assert!(aws_access_key_id_valid(b"ASIAY34FZKBOKMUTVV7A"));
        assert!(aws_access_key_id_valid(b"ABIAZ2345ABCDEFGHIJK"));
        assert!(aws_access_key_id_valid(b"ACCAQWERTYZ234567ABC"));
        // Resource ids, not credentials.
        for p in [
            "AIDA", "AROA", "AGPA", "AIPA", "ANPA", "ANVA", "APKA", "ASCA",
        ] {
            assert!(
                !aws_access_key_id_valid(format!("{p}IOSFODNN7EXAMPLE").as_bytes()),
                "{p}"
            );
        }
        assert!(!aws_access_key_id_valid(b"AKIAIOSFODNN7EXAMPL"));
        assert!(!aws_access_key_id_valid(b"AKIAIOSFODNN7EXAMPLEX"));
        assert!(!aws_access_key_id_valid(b"akiaiosfodnn7example"));
        assert!(
            !aws_access_key_id_valid(b"AKIAIOSFODNN1EXAMPLE"),
            "1 is not base32"
        );
        assert!(
            !aws_access_key_id_valid(b"AKIAIOSFODNN0EXAMPLE"),
            "0 is not base32"
        );
        // AWS's second documented id has an '8': documented, but not key-shaped.
        assert!(!aws_access_key_id_valid(b"AKIAI44QH8DHBEXAMPLE"));
        assert!(crate::provenance::catalogue::secret(
            b"AKIAI44QH8DHBEXAMPLE"
        ));
        assert!(!aws_access_key_id_valid(b""));
    }

    #[test]
    fn aws_secrets() {
        let doc = b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assert!(aws_secret_key_shape(doc));
        assert!(crate::provenance::catalogue::secret(doc));
        assert!(crate::provenance::catalogue::secret(
            b"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
        ));
        assert!(aws_secret_key_shape(
            b"h8Qv2LmZ0pXr7TnB4kYc9WsE3dJf6GaU1oRi5Hxq"
        ));
        assert!(!crate::provenance::catalogue::secret(
            b"h8Qv2LmZ0pXr7TnB4kYc9WsE3dJf6GaU1oRi5Hxq"
        ));
        // 40-hex git SHA: wrong classes.
        assert!(!aws_secret_key_shape(
            b"da39a3ee5e6b4b0d3255bfef95601890afd80709"
        ));
        assert!(!aws_secret_key_shape(
            b"DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"
        ));
        assert!(!aws_secret_key_shape(
            b"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        ));
        assert!(
            !aws_secret_key_shape(b"abcdefghijABCDEFGHIJabcdefghijABCDEFGHIJ"),
            "no digit/symbol"
        );
        assert!(
            !aws_secret_key_shape(b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE"),
            "39 chars"
        );
        assert!(
            !aws_secret_key_shape(b"wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY"),
            "base64url chars"
        );
        assert!(
            !aws_secret_key_shape(b"Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1A"),
            "low entropy"
        );
    }

    // ----- 5. Stripe -----

    #[test]
    fn stripe_kinds() {
        let body24 = "4eC39HqLyjWDarjtT1zdp7dc";
        let body99 = "51H2kQmZ2xLp8Rv3NcT6wYh1JdS5gUeAbCdEfGhIjKlMnOpQrStUvWxYz0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ0123";
        for (p, kind) in [
            ("sk_live_", "stripe_secret_live"),
            ("rk_live_", "stripe_restricted_live"),
            ("pk_live_", "stripe_publishable_live"),
            ("sk_test_", "stripe_secret_test"),
            ("rk_test_", "stripe_restricted_test"),
            ("pk_test_", "stripe_publishable_test"),
        ] {
            assert_eq!(
                stripe_key_kind(format!("{p}{body24}").as_bytes()),
                Some(kind)
            );
            assert_eq!(
                stripe_key_kind(format!("{p}{body99}").as_bytes()),
                Some(kind)
            );
        }
        assert_eq!(
            stripe_key_kind(b"whsec_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH"),
            Some("stripe_webhook_secret")
        );
        assert_eq!(
            stripe_key_kind(
                b"whsec_2b0d6e1f9c8a7b6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d"
            ),
            Some("stripe_webhook_secret")
        );
        // Documented samples are shape-valid (test keys) and flagged as examples.
        for s in [
            concat!("sk_", "test_", "BQokikJOvBiI2HlWgH4olfQ2"),
            concat!("sk_", "test_", "4eC39HqLyjWDarjtT1zdp7dc"),
            concat!("pk_", "test_", "TYooMQauvdEDq54NiTphI7jx"),
        ] {
            assert!(stripe_key_kind(s.as_bytes()).is_some_and(|k| k.ends_with("_test")));
            assert!(crate::provenance::catalogue::secret(s.as_bytes()));
        }
        // Negatives.
        assert_eq!(stripe_key_kind(b"sk_live_short"), None);
        assert_eq!(stripe_key_kind(b"sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"), None);
        assert_eq!(stripe_key_kind(b"sk_live_4eC39HqLyjWDarjtT1zd-p7dc"), None);
        assert_eq!(
            stripe_key_kind(format!("sk_live_{}", "aB3".repeat(83)).as_bytes()),
            None,
            "too long"
        );
        assert_eq!(stripe_key_kind(b"sk_prod_4eC39HqLyjWDarjtT1zdp7dc"), None);
        assert_eq!(stripe_key_kind(b"SK_LIVE_4eC39HqLyjWDarjtT1zdp7dc"), None);
        assert_eq!(stripe_key_kind(b"whsec_short"), None);
        assert_eq!(
            stripe_key_kind(b"whsec_...................................."),
            None
        );
        assert_eq!(stripe_key_kind(b""), None);
    }

    // ----- 6. Slack -----

    #[test]
    fn slack_tokens() {
        let cases: &[(String, Option<&str>)] = &[
            (
                ["xox", "b-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"].concat(),
                Some("slack_bot"),
            ),
            (
                ["xox", "b-123456789012-Tjy11gGxUW6Cf99YOYwtzG0K"].concat(),
                Some("slack_bot"),
            ),
            (
                [
                    "xox",
                    "p-123456789012-1234567890123-1234567890123-0123456789abcdef0123456789abcdef",
                ]
                .concat(),
                Some("slack_user"),
            ),
            (
                ["xox", "a-2-9a8b7c6d5e4f3a2b1c0d"].concat(),
                Some("slack_workspace_app"),
            ),
            (
                ["xox", "r-1234567890-aBcDeF1234567890"].concat(),
                Some("slack_refresh"),
            ),
            (
                [
                    "xox",
                    "s-1234567890-1234567890-1234567890-0123456789abcdef0123",
                ]
                .concat(),
                Some("slack_legacy"),
            ),
            (
                [
                    "xapp-1-A0123ABCDEF-1234567890123-",
                    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                ]
                .concat(),
                Some("slack_app_level"),
            ),
            (
                format!(
                    "xoxe.xoxp-1-{}",
                    &"Mi0yLTEyMzQ1Njc4OTAxMi0xMjM0NTY3ODkwMTIzLTEyMzQ1Njc4OTAxMjM".repeat(3)[..164]
                ),
                Some("slack_config_access"),
            ),
            (
                format!(
                    "xoxe-1-{}",
                    &"My0xLTEyMzQ1Njc4OTAxMi0xMjM0NTY3ODkwMTIzLT".repeat(4)[..146]
                ),
                Some("slack_config_refresh"),
            ),
        ];
        for (tok, want) in cases {
            assert_eq!(slack_token_kind(tok.as_bytes()), *want, "{tok}");
        }
        for bad in [
            ["xox", "b-bad"].concat(),
            ["xox", "b-1234567890-1234567890-XXXXXXXXXXXXXXXXXXXXXXXX"].concat(),
            ["xox", "b-1234567890-1234567890"].concat(),
            ["xox", "b-12-34-abcdefghijklmnopqrstuvwx"].concat(),
            ["xox", "p-1234567890-abcdefghijklmnopqrstuvwxyz012345"].concat(),
            ["xox", "z-1234567890-1234567890-abcdefghijklmnopqrstuvwx"].concat(),
            [
                "xox",
                "b-1234567890-1234567890-abcdefghijklmnopqrstuvwx-1-2-3-4",
            ]
            .concat(),
            ["xox", "s-1-2-3-nothexnothexnothex"].concat(),
            "xapp-1-a0123abcdef-1234567890123-0123456789abcdef0123456789abcdef".to_string(),
            "xoxe.xoxb-1-short".to_string(),
            "xoxe-1-short".to_string(),
            String::new(),
        ] {
            assert_eq!(slack_token_kind(bad.as_bytes()), None, "{bad}");
        }
    }

    #[test]
    fn slack_webhooks() {
        let ok = [
            "https://hooks.slack.com/services/",
            "T024BE7LD/B08J5SH7Y4A/",
            "x3Yq9ZkL2mNp8RtV5wBc4DfG",
        ]
        .concat();
        assert!(slack_webhook_valid(ok.as_bytes()));
        let doc = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
        assert!(!slack_webhook_valid(doc.as_bytes()));
        assert!(crate::provenance::catalogue::secret(doc.as_bytes()));
        for bad in [
            ok.replacen("https", "http", 1),
            ok.replacen("/T024", "/t024", 1),
            ok.replacen("/B08J", "/C08J", 1),
            format!("{ok}/"),
            ok[..ok.len() - 1].to_string(),
            ok.replacen("x3Yq", "x3-q", 1),
            "https://hooks.slack.com/services/T024BE7LD/x3Yq9ZkL2mNp8RtV5wBc4DfG".to_string(),
            "https://hooks.slack.com/workflows/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"
                .to_string(),
            String::new(),
        ] {
            assert!(!slack_webhook_valid(bad.as_bytes()), "{bad}");
        }
    }

    // ----- 7. Google -----

    #[test]
    fn google_keys() {
        let k = ["AIza", "SyB3kQmZ2xLp8Rv3N-cT6wYh1JdS5g_Ue0a"].concat();
        assert_eq!(k.len(), 39);
        assert!(google_api_key_valid(k.as_bytes()));
        assert!(!google_api_key_valid(&k.as_bytes()[..38]));
        assert!(!google_api_key_valid(format!("{k}a").as_bytes()));
        assert!(!google_api_key_valid(
            k.replacen("AIza", "AIzb", 1).as_bytes()
        ));
        assert!(!google_api_key_valid(k.replacen("-", "+", 1).as_bytes()));
        assert!(!google_api_key_valid(
            b"AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
        ));
        assert!(!google_api_key_valid(b""));
    }

    // ----- 8. Salesforce -----

    #[test]
    fn salesforce_ids() {
        // Published pairs from the Salesforce REST API docs' sample
        // responses: 001D000000IqhSL ↔ 001D000000IqhSLIAZ,
        // 001D000000Iomaz ↔ 001D000000IomazIAB. By hand: chunk `001D0` has
        // an upper-case letter at index 3 → 8 → `I`; `00000` → `A`;
        // `IqhSL` → bits 0,3,4 → 25 → `Z`.
        assert_eq!(salesforce_id_suffix(b"001D000000IqhSL"), Some(*b"IAZ"));
        assert_eq!(salesforce_id_suffix(b"001D000000Iomaz"), Some(*b"IAB"));
        assert!(salesforce_id_valid(b"001D000000IqhSL"));
        assert!(salesforce_id_valid(b"001D000000IqhSLIAZ"));
        assert!(salesforce_id_valid(b"001D000000IomazIAB"));
        assert!(!salesforce_id_valid(b"001D000000IqhSLIAY"));
        assert!(
            !salesforce_id_valid(b"001D000000IqhSLiaz"),
            "suffix is case-sensitive"
        );
        assert!(
            !salesforce_id_valid(b"001d000000IqhSLIAZ"),
            "case change breaks suffix"
        );
        assert!(salesforce_id_valid(b"00Q6000000OaR87"));
        assert!(!salesforce_id_valid(b"Administrators!"));
        assert!(!salesforce_id_valid(b"AdministratorsX"), "no digit");
        assert!(!salesforce_id_valid(b"001D000000IqhS"));
        assert!(!salesforce_id_valid(b"001D000000IqhSL-"));
        assert!(!salesforce_id_valid(b""));
        assert_eq!(salesforce_id_suffix(b"short"), None);
    }

    proptest! {
        #[test]
        fn prop_salesforce_suffix_oracle(id in b62_string(15)) {
            let sfx = sf_suffix_oracle(&id);
            prop_assert_eq!(&salesforce_id_suffix(id.as_bytes()).unwrap()[..], sfx.as_bytes());
            let full = format!("{id}{sfx}");
            let has_digit = id.bytes().any(|b| b.is_ascii_digit());
            prop_assert_eq!(salesforce_id_valid(full.as_bytes()), has_digit);
            // Flipping the case of one letter in the base changes the suffix.
            if let Some(pos) = id.bytes().position(|b| b.is_ascii_alphabetic()) {
                let mut flipped = full.clone().into_bytes();
                flipped[pos] ^= 0x20;
                prop_assert!(!salesforce_id_valid(&flipped));
            }
        }
    }

    fn sf_token_body() -> String {
        "AR8AQJXg5oj8jXSgxJfA0lBog.39AsX.LVpxezPwuX5VAIrrbbHMuol7GQxnMeYMN7cj8EoE0fAAOjGNKQ6ENMd3u6NCgC1A_zz".to_string()
    }

    #[test]
    fn salesforce_tokens() {
        let body = sf_token_body();
        assert!(body.len() >= 96);
        assert!(salesforce_session_token_valid(
            format!("00DE0X0A0M0PeLE!{body}").as_bytes()
        ));
        let org18 = format!(
            "00DE0X0A0M0PeLE{}",
            String::from_utf8(salesforce_id_suffix(b"00DE0X0A0M0PeLE").unwrap().to_vec()).unwrap()
        );
        assert!(salesforce_session_token_valid(
            format!("{org18}!{body}").as_bytes()
        ));
        assert!(!salesforce_session_token_valid(
            format!("{org18}X!{body}").as_bytes()
        ));
        assert!(
            !salesforce_session_token_valid(format!("001E0X0A0M0PeLE!{body}").as_bytes()),
            "not an org id"
        );
        assert!(!salesforce_session_token_valid(
            format!("00DE0X0A0M0PeLE!{}", &body[..60]).as_bytes()
        ));
        assert!(!salesforce_session_token_valid(
            format!("00DE0X0A0M0PeLE!{}", "x".repeat(100)).as_bytes()
        ));
        assert!(!salesforce_session_token_valid(
            format!("00DE0X0A0M0PeLE!{body}-").as_bytes()
        ));
        assert!(!salesforce_session_token_valid(
            format!("00DE0X0A0M0PeLE {body}").as_bytes()
        ));
        assert!(!salesforce_session_token_valid(b"00D...!ARYAQK..."));
        assert!(!salesforce_session_token_valid(b""));

        assert!(salesforce_consumer_secret_shape(b"8273645091827364509"));
        assert!(salesforce_consumer_secret_shape(
            b"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"
        ));
        assert!(
            !salesforce_consumer_secret_shape(b"1234567890123456789"),
            "sequential"
        );
        assert!(!salesforce_consumer_secret_shape(b"0000000000000000000"));
        assert!(!salesforce_consumer_secret_shape(b"827364509182736450"));
        assert!(!salesforce_consumer_secret_shape(
            b"G3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"
        ));
        assert!(!salesforce_consumer_secret_shape(b""));
    }

    // ----- 9. PEM -----

    const RSA_BODY: &str = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\nLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo\n";

    fn pem(label: &str, body: &str) -> String {
        format!("-----BEGIN {label}-----\n{body}-----END {label}-----\n")
    }

    fn body_start(label: &str) -> usize {
        format!("-----BEGIN {label}-----").len()
    }

    #[test]
    fn pem_kinds() {
        assert_eq!(pem_private_key_kind(b"RSA PRIVATE KEY"), Some("rsa"));
        assert_eq!(pem_private_key_kind(b"EC PRIVATE KEY"), Some("ec"));
        assert_eq!(pem_private_key_kind(b"DSA PRIVATE KEY"), Some("dsa"));
        assert_eq!(
            pem_private_key_kind(b"OPENSSH PRIVATE KEY"),
            Some("openssh")
        );
        assert_eq!(pem_private_key_kind(b"PRIVATE KEY"), Some("pkcs8"));
        assert_eq!(
            pem_private_key_kind(b"ENCRYPTED PRIVATE KEY"),
            Some("pkcs8_encrypted")
        );
        assert_eq!(pem_private_key_kind(b"PGP PRIVATE KEY BLOCK"), Some("pgp"));
        assert_eq!(pem_private_key_kind(b"PUBLIC KEY"), None);
        assert_eq!(pem_private_key_kind(b"CERTIFICATE"), None);
        assert_eq!(pem_private_key_kind(b"rsa private key"), None);
        assert_eq!(pem_private_key_kind(b""), None);
    }

    #[test]
    fn pem_blocks() {
        let label = "RSA PRIVATE KEY";
        let doc = format!("prefix\n{}suffix", pem(label, RSA_BODY));
        let start = doc.find("-----BEGIN").unwrap() + body_start(label);
        let end = pem_block_end(doc.as_bytes(), start, label.as_bytes()).unwrap();
        assert_eq!(&doc[..end], &doc[..doc.find("-----\nsuffix").unwrap() + 5]);
        assert!(doc[..end].ends_with("-----END RSA PRIVATE KEY-----"));

        // Encrypted legacy PEM with headers and CRLF.
        let enc = pem(
            label,
            &format!("Proc-Type: 4,ENCRYPTED\r\nDEK-Info: AES-128-CBC,5A8D1F0E2B3C4D5E6F708192A3B4C5D6\r\n\r\n{RSA_BODY}"),
        );
        assert!(pem_block_end(enc.as_bytes(), body_start(label), label.as_bytes()).is_some());

        // PGP armor with Version header and CRC line.
        let pgp_label = "PGP PRIVATE KEY BLOCK";
        let pgp = pem(
            pgp_label,
            &format!("Version: GnuPG v2\n\n{RSA_BODY}=nX3k\n"),
        );
        assert!(
            pem_block_end(pgp.as_bytes(), body_start(pgp_label), pgp_label.as_bytes()).is_some()
        );

        // JSON-escaped (GCP service-account style) with \/ escapes.
        let json_body = RSA_BODY.replace('\n', "\\n").replace('/', "\\/");
        let json = format!(
            r#"{{"private_key": "-----BEGIN PRIVATE KEY-----\n{json_body}-----END PRIVATE KEY-----\n"}}"#
        );
        let s =
            json.find("-----BEGIN PRIVATE KEY-----").unwrap() + "-----BEGIN PRIVATE KEY-----".len();
        let e = pem_block_end(json.as_bytes(), s, b"PRIVATE KEY").unwrap();
        assert!(json[..e].ends_with("-----END PRIVATE KEY-----"));

        // Single line with spaces (newlines collapsed in an env var).
        let one = format!(
            "-----BEGIN EC PRIVATE KEY----- {} -----END EC PRIVATE KEY-----",
            RSA_BODY.replace('\n', " ")
        );
        assert!(pem_block_end(
            one.as_bytes(),
            body_start("EC PRIVATE KEY"),
            b"EC PRIVATE KEY"
        )
        .is_some());
    }

    #[test]
    fn pem_rejects() {
        let label = "RSA PRIVATE KEY";
        let bs = |_s: &str| body_start(label);
        // Elided example body.
        let ex = pem(label, "...\n");
        assert_eq!(
            pem_block_end(ex.as_bytes(), bs(&ex), label.as_bytes()),
            None
        );
        let ex2 = pem(label, "MIIEowIBAAKCAQEA...\n");
        assert_eq!(
            pem_block_end(ex2.as_bytes(), bs(&ex2), label.as_bytes()),
            None
        );
        // Too short.
        let short = pem(label, "MIIBOgIBAAJBAKj34GkxFhD9\n");
        assert_eq!(
            pem_block_end(short.as_bytes(), bs(&short), label.as_bytes()),
            None
        );
        // Mismatched END label.
        let mis = format!("-----BEGIN {label}-----\n{RSA_BODY}-----END EC PRIVATE KEY-----\n");
        assert_eq!(
            pem_block_end(mis.as_bytes(), bs(&mis), label.as_bytes()),
            None
        );
        // Missing END.
        let noend = format!("-----BEGIN {label}-----\n{RSA_BODY}");
        assert_eq!(
            pem_block_end(noend.as_bytes(), bs(&noend), label.as_bytes()),
            None
        );
        // Prose inside.
        let prose = pem(label, "put your key here\n");
        assert_eq!(
            pem_block_end(prose.as_bytes(), bs(&prose), label.as_bytes()),
            None
        );
        // Header after base64 started.
        let late = pem(label, &format!("{RSA_BODY}Proc-Type: 4,ENCRYPTED\n"));
        assert_eq!(
            pem_block_end(late.as_bytes(), bs(&late), label.as_bytes()),
            None
        );
        // Body over the cap.
        let huge_body = "QUFB".repeat(PEM_MAX_BODY / 4 + 10);
        let huge = pem(label, &huge_body);
        assert_eq!(
            pem_block_end(huge.as_bytes(), bs(&huge), label.as_bytes()),
            None
        );
        // Out-of-range start, empty label.
        assert_eq!(pem_block_end(b"abc", 10, label.as_bytes()), None);
        assert_eq!(pem_block_end(b"abc", 0, b""), None);
    }

    // ----- 10. URL credentials -----

    fn pw(u: &str) -> Option<&str> {
        url_userinfo_password(u.as_bytes()).map(|(s, e)| &u[s..e])
    }

    #[test]
    fn url_passwords() {
        assert_eq!(
            pw("admin:Xk29dkLq0Pz@db.internal:5432/app"),
            Some("Xk29dkLq0Pz")
        );
        assert_eq!(pw("user:p@ss:w0rd@10.0.0.5/x"), Some("p@ss:w0rd"));
        assert_eq!(pw(":r3d1sPa55@cache:6379"), Some("r3d1sPa55"));
        assert_eq!(pw("u:s3cr%40t@[2001:db8::1]:8080/"), Some("s3cr%40t"));
        assert_eq!(pw("u:hunter2@localhost"), Some("hunter2"));
        assert_eq!(
            pw("u:hunter2@my-db.eu-west-1.rds.amazonaws.com?ssl=true"),
            Some("hunter2")
        );
        assert_eq!(pw("deploy:gh0stT0ken@git.corp.net"), Some("gh0stT0ken"));
        assert_eq!(
            pw("deploy:gh0stT0ken@git.corp.net\" next"),
            Some("gh0stT0ken")
        );
        for bad in [
            "user@host.com/path",
            ":@host.com",
            "user:@host.com",
            "user:${PASS}@db.local",
            "user:password@db.local",
            "user:PASSWORD@db.local",
            "user:****@db.local",
            "user:<password>@db.local",
            "user:changeme@db.local",
            "user:xxxxxx@db.local",
            "user:s3cr3tZ@",
            "user:s3cr3tZ@host",
            "user:s3cr3tZ@db.example.com",
            "user:s3cr3tZ@bad_host!",
            "user:s3cr3tZ@db.local:99999999",
            "user:s3cr3tZ@-bad.com",
            "user:s3cr3tZ@[zz::1]",
            "example.com/path?x=user:pw@host",
            "host.com",
            "",
        ] {
            assert_eq!(pw(bad), None, "{bad}");
        }
    }

    // ----- no-panic properties on arbitrary bytes -----

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn prop_no_panic(s in proptest::collection::vec(any::<u8>(), 0..300), start in 0usize..400, label in proptest::collection::vec(any::<u8>(), 0..80)) {
            let _ = shannon_entropy_bits(&s);
            let _ = looks_random(&s);
            let _ = is_placeholder(&s);
            let _ = github_classic_valid(&s);
            let _ = github_checksum(&s);
            let _ = github_fine_grained_shape(&s);
            let _ = jwt_valid(&s);
            let mut out = [0u8; 64];
            let _ = base64url_decode_into(&s, &mut out);
            let _ = aws_access_key_id_valid(&s);
            let _ = aws_secret_key_shape(&s);
            let _ = stripe_key_kind(&s);
            let _ = slack_token_kind(&s);
            let _ = slack_webhook_valid(&s);
            let _ = google_api_key_valid(&s);
            let _ = salesforce_id_valid(&s);
            let _ = salesforce_id_suffix(&s);
            let _ = salesforce_session_token_valid(&s);
            let _ = salesforce_consumer_secret_shape(&s);
            let _ = pem_private_key_kind(&s);
            let _ = pem_block_end(&s, start, &label);
            let _ = pem_block_end(&s, start, b"RSA PRIVATE KEY");
            if let Some((a, b)) = url_userinfo_password(&s) {
                prop_assert!(a < b && b <= s.len());
            }
            let _ = crate::provenance::catalogue::secret(&s);
        }

        /// Structured near-misses: inputs built from the characters and
        /// prefixes the parsers care about, so the interesting branches run.
        #[test]
        fn prop_no_panic_structured(
            prefix in proptest::sample::select(vec![
                "ghp_", "github_pat_", "eyJ", "AKIA", "sk_live_", "whsec_", "xoxb-", "xoxp-",
                "xoxa-", "xoxe-", "xoxe.xoxb-", "xapp-", "https://hooks.slack.com/services/",
                "AIza", "00D", "-----END ", "user:", "${", "",
            ]),
            tail in "[A-Za-z0-9_.!:@/=+\\-\\\\\\n\\[\\] ]{0,200}",
        ) {
            let s = format!("{prefix}{tail}");
            let b = s.as_bytes();
            let _ = looks_random(b);
            let _ = is_placeholder(b);
            let _ = jwt_valid(b);
            let _ = stripe_key_kind(b);
            let _ = slack_token_kind(b);
            let _ = slack_webhook_valid(b);
            let _ = salesforce_session_token_valid(b);
            let _ = pem_block_end(b, 0, b"RSA PRIVATE KEY");
            if let Some((a, e)) = url_userinfo_password(b) {
                prop_assert!(a < e && e <= b.len());
            }
        }
    }
}
