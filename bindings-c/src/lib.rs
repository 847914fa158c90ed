//! The C API of leaksift: a thin translation layer over the `leaksift` crate.
//!
//! Conventions (after rustls-ffi): one prefix, `leaksift_<noun>_<verb>`,
//! `_new`/`_free`; every function returns a [`leaksift_status`] whose numbers
//! never change (except the few that return a name or a length); null
//! pointers give `LEAKSIFT_NULL_PARAMETER`; output goes into caller buffers
//! `(out, out_cap, &out_len)`; every exported function runs inside
//! `catch_unwind`, so a panic comes back as `LEAKSIFT_PANIC` instead of
//! unwinding into C. The message of the last failed call on a thread is kept
//! for `leaksift_last_error_message`.
//!
//! No detection or masking logic lives here: scanning, streaming, masking and
//! tokenizing are the core's `Scanner`, `StreamScanner` and `Masker`.
//!
//! Thread safety: a `leaksift_scanner` is immutable once built (the core's
//! `Scanner` and `Masker` are `Send + Sync`) and may be used by many threads at
//! once. A `leaksift_stream` or `leaksift_mask_stream` is not: one thread at a
//! time, and its scanner must outlive it.

#![allow(non_camel_case_types)]
#![deny(unsafe_op_in_unsafe_fn)]

use std::cell::RefCell;
use std::ffi::{c_char, c_void, CStr};
use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};

use leaksift::{
    Config, Detector, DetectorSet, Environment, Error, ErrorKind, Finding, Key, Kind, Masker,
    Policy, Provenance, Scanner, StreamMasker, StreamScanner, Subkind, SyntheticReason,
};

/// The result of every fallible call. The numbers never change; new codes
/// are only ever added at the end.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum leaksift_status {
    /// Success.
    LEAKSIFT_OK = 0,
    /// A required pointer was NULL (or a NULL buffer with a non-zero length).
    LEAKSIFT_NULL_PARAMETER = 1,
    /// An argument out of range: options, lengths, unknown kind codes.
    LEAKSIFT_INVALID_ARGUMENT = 2,
    /// The output buffer is too small; `*out_len` holds the size needed.
    LEAKSIFT_BUFFER_TOO_SMALL = 3,
    /// A panic inside leaksift was caught (a bug: please report it).
    LEAKSIFT_PANIC = 4,
    /// Key material AES does not take (must be 16, 24 or 32 bytes).
    LEAKSIFT_INVALID_KEY = 5,
    /// The operation is not allowed for the kind (e.g. tokenizing a CVV).
    LEAKSIFT_NOT_ALLOWED = 6,
    /// The value does not have the shape its kind needs (e.g. tokenizing
    /// something that is not a card number).
    LEAKSIFT_INVALID_VALUE = 7,
    /// More separate findings within the scanner's margins than in-place
    /// masking can hold (no detector produces that many).
    LEAKSIFT_TOO_MANY_FINDINGS = 8,
    /// An output callback returned false; the stream should be freed.
    LEAKSIFT_STOPPED = 9,
    /// Any other error from the core.
    LEAKSIFT_INTERNAL_ERROR = 10,
}

use leaksift_status::*;

/// The kind of a finding. The numbers never change; new kinds get new numbers.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum leaksift_kind {
    /// A kind this version of the header does not know (a newer library).
    LEAKSIFT_KIND_UNKNOWN = 0,
    /// A payment card number (PAN).
    LEAKSIFT_KIND_PAN = 1,
    /// A card security code (CVV2, CVC2, CID).
    LEAKSIFT_KIND_CVV = 2,
    /// Magnetic-stripe track 1 or 2 data.
    LEAKSIFT_KIND_TRACK_DATA = 3,
    /// A US Social Security Number.
    LEAKSIFT_KIND_SSN = 4,
    /// A US Individual Taxpayer Identification Number.
    LEAKSIFT_KIND_ITIN = 5,
    /// An International Bank Account Number.
    LEAKSIFT_KIND_IBAN = 6,
    /// A US ABA routing number.
    LEAKSIFT_KIND_ROUTING_NUMBER = 7,
    /// An e-mail address.
    LEAKSIFT_KIND_EMAIL = 8,
    /// A telephone number.
    LEAKSIFT_KIND_PHONE = 9,
    /// A credential (API key, token, password, private key); the subkind
    /// names the provider.
    LEAKSIFT_KIND_SECRET = 10,
    /// A provenance marker saying its record is synthetic
    /// (`"is_synthetic": true`, `X-Data-Provenance: synthetic`, ...).
    LEAKSIFT_KIND_SYNTHETIC_MARKER = 11,
    /// Commingling policy, production: a synthetic value or marker.
    LEAKSIFT_KIND_SYNTHETIC_LEAK = 12,
    /// Commingling policy, synthetic data set: a value not known synthetic.
    LEAKSIFT_KIND_REAL_DATA_IN_SYNTHETIC = 13,
    /// Commingling policy: a record mixing a marker and a real value.
    LEAKSIFT_KIND_COMMINGLED = 14,
}

/// A refinement of the kind: card brand or track number. Numbers never change.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum leaksift_subkind {
    /// Nothing more specific is known (or a subkind this header does not know).
    LEAKSIFT_SUBKIND_NONE = 0,
    /// Visa.
    LEAKSIFT_SUBKIND_VISA = 1,
    /// Mastercard.
    LEAKSIFT_SUBKIND_MASTERCARD = 2,
    /// American Express.
    LEAKSIFT_SUBKIND_AMEX = 3,
    /// Discover.
    LEAKSIFT_SUBKIND_DISCOVER = 4,
    /// JCB.
    LEAKSIFT_SUBKIND_JCB = 5,
    /// Diners Club.
    LEAKSIFT_SUBKIND_DINERS = 6,
    /// China UnionPay.
    LEAKSIFT_SUBKIND_UNIONPAY = 7,
    /// Maestro.
    LEAKSIFT_SUBKIND_MAESTRO = 8,
    /// Mir.
    LEAKSIFT_SUBKIND_MIR = 9,
    /// RuPay.
    LEAKSIFT_SUBKIND_RUPAY = 10,
    /// Elo.
    LEAKSIFT_SUBKIND_ELO = 11,
    /// Verve.
    LEAKSIFT_SUBKIND_VERVE = 12,
    /// Track 1.
    LEAKSIFT_SUBKIND_TRACK1 = 13,
    /// Track 2.
    LEAKSIFT_SUBKIND_TRACK2 = 14,
    /// A North American Numbering Plan phone number.
    LEAKSIFT_SUBKIND_NANP = 15,
    /// An international phone number written with `+`.
    LEAKSIFT_SUBKIND_E164 = 16,
    /// An AWS access key id.
    LEAKSIFT_SUBKIND_AWS_ACCESS_KEY_ID = 17,
    /// An AWS secret access key.
    LEAKSIFT_SUBKIND_AWS_SECRET_ACCESS_KEY = 18,
    /// A Stripe secret key.
    LEAKSIFT_SUBKIND_STRIPE_SECRET_KEY = 19,
    /// A Stripe restricted key.
    LEAKSIFT_SUBKIND_STRIPE_RESTRICTED_KEY = 20,
    /// A Stripe webhook signing secret.
    LEAKSIFT_SUBKIND_STRIPE_WEBHOOK_SECRET = 21,
    /// A GitHub token.
    LEAKSIFT_SUBKIND_GITHUB_TOKEN = 22,
    /// A Slack token.
    LEAKSIFT_SUBKIND_SLACK_TOKEN = 23,
    /// A Slack incoming-webhook URL.
    LEAKSIFT_SUBKIND_SLACK_WEBHOOK = 24,
    /// A Google API key.
    LEAKSIFT_SUBKIND_GOOGLE_API_KEY = 25,
    /// A Salesforce session id or access token.
    LEAKSIFT_SUBKIND_SALESFORCE_SESSION = 26,
    /// A Salesforce connected-app consumer secret.
    LEAKSIFT_SUBKIND_SALESFORCE_CONSUMER_SECRET = 27,
    /// A PEM private key block.
    LEAKSIFT_SUBKIND_PRIVATE_KEY = 28,
    /// A JSON Web Token.
    LEAKSIFT_SUBKIND_JWT = 29,
    /// The password in a URL.
    LEAKSIFT_SUBKIND_URL_PASSWORD = 30,
    /// A random-looking value assigned to a key-like name.
    LEAKSIFT_SUBKIND_GENERIC = 31,
}

