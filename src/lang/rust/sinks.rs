//! Rust sinks: log, print, panic and error macros read from their token bodies (format
//! strings with inline args, tracing fields, slog key-values, named args), and, for a file
//! syn cannot parse, the same macros found in its raw tokens.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::{Expr, Lit};

use super::flow::{access_path, expr_name};
use super::{span_of, Visitor};
use crate::facts::{DataRef, SinkCall, SinkKind, Span, Via};

impl Visitor<'_> {
    pub(super) fn macro_kind(&self, path: &syn::Path) -> Option<(SinkKind, String)> {
        let segs = super::models::segments(path);
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

    pub(super) fn on_macro(&mut self, mac: &syn::Macro) {
        if mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "write" || s.ident == "writeln")
        {
            self.on_write(mac);
            return;
        }
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

    /// `Err(format!("no account for {email}"))`: a message built for an error, which is
    /// printed or logged wherever the error ends up, like `bail!`'s.
    pub(super) fn err_message(&mut self, c: &syn::ExprCall) {
        let Expr::Path(p) = &*c.func else { return };
        if !p.path.is_ident("Err") {
            return;
        }
        let Some(Expr::Macro(m)) = c.args.first() else {
            return;
        };
        if !m.mac.path.is_ident("format") {
            return;
        }
        let mut values = Vec::new();
        self.macro_values(&m.mac.tokens, 0, &mut values);
        self.push_sink(
            SinkKind::Error,
            "Err(format!)".into(),
            span_of(c.span()),
            values,
        );
    }

    /// `writeln!(stderr, …)` prints; `write!(buf, …)` puts the values into the local `buf`,
    /// judged wherever `buf` is logged.
    fn on_write(&mut self, mac: &syn::Macro) {
        let args = split_args(&mac.tokens);
        let Some((target, rest)) = args.split_first() else {
            return;
        };
        let target_text: String = target.iter().map(|t| t.to_string()).collect();
        // `buf`, `&mut buf`: the local written into.
        let target_name: String = target
            .iter()
            .filter(|t| match t {
                TokenTree::Punct(p) => p.as_char() != '&',
                TokenTree::Ident(i) => i != "mut",
                _ => true,
            })
            .map(|t| t.to_string())
            .collect();
        let mut values = Vec::new();
        for chunk in rest {
            self.macro_arg(chunk, &mut values);
        }
        let stream = target_text.contains("stdout()")
            || target_text.contains("stderr()")
            || self.streams.contains(&(self.scope, target_name.clone()));
        if stream {
            let callee = format!(
                "{}!",
                mac.path
                    .segments
                    .last()
                    .map_or(String::new(), |s| s.ident.to_string())
            );
            self.push_sink(SinkKind::Print, callee, span_of(mac.span()), values);
        } else if !target_name.is_empty()
            && target_name.chars().all(|c| c.is_alphanumeric() || c == '_')
        {
            self.flows.record(self.scope, &target_name, values, true);
        }
    }

    /// What each value is known to hold by where it comes from: a map read whole
    /// (`req.headers()`) or an element read by key (`headers.get(header::COOKIE)`), known by
    /// its path or its parameter's type (`headers: &HeaderMap`), or a parameter of a known type.
    pub(super) fn attach_sources(&self, values: &mut [DataRef]) {
        let sources = &self.cat.sources.rust;
        for v in values.iter_mut().filter(|v| v.source.is_none()) {
            let ty = self.param_types.get(&(self.scope, v.path[0].clone()));
            if v.path.len() > 1 && v.via == Via::Value {
                // A map read whole (`req.headers()`), or an element read by key
                // (`headers.get(header::COOKIE)`) of a map known by its path or by its
                // parameter's type (`headers: &HeaderMap`).
                let typed = ty.map(|t| {
                    let mut p = v.path.clone();
                    p[0] = crate::catalog::type_head(t).to_string();
                    p
                });
                if let Some(d) = sources
                    .value(&v.path)
                    .or_else(|| sources.element(&v.path))
                    .or_else(|| sources.element(typed.as_deref()?))
                {
                    v.source = Some(d.source(&v.path.join(".")));
                }
                continue;
            }
            let (1, Some(ty)) = (v.path.len(), ty) else {
                continue;
            };
            if let Some(d) = sources.of_type(ty) {
                v.source = Some(d.source(&format!("{}: {ty}", v.path[0])));
            }
            v.declared_type.get_or_insert_with(|| ty.clone());
        }
    }

    pub(super) fn push_sink(
        &mut self,
        kind: SinkKind,
        callee: String,
        span: Span,
        mut values: Vec<DataRef>,
    ) {
        self.attach_sources(&mut values);
        // A credential endpoint's body in an error about it, or where the request failed.
        crate::catalog::Responses::leave_out_complaints(&mut values, kind, || self.failing > 0);
        self.functions.sink(span, &values, kind, &callee);
        let function = self.functions.current(span.start as usize);
        if !values.is_empty() {
            self.sinks_out.push(SinkCall {
                kind,
                callee,
                span,
                values,
                vendor: None,
                function,
            });
        }
    }

    /// Arguments of a formatting macro, split at top-level `,` and `;`.
    pub(super) fn macro_values(&self, tokens: &TokenStream, skip: usize, out: &mut Vec<DataRef>) {
        for chunk in split_args(tokens).into_iter().skip(skip) {
            self.macro_arg(&chunk, out);
        }
    }

    pub(super) fn macro_arg(&self, chunk: &[TokenTree], out: &mut Vec<DataRef>) {
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
                        out.push(DataRef::new(vec![name], span_of(l.span()), Via::Value));
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
                // `user.email = tracing::field::Empty`: a span field declared now, recorded
                // later (the `record` call is where a value would be).
                let empty = matches!(value.last(), Some(TokenTree::Ident(i)) if i == "Empty");
                let literal_only = empty || (value.len() == 1 && matches!(value[0], TokenTree::Literal(_)));
                if !literal_only && !self.tokens_sanitized(value) {
                    let segs: Vec<String> = name.split('.').map(String::from).collect();
                    let value_ts: TokenStream = value.iter().cloned().collect();
                    let value_path = syn::parse2::<Expr>(value_ts).ok().and_then(|e| access_path(&e));
                    out.push(DataRef { path: segs, span, via: Via::Field, declared_type: None, value_path, through: None, source: None });
                }
                out.extend(vals);
                return;
            }
        }
        if let Some(arrow) = chunk.windows(2).position(|w| matches!((&w[0], &w[1]), (TokenTree::Punct(a), TokenTree::Punct(b)) if a.as_char() == '=' && b.as_char() == '>')) {
            if let TokenTree::Literal(l) = first {
                let key = l.to_string().trim_matches('"').to_string();
                out.push(DataRef::new(vec![key], span_of(l.span()), Via::Field));
            }
            self.expr_tokens(strip_sigil(&chunk[arrow + 2..]), out);
            return;
        }
        self.expr_tokens(strip_sigil(chunk), out);
    }

    pub(super) fn tokens_sanitized(&self, toks: &[TokenTree]) -> bool {
        let ts: TokenStream = toks.iter().cloned().collect();
        match syn::parse2::<Expr>(ts) {
            Ok(Expr::Call(c)) => expr_name(&c.func).is_some_and(|n| self.cat.is_sanitizer(&n)),
            Ok(Expr::MethodCall(m)) => self.cat.is_sanitizer(&m.method.to_string()),
            _ => false,
        }
    }

    pub(super) fn expr_tokens(&self, toks: &[TokenTree], out: &mut Vec<DataRef>) {
        if toks.is_empty() {
            return;
        }
        let ts: TokenStream = toks.iter().cloned().collect();
        if let Ok(e) = syn::parse2::<Expr>(ts) {
            self.values(&e, out);
        }
    }

    /// Fallback for a file syn cannot parse: find `path!(…)` macro calls in the raw tokens.
    pub(super) fn scan_tokens(&mut self, tokens: &TokenStream) {
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

pub(super) fn strip_sigil(toks: &[TokenTree]) -> &[TokenTree] {
    match toks.first() {
        Some(TokenTree::Punct(p)) if matches!(p.as_char(), '%' | '?') => &toks[1..],
        _ => toks,
    }
}

pub(super) fn split_args(ts: &TokenStream) -> Vec<Vec<TokenTree>> {
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
pub(super) fn inline_args(fmt: &str) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::inline_args;

    #[test]
    fn inline_format_args() {
        assert_eq!(
            inline_args("{email} {} {0} {user:?} {{x}} {n:>5}"),
            ["email", "user", "n"]
        );
    }
}
