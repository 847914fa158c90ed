//! Credentials: provider keys and tokens, private keys, JWTs, passwords in
//! URLs, and random values assigned to key-like names.
//!
//! One multi-literal search ([`literals`]) finds two sorts of anchor. Each
//! anchor is found through a *trigger* picked by hand for being rare in
//! prose, JSON and logs (`yJ` of `eyJ`, `p_` of `ghp_`, `ec` of `ecret`),
//! so that text holding no anchor costs about half an instruction per byte
//! with AVX2 (about 1.3 with the 16-byte instructions of SSSE3).
//! (`aho-corasick`'s packed search over the anchors' leading bytes cost two
//! instructions per byte on English, most of it on false candidates.)
//!
//! - **Provider prefixes**, where the token starts: `AKIA`/`ASIA`/`ABIA`/
//!   `ACCA`, `sk_live_`/`rk_live_`/`sk_test_`/`rk_test_`, `whsec_`,
//!   `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_`, `github_pat_`, `xox…`/`xapp-`,
//!   `AIza`, `00D` (Salesforce org id before `!`), `-----BEGIN `, `eyJ` (a
//!   JWT header), and `://` (a URL's user info, or a Slack webhook URL).
//!   The token must start at a word boundary; its run of allowed bytes is
//!   read (bounded) and handed to the provider's validator in [`validate`]:
//!   GitHub's CRC-32 checksum, the JWT header's `alg`, the PEM block's
//!   matching `-----END` line, and so on.
//! - **Key names**: cores such as `ecret` (secret), `oken` (token), `pass`,
//!   `pwd`, `_key`, `Key`, `apikey`, `redential`, in the spellings keys use. The
//!   whole key (`client_secret`, `AWS_SECRET_ACCESS_KEY`, `apiKey`,
//!   `spring.datasource.password`) is read around the core and split into
//!   words; its last word must name a secret (`password`, `token`,
//!   `secret`, `credential`, or `key` after a word such as `api`, `access`,
//!   `private`), and no word may say it is something else (`public_key`,
//!   `csrf_token`, `next_page_token`, `token_type`, `password_hash`). Then an
//!   assignment (`=`, `:`, `:=`, `=>`, `>` in XML) and a quoted or bare value
//!   must follow.
//!
//! # Which value a key name reports
//! 1. A value that starts with a provider prefix is that provider's token,
//!    or nothing if it fails the provider's check (a near-miss of a known
//!    format is a fake, not a random secret).
//! 2. After an AWS secret key name, a 40-character AWS secret shape is an
//!    `aws_secret_access_key`; after a Salesforce consumer secret name, 19
//!    digits or 64 hex characters are a `salesforce_consumer_secret`.
//! 3. Otherwise the value must look random ([`validate::looks_random`]: 16+
//!    bytes, mixed classes, entropy above a length-dependent threshold, not
//!    a UUID, hex digest, base64 image, URL, sequence, identifier or
//!    placeholder) to be a `generic` secret. After a password name, a value
//!    of 8–64 bytes with three character classes is also reported, with
//!    less confidence.
//!
//! Documented example values (`AKIAIOSFODNN7EXAMPLE`, Stripe test-mode
//! keys, jwt.io's token, Slack's webhook placeholder) are reported with
//! [`Provenance::Synthetic`](crate::Provenance), even when their shape is
//! not a valid token.
//!
//! # Cost
//! Every anchor leads to a bounded amount of work, and a rejected token or
//! value is not read again: anchors inside a token's run fail their
//! word-boundary check at once, and key names inside a rejected value are
//! ignored. The cursor is linear on any input (MBs of `eyJ`,
//! `-----BEGIN`, `token=`, base64).

pub(crate) mod literals;
pub(crate) mod validate;

use aho_corasick::{Match, MatchKind};

use literals::{Literals, Trigger};

use crate::finding::{Finding, Kind, Provenance, Subkind, SyntheticReason};
use crate::provenance::catalogue;

/// What an anchor pattern starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Anchor {
    AwsKeyId,
    Stripe,
    StripeWebhook,
    GithubClassic,
    GithubFineGrained,
    Slack,
    Google,
    Salesforce,
    PrivateKey,
    Jwt,
    Url,
    KeyName,
}

/// Provider anchors: the pattern, what it starts, and how many bytes of the
/// token come before the pattern (`sk_`/`rk_` before `k_live_`).
const PROVIDER_ANCHORS: &[(&str, Anchor, usize, Trigger)] = &[
    ("AKIA", Anchor::AwsKeyId, 0, pair(CAPITALS, 1)),
    ("ASIA", Anchor::AwsKeyId, 0, pair(CAPITALS, 1)),
    ("ABIA", Anchor::AwsKeyId, 0, pair(CAPITALS, 1)),
    ("ACCA", Anchor::AwsKeyId, 0, pair(CAPITALS, 1)),
    ("k_live_", Anchor::Stripe, 1, pair(KEY, 1)),
    ("k_test_", Anchor::Stripe, 1, pair(KEY, 1)),
    (
        "whsec_",
        Anchor::StripeWebhook,
        0,
        pair(BEFORE_UNDERSCORE, 4),
    ),
    ("ghp_", Anchor::GithubClassic, 0, pair(BEFORE_UNDERSCORE, 2)),
    ("gho_", Anchor::GithubClassic, 0, pair(BEFORE_UNDERSCORE, 2)),
    ("ghu_", Anchor::GithubClassic, 0, pair(BEFORE_UNDERSCORE, 2)),
    ("ghs_", Anchor::GithubClassic, 0, pair(BEFORE_UNDERSCORE, 2)),
    ("ghr_", Anchor::GithubClassic, 0, pair(BEFORE_UNDERSCORE, 2)),
    (
        "github_pat_",
        Anchor::GithubFineGrained,
        0,
        pair(BEFORE_UNDERSCORE, 5),
    ),
    ("xox", Anchor::Slack, 0, single(LETTER_X, 0)),
    ("xapp-", Anchor::Slack, 0, single(LETTER_X, 0)),
    ("AIza", Anchor::Google, 0, pair(CAPITALS, 1)),
    ("00D", Anchor::Salesforce, 0, pair(SLASH_AND_CAPITALS, 1)),
    ("-----BEGIN ", Anchor::PrivateKey, 0, pair(CAPITALS, 5)),
    ("eyJ", Anchor::Jwt, 0, pair(SLASH_AND_CAPITALS, 1)),
    ("://", Anchor::Url, 0, pair(SLASH_AND_CAPITALS, 0)),
];

/// Spellings of the key-name cores, with their triggers. Listed rather than
/// searched case-insensitively: the trigger search compares bytes exactly.
/// Cores start inside the word where that makes them rarer in text (`ecret`
/// finds `secret`, `Secret` and `client_secret`).
const KEY_NAME_CORES: &[(&str, Trigger)] = &[
    ("ecret", pair(EC, 0)),
    ("ECRET", pair(EC, 0)),
    ("oken", pair(OK_IK, 0)),
    ("OKEN", pair(OK_IK, 0)),
    ("pass", pair(PA_PW_IA, 0)),
    ("Pass", pair(PA_PW_IA, 0)),
    ("PASS", pair(PA_PW_IA, 0)),
    ("_pwd", pair(PA_PW_IA, 1)),
    ("_PWD", pair(PA_PW_IA, 1)),
    ("Pwd", pair(PA_PW_IA, 0)),
    ("pwd=", pair(PA_PW_IA, 0)),
    ("pwd\"", pair(PA_PW_IA, 0)),
    ("_key", pair(KEY, 0)),
    ("_Key", pair(KEY, 0)),
    ("_KEY", pair(KEY, 0)),
    ("-key", pair(KEY, 0)),
    ("-Key", pair(KEY, 0)),
    ("-KEY", pair(KEY, 0)),
    ("Key", pair(KEY, 0)),
    ("apikey", pair(OK_IK, 2)),
    ("APIKEY", pair(OK_IK, 2)),
    ("redential", pair(PA_PW_IA, 6)),
    ("REDENTIAL", pair(PA_PW_IA, 6)),
];