/// Where a value most likely came from.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum leaksift_provenance {
    /// Nothing says whether it is real or synthetic: treat it as real.
    LEAKSIFT_PROVENANCE_UNKNOWN = 0,
    /// Known to be real.
    LEAKSIFT_PROVENANCE_REAL = 1,
    /// Synthetic (test or generated data); see `synthetic_reason`.
    LEAKSIFT_PROVENANCE_SYNTHETIC = 2,
}

/// Why a value is believed synthetic.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum leaksift_synthetic_reason {
    /// Not synthetic, or a reason this header does not know.
    LEAKSIFT_SYNTHETIC_NONE = 0,
    /// A documented test or reserved value.
    LEAKSIFT_SYNTHETIC_TEST_VALUE = 1,
    /// The record carries an explicit provenance marker.
    LEAKSIFT_SYNTHETIC_MARKER = 2,
    /// The value carries a keyed watermark.
    LEAKSIFT_SYNTHETIC_WATERMARK = 3,
}

/// A kind code as passed in by C (any number; checked before use). Shown as
/// `leaksift_kind` in the header.
pub type KindCode = u32;
/// A subkind code as passed in by C. Shown as `leaksift_subkind` in the header.
pub type SubkindCode = u32;
/// A status code as passed in by C. Shown as `leaksift_status` in the header.
pub type StatusCode = u32;

/// Detector bit: card numbers.
pub const LEAKSIFT_DETECTOR_PAN: u32 = 1;
/// Detector bit: card security codes.
pub const LEAKSIFT_DETECTOR_CVV: u32 = 2;
/// Detector bit: magnetic-stripe track data.
pub const LEAKSIFT_DETECTOR_TRACK: u32 = 4;
/// Detector bit: US Social Security Numbers.
pub const LEAKSIFT_DETECTOR_SSN: u32 = 8;
/// Detector bit: US ITINs.
pub const LEAKSIFT_DETECTOR_ITIN: u32 = 16;
/// Detector bit: IBANs.
pub const LEAKSIFT_DETECTOR_IBAN: u32 = 32;
/// Detector bit: US ABA routing numbers.
pub const LEAKSIFT_DETECTOR_ROUTING: u32 = 64;
/// Detector bit: e-mail addresses.
pub const LEAKSIFT_DETECTOR_EMAIL: u32 = 128;
/// Detector bit: telephone numbers.
pub const LEAKSIFT_DETECTOR_PHONE: u32 = 256;
/// Detector bit: credentials.
pub const LEAKSIFT_DETECTOR_SECRETS: u32 = 512;
/// Detector bit: provenance markers.
pub const LEAKSIFT_DETECTOR_MARKERS: u32 = 1024;
/// Every detector.
pub const LEAKSIFT_DETECTOR_ALL: u32 = 2047;

/// How to build a scanner. Fill with `leaksift_options_init`, then change
/// what you need.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct leaksift_options {
    /// A bitmask of `LEAKSIFT_DETECTOR_*` (default `LEAKSIFT_DETECTOR_ALL`).
    pub detectors: u32,
    /// Findings below this confidence (0..=100) are not reported (default 50).
    pub min_confidence: u32,
    /// Bytes before a match read for context words (0..=256, default 32).
    pub context_window: usize,
    /// The commingling policy: `LEAKSIFT_ENVIRONMENT_NONE` (default),
    /// `LEAKSIFT_ENVIRONMENT_PRODUCTION` or `LEAKSIFT_ENVIRONMENT_SYNTHETIC`.
    pub environment: u32,
    /// A watermark key (16, 24 or 32 bytes) whose watermarks mark values as
    /// synthetic, or NULL (default). Read while the scanner is built; the
    /// scanner keeps only a derived key, wiped when it is freed.
    pub watermark_key: *const u8,
    /// The length of `watermark_key` in bytes.
    pub watermark_key_len: usize,
}

/// `leaksift_options.environment`: no commingling policy.
pub const LEAKSIFT_ENVIRONMENT_NONE: u32 = 0;
/// `leaksift_options.environment`: production data (synthetic values and
/// markers are `LEAKSIFT_KIND_SYNTHETIC_LEAK` findings).
pub const LEAKSIFT_ENVIRONMENT_PRODUCTION: u32 = 1;
/// `leaksift_options.environment`: a synthetic data set (values not known
/// synthetic are `LEAKSIFT_KIND_REAL_DATA_IN_SYNTHETIC` findings).
pub const LEAKSIFT_ENVIRONMENT_SYNTHETIC: u32 = 2;

/// One finding. Offsets are bytes into the scanned buffer (absolute stream
/// offsets for a stream). A finding never holds the matched bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct leaksift_finding {
    /// What was found.
    pub kind: leaksift_kind,
    /// Card brand or track number (`leaksift_subkind_name` gives its name).
    pub subkind: leaksift_subkind,
    /// Offset of the first byte of the match.
    pub start: usize,
    /// Offset one past the last byte of the match.
    pub end: usize,
    /// How sure the detector is, 0..=100.
    pub confidence: u32,
    /// Real, synthetic or unknown.
    pub provenance: leaksift_provenance,
    /// Why synthetic, when `provenance` is `LEAKSIFT_PROVENANCE_SYNTHETIC`.
    pub synthetic_reason: leaksift_synthetic_reason,
}

/// Called once per finding, in scan order. Return false to stop.
pub type leaksift_on_finding =
    Option<unsafe extern "C" fn(finding: *const leaksift_finding, userdata: *mut c_void) -> bool>;

/// Called with each run of masked output, in order. Return false to stop.
pub type leaksift_on_output =
    Option<unsafe extern "C" fn(data: *const u8, len: usize, userdata: *mut c_void) -> bool>;

/// A built scanner (opaque): immutable, safe to share across threads.
pub struct leaksift_scanner {
    scanner: Scanner,
    /// The default masking policy, built once so masking never allocates.
    masker: Masker,
}

/// A stream of chunks scanned with one-shot findings (opaque, one thread at a
/// time; its scanner must outlive it).
pub struct leaksift_stream {
    stream: StreamScanner<'static>,
}

/// A stream of chunks masked exactly as masking the whole input at once
/// would (opaque, one thread at a time; its scanner must outlive it).
pub struct leaksift_mask_stream {
    stream: StreamMasker<'static>,
}

// ---------------------------------------------------------------- errors --

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

fn set_error(message: impl Into<String>) {
    let message = message.into();
    LAST_ERROR.with(|e| *e.borrow_mut() = message);
}

fn fail(status: leaksift_status, message: &str) -> leaksift_status {
    set_error(message);
    status
}

