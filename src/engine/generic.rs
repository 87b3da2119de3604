//! Heuristics for generic assignments (`password = "..."`, `API_TOKEN: ...`), where the value
//! has no format of its own and the regex alone would report every variable and label.
//!
//! A rule with `generic = true` passes its whole match (name, operator, value) and the value
//! here. The value must look like data someone typed or generated, not code or a reference:
//! no identifiers, paths, URLs, references (`$VAR`, `os.environ[...]`, `secrets.X`), hashes,
//! UUIDs, integrity strings, encrypted blobs, or single dictionary-like words.

/// Name suffixes that mark a setting *about* a secret, not the secret itself.
const META_SUFFIXES: &[&str] = &[
    "label",
    "hint",
    "field",
    "prompt",
    "placeholder",
    "url",
    "uri",
    "path",
    "file",
    "type",
    "name",
    "length",
    "len",
    "min",
    "max",
    "regex",
    "pattern",
    "policy",
    "header",
    "param",
    "env",
    "var",
    "format",
    "expiry",
    "expires",
    "ttl",
    "endpoint",
    "id",
    "count",
    "enabled",
];

/// Value prefixes that mark a reference to where a secret lives, or an encrypted value.
/// (`$`, `%` and `@` are judged by [`sigil_reference`]: they also start random passwords.)
const REFERENCE_PREFIXES: &[&str] = &[
    "#{",
    "env[",
    "env(",
    "env.fetch",
    "!ref",
    "!sub",
    "!getatt",
    "!importvalue",
    "!findinmap",
    "env.",
    "env:",
    "process.env",
    "os.environ",
    "os.getenv",
    "getenv",
    "system.getenv",
    "secrets.",
    "vault:",
    "vault.",
    "arn:",
    "ssm:",
    "sm://",
    "azurekeyvault",
    "keyvault:",
    "projects/",
    "op://",
    "doppler",
    "enc[",
    "enc(",
    "{cipher}",
    "!vault",
    "sha256-",
    "sha384-",
    "sha512-",
    "sha1-",
    "http://",
    "https://",
    "file:",
    "/",
    "./",
    "../",
    "~/",
    "c:\\",
    "self.",
    "this.",
    "config.",
    "settings.",
    "params.",
    "request.",
    "req.",
    "ctx.",
    "args.",
    "options.",
    "opts.",
];

/// Whether `name_and_value` (the whole match) with `value` (the secret) is plausibly a real
/// credential rather than code, documentation or a reference.
pub fn plausible(whole: &[u8], value: &[u8]) -> bool {
    // `${DB_PASSWORD:?required}`, `${TOKEN:-}`: a shell parameter expansion names a variable
    // and says what to do when it is unset; the text after `:?`/`:-`/`:=`/`:+` is no value.
    if whole.first() == Some(&b'{')
        && value
            .first()
            .is_some_and(|b| matches!(b, b'?' | b'-' | b'=' | b'+'))
    {
        return false;
    }
    let name = assignment_name(whole);
    if meta_name(&name)
        || bare_pass_inside_word(&name)
        || transient_token(&name)
        || names_a_hash(&name)
    {
        return false;
    }
    let Ok(v) = std::str::from_utf8(value) else {
        return true;
    };
    let lower = v.to_ascii_lowercase();
    if REFERENCE_PREFIXES.iter().any(|p| lower.starts_with(p))
        || sigil_reference(v)
        || is_uri(&lower)
        || is_password_hash(&lower)
    {
        return false;
    }
    // A word in a language with letters beyond ASCII (`API-Schlüssel`): a translation.
    if !v.is_ascii()
        && v.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '_' | '.' | ' '))
    {
        return false;
    }
    if lower.contains("ansible_vault") || lower.starts_with("enc:") || lower.starts_with("ag-") {
        return false;
    }
    if lower == "true" || lower == "false" || lower == "null" || lower == "none" || lower == "nil" {
        return false;
    }
    if is_uuid(v)
        || (is_git_sha(v) && !names_a_key(&name))
        || is_identifier_like(v)
        || is_number(v)
        || path_of_words(v)
    {
        return false;
    }
    // A JWT that fails the structural check (or is the jwt.io sample) is no credential.
    if v.starts_with("eyJ")
        && v.matches('.').count() == 2
        && !crate::engine::verify::Validator::Jwt.check(value)
    {
        return false;
    }
    let text = percent_decoded(&lower);
    if mostly_markup(&lower)
        || mostly_punctuation(&text)
        || names_itself(&lower)
        || is_prose(&text)
        || echoes_name(&name, &lower)
    {
        return false;
    }
    !encodes_a_phrase(v)
}

