//! Recognises values that only look like secrets: placeholders, references to where the real
//! secret lives, and values too regular to be random.
//!
//! Every rule's candidate passes through [`is_placeholder`] unless the rule sets
//! `allow_placeholders`. The aim is to stay quiet on documentation and templates without
//! dropping real keys, so each test here is narrow: a word that a random token would almost
//! never contain, or a shape (`${...}`, `<...>`) that is syntax, not data.

/// Substrings (lower-case) that mark a value as a placeholder or documentation.
const MARKERS: &[&str] = &[
    "example",
    "sample",
    "dummy",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "replace_me",
    "replace-me",
    "replaceme",
    "your_",
    "your-",
    "yourkey",
    "yourtoken",
    "yoursecret",
    "yourpassword",
    "xxxx",
    "****",
    // An ellipsis inside a value elides it (`AbCdE12345...long.string...54321`).
    "...",
    "${",
    "{{",
    "}}",
    "$(",
    "%(",
    "redacted",
    "insert_",
    "insert-",
    "notreal",
    "not_real",
    "not-a-real",
    "fakekey",
    "fake_",
    "fake-",
    // The body of AWS's documentation access key id, also when a test edits its last letters
    // (`AKIAIOSFODNN7EXAMPLF`).
    "iosfodnn7",
    "secret_here",
    "key_here",
    "token_here",
    "-here",
    "_here",
    // Sample values that say whose they are (`rest-of-my-password`, `my_secret_token`).
    "my-password",
    "my_password",
    "my-secret",
    "my_secret",
    "mysecret",
    "my-token",
    "my_token",
    "my-api-key",
    "my_api_key",
];

/// Ascending runs that appear in hand-typed placeholders.
const RUNS: &[&str] = &[
    "0123456789",
    "123456789",
    "abcdefghij",
    "abcdefghijklmnop",
    "qwertyuiop",
    "asdfghjkl",
];

/// Whole values that are default or documentation credentials, not secrets worth reporting.
const DEFAULT_VALUES: &[&str] = &[
    "creds",
    "opensesame",
    "foo",
    "bar",
    "baz",
    "foobar",
    "secret1",
    "secret123",
    "password1",
    "password123",
    "pass123",
    "hunter2",
    "s3cr3t",
    "mypassword",
    "yourpassword",
    "changeit",
    "password",
    "passwd",
    "pass",
    "pwd",
    "secret",
    "admin",
    "root",
    "toor",
    "test",
    "guest",
    "user",
    "username",
    "postgres",
    "mysql",
    "redis",
    "rabbitmq",
    "sa",
    "letmein",
    "qwerty",
    // The weak passwords of tutorials, docker-compose samples and test fixtures.
    "p@ssw0rd",
    "passw0rd",
    "p@ssword",
    "p@$$w0rd",
    "password1!",
    "password!",
    "admin123",
    "admin1234",
    "administrator",
    "welcome1",
    "welcome123",
    "qwerty123",
    "abc123",
    "abc12345",
    "test123",
    "test1234",
    "testpassword",
    "root123",
    "iloveyou",
    "123456789",
    "1234567890",
    "default",
    "demo",
    "123456",
    "12345678",
    "token",
    "apikey",
    "api_key",
    "null",
    "none",
    "undefined",
];

/// Credentials published in providers' documentation and emulators: well known, never live.
const DOCUMENTED_KEYS: &[&str] = &[
    // Azurite / Azure Storage Emulator account key.
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    // Stripe's documentation test keys.
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
    "pk_test_TYooMQauvdEDq54NiTphI7jx",
    // Cloudflare's documentation API token.
    "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY",
    // Heroku's documentation API key.
    "cf0e05d9-4eca-4948-a012-b91fe9704bab",
    // Azure Cosmos DB emulator key.
    "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
    // Supabase CLI local development secret key.
    "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz",
    // SendGrid's documentation API key.
    "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",
    // Slack's documentation webhook.
    "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
    // Slack's documentation bot token.
    "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
];

/// Hosts reserved for documentation (RFC 2606/6761) and stock example hosts: a credential in a
/// URL pointing at one is an example.
const DOCUMENTATION_HOSTS: &[&str] = &[
    "@example.",
    "@www.example.",
    ".example.com",
    ".example.org",
    ".example.net",
    "@foo.",
    "@foo/",
    "@somehost",
    "@host:",
    "@host/",
    "@hostname",
    "@your-",
    "@yourhost",
    ".test/",
    ".test:",
    ".invalid",
];

/// Whether a regex match (with its context, such as a URL's host) points at a documentation
/// host.
pub fn mentions_documentation_host(whole: &[u8]) -> bool {
    let mut lower = whole.to_ascii_lowercase();
    lower.push(b'/');
    DOCUMENTATION_HOSTS
        .iter()
        .any(|h| memchr::memmem::find(&lower, h.as_bytes()).is_some())
}

/// Whether a value looks machine-generated rather than typed for an example: long, mixing
/// character classes (lower, upper, digits, symbols), and varied. A documentation host (`db.example.com`) marks
/// `user:secret@db.example.com` as an example, but a generated password next to it is most
/// often a real one whose host was scrubbed before publishing, so it is still reported.
pub fn looks_generated(secret: &[u8]) -> bool {
    let classes = [
        secret.iter().any(u8::is_ascii_lowercase),
        secret.iter().any(u8::is_ascii_uppercase),
        secret.iter().any(u8::is_ascii_digit),
        secret.iter().any(|b| b.is_ascii_punctuation()),
    ];
    secret.len() >= 10
        && classes.iter().filter(|&&c| c).count() >= 2
        && super::entropy::shannon(secret) >= 3.0
        && !is_placeholder(secret)
}