fn status_of(error: &Error) -> leaksift_status {
    match error.kind() {
        ErrorKind::UnknownDetector { .. }
        | ErrorKind::OutOfRange { .. }
        | ErrorKind::UnknownKind { .. }
        | ErrorKind::UnknownAction { .. }
        | ErrorKind::InvalidPolicy { .. }
        | ErrorKind::TweakTooLong { .. }
        | ErrorKind::UnknownEnvironment { .. }
        | ErrorKind::InvalidMarker { .. }
        | ErrorKind::LengthMismatch { .. } => LEAKSIFT_INVALID_ARGUMENT,
        ErrorKind::KeyLength { .. } | ErrorKind::KeyNotHex | ErrorKind::KeyFile { .. } => {
            LEAKSIFT_INVALID_KEY
        }
        ErrorKind::ActionNotAllowed { .. } | ErrorKind::KeyRequired { .. } => LEAKSIFT_NOT_ALLOWED,
        ErrorKind::DomainTooSmall { .. } | ErrorKind::InvalidValue { .. } => LEAKSIFT_INVALID_VALUE,
        ErrorKind::TooManyFindings { .. } => LEAKSIFT_TOO_MANY_FINDINGS,
        _ => LEAKSIFT_INTERNAL_ERROR,
    }
}

fn from_error(error: Error) -> leaksift_status {
    let status = status_of(&error);
    set_error(error.to_string());
    status
}

/// Runs `f` behind a panic boundary: a panic becomes `LEAKSIFT_PANIC`.
fn guard(f: impl FnOnce() -> Result<(), leaksift_status>) -> leaksift_status {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => LEAKSIFT_OK,
        Ok(Err(status)) => status,
        Err(_) => fail(LEAKSIFT_PANIC, "a panic was caught inside leaksift (a bug)"),
    }
}

/// Like [`guard`], for functions that return a value instead of a status.
fn guard_value<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(fallback)
}

// -------------------------------------------------------------- pointers --

fn check_len(len: usize) -> Result<(), leaksift_status> {
    if len > isize::MAX as usize {
        Err(fail(
            LEAKSIFT_INVALID_ARGUMENT,
            "length larger than PTRDIFF_MAX",
        ))
    } else {
        Ok(())
    }
}

/// # Safety
/// `ptr` must be NULL or valid for reads of `len` bytes for `'a`.
unsafe fn read_slice<'a>(
    ptr: *const u8,
    len: usize,
    name: &str,
) -> Result<&'a [u8], leaksift_status> {
    check_len(len)?;
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(fail(LEAKSIFT_NULL_PARAMETER, &format!("{name} is NULL")))
        };
    }
    // SAFETY: checked non-null and length; validity is the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// # Safety
/// `ptr` must be NULL or valid for writes of `len` bytes for `'a`.
unsafe fn write_slice<'a>(
    ptr: *mut u8,
    len: usize,
    name: &str,
) -> Result<&'a mut [u8], leaksift_status> {
    check_len(len)?;
    if ptr.is_null() {
        return if len == 0 {
            Ok(&mut [])
        } else {
            Err(fail(LEAKSIFT_NULL_PARAMETER, &format!("{name} is NULL")))
        };
    }
    // SAFETY: as above.
    Ok(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
}

/// # Safety
/// `ptr` must be NULL or point to a live `T`.
unsafe fn reference<'a, T>(ptr: *const T, name: &str) -> Result<&'a T, leaksift_status> {
    // SAFETY: the caller's contract.
    unsafe { ptr.as_ref() }.ok_or_else(|| fail(LEAKSIFT_NULL_PARAMETER, &format!("{name} is NULL")))
}

/// # Safety
/// `ptr` must be NULL or point to a live `T` not used elsewhere meanwhile.
unsafe fn reference_mut<'a, T>(ptr: *mut T, name: &str) -> Result<&'a mut T, leaksift_status> {
    // SAFETY: the caller's contract.
    unsafe { ptr.as_mut() }.ok_or_else(|| fail(LEAKSIFT_NULL_PARAMETER, &format!("{name} is NULL")))
}

// ----------------------------------------------------------- translation --

fn kind_code(kind: Kind) -> leaksift_kind {
    match kind {
        Kind::Pan => leaksift_kind::LEAKSIFT_KIND_PAN,
        Kind::Cvv => leaksift_kind::LEAKSIFT_KIND_CVV,
        Kind::TrackData => leaksift_kind::LEAKSIFT_KIND_TRACK_DATA,
        Kind::Ssn => leaksift_kind::LEAKSIFT_KIND_SSN,
        Kind::Itin => leaksift_kind::LEAKSIFT_KIND_ITIN,
        Kind::Iban => leaksift_kind::LEAKSIFT_KIND_IBAN,
        Kind::RoutingNumber => leaksift_kind::LEAKSIFT_KIND_ROUTING_NUMBER,
        Kind::Email => leaksift_kind::LEAKSIFT_KIND_EMAIL,
        Kind::Phone => leaksift_kind::LEAKSIFT_KIND_PHONE,
        Kind::Secret => leaksift_kind::LEAKSIFT_KIND_SECRET,
        Kind::SyntheticMarker => leaksift_kind::LEAKSIFT_KIND_SYNTHETIC_MARKER,
        Kind::SyntheticLeak => leaksift_kind::LEAKSIFT_KIND_SYNTHETIC_LEAK,
        Kind::RealDataInSynthetic => leaksift_kind::LEAKSIFT_KIND_REAL_DATA_IN_SYNTHETIC,
        Kind::Commingled => leaksift_kind::LEAKSIFT_KIND_COMMINGLED,
        _ => leaksift_kind::LEAKSIFT_KIND_UNKNOWN,
    }
}

fn kind_from_code(code: KindCode) -> Option<Kind> {
    Kind::ALL
        .into_iter()
        .find(|&k| kind_code(k) as u32 == code && code != 0)
}

fn subkind_code(subkind: Subkind) -> leaksift_subkind {
    use leaksift_subkind::*;
    match subkind {
        Subkind::Visa => LEAKSIFT_SUBKIND_VISA,
        Subkind::Mastercard => LEAKSIFT_SUBKIND_MASTERCARD,
        Subkind::Amex => LEAKSIFT_SUBKIND_AMEX,
        Subkind::Discover => LEAKSIFT_SUBKIND_DISCOVER,
        Subkind::Jcb => LEAKSIFT_SUBKIND_JCB,
        Subkind::DinersClub => LEAKSIFT_SUBKIND_DINERS,
        Subkind::UnionPay => LEAKSIFT_SUBKIND_UNIONPAY,
        Subkind::Maestro => LEAKSIFT_SUBKIND_MAESTRO,
        Subkind::Mir => LEAKSIFT_SUBKIND_MIR,
        Subkind::RuPay => LEAKSIFT_SUBKIND_RUPAY,
        Subkind::Elo => LEAKSIFT_SUBKIND_ELO,
        Subkind::Verve => LEAKSIFT_SUBKIND_VERVE,
        Subkind::Track1 => LEAKSIFT_SUBKIND_TRACK1,
        Subkind::Track2 => LEAKSIFT_SUBKIND_TRACK2,
        Subkind::Nanp => LEAKSIFT_SUBKIND_NANP,
        Subkind::E164 => LEAKSIFT_SUBKIND_E164,
        Subkind::AwsAccessKeyId => LEAKSIFT_SUBKIND_AWS_ACCESS_KEY_ID,
        Subkind::AwsSecretAccessKey => LEAKSIFT_SUBKIND_AWS_SECRET_ACCESS_KEY,
        Subkind::StripeSecretKey => LEAKSIFT_SUBKIND_STRIPE_SECRET_KEY,
        Subkind::StripeRestrictedKey => LEAKSIFT_SUBKIND_STRIPE_RESTRICTED_KEY,
        Subkind::StripeWebhookSecret => LEAKSIFT_SUBKIND_STRIPE_WEBHOOK_SECRET,
        Subkind::GithubToken => LEAKSIFT_SUBKIND_GITHUB_TOKEN,
        Subkind::SlackToken => LEAKSIFT_SUBKIND_SLACK_TOKEN,
        Subkind::SlackWebhook => LEAKSIFT_SUBKIND_SLACK_WEBHOOK,
        Subkind::GoogleApiKey => LEAKSIFT_SUBKIND_GOOGLE_API_KEY,
        Subkind::SalesforceSession => LEAKSIFT_SUBKIND_SALESFORCE_SESSION,
        Subkind::SalesforceConsumerSecret => LEAKSIFT_SUBKIND_SALESFORCE_CONSUMER_SECRET,
        Subkind::PrivateKey => LEAKSIFT_SUBKIND_PRIVATE_KEY,
        Subkind::Jwt => LEAKSIFT_SUBKIND_JWT,
        Subkind::UrlPassword => LEAKSIFT_SUBKIND_URL_PASSWORD,
        Subkind::Generic => LEAKSIFT_SUBKIND_GENERIC,
        _ => LEAKSIFT_SUBKIND_NONE,
    }
}