/// Buckets of the anchors' triggers (see [`literals`]): pairs of bytes
/// rare in prose and not common in JSON or logs, and one byte, `x`. The
/// pairs: capitals (`KI` of `AKIA`, `Iz` of `AIza`, `BE` of `-----BEGIN`);
/// a letter before `_` (`p_` of `ghp_`, `c_` of `whsec_`); `0D` (`00D`),
/// `yJ` (`eyJ`), `:/` (`://`); then, in any case, `ok`/`ik` (`oken`,
/// `apikey`), `ec` (`ecret`), `pa`/`pw`/`ia` (`pass`, `pwd`, `redential`),
/// and `_k`/`-k`/`Ke`/`_l`/`_t` (`_key`, `Key`, `sk_live_`, `sk_test_`).
const CAPITALS: u8 = 0;
const BEFORE_UNDERSCORE: u8 = 1;
const SLASH_AND_CAPITALS: u8 = 2;
const LETTER_X: u8 = 3;
const OK_IK: u8 = 4;
const EC: u8 = 5;
const PA_PW_IA: u8 = 6;
const KEY: u8 = 7;

const fn single(bucket: u8, offset: u8) -> Trigger {
    Trigger {
        bucket,
        offset,
        pair: false,
    }
}

const fn pair(bucket: u8, offset: u8) -> Trigger {
    Trigger {
        bucket,
        offset,
        pair: true,
    }
}

/// Longest anchor pattern, so one straddling a window end is still found.
const MAX_ANCHOR: usize = 11;
/// Most bytes of key name on either side of its core.
const MAX_KEY_SIDE: usize = 64;
/// Most bytes between a key name and its value (quotes, spaces, operator).
const MAX_ASSIGNMENT: usize = 12;
/// Longest value read after a key name.
const MAX_VALUE: usize = validate::RANDOM_MAX_LEN;
/// Longest JWT read; longer base64url runs are not JWTs worth reading.
const MAX_JWT: usize = 16 * 1024;
/// Longest scheme read back from `://`.
const MAX_SCHEME: usize = 32;

/// How far around a finding the secret detectors read (see
/// [`crate::Margins`]). Before: a key name whose value covers a later
/// anchor makes the cursor ignore key names inside that value, and such a
/// key starts at most [`MAX_KEY_SIDE`] bytes before its core, its value at
/// most a few bytes of quotes and operator after it, and the value is
/// [`MAX_VALUE`] bytes long at most; the scheme before `://` is
/// [`MAX_SCHEME`]. After: a PEM block, the longest token read
/// ([`validate::PEM_MAX_BODY`] of body plus its two lines); a JWT is read
/// up to [`MAX_JWT`] bytes. Rounded up.
pub(crate) const MARGINS: crate::Margins = crate::Margins {
    before: 2 * MAX_KEY_SIDE + 4 * MAX_ASSIGNMENT + MAX_VALUE + 128,
    after: validate::PEM_MAX_BODY + 512,
};

// The margin after must cover every token read, not only PEM blocks.
const _: () = assert!(MAX_JWT <= validate::PEM_MAX_BODY && MAX_VALUE < validate::PEM_MAX_BODY);

/// Confidence of each way of finding a secret.
/// A checksum or an unmistakable structure: GitHub classic tokens, PEM
/// blocks, Slack webhook URLs, Stripe keys.
const CONFIDENCE_CERTAIN: u8 = 95;
const CONFIDENCE_PROVIDER: u8 = 90;
const CONFIDENCE_SHAPE: u8 = 85;
const CONFIDENCE_JWT: u8 = 80;
const CONFIDENCE_URL_PASSWORD: u8 = 80;
const CONFIDENCE_KEYED_PROVIDER: u8 = 90;
const CONFIDENCE_CONSUMER_SECRET: u8 = 80;
const CONFIDENCE_RANDOM: u8 = 75;
const CONFIDENCE_RANDOM_PASSWORD: u8 = 70;
const CONFIDENCE_PASSWORD: u8 = 60;

/// The compiled anchor search, built once per scanner.
#[derive(Clone, Debug)]
pub(crate) struct SecretPatterns {
    /// [`PROVIDER_ANCHORS`] then [`KEY_NAME_CORES`], by pattern id.
    pub(crate) anchors: Literals,
}

impl SecretPatterns {
    pub(crate) fn new() -> Self {
        let anchors: Vec<(&[u8], Trigger)> = PROVIDER_ANCHORS
            .iter()
            .map(|a| (a.0.as_bytes(), a.3))
            .chain(KEY_NAME_CORES.iter().map(|k| (k.0.as_bytes(), k.1)))
            .collect();
        SecretPatterns {
            anchors: Literals::new(&anchors, MatchKind::LeftmostFirst),
        }
    }
}

/// What is known of the search's next hit from the cursor's position on,
/// so that a window end does not make it read the same bytes again.
#[derive(Clone, Copy, Debug, Default)]
enum NextHit {
    #[default]
    Unknown,
    /// The leftmost hit at or after the position where it was searched.
    /// Kept when a later search would reach further: a hit ending past the
    /// old search's end could then start before this one only if it held
    /// this one, and the only anchors inside others are `Key` in `_Key` and
    /// `-Key` (a test checks), where the key name is read around the core
    /// the same either way.
    At(Match),
    /// No hit ends before this offset.
    NoneBefore(usize),
}

impl NextHit {
    /// The next hit from `resume` that ends by `span_end`, searching only
    /// when what is known does not answer.
    fn refresh(self, searcher: &Literals, input: &[u8], resume: usize, span_end: usize) -> NextHit {
        match self {
            NextHit::At(hit) if hit.start() >= resume => self,
            NextHit::NoneBefore(end) if end >= span_end => self,
            _ if resume >= span_end => NextHit::NoneBefore(span_end),
            _ => searcher
                .find(input, resume, span_end)
                .map_or(NextHit::NoneBefore(span_end), NextHit::At),
        }
    }
}

/// A provider token's check: found, or rejected with where to resume.
type Checked = Result<Finding, usize>;

/// The secrets detector's position in one scan.
pub(crate) struct SecretCursor<'p> {
    patterns: &'p SecretPatterns,
    resume: usize,
    /// End of the last finding: nothing may start before it.
    last_end: usize,
    /// End of the last value read after a key name: key names inside it
    /// are part of the value, not keys.
    value_end: usize,
    next_hit: NextHit,
    /// A finding made while looking past the limit, not handed out yet.
    held: Option<Finding>,
}

impl<'p> SecretCursor<'p> {
    pub(crate) fn new(patterns: &'p SecretPatterns) -> Self {
        SecretCursor {
            patterns,
            resume: 0,
            last_end: 0,
            value_end: 0,
            next_hit: NextHit::default(),
            held: None,
        }
    }

    /// The next secret, in order; `None` when none starts before `limit`.
    /// A token can start up to [`MAX_SCHEME`] bytes before its anchor (the
    /// `https` before `://`), so anchors are read that far past `limit`; a
    /// finding that starts at or after `limit` is held for a later call.
    pub(crate) fn next(&mut self, input: &[u8], limit: usize) -> Option<Finding> {
        let limit = limit.min(input.len());
        if let Some(answer) = crate::scanner::release_held(&mut self.held, limit) {
            return answer;
        }
        let reach = (limit + MAX_SCHEME).min(input.len());
        let span_end = (reach + MAX_ANCHOR).min(input.len());
        while self.resume < reach {
            let Some((anchor, before, hit)) = self.next_hit(input, span_end, reach) else {
                self.resume = reach;
                return None;
            };
            self.resume = hit.end();
            let checked = match anchor {
                Anchor::KeyName if hit.start() < self.value_end => continue,
                Anchor::KeyName => self.key_value(input, hit.start(), hit.end()),
                Anchor::Url => self.url(input, hit.start(), hit.end()),
                _ => match hit.start().checked_sub(before) {
                    Some(start) if start >= self.last_end => provider_token(anchor, input, start),
                    _ => continue,
                },
            };
            match checked {
                Ok(found) => {
                    self.resume = found.end;
                    self.last_end = found.end;
                    if found.start < limit {
                        return Some(found);
                    }
                    self.held = Some(found);
                    return None;
                }
                Err(resume) => self.resume = self.resume.max(resume),
            }
        }
        None
    }

