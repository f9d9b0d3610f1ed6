//! Rust front-end (syn with span locations). Log, print, panic and error macros are parsed
//! from their token bodies: format strings with inline args (`{email}`, `{user:?}`), tracing
//! fields (`email = %user.email`, `?user`), named args. syn's parser recurses, so a file is
//! first lexed (iteratively) and refused when its nesting is deeper than syn can take safely.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, Lit};

use crate::catalog::{Catalog, LangSinks};
use crate::facts::{DataRef, FileFacts, LocalFlows, ParseProblem, SinkCall, SinkKind, Span, Via};
use crate::source::LineIndex;
use crate::suppress::{self, Comment};

/// Deeper nesting than this is refused (syn recurses once per level).
pub const MAX_NESTING: usize = 256;

pub fn extract(src: &str, lines: &LineIndex, cat: &Catalog, want_models: bool) -> FileFacts {
    let mut facts = FileFacts::default();
    let comments = lex_comments(src);
    let tokens: TokenStream = match src.parse() {
        Ok(t) => t,
        Err(e) => {
            facts.problems.push(ParseProblem {
                span: span_of(e.span()),
                message: format!("syntax error: {e}; the file was not analysed"),
            });
            return facts;
        }
    };
    let (depth, run) = nesting(&tokens);
    if depth > MAX_NESTING || run > MAX_NESTING {
        facts.problems.push(ParseProblem {
            span: Span::new(0, 0),
            message: format!(
                "nesting too deep to analyse safely ({} levels, limit {MAX_NESTING}); the file was not analysed",
                depth.max(run)
            ),
        });
        return facts;
    }
    let mut v = Visitor {
        cat,
        sinks: &cat.rust,
        sinks_out: Vec::new(),
        statements: Vec::new(),
        flows: LocalFlows::default(),
        scope: 0,
    };
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => {
            v.visit_file(&file);
            if want_models {
                let mut m = super::rust_models::Models::default();
                m.visit_file(&file);
                let mut logged = crate::facts::ModelFacts::default();
                logged.log_whole_objects(&v.sinks_out, |n, _| m.type_of(n));
                facts.models = m.finish();
                facts.models.logged.extend(logged.logged);
            }
        }
        Err(e) => {
            facts.problems.push(ParseProblem {
                span: span_of(e.span()),
                message: format!("syntax error: {e}; macros in the file were still analysed"),
            });
            v.scan_tokens(&tokens);
        }
    }
    facts.sinks = v.sinks_out;
    let comment_refs: Vec<Comment> = comments
        .iter()
        .map(|(s, b)| Comment {
            span: *s,
            body: &src[b.0..b.1],
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

fn span_of(s: proc_macro2::Span) -> Span {
    let r = s.byte_range();
    Span::new(r.start, r.end)
}

/// Deepest group nesting, and longest run of prefix operators (`!!!!x`, `----x`).
fn nesting(ts: &TokenStream) -> (usize, usize) {
    let mut max_depth = 0;
    let mut max_run = 0;
    let mut stack = vec![(ts.clone().into_iter(), 0usize)];
    while let Some((mut iter, depth)) = stack.pop() {
        max_depth = max_depth.max(depth);
        let mut run = 0;
        while let Some(tt) = iter.next() {
            match tt {
                TokenTree::Group(g) => {
                    stack.push((iter, depth));
                    stack.push((g.stream().into_iter(), depth + 1));
                    break;
                }
                TokenTree::Punct(p) if matches!(p.as_char(), '!' | '-' | '*' | '&') => {
                    run += 1;
                    max_run = max_run.max(run);
                }
                _ => run = 0,
            }
        }
    }
    (max_depth, max_run)
}

struct Visitor<'a> {
    cat: &'a Catalog,
    sinks: &'a LangSinks,
    sinks_out: Vec<SinkCall>,
    statements: Vec<(u32, u32)>,
    flows: LocalFlows,
    /// The function being walked (its start byte + 1), 0 outside functions.
    scope: usize,
}

impl<'a> Visitor<'a> {
    fn record_statement(&mut self, s: proc_macro2::Span) {
        self.statements
            .push((s.start().line as u32, s.end().line as u32));
    }

    fn macro_kind(&self, path: &syn::Path) -> Option<(SinkKind, String)> {
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let last = segs.last()?;
        let kind = *self.sinks.macros.get(last)?;
        // `log::info!`, `tracing::info!`, `std::println!`: any prefix of one of these crates.
        if segs.len() > 1
            && !matches!(
                segs[0].as_str(),
                "log" | "tracing" | "std" | "core" | "anyhow" | "eyre" | "slog" | "defmt"
            )
        {
            return None;
        }
        Some((kind, format!("{}!", segs.join("::"))))
    }

    fn on_macro(&mut self, mac: &syn::Macro) {
        let Some((kind, callee)) = self.macro_kind(&mac.path) else {
            return;
        };
        let name = callee
            .trim_end_matches('!')
            .rsplit("::")
            .next()
            .unwrap_or("")
            .to_string();
        let mut values = Vec::new();
        let skip = match name.as_str() {
            "assert" | "debug_assert" => 1,
            "assert_eq" | "assert_ne" | "debug_assert_eq" | "debug_assert_ne" => 2,
            _ => 0,
        };
        self.macro_values(&mac.tokens, skip, &mut values);
        self.push_sink(kind, callee, span_of(mac.span()), values);
    }

    /// thiserror's `#[error("no account for {email}")]`: the error's message, wherever it is
    /// shown or logged, carries the fields it names.
    fn error_display(&mut self, attrs: &[syn::Attribute], fields: &syn::Fields) {
        for a in attrs.iter().filter(|a| a.path().is_ident("error")) {
            let Ok(lit) = a.parse_args::<syn::LitStr>() else {
                continue;
            };
            let fmt = lit.value();
            let mut values: Vec<DataRef> = inline_args(&fmt)
                .into_iter()
                .map(|name| {
                    let declared = fields
                        .iter()
                        .find(|f| f.ident.as_ref().is_some_and(|i| *i == name))
                        .map(|f| {
                            quote::ToTokens::to_token_stream(&f.ty)
                                .to_string()
                                .replace(' ', "")
                        });
                    DataRef {
                        path: vec![name],
                        span: span_of(lit.span()),
                        via: Via::Value,
                        declared_type: declared,
                        value_path: None,
                        through: None,
                    }
                })
                .collect();
            values.retain(|v| !v.path[0].chars().all(|c| c.is_ascii_digit()));
            self.push_sink(
                SinkKind::Error,
                "#[error]".into(),
                span_of(a.span()),
                values,
            );
        }
    }

    fn push_sink(&mut self, kind: SinkKind, callee: String, span: Span, values: Vec<DataRef>) {
        if !values.is_empty() {
            self.sinks_out.push(SinkCall {
                kind,
                callee,
                span,
                values,
            });
        }
    }

    /// Arguments of a formatting macro, split at top-level `,` and `;`.
    fn macro_values(&self, tokens: &TokenStream, skip: usize, out: &mut Vec<DataRef>) {
        for chunk in split_args(tokens).into_iter().skip(skip) {
            self.macro_arg(&chunk, out);
        }
    }

    fn macro_arg(&self, chunk: &[TokenTree], out: &mut Vec<DataRef>) {
        let Some(first) = chunk.first() else {
            return;
        };
        // `target: "x"`, `parent: &span`, `name: "span"`: metadata, not data.
        if let (TokenTree::Ident(_), Some(TokenTree::Punct(p))) = (first, chunk.get(1)) {
            if p.as_char() == ':' && p.spacing() == Spacing::Alone {
                return;
            }
        }
        // A format string: inline arguments are data.
        if chunk.len() == 1 {
            if let TokenTree::Literal(l) = first {
                if let Ok(Lit::Str(s)) = syn::parse_str::<Lit>(&l.to_string()) {
                    for name in inline_args(&s.value()) {
                        out.extend(self.flows.uses(self.scope, &name, span_of(l.span())));
                        out.push(DataRef {
                            path: vec![name],
                            span: span_of(l.span()),
                            via: Via::Value,
                            declared_type: None,
                            value_path: None,
                            through: None,
                        });
                    }
                }
                return;
            }
        }
        // `field = value`, `a.b = %value`, `"key" => value`: the name is a field.
        if let Some(eq) = chunk.iter().position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == Spacing::Alone)) {
            let name_toks = &chunk[..eq];
            let is_field = !name_toks.is_empty()
                && name_toks.iter().all(|t| matches!(t, TokenTree::Ident(_)) || matches!(t, TokenTree::Punct(p) if p.as_char() == '.'));
            if is_field {
                let name: String = name_toks.iter().map(|t| t.to_string()).collect();
                let value = strip_sigil(&chunk[eq + 1..]);
                let first_span = name_toks[0].span();
                let span = Span::new(first_span.byte_range().start, name_toks.last().map_or(0, |t| t.span().byte_range().end));
                let mut vals = Vec::new();
                self.expr_tokens(value, &mut vals);
                let literal_only = value.len() == 1 && matches!(value[0], TokenTree::Literal(_));
                if !literal_only && !self.tokens_sanitized(value) {
                    let segs: Vec<String> = name.split('.').map(String::from).collect();
                    let value_ts: TokenStream = value.iter().cloned().collect();
                    let value_path = syn::parse2::<Expr>(value_ts).ok().and_then(|e| access_path(&e));
                    out.push(DataRef { path: segs, span, via: Via::Field, declared_type: None, value_path, through: None });
                }
                out.extend(vals);
                return;
            }
        }
        if let Some(arrow) = chunk.windows(2).position(|w| matches!((&w[0], &w[1]), (TokenTree::Punct(a), TokenTree::Punct(b)) if a.as_char() == '=' && b.as_char() == '>')) {
            if let TokenTree::Literal(l) = first {
                let key = l.to_string().trim_matches('"').to_string();
                out.push(DataRef { path: vec![key], span: span_of(l.span()), via: Via::Field, declared_type: None, value_path: None, through: None });
            }
            self.expr_tokens(strip_sigil(&chunk[arrow + 2..]), out);
            return;
        }
        self.expr_tokens(strip_sigil(chunk), out);
    }

    fn tokens_sanitized(&self, toks: &[TokenTree]) -> bool {
        let ts: TokenStream = toks.iter().cloned().collect();
        match syn::parse2::<Expr>(ts) {
            Ok(Expr::Call(c)) => expr_name(&c.func).is_some_and(|n| self.cat.is_sanitizer(&n)),
            Ok(Expr::MethodCall(m)) => self.cat.is_sanitizer(&m.method.to_string()),
            _ => false,
        }
    }

    fn expr_tokens(&self, toks: &[TokenTree], out: &mut Vec<DataRef>) {
        if toks.is_empty() {
            return;
        }
        let ts: TokenStream = toks.iter().cloned().collect();
        if let Ok(e) = syn::parse2::<Expr>(ts) {
            self.values(&e, out);
        }
    }

    /// Every value inside an expression that can carry data, walked with an explicit stack.
    fn values(&self, root: &Expr, out: &mut Vec<DataRef>) {
        let mut stack: Vec<&Expr> = vec![root];
        while let Some(e) = stack.pop() {
            if let Some(name) = local_name(e) {
                out.extend(self.flows.uses(self.scope, &name, span_of(e.span())));
            }
            match e {
                Expr::Path(_) | Expr::Field(_) | Expr::Index(_) => match access_path(e) {
                    Some(path) => out.push(DataRef {
                        path,
                        span: span_of(e.span()),
                        via: Via::Value,
                        declared_type: None,
                        value_path: None,
                        through: None,
                    }),
                    None => {
                        if let Expr::Index(i) = e {
                            stack.push(&i.expr);
                        }
                    }
                },
                Expr::MethodCall(m) => {
                    let method = m.method.to_string();
                    if self.cat.is_sanitizer(&method) {
                        continue;
                    }
                    if let Some(path) = access_path(e) {
                        out.push(DataRef {
                            path,
                            span: span_of(e.span()),
                            via: Via::Value,
                            declared_type: None,
                            value_path: None,
                            through: None,
                        });
                    } else if self.cat.is_transparent(&method) {
                        stack.push(&m.receiver);
                        stack.extend(m.args.iter());
                    }
                }
                Expr::Call(c) => {
                    let name = expr_name(&c.func).unwrap_or_default();
                    if self.cat.is_sanitizer(&name) {
                        continue;
                    }
                    if self.cat.is_transparent(&name)
                        || name.ends_with("::from")
                        || name.ends_with("::new") && name.starts_with("String")
                    {
                        stack.extend(c.args.iter());
                    } else if super::is_accessor(name.rsplit("::").next().unwrap_or("")) {
                        out.push(DataRef {
                            path: vec![name.rsplit("::").next().unwrap_or("").to_string()],
                            span: span_of(e.span()),
                            via: Via::Value,
                            declared_type: None,
                            value_path: None,
                            through: None,
                        });
                    }
                }
                Expr::Macro(m) => {
                    let last = m
                        .mac
                        .path
                        .segments
                        .last()
                        .map(|s| s.ident.to_string())
                        .unwrap_or_default();
                    if matches!(
                        last.as_str(),
                        "format" | "format_args" | "concat" | "vec" | "json"
                    ) {
                        self.macro_values(&m.mac.tokens, 0, out);
                    }
                }
                Expr::Reference(r) => stack.push(&r.expr),
                Expr::Paren(p) => stack.push(&p.expr),
                Expr::Group(g) => stack.push(&g.expr),
                Expr::Try(t) => stack.push(&t.expr),
                Expr::Await(a) => stack.push(&a.base),
                Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => stack.push(&u.expr),
                Expr::Binary(b) if matches!(b.op, syn::BinOp::Add(_)) => {
                    stack.push(&b.left);
                    stack.push(&b.right);
                }
                Expr::Tuple(t) => stack.extend(t.elems.iter()),
                Expr::Array(a) => stack.extend(a.elems.iter()),
                Expr::Struct(s) => {
                    for f in &s.fields {
                        if let syn::Member::Named(id) = &f.member {
                            if !matches!(f.expr, Expr::Lit(_)) {
                                out.push(DataRef {
                                    path: vec![id.to_string()],
                                    span: span_of(id.span()),
                                    via: Via::Field,
                                    declared_type: None,
                                    value_path: None,
                                    through: None,
                                });
                            }
                        }
                        stack.push(&f.expr);
                    }
                }
                _ => {}
            }
        }
    }

    /// Fallback for a file syn cannot parse: find `path!(…)` macro calls in the raw tokens.
    fn scan_tokens(&mut self, tokens: &TokenStream) {
        let mut stack = vec![tokens.clone()];
        while let Some(ts) = stack.pop() {
            let toks: Vec<TokenTree> = ts.into_iter().collect();
            for (i, t) in toks.iter().enumerate() {
                if let TokenTree::Group(g) = t {
                    let is_macro_body = i >= 2
                        && matches!(&toks[i - 1], TokenTree::Punct(p) if p.as_char() == '!')
                        && matches!(&toks[i - 2], TokenTree::Ident(_));
                    if is_macro_body && g.delimiter() != Delimiter::None {
                        let mut j = i - 2;
                        while j >= 3
                            && matches!(&toks[j - 1], TokenTree::Punct(p) if p.as_char() == ':')
                            && matches!(&toks[j - 2], TokenTree::Punct(p) if p.as_char() == ':')
                            && matches!(&toks[j - 3], TokenTree::Ident(_))
                        {
                            j -= 3;
                        }
                        let path_ts: TokenStream = toks[j..i - 1].iter().cloned().collect();
                        if let Ok(path) = syn::parse2::<syn::Path>(path_ts) {
                            let mac = syn::Macro {
                                path,
                                bang_token: Default::default(),
                                delimiter: syn::MacroDelimiter::Paren(Default::default()),
                                tokens: g.stream(),
                            };
                            let before = self.sinks_out.len();
                            self.on_macro(&mac);
                            let start = toks[j].span().byte_range().start;
                            let end = g.span().byte_range().end;
                            for s in &mut self.sinks_out[before..] {
                                s.span = Span::new(start, end);
                            }
                        }
                    }
                    stack.push(g.stream());
                }
            }
        }
    }
}