/// Whether a decoded value (a Kubernetes Secret's `data` entry) is a plain setting rather than
/// a credential: a word or host name, a number, a URI without credentials, a boolean or an
/// e-mail address. Narrower than [`plausible`]: in a Secret, a hex string or a UUID is far more
/// likely a token than a commit id.
pub fn plain_setting(value: &[u8]) -> bool {
    let Ok(v) = std::str::from_utf8(value) else {
        return false;
    };
    let lower = v.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "null" | "none"
    ) || is_number(v)
        || is_identifier_like(v)
        || is_uri(&lower)
        || is_email(&lower)
}

/// Whether the assignment's name describes a secret instead of holding one (`client-id`,
/// `password_label`, `compass`).
pub fn names_a_setting(whole: &[u8]) -> bool {
    let name = assignment_name(whole);
    meta_name(&name) || bare_pass_inside_word(&name)
}

fn is_email(lower: &str) -> bool {
    let Some((local, domain)) = lower.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-'))
        && domain.contains('.')
        && domain
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-'))
}

/// The value with `%XX` escapes decoded (`secure%20password` is two words), lossily.
fn percent_decoded(lower: &str) -> String {
    if !lower.contains('%') {
        return lower.to_string();
    }
    let b = lower.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| char::from(c).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A value that is mostly punctuation (`!"$%&'()*+,-.:;<=>@[]^_{|}~`, a test of every special
/// character, or a keyboard row of symbols) is test data, not a credential.
fn mostly_punctuation(text: &str) -> bool {
    let alnum = text.chars().filter(char::is_ascii_alphanumeric).count();
    alnum * 3 < text.chars().count()
}

/// Named HTML/XML entities (without `&` and `;`).
const NAMED_ENTITIES: &[&str] = &["quot", "amp", "apos", "lt", "gt", "nbsp"];

/// A value made mostly of complete HTML/XML entities (`&quot;&apos;&amp;`, `&lt;token&gt;`) is
/// markup, not a secret. One entity inside a random value is a password written into XML
/// (`<add key="SmtpPassword" value="…&amp;…"/>`), and `&#` without a complete
/// entity (`Vx7&#8hh`) is just two password characters.
fn mostly_markup(lower: &str) -> bool {
    let (mut entity_bytes, mut rest) = (0, lower);
    while let Some(at) = rest.find('&') {
        let tail = &rest[at + 1..];
        let len = tail.find(';').filter(|&end| {
            let body = &tail[..end];
            NAMED_ENTITIES.contains(&body)
                || body.strip_prefix("#x").is_some_and(|h| {
                    !h.is_empty() && h.len() <= 6 && h.bytes().all(|b| b.is_ascii_hexdigit())
                })
                || body.strip_prefix('#').is_some_and(|d| {
                    !d.is_empty() && d.len() <= 7 && d.bytes().all(|b| b.is_ascii_digit())
                })
        });
        match len {
            Some(end) => {
                entity_bytes += end + 2;
                rest = &tail[end + 1..];
            }
            None => rest = tail,
        }
    }
    entity_bytes > 0 && (lower.len() - entity_bytes) < 2 * entity_bytes
}

/// A value starting with `$`, `%` or `@` that is a reference in some syntax rather than a
/// password that happens to start with a symbol: `${VAR}`, `$(cmd)`, `%(name)s`, `@{var}`,
/// `$VAR`, `%VAR%`, `@Value(...)`, `$config['db']`, `$this->password`, `$env:TOKEN`,
/// `%env(DB_PASSWORD)%`, and modular-crypt hashes (`$2b$12$...`, `$6$salt$...`). A sigil
/// followed by a random-looking run (`$d2hH7kBg8X!`, `@Rc5QAQnjlqWCdSa`) is a password.
fn sigil_reference(v: &str) -> bool {
    let Some(rest) = v.strip_prefix(['$', '%', '@']) else {
        return false;
    };
    if rest.starts_with(['{', '(', '_']) || v.bytes().filter(|&b| b == b'$').count() >= 3 {
        return true;
    }
    let ident_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(rest.len());
    let (ident, tail) = rest.split_at(ident_len);
    if ident.is_empty() {
        return false;
    }
    if !tail.is_empty() {
        return tail.starts_with(['(', '[', ':', '/', '\\', '%']) || tail.starts_with("->");
    }
    let word = ident.trim_end_matches(|c: char| c.is_ascii_digit());
    !word.is_empty()
        && (word
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
            || is_identifier_like(word))
}

/// Names of settings that hold a digest of a secret (Helm's `checksum/secret`,
/// `password_hash`, `cert_fingerprint`, `token_sha256`): the value identifies, it grants nothing.
fn names_a_hash(name: &str) -> bool {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            words.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            words.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        word.push(c.to_ascii_lowercase());
    }
    words.extend((!word.is_empty()).then_some(word));
    const ANYWHERE: &[&str] = &[
        "checksum",
        "checksums",
        "digest",
        "fingerprint",
        "thumbprint",
    ];
    const LAST: &[&str] = &[
        "hash", "hashed", "sha", "sha1", "sha256", "sha512", "md5", "crc",
    ];
    words.iter().any(|w| ANYWHERE.contains(&w.as_str()))
        || words.last().is_some_and(|w| LAST.contains(&w.as_str()))
}

/// Words that, when they make up most of a value, mean the value describes a secret
/// (`refresh-token-value`, `CLIENT_TRAFFIC_SECRET_0`, `sha256_password`) instead of being one.
const SELF_WORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "value",
    "string",
    "credential",
];