    /// The leftmost anchor starting at or after the cursor's position and
    /// before `limit` (provider prefixes first on a tie), with what it
    /// anchors and the token bytes before it.
    fn next_hit(
        &mut self,
        input: &[u8],
        span_end: usize,
        limit: usize,
    ) -> Option<(Anchor, usize, Match)> {
        self.next_hit = self
            .next_hit
            .refresh(&self.patterns.anchors, input, self.resume, span_end);
        let NextHit::At(hit) = self.next_hit else {
            return None;
        };
        if hit.start() >= limit {
            return None;
        }
        self.next_hit = NextHit::Unknown;
        Some(match PROVIDER_ANCHORS.get(hit.pattern().as_usize()) {
            Some(&(_, anchor, before, _)) => (anchor, before, hit),
            None => (Anchor::KeyName, 0, hit),
        })
    }

    /// `scheme://`: a Slack webhook URL, or a password in the user info.
    fn url(&self, input: &[u8], colon: usize, after: usize) -> Checked {
        let scheme_start = input[colon.saturating_sub(MAX_SCHEME)..colon]
            .iter()
            .rposition(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')))
            .map_or(colon.saturating_sub(MAX_SCHEME), |i| {
                colon.saturating_sub(MAX_SCHEME) + i + 1
            });
        if scheme_start == colon
            || !input[scheme_start].is_ascii_alphabetic()
            || scheme_start < self.last_end
        {
            return Err(after);
        }
        if input[after..].starts_with(b"hooks.slack.com/services/") {
            let end = run_end(input, scheme_start, 256, |b| {
                b.is_ascii_alphanumeric() || matches!(b, b':' | b'/' | b'.' | b'_' | b'-')
            });
            let url = &input[scheme_start..end];
            if catalogue::secret(url) || validate::slack_webhook_valid(url) {
                return Ok(secret(
                    Subkind::SlackWebhook,
                    scheme_start,
                    end,
                    CONFIDENCE_CERTAIN,
                    url,
                ));
            }
            return Err(end);
        }
        let Some((from, to)) = validate::url_userinfo_password(&input[after..]) else {
            return Err(after);
        };
        let (start, end) = (after + from, after + to);
        // A provider token used as the password is that provider's token.
        match provider_token_at(input, start) {
            Some(Ok(found)) if found.end == end => Ok(found),
            _ => Ok(secret(
                Subkind::UrlPassword,
                start,
                end,
                CONFIDENCE_URL_PASSWORD,
                &input[start..end],
            )),
        }
    }

    /// A key name around the core at `core_start..core_end`, and its value.
    fn key_value(&mut self, input: &[u8], core_start: usize, core_end: usize) -> Checked {
        let is_key_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-');
        // Cores such as `pwd=` end with the assignment; the key ends before it.
        let core_end = core_start
            + input[core_start..core_end]
                .iter()
                .take_while(|&&b| is_key_byte(b))
                .count();
        let right = run_end(input, core_end, MAX_KEY_SIDE, is_key_byte);
        if right > core_end + MAX_KEY_SIDE {
            // Not a key name: skip the whole run, so its other cores are
            // not read again.
            return Err(run_end(input, right, usize::MAX, is_key_byte));
        }
        let floor = core_start
            .saturating_sub(MAX_KEY_SIDE + 1)
            .max(self.value_end);
        let mut left = core_start;
        while left > floor && is_key_byte(input[left - 1]) {
            left -= 1;
        }
        if left == core_start.saturating_sub(MAX_KEY_SIDE + 1) && left > 0 {
            return Err(right);
        }
        // A key name ends with a letter or digit ("the token." in prose).
        let mut key_end = right;
        while key_end > core_end && matches!(input[key_end - 1], b'.' | b'-') {
            key_end -= 1;
        }
        let Some(key) = KeyName::classify(&input[left..key_end]) else {
            return Err(right);
        };
        let Some(value) = value_after(input, left, key_end) else {
            return Err(right);
        };
        if value.glued {
            // `a=VALUEb=c` without a separator (or the like): where the
            // value ends and the next key begins cannot be told, and
            // reading both as one value would make every later pair depend
            // on where the scan began (a stream rescanning from its margin
            // paired them differently). Neither is reported as one; the
            // next key is read from the value's start.
            return Err(value.start);
        }
        // Key names inside a value that is reported are part of it, not
        // keys. Only then: a rejected or unfinished value that swallowed
        // the next key (`a = "x… b: y… a = "x…`, the closing quote being the
        // next value's opening one) would make every later key depend on
        // where the scan began, and a stream rescanning from its margin
        // paired the quotes differently (found by the capi fuzz campaign).
        // Such a value is read again from its start instead.
        //
        // A provider token as the value is that provider's token (or
        // nothing, if it fails the provider's check); it may be longer than
        // the values read here (a JWT, a PEM block in JSON).
        let checked = match provider_token_at(input, value.start) {
            Some(checked) => checked,
            None if !value.complete => Err(value.start),
            // Rejected: provider tokens inside the value ("Bearer eyJ…")
            // may still be found, from its start.
            None => self.keyed_value(input, &key, &value).ok_or(value.start),
        };
        if checked.is_ok() {
            self.value_end = value.end;
        }
        checked
    }

    fn keyed_value(&self, input: &[u8], key: &KeyName, value: &Value) -> Option<Finding> {
        let (start, end) = (value.start, value.end);
        let bytes = &input[start..end];
        let example = catalogue::secret(bytes);
        if key.aws && (example || validate::aws_secret_key_shape(bytes)) {
            return Some(secret(
                Subkind::AwsSecretAccessKey,
                start,
                end,
                CONFIDENCE_KEYED_PROVIDER,
                bytes,
            ));
        }
        if key.salesforce && validate::salesforce_consumer_secret_shape(bytes) {
            return Some(secret(
                Subkind::SalesforceConsumerSecret,
                start,
                end,
                CONFIDENCE_CONSUMER_SECRET,
                bytes,
            ));
        }
        if example {
            return Some(secret(
                Subkind::Generic,
                start,
                end,
                CONFIDENCE_RANDOM,
                bytes,
            ));
        }
        let password = key.class == KeyClass::Password;
        let confidence = if validate::looks_random(bytes) {
            if password {
                CONFIDENCE_RANDOM_PASSWORD
            } else {
                CONFIDENCE_RANDOM
            }
        } else if password && password_like(bytes) {
            CONFIDENCE_PASSWORD
        } else {
            return None;
        };
        Some(secret(Subkind::Generic, start, end, confidence, bytes))
    }
}

/// A `Kind::Secret` finding, synthetic when `value` is a documented example.
fn secret(subkind: Subkind, start: usize, end: usize, confidence: u8, value: &[u8]) -> Finding {
    Finding {
        kind: Kind::Secret,
        subkind,
        start,
        end,
        confidence,
        provenance: if catalogue::secret(value) {
            Provenance::Synthetic(SyntheticReason::TestValue)
        } else {
            Provenance::Unknown
        },
    }
}

/// End of the run of bytes matching `allowed` from `start`, reading at most
/// `max + 1` bytes (so a result beyond `start + max` means "too long").
fn run_end(input: &[u8], start: usize, max: usize, allowed: impl Fn(u8) -> bool) -> usize {
    let limit = start.saturating_add(max).saturating_add(1).min(input.len());
    start
        + input[start.min(limit)..limit]
            .iter()
            .position(|&b| !allowed(b))
            .unwrap_or(limit.saturating_sub(start))
}

/// Whether a token may start at `start`: the byte before is not one of the
/// token's own bytes (`extra`) nor a letter, digit or `_`.
fn starts_alone(input: &[u8], start: usize, extra: &[u8]) -> bool {
    match start.checked_sub(1).map(|i| input[i]) {
        None => true,
        Some(prev) => !(prev.is_ascii_alphanumeric() || prev == b'_' || extra.contains(&prev)),
    }
}

/// The provider token whose prefix is at `start`, if one of the provider
/// prefixes is there: `Some(Ok)` when valid, `Some(Err)` when not.
fn provider_token_at(input: &[u8], start: usize) -> Option<Checked> {
    PROVIDER_ANCHORS
        .iter()
        .find(|&&(pattern, anchor, before, _)| {
            anchor != Anchor::Url
                && input
                    .get(start + before..)
                    .is_some_and(|rest| rest.starts_with(pattern.as_bytes()))
        })
        .map(|&(_, anchor, _, _)| provider_token(anchor, input, start))
}

/// Checks the token of `anchor` starting at `start`.
fn provider_token(anchor: Anchor, input: &[u8], start: usize) -> Checked {
    let alnum = |b: u8| b.is_ascii_alphanumeric();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    // (subkind, token end, confidence) when the format's check passes.
    let (subkind, end, valid, confidence) = match anchor {
        Anchor::AwsKeyId => {
            let end = run_end(input, start, 20, |b| {
                b.is_ascii_uppercase() || b.is_ascii_digit()
            });
            let glued = input.get(end).is_some_and(|&b| word(b));
            let token = &input[start..end];
            let valid = starts_alone(input, start, b"")
                && !glued
                && validate::aws_access_key_id_valid(token);
            (Subkind::AwsAccessKeyId, end, valid, CONFIDENCE_PROVIDER)
        }
        Anchor::Stripe => {
            let end = run_end(input, start, 8 + 247, word);
            let subkind = match input[start] {
                b's' => Subkind::StripeSecretKey,
                b'r' => Subkind::StripeRestrictedKey,
                // Publishable keys (pk_) are meant to be public.
                _ => return Err(end.max(start + 1)),
            };
            let valid = starts_alone(input, start, b"")
                && validate::stripe_key_kind(&input[start..end]).is_some();
            (subkind, end, valid, CONFIDENCE_CERTAIN)
        }
        Anchor::StripeWebhook => {
            let end = run_end(input, start, 6 + 128, |b| {
                word(b) || matches!(b, b'+' | b'/' | b'=')
            });
            let valid = starts_alone(input, start, b"")
                && validate::stripe_key_kind(&input[start..end]) == Some("stripe_webhook_secret");
            (
                Subkind::StripeWebhookSecret,
                end,
                valid,
                CONFIDENCE_PROVIDER,
            )
        }
        Anchor::GithubClassic => {
            let end = run_end(input, start, 40, word);
            let valid = starts_alone(input, start, b"")
                && validate::github_classic_valid(&input[start..end]);
            (Subkind::GithubToken, end, valid, CONFIDENCE_CERTAIN)
        }
        Anchor::GithubFineGrained => {
            let end = run_end(input, start, 93, word);
            let valid = starts_alone(input, start, b"")
                && validate::github_fine_grained_shape(&input[start..end]);
            (Subkind::GithubToken, end, valid, CONFIDENCE_PROVIDER)
        }
        Anchor::Slack => {
            let end = run_end(input, start, 512, |b| word(b) || matches!(b, b'.' | b'-'));
            let valid = starts_alone(input, start, b".-")
                && validate::slack_token_kind(&input[start..end]).is_some();
            (Subkind::SlackToken, end, valid, CONFIDENCE_PROVIDER)
        }
        Anchor::Google => {
            let end = run_end(input, start, 39, |b| word(b) || b == b'-');
            let valid = starts_alone(input, start, b"-")
                && validate::google_api_key_valid(&input[start..end]);
            (Subkind::GoogleApiKey, end, valid, CONFIDENCE_SHAPE)
        }
        Anchor::Salesforce => {
            let mut end = run_end(input, start, 19 + 1 + 512, |b| {
                alnum(b) || matches!(b, b'!' | b'.' | b'_')
            });
            // A sentence's full stop is not part of the token.
            while end > start && input[end - 1] == b'.' {
                end -= 1;
            }
            let valid = starts_alone(input, start, b".!")
                && validate::salesforce_session_token_valid(&input[start..end]);
            (Subkind::SalesforceSession, end, valid, CONFIDENCE_SHAPE)
        }
        Anchor::PrivateKey => {
            let label_start = start + b"-----BEGIN ".len();
            let label_end = run_end(input, label_start, 64, |b| {
                b.is_ascii_uppercase() || b == b' '
            });
            let label = &input[label_start..label_end];
            let end = if input[label_end..].starts_with(b"-----")
                && validate::pem_private_key_kind(label).is_some()
            {
                validate::pem_block_end(input, label_end + 5, label)
            } else {
                None
            };
            (
                Subkind::PrivateKey,
                end.unwrap_or(label_end),
                end.is_some(),
                CONFIDENCE_CERTAIN,
            )
        }
        Anchor::Jwt => {
            if !starts_alone(input, start, b"-.") {
                return Err(start + 3);
            }
            let run = run_end(input, start, MAX_JWT, |b| {
                word(b) || matches!(b, b'-' | b'.')
            });
            let mut end = run;
            while end > start && input[end - 1] == b'.' {
                end -= 1;
            }
            let valid = run <= start + MAX_JWT && validate::jwt_valid(&input[start..end]);
            // Nothing inside a base64url run can start another token.
            let end = if valid { end } else { run };
            (Subkind::Jwt, end, valid, CONFIDENCE_JWT)
        }
        Anchor::Url | Anchor::KeyName => return Err(start + 1),
    };
    let token = &input[start..end];
    if valid || (catalogue::secret(token) && starts_alone(input, start, b"")) {
        Ok(secret(subkind, start, end, confidence, token))
    } else {
        Err(end.max(start + 1))
    }
}

/// Whether a key name asks for a password or for a token or key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyClass {
    Password,
    Token,
}