fn finding_of(f: &Finding) -> leaksift_finding {
    use leaksift_synthetic_reason::*;
    let (provenance, synthetic_reason) = match f.provenance {
        Provenance::Unknown => (
            leaksift_provenance::LEAKSIFT_PROVENANCE_UNKNOWN,
            LEAKSIFT_SYNTHETIC_NONE,
        ),
        Provenance::Real => (
            leaksift_provenance::LEAKSIFT_PROVENANCE_REAL,
            LEAKSIFT_SYNTHETIC_NONE,
        ),
        Provenance::Synthetic(reason) => (
            leaksift_provenance::LEAKSIFT_PROVENANCE_SYNTHETIC,
            match reason {
                SyntheticReason::TestValue => LEAKSIFT_SYNTHETIC_TEST_VALUE,
                SyntheticReason::Marker => LEAKSIFT_SYNTHETIC_MARKER,
                SyntheticReason::Watermark => LEAKSIFT_SYNTHETIC_WATERMARK,
                _ => LEAKSIFT_SYNTHETIC_NONE,
            },
        ),
    };
    leaksift_finding {
        kind: kind_code(f.kind),
        subkind: subkind_code(f.subkind),
        start: f.start,
        end: f.end,
        confidence: u32::from(f.confidence),
        provenance,
        synthetic_reason,
    }
}

