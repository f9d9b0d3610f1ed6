//! The SQL tokenizer: words, quoted identifiers, strings and punctuation, with comments
//! set aside; byte offsets always on char boundaries.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// `"x"`, `` `x` ``, `[x]`: an identifier whatever its spelling.
    Quoted,
    Str,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub struct Tok<'a> {
    pub kind: Kind,
    pub text: &'a str,
    /// Byte range in the scanned text.
    pub start: usize,
    pub end: usize,
}

impl Tok<'_> {
    pub fn is(&self, kw: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(kw)
    }

    pub fn ident(&self) -> Option<&str> {
        match self.kind {
            Kind::Word => Some(self.text),
            Kind::Quoted => {
                // Without its closing quote (unterminated at the end of the text) there is no
                // last byte to drop: it may be inside a character.
                let open = self.text.chars().next()?;
                let close = if open == '[' { ']' } else { open };
                self.text[open.len_utf8()..].strip_suffix(close)
            }
            _ => None,
        }
    }
}

/// Tokens and comments of SQL text.
pub fn lex<'a>(s: &'a str, comments: &mut Vec<(usize, usize)>) -> Vec<Tok<'a>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'-' && b.get(i + 1) == Some(&b'-') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            comments.push((start, i));
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i = (i + 2).min(b.len());
            comments.push((start, i));
            continue;
        }
        let kind = match c {
            b'\'' => {
                i += 1;
                while i < b.len() {
                    if b[i] == b'\'' {
                        if b.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i = (i + 1).min(b.len());
                Kind::Str
            }
            b'"' | b'`' | b'[' => {
                let close = if c == b'[' { b']' } else { c };
                i += 1;
                while i < b.len() && b[i] != close {
                    i += 1;
                }
                i = (i + 1).min(b.len());
                Kind::Quoted
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80)
                {
                    i += 1;
                }
                Kind::Word
            }
            _ => {
                i += 1;
                Kind::Punct
            }
        };
        // Stay on char boundaries for non-ASCII text.
        while i < b.len() && !s.is_char_boundary(i) {
            i += 1;
        }
        out.push(Tok {
            kind,
            text: &s[start..i],
            start,
            end: i,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unterminated_quoted_name_ending_in_a_multibyte_character_is_no_name() {
        let toks = lex("DELETE FROM `NTE \u{396}", &mut Vec::new());
        let last = toks.last().unwrap();
        assert_eq!(last.kind, Kind::Quoted);
        assert_eq!(last.ident(), None);
        assert_eq!(lex("SELECT `a b`", &mut Vec::new())[1].ident(), Some("a b"));
        assert_eq!(lex("SELECT [Ζ]", &mut Vec::new())[1].ident(), Some("Ζ"));
    }
}
