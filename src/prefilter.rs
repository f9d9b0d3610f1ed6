//! The lexical tier: one pass over a source file's bytes, before any parser, that decides
//! whether the file can hold anything a rule reports. Most of privlint's time is parsing;
//! a file with no trace of a sink, a suppression, a declaration, a request or a deletion is
//! not parsed at all.
//!
//! Such a file can still matter to the repository rules, through names: a field that only
//! it reads, a project function that hands a parameter on to a logging wrapper, an entity it
//! uses whole. So the tier also records every name the file spells (identifiers, and the
//! text between quotes, normalised as field names are), and the engine parses it after all
//! when one of those names is one the parsed files make relevant ([`Relevance`]), until no
//! more files are pulled in. The decision only ever errs towards parsing; `--no-prefilter`
//! parses every file, and the tests demand the same findings either way.
//!
//! Test code is deferred whatever it holds, for a narrower set of names: what the repository
//! rules take from it is only which fields it reads ([`Prefilter::defers_test_code`]).
//!
//! What a skipped file loses: syntax errors in it are not reported (it was never parsed).

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::catalog::Catalog;
use crate::facts::{FastSet, Language, ModelFacts};
use crate::source::is_word_byte;

/// Stems (matched case-insensitively anywhere, inside identifiers and strings too) of
/// everything the front-ends turn into a fact other than a read, beyond the catalogue's sink
/// names: error sinks, suppressions, declarations of models, forms, schemas and DTOs,
/// request handlers and payloads, deletion and expiry, raw SQL.
const STEMS: &[&str] = &[
    // Sinks the front-ends know by syntax: errors, panics, assertions, exits.
    "log",
    "print",
    "console",
    "warn",
    "debug",
    "trace",
    "err",
    "exception",
    "except",
    "raise",
    "throw",
    "panic",
    "unwrap",
    "expect",
    "assert",
    "abort",
    "exit",
    "fail",
    "bail",
    "ensure",
    "todo",
    "unimplemented",
    "unreachable",
    "format",
    "stdout",
    "stderr",
    "echo",
    "write",
    "emit",
    "report",
    "notify",
    "capture",
    "track",
    "telemetry",
    "span",
    "metric",
    "send",
    "reject",
    "privlint",
    // Declarations of entities, forms, schemas, DTOs, migrations.
    "class",
    "struct",
    "model",
    "schema",
    "entity",
    "table",
    "define",
    "column",
    "field",
    "form",
    "serializ",
    "dto",
    "interface",
    "type",
    "prisma",
    "sequelize",
    "mongoose",
    "orm",
    "drizzle",
    "knex",
    "kysely",
    "alchemy",
    "pydantic",
    "dataclass",
    "marshmallow",
    "zod",
    "yup",
    "joi",
    "diesel",
    "sqlx",
    "sea_",
    "derive",
    "migrat",
    // Sequelize associations (`Pet.belongsTo(Owner)`), often in a file of their own.
    "belongsto",
    "hasmany",
    "hasone",
    "collection",
    "document",
    "record",
    "attr",
    "property",
    "validat",
    "decorat",
    "@",
    // Request handlers, payloads, routes, argv and input.
    "request",
    "req",
    "body",
    "query",
    "param",
    "json",
    "route",
    "get",
    "post",
    "put",
    "patch",
    "handle",
    "controller",
    "view",
    "api",
    "resource",
    "argv",
    "arg",
    "input",
    "environ",
    "env",
    "header",
    "cookie",
    "session",
    "auth",
    "token",
    "secret",
    "password",
    // Deletion, expiry, anonymisation, raw SQL.
    "delet",
    "archiv",
    "remov",
    "destroy",
    "purge",
    "eras",
    "expir",
    "ttl",
    "anonym",
    "truncat",
    "drop",
    "unlink",
    "clean",
    "forget",
    "setex",
    "retention",
    "del",
    "wipe",
    "scrub",
    "redact",
    "pseudonym",
    "sql",
    "select",
    "insert",
    "update",
    "create",
    "save",
    "store",
    "persist",
    "cascade",
    "soft",
    "state",
    "flag",
];

/// What decides, per file, whether it is parsed now, later or not at all.
pub struct Prefilter {
    /// Stems of three letters or more, found anywhere: the automaton is built on first use
    /// (a warm run whose files all come from their stamps never needs it).
    long: Vec<String>,
    triggers: std::sync::OnceLock<AhoCorasick>,
    /// Shorter ones (`ga`, `ic`, `lg`: SDK globals, `icecream`'s `ic`), which would be found
    /// inside nearly every word: as whole identifiers only.
    short: HashSet<String>,
    /// `PRIVLINT_PREFILTER_AUDIT`: every file the tier would skip is parsed anyway and
    /// checked to hold nothing but names, for the tests that prove the tier conservative.
    pub audit: bool,
}