impl Visitor<'_> {
    fn in_fn(&mut self, start: proc_macro2::Span, walk: impl FnOnce(&mut Self)) {
        let outer = self.scope;
        self.scope = start.byte_range().start + 1;
        walk(self);
        self.scope = outer;
    }

    /// `name = value` (or `+=`): what data the local now holds.
    fn bind(&mut self, name: Option<String>, value: &Expr, augmented: bool) {
        let Some(name) = name else { return };
        let mut refs = Vec::new();
        self.values(value, &mut refs);
        self.flows.record(self.scope, &name, refs, augmented);
    }
}

impl Visitor<'_> {
    /// `#[tracing::instrument]` records every argument (Debug for non-primitive types) unless
    /// it is in `skip(…)` or `skip_all`; `fields(…)` records more.
    fn instrumented(&mut self, attrs: &[syn::Attribute], sig: &syn::Signature) {
        let Some(attr) = attrs.iter().find(|a| {
            let segs: Vec<String> = a
                .path()
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            segs.last().is_some_and(|l| l == "instrument")
                && (segs.len() == 1 || segs[0] == "tracing")
        }) else {
            return;
        };
        let mut skipped: Vec<String> = Vec::new();
        let mut skip_all = false;
        let mut values = Vec::new();
        if let syn::Meta::List(list) = &attr.meta {
            for chunk in split_args(&list.tokens) {
                let head = match chunk.first() {
                    Some(TokenTree::Ident(i)) => i.to_string(),
                    _ => continue,
                };
                let group = chunk.iter().find_map(|t| match t {
                    TokenTree::Group(g) => Some(g.stream()),
                    _ => None,
                });
                match (head.as_str(), group) {
                    ("skip_all", _) => skip_all = true,
                    ("skip", Some(g)) => skipped.extend(g.into_iter().filter_map(|t| match t {
                        TokenTree::Ident(i) => Some(i.to_string()),
                        _ => None,
                    })),
                    ("fields", Some(g)) => self.macro_values(&g, 0, &mut values),
                    _ => {}
                }
            }
        }
        if !skip_all {
            for input in &sig.inputs {
                let syn::FnArg::Typed(pt) = input else {
                    continue;
                };
                let syn::Pat::Ident(id) = &*pt.pat else {
                    continue;
                };
                let name = id.ident.to_string();
                if skipped.contains(&name) {
                    continue;
                }
                let ty = &pt.ty;
                values.push(DataRef {
                    path: vec![name],
                    span: span_of(id.ident.span()),
                    via: Via::Value,
                    declared_type: Some(quote::quote!(#ty).to_string().replace(' ', "")),
                    value_path: None,
                    through: None,
                });
            }
        }
        let callee = format!(
            "#[{}]",
            attr.path()
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect::<Vec<_>>()
                .join("::")
        );
        self.push_sink(SinkKind::Log, callee, span_of(attr.span()), values);
    }
}

/// The variable a plain name expression (`msg`) refers to.
fn local_name(e: &Expr) -> Option<String> {
    match e {
        Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            Some(p.path.segments[0].ident.to_string())
        }
        _ => None,
    }
}