/// A constant whose value spells its own name (`X_AWS_EC2_METADATA_TOKEN = "x-aws-ec2-metadata-token"`,
/// `API_KEY_HEADER = "api-key"`): a header or field name, not a secret. Letters and digits are
/// compared, case and separators ignored.
fn echoes_name(name: &str, lower: &str) -> bool {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let (n, v) = (squash(name), squash(lower));
    // With no name before the operator (`key = ...`, where `key` reads as an accessor), the
    // value itself comes back as the name.
    if v.len() < 6 || n.len() < 6 || name.eq_ignore_ascii_case(lower) {
        return false;
    }
    n == v || n.contains(&v) || (v.contains(&n) && v.len() <= n.len() + 4)
}

fn names_itself(lower: &str) -> bool {
    let mut rest = lower.to_string();
    let mut hit = false;
    for w in SELF_WORDS {
        if rest.contains(w) {
            hit = true;
            rest = rest.replace(w, "");
        }
    }
    if !hit {
        return false;
    }
    // What is left once the self-describing words and separators are gone: only more words
    // (and at most a short numeric suffix) means the value is a name, not random data.
    let residue: String = rest
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | '!' | ':' | ' '))
        .collect();
    let residue = residue.trim_end_matches(|c: char| c.is_ascii_digit());
    residue.chars().all(|c| c.is_ascii_alphabetic())
}

/// A base64 value that decodes to a short human phrase (`YSBzZWNyZXQ=` is "a secret") is
/// sample data, not key material.
fn encodes_a_phrase(v: &str) -> bool {
    use base64::Engine as _;
    if v.len() < 8 || v.len() > 128 {
        return false;
    }
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(v) else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return false;
    };
    text.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
        && (text.contains(' ') || crate::engine::placeholder::is_placeholder(text.as_bytes()))
}

/// Segments of the expressions that read an environment variable (`os.environ.get`,
/// `ENV.fetch`, `process.env`, `System.getenv`): in `os.getenv("API_TOKEN", "…")` the name
/// that says what the value is comes after them.
const ENV_ACCESSORS: &[&str] = &[
    "os",
    "environ",
    "get",
    "getenv",
    "env",
    "fetch",
    "process",
    "system",
    "getordefault",
    "environment",
    "getenvironmentvariable",
    // `<add key="SMTP_PASSWORD" value="…"/>`: the name is the key attribute's value; in
    // `- name: DB_PASSWORD` / `value: …` (Kubernetes env lists) it is the `name` field's.
    "key",
    "name",
];