impl Prefilter {
    pub fn new(catalog: &Catalog) -> Prefilter {
        // `PRIVLINT_PREFILTER_STEMS` (comma-separated) replaces the built-in stems: how a
        // narrower set is tried against the audit without a rebuild.
        let mut words: Vec<String> = match std::env::var("PRIVLINT_PREFILTER_STEMS") {
            Ok(s) => s.split(',').map(str::to_string).collect(),
            Err(_) => STEMS.iter().map(|s| s.to_string()).collect(),
        };
        words.extend(catalog.sink_words());
        words.sort();
        words.dedup();
        let (long, short): (Vec<String>, Vec<String>) =
            words.into_iter().partition(|w| w.len() >= 3 || w == "@");
        Prefilter {
            long,
            triggers: std::sync::OnceLock::new(),
            short: short.into_iter().collect(),
            audit: std::env::var_os("PRIVLINT_PREFILTER_AUDIT").is_some(),
        }
    }

    /// Whether the lexical tier applies to files of this language: the code front-ends.
    /// SQL, Prisma and templates are small and mostly declarations: always parsed.
    pub fn applies_to(language: Language) -> bool {
        matches!(
            language,
            Language::Python | Language::JavaScript | Language::TypeScript | Language::Rust
        )
    }

    /// Whether a file is test code deferred whatever it holds: the repository rules take
    /// only its reads ([`crate::repo_index::keep_what_tests_tell`]), and no per-file rule
    /// reports in test code, so it is parsed only when it spells a name those reads could
    /// matter for ([`crate::repo_index::TestNames`]). A suppression comment in
    /// it is reported when unused, which needs the parse.
    pub fn defers_test_code(path: &str, src: &str) -> bool {
        crate::repo_index::is_test_path(path) && !src.contains("privlint")
    }

    /// Whether the file may hold something other than names: then it is parsed.
    pub fn triggered(&self, src: &str) -> bool {
        let triggers = self.triggers.get_or_init(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostFirst)
                .build(&self.long)
                .expect("plain literal patterns")
        });
        triggers.is_match(src)
            || identifiers(src).any(|w| w.len() < 3 && self.short.contains(&w.to_ascii_lowercase()))
    }
}

/// The fingerprints of every name a file spells, normalised as the repository rules compare
/// field and entity names ([`crate::facts::models::norm`], [`crate::facts::models::name_hash`]): each identifier, each identifier without
/// its repository affixes (`user_repository` → `user`), and the text between each pair of
/// like quotes on a line (a key such as `"first name"`), whatever the language's string
/// syntax. Sorted, deduplicated.
pub fn names(src: &str) -> Vec<u64> {
    // Distinct spellings first: code repeats its names, and a spelling's work is the same
    // every time.
    let mut spelled: FastSet<&str> = identifiers(src).collect();
    for line in src.lines() {
        // Every stretch between two like quotes, overlapping ones included: which quote
        // opens a string is the parser's business, and guessing wrong could miss a key.
        let mut open: [Option<usize>; 3] = [None; 3];
        for (i, b) in line.bytes().enumerate() {
            let q = match b {
                b'"' => 0,
                b'\'' => 1,
                b'`' => 2,
                _ => continue,
            };
            if let Some(start) = open[q] {
                spelled.insert(&line[start..i]);
            }
            open[q] = Some(i + 1);
        }
    }
    let mut out: Vec<u64> = Vec::with_capacity(spelled.len() * 2);
    for s in spelled {
        out.extend(norm_hash(s));
        let stripped = crate::repo_index::strip_affixes(s);
        if stripped.len() != s.len() {
            out.extend(norm_hash(stripped));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// `name_hash(&norm(s))` without building the normalised string (a 20 MB file has millions
/// of words); `None` where it would be empty.
fn norm_hash(s: &str) -> Option<u64> {
    let s = s.rsplit('.').next().unwrap_or(s);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut any = false;
    for b in s.bytes().filter(u8::is_ascii_alphanumeric) {
        h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
        any = true;
    }
    any.then_some(h)
}

/// Every maximal run of identifier bytes ([`is_word_byte`]).
fn identifiers(src: &str) -> impl Iterator<Item = &str> {
    let bytes = src.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !is_word_byte(bytes[i]) {
            i += 1;
        }
        if i == bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && is_word_byte(bytes[i]) {
            i += 1;
        }
        Some(&src[start..i])
    })
}

/// The names that make a skipped file worth parsing, from the facts of the files parsed:
/// every field of every entity (a read of it counts), every name an entity answers to (a use
/// of it whole, a request type, a rename of it), every project function that hands a
/// parameter on (a call of a wrapper is a sink), every function whose error an `.unwrap()`
/// prints. Only those some deferred file spells are kept: the deferred files are usually
/// few, the parsed files' names many.
pub struct Relevance {
    spelled: FastSet<u64>,
    names: FastSet<u64>,
}

impl Relevance {
    /// For deferred files spelling `spelled` (each file's names, sorted).
    pub fn new<'a>(spelled: impl Iterator<Item = &'a [u64]>) -> Relevance {
        Relevance {
            spelled: spelled.flatten().copied().collect(),
            names: FastSet::default(),
        }
    }

    pub fn add(&mut self, path: &str, m: &ModelFacts) {
        let mut add = |s: &str| {
            if let Some(h) = norm_hash(s).filter(|h| self.spelled.contains(h)) {
                self.names.insert(h);
            }
        };
        for e in &m.entities {
            for f in &e.fields {
                add(&f.name);
            }
            for k in crate::repo_index::keys(e, path) {
                add(&k);
            }
            add(&e.name);
        }
        for w in &m.wrappers {
            add(&w.function);
        }
        for c in &m.project_calls {
            if let Some(r) = &c.relay {
                add(&r.caller);
            }
        }
        for l in &m.logged {
            if let Some(f) = l.entity.as_deref().and_then(|e| e.strip_prefix("fn:")) {
                add(f);
            }
        }
    }

    /// Whether a file spelling `names` (sorted) must be parsed.
    pub fn wants(&self, names: &[u64]) -> bool {
        !self.names.is_empty() && names.iter().any(|n| self.names.contains(n))
    }
}