/// `<YOUR_TOKEN>`, `<api key>`, `prefix-<id>`: a name in angle brackets marks a slot to fill.
/// A lone `<` or `>` does not: generated passwords and Oracle auth tokens use them.
fn angle_slot(v: &[u8]) -> bool {
    v.iter().enumerate().any(|(i, &b)| {
        b == b'<'
            && v[i + 1..]
                .iter()
                .position(|&c| c == b'>')
                .is_some_and(|len| {
                    len > 0
                        && v[i + 1..i + 1 + len].iter().all(|c| {
                            c.is_ascii_alphanumeric()
                                || matches!(c, b' ' | b'_' | b'-' | b'.' | b'/')
                        })
                })
    })
}

/// Values written as a template slot: `{password}`, `[password]`, `(password)`, `%PASSWORD%`.
fn template_slot(v: &[u8]) -> bool {
    v.len() > 2
        && matches!(
            (v.first(), v.last()),
            (Some(b'{'), Some(b'}'))
                | (Some(b'['), Some(b']'))
                | (Some(b'('), Some(b')'))
                | (Some(b'%'), Some(b'%'))
        )
}

/// True if `secret` is a placeholder, a reference, or too regular to be a credential.
pub fn is_placeholder(secret: &[u8]) -> bool {
    if secret.is_empty() {
        return true;
    }
    if template_slot(secret) || secret.starts_with(b"[") {
        return true;
    }
    // Punctuation alone (`...`, `***`, `--`) is elided text, not a value.
    if !secret.iter().any(u8::is_ascii_alphanumeric) {
        return true;
    }
    let lower = secret.to_ascii_lowercase();
    // Prose and help text end a word with punctuation (`-pSECRET,`, `password=secret.`).
    let word = trim_prose_punctuation(&lower);
    if DOCUMENTED_KEYS.iter().any(|k| secret == k.as_bytes())
        || DEFAULT_VALUES
            .iter()
            .any(|d| lower == d.as_bytes() || word == d.as_bytes())
    {
        return true;
    }
    let contains = |needle: &str| memchr::memmem::find(&lower, needle.as_bytes()).is_some();
    if MARKERS.iter().any(|m| contains(m)) || RUNS.iter().any(|r| contains(r)) || angle_slot(secret)
    {
        return true;
    }
    low_diversity(&lower)
}

/// `value` without the sentence punctuation that follows a word in prose (`secret,` `secret).`).
fn trim_prose_punctuation(value: &[u8]) -> &[u8] {
    let end = value
        .iter()
        .rposition(|b| !matches!(b, b',' | b';' | b'.' | b')' | b':'))
        .map_or(0, |i| i + 1);
    &value[..end]
}

/// A token-shaped name made of lower-case words (`glpat-token-rotation-policy`,
/// `sk_live_mode_enabled`): at least three words and no digit. A provider's random token
/// never consists of lower-case letters alone; only generic rules, where such a value may be
/// a passphrase, skip this test.
pub fn slug(secret: &[u8]) -> bool {
    let separators = secret
        .iter()
        .filter(|b| matches!(b, b'_' | b'-' | b'.'))
        .count();
    separators >= 2
        && secret
            .iter()
            .all(|b| b.is_ascii_lowercase() || matches!(b, b'_' | b'-' | b'.'))
}

/// Values of 8+ bytes made of at most 3 distinct bytes (`aaaaaaaa`, `0000-0000`), or one byte
/// repeated over half the value, are never random credentials.
fn low_diversity(bytes: &[u8]) -> bool {
    if bytes.len() < 8 {
        return false;
    }
    let mut counts = [0u16; 256];
    for &b in bytes {
        counts[b as usize] = counts[b as usize].saturating_add(1);
    }
    let distinct = counts.iter().filter(|&&c| c > 0).count();
    let max = counts.iter().copied().max().unwrap_or(0) as usize;
    distinct <= 3 || (bytes.len() >= 12 && max * 2 > bytes.len())
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

    #[test]
    fn slugs_are_words_not_tokens() {
        for (v, want) in [
            ("glpat-token-rotation-policy", true),
            ("sk_live_mode_enabled", true),
            ("xoxb-scopes-chat-write", true),
            ("glpat-uhSPmZT771FpQm7Rk2Vd", false), // vigil:allow: fake for the test
            ("sk_live_only", true),
            ("sk_live_4only", false),
        ] {
            assert_eq!(super::slug(v.as_bytes()), want, "{v}");
        }
    }

    #[test]
    fn placeholders_and_real_values() {
        let placeholders = [
            "AKIAIOSFODNN7EXAMPLE",
            "your-api-key-here",
            "<TOKEN>",
            "xxxxxxxxxxxxxxxx",
            "${GITHUB_TOKEN}",
            "{{ .Values.token }}",
            "changeme",
            "REPLACE_ME",
            "sk_live_000000000000000000000000",
            "ghp_123456789012345678901234567890123456",
            "********",
            "<api key>",
            "Bearer-<id>",
            "...)",
            "SECRET,",
            "password).",
            "yh^%#rest-of-my-password",
            "AbCdE12345...long.string...54321EdCbA",
        ];
        for p in placeholders {
            assert!(is_placeholder(p.as_bytes()), "{p}");
        }
        let real = [
            "ghp_Qm7Rk2Vd9XwLp4Tz8Hn3Bc6Yf1Js5G0a1b2c",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8kLmNpQr",
            "correct-horse-battery-staple",
            "<T<ZFOgk(r7mx))ROkuA",
            "Zk3>pQ9v<R2wT5",
            "s3cr3tP@ssw0rd!",
        ];
        for r in real {
            assert!(!is_placeholder(r.as_bytes()), "{r}");
        }
    }
}
