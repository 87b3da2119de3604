//! Offline validation: checks a candidate secret's own structure, with no network.
//!
//! A format that carries a checksum (GitHub and npm tokens) lets vigil tell a real token from a
//! look-alike without asking the provider. Other checks decode the value (JWT parts, PEM bodies)
//! and reject what cannot be a credential (a JWT whose header is not JSON, a key block whose body
//! is `...`).

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};

/// An offline check named by a rule's `validate` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validator {
    /// GitHub `gh?_` tokens: the last 6 characters are base62(CRC32(the 30 before them)).
    GithubChecksum,
    /// npm `npm_` tokens: same scheme as GitHub.
    NpmChecksum,
    /// JSON Web Token: header and payload are base64url JSON objects, header has `alg`.
    Jwt,
    /// A PEM or OpenSSH private key block with a base64 body of plausible length.
    PrivateKey,
    /// Discord bot token: the first dot-separated part is the base64 of the bot's numeric
    /// user id (a 17 to 20 digit snowflake).
    DiscordSnowflake,
}

impl Validator {
    /// Names accepted in rule files.
    pub const NAMES: &'static [&'static str] = &[
        "github-checksum",
        "npm-checksum",
        "jwt",
        "private-key",
        "discord-snowflake",
    ];

    /// Parses a rule file name.
    pub fn from_name(name: &str) -> Option<Validator> {
        Some(match name {
            "github-checksum" => Validator::GithubChecksum,
            "npm-checksum" => Validator::NpmChecksum,
            "jwt" => Validator::Jwt,
            "private-key" => Validator::PrivateKey,
            "discord-snowflake" => Validator::DiscordSnowflake,
            _ => return None,
        })
    }

    /// The name reported in findings (`validated: checksum`).
    pub fn label(self) -> &'static str {
        match self {
            Validator::GithubChecksum | Validator::NpmChecksum => "checksum",
            Validator::Jwt => "jwt-structure",
            Validator::PrivateKey => "key-structure",
            Validator::DiscordSnowflake => "id-structure",
        }
    }

    /// Whether `secret` passes the check.
    pub fn check(self, secret: &[u8]) -> bool {
        match self {
            Validator::GithubChecksum | Validator::NpmChecksum => base62_crc32_suffix(secret),
            Validator::Jwt => jwt(secret),
            Validator::PrivateKey => private_key(secret),
            Validator::DiscordSnowflake => discord_snowflake(secret),
        }
    }
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `prefix_` + 30 random base62 + 6 base62 digits of CRC32(random), zero-padded.
fn base62_crc32_suffix(token: &[u8]) -> bool {
    let Some(us) = token.iter().position(|&b| b == b'_') else {
        return false;
    };
    let body = &token[us + 1..];
    if body.len() != 36 || !body.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let (random, check) = body.split_at(30);
    let mut n = crc32fast::hash(random);
    let mut digits = [b'0'; 6];
    for slot in digits.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    digits == check
}

