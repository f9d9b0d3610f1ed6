//! Rust front-end (syn with span locations). Log, print, panic and error macros are parsed
//! from their token bodies (`sinks.rs`): format strings with inline args (`{email}`,
//! `{user:?}`), tracing fields (`email = %user.email`, `?user`), named args; `flow.rs` follows
//! values through locals; `models.rs` reads data models for the repository rules; crates'
//! attributes and derives are read by `frameworks/`. syn's parser recurses, so a file is
//! first lexed (iteratively) and refused when its nesting is deeper than syn can take safely.

mod bindings;
mod deletions;
mod depth;
mod flow;
mod frameworks;
mod handlers;
mod models;
mod responses;
mod sinks;
mod spans;
mod stored;
mod test_code;

use proc_macro2::TokenStream;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::Expr;

use flow::{local_name, pat_name};
use frameworks::REGISTRY;

use crate::catalog::{Catalog, LangSinks};
use crate::facts::{FileFacts, LocalFlows, ParseProblem, SinkCall, SinkKind, Span};
use crate::source::LineIndex;
use crate::suppress::{self, Comment};

/// Deeper nesting than this is refused (syn recurses once per level).
pub const MAX_NESTING: usize = 256;

pub fn extract(src: &str, lines: &LineIndex, cat: &Catalog, want_models: bool) -> FileFacts {
    let mut facts = FileFacts::default();
    let comments = lex_comments(src);
    let mut v = Visitor {
        cat,
        sinks: &cat.rust,
        sinks_out: Vec::new(),
        statements: Vec::new(),
        wants_statements: src.contains("privlint"),
        spells_streams: src.contains("stdout") || src.contains("stderr"),
        flows: LocalFlows::default(),
        scope: 0,
        param_types: Default::default(),
        streams: Default::default(),
        functions: Default::default(),
        defs: if want_models {
            crate::lang::wrappers::defined_after(src, "fn")
        } else {
            Default::default()
        },
        project_calls: Vec::new(),
        stored_inputs: Vec::new(),
        sql_chains: Default::default(),
        failing: 0,
    };
    // Doc comments are prose, yet syn turns each line into a `#[doc = "…"]` attribute with
    // its own tokens and string literal: in library code a third of the bytes. A file is
    // parsed with them as plain comments of the same length (every span unchanged); one that
    // fails that way, or nests too deeply, is parsed as written, for the same error.
    let file = without_docs(src, &comments).and_then(|text| {
        let tokens: TokenStream = text.parse().ok()?;
        if depth::estimate(&tokens) > MAX_NESTING {
            return None;
        }
        syn::parse2::<syn::File>(tokens).ok()
    });
    let file = match file {
        Some(f) => Ok(f),
        None => parse_as_written(src, &mut facts),
    };
    match file {
        Ok(file) => v.file(&file, src, want_models, &mut facts),
        Err(Some(tokens)) => v.scan_tokens(&tokens),
        Err(None) => return facts,
    }
    facts.sinks = v.sinks_out;
    let comment_refs: Vec<Comment> = comments
        .iter()
        .map(|(s, b)| Comment {
            span: *s,
            body: crate::source::slice(src, b.0, b.1),
        })
        .collect();
    facts.suppressions = suppress::resolve(
        src,
        lines,
        &comment_refs,
        &mut v.statements,
        &mut facts.problems,
    );
    facts
}

/// The file parsed as written, its problems recorded: `Err(Some(tokens))` where syn failed
/// but the tokens lexed (their macros can still be read), `Err(None)` where nothing can be.
fn parse_as_written(src: &str, facts: &mut FileFacts) -> Result<syn::File, Option<TokenStream>> {
    let tokens: TokenStream = match src.parse() {
        Ok(t) => t,
        Err(e) => {
            facts.problems.push(ParseProblem {
                span: span_of(e.span()),
                message: crate::redact::redact_prose(&format!(
                    "syntax error: {e}; the file was not analysed"
                )),
            });
            return Err(None);
        }
    };
    let depth = depth::estimate(&tokens);
    if depth > MAX_NESTING {
        facts.problems.push(ParseProblem {
            span: Span::new(0, 0),
            message: format!(
                "nesting too deep to analyse safely ({} levels, limit {MAX_NESTING}); the file was not analysed",
                depth
            ),
        });
        return Err(None);
    }
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => Ok(file),
        Err(e) => {
            facts.problems.push(ParseProblem {
                span: span_of(e.span()),
                message: crate::redact::redact_prose(&format!(
                    "syntax error: {e}; macros in the file were still analysed"
                )),
            });
            Err(Some(tokens))
        }
    }
}

