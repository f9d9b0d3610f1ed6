//! Personal and secret values written as literals are masked wherever privlint repeats text
//! from a scanned file: snippets (human, SARIF), suppression reasons, syntax-error messages.
//! Masking is byte for byte, so spans still line up: an email address, a run of 9 or more
//! digits (phone, card, id numbers), a secret-looking literal (`"sk_live_4eC39HqLyjWD…"`), the
//! literal assigned to a secret-named key (`password = "hunter2"`, `"api_key": '…'`) and the
//! credentials after `Bearer`/`Basic`.

pub fn redact(src: &str) -> String {
    let mut b = src.as_bytes().to_vec();
    mask_emails(&mut b);
    mask_long_numbers(&mut b);
    mask_secret_literals(&mut b);
    mask_auth_schemes(&mut b);
    String::from_utf8(b).unwrap_or_else(|_| src.to_string())
}

/// Free text copied from a file (a suppression reason, a syntax-error excerpt): [`redact`],
/// and every secret-looking word masked, quoted or not.
pub fn redact_prose(text: &str) -> String {
    let mut b = redact(text).into_bytes();
    let mut i = 0;
    while i < b.len() {
        let word = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'+' | b'=');
        if !word(b[i]) {
            i += 1;
            continue;
        }
        let mut e = i;
        while e < b.len() && word(b[e]) {
            e += 1;
        }
        if std::str::from_utf8(&b[i..e]).is_ok_and(secret_looking) {
            mask(&mut b[i..e]);
        }
        i = e;
    }
    String::from_utf8(b).unwrap_or_default()
}

/// A literal that could be a hardcoded secret (`sk_live_4eC39HqLyjWDarjtT1zdp7dc`): long, one
/// word, letters and digits mixed. Setting names (`api_token.jwt.encode.secret`), messages and
/// paths are not.
pub fn secret_looking(lit: &str) -> bool {
    lit.len() >= 16
        && !lit.contains([' ', '.', '/', ':', '@'])
        && lit.chars().any(|c| c.is_ascii_digit())
        && lit.chars().any(|c| c.is_ascii_alphabetic())
}

/// Words that make the literal bound to a name a secret or a personal number.
const SECRET_NAMES: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "privatekey",
    "credential",
    "authorization",
    "cookie",
    "ssn",
    "cardnumber",
    "creditcard",
    "cvv",
    "iban",
    "pin",
];

fn secret_name(name: &[u8]) -> bool {
    let n: String = name
        .iter()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase() as char)
        .collect();
    // `pin` and `pwd` only as the whole name: `spinner`, `pwdir` are not secrets.
    SECRET_NAMES.iter().any(|w| match *w {
        "pin" | "pwd" => n == *w,
        _ => n.contains(w),
    })
}