/// What the audit found in a file the tier would skip: the kinds of fact it holds that are
/// not names. Empty when the skip was safe.
pub fn unsafe_kinds(f: &crate::facts::FileFacts) -> Vec<&'static str> {
    let m = &f.models;
    let mut out = Vec::new();
    let mut check = |empty: bool, what: &'static str| {
        if !empty {
            out.push(what);
        }
    };
    check(f.sinks.is_empty(), "sinks");
    check(f.suppressions.is_empty(), "suppressions");
    check(m.entities.is_empty(), "entities");
    check(m.input_types.is_empty(), "input types");
    check(m.bindings.is_empty(), "bindings");
    check(m.associations.is_empty(), "associations");
    check(m.deletions.is_empty(), "deletions");
    check(m.dropped.is_empty(), "dropped");
    check(m.deleting_params.is_empty(), "deleting params");
    check(m.helper_calls.is_empty(), "helper calls");
    check(m.logged.is_empty(), "logged objects");
    check(m.wrappers.is_empty(), "wrappers");
    check(m.soft_delete_classes.is_empty(), "soft-delete classes");
    check(m.handlers.is_empty(), "handlers");
    check(m.route_bindings.is_empty(), "route bindings");
    check(m.query_logs.is_empty(), "query logs");
    check(m.stored_inputs.is_empty(), "stored inputs");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::models::{name_hash, norm};

    #[test]
    fn a_name_is_hashed_as_the_repository_rules_hash_it() {
        for s in [
            "user.phone_number",
            "phoneNumber",
            "PHONE-NUMBER",
            "é_mail",
            "$x",
            "a.b.",
            "_",
        ] {
            let n = norm(s);
            let want = (!n.is_empty()).then(|| name_hash(&n));
            assert_eq!(norm_hash(s), want, "{s}");
        }
    }

    #[test]
    fn names_cover_identifiers_affixes_and_quoted_keys() {
        let src = "x = row[\"First Name\"]; it's\nrepo = user_repository; y = d['date-of-birth']\n";
        let got = names(src);
        for n in ["firstname", "user", "userrepository", "dateofbirth", "row"] {
            assert!(got.binary_search(&name_hash(n)).is_ok(), "{n}");
        }
    }

    #[test]
    fn files_with_nothing_but_names_are_not_triggered() {
        let p = Prefilter::new(Catalog::builtin());
        for quiet in [
            "x = 1\n",
            "def f(user):\n    return {'b': user.name}\n",
            "fn f(a: u8) -> u8 { a + 1 }\n",
        ] {
            assert!(!p.triggered(quiet), "{quiet}");
        }
        for loud in [
            "logging.info(x)",
            "raise ValueError(x)",
            "class User(models.Model): pass",
            "#[derive(Serialize)] struct A;",
            "ga('send', x)",
            "# privlint: ignore[pii-in-logs] fine",
            "await User.destroy({where})",
            "Pet.belongsTo(Owner);\nPet.hasMany(Visit);",
            "f.is_archived = True",
        ] {
            assert!(p.triggered(loud), "{loud}");
        }
        // Short SDK globals count as whole identifiers only.
        assert!(!p.triggered("again = legal + 1\n"));
    }
}