/// A sink that hands findings to a C callback, stopping when it says so.
fn c_sink(
    on_finding: unsafe extern "C" fn(*const leaksift_finding, *mut c_void) -> bool,
    userdata: *mut c_void,
) -> impl FnMut(&Finding) -> ControlFlow<()> {
    move |f: &Finding| {
        let finding = finding_of(f);
        // SAFETY: the caller gave a valid callback; `finding` lives for the call.
        if unsafe { on_finding(&finding, userdata) } {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    }
}

fn config_of(opts: &leaksift_options) -> Result<Config, leaksift_status> {
    if opts.detectors & !LEAKSIFT_DETECTOR_ALL != 0 {
        return Err(fail(
            LEAKSIFT_INVALID_ARGUMENT,
            "options.detectors has bits no detector uses",
        ));
    }
    let mut detectors = DetectorSet::EMPTY;
    for (bit, detector) in [
        (LEAKSIFT_DETECTOR_PAN, Detector::Pan),
        (LEAKSIFT_DETECTOR_CVV, Detector::Cvv),
        (LEAKSIFT_DETECTOR_TRACK, Detector::Track),
        (LEAKSIFT_DETECTOR_SSN, Detector::Ssn),
        (LEAKSIFT_DETECTOR_ITIN, Detector::Itin),
        (LEAKSIFT_DETECTOR_IBAN, Detector::Iban),
        (LEAKSIFT_DETECTOR_ROUTING, Detector::Routing),
        (LEAKSIFT_DETECTOR_EMAIL, Detector::Email),
        (LEAKSIFT_DETECTOR_PHONE, Detector::Phone),
        (LEAKSIFT_DETECTOR_SECRETS, Detector::Secrets),
        (LEAKSIFT_DETECTOR_MARKERS, Detector::Markers),
    ] {
        if opts.detectors & bit != 0 {
            detectors = detectors.with(detector);
        }
    }
    let min_confidence = u8::try_from(opts.min_confidence).map_err(|_| {
        fail(
            LEAKSIFT_INVALID_ARGUMENT,
            "options.min_confidence must be between 0 and 100",
        )
    })?;
    let mut config = Config::new()
        .detectors(detectors)
        .min_confidence(min_confidence)
        .context_window(opts.context_window);
    config = match opts.environment {
        LEAKSIFT_ENVIRONMENT_NONE => config,
        LEAKSIFT_ENVIRONMENT_PRODUCTION => config.environment(Environment::Production),
        LEAKSIFT_ENVIRONMENT_SYNTHETIC => config.environment(Environment::Synthetic),
        _ => {
            return Err(fail(
                LEAKSIFT_INVALID_ARGUMENT,
                "options.environment must be a LEAKSIFT_ENVIRONMENT_* value",
            ))
        }
    };
    if !opts.watermark_key.is_null() {
        // SAFETY: the caller's contract: `watermark_key` points to
        // `watermark_key_len` readable bytes while the scanner is built.
        let bytes =
            unsafe { std::slice::from_raw_parts(opts.watermark_key, opts.watermark_key_len) };
        let key = Key::from_bytes(bytes).map_err(from_error)?;
        config = config.watermark_key(&key);
    }
    Ok(config)
}

// ------------------------------------------------------------------- API --

/// The library version, e.g. "0.1.0" (a static string).
#[no_mangle]
pub extern "C" fn leaksift_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Copies the message of the last failed call on this thread into `buf`
/// (NUL-terminated, truncated to `cap - 1` bytes) and returns the message's
/// full length (without the NUL). `buf` may be NULL when `cap` is 0, to ask
/// for the length. Returns 0 when no call has failed on this thread.
///
/// # Safety
/// `buf` must be NULL or valid for writes of `cap` bytes.
#[no_mangle]
pub unsafe extern "C" fn leaksift_last_error_message(buf: *mut c_char, cap: usize) -> usize {
    guard_value(0, || {
        LAST_ERROR.with(|e| {
            let message = e.borrow();
            if !buf.is_null() && cap > 0 && cap <= isize::MAX as usize {
                let n = message.len().min(cap - 1);
                // SAFETY: `buf` is valid for `cap` bytes and n + 1 <= cap.
                unsafe {
                    std::ptr::copy_nonoverlapping(message.as_ptr(), buf.cast::<u8>(), n);
                    *buf.add(n) = 0;
                }
            }
            message.len()
        })
    })
}

/// The name of a status, e.g. "LEAKSIFT_OK" (static; "LEAKSIFT_UNKNOWN_STATUS"
/// for numbers this library does not know).
#[no_mangle]
pub extern "C" fn leaksift_status_name(status: StatusCode) -> *const c_char {
    let name: &CStr = match status {
        0 => c"LEAKSIFT_OK",
        1 => c"LEAKSIFT_NULL_PARAMETER",
        2 => c"LEAKSIFT_INVALID_ARGUMENT",
        3 => c"LEAKSIFT_BUFFER_TOO_SMALL",
        4 => c"LEAKSIFT_PANIC",
        5 => c"LEAKSIFT_INVALID_KEY",
        6 => c"LEAKSIFT_NOT_ALLOWED",
        7 => c"LEAKSIFT_INVALID_VALUE",
        8 => c"LEAKSIFT_TOO_MANY_FINDINGS",
        9 => c"LEAKSIFT_STOPPED",
        10 => c"LEAKSIFT_INTERNAL_ERROR",
        _ => c"LEAKSIFT_UNKNOWN_STATUS",
    };
    name.as_ptr()
}

/// The stable name of a kind: "pan", "cvv", "track_data", "ssn", "secret",
/// ... (static strings, the names the core and every binding use); "" for
/// an unknown code.
#[no_mangle]
pub extern "C" fn leaksift_kind_name(kind: KindCode) -> *const c_char {
    let name: &CStr = match kind_from_code(kind) {
        Some(Kind::Pan) => c"pan",
        Some(Kind::Cvv) => c"cvv",
        Some(Kind::TrackData) => c"track_data",
        Some(Kind::Ssn) => c"ssn",
        Some(Kind::Itin) => c"itin",
        Some(Kind::Iban) => c"iban",
        Some(Kind::RoutingNumber) => c"routing_number",
        Some(Kind::Email) => c"email",
        Some(Kind::Phone) => c"phone",
        Some(Kind::Secret) => c"secret",
        Some(Kind::SyntheticMarker) => c"synthetic_marker",
        Some(Kind::SyntheticLeak) => c"synthetic_leak",
        Some(Kind::RealDataInSynthetic) => c"real_data_in_synthetic",
        Some(Kind::Commingled) => c"commingled",
        _ => c"",
    };
    name.as_ptr()
}

/// The stable name of a subkind: "visa", "track1", ... (static strings); ""
/// for `LEAKSIFT_SUBKIND_NONE` and unknown codes.
#[no_mangle]
pub extern "C" fn leaksift_subkind_name(subkind: SubkindCode) -> *const c_char {
    let name: &CStr = match subkind {
        1 => c"visa",
        2 => c"mastercard",
        3 => c"amex",
        4 => c"discover",
        5 => c"jcb",
        6 => c"diners",
        7 => c"unionpay",
        8 => c"maestro",
        9 => c"mir",
        10 => c"rupay",
        11 => c"elo",
        12 => c"verve",
        13 => c"track1",
        14 => c"track2",
        15 => c"nanp",
        16 => c"e164",
        17 => c"aws_access_key_id",
        18 => c"aws_secret_access_key",
        19 => c"stripe_secret_key",
        20 => c"stripe_restricted_key",
        21 => c"stripe_webhook_secret",
        22 => c"github_token",
        23 => c"slack_token",
        24 => c"slack_webhook",
        25 => c"google_api_key",
        26 => c"salesforce_session",
        27 => c"salesforce_consumer_secret",
        28 => c"private_key",
        29 => c"jwt",
        30 => c"url_password",
        31 => c"generic",
        _ => c"",
    };
    name.as_ptr()
}

/// Fills `opts` with the defaults: every detector, min_confidence 50,
/// context_window 32.
///
/// # Safety
/// `opts` must be NULL or point to a writable `leaksift_options`.
#[no_mangle]
pub unsafe extern "C" fn leaksift_options_init(opts: *mut leaksift_options) -> leaksift_status {
    guard(|| {
        // SAFETY: the caller's contract.
        let opts = unsafe { reference_mut(opts, "opts") }?;
        *opts = leaksift_options {
            detectors: LEAKSIFT_DETECTOR_ALL,
            min_confidence: u32::from(Config::DEFAULT_MIN_CONFIDENCE),
            context_window: Config::DEFAULT_CONTEXT_WINDOW,
            environment: LEAKSIFT_ENVIRONMENT_NONE,
            watermark_key: std::ptr::null(),
            watermark_key_len: 0,
        };
        Ok(())
    })
}

/// Builds a scanner from `opts` (NULL for the defaults) into `*out`. Free it
/// with `leaksift_scanner_free`. On error `*out` is set to NULL.
///
/// # Safety
/// `opts` must be NULL or point to a `leaksift_options`; `out` must be NULL
/// or point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn leaksift_scanner_new(
    opts: *const leaksift_options,
    out: *mut *mut leaksift_scanner,
) -> leaksift_status {
    guard(|| {
        // SAFETY: the caller's contract.
        let out = unsafe { reference_mut(out, "out") }?;
        *out = std::ptr::null_mut();
        // SAFETY: the caller's contract.
        let config = match unsafe { opts.as_ref() } {
            None => Config::new(),
            Some(opts) => config_of(opts)?,
        };
        let scanner = Scanner::new(config).map_err(from_error)?;
        let masker = Masker::new(Policy::new()).map_err(from_error)?;
        *out = Box::into_raw(Box::new(leaksift_scanner { scanner, masker }));
        Ok(())
    })
}

/// Frees a scanner (NULL is fine). Streams made from it must be freed first.
///
/// # Safety
/// `scanner` must be NULL or come from `leaksift_scanner_new`, freed once.
#[no_mangle]
pub unsafe extern "C" fn leaksift_scanner_free(scanner: *mut leaksift_scanner) {
    let _ = guard(|| {
        if !scanner.is_null() {
            // SAFETY: made by Box::into_raw in leaksift_scanner_new.
            drop(unsafe { Box::from_raw(scanner) });
        }
        Ok(())
    });
}

/// Scans `buf[0..len]` and calls `on_finding` for every finding, in scan
/// order, until it returns false (which still gives `LEAKSIFT_OK`). Never
/// allocates. `buf` may be NULL when `len` is 0.
///
/// # Safety
/// `scanner` must come from `leaksift_scanner_new`; `buf` must be valid for
/// `len` bytes; `on_finding` must be a valid function.
#[no_mangle]
pub unsafe extern "C" fn leaksift_scan(
    scanner: *const leaksift_scanner,
    buf: *const u8,
    len: usize,
    on_finding: leaksift_on_finding,
    userdata: *mut c_void,
) -> leaksift_status {
    guard(|| {
        // SAFETY: the caller's contract.
        let scanner = unsafe { reference(scanner, "scanner") }?;
        let on_finding =
            on_finding.ok_or_else(|| fail(LEAKSIFT_NULL_PARAMETER, "on_finding is NULL"))?;
        // SAFETY: the caller's contract.
        let input = unsafe { read_slice(buf, len, "buf") }?;
        let _ = scanner.scanner.scan(input, c_sink(on_finding, userdata));
        Ok(())
    })
}

