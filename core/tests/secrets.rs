//! Credential detectors through the public API: config snippets in the
//! languages integrations are written in, false-positive bait, documented
//! example values, and property tests against independent oracles (a
//! bitwise CRC-32 and a division-based base62 for GitHub's token checksum, a
//! hand-written base64url encoder for JWTs).
//!
//! Token-shaped literals are assembled at run time so that this file does
//! not trip push-protection scanners.

use std::sync::OnceLock;

use leaksift::{Finding, Kind, Provenance, Scanner, Subkind, SyntheticReason};
use proptest::prelude::*;

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(Scanner::default)
}

fn secrets(text: &str) -> Vec<Finding> {
    scanner()
        .scan_to_vec(text.as_bytes())
        .into_iter()
        .filter(|f| f.kind == Kind::Secret)
        .collect()
}

fn found(text: &str) -> Vec<(Subkind, &str)> {
    secrets(text)
        .iter()
        .map(|f| (f.subkind, &text[f.span()]))
        .collect()
}

// ----- Independent oracles -----

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), bit by bit.
fn crc32_oracle(data: &[u8]) -> u32 {
    let mut crc = u32::MAX;
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

/// `n` in base62 (digits, then A–Z, then a–z), left-padded to six places.
fn base62_oracle(mut n: u32) -> String {
    let alphabet: Vec<char> = ('0'..='9').chain('A'..='Z').chain('a'..='z').collect();
    let mut out = Vec::new();
    while n > 0 {
        out.push(alphabet[(n % 62) as usize]);
        n /= 62;
    }
    while out.len() < 6 {
        out.push('0');
    }
    out.iter().rev().collect()
}

fn github_token(prefix: &str, body: &str) -> String {
    format!(
        "{prefix}{body}{}",
        base62_oracle(crc32_oracle(body.as_bytes()))
    )
}

fn base64url_oracle(data: &[u8]) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bits: Vec<u8> = data
        .iter()
        .flat_map(|b| (0..8).rev().map(move |i| b >> i & 1))
        .collect();
    bits.chunks(6)
        .map(|c| {
            let v = c.iter().fold(0usize, |v, &b| v << 1 | usize::from(b)) << (6 - c.len());
            alphabet[v] as char
        })
        .collect()
}

fn jwt(header: &str, payload: &str, signature: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        base64url_oracle(header.as_bytes()),
        base64url_oracle(payload.as_bytes()),
        base64url_oracle(signature)
    )
}

const RSA_BODY: &str = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\nLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo\n";

// ----- Snippets -----

#[test]
fn python_settings_module() {
    let aws_id = ["AKIA", "Y34FZKBOKMUTVV7A"].concat();
    let aws_secret = ["h8Qv2LmZ0pXr7TnB4kYc", "9WsE3dJf6GaU1oRi5Hxq"].concat();
    let stripe = ["sk_", "live_", "51H2kQmZ2xLp8Rv3NcT6wYh1JdS5gUeAb"].concat();
    let settings = format!(
        "import os\n\nAWS_ACCESS_KEY_ID = \"{aws_id}\"\nAWS_SECRET_ACCESS_KEY = \"{aws_secret}\"\nSTRIPE_API_KEY = '{stripe}'\nDATABASE_URL = \"postgres://crm:Xk29dkLq0Pz@db.acme.io:5432/crm\"\nDEBUG_TOKEN = os.environ.get(\"DEBUG_TOKEN\")\nSECRET_KEY = \"q8Z2mV9xL4nB7cK1pR6sT3wY\"\n"
    );
    assert_eq!(
        found(&settings),
        [
            (Subkind::AwsAccessKeyId, aws_id.as_str()),
            (Subkind::AwsSecretAccessKey, aws_secret.as_str()),
            (Subkind::StripeSecretKey, stripe.as_str()),
            (Subkind::UrlPassword, "Xk29dkLq0Pz"),
            (Subkind::Generic, "q8Z2mV9xL4nB7cK1pR6sT3wY"),
        ]
    );
}

