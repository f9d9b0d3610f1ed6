//! Valid syntax that the tree-sitter grammars reject, rewritten in place before a second
//! parse: same length, so every span still points at the original text.

use super::Dialect;

/// Same-length rewrites of valid syntax the grammars reject. `None` if there is none.
/// - Preact/Solid/Vue JSX `<div class="x">`, `<label for="y">` (keywords to the grammar):
///   `klass=`, `f0r=`.
/// - styled-components' tagged templates with type arguments (``styled.button<{ a: B }>`…` ``):
///   the type arguments become spaces.
pub(super) fn rewrite(src: &str, dialect: Dialect) -> Option<String> {
    let mut out = src.as_bytes().to_vec();
    let mut changed = false;
    if !matches!(dialect, Dialect::TypeScript) {
        changed |= jsx_keyword_attributes(src.as_bytes(), &mut out);
    }
    if !matches!(dialect, Dialect::JavaScript) {
        changed |= tagged_template_type_arguments(src.as_bytes(), &mut out);
    }
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    changed.then(|| String::from_utf8(out).expect("ASCII-for-ASCII rewrites keep UTF-8"))
}

fn tagged_template_type_arguments(b: &[u8], out: &mut [u8]) -> bool {
    let mut changed = false;
    for end in (1..b.len()).filter(|&i| b[i] == b'`' && b[i - 1] == b'>') {
        // Back from the `>` to its `<`, counting nested angle brackets.
        let mut depth = 0usize;
        let mut start = None;
        for j in (0..end).rev().take(400) {
            match b[j] {
                b'>' => depth += 1,
                b'<' => {
                    depth -= 1;
                    if depth == 0 {
                        start = Some(j);
                        break;
                    }
                }
                b'\n' | b';' => break,
                _ => {}
            }
        }
        let Some(start) = start else { continue };
        if start > 0 && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'_') {
            out[start..end].fill(b' ');
            changed = true;
        }
    }
    changed
}

fn jsx_keyword_attributes(b: &[u8], out: &mut [u8]) -> bool {
    let mut changed = false;
    for (word, with) in [
        (&b"class="[..], &b"klass="[..]),
        (&b"for="[..], &b"f0r="[..]),
    ] {
        let mut i = 1;
        while i + word.len() <= b.len() {
            if b[i - 1].is_ascii_whitespace() && &b[i..i + word.len()] == word {
                out[i..i + word.len()].copy_from_slice(with);
                changed = true;
                i += word.len();
            } else {
                i += 1;
            }
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_keep_every_offset() {
        let src =
            "const a = <label for=\"x\" class=\"y\" />;\nconst B = styled.b<{ p: boolean }>`c`;\n";
        let out = rewrite(src, Dialect::Tsx).unwrap();
        assert_eq!(out.len(), src.len());
        assert!(out.contains("f0r=\"x\" klass=\"y\""));
        let blanked = format!("styled.b{}`c`", " ".repeat("<{ p: boolean }>".len()));
        assert!(out.contains(&blanked), "{out}");
        assert_eq!(rewrite("const x = a.class;", Dialect::JavaScript), None);
    }
}