/// A key name that names a secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct KeyName {
    class: KeyClass,
    /// Names an AWS secret access key (`aws_secret_access_key`,
    /// `SecretAccessKey`).
    aws: bool,
    /// Names a Salesforce connected-app consumer secret.
    salesforce: bool,
}

/// Last words that name a password (also as the end of one lower-case
/// word: `dbpassword`).
const PASSWORD_ENDINGS: &[&str] = &["password", "passwd", "passphrase"];
const PASSWORD_WORDS: &[&str] = &["pass", "pwd"];
/// Last words that name a token or key.
const TOKEN_ENDINGS: &[&str] = &[
    "token",
    "secret",
    "apikey",
    "secretkey",
    "accesskey",
    "privatekey",
];
const TOKEN_WORDS: &[&str] = &["credential", "credentials"];
/// Last words that defer to the word before (`secret_key_base`,
/// `token_value`).
const VALUE_WORDS: &[&str] = &["value", "val", "base", "string", "str"];
/// Words before `key` that make it a secret key.
const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "access",
    "secret",
    "private",
    "signing",
    "sign",
    "encryption",
    "encrypt",
    "master",
    "auth",
    "app",
    "application",
    "client",
    "consumer",
    "account",
    "subscription",
    "service",
    "license",
    "webhook",
    "hmac",
    "jwt",
    "session",
    "admin",
    "storage",
    "shared",
    "root",
];
/// Words that say a key holds something that is not a secret, or not a
/// long-lived one (pagination cursors, CSRF tokens, public keys).
const NOT_SECRET_WORDS: &[&str] = &[
    "public",
    "publishable",
    "csrf",
    "xsrf",
    "page",
    "next",
    "continuation",
    "cursor",
    "pagination",
    "sync",
    "idempotency",
    "request",
    "correlation",
    "trace",
    "cache",
];

/// Most words of a key name looked at.
const MAX_KEY_WORDS: usize = 16;

fn is_any(word: &[u8], list: &[&str]) -> bool {
    list.iter().any(|w| word.eq_ignore_ascii_case(w.as_bytes()))
}