#[test]
fn client_side_javascript() {
    let google = ["AIza", "SyB3kQmZ2xLp8Rv3N-cT6wYh1JdS5g_Ue0a"].concat();
    let token = github_token("ghp_", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkq");
    let js = format!(
        "const config = {{\n  mapsKey: \"{google}\",\n  apiKey: process.env.API_KEY,\n  headers: {{ Authorization: `token {token}` }},\n  sessionId: \"123e4567-e89b-12d3-a456-426614174000\",\n}};\n"
    );
    assert_eq!(
        found(&js),
        [
            (Subkind::GoogleApiKey, google.as_str()),
            (Subkind::GithubToken, token.as_str())
        ]
    );
}

#[test]
fn apex_class() {
    let session = [
        "00DE0X0A0M0PeLE!",
        "AR8AQJXg5oj8jXSgxJfA0lBog.39AsX.LVpxezPwuX5VAIrrbbHMuol7GQxnMeYMN7cj8EoE0fAAOjGNKQ6ENMd3u6NCgC1A_zz",
    ]
    .concat();
    let apex = format!(
        "public class CrmSync {{\n    private static final String CONSUMER_SECRET = '8273645091827364509';\n    private static final String clientSecret = 'Xk29dkLq0PzM3nVb8rT1';\n    public void call() {{\n        req.setHeader('Authorization', 'Bearer {session}');\n    }}\n}}\n"
    );
    assert_eq!(
        found(&apex),
        [
            (Subkind::SalesforceConsumerSecret, "8273645091827364509"),
            (Subkind::Generic, "Xk29dkLq0PzM3nVb8rT1"),
            (Subkind::SalesforceSession, session.as_str()),
        ]
    );
}

#[test]
fn json_payload_and_log_line() {
    let hook = [
        "https://hooks.slack.com/services/",
        "T024BE7LD/B08J5SH7Y4A/",
        "x3Yq9ZkL2mNp8RtV5wBc4DfG",
    ]
    .concat();
    let bot = ["xox", "b-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"].concat();
    let id_token = jwt(
        r#"{"alg":"RS256","kid":"k1"}"#,
        r#"{"sub":"0035e00000Xk2Lm"}"#,
        b"signature bytes here",
    );
    let json = format!(
        r#"{{"integration":"slack","webhook_url":"{hook}","bot_token":"{bot}","oauth":{{"id_token":"{id_token}","token_type":"Bearer"}}}}"#
    );
    assert_eq!(
        found(&json),
        [
            (Subkind::SlackWebhook, hook.as_str()),
            (Subkind::SlackToken, bot.as_str()),
            (Subkind::Jwt, id_token.as_str()),
        ]
    );
    let log = format!("2026-11-23T21:40:33Z DEBUG POST /v1/charges auth=\"Bearer {id_token}\" status=200 dur=15ms");
    assert_eq!(found(&log), [(Subkind::Jwt, id_token.as_str())]);
}

#[test]
fn env_and_yaml_files() {
    let hook = ["whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"].concat();
    let env = format!(
        "# Stripe\nSTRIPE_WEBHOOK_SECRET={hook}\nDB_PASSWORD=Tr0ub4dor&3\nDB_USER=crm\nPORT=8080\n"
    );
    assert_eq!(
        found(&env),
        [
            (Subkind::StripeWebhookSecret, hook.as_str()),
            (Subkind::Generic, "Tr0ub4dor&3"),
        ]
    );
    let pem = format!("-----BEGIN EC PRIVATE KEY-----\n{RSA_BODY}-----END EC PRIVATE KEY-----");
    let yaml = format!(
        "salesforce:\n  username: integration@acme.io\n  password: ${{SF_PASSWORD}}\n  private_key: |\n{}\n",
        pem.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
    );
    let found = found(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Subkind::PrivateKey);
    assert!(
        found[0].1.starts_with("-----BEGIN EC PRIVATE KEY-----")
            && found[0].1.ends_with("-----END EC PRIVATE KEY-----")
    );
}

#[test]
fn glued_assignments_report_only_the_value_that_ends() {
    // `KEY=VALUEKEY=VALUE` with no separator: a value read up to the next
    // `=` would swallow the next key, so which pairs are found would depend
    // on where the scan began. Only a value that ends (at a separator or
    // the end of the input) is reported; base64 padding still ends one.
    let value = "PD95bWwgd7RG8lIiwia8n4WcY3bJ1dS5eA4zwTph";
    let glued = format!("GH_CWP_TOKEN={value}").repeat(3);
    assert_eq!(found(&glued), [(Subkind::Generic, value)]);
    let spaced = format!("GH_CWP_TOKEN={value} ").repeat(3);
    assert_eq!(found(&spaced).len(), 3);
    let padded = format!("api_key={value}== next");
    assert_eq!(found(&padded), [(Subkind::Generic, &padded[8..50])]);
    // The same with blanks around the operator, or a colon: a value that
    // ends where the next key's operator is holds that key.
    let spaced_operator = format!("GH_CWP_TOKEN = {value}").repeat(3);
    assert_eq!(found(&spaced_operator), [(Subkind::Generic, value)]);
    let escaped_quote = format!("token\\\" = {value}").repeat(3);
    assert_eq!(found(&escaped_quote), [(Subkind::Generic, value)]);
    let colon = format!("token: {value}token: ").repeat(3) + value;
    assert_eq!(found(&colon), [(Subkind::Generic, value)]);
    // A quoted value closed by the quote of the next key (`"b": …`).
    let json_key = format!("\"client_secret\":\"{value}</client_secret\":\"").repeat(3);
    assert_eq!(found(&json_key), []);
}

#[test]
fn keys_inside_a_value_that_is_not_reported_are_keys() {
    // The quote after `note =` closes the value of `secret` (a sentence,
    // not reported): the password inside it is read as a key of its own.
    // Hiding it would make a key depend on quotes opened far before it.
    let text = r#"secret = "see below password: Tr0ub4dor&3xyz, note = "x""#;
    assert_eq!(found(text), [(Subkind::Generic, "Tr0ub4dor&3xyz")]);
}

#[test]
fn documented_examples_are_test_values_not_misses() {
    let examples = [
        ("AKIAIOSFODNN7EXAMPLE", Subkind::AwsAccessKeyId),
        (
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            Subkind::AwsSecretAccessKey,
        ),
    ];
    let text = format!(
        "[default]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
        examples[0].0, examples[1].0
    );
    let findings = secrets(&text);
    assert_eq!(findings.len(), 2);
    for (f, (value, subkind)) in findings.iter().zip(examples) {
        assert_eq!((&text[f.span()], f.subkind), (value, subkind));
        assert_eq!(
            f.provenance,
            Provenance::Synthetic(SyntheticReason::TestValue)
        );
    }
    let test_key = ["sk_", "test_", "4eC39HqLyjWDarjtT1zdp7dc"].concat();
    let f = secrets(&format!("Stripe.api_key = \"{test_key}\""));
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].provenance,
        Provenance::Synthetic(SyntheticReason::TestValue)
    );
}

