//! Valid syntax that the tree-sitter grammars reject, rewritten in place before a second
//! parse: same length, so every span still points at the original text.

use super::Dialect;
use crate::source::is_word_byte as is_word;

/// Same-length rewrites of valid syntax the grammars reject. `None` if there is none.
/// - Preact/Solid/Vue JSX `<div class="x">`, `<label for="y">` (keywords to the grammar):
///   `klass=`, `f0r=`.
/// - styled-components' tagged templates with type arguments (``styled.button<{ a: B }>`…` ``):
///   the type arguments become spaces.
/// - TypeScript variance annotations on type parameters (`<in out T>`, TS 4.7): blanked.
/// - A member named `in`, or whose name starts with `in_`, `in$` or `in` and a digit, on a
///   line after one with no `;` (`source: string` then `in_reply_to: number`): the grammar's
///   automatic-semicolon scanner reads it as the `in` operator. Spelled `In_reply_to` it
///   is not.
/// - `using` as a plain variable (`using = function (props) {…}` in jQuery UI): the grammars
///   take it for the start of a `using` declaration; spelled `usinG` it is an identifier
///   still, and names compare case-insensitively.
pub(super) fn rewrite(src: &str, dialect: Dialect) -> Option<String> {
    let mut out = src.as_bytes().to_vec();
    let mut changed = identifier_using(src.as_bytes(), &mut out);
    changed |= line_initial_in(src.as_bytes(), &mut out);
    if !matches!(dialect, Dialect::JavaScript) {
        changed |= variance_annotations(&mut out);
    }
    if !matches!(dialect, Dialect::TypeScript) {
        changed |= jsx_keyword_attributes(src.as_bytes(), &mut out);
    }
    if !matches!(dialect, Dialect::JavaScript) {
        changed |= tagged_template_type_arguments(src.as_bytes(), &mut out);
    }
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    changed.then(|| String::from_utf8(out).expect("ASCII-for-ASCII rewrites keep UTF-8"))
}

/// `using` not followed on its line by a name: not a declaration (`using x = …`,
/// `await using x = …`), so a variable.
fn identifier_using(b: &[u8], out: &mut [u8]) -> bool {
    let mut changed = false;
    for at in memchr::memmem::find_iter(b, b"using") {
        let end = at + 5;
        if at > 0 && (is_word(b[at - 1]) || b[at - 1] == b'.')
            || b.get(end).is_some_and(|&c| is_word(c))
        {
            continue;
        }
        let next = b[end..].iter().find(|&&c| c != b' ' && c != b'\t');
        if next.is_some_and(|&c| is_word(c) && !c.is_ascii_digit()) {
            continue;
        }
        out[end - 1] = b'G';
        changed = true;
    }
    changed
}

fn line_initial_in(b: &[u8], out: &mut [u8]) -> bool {
    let mut changed = false;
    for at in memchr::memmem::find_iter(b, b"in") {
        let indent = b[..at]
            .iter()
            .rev()
            .take_while(|&&c| c == b' ' || c == b'\t');
        let line_start = at - indent.count();
        // The scanner takes `in` followed by anything but a letter for the operator.
        if line_start > 0 && b[line_start - 1] != b'\n'
            || !b
                .get(at + 2)
                .is_some_and(|&c| matches!(c, b'_' | b'$' | b'0'..=b'9' | b':' | b'?'))
        {
            continue;
        }
        out[at] = b'I';
        changed = true;
    }
    changed
}

/// `in`/`out` right after the `<` or a `,` of a type parameter list and before the
/// parameter's name. Works on `out` so that `<in out T>` sees its `in` already blanked.
fn variance_annotations(out: &mut [u8]) -> bool {
    let mut changed = false;
    for (word, len) in [(&b"in"[..], 2), (&b"out"[..], 3)] {
        let hits: Vec<usize> = memchr::memmem::find_iter(out, word).collect();
        for at in hits {
            let end = at + len;
            if at > 0 && is_word(out[at - 1])
                || !out.get(end).is_some_and(|c| c.is_ascii_whitespace())
            {
                continue;
            }
            let prev = out[..at].iter().rev().find(|c| !c.is_ascii_whitespace());
            let next: Vec<u8> = out[end..]
                .iter()
                .skip_while(|c| c.is_ascii_whitespace())
                .take_while(|&&c| is_word(c))
                .copied()
                .collect();
            let named = next.first().is_some_and(|c| !c.is_ascii_digit())
                && next != b"as"
                && next != b"extends";
            if matches!(prev, Some(b'<' | b',')) && named {
                out[at..end].fill(b' ');
                changed = true;
            }
        }
    }
    changed
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
        let src = "class A<in out T, out U extends B, V> {}\ninterface P<\n  in C = D,\n> {}\nexport { a, out as b };\nfor (const k in o) {}\n";
        let out = rewrite(src, Dialect::TypeScript).unwrap();
        assert_eq!(
            out,
            "class A<       T,     U extends B, V> {}\ninterface P<\n     C = D,\n> {}\nexport { a, out as b };\nfor (const k in o) {}\n"
        );
        let src = "type T = {\n  source: string\n  in_reply_to: number\n}\nx\n  instanceof Y\n";
        let out = rewrite(src, Dialect::TypeScript).unwrap();
        assert!(out.contains("  In_reply_to: number\n") && out.contains("  instanceof Y"));
        let src = "var using;\nusing = f;\nusing(1);\nusing x = g();\nawait using y = h();\nz.using = 1;\n";
        let out = rewrite(src, Dialect::JavaScript).unwrap();
        assert_eq!(
            out,
            "var usinG;\nusinG = f;\nusinG(1);\nusing x = g();\nawait using y = h();\nz.using = 1;\n"
        );
    }
}