/// The assignment's left-hand side: the first run of name characters in the match, skipping
/// environment accessors so that `ENV['DB_PASSWORD'] ||= '…'` is named `DB_PASSWORD`.
fn assignment_name(whole: &[u8]) -> String {
    // `/` too: Helm's `checksum/secret` is one name.
    let is_name = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/');
    let accessor = |run: &[u8]| {
        run.split(|&b| b == b'.').all(|seg| {
            seg.is_empty()
                || ENV_ACCESSORS
                    .iter()
                    .any(|a| seg.eq_ignore_ascii_case(a.as_bytes()))
        })
    };
    let mut first = None;
    for run in whole.split(|b| !is_name(b)).filter(|r| !r.is_empty()) {
        let run = run.strip_prefix(b"-").unwrap_or(run);
        first.get_or_insert(run);
        if !accessor(run) {
            return String::from_utf8_lossy(run).into_owned();
        }
    }
    String::from_utf8_lossy(first.unwrap_or_default()).into_owned()
}

/// Words of running text: a value holding one of these between spaces is a sentence
/// (`Enter your new password`), not a passphrase of random words.
const PROSE_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "your",
    "you",
    "my",
    "our",
    "is",
    "are",
    "be",
    "was",
    "to",
    "of",
    "in",
    "on",
    "at",
    "for",
    "and",
    "or",
    "not",
    "no",
    "with",
    "must",
    "please",
    "enter",
    "use",
    "this",
    "that",
    "it",
    "will",
    "can",
    "should",
    "least",
    "characters",
    "new",
    "too",
    "invalid",
    "incorrect",
    "wrong",
    "required",
    "confirm",
    "reset",
    "forgot",
    "here",
    "goes",
    "example",
];

/// A value with spaces is a passphrase only when it has at least four words and none of
/// them is a word of running text.
fn is_prose(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.len() > 1 && (words.len() < 4 || words.iter().any(|w| PROSE_WORDS.contains(w)))
}

/// Tokens that protocols hand out and take back within one exchange and that grant nothing on
/// their own: pagination cursors (`next_page_token`, `continuation_token`), sync markers, and
/// anti-forgery tokens echoed in forms (`csrf_token`, `authenticity_token`).
const TRANSIENT_TOKENS: &[&str] = &[
    "pagetoken",
    "nexttoken",
    "paginationtoken",
    "continuationtoken",
    "synctoken",
    "cursortoken",
    "resumetoken",
    "csrftoken",
    "xsrftoken",
    "authenticitytoken",
    "antiforgerytoken",
    "requestverificationtoken",
    "cancellationtoken",
    "startingtoken",
    // Idempotency and change tokens (AWS `--client-token`, `--idempotency-token`,
    // `--change-token`): they make a request unique, they authorise nothing.
    "idempotencytoken",
    "clienttoken",
    "changetoken",
];

fn transient_token(name: &str) -> bool {
    let squashed: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    TRANSIENT_TOKENS.iter().any(|t| squashed.ends_with(t))
}

fn meta_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let last = lower.rsplit(['_', '-', '.', '/']).next().unwrap_or("");
    META_SUFFIXES.contains(&last)
}

/// `compass = ...`, `bypass = ...`: the word ends in `pass` but is not about a password.
fn bare_pass_inside_word(name: &str) -> bool {
    let Some(stem) = name
        .strip_suffix("pass")
        .or_else(|| name.strip_suffix("PASS"))
    else {
        return false;
    };
    let prev = stem.chars().last();
    matches!(prev, Some(c) if c.is_ascii_alphabetic()) && !name.ends_with("Pass")
}

/// `scheme://...` (`aws-sm://prod/api`, `vault://`, `k8s://`): a reference to where the secret
/// lives. URLs that carry credentials are the URL rules' business.
fn is_uri(lower: &str) -> bool {
    lower.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_lowercase())
            && scheme.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '+' | '-' | '.')
            })
    })
}

