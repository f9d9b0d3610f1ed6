//! Prints the facts privlint extracts from a file: `cargo run --example facts FILE`.
fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: facts FILE"));
    let src = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let lang = privlint::lang::detect(&path).expect("a supported extension");
    let facts = privlint::lang::extract(
        lang,
        &path,
        &src,
        &privlint::source::LineIndex::new(&src),
        privlint::catalog::Catalog::builtin(),
        true,
    );
    println!(
        "{}",
        serde_json::to_string_pretty(&facts).expect("serialisable")
    );
}