/// The source with its doc comments (`///`, `//!`, `/** */`, `/*! */`) turned into plain
/// comments of the same length; `None` where there are none, or where the file spells
/// `privlint` (a suppression comment covers the statement after it, and a doc comment is
/// part of that statement). A doc comment holding a carriage return is left alone: the
/// lexer refuses it, and a plain comment would hide that.
fn without_docs(src: &str, comments: &[(Span, (usize, usize))]) -> Option<String> {
    if src.contains("privlint") {
        return None;
    }
    let mut out: Option<Vec<u8>> = None;
    let b = src.as_bytes();
    for (s, _) in comments {
        let (start, end) = (s.start as usize, s.end as usize);
        let text = &b[start..end];
        let doc = match text {
            [b'/', b'/', b'/', rest @ ..] => rest.first() != Some(&b'/'),
            [b'/', b'/', b'!', ..] | [b'/', b'*', b'!', ..] => true,
            [b'/', b'*', b'*', rest @ ..] => !matches!(rest, [b'*', ..] | [b'/']),
            _ => false,
        };
        if doc && !text.contains(&b'\r') {
            out.get_or_insert_with(|| b.to_vec())[start + 2] = b' ';
        }
    }
    out.map(|v| String::from_utf8(v).expect("an ASCII byte replaced by an ASCII byte"))
}

/// Whether a whole value reaches its sink through `Display` (`{user}`, `{}`, `%user`) rather
/// than `Debug` (`{user:?}`, `{:?}`, `?user`, `dbg!`).
fn formatted_with_display(src: &str, l: &crate::facts::LoggedObject) -> bool {
    let text = crate::source::slice(src, l.sink.start as usize, l.sink.end as usize);
    let debug = l.callee.starts_with("dbg")
        || l.callee.starts_with("#[")
        || text.contains(":?}")
        || text.contains(":#?}")
        || text.contains(&format!("?{}", l.name));
    !debug
}

pub(super) fn span_of(s: proc_macro2::Span) -> Span {
    let r = s.byte_range();
    Span::new(r.start, r.end)
}

pub(super) struct Visitor<'a> {
    cat: &'a Catalog,
    sinks: &'a LangSinks,
    sinks_out: Vec<SinkCall>,
    /// Line ranges of statements, for suppression comments: only a file that spells
    /// `privlint` can hold one, and finding a statement's span prints it to tokens.
    statements: Vec<(u32, u32)>,
    wants_statements: bool,
    /// Whether the file names stdout or stderr: only then can a local hold a console stream.
    spells_streams: bool,
    flows: LocalFlows,
    /// The function being walked (its start byte + 1), 0 outside functions.
    scope: usize,
    /// Enclosing functions and the wrappers found so far.
    functions: crate::lang::wrappers::Functions,
    /// Functions this file defines (`fn name`), for recording calls of them.
    defs: crate::facts::FastSet<String>,
    project_calls: Vec<crate::facts::ProjectCall>,
    /// Locals holding stdout or stderr, per function scope.
    streams: std::collections::HashSet<(usize, String)>,
    /// Declared types of parameters: (function scope, name) → type.
    param_types: std::collections::HashMap<(usize, String), String>,
    /// Request data kept whole in a record.
    stored_inputs: Vec<crate::facts::StoredInput>,
    /// sqlx `query(…)` calls whose `.bind` chain was read (from its outermost call).
    sql_chains: std::collections::HashSet<usize>,
    /// How many `if`s around the node test a status, an `ok` or an error while a response
    /// of a credential endpoint is bound (`responses.rs`).
    failing: usize,
}

impl<'a> Visitor<'a> {
    /// Every fact of a parsed file: its sinks, then (when wanted) its models.
    fn file(&mut self, file: &syn::File, src: &str, want_models: bool, facts: &mut FileFacts) {
        self.visit_file(file);
        let tests = test_code::ranges(file);
        if !tests.is_empty() {
            self.sinks_out
                .retain(|s| !test_code::inside(&tests, s.span));
            self.project_calls
                .retain(|c| !test_code::inside(&tests, c.span));
            self.stored_inputs
                .retain(|s| !test_code::inside(&tests, s.span));
        }
        if !want_models {
            return;
        }
        let mut m = models::Models::default();
        m.bindings = bindings::tables(file);
        m.visit_file(file);
        let mut logged = crate::facts::ModelFacts::default();
        logged.log_whole_objects(&self.sinks_out, |n, at| m.type_of_at(n, at));
        facts.models = m.finish();
        for l in &mut logged.logged {
            l.display = formatted_with_display(src, l);
        }
        facts.models.logged.extend(logged.logged);
        facts.models.wrappers = std::mem::take(&mut self.functions.found);
        facts.models.project_calls = std::mem::take(&mut self.project_calls);
        facts.models.stored_inputs = std::mem::take(&mut self.stored_inputs);
        (facts.models.handlers, facts.models.route_bindings) = handlers::find(file);
    }