#[test]
fn bait_is_not_a_secret() {
    for text in [
        r#"{"session_id": "123e4567-e89b-12d3-a456-426614174000", "token": "123e4567-e89b-12d3-a456-426614174000"}"#,
        "commit_token: 3f786850e387550fdab836ed7e6dc881de23001b",
        r#"{"api_key": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="}"#,
        "api_key = \"YOUR_API_KEY_HERE\"",
        "password: <password>",
        "secret: \"changeme\"",
        "token: ${{ secrets.GITHUB_TOKEN }}",
        "const key = config.apiKey;",
        "ts=1763900000123 token_ttl=3600 password_min_length=12",
        r#"{"public_key": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEaB3kQmZ2xLp8Rv3N"}"#,
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        "see https://docs.acme.io/auth#tokens for details",
        "the secret to good service is listening",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn masks_keep_only_the_provider_prefix() {
    let stripe = ["sk_", "live_", "4eC39HqLyjWDarjtT1zdp7dc"].concat();
    let text = format!("key={stripe} url=postgres://u:Xk29dkLq0Pz@db.acme.io/x");
    let masked: Vec<String> = secrets(&text)
        .iter()
        .map(|f| f.masked(text.as_bytes()).to_string())
        .collect();
    assert_eq!(
        masked,
        [format!("sk_live_{}", "*".repeat(24)), "*".repeat(11)]
    );
    for f in secrets(&text) {
        assert!(!format!("{f:?}").contains("4eC39"), "Debug shows no value");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn github_tokens_with_a_valid_checksum_are_found_and_single_changes_are_not(
        body in "[0-9A-Za-z]{30}",
        prefix in proptest::sample::select(vec!["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]),
        place in proptest::sample::select(vec![
            ("export GH_TOKEN=", "\n"),
            ("const token = \"", "\";"),
            ("git clone https://x-access-token:", "@github.com/acme/crm.git"),
            ("{\"github\": {\"pat\": \"", "\"}}"),
        ]),
        at in 4usize..40,
        replacement in "[0-9A-Za-z]",
    ) {
        let token = github_token(prefix, &body);
        let text = format!("{}{token}{}", place.0, place.1);
        let start = place.0.len();
        let found = secrets(&text);
        prop_assert_eq!(found.len(), 1, "{} {:?}", text, found);
        prop_assert_eq!((found[0].subkind, found[0].span()), (Subkind::GithubToken, start..start + 40));

        // CRC-32 catches every single-byte change of the body, and a
        // changed checksum character no longer matches it.
        let mut changed = token.clone().into_bytes();
        let replacement = replacement.as_bytes()[0];
        prop_assume!(changed[at] != replacement);
        changed[at] = replacement;
        let text = format!("{}{}{}", place.0, String::from_utf8(changed).unwrap(), place.1);
        let after = secrets(&text);
        prop_assert!(after.iter().all(|f| f.subkind != Subkind::GithubToken), "{}", text);
        // In a URL's user info it is still a password; elsewhere a broken
        // token is not reported as a generic secret either.
        let in_url = place.0.ends_with("x-access-token:");
        prop_assert!(after.iter().all(|f| f.start != start || (in_url && f.subkind == Subkind::UrlPassword)), "{}", text);
    }

    #[test]
    fn jwts_need_a_header_with_alg(
        alg in proptest::sample::select(vec!["HS256", "RS256", "ES384", "PS512", "EdDSA"]),
        kid in "[a-z0-9]{1,12}",
        sub in "[0-9A-Za-z]{1,24}",
        signature in proptest::collection::vec(any::<u8>(), 16..80),
        with_alg in any::<bool>(),
    ) {
        let header = if with_alg {
            format!(r#"{{"alg":"{alg}","typ":"JWT","kid":"{kid}"}}"#)
        } else {
            format!(r#"{{"typ":"JWT","kid":"{kid}"}}"#)
        };
        let token = jwt(&header, &format!(r#"{{"sub":"{sub}"}}"#), &signature);
        let text = format!("Authorization: Bearer {token}\r\n");
        let found = secrets(&text);
        if with_alg {
            prop_assert_eq!(found.len(), 1);
            prop_assert_eq!((found[0].subkind, &text[found[0].span()]), (Subkind::Jwt, token.as_str()));
        } else {
            prop_assert!(found.is_empty(), "{:?}", found);
        }
    }

    #[test]
    fn random_keys_after_key_names_are_generic_secrets(
        value in "[0-9A-Za-z]{24,48}",
        key in proptest::sample::select(vec!["api_key", "client_secret", "accessToken", "X-Api-Key", "auth_token", "SIGNING_KEY"]),
        style in 0usize..4,
    ) {
        // Random 24+ character base62 strings pass the entropy test except
        // in rare degenerate draws, which the library rejects on purpose.
        let text = match style {
            0 => format!("{key} = \"{value}\""),
            1 => format!(r#"{{"{key}": "{value}"}}"#),
            2 => format!("{key}: {value}\n"),
            _ => format!("<{key}>{value}</{key}>"),
        };
        let found = secrets(&text);
        prop_assert!(found.len() <= 1);
        if let Some(f) = found.first() {
            prop_assert_eq!((f.subkind, &text[f.span()]), (Subkind::Generic, value.as_str()));
        }
    }
}

#[test]
fn random_keys_are_nearly_always_found() {
    // The property above allows rare misses; across many values the rate of
    // misses must stay tiny, or the entropy threshold is wrong.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut missed = 0;
    for _ in 0..2000 {
        let value: String = (0..32)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                alphabet[(state % 62) as usize] as char
            })
            .collect();
        if found(&format!("api_key = \"{value}\"")).is_empty() {
            missed += 1;
        }
    }
    assert!(missed <= 10, "{missed} of 2000 random keys missed");
}
