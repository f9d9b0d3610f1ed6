//! How deep syn would recurse on a file, estimated from its tokens without recursing: syn's
//! parser and every visitor recurse once per level of nesting, so a file deeper than the
//! limit is refused before syn sees it (a stack overflow aborts the whole process).
//!
//! Nesting is not only brackets: `|| || || 1` nests closures, `return return 1` expressions,
//! `Vec<Vec<Vec<u8>>>` types, `!!!!x` and `&&&&x` unary operators, and long operator or
//! method chains make left-deep trees that visitors and `Drop` walk recursively. Each is
//! counted within one sequence (between `;`, `,` and blocks) and scaled to the levels it
//! costs.

use proc_macro2::{Spacing, TokenStream, TokenTree};

/// Counters of one token sequence.
#[derive(Default, Clone, Copy)]
struct Seq {
    /// Current run of prefix operators (`!`, `-`, `*`, `&`).
    run: usize,
    /// `|` tokens: closure heads (two per closure) and `|` operators.
    bars: usize,
    /// `return`, `break`, `yield`, `move`, `box`, `async`, `await`.
    keywords: usize,
    /// `<` tokens: generic arguments.
    angles: usize,
    /// Binary operators and `.` of method chains.
    chain: usize,
}

impl Seq {
    fn levels(&self) -> usize {
        self.run
            .max(self.bars / 2)
            .max(self.keywords)
            .max(self.angles)
            .max(self.chain / 8)
    }
}

/// The estimated nesting depth of the file.
pub(super) fn estimate(ts: &TokenStream) -> usize {
    let mut max = 0;
    let mut stack = vec![(ts.clone().into_iter(), 0usize, Seq::default())];
    while let Some((mut iter, depth, mut seq)) = stack.pop() {
        max = max.max(depth);
        while let Some(tt) = iter.next() {
            match tt {
                TokenTree::Group(g) => {
                    seq.run = 0;
                    // A block ends an item, a statement or a match arm: what follows it is a
                    // new sequence (`impl A<T> {…} impl B<T> {…}` is not nested).
                    if g.delimiter() == proc_macro2::Delimiter::Brace {
                        seq = Seq::default();
                    }
                    stack.push((iter, depth, seq));
                    stack.push((g.stream().into_iter(), depth + 1, Seq::default()));
                    break;
                }
                TokenTree::Punct(p) => {
                    match p.as_char() {
                        ';' | ',' => seq = Seq::default(),
                        '|' => seq.bars += 1,
                        '<' => seq.angles += 1,
                        '.' | '+' | '/' | '%' | '^' | '=' | '>' => seq.chain += 1,
                        _ => {}
                    }
                    if matches!(p.as_char(), '!' | '-' | '*' | '&') {
                        seq.run += 1;
                        seq.chain += 1;
                    } else if p.spacing() == Spacing::Alone {
                        seq.run = 0;
                    }
                }
                TokenTree::Ident(i) => {
                    seq.run = 0;
                    if ["return", "break", "yield", "move", "box", "async", "await"]
                        .iter()
                        .any(|k| i == k)
                    {
                        seq.keywords += 1;
                    }
                }
                TokenTree::Literal(_) => seq.run = 0,
            }
            max = max.max(depth + seq.levels());
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(src: &str) -> usize {
        estimate(&src.parse().unwrap())
    }

    #[test]
    fn ordinary_code_is_shallow() {
        let src = "fn f(a: Vec<Option<u8>>) -> bool { let x = a.iter().map(|v| v.is_some()).count(); x > 1 && !a.is_empty() }";
        assert!(depth(src) < 16, "{}", depth(src));
    }

    #[test]
    fn every_kind_of_nesting_counts() {
        let n = 1000;
        for src in [
            format!("fn f() {{ let g = {}1; }}", "|| ".repeat(n)),
            format!("fn f() {{ {}1; }}", "return ".repeat(n)),
            format!("type T = {}u8{};", "Vec<".repeat(n), ">".repeat(n)),
            format!("fn f() {{ let x = {}x; }}", "!".repeat(n)),
            format!("fn f() {{ let x = a{}; }}", " + a".repeat(n * 8)),
            format!("fn f() {{ let x = a{}; }}", ".b()".repeat(n * 8)),
            format!("fn f() {{ {}1{} }}", "{".repeat(n), "}".repeat(n)),
        ] {
            assert!(depth(&src) >= n, "{}: {}", &src[..40], depth(&src));
        }
    }
}
