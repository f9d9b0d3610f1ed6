//! Personal values written as literals (an email address, a long number) are masked in every
//! snippet privlint prints, byte for byte, so spans still line up.

pub fn redact(src: &str) -> String {
    let mut b = src.as_bytes().to_vec();
    mask_emails(&mut b);
    mask_long_numbers(&mut b);
    String::from_utf8(b).unwrap_or_else(|_| src.to_string())
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
}