    fn record_statement(&mut self, s: &impl Spanned) {
        if self.wants_statements {
            let s = s.span();
            self.statements
                .push((s.start().line as u32, s.end().line as u32));
        }
    }
}

impl<'ast> Visit<'ast> for Visitor<'_> {
    /// Past the per-file time budget, the rest of the tree is not visited.
    fn visit_expr(&mut self, e: &'ast syn::Expr) {
        if !crate::budget::exhausted() {
            syn::visit::visit_expr(self, e);
        }
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        for fw in REGISTRY.iter().filter_map(|fw| fw.function) {
            fw(self, &f.attrs, &f.sig);
        }
        self.in_fn(spans::item_fn(f), &f.sig, |v| {
            syn::visit::visit_item_fn(v, f)
        });
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        for fw in REGISTRY.iter().filter_map(|fw| fw.function) {
            fw(self, &f.attrs, &f.sig);
        }
        self.in_fn(spans::impl_item_fn(f), &f.sig, |v| {
            syn::visit::visit_impl_item_fn(v, f)
        });
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        syn::visit::visit_local(self, l);
        if let Some(init) = &l.init {
            self.bind(pat_name(&l.pat), &init.expr, false);
            if !self.spells_streams {
                return;
            }
            // `let h = std::io::stderr().lock()`, `let err = io::stderr()`: a console stream.
            let init_text = quote::ToTokens::to_token_stream(&init.expr).to_string();
            if init_text.contains("stderr ()")
                || init_text.contains("stdout ()")
                || self.streams.iter().any(|(sc, n)| {
                    *sc == self.scope && init_text.split([' ', '.']).next() == Some(n.as_str())
                })
            {
                if let Some(n) = pat_name(&l.pat) {
                    self.streams.insert((self.scope, n));
                }
            }
        }
    }

    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        let failing = self.tests_failure(&i.cond);
        self.failing += usize::from(failing);
        syn::visit::visit_expr_if(self, i);
        self.failing -= usize::from(failing);
    }

    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        self.loop_value(&f.pat, &f.expr);
        syn::visit::visit_expr_for_loop(self, f);
    }

    fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
        syn::visit::visit_expr_assign(self, a);
        self.bind(local_name(&a.left), &a.right, false);
    }

    fn visit_expr_binary(&mut self, b: &'ast syn::ExprBinary) {
        syn::visit::visit_expr_binary(self, b);
        if matches!(b.op, syn::BinOp::AddAssign(_)) {
            self.bind(local_name(&b.left), &b.right, true);
        }
    }

    /// `trace_line(format!(…))`: a call of a function this file defines, kept with its
    /// arguments' data for the repository phase.
    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        self.err_message(c);
        if let Expr::Path(p) = &*c.func {
            if let [seg] = p.path.segments.iter().collect::<Vec<_>>()[..] {
                let name = seg.ident.to_string();
                if self.defs.contains(&name) {
                    let args: Vec<Vec<crate::facts::DataRef>> = c
                        .args
                        .iter()
                        .map(|a| {
                            let mut vals = Vec::new();
                            self.values(a, &mut vals);
                            vals
                        })
                        .collect();
                    if args.iter().any(|a| !a.is_empty()) {
                        let relay = self
                            .functions
                            .relay(span_of(c.span()).start as usize, &args);
                        self.project_calls.push(crate::facts::ProjectCall {
                            function: name,
                            module: None,
                            span: span_of(c.span()),
                            args,
                            relay,
                        });
                    }
                }
            }
        }
        syn::visit::visit_expr_call(self, c);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.on_macro(mac);
        self.sql_macro_write(mac);
        // Macros nest (`info!("{}", format!(…))`) only through their tokens, handled above.
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        for fw in REGISTRY.iter().filter_map(|fw| fw.method_sink) {
            fw(self, m);
        }
        self.diesel_write(m);
        self.sql_bind_write(m);
        // `std::io::stdout().lock().write_all(email.as_bytes())`, `err.write_all(…)` on a
        // local holding stderr: console output.
        if matches!(m.method.to_string().as_str(), "write_all" | "write") {
            let recv = quote::ToTokens::to_token_stream(&m.receiver).to_string();
            let head = recv.split([' ', '.']).next().unwrap_or("");
            let console = recv.contains("stdout ()")
                || recv.contains("stderr ()")
                || self
                    .streams
                    .iter()
                    .any(|(sc, n)| *sc == self.scope && n == head);
            if let (true, Some(arg)) = (console, m.args.first()) {
                let mut values = Vec::new();
                self.values(arg, &mut values);
                self.push_sink(
                    SinkKind::Print,
                    format!(".{}", m.method),
                    span_of(m.span()),
                    values,
                );
            }
        }
        if m.method == "expect" {
            if let Some(arg) = m.args.first() {
                let mut values = Vec::new();
                if !matches!(arg, Expr::Lit(_)) {
                    self.values(arg, &mut values);
                }
                self.push_sink(SinkKind::Error, ".expect".into(), span_of(m.span()), values);
            }
        }
        syn::visit::visit_expr_method_call(self, m);
    }

    fn visit_expr_struct(&mut self, s: &'ast syn::ExprStruct) {
        self.struct_write(s);
        syn::visit::visit_expr_struct(self, s);
    }

    fn visit_stmt(&mut self, s: &'ast syn::Stmt) {
        self.record_statement(s);
        syn::visit::visit_stmt(self, s);
    }

    fn visit_item(&mut self, i: &'ast syn::Item) {
        self.record_statement(i);
        syn::visit::visit_item(self, i);
    }

    fn visit_variant(&mut self, v: &'ast syn::Variant) {
        for fw in REGISTRY.iter().filter_map(|fw| fw.type_attrs) {
            fw(self, &v.attrs, &v.fields);
        }
        syn::visit::visit_variant(self, v);
    }

    fn visit_item_struct(&mut self, st: &'ast syn::ItemStruct) {
        for fw in REGISTRY.iter().filter_map(|fw| fw.type_attrs) {
            fw(self, &st.attrs, &st.fields);
        }
        syn::visit::visit_item_struct(self, st);
    }

    fn visit_field(&mut self, f: &'ast syn::Field) {
        self.record_statement(f);
        syn::visit::visit_field(self, f);
    }
}