fn jwt(token: &[u8]) -> bool {
    let mut parts = token.split(|&b| b == b'.');
    let (Some(header), Some(payload), Some(sig)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    if parts.next().is_some() {
        return false;
    }
    let json = |part: &[u8]| -> Option<serde_json::Map<String, serde_json::Value>> {
        let bytes = URL_SAFE_NO_PAD
            .decode(part.strip_suffix(b"=").unwrap_or(part))
            .ok()?;
        match serde_json::from_slice(&bytes).ok()? {
            serde_json::Value::Object(map) => Some(map),
            _ => None,
        }
    };
    let Some(h) = json(header) else { return false };
    let alg = h.get("alg").and_then(|a| a.as_str()).unwrap_or("");
    // An unsigned token ("alg": "none") carries no secret worth reporting.
    if alg.is_empty() || alg.eq_ignore_ascii_case("none") || sig.len() < 16 {
        return false;
    }
    // The payload of the jwt.io documentation token (`"sub": "1234567890"`, `"name": "John
    // Doe"`) marks a copied example, not a credential.
    match json(payload) {
        Some(p) => {
            let doc = |k: &str, v: &str| p.get(k).and_then(|x| x.as_str()) == Some(v);
            !(doc("sub", "1234567890") && doc("name", "John Doe"))
        }
        None => false,
    }
}

/// `base64(user id).timestamp.hmac`: the id is a decimal snowflake of 17 to 20 digits.
fn discord_snowflake(token: &[u8]) -> bool {
    let Some(first) = token.split(|&b| b == b'.').next() else {
        return false;
    };
    let first = first.strip_suffix(b"==").unwrap_or(first);
    let first = first.strip_suffix(b"=").unwrap_or(first);
    let Ok(id) = URL_SAFE_NO_PAD.decode(first) else {
        return false;
    };
    (17..=20).contains(&id.len()) && id[0] != b'0' && id.iter().all(u8::is_ascii_digit)
}

fn private_key(block: &[u8]) -> bool {
    let text = String::from_utf8_lossy(block);
    let body: String = text
        .lines()
        .map(strip_concatenation)
        .flat_map(|l| l.split("\\n"))
        .flat_map(|l| l.split("\\r"))
        // A backslash left at either end is an escape of a doubled `\\n` (a string inside a
        // JSON string, such as a notebook cell); base64 never contains one.
        .map(|l| {
            l.trim_matches(|c: char| {
                c.is_whitespace() || c == '"' || c == '\'' || c == ',' || c == '\\'
            })
        })
        // Armor headers (`Proc-Type: ...`, `Version: ...`) and the PGP checksum line (`=abcd`)
        // are not part of the base64 body.
        .filter(|l| !l.starts_with("-----") && !l.contains(':') && !l.starts_with('='))
        .collect();
    let body: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    if body.len() < 64 {
        return false;
    }
    let trimmed = body.trim_end_matches('=');
    STANDARD_NO_PAD
        .decode(trimmed)
        .map(|d| d.len() >= 48)
        .unwrap_or(false)
}

/// One line of a PEM block written as string concatenation, without the operator that joins
/// it to the next or previous line: `"MIIEvQ...\n" +` (Java, C#, JavaScript, Go), `& _`
/// (Visual Basic), `.` (PHP), `..` (Lua). A base64 line never ends in a quote followed by an
/// operator, so only text after the closing quote is removed.
fn strip_concatenation(line: &str) -> &str {
    let is_op =
        |c: char| c.is_whitespace() || matches!(c, '+' | '&' | '.' | ',' | ';' | '_' | ')' | '(');
    let is_quote = |c: char| matches!(c, '"' | '\'' | '`');
    let mut l = line.trim();
    let tail = l.trim_end_matches(is_op);
    if tail.len() < l.len() && tail.ends_with(is_quote) {
        l = tail;
    }
    let head = l.trim_start_matches(is_op);
    if head.len() < l.len() && head.starts_with(is_quote) {
        l = head;
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    fn make_github(prefix: &str, random: &str) -> String {
        let mut n = crc32fast::hash(random.as_bytes());
        let mut d = [b'0'; 6];
        for s in d.iter_mut().rev() {
            *s = BASE62[(n % 62) as usize];
            n /= 62;
        }
        format!("{prefix}{random}{}", String::from_utf8_lossy(&d))
    }

    #[test]
    fn checksum_accepts_good_and_rejects_tampered() {
        let good = make_github("ghp_", "Qm7Rk2Vd9XwLp4Tz8Hn3Bc6Yf1Js5G");
        assert!(Validator::GithubChecksum.check(good.as_bytes()));
        let mut bad = good.clone().into_bytes();
        bad[10] = if bad[10] == b'a' { b'b' } else { b'a' };
        assert!(!Validator::GithubChecksum.check(&bad));
        assert!(!Validator::GithubChecksum.check(b"ghp_short"));
    }

    #[test]
    fn jwt_structure() {
        let h = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let p = URL_SAFE_NO_PAD.encode(br#"{"sub":"42","name":"n"}"#);
        let good = format!("{h}.{p}.c2lnbmF0dXJlc2lnbmF0dXJlc2ln");
        assert!(Validator::Jwt.check(good.as_bytes()));
        let none = URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#);
        assert!(!Validator::Jwt.check(format!("{none}.{p}.c2lnbmF0dXJlc2lnbmF0dXJl").as_bytes()));
        assert!(!Validator::Jwt.check(b"eyJhbGciOi.eyJzdWIi.abc"));
    }

    #[test]
    fn private_key_body() {
        let body = STANDARD_NO_PAD.encode([7u8; 120]);
        let block = format!("-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----");
        assert!(Validator::PrivateKey.check(block.as_bytes()));
        let escaped = block.replace('\n', "\\n");
        assert!(Validator::PrivateKey.check(escaped.as_bytes()));
        assert!(
            !Validator::PrivateKey
                .check(b"-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----")
        );
        // A Python string inside a JSON string (a notebook cell): `\\n` between lines.
        let doubled = block.replace('\n', "\\\\n");
        assert!(Validator::PrivateKey.check(doubled.as_bytes()), "{doubled}");
        let quoted = format!("\\\"{doubled}\\\\n\\\"");
        assert!(Validator::PrivateKey.check(quoted.as_bytes()), "{quoted}");
        // Concatenated string literals, one per line (Java/C#/JS `+`, VB `& _`, PHP `.`).
        for (open, close) in [
            ("\"", "\\n\" +"),
            ("\"", "\\n\" & _"),
            ("'", "\\n' ."),
            ("+ \"", "\\n\""),
        ] {
            let lines: Vec<String> = block
                .lines()
                .map(|l| format!("    {open}{l}{close}"))
                .collect();
            let joined = lines.join("\n");
            assert!(Validator::PrivateKey.check(joined.as_bytes()), "{joined}");
        }
    }

    #[test]
    fn discord_snowflake_id() {
        let token = |id: &str| {
            format!(
                "{}.GFbqgD.x1AvN5xDTcSHdcGz0i4aTfgiVILlCElHfR7ZK1",
                STANDARD_NO_PAD.encode(id)
            )
        };
        assert!(Validator::DiscordSnowflake.check(token("448085164438483216").as_bytes()));
        assert!(Validator::DiscordSnowflake.check(token("1128392012450091108").as_bytes()));
        // Not digits, too short, a leading zero.
        assert!(!Validator::DiscordSnowflake.check(token("44808516443848321x").as_bytes()));
        assert!(!Validator::DiscordSnowflake.check(token("4480851644384").as_bytes()));
        assert!(!Validator::DiscordSnowflake.check(token("048085164438483216").as_bytes()));
        // Random base64url in the first part (a look-alike) and a JWT.
        assert!(
            !Validator::DiscordSnowflake
                .check(b"MT56e3rYuHdygY9za4MaCzR3sf.WwA6Tx.vuBTERgoc76dVXVmqMjIjEV3X0Cu0nrzII9VsU")
        );
        let h = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256"}"#);
        let p = URL_SAFE_NO_PAD.encode(br#"{"sub":"42"}"#);
        let jwt = format!("{h}.{p}.c2lnbmF0dXJlc2lnbmF0dXJl");
        assert!(!Validator::DiscordSnowflake.check(jwt.as_bytes()));
    }
}