/// String literals on one line: `(start of content, end of content)` for each, by quote pairing.
fn literals(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let q = b[i];
        if !matches!(q, b'"' | b'\'' | b'`') {
            i += 1;
            continue;
        }
        let mut e = i + 1;
        while e < b.len() && b[e] != q && b[e] != b'\n' {
            e += if b[e] == b'\\' { 2 } else { 1 };
        }
        if e < b.len() && b[e] == q {
            out.push((i + 1, e));
            i = e + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// The name a literal at `start` (its opening quote) is bound to: `name = `, `name: `,
/// `"name": `, `name => `, `name=` in a call's keyword arguments.
fn bound_name(b: &[u8], quote: usize) -> &[u8] {
    let mut i = quote;
    while i > 0 && b[i - 1] == b' ' {
        i -= 1;
    }
    let op_end = i;
    while i > 0 && matches!(b[i - 1], b'=' | b':' | b'>') {
        i -= 1;
    }
    if i == op_end || op_end - i > 2 || b[i..op_end] == *b"==" {
        return &[];
    }
    while i > 0 && matches!(b[i - 1], b' ' | b'"' | b'\'' | b']') {
        i -= 1;
    }
    let end = i;
    while i > 0 && (b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'_' | b'-')) {
        i -= 1;
    }
    &b[i..end]
}

fn mask_secret_literals(b: &mut [u8]) {
    for (s, e) in literals(b) {
        let secret = std::str::from_utf8(&b[s..e]).is_ok_and(secret_looking)
            || (e > s && secret_name(bound_name(b, s - 1)));
        if secret {
            mask(&mut b[s..e]);
        }
    }
}

/// `Bearer eyJhbGci…`, `Basic dXNlcjpwYXNz`: the credential after an HTTP auth scheme.
fn mask_auth_schemes(b: &mut [u8]) {
    for scheme in [&b"Bearer "[..], b"Basic ", b"bearer ", b"Token "] {
        let mut from = 0;
        while let Some(p) = memchr::memmem::find(&b[from..], scheme) {
            let s = from + p + scheme.len();
            let mut e = s;
            while e < b.len() && (b[e].is_ascii_alphanumeric() || b"-._~+/=".contains(&b[e])) {
                e += 1;
            }
            // A word (`Bearer token`) is prose; a credential is long.
            if e - s >= 12 {
                mask(&mut b[s..e]);
            }
            from = e.max(s);
        }
    }
}

/// Every ASCII letter and digit becomes `*`; other bytes (UTF-8 continuation bytes among them)
/// stay, so the text stays valid UTF-8 and the same length.
fn mask(b: &mut [u8]) {
    for c in b {
        if c.is_ascii_alphanumeric() {
            *c = b'*';
        }
    }
}

fn is_local(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn mask_emails(b: &mut [u8]) {
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'@' {
            i += 1;
            continue;
        }
        let mut s = i;
        while s > 0 && is_local(b[s - 1]) {
            s -= 1;
        }
        let mut e = i + 1;
        while e < b.len() && (b[e].is_ascii_alphanumeric() || matches!(b[e], b'.' | b'-')) {
            e += 1;
        }
        let domain = &b[i + 1..e];
        let has_tld = domain.iter().rposition(|c| *c == b'.').is_some_and(|d| {
            let tld = &domain[d + 1..];
            tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic)
        });
        if s < i && has_tld {
            for c in &mut b[s..i] {
                *c = b'*';
            }
            for c in &mut b[i + 1..e] {
                if *c != b'.' {
                    *c = b'*';
                }
            }
        }
        i = e.max(i + 1);
    }
}

/// Runs of 9 or more digits, allowing the separators of phone, card and id numbers.
fn mask_long_numbers(b: &mut [u8]) {
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit()
            || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
        {
            i += 1;
            continue;
        }
        let mut e = i;
        let mut digits = 0;
        while e < b.len()
            && (b[e].is_ascii_digit()
                || (matches!(b[e], b'-' | b' ' | b'.')
                    && b.get(e + 1).is_some_and(u8::is_ascii_digit)))
        {
            digits += b[e].is_ascii_digit() as usize;
            e += 1;
        }
        if digits >= 9
            && !b
                .get(e)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        {
            for c in &mut b[i..e] {
                if c.is_ascii_digit() {
                    *c = b'*';
                }
            }
        }
        i = e.max(i + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn masks_literals_keeping_length() {
        let s = r#"log("alice.smith@example.com", "555-123-4567", x, 42)"#;
        let r = redact(s);
        assert_eq!(r.len(), s.len());
        assert!(
            !r.contains("alice") && !r.contains("example") && !r.contains("4567"),
            "{r}"
        );
        assert!(r.contains("42"));
        assert_eq!(redact("user.email"), "user.email");
    }

    #[test]
    fn masks_secrets_bound_to_secret_names_and_secret_looking_literals() {
        let cases = [
            (r#"password = "hunter2""#, "hunter2"),
            (r#"{"api_key": 'abc123'}"#, "abc123"),
            (r#"connect(user="bob", passwd="letmein")"#, "letmein"),
            (
                r#"const key = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";"#,
                "sk_live",
            ),
            (
                r#"headers = {"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9"}"#,
                "eyJhbG",
            ),
            (r#"log("auth Bearer eyJhbGciOiJIUzI1NiJ9x")"#, "eyJhbG"),
        ];
        for (s, secret) in cases {
            let r = redact(s);
            assert_eq!(r.len(), s.len());
            assert!(!r.contains(secret), "{s} → {r}");
        }
        // Messages, keys and comparisons stay readable.
        for s in [
            r#"log.info("password reset for %s", user.id)"#,
            r#"if password == "": return"#,
            r#"data["password"]"#,
            r#"spinner = "dots""#,
        ] {
            assert_eq!(redact(s), s);
        }
    }

    #[test]
    fn prose_masks_unquoted_secrets() {
        let r = super::redact_prose("token sk_live_4eC39HqLyjWDarjtT1zdp7dc is a test key");
        assert_eq!(r, "token **_****_************************ is a test key");
    }
}