fn ends_with_any(word: &[u8], list: &[&str]) -> bool {
    list.iter().any(|w| {
        word.len() >= w.len() && word[word.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes())
    })
}

impl KeyName {
    /// Classifies a key name by its words (split at `_`, `-`, `.` and
    /// camelCase; trailing numbers ignored).
    fn classify(key: &[u8]) -> Option<KeyName> {
        let mut ranges = [(0usize, 0usize); MAX_KEY_WORDS];
        let mut count = 0;
        let mut start = 0;
        for i in 0..=key.len() {
            let separator = matches!(key.get(i), Some(b'_' | b'-' | b'.'));
            let camel = i > 0 && i < key.len() && {
                let (prev, b) = (key[i - 1], key[i]);
                (prev.is_ascii_lowercase() && b.is_ascii_uppercase())
                    || (prev.is_ascii_uppercase()
                        && b.is_ascii_uppercase()
                        && key.get(i + 1).is_some_and(u8::is_ascii_lowercase))
            };
            if i == key.len() || separator || camel {
                if i > start && count < MAX_KEY_WORDS {
                    ranges[count] = (start, i);
                    count += 1;
                }
                start = i + usize::from(separator);
            }
        }
        let word = |n: usize| &key[ranges[n].0..ranges[n].1];
        // "API_KEY_2": the number tells keys apart, it does not name them.
        while count > 0 && word(count - 1).iter().all(u8::is_ascii_digit) {
            count -= 1;
        }
        let mut last = count.checked_sub(1)?;
        if last > 0 && is_any(word(last), VALUE_WORDS) {
            last -= 1;
        }
        if (0..last).any(|n| is_any(word(n), NOT_SECRET_WORDS)) {
            return None;
        }
        let name = word(last);
        let class = if ends_with_any(name, PASSWORD_ENDINGS) || is_any(name, PASSWORD_WORDS) {
            KeyClass::Password
        } else if ends_with_any(name, TOKEN_ENDINGS)
            || is_any(name, TOKEN_WORDS)
            || (name.eq_ignore_ascii_case(b"key")
                && last > 0
                && is_any(word(last - 1), KEY_QUALIFIERS))
        {
            KeyClass::Token
        } else {
            return None;
        };
        let has = |w: &str| (0..count).any(|n| word(n).eq_ignore_ascii_case(w.as_bytes()));
        let secret = has("secret") || ends_with_any(name, &["secret"]);
        let aws = (has("aws") && secret)
            || (has("secret") && has("access") && has("key"))
            || ends_with_any(name, &["secretaccesskey"]);
        let salesforce =
            secret && (has("consumer") || has("salesforce") || has("sfdc") || has("sf"));
        Some(KeyName {
            class,
            aws,
            salesforce,
        })
    }
}

/// The value after a key name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Value {
    start: usize,
    end: usize,
    /// False when the value ran past [`MAX_VALUE`] or its closing quote was
    /// missing: `start..end` is then only what was read.
    complete: bool,
    /// A value that ran into another assignment: a bare one into its `=`
    /// with no separator between (`a=b=c`) or up to blanks and an operator
    /// (`a = bc = d`), a quoted one up to the quote closing the next key
    /// (`"a": "xyz, "b": …`): its end holds the next key.
    glued: bool,
}

/// Skips spaces and tabs (a few at most) from `at`.
fn skip_blanks(input: &[u8], at: usize) -> usize {
    at + input[at.min(input.len())..]
        .iter()
        .take(MAX_ASSIGNMENT)
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

/// Whether a query-string parameter (`name=`) starts at `at`: then the `&`
/// before it separates values rather than being part of a password.
fn starts_parameter(input: &[u8], at: usize) -> bool {
    let name = input[at.min(input.len())..]
        .iter()
        .take(MAX_KEY_SIDE + 1)
        .take_while(|&&b| {
            b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'[' | b']')
        })
        .count();
    name > 0 && input.get(at + name) == Some(&b'=')
}

/// Bytes that end a value written without quotes (`&` too, before a
/// query-string parameter).
fn ends_bare_value(b: u8) -> bool {
    b.is_ascii_whitespace()
        || matches!(
            b,
            b',' | b';'
                | b'"'
                | b'\''
                | b'`'
                | b'<'
                | b'>'
                | b'('
                | b')'
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'\\'
        )
}

/// Where the operator after a key name ending at `key_end` ends: past the
/// key's closing quote (`"`, `'`, `` ` `` or JSON-escaped `\"`), blanks, and
/// an operator (`=`, `:`, `:=`, `=>`, `==`). `None` when no operator follows.
fn operator_after(input: &[u8], key_end: usize) -> Option<usize> {
    let mut i = key_end;
    if input[i..].starts_with(b"\\\"") {
        i += 2;
    } else if matches!(input.get(i), Some(b'"' | b'\'' | b'`')) {
        i += 1;
    }
    i = skip_blanks(input, i);
    let rest = input.get(i..)?;
    let operator = if rest.starts_with(b":=") || rest.starts_with(b"=>") || rest.starts_with(b"==")
    {
        2
    } else if matches!(rest.first(), Some(b'=' | b':')) {
        1
    } else {
        return None;
    };
    Some(i + operator)
}

/// The value assigned to the key name `key_start..key_end`: after its
/// closing quote (perhaps JSON-escaped, `\"`), blanks, an operator (`=`,
/// `:`, `:=`, `=>`, `==`; `>` for an XML element) and blanks, either a quoted
/// string or a bare run up to a delimiter (`=` only as base64 padding).
/// `None` when no assignment follows.
fn value_after(input: &[u8], key_start: usize, key_end: usize) -> Option<Value> {
    let quoted = |start: usize, close: &[u8]| {
        let read = input.get(start..)?;
        let len = read
            .iter()
            .take(MAX_VALUE + 1)
            .position(|&b| b == close[0] || b == b'\n')
            .unwrap_or(read.len().min(MAX_VALUE + 1));
        let complete = read[len..].starts_with(close);
        // `"a": "xyz, "b": …`: a quote followed by an operator closes the
        // next key, not this value, whose end then holds that key.
        let glued = complete && close != b"</" && operator_after(input, start + len).is_some();
        Some(Value {
            start,
            end: start + len,
            complete,
            glued,
        })
    };
    if key_start > 0 && input[key_start - 1] == b'<' {
        // <password>…</password>
        return if input.get(key_end) == Some(&b'>') {
            quoted(key_end + 1, b"</")
        } else {
            None
        };
    }
    let i = skip_blanks(input, operator_after(input, key_end)?);
    match input.get(i..)? {
        [b'\\', b'"', ..] => quoted(i + 2, b"\\\""),
        [q @ (b'"' | b'\'' | b'`'), ..] => quoted(i + 1, &[*q]),
        _ => {
            let limit = (i + MAX_VALUE + 1).min(input.len());
            let mut end = i;
            let mut glued = false;
            while end < limit && !ends_bare_value(input[end]) {
                if input[end] == b'&' && starts_parameter(input, end + 1) {
                    break;
                }
                if input[end] == b'=' {
                    // Base64 padding ends a value; any other '=' is the
                    // next assignment ("a=b=c").
                    let pad = input[end..]
                        .iter()
                        .take(3)
                        .take_while(|&&b| b == b'=')
                        .count();
                    if input.get(end + pad).is_none_or(|&b| ends_bare_value(b)) && pad <= 2 {
                        end += pad;
                    } else {
                        glued = true;
                    }
                    break;
                }
                end += 1;
            }
            // `a = xyzb = c`, `a=xyzb": c`, `a=xyzb: c`: an assignment
            // right after the value, or its colon ending the value, makes
            // its end the next key, as a glued `=` does.
            glued |= operator_after(input, end).is_some() || input[i..end].ends_with(b":");
            Some(Value {
                start: i,
                end,
                complete: end < limit || limit == input.len(),
                glued,
            })
        }
    }
}

