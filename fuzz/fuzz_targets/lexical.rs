#![no_main]
//! The lexical tier on arbitrary text, differentially: a file it would leave unparsed must
//! hold nothing but names once a front-end parses it (the tier is conservative), and its
//! name listing never panics. The first byte picks the language.

use std::path::Path;
use std::sync::OnceLock;

use privlint::catalog::Catalog;
use privlint::facts::Language;
use privlint::prefilter::{self, Prefilter};
use privlint::source::LineIndex;

fn tier() -> &'static Prefilter {
    static P: OnceLock<Prefilter> = OnceLock::new();
    P.get_or_init(|| Prefilter::new(Catalog::builtin()))
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(src) = std::str::from_utf8(rest) else {
        return;
    };
    let (language, name) = match pick % 5 {
        0 => (Language::Python, "app.py"),
        1 => (Language::JavaScript, "app.jsx"),
        2 => (Language::TypeScript, "app.ts"),
        3 => (Language::TypeScript, "app.tsx"),
        _ => (Language::Rust, "lib.rs"),
    };
    let names = prefilter::names(src);
    assert!(names.windows(2).all(|w| w[0] < w[1]), "names sorted, unique");
    if tier().triggered(src) {
        return;
    }
    let lines = LineIndex::new(src);
    let facts = privlint::lang::extract(
        language,
        Path::new(name),
        src,
        &lines,
        Catalog::builtin(),
        true,
    );
    let kinds = prefilter::unsafe_kinds(&facts);
    assert!(kinds.is_empty(), "the lexical tier would skip a file that holds {kinds:?}");
});