/// Comments of a Rust file as (span, body byte range), by a small lexer that knows strings,
/// raw strings, char literals and nested block comments.
fn lex_comments(src: &str) -> Vec<(Span, (usize, usize))> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = src[i..].find('\n').map_or(b.len(), |e| i + e);
                out.push((Span::new(i, end), (i + 2, end)));
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let start = i;
                let mut depth = 0;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                let end = i.min(b.len());
                out.push((
                    Span::new(start, end),
                    (start + 2, end.saturating_sub(2).max(start + 2)),
                ));
            }
            b'r' if matches!(b.get(i + 1), Some(b'#') | Some(b'"'))
                && (i == 0 || !is_ident_byte(b[i - 1])) =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                i = src[j + 1..]
                    .find(&close)
                    .map_or(b.len(), |e| j + 1 + e + close.len());
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'\'' => {
                // A char literal ('a', '\n', '\'') or a lifetime ('a): skip the literal only.
                if b.get(i + 1) == Some(&b'\\') {
                    let end = src[i + 2..].find('\'').map_or(b.len(), |e| i + 2 + e + 1);
                    i = end;
                } else if let Some(c) = src[i + 1..].chars().next() {
                    let after = i + 1 + c.len_utf8();
                    i = if b.get(after) == Some(&b'\'') {
                        after + 1
                    } else {
                        i + 1
                    };
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_skip_strings() {
        let src =
            "let s = \"// no\"; // yes\nlet r = r#\"/* no */\"#; /* yes */ let c = '\"'; // last";
        let c: Vec<&str> = lex_comments(src)
            .iter()
            .map(|(_, b)| &src[b.0..b.1])
            .collect();
        assert_eq!(c, [" yes", " yes ", " last"]);
    }

    #[test]
    fn doc_comments_become_plain_comments_of_the_same_length() {
        let src = "//! crate\n/// doc\n//// rule\n/** block */ /**/ /*** stars */\n/*! inner */\nconst S: &str = \"/// kept\"; fn f() {}\n";
        let out = without_docs(src, &lex_comments(src)).unwrap();
        assert_eq!(out.len(), src.len());
        assert_eq!(
            out,
            "//  crate\n//  doc\n//// rule\n/*  block */ /**/ /*** stars */\n/*  inner */\nconst S: &str = \"/// kept\"; fn f() {}\n"
        );
        // Nothing to change; a suppression comment's file; a doc comment the lexer refuses.
        for same in [
            "fn f() {}\n",
            "/// doc\n// privlint: ignore[x] y\nfn f() {}\n",
            "/// a\rb\nfn f() {}\n",
        ] {
            assert_eq!(without_docs(same, &lex_comments(same)), None, "{same:?}");
        }
    }
}