/// A human-chosen password written in a config: 8–64 printable bytes with
/// three of upper case, lower case, digits and symbols, and not a
/// placeholder (`${DB_PASSWORD}`, `changeme`, `********`).
fn password_like(value: &[u8]) -> bool {
    if !(8..=64).contains(&value.len())
        || !value
            .iter()
            .all(|&b| (0x21..=0x7e).contains(&b) && !matches!(b, b'"' | b'\'' | b'`' | b'\\'))
    {
        return false;
    }
    let has = |f: fn(&u8) -> bool| usize::from(value.iter().any(f));
    let classes = has(u8::is_ascii_uppercase)
        + has(u8::is_ascii_lowercase)
        + has(u8::is_ascii_digit)
        + has(|b| !b.is_ascii_alphanumeric());
    classes >= 3 && !validate::is_placeholder(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Token-shaped literals are assembled at run time so this file does not
    // trip push-protection scanners.

    fn github(prefix: &str, body: &str) -> String {
        let sum = validate::github_checksum(body.as_bytes());
        format!("{prefix}{body}{}", std::str::from_utf8(&sum).unwrap())
    }

    fn b64url(data: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in data.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        out
    }

    fn jwt(header: &str) -> String {
        let payload = r#"{"sub":"0031x00000AbCdE","iat":1763900000}"#;
        format!(
            "{}.{}.{}",
            b64url(header.as_bytes()),
            b64url(payload.as_bytes()),
            "c2lnbmF0dXJlX2J5dGVz"
        )
    }

    const RSA_BODY: &str = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n";

    /// Every finding as (subkind, matched text, synthetic).
    fn scan(text: &str) -> Vec<(Subkind, &str, bool)> {
        let patterns = SecretPatterns::new();
        let mut cursor = SecretCursor::new(&patterns);
        std::iter::from_fn(|| cursor.next(text.as_bytes(), text.len()))
            .map(|f| (f.subkind, &text[f.span()], f.provenance.reason().is_some()))
            .collect()
    }

    fn found(text: &str) -> Vec<(Subkind, &str)> {
        scan(text).into_iter().map(|(s, t, _)| (s, t)).collect()
    }

    fn anchor_list() -> Vec<&'static str> {
        PROVIDER_ANCHORS
            .iter()
            .map(|a| a.0)
            .chain(KEY_NAME_CORES.iter().map(|k| k.0))
            .collect()
    }

    #[test]
    fn anchors_fit_the_search() {
        let anchors = anchor_list();
        assert_eq!(anchors.iter().map(|a| a.len()).max(), Some(MAX_ANCHOR));
        // See `NextHit::At`: the only anchors inside others are key-name
        // cores inside key-name cores.
        let mut nested = Vec::new();
        for outer in &anchors {
            for inner in &anchors {
                if outer[1..].contains(inner) {
                    nested.push((*inner, *outer));
                }
            }
        }
        assert_eq!(nested, [("Key", "_Key"), ("Key", "-Key")]);
    }

    #[test]
    fn triggers_are_rare_bytes_and_pairs() {
        let anchors = &SecretPatterns::new().anchors;
        let ascii = || 0..0x80u8;
        let alone: Vec<u8> = ascii()
            .filter(|&b| ascii().all(|next| anchors.flags([b, next, b' ']) != 0))
            .collect();
        assert_eq!(alone, b"x");
        // Pairs of lower-case letters flagged by the first filter, and
        // triples by both.
        let letters = || b'a'..=b'z';
        let (mut pairs, mut triples) = (Vec::new(), Vec::new());
        for a in letters().filter(|a| !alone.contains(a)) {
            for b in letters() {
                if ascii().any(|c| anchors.flags([a, b, c]) != 0) {
                    pairs.push(String::from_utf8(vec![a, b]).unwrap());
                }
                for c in letters().filter(|&c| anchors.flags([a, b, c]) != 0) {
                    triples.push(String::from_utf8(vec![a, b, c]).unwrap());
                }
            }
        }
        assert_eq!(
            pairs,
            [
                "ec", "ia", "ig", "ik", "iq", "iw", "ok", "pa", "pg", "pq", "pw", "ya", "yg", "yq",
                "yw"
            ]
        );
        // `ecr`, `ike`, `oke`, `pas`, `pwd`, `ial`, and what the nibble
        // tables let through with them.
        assert_eq!(triples.len(), 63);
        for triple in ["ecr", "ike", "oke", "pas", "pwd", "ial", "pat", "yat"] {
            assert!(triples.contains(&triple.to_string()), "{triple}");
        }
        for common in ["the", "ing", "and", "pap", "ick", "ecl", "okc"] {
            assert!(!triples.contains(&common.to_string()), "{common}");
        }
    }

    #[test]
    fn the_anchor_search_equals_the_automaton() {
        let patterns = SecretPatterns::new();
        let anchors = anchor_list();
        let filler = [
            "the customer asked about billing and was told ",
            "{\"type\":\"payment_sync\",\"api_key\":\"",
            "2026-11-23T10:00:00.000Z INFO op=bulk_load ",
            "é ü ~\u{7f}\t",
        ];
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % n as u64) as usize
        };
        for _ in 0..3000 {
            let mut text = Vec::new();
            for _ in 0..next(40) {
                match next(4) {
                    0 => text.extend_from_slice(anchors[next(anchors.len())].as_bytes()),
                    1 => {
                        let a = anchors[next(anchors.len())].as_bytes();
                        text.extend_from_slice(&a[..next(a.len())]);
                    }
                    2 => text.extend_from_slice(filler[next(filler.len())].as_bytes()),
                    _ => text.push(b"_-:/ADBJxzokIKcrpPawWeEia\"=\xff"[next(26)]),
                }
            }
            let mut start = next(text.len() + 1);
            let end = start + next(text.len() + 1 - start);
            while start <= end {
                let fast = patterns.anchors.find(&text, start, end);
                let oracle = patterns.anchors.find_automaton(&text, start, end);
                assert_eq!(
                    fast,
                    oracle,
                    "{:?} {start}..{end}",
                    String::from_utf8_lossy(&text)
                );
                for (filter, found) in patterns.anchors.find_with_every_filter(&text, start, end) {
                    assert_eq!(
                        found,
                        oracle,
                        "{filter}: {:?} {start}..{end}",
                        String::from_utf8_lossy(&text)
                    );
                }
                start = fast.map_or(end + 1, |m| m.start() + 1);
            }
        }
    }

    #[test]
    fn aws_access_key_ids() {
        let id = ["AKIA", "Y34FZKBOKMUTVV7A"].concat();
        let text = format!(r#"{{"aws_access_key_id": "{id}", "region": "us-east-1"}}"#);
        assert_eq!(found(&text), [(Subkind::AwsAccessKeyId, id.as_str())]);
        let temp = ["ASIA", "Y34FZKBOKMUTVV7A"].concat();
        assert_eq!(
            found(&format!("export AWS_ACCESS_KEY_ID={temp}")),
            [(Subkind::AwsAccessKeyId, temp.as_str())]
        );
        // The documentation examples are reported, as examples.
        assert_eq!(
            scan("aws_access_key_id = AKIAIOSFODNN7EXAMPLE"),
            [(Subkind::AwsAccessKeyId, "AKIAIOSFODNN7EXAMPLE", true)]
        );
        assert_eq!(
            scan("--access-key AKIAI44QH8DHBEXAMPLE"),
            [(Subkind::AwsAccessKeyId, "AKIAI44QH8DHBEXAMPLE", true)]
        );
        for bait in [
            id[..19].to_string(),
            format!("{id}B"),
            format!("X{id}"),
            format!("{id}b"),
            ["AIDA", "Y34FZKBOKMUTVV7A"].concat(),
            ["AKIA", "Y34FZKBOKMUTVV1A"].concat(),
        ] {
            assert!(found(&bait).is_empty(), "{bait}");
        }
    }

    #[test]
    fn aws_secret_access_keys_by_name() {
        let key = ["h8Qv2LmZ0pXr7TnB4kYc", "9WsE3dJf6GaU1oRi5Hxq"].concat();
        for text in [
            format!("aws_secret_access_key = {key}"),
            format!("AWS_SECRET_ACCESS_KEY=\"{key}\""),
            format!(r#"{{"SecretAccessKey": "{key}"}}"#),
            format!("awsSecret: '{key}'"),
        ] {
            assert_eq!(
                found(&text),
                [(Subkind::AwsSecretAccessKey, key.as_str())],
                "{text}"
            );
        }
        assert_eq!(
            scan("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            [(
                Subkind::AwsSecretAccessKey,
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                true
            )]
        );
        // Without a name saying so, 40 base64 characters are not reported
        // as AWS keys.
        assert!(found(&format!("blob {key} end")).is_empty());
    }

    #[test]
    fn stripe_keys() {
        let live = [
            "sk_",
            "live_",
            "51H2kQmZ2xLp8Rv3NcT6wYh1JdS5gUeAbCdEfGhIjKlMnOpQr",
        ]
        .concat();
        let text = format!("const stripe = require('stripe')('{live}');");
        assert_eq!(found(&text), [(Subkind::StripeSecretKey, live.as_str())]);
        let restricted = ["rk_", "live_", "4eC39HqLyjWDarjtT1zdp7dc"].concat();
        assert_eq!(
            found(&format!("STRIPE_KEY={restricted}\n")),
            [(Subkind::StripeRestrictedKey, restricted.as_str())]
        );
        let hook = ["whsec_", "5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH"].concat();
        assert_eq!(
            found(&format!("endpoint_secret = '{hook}'")),
            [(Subkind::StripeWebhookSecret, hook.as_str())]
        );
        let test = ["sk_", "test_", "4eC39HqLyjWDarjtT1zdp7dc"].concat();
        assert_eq!(
            scan(&format!("Stripe.apiKey = \"{test}\";")),
            [(Subkind::StripeSecretKey, test.as_str(), true)]
        );
        for bait in [
            ["pk_", "live_", "4eC39HqLyjWDarjtT1zdp7dc"].concat(),
            ["sk_", "live_", "xxxxxxxxxxxxxxxxxxxxxxxxxxxx"].concat(),
            ["sk_", "live_", "short"].concat(),
            ["ask_", "live_", "4eC39HqLyjWDarjtT1zdp7dc"].concat(),
            ["whsec_", "short"].concat(),
        ] {
            assert!(found(&bait).is_empty(), "{bait}");
        }
    }

    #[test]
    fn github_tokens() {
        let classic = github("ghp_", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkq");
        let text =
            format!("git remote set-url origin https://{classic}@github.com/acme/crm-sync.git");
        assert_eq!(found(&text), [(Subkind::GithubToken, classic.as_str())]);
        let server = github("ghs_", "adE7dp8rHP6gUTuPwxLTZjZdtya3sV");
        assert_eq!(
            found(&format!("GITHUB_TOKEN: {server}")),
            [(Subkind::GithubToken, server.as_str())]
        );
        let fine = format!(
            "github_pat_11ABCDEFG0abcdefghijkl_{}",
            "aZ9".repeat(19) + "bQ"
        );
        assert_eq!(
            found(&format!("token = \"{fine}\"")),
            [(Subkind::GithubToken, fine.as_str())]
        );
        let mut wrong = classic.clone().into_bytes();
        wrong[39] = if wrong[39] == b'A' { b'B' } else { b'A' };
        let wrong = String::from_utf8(wrong).unwrap();
        assert!(found(&wrong).is_empty(), "checksum");
        assert!(
            found(&format!("token = \"{wrong}\"")).is_empty(),
            "a broken GitHub token is no generic secret"
        );
        assert!(found(&format!("x{classic}")).is_empty());
        assert!(found("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx").is_empty());
    }

    #[test]
    fn slack_tokens_and_webhooks() {
        let bot = ["xox", "b-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"].concat();
        assert_eq!(
            found(&format!("SLACK_BOT_TOKEN={bot}")),
            [(Subkind::SlackToken, bot.as_str())]
        );
        let hook = [
            "https://hooks.slack.com/services/",
            "T024BE7LD/B08J5SH7Y4A/",
            "x3Yq9ZkL2mNp8RtV5wBc4DfG",
        ]
        .concat();
        let text = format!(r##"{{"webhook_url": "{hook}", "channel": "#crm"}}"##);
        assert_eq!(found(&text), [(Subkind::SlackWebhook, hook.as_str())]);
        let docs = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
        assert_eq!(
            scan(&format!("curl -X POST {docs}")),
            [(Subkind::SlackWebhook, docs, true)]
        );
        assert!(
            found(&["xox", "b-1234567890-1234567890-XXXXXXXXXXXXXXXXXXXXXXXX"].concat()).is_empty()
        );
        assert!(found("https://hooks.slack.com/services/T024BE7LD").is_empty());
    }

    #[test]
    fn google_keys() {
        let key = ["AIza", "SyB3kQmZ2xLp8Rv3N-cT6wYh1JdS5g_Ue0a"].concat();
        let text = format!("<script src=\"https://maps.googleapis.com/maps/api/js?key={key}&callback=init\"></script>");
        assert_eq!(found(&text), [(Subkind::GoogleApiKey, key.as_str())]);
        assert!(found(&format!("{key}x")).is_empty());
        assert!(found("AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX").is_empty());
    }

    #[test]
    fn salesforce_sessions_and_consumer_secrets() {
        let session = [
            "00DE0X0A0M0PeLE!",
            "AR8AQJXg5oj8jXSgxJfA0lBog.39AsX.LVpxezPwuX5VAIrrbbHMuol7GQxnMeYMN7cj8EoE0fAAOjGNKQ6ENMd3u6NCgC1A_zz",
        ]
        .concat();
        let apex = format!("req.setHeader('Authorization', 'Bearer {session}');");
        assert_eq!(
            found(&apex),
            [(Subkind::SalesforceSession, session.as_str())]
        );
        let sentence = format!("session id was {session}.");
        assert_eq!(
            found(&sentence),
            [(Subkind::SalesforceSession, session.as_str())]
        );
        assert!(found("OrganizationId: 00DE0X0A0M0PeLE, name: Acme").is_empty());
        assert_eq!(
            found("sf_consumer_secret=8273645091827364509"),
            [(Subkind::SalesforceConsumerSecret, "8273645091827364509")]
        );
        let hex = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B856";
        assert_eq!(
            found(&format!(r#""consumerSecret": "{hex}""#)),
            [(Subkind::SalesforceConsumerSecret, hex)]
        );
        // The same hex after a plain name is a digest, not a secret.
        assert!(found(&format!(r#""checksum_secret_hash": "{hex}""#)).is_empty());
    }

    #[test]
    fn private_keys_whole_block() {
        let block =
            format!("-----BEGIN RSA PRIVATE KEY-----\n{RSA_BODY}-----END RSA PRIVATE KEY-----");
        let text = format!("key = \"\"\"\n{block}\n\"\"\"\n");
        assert_eq!(found(&text), [(Subkind::PrivateKey, block.as_str())]);
        let json_body = RSA_BODY.replace('\n', "\\n");
        let json_block =
            format!("-----BEGIN PRIVATE KEY-----\\n{json_body}-----END PRIVATE KEY-----");
        let json = format!(
            r#"{{"type": "service_account", "private_key": "{json_block}\n", "client_email": "x@y.iam"}}"#
        );
        assert_eq!(found(&json), [(Subkind::PrivateKey, json_block.as_str())]);
        let openssh = format!(
            "-----BEGIN OPENSSH PRIVATE KEY-----\n{RSA_BODY}-----END OPENSSH PRIVATE KEY-----"
        );
        assert_eq!(found(&openssh), [(Subkind::PrivateKey, openssh.as_str())]);
        for bait in [
            format!("-----BEGIN CERTIFICATE-----\n{RSA_BODY}-----END CERTIFICATE-----"),
            format!("-----BEGIN PUBLIC KEY-----\n{RSA_BODY}-----END PUBLIC KEY-----"),
            "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----".to_string(),
            format!("-----BEGIN RSA PRIVATE KEY-----\n{RSA_BODY}"),
        ] {
            assert!(found(&bait).is_empty(), "{bait}");
        }
    }

    #[test]
    fn jwts() {
        let token = jwt(r#"{"alg":"RS256","typ":"JWT","kid":"k1"}"#);
        let header = format!("Authorization: Bearer {token}\r\n");
        assert_eq!(found(&header), [(Subkind::Jwt, token.as_str())]);
        let json = format!(r#"{{"token_type":"Bearer","id_token":"{token}","expires_in":3600}}"#);
        assert_eq!(found(&json), [(Subkind::Jwt, token.as_str())]);
        let sentence = format!("the token {token}. expired");
        assert_eq!(found(&sentence), [(Subkind::Jwt, token.as_str())]);
        let quoted_bearer = format!("token = \"Bearer {token}\"");
        assert_eq!(found(&quoted_bearer), [(Subkind::Jwt, token.as_str())]);
        let jwt_io = concat!(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
            "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.",
            "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        );
        assert_eq!(scan(jwt_io), [(Subkind::Jwt, jwt_io, true)]);
        for bait in [
            jwt(r#"{"typ":"JWT"}"#),
            token[..token.rfind('.').unwrap()].to_string(),
            format!("{token}.extra"),
            format!("x{token}"),
            "eyJhbGciOi".to_string(),
        ] {
            assert!(found(&bait).is_empty(), "{bait}");
        }
    }

    #[test]
    fn url_passwords() {
        assert_eq!(
            found("DATABASE_URL=postgres://crm_app:Xk29dkLq0Pz@db.acme.io:5432/crm"),
            [(Subkind::UrlPassword, "Xk29dkLq0Pz")]
        );
        assert_eq!(
            found("redis://:r3d1sPa55@cache.internal:6379/0"),
            [(Subkind::UrlPassword, "r3d1sPa55")]
        );
        for bait in [
            "postgres://user:password@localhost/db",
            "mysql://root:${MYSQL_PASSWORD}@db:3306",
            "https://user@acme.io/path",
            "https://acme.io/login?next=/home",
            "amqp://guest:****@mq.acme.io",
            "smtp://ann:<password>@mail.acme.io",
        ] {
            assert!(found(bait).is_empty(), "{bait}");
        }
    }

    #[test]
    fn generic_values_by_key_name() {
        let random = "Xk29dkLq0PzM3nVb8rT1";
        for (text, value) in [
            (format!("api_key = \"{random}\""), random),
            (
                format!(r#"{{"client_secret": "{random}", "grant_type": "client_credentials"}}"#),
                random,
            ),
            (format!("String clientSecret = '{random}';"), random),
            (format!("  apiKey: {random}\n"), random),
            (format!("<apiKey>{random}</apiKey>"), random),
            (format!("x-api-key: {random}\r\n"), random),
            (format!("spring.datasource.password={random}"), random),
            (format!(r#"\"accessToken\":\"{random}\""#), random),
            (format!("?user=bob&password={random}&remember=1"), random),
            (format!("SECRET_KEY_BASE={random}"), random),
            (format!("API_KEY_2={random}"), random),
            ("db_password: Tr0ub4dor&3".to_string(), "Tr0ub4dor&3"),
        ] {
            assert_eq!(found(&text), [(Subkind::Generic, value)], "{text}");
        }
    }

    #[test]
    fn generic_bait() {
        for text in [
            r#"{"api_key": "123e4567-e89b-12d3-a456-426614174000"}"#,
            r#"{"token": "da39a3ee5e6b4b0d3255bfef95601890afd80709"}"#,
            r#"{"secret": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}"#,
            r#"{"avatar_token": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg"}"#,
            "api_key = \"your_api_key_here\"",
            "password: ${DB_PASSWORD}",
            "password = os.environ[\"DB_PASSWORD\"]",
            "apiKey: process.env.STRIPE_KEY",
            "token_type: Bearer",
            r#""public_key": "Xk29dkLq0PzM3nVb8rT1""#,
            r#""nextPageToken": "Xk29dkLq0PzM3nVb8rT1""#,
            r#""csrf_token": "Xk29dkLq0PzM3nVb8rT1""#,
            "password_hash = \"$2b$12$KIXQJrVvdQ5n1l0O3sN3CeVtq\"",
            "password=hunter22",
            "password: changeme123",
            "the token was revoked: Xk29dkLq0PzM3nVb8rT1",
            "secretary: Xk29dkLq0PzM3nVb8rT1",
            "passport_no=Xk29dkLq0PzM3nVb8rT1",
            "tokens: [Xk29dkLq0PzM3nVb8rT1]",
            "api_key = \"2024-01-15T10:30:00.000Z\"",
            "secret=1705314600000",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn a_provider_token_is_reported_once() {
        let live = ["sk_", "live_", "4eC39HqLyjWDarjtT1zdp7dc"].concat();
        let text = format!("api_key = \"{live}\"; backup_secret = '{live}'");
        let all = found(&text);
        assert_eq!(all.len(), 2);
        assert!(all.iter().all(|f| f.0 == Subkind::StripeSecretKey));
    }

    #[test]
    fn findings_come_in_order_across_windows() {
        let key = ["AKIA", "Y34FZKBOKMUTVV7A"].concat();
        let line = format!("id={key} password=\"Xk29dkLq0PzM3nVb8rT1\"\n");
        let text = line.repeat(50);
        let patterns = SecretPatterns::new();
        let mut cursor = SecretCursor::new(&patterns);
        let mut spans = Vec::new();
        for limit in (0..=text.len()).step_by(13).chain([text.len()]) {
            while let Some(f) = cursor.next(text.as_bytes(), limit) {
                spans.push(f.span());
            }
        }
        assert_eq!(spans.len(), 100);
        assert!(spans.windows(2).all(|w| w[0].end <= w[1].start));
    }

    #[test]
    fn key_names_are_classified_by_words() {
        let class =
            |k: &str| KeyName::classify(k.as_bytes()).map(|n| (n.class, n.aws, n.salesforce));
        assert_eq!(class("password"), Some((KeyClass::Password, false, false)));
        assert_eq!(class("DB_PASS"), Some((KeyClass::Password, false, false)));
        assert_eq!(
            class("aws_secret_access_key"),
            Some((KeyClass::Token, true, false))
        );
        assert_eq!(
            class("AWSSecretAccessKey"),
            Some((KeyClass::Token, true, false))
        );
        assert_eq!(
            class("SALESFORCE_CLIENT_SECRET"),
            Some((KeyClass::Token, false, true))
        );
        assert_eq!(class("x-api-key"), Some((KeyClass::Token, false, false)));
        assert_eq!(class("APIKey"), Some((KeyClass::Token, false, false)));
        assert_eq!(class("foreign_key"), None);
        assert_eq!(class("key"), None);
        assert_eq!(class("token_expiry"), None);
        assert_eq!(class("tokenizer"), None);
        assert_eq!(class("bypass"), None);
    }

    #[test]
    fn adversarial_inputs_are_linear() {
        let base64 = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3Bx+/";
        for unit in [
            "eyJ",
            "eyJhbGciOiJub25lIn0.",
            "-----BEGIN RSA PRIVATE KEY-----\n",
            "-----BEGIN ",
            "token=",
            "token",
            "a_key=b_key:c",
            "password=\"",
            "://",
            "://u:p",
            "ghp_",
            "00D",
            "xoxb-1-",
            "sk_live_",
            "AKIA",
            base64,
        ] {
            let text = unit.repeat(300_000 / unit.len());
            let patterns = SecretPatterns::new();
            let mut cursor = SecretCursor::new(&patterns);
            let started = std::time::Instant::now();
            while cursor.next(text.as_bytes(), text.len()).is_some() {}
            // Linear work takes well under a second here even in a debug build;
            // quadratic work took minutes. The bound leaves room for a busy machine.
            assert!(started.elapsed().as_secs() < 10, "{unit}");
        }
    }
}