/// Writes `in[0..len]` to `out` with every finding masked by the default
/// policy (card numbers keep their last four digits, everything else is
/// masked whole, separators stay). Masking keeps lengths, so `*out_len` is
/// set to `len`; when `out_cap < len` nothing is written and
/// `LEAKSIFT_BUFFER_TOO_SMALL` is returned. `in` and `out` must not overlap
/// (use `leaksift_mask_in_place`). Never allocates.
///
/// # Safety
/// `scanner` must come from `leaksift_scanner_new`; `in` valid for `len`
/// bytes, `out` for `out_cap` bytes; `out_len` writable.
#[no_mangle]
pub unsafe extern "C" fn leaksift_mask(
    scanner: *const leaksift_scanner,
    input: *const u8,
    len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> leaksift_status {
    guard(|| {
        // SAFETY: the caller's contract (for all four).
        let scanner = unsafe { reference(scanner, "scanner") }?;
        let out_len = unsafe { reference_mut(out_len, "out_len") }?;
        let input = unsafe { read_slice(input, len, "input") }?;
        let out = unsafe { write_slice(out, out_cap, "out") }?;
        *out_len = input.len();
        if out.len() < input.len() {
            return Err(fail(
                LEAKSIFT_BUFFER_TOO_SMALL,
                "out_cap is smaller than the input; *out_len holds the size needed",
            ));
        }
        scanner
            .masker
            .mask_into(&scanner.scanner, input, &mut out[..input.len()])
            .map_err(from_error)?;
        Ok(())
    })
}

/// Masks `buf[0..len]` in place with the default policy. Never allocates.
///
/// # Safety
/// `scanner` must come from `leaksift_scanner_new`; `buf` valid for reads
/// and writes of `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn leaksift_mask_in_place(
    scanner: *const leaksift_scanner,
    buf: *mut u8,
    len: usize,
) -> leaksift_status {
    guard(|| {
        // SAFETY: the caller's contract.
        let scanner = unsafe { reference(scanner, "scanner") }?;
        let buf = unsafe { write_slice(buf, len, "buf") }?;
        scanner
            .masker
            .mask_in_place(&scanner.scanner, buf)
            .map_err(from_error)?;
        Ok(())
    })
}

enum Crypt {
    Tokenize,
    Detokenize,
}