/// The variable a `let` pattern binds (`msg`, `msg: String`), if a single one.
fn pat_name(pat: &syn::Pat) -> Option<String> {
    match pat {
        syn::Pat::Type(t) => pat_name(&t.pat),
        syn::Pat::Ident(i) => Some(i.ident.to_string()),
        _ => None,
    }
}

impl<'ast> Visit<'ast> for Visitor<'_> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.instrumented(&f.attrs, &f.sig);
        self.in_fn(f.span(), |v| syn::visit::visit_item_fn(v, f));
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.instrumented(&f.attrs, &f.sig);
        self.in_fn(f.span(), |v| syn::visit::visit_impl_item_fn(v, f));
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        syn::visit::visit_local(self, l);
        if let Some(init) = &l.init {
            self.bind(pat_name(&l.pat), &init.expr, false);
        }
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

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.on_macro(mac);
        // Macros nest (`info!("{}", format!(…))`) only through their tokens, handled above.
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        // anyhow/eyre context: the message becomes part of the error, shown and logged
        // wherever the error is.
        let method = m.method.to_string();
        if matches!(
            method.as_str(),
            "context" | "with_context" | "wrap_err" | "wrap_err_with" | "note" | "with_note"
        ) {
            if let Some(arg) = m.args.first() {
                let body = match arg {
                    Expr::Closure(c) => &*c.body,
                    other => other,
                };
                let mut values = Vec::new();
                if !matches!(body, Expr::Lit(_)) {
                    self.values(body, &mut values);
                }
                self.push_sink(
                    SinkKind::Error,
                    format!(".{method}"),
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

    fn visit_stmt(&mut self, s: &'ast syn::Stmt) {
        self.record_statement(s.span());
        syn::visit::visit_stmt(self, s);
    }

    fn visit_item(&mut self, i: &'ast syn::Item) {
        self.record_statement(i.span());
        syn::visit::visit_item(self, i);
    }

    fn visit_variant(&mut self, v: &'ast syn::Variant) {
        self.error_display(&v.attrs, &v.fields);
        syn::visit::visit_variant(self, v);
    }

    fn visit_item_struct(&mut self, st: &'ast syn::ItemStruct) {
        self.error_display(&st.attrs, &st.fields);
        syn::visit::visit_item_struct(self, st);
    }

    fn visit_field(&mut self, f: &'ast syn::Field) {
        self.record_statement(f.span());
        syn::visit::visit_field(self, f);
    }
}

fn strip_sigil(toks: &[TokenTree]) -> &[TokenTree] {
    match toks.first() {
        Some(TokenTree::Punct(p)) if matches!(p.as_char(), '%' | '?') => &toks[1..],
        _ => toks,
    }
}

fn split_args(ts: &TokenStream) -> Vec<Vec<TokenTree>> {
    let mut out = vec![Vec::new()];
    for t in ts.clone() {
        match &t {
            TokenTree::Punct(p) if matches!(p.as_char(), ',' | ';') => out.push(Vec::new()),
            _ => out.last_mut().expect("never empty").push(t),
        }
    }
    out.retain(|c| !c.is_empty());
    out
}

/// `{email}`, `{user:?}`, `{0}`, `{}`: the named ones only (positional args are separate).
fn inline_args(fmt: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = fmt.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' {
            if b.get(i + 1) == Some(&b'{') {
                i += 2;
                continue;
            }
            let end = fmt[i..].find('}').map(|e| i + e).unwrap_or(b.len());
            let inner = &fmt[i + 1..end];
            let name = inner.split(':').next().unwrap_or("").trim();
            if !name.is_empty()
                && name.chars().all(|c| c.is_alphanumeric() || c == '_')
                && !name.chars().all(|c| c.is_ascii_digit())
            {
                out.push(name.to_string());
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

fn expr_name(e: &Expr) -> Option<String> {
    match e {
        Expr::Path(p) => Some(
            p.path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect::<Vec<_>>()
                .join("::"),
        ),
        _ => None,
    }
}

/// `user.email` → (user, email); `self.config.password` → (self, config, password);
/// `email.as_str()` → (email); `user.get_email()` → (user, get_email).
fn access_path(e: &Expr) -> Option<Vec<String>> {
    let mut segs = Vec::new();
    let mut cur = e;
    loop {
        match cur {
            Expr::Path(p) => {
                if p.qself.is_some() {
                    return None;
                }
                segs.push(p.path.segments.last()?.ident.to_string());
                break;
            }
            Expr::Field(f) => {
                match &f.member {
                    syn::Member::Named(id) => segs.push(id.to_string()),
                    syn::Member::Unnamed(_) => {}
                }
                cur = &f.base;
            }
            Expr::Index(i) => {
                if let Expr::Lit(syn::ExprLit {
                    lit: Lit::Str(s), ..
                }) = &*i.index
                {
                    segs.push(s.value());
                }
                cur = &i.expr;
            }
            Expr::MethodCall(m) => {
                let name = m.method.to_string();
                if name == "get" {
                    if let Some(Expr::Lit(syn::ExprLit {
                        lit: Lit::Str(s), ..
                    })) = m.args.first()
                    {
                        segs.push(s.value());
                    } else {
                        return None;
                    }
                } else if super::is_accessor(&name) {
                    segs.push(name);
                } else if !matches!(
                    name.as_str(),
                    "as_str"
                        | "to_string"
                        | "clone"
                        | "to_owned"
                        | "as_ref"
                        | "as_deref"
                        | "unwrap"
                        | "to_lowercase"
                        | "to_uppercase"
                        | "trim"
                        | "borrow"
                        | "deref"
                        | "into"
                ) {
                    return None;
                }
                cur = &m.receiver;
            }
            Expr::Reference(r) => cur = &r.expr,
            Expr::Paren(p) => cur = &p.expr,
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => cur = &u.expr,
            _ if !segs.is_empty() => break,
            _ => return None,
        }
    }
    segs.reverse();
    Some(segs)
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
    fn inline_format_args() {
        assert_eq!(
            inline_args("{email} {} {0} {user:?} {{x}} {n:>5}"),
            ["email", "user", "n"]
        );
    }

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
}