/// Stored password hashes in the modular formats of Django, passlib and Werkzeug
/// (`pbkdf2_sha256$600000$salt$hash`, `scrypt:32768:8:1$salt$hash`) and LDAP (`{SSHA}...`):
/// the value verifies a password, it is not one. (`$2b$`, `$argon2id$` start with `$` and are
/// dropped as references earlier.)
fn is_password_hash(lower: &str) -> bool {
    const SCHEMES: &[&str] = &[
        "pbkdf2",
        "bcrypt",
        "argon2",
        "scrypt",
        "sha1$",
        "sha256$",
        "sha512$",
        "md5$",
        "crypt$",
        "unsalted_",
    ];
    const LDAP: &[&str] = &["{ssha", "{sha", "{smd5}", "{md5}", "{crypt}", "{pbkdf2"];
    let fields = lower.bytes().filter(|&b| b == b'$' || b == b':').count();
    (SCHEMES.iter().any(|s| lower.starts_with(s)) && fields >= 2)
        || LDAP.iter().any(|s| lower.starts_with(s))
}

fn is_uuid(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Whether the assignment's name says the value is a key or secret (`api_secret`,
/// `client_secret`, `API_KEY`, `app-key`), not merely a token. Forty hex digits under such a
/// name is a credential (GitHub OAuth client secrets, Datadog application keys, many API
/// keys), while under `token` or `build_token` it is as often a build or commit id.
fn names_a_key(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let last = lower
        .rsplit(['_', '-', '.', '/'])
        .next()
        .unwrap_or(lower.as_str());
    matches!(
        last,
        "secret" | "key" | "apikey" | "password" | "passwd" | "pwd"
    ) || lower.ends_with("secret")
        || lower.ends_with("apikey")
        || lower.ends_with("api_key")
}

fn is_git_sha(v: &str) -> bool {
    v.len() == 40
        && v.bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}

fn is_number(v: &str) -> bool {
    v.bytes()
        .all(|c| c.is_ascii_digit() || c == b'.' || c == b'-' || c == b'_')
}

/// A value that reads as code or words rather than a secret: only letters with `_`/`.`
/// separators (an identifier, a dotted key, a translated word), with no digit or symbol.
/// Hyphenated words (`correct-horse-battery-staple`) are passphrases and stay plausible when
/// there are at least three words.
fn is_identifier_like(v: &str) -> bool {
    if !v
        .bytes()
        .all(|c| c.is_ascii_alphabetic() || matches!(c, b'_' | b'.' | b'-'))
    {
        return false;
    }
    let hyphen_words = v.split('-').filter(|w| w.len() >= 3).count();
    if v.contains('-') && !v.contains(['_', '.']) && hyphen_words >= 3 {
        return false;
    }
    // A long mixed-case run of letters can be a random token (`qWeRtZuIoPaSdFgHjK`).
    let upper = v.bytes().filter(u8::is_ascii_uppercase).count();
    let lower = v.bytes().filter(u8::is_ascii_lowercase).count();
    let transitions = v
        .as_bytes()
        .windows(2)
        .filter(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
        .count();
    if v.len() >= 16 && upper >= 3 && lower >= 3 && transitions >= 4 {
        return false;
    }
    !random_letters(v.as_bytes())
}

/// A path or repository reference built from lower-case words (`prod/db/credentials`,
/// `owner256/home#assets/crates-credentials`): it names where a secret is kept. Segments of
/// random base64 mix cases and digits, so they never all read as words.
fn path_of_words(v: &str) -> bool {
    if !v.contains('/') {
        return false;
    }
    let segments: Vec<&str> = v
        .split(['/', '#', ':', '@'])
        .filter(|s| !s.is_empty())
        .collect();
    segments.len() >= 2
        && segments.iter().all(|seg| {
            let word = seg.trim_end_matches(|c: char| c.is_ascii_digit());
            !word.is_empty()
                && word
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || matches!(c, b'_' | b'-' | b'.'))
                && word.bytes().any(|c| b"aeiouy".contains(&c))
        })
}

/// Letters drawn at random rather than words: identifiers are built from pronounceable words
/// (a vowel in every few letters, each capital starting a lower-case word), random letters are
/// not (`MFMjruugDmHuua`, `xKqTzvRbnWp`). Only judged on 10+ letters in both cases.
fn random_letters(v: &[u8]) -> bool {
    let letters = v.iter().filter(|c| c.is_ascii_alphabetic()).count();
    if letters != v.len() || v.len() < 10 {
        return false;
    }
    let has_upper = v.iter().any(u8::is_ascii_uppercase);
    let has_lower = v.iter().any(u8::is_ascii_lowercase);
    if !(has_upper && has_lower) {
        return false;
    }
    let vowel = |c: &u8| b"aeiouAEIOU".contains(c);
    let vowels = v.iter().filter(|c| vowel(c)).count();
    // Acronyms (`HTTPResponse`) are runs of capitals, not random letters.
    let longest_consonants = v
        .split(vowel)
        .filter(|run| run.iter().any(u8::is_ascii_lowercase))
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0);
    let case_changes = v
        .windows(2)
        .filter(|w| w[0].is_ascii_uppercase() != w[1].is_ascii_uppercase())
        .count();
    let capitals_in_a_row = v.windows(3).any(|w| {
        w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase() && w[2].is_ascii_lowercase()
    });
    vowels * 4 < v.len()
        || longest_consonants >= 5
        || (case_changes * 3 >= v.len() && capitals_in_a_row)
}

