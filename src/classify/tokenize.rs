//! Identifier → normalised tokens: `userEmailAddress` → `user email address`,
//! `IPAddress` → `ip address`, `r#type` → `type`, `phone_no` → `phone number`.

use super::lexicon::Lexicon;

/// Splits an identifier into raw lowercase words (no normalisation).
pub fn split_words(ident: &str, lex: &Lexicon) -> Vec<String> {
    let ident = ident.strip_prefix("r#").unwrap_or(ident);
    let mut words = Vec::new();
    for chunk in ident.split(|c: char| !c.is_alphanumeric()) {
        if chunk.is_empty() {
            continue;
        }
        split_chunk(chunk, lex, &mut words);
    }
    words
}

fn split_chunk(chunk: &str, lex: &Lexicon, out: &mut Vec<String>) {
    let lower = chunk.to_lowercase();
    if lex.atoms.contains(lower.as_str()) {
        out.push(lower);
        return;
    }
    let chars: Vec<char> = chunk.chars().collect();
    let mut start = 0;
    for i in 1..chars.len() {
        let (p, c) = (chars[i - 1], chars[i]);
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let boundary = (p.is_lowercase() && c.is_uppercase())
            || (p.is_uppercase() && c.is_uppercase() && next_lower)
            || (p.is_alphabetic() && c.is_ascii_digit())
            || (p.is_ascii_digit() && c.is_alphabetic());
        if boundary {
            push_piece(&chars[start..i], lex, out);
            start = i;
        }
    }
    push_piece(&chars[start..], lex, out);
}

fn push_piece(piece: &[char], lex: &Lexicon, out: &mut Vec<String>) {
    let s: String = piece.iter().collect::<String>().to_lowercase();
    // Re-join a digit suffix that forms a known atom: `ipv` + `4`, `last` + `4`.
    if s.chars().all(|c| c.is_ascii_digit()) {
        if let Some(prev) = out.last_mut() {
            let joined = format!("{prev}{s}");
            if lex.atoms.contains(joined.as_str()) {
                *prev = joined;
                return;
            }
        }
    }
    out.push(s);
}

/// Full normalisation: split, merge `e mail`, singularise, expand abbreviations.
pub fn tokenize(ident: &str, lex: &Lexicon) -> Vec<String> {
    let words = split_words(ident, lex);
    let mut out: Vec<String> = Vec::with_capacity(words.len() + 2);
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if w == "e"
            && words
                .get(i + 1)
                .is_some_and(|n| n == "mail" || n == "mails")
        {
            out.push("email".into());
            i += 2;
            continue;
        }
        let w = singular(w, lex);
        // `no` is "number" only after another word: `phone_no`, never `no_email`.
        if w == "no" && !out.is_empty() {
            out.push("number".into());
        } else if let Some(exp) = lex.abbreviations.get(w.as_str()) {
            out.extend(exp.iter().cloned());
        } else {
            out.push(w);
        }
        i += 1;
    }
    out
}

fn singular(w: &str, lex: &Lexicon) -> String {
    if let Some(s) = lex.irregular_plurals.get(w) {
        return s.clone();
    }
    if w.len() < 3 || !w.ends_with('s') || lex.not_plural.contains(w) || lex.atoms.contains(w) {
        return w.to_string();
    }
    if let Some(stem) = w.strip_suffix("ies") {
        if stem.len() >= 2 {
            return format!("{stem}y");
        }
    }
    for suf in ["sses", "xes", "ches", "shes", "zzes"] {
        if w.ends_with(suf) {
            return w[..w.len() - 2].to_string();
        }
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w.to_string();
    }
    w[..w.len() - 1].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::lexicon::Lexicon;

    fn t(s: &str) -> String {
        tokenize(s, Lexicon::builtin()).join(" ")
    }

    #[test]
    fn splits_every_case_style() {
        assert_eq!(t("userEmailAddress"), "user email address");
        assert_eq!(t("USER_EMAIL"), "user email");
        assert_eq!(t("IPAddress"), "ip address");
        assert_eq!(t("userIDNumber"), "user id number");
        assert_eq!(t("HTTPRequest"), "http request");
        assert_eq!(t("e-mail"), "email");
        assert_eq!(t("e_mail"), "email");
        assert_eq!(t("r#type"), "type");
        assert_eq!(t("__email"), "email");
        assert_eq!(t("$email"), "email");
        assert_eq!(t("ipv4"), "ipv4");
        assert_eq!(t("client_ipv6"), "client ipv6");
        assert_eq!(t("card_last4"), "card last4");
        assert_eq!(t("address_line1"), "address line 1");
        assert_eq!(t("x-forwarded-for"), "x forwarded for");
    }

    #[test]
    fn normalises_plurals_and_abbreviations() {
        assert_eq!(t("emails"), "email");
        assert_eq!(t("addresses"), "address");
        assert_eq!(t("phone_no"), "phone number");
        assert_eq!(t("no_email"), "no email");
        assert_eq!(t("dob"), "date of birth");
        assert_eq!(t("user_addr"), "user address");
        assert_eq!(t("firstname"), "first name");
        assert_eq!(t("allergies"), "allergy");
        assert_eq!(t("status"), "status");
        assert_eq!(t("sms"), "sms");
        assert_eq!(t("diagnoses"), "diagnosis");
        assert_eq!(t("children"), "child");
    }
}