/// # Safety
/// As for `leaksift_tokenize`.
#[allow(clippy::too_many_arguments)]
unsafe fn crypt(
    direction: Crypt,
    key: *const u8,
    key_len: usize,
    kind: KindCode,
    value: *const u8,
    len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> leaksift_status {
    guard(|| {
        // SAFETY: the caller's contract (for all four).
        let out_len = unsafe { reference_mut(out_len, "out_len") }?;
        let key = unsafe { read_slice(key, key_len, "key") }?;
        let value = unsafe { read_slice(value, len, "value") }?;
        let out = unsafe { write_slice(out, out_cap, "out") }?;
        let result = crypt_into(direction, key, kind, value, out, out_len);
        if result.is_err() {
            // Never leave a half-made value, the raw one or whatever the
            // caller's buffer held before in `out`: a caller that ignores
            // the status reads zeros (as documented), not a stale token.
            if let Some(written) = out.get_mut(..value.len()) {
                written.fill(0);
            }
        }
        result
    })
}

/// The checks and the work of [`crypt`] once its pointers are slices.
fn crypt_into(
    direction: Crypt,
    key: &[u8],
    kind: KindCode,
    value: &[u8],
    out: &mut [u8],
    out_len: &mut usize,
) -> Result<(), leaksift_status> {
    let kind = kind_from_code(kind)
        .ok_or_else(|| fail(LEAKSIFT_INVALID_ARGUMENT, "unknown leaksift_kind code"))?;
    *out_len = value.len();
    if out.len() < value.len() {
        return Err(fail(
            LEAKSIFT_BUFFER_TOO_SMALL,
            "out_cap is smaller than the value; *out_len holds the size needed",
        ));
    }
    let key = Key::from_bytes(key).map_err(from_error)?;
    let masker = Masker::with_key(Policy::new(), &key).map_err(from_error)?;
    let out = &mut out[..value.len()];
    out.copy_from_slice(value);
    match direction {
        Crypt::Tokenize => masker.tokenize(kind, out),
        Crypt::Detokenize => masker.detokenize(kind, out),
    }
    .map_err(from_error)
}

/// Tokenizes one value of `kind` (format-preserving FF1 under an AES key of
/// 16, 24 or 32 bytes, default policy: separators and the last four digits of
/// a card number are kept) into `out`. Tokens keep the value's length:
/// `*out_len` is set to `len`, and `LEAKSIFT_BUFFER_TOO_SMALL` returned when
/// `out_cap < len`. Tokenizing a CVV or track data gives
/// `LEAKSIFT_NOT_ALLOWED` (sensitive authentication data must not be kept
/// in any recoverable form); a bad key `LEAKSIFT_INVALID_KEY`. On error,
/// `out[0..len]` is zeroed if it was large enough.
///
/// # Safety
/// `key` valid for `key_len` bytes, `value` for `len`, `out` for `out_cap`;
/// `out_len` writable.
#[no_mangle]
pub unsafe extern "C" fn leaksift_tokenize(
    key: *const u8,
    key_len: usize,
    kind: KindCode,
    value: *const u8,
    len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> leaksift_status {
    // SAFETY: forwarded contract.
    unsafe {
        crypt(
            Crypt::Tokenize,
            key,
            key_len,
            kind,
            value,
            len,
            out,
            out_cap,
            out_len,
        )
    }
}

/// Restores a value made by `leaksift_tokenize` under the same key. Same
/// buffers and statuses as `leaksift_tokenize`.
///
/// # Safety
/// As for `leaksift_tokenize`.
#[no_mangle]
pub unsafe extern "C" fn leaksift_detokenize(
    key: *const u8,
    key_len: usize,
    kind: KindCode,
    value: *const u8,
    len: usize,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> leaksift_status {
    // SAFETY: forwarded contract.
    unsafe {
        crypt(
            Crypt::Detokenize,
            key,
            key_len,
            kind,
            value,
            len,
            out,
            out_cap,
            out_len,
        )
    }
}

/// Makes a stream over `scanner` into `*out`: push chunks, then finish, and
/// get the findings of a one-shot scan of the whole input with absolute
/// offsets. Allocates its window (about 1 MiB) once, here. `scanner` must
/// outlive the stream.
///
/// # Safety
/// `scanner` must come from `leaksift_scanner_new` and outlive the stream;
/// `out` writable.
#[no_mangle]
pub unsafe extern "C" fn leaksift_stream_new(
    scanner: *const leaksift_scanner,
    out: *mut *mut leaksift_stream,
) -> leaksift_status {
    guard(|| {
        // SAFETY: the caller's contract.
        let out = unsafe { reference_mut(out, "out") }?;
        *out = std::ptr::null_mut();
        // SAFETY: the caller keeps the scanner alive for the stream's life.
        let scanner: &'static leaksift_scanner = unsafe { reference(scanner, "scanner") }?;
        let stream = StreamScanner::new(&scanner.scanner);
        *out = Box::into_raw(Box::new(leaksift_stream { stream }));
        Ok(())
    })
}

/// Pushes `buf[0..len]`; findings that are now certain go to `on_finding`
/// (offsets from the start of the stream). Returning false from the callback
/// drops the rest of this call's findings only.
///
/// # Safety
/// `stream` from `leaksift_stream_new`, not used by another thread meanwhile;
/// `buf` valid for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn leaksift_stream_push(
    stream: *mut leaksift_stream,
    buf: *const u8,
    len: usize,
    on_finding: leaksift_on_finding,
    userdata: *mut c_void,
) -> leaksift_status {
    guard(|| {
        // SAFETY: the caller's contract.
        let stream = unsafe { reference_mut(stream, "stream") }?;
        let on_finding =
            on_finding.ok_or_else(|| fail(LEAKSIFT_NULL_PARAMETER, "on_finding is NULL"))?;
        // SAFETY: the caller's contract.
        let input = unsafe { read_slice(buf, len, "buf") }?;
        let _ = stream.stream.push(input, c_sink(on_finding, userdata));
        Ok(())
    })
}

/// Ends the input: the remaining findings go to `on_finding`. The stream is
/// then empty and can be used for a new input (offsets restart at 0).
///
/// # Safety
/// As for `leaksift_stream_push`.
#[no_mangle]
pub unsafe extern "C" fn leaksift_stream_finish(
    stream: *mut leaksift_stream,
    on_finding: leaksift_on_finding,
    userdata: *mut c_void,
) -> leaksift_status {
    guard(|| {
        // SAFETY: the caller's contract.
        let stream = unsafe { reference_mut(stream, "stream") }?;
        let on_finding =
            on_finding.ok_or_else(|| fail(LEAKSIFT_NULL_PARAMETER, "on_finding is NULL"))?;
        let _ = stream.stream.finish(c_sink(on_finding, userdata));
        Ok(())
    })
}

/// Frees a stream (NULL is fine).
///
/// # Safety
/// `stream` must be NULL or come from `leaksift_stream_new`, freed once.
#[no_mangle]
pub unsafe extern "C" fn leaksift_stream_free(stream: *mut leaksift_stream) {
    let _ = guard(|| {
        if !stream.is_null() {
            // SAFETY: made by Box::into_raw in leaksift_stream_new.
            drop(unsafe { Box::from_raw(stream) });
        }
        Ok(())
    });
}

/// Bytes a mask stream scans per window; the stream holds about twice this
/// much plus the scanner's margins.
const MASK_STREAM_STEP: usize = 64 * 1024;

/// Makes a masking stream over `scanner` into `*out`: push chunks, get the
/// masked bytes through a callback; the concatenated output equals
/// `leaksift_mask` of the whole input at once, whatever the chunking. Its
/// buffers (about 128 KiB) are allocated here. `scanner` must outlive it.
///
/// # Safety
/// As for `leaksift_stream_new`.
#[no_mangle]
pub unsafe extern "C" fn leaksift_mask_stream_new(
    scanner: *const leaksift_scanner,
    out: *mut *mut leaksift_mask_stream,
) -> leaksift_status {
    guard(|| {
        // SAFETY: the caller's contract.
        let out = unsafe { reference_mut(out, "out") }?;
        *out = std::ptr::null_mut();
        // SAFETY: the caller keeps the scanner alive for the stream's life.
        let scanner: &'static leaksift_scanner = unsafe { reference(scanner, "scanner") }?;
        let stream = StreamMasker::with_step(&scanner.scanner, &scanner.masker, MASK_STREAM_STEP);
        *out = Box::into_raw(Box::new(leaksift_mask_stream { stream }));
        Ok(())
    })
}

/// The core's output callback for a C one: runs of masked bytes go to
/// `on_output`, whose `false` stops the stream.
fn c_output(
    on_output: unsafe extern "C" fn(*const u8, usize, *mut c_void) -> bool,
    userdata: *mut c_void,
) -> impl FnMut(&[u8]) -> ControlFlow<()> {
    move |run: &[u8]| {
        // SAFETY: the caller gave a valid callback; `run` lives for the call.
        if unsafe { on_output(run.as_ptr(), run.len(), userdata) } {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    }
}

/// A stream call's result as a status.
fn stream_status(result: Result<ControlFlow<()>, Error>) -> Result<(), leaksift_status> {
    match result.map_err(from_error)? {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(()) => Err(fail(LEAKSIFT_STOPPED, "the output callback returned false")),
    }
}

/// Pushes `buf[0..len]`; masked output that is final goes to `on_output`
/// (possibly in several calls, possibly none). Returns `LEAKSIFT_STOPPED` if
/// the callback returned false.
///
/// # Safety
/// `stream` from `leaksift_mask_stream_new`, not used by another thread
/// meanwhile; `buf` valid for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn leaksift_mask_stream_push(
    stream: *mut leaksift_mask_stream,
    buf: *const u8,
    len: usize,
    on_output: leaksift_on_output,
    userdata: *mut c_void,
) -> leaksift_status {
    guard(|| {
        // SAFETY: the caller's contract.
        let stream = unsafe { reference_mut(stream, "stream") }?;
        let on_output =
            on_output.ok_or_else(|| fail(LEAKSIFT_NULL_PARAMETER, "on_output is NULL"))?;
        // SAFETY: the caller's contract.
        let input = unsafe { read_slice(buf, len, "buf") }?;
        stream_status(stream.stream.push(input, c_output(on_output, userdata)))
    })
}

/// Ends the input and writes the rest of the masked output. The stream is
/// then empty and can be used for a new input.
///
/// # Safety
/// As for `leaksift_mask_stream_push`.
#[no_mangle]
pub unsafe extern "C" fn leaksift_mask_stream_finish(
    stream: *mut leaksift_mask_stream,
    on_output: leaksift_on_output,
    userdata: *mut c_void,
) -> leaksift_status {
    guard(|| {
        // SAFETY: the caller's contract.
        let stream = unsafe { reference_mut(stream, "stream") }?;
        let on_output =
            on_output.ok_or_else(|| fail(LEAKSIFT_NULL_PARAMETER, "on_output is NULL"))?;
        stream_status(stream.stream.finish(c_output(on_output, userdata)))
    })
}

/// Frees a masking stream (NULL is fine).
///
/// # Safety
/// `stream` must be NULL or come from `leaksift_mask_stream_new`, freed once.
#[no_mangle]
pub unsafe extern "C" fn leaksift_mask_stream_free(stream: *mut leaksift_mask_stream) {
    let _ = guard(|| {
        if !stream.is_null() {
            // SAFETY: made by Box::into_raw in leaksift_mask_stream_new.
            drop(unsafe { Box::from_raw(stream) });
        }
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    unsafe extern "C" fn collect(data: *const u8, len: usize, userdata: *mut c_void) -> bool {
        // SAFETY: test callback, userdata is a Vec<u8>.
        let out = unsafe { &mut *userdata.cast::<Vec<u8>>() };
        out.extend_from_slice(unsafe { std::slice::from_raw_parts(data, len) });
        true
    }

    fn masked_by_stream(scanner: *const leaksift_scanner, input: &[u8], chunk: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut stream = std::ptr::null_mut();
        unsafe {
            assert_eq!(leaksift_mask_stream_new(scanner, &mut stream), LEAKSIFT_OK);
            for piece in input.chunks(chunk) {
                let ud = (&mut out as *mut Vec<u8>).cast();
                let status = leaksift_mask_stream_push(
                    stream,
                    piece.as_ptr(),
                    piece.len(),
                    Some(collect),
                    ud,
                );
                assert_eq!(status, LEAKSIFT_OK);
            }
            let ud = (&mut out as *mut Vec<u8>).cast();
            assert_eq!(
                leaksift_mask_stream_finish(stream, Some(collect), ud),
                LEAKSIFT_OK
            );
            leaksift_mask_stream_free(stream);
        }
        out
    }

    #[test]
    fn mask_stream_equals_one_shot_mask_for_any_chunking() {
        let mut scanner = std::ptr::null_mut();
        unsafe {
            assert_eq!(
                leaksift_scanner_new(std::ptr::null(), &mut scanner),
                LEAKSIFT_OK
            )
        };
        let record =
            b"card 4111 1111 1111 1111 cvv: 123; %B4111111111111111^DOE/J^2712101000000?;\n\
                       ;5555555555554444=27121010000000000? cvc 4526 4181 5908 3012 5 x ";
        let mut input = Vec::new();
        for i in 0..300 {
            input.extend_from_slice(&record[..(i * 7) % record.len()]);
            input.extend_from_slice(record);
        }
        let mut expected = vec![0; input.len()];
        let mut n = 0;
        unsafe {
            let status = leaksift_mask(
                scanner,
                input.as_ptr(),
                input.len(),
                expected.as_mut_ptr(),
                expected.len(),
                &mut n,
            );
            assert_eq!(status, LEAKSIFT_OK);
        }
        assert_ne!(expected, input);
        for chunk in [1, 7, 64, 1000, 70_000, input.len()] {
            assert_eq!(
                masked_by_stream(scanner, &input, chunk),
                expected,
                "chunk {chunk}"
            );
        }
        unsafe { leaksift_scanner_free(scanner) };
    }

    #[test]
    fn every_core_kind_has_a_code_and_a_name() {
        for kind in Kind::ALL {
            let code = kind_code(kind);
            assert_ne!(code, leaksift_kind::LEAKSIFT_KIND_UNKNOWN, "{kind}");
            assert_eq!(kind_from_code(code as u32), Some(kind));
            let name = unsafe { CStr::from_ptr(leaksift_kind_name(code as u32)) };
            assert_eq!(name.to_str().unwrap(), kind.as_str());
        }
    }

    #[test]
    fn subkind_names_match_the_core() {
        for s in Subkind::ALL.into_iter().skip(1) {
            let code = subkind_code(s);
            assert_ne!(code, leaksift_subkind::LEAKSIFT_SUBKIND_NONE, "{s}");
            let name = unsafe { CStr::from_ptr(leaksift_subkind_name(code as u32)) };
            assert_eq!(name.to_str().unwrap(), s.as_str());
        }
    }

    #[test]
    fn every_core_detector_has_a_bit() {
        let mut seen = 0;
        for detector in Detector::ALL {
            let bit = 1u32 << detector as u32;
            let opts = leaksift_options {
                detectors: bit,
                min_confidence: 50,
                context_window: 32,
                environment: LEAKSIFT_ENVIRONMENT_NONE,
                watermark_key: std::ptr::null(),
                watermark_key_len: 0,
            };
            let config = config_of(&opts).expect("a known bit");
            assert_eq!(
                config,
                Config::new().detectors(DetectorSet::EMPTY.with(detector))
            );
            seen |= bit;
        }
        assert_eq!(seen, LEAKSIFT_DETECTOR_ALL);
    }

    #[test]
    fn environment_and_watermark_key_options() {
        let mut opts = std::mem::MaybeUninit::<leaksift_options>::uninit();
        assert_eq!(
            unsafe { leaksift_options_init(opts.as_mut_ptr()) },
            LEAKSIFT_OK
        );
        let mut opts = unsafe { opts.assume_init() };
        assert!(opts.watermark_key.is_null() && opts.environment == LEAKSIFT_ENVIRONMENT_NONE);
        let key = [3u8; 32];
        opts.environment = LEAKSIFT_ENVIRONMENT_PRODUCTION;
        opts.watermark_key = key.as_ptr();
        opts.watermark_key_len = key.len();
        let expected = Config::new()
            .environment(Environment::Production)
            .watermark_key(&Key::from_bytes(&key).unwrap());
        assert_eq!(config_of(&opts).unwrap(), expected);
        let mut scanner = std::ptr::null_mut();
        assert_eq!(
            unsafe { leaksift_scanner_new(&opts, &mut scanner) },
            LEAKSIFT_OK
        );
        let input = b"{\"card\":\"4242424242424242\"}";
        let mut kinds = Vec::new();
        unsafe extern "C" fn collect(f: *const leaksift_finding, data: *mut c_void) -> bool {
            let kinds = unsafe { &mut *data.cast::<Vec<leaksift_kind>>() };
            kinds.push(unsafe { (*f).kind });
            true
        }
        let status = unsafe {
            leaksift_scan(
                scanner,
                input.as_ptr(),
                input.len(),
                Some(collect),
                (&mut kinds as *mut Vec<leaksift_kind>).cast(),
            )
        };
        assert_eq!(status, LEAKSIFT_OK);
        assert_eq!(
            kinds,
            [
                leaksift_kind::LEAKSIFT_KIND_PAN,
                leaksift_kind::LEAKSIFT_KIND_SYNTHETIC_LEAK
            ]
        );
        unsafe { leaksift_scanner_free(scanner) };
        opts.watermark_key_len = 20;
        assert_eq!(config_of(&opts).unwrap_err(), LEAKSIFT_INVALID_KEY);
        opts.watermark_key = std::ptr::null();
        opts.environment = 9;
        assert_eq!(config_of(&opts).unwrap_err(), LEAKSIFT_INVALID_ARGUMENT);
    }
}

#[cfg(test)]
mod packaging {
    #[test]
    fn pkg_config_and_version_agree_with_the_crate() {
        let pc = include_str!("../leaksift.pc");
        let version = format!("Version: {}\n", env!("CARGO_PKG_VERSION"));
        assert!(pc.contains(&version), "leaksift.pc must say {version}");
        let c_version = unsafe { std::ffi::CStr::from_ptr(super::leaksift_version()) };
        assert_eq!(c_version.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    }
}

#[cfg(test)]
mod no_allocation {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    use super::*;

    /// Counts this thread's allocations (tests run on several threads).
    struct Counting;

    thread_local! {
        static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    }

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
            // SAFETY: forwarded.
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: forwarded.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[global_allocator]
    static GLOBAL: Counting = Counting;

    fn allocations() -> usize {
        ALLOCATIONS.with(Cell::get)
    }

    unsafe extern "C" fn count(_: *const leaksift_finding, userdata: *mut c_void) -> bool {
        // SAFETY: userdata is a usize in the test.
        unsafe { *userdata.cast::<usize>() += 1 };
        true
    }

    #[test]
    fn scan_and_mask_calls_do_not_allocate() {
        let mut scanner = std::ptr::null_mut();
        unsafe {
            assert_eq!(
                leaksift_scanner_new(std::ptr::null(), &mut scanner),
                LEAKSIFT_OK
            )
        };
        let input = b"card 4111 1111 1111 1111 cvv: 123 ;5555555555554444=2712101? ".repeat(2000);
        let mut out = vec![0u8; input.len()];
        let mut found = 0usize;
        let mut out_len = 0;
        let before = allocations();
        unsafe {
            let status = leaksift_scan(
                scanner,
                input.as_ptr(),
                input.len(),
                Some(count),
                (&mut found as *mut usize).cast(),
            );
            assert_eq!(status, LEAKSIFT_OK);
            let status = leaksift_mask(
                scanner,
                input.as_ptr(),
                input.len(),
                out.as_mut_ptr(),
                out.len(),
                &mut out_len,
            );
            assert_eq!(status, LEAKSIFT_OK);
            let status = leaksift_mask_in_place(scanner, out.as_mut_ptr(), out.len());
            assert_eq!(status, LEAKSIFT_OK);
        }
        assert_eq!(allocations(), before, "a scan or mask call allocated");
        assert!(found >= 4000);
        unsafe { leaksift_scanner_free(scanner) };
    }

    #[test]
    fn a_panic_becomes_a_status() {
        let status = guard(|| panic!("boom"));
        assert_eq!(status, LEAKSIFT_PANIC);
        let mut buf = [0 as c_char; 64];
        let n = unsafe { leaksift_last_error_message(buf.as_mut_ptr(), buf.len()) };
        assert!(n > 0);
    }
}