#[cfg(test)]
mod tests {
    use super::plausible;

    #[test]
    fn table() {
        let cases: &[(&str, &str, bool)] = &[
            ("password = \"hunter2x\"", "hunter2x", true),
            ("DB_PASSWORD=Tr0ub4dor&3", "Tr0ub4dor&3", true),
            (
                "passphrase: correct-horse-battery-staple",
                "correct-horse-battery-staple",
                true,
            ),
            (
                "api_key = \"9f8e7d6c5b4a39281706f5e4d3c2b1a0\"",
                "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
                true,
            ),
            ("password = \"Passwort\"", "Passwort", false),
            ("password_label = \"x9!k2\"", "x9!k2", false),
            ("compass = \"N0rth-3ast\"", "N0rth-3ast", false),
            ("token = \"${TOKEN}\"", "${TOKEN}", false),
            ("password: user.password", "user.password", false),
            (
                "secret = \"123e4567-e89b-12d3-a456-426614174000\"",
                "123e4567-e89b-12d3-a456-426614174000",
                false,
            ),
            (
                "token = \"3f786850e387550fdab836ed7e6dc881de23001b\"",
                "3f786850e387550fdab836ed7e6dc881de23001b",
                false,
            ),
            ("{DB_PASSWORD:?required}", "?required", false),
            (
                "{API_TOKEN:-unset-token-value}",
                "-unset-token-value",
                false,
            ),
            // Under a key's or secret's name, 40 hex digits are a credential, not a commit id.
            (
                "client_secret = \"3f786850e387550fdab836ed7e6dc881de23001b\"", // vigil:allow: fake for the test
                "3f786850e387550fdab836ed7e6dc881de23001b",
                true,
            ),
            (
                "DD_APP_KEY: 3f786850e387550fdab836ed7e6dc881de23001b", // vigil:allow: fake for the test
                "3f786850e387550fdab836ed7e6dc881de23001b",
                true,
            ),
            ("secret: sha512-abcdEFGH1234", "sha512-abcdEFGH1234", false),
            ("password: /run/secrets/db", "/run/secrets/db", false),
            ("token = true", "true", false),
            (
                "\"refreshToken\": \"refresh-token-value\"",
                "refresh-token-value",
                false,
            ),
            (
                "X => \"CLIENT_TRAFFIC_SECRET_0\"",
                "CLIENT_TRAFFIC_SECRET_0",
                false,
            ),
            ("\"clientSecret\": \"YSBzZWNyZXQ=\"", "YSBzZWNyZXQ=", false),
            ("token=\"&quot;&apos;&amp;\"", "&quot;&apos;&amp;", false),
            ("password = \"Password-4Kq9!zX\"", "Password-4Kq9!zX", true),
            (
                " X_AWS_EC2_METADATA_TOKEN: &str = \"x-aws-ec2-metadata-token\"",
                "x-aws-ec2-metadata-token",
                false,
            ),
            ("API_KEY_HEADER = \"x-api-key\"", "x-api-key", false),
            (
                "\"nextPageToken\": \"AHWqTUm8Rk2Vd9XwLp4Tz8Hn3Bc6Yf1Js5G0aQm7\"",
                "AHWqTUm8Rk2Vd9XwLp4Tz8Hn3Bc6Yf1Js5G0aQm7",
                false,
            ),
            (
                "\"sync_token\": \"c2VxPTE3MjQ1NTkxMjM0NTY3OA\"",
                "c2VxPTE3MjQ1NTkxMjM0NTY3OA",
                false,
            ),
            (
                "key = K00KWbdeYd582OKD6ogO1ygx7Xipz2R",
                "K00KWbdeYd582OKD6ogO1ygx7Xipz2R",
                true,
            ),
            (
                "password: pbkdf2_sha256$600000$q8Wm2Lx7VrTz$Vd9XwLp4Tz8Hn3Bc6Y=",
                "pbkdf2_sha256$600000$q8Wm2Lx7VrTz$Vd9XwLp4Tz8Hn3Bc6Y=",
                false,
            ),
            (
                "userPassword: {SSHA}5Lq0Zx9mV2kT8wR3yN7bJ4hF1cD6gS0a",
                "{SSHA}5Lq0Zx9mV2kT8wR3yN7bJ4hF1cD6gS0a",
                false,
            ),
            // Random letters are a secret; identifiers and words are not.
            ("password = \"MFMjruugDmHuua\"", "MFMjruugDmHuua", true), // vigil:allow: fake for the test
            ("token = \"xKqTzvRbnWpL\"", "xKqTzvRbnWpL", true), // vigil:allow: fake for the test
            ("token = \"getUserName\"", "getUserName", false),
            (
                "password = \"MyApplicationName\"",
                "MyApplicationName",
                false,
            ),
            ("secret = \"parseHTTPResponse\"", "parseHTTPResponse", false),
            (
                "token = aws-sm://prod/api/token",
                "aws-sm://prod/api/token",
                false,
            ),
            ("\"apiKey\": \"API-Schlüssel\"", "API-Schlüssel", false),
            // Passphrases of random words, and sentences that only mention a password.
            (
                "passphrase = \"canyon lantern ember mosaic\"", // vigil:allow: fake for the test
                "canyon lantern ember mosaic",
                true,
            ),
            (
                "password = \"Enter your new password\"",
                "Enter your new password",
                false,
            ),
            ("password = \"Mot de passe\"", "Mot de passe", false),
            // Literal defaults of environment reads are named by the variable.
            (
                "ENV['DB_PASSWORD'] ||= 'q8Zt2LmX9vB4'", // vigil:allow: fake for the test
                "q8Zt2LmX9vB4",
                true,
            ),
            (
                "os.environ.get(\"PASSWORD_FILE\", \"q8Zt2LmX9vB4\")",
                "q8Zt2LmX9vB4",
                false,
            ),
            // A leading `$`, `%` or `@` is a reference only in a reference's shape.
            (
                "LDAP_PASSWORD = '$d7hH2kBg8Xq3Nm!'", // vigil:allow: fake for the test
                "$d7hH2kBg8Xq3Nm!",
                true,
            ),
            (
                "SMTP_PASSWORD = '%4w9CuJqL77RlmZt'", // vigil:allow: fake for the test
                "%4w9CuJqL77RlmZt",
                true,
            ),
            (
                "DB_PASSWORD = \"@Tc5QZQnjlqWCdXa\"", // vigil:allow: fake for the test
                "@Tc5QZQnjlqWCdXa",
                true,
            ),
            ("password = \"$DB_PASSWORD\"", "$DB_PASSWORD", false),
            ("password = \"$password\"", "$password", false),
            ("password = \"@db_password\"", "@db_password", false),
            ("password = \"%DB_PASSWORD%\"", "%DB_PASSWORD%", false),
            ("password = \"%(db_password)s\"", "%(db_password)s", false),
            ("password = \"$this->password\"", "$this->password", false),
            ("password = \"$config['db']\"", "$config['db']", false),
            ("token = \"$env:API_TOKEN\"", "$env:API_TOKEN", false),
            ("secret = \"@Value(x)\"", "@Value(x)", false),
            (
                "password = \"$2b$12$KIXQJfOa2mD5pG0Yc9C0.eE0cM5h6y3kQwFZ6b\"",
                "$2b$12$KIXQJfOa2mD5pG0Yc9C0.eE0cM5h6y3kQwFZ6b",
                false,
            ),
            // Entities: one inside a random value is a password written into XML.
            (
                "value=\"H27mlw&amp;0Tq32U5NZ\" key=password",
                "H27mlw&amp;0Tq32U5NZ",
                true,
            ),
            ("password: \"VXcq7&#8hhXZCspT\"", "VXcq7&#8hhXZCspT", true), // vigil:allow: fake for the test
            ("password = \"&lt;password&gt;\"", "&lt;password&gt;", false),
            (
                "token = \"&#120;&#121;&#122;\"",
                "&#120;&#121;&#122;",
                false,
            ),
            // References in other syntaxes.
            ("smtpPassword := \"ENV[API_KEY]\"", "ENV[API_KEY]", false),
            (
                "password = \"env('DB_PASSWORD')\"",
                "env('DB_PASSWORD')",
                false,
            ),
            ("password: !Ref DbPassword", "!Ref", false),
            (
                "secret: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-Xy12Ab",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-Xy12Ab",
                false,
            ),
            // Digests of secrets are named as such.
            (
                " checksum/secret: 9c1f5e0b7a3d2c8e4f6a1b9d0c7e3f5a2b8d4c6e0f1a3b5c7d9e2f4a6b8c0d1e",
                "9c1f5e0b7a3d2c8e4f6a1b9d0c7e3f5a2b8d4c6e0f1a3b5c7d9e2f4a6b8c0d1e",
                false,
            ),
            (
                "tokenSha256: \"Vd9XwLp4Tz8Hn3Bc6Yq2\"",
                "Vd9XwLp4Tz8Hn3Bc6Yq2",
                false,
            ),
            (
                "hash_secret: \"Vd9XwLp4Tz8Hn3Bc6Yq2\"", // vigil:allow: fake for the test
                "Vd9XwLp4Tz8Hn3Bc6Yq2",
                true,
            ),
            // Encoded text and punctuation tests are no credentials.
            (
                "username=user&password=secure%20password",
                "secure%20password",
                false,
            ),
            (
                "\"password\": \"%20!%22$%&'()*+,-.%3A%3B%3C%3D%3E%40%5B%5D%5E_%60%7B%7C%7D~\"",
                "%20!%22$%&'()*+,-.%3A%3B%3C%3D%3E%40%5B%5D%5E_%60%7B%7C%7D~",
                false,
            ),
            // Request-uniqueness tokens and paths of words.
            (
                "--idempotency-token 91adc45qZk3pQ9vR",
                "91adc45qZk3pQ9vR",
                false,
            ),
            (
                "credentials: owner256/home#assets/crates-credentials",
                "owner256/home#assets/crates-credentials",
                false,
            ),
            (
                "secret: \"Kq8/Zx+Vd9XwLp4Tz8H\"", // vigil:allow: fake for the test
                "Kq8/Zx+Vd9XwLp4Tz8H",
                true,
            ),
            // Name and value fields: the name is the `name` field's value.
            (
                "- name: DB_PASSWORD\n  value: \"Wq8!mK2pL9zRx\"", // vigil:allow: fake for the test
                "Wq8!mK2pL9zRx",
                true,
            ),
            (
                "- name: DB_PASSWORD_LABEL\n  value: \"Wq8!mK2pL9zRx\"",
                "Wq8!mK2pL9zRx",
                false,
            ),
        ];
        for (whole, value, want) in cases {
            assert_eq!(
                plausible(whole.as_bytes(), value.as_bytes()),
                *want,
                "{whole}"
            );
        }
    }
}
