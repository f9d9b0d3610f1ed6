//! Rust values and local data flow: which access paths an expression carries into a sink,
//! and what each `let` binding holds within its function.

use syn::spanned::Spanned;
use syn::{Expr, Lit};

use super::{span_of, Visitor};
use crate::facts::{DataRef, Via};
use crate::lang::is_accessor;

impl Visitor<'_> {
    pub(super) fn in_fn(
        &mut self,
        span: crate::facts::Span,
        sig: &syn::Signature,
        walk: impl FnOnce(&mut Self),
    ) {
        let outer = self.scope;
        self.scope = span.start as usize + 1;
        // `to: Mailbox`: a parameter's declared type is evidence wherever it is used.
        let mut params = Vec::new();
        for input in &sig.inputs {
            let syn::FnArg::Typed(pt) = input else {
                continue;
            };
            let name = match &*pt.pat {
                syn::Pat::Ident(id) => id.ident.to_string(),
                // `Json(body): Json<Value>`, `Form(input): Form<Login>`: the extractor's inner
                // binding holds what the type wraps.
                syn::Pat::TupleStruct(ts) => match ts.elems.iter().collect::<Vec<_>>()[..] {
                    [syn::Pat::Ident(id)] => id.ident.to_string(),
                    _ => String::new(),
                },
                _ => String::new(),
            };
            if !name.is_empty() {
                let ty = &pt.ty;
                let ty = quote::quote!(#ty).to_string().replace(' ', "");
                self.param_types.insert((self.scope, name.clone()), ty);
            }
            params.push(name);
        }
        self.functions.enter(
            span.start as usize,
            span.end as usize,
            &sig.ident.to_string(),
            params,
            None,
        );
        walk(self);
        self.scope = outer;
    }

    /// `for (name, value) in std::env::vars()`, `for v in headers.values()`: the loop's value
    /// variable holds what the map holds (every secret of the environment, every header), when
    /// that is known by where it comes from. A key is only a name.
    pub(super) fn loop_value(&mut self, pat: &syn::Pat, iterated: &Expr) {
        fn unwrapped<'e>(e: &'e Expr, names: &[&str]) -> Option<&'e Expr> {
            match e {
                Expr::MethodCall(m) if m.args.is_empty() && names.iter().any(|n| m.method == n) => {
                    Some(&*m.receiver)
                }
                _ => None,
            }
        }
        let (target, map) = match pat {
            syn::Pat::Tuple(t) if t.elems.len() == 2 => (
                &t.elems[1],
                unwrapped(iterated, &["iter", "into_iter"]).unwrap_or(iterated),
            ),
            syn::Pat::Ident(_) => match unwrapped(iterated, &["values", "into_values"]) {
                Some(map) => (pat, map),
                None => return,
            },
            _ => return,
        };
        let syn::Pat::Ident(id) = target else { return };
        let mut refs = Vec::new();
        self.values(map, &mut refs);
        self.attach_sources(&mut refs);
        self.flows
            .record_loop_value(self.scope, &id.ident.to_string(), refs);
    }

    /// `name = value` (or `+=`): what data the local now holds.
    pub(super) fn bind(&mut self, name: Option<String>, value: &Expr, augmented: bool) {
        let Some(name) = name else { return };
        let mut refs = Vec::new();
        self.values(value, &mut refs);
        self.flows.record(self.scope, &name, refs, augmented);
        if let Some(m) = self.mark_of(value).filter(|_| !augmented) {
            self.flows.mark(self.scope, &name, m);
        }
    }

    /// Every value inside an expression that can carry data, walked with an explicit stack.
    pub(super) fn values(&self, root: &Expr, out: &mut Vec<DataRef>) {
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
                        source: None,
                    }),
                    None => {
                        if let Expr::Index(i) = e {
                            stack.push(&i.expr);
                        }
                    }
                },
                Expr::MethodCall(m) => {
                    if let Some(source) = self.response_body(m) {
                        let shown = format!(".{}()", m.method);
                        out.push(DataRef::sourced(shown, span_of(e.span()), source));
                        continue;
                    }
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
                            source: None,
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
                    let sources = &self.cat.sources.rust;
                    if let Some(src) = sources.call(&name) {
                        let shown = format!("{name}(…)");
                        out.push(DataRef::sourced(
                            shown.clone(),
                            span_of(e.span()),
                            src.source(&shown),
                        ));
                        continue;
                    }
                    if sources.is_env_lookup(&name) {
                        // `env::var("STRIPE_SECRET_KEY")`: the variable's name says what it is.
                        if let Some(Expr::Lit(syn::ExprLit {
                            lit: Lit::Str(k), ..
                        })) = c.args.first()
                        {
                            out.push(DataRef::new(vec![k.value()], span_of(k.span()), Via::Key));
                        }
                        continue;
                    }
                    if self.cat.is_transparent(&name)
                        || name.ends_with("::from")
                        || name.ends_with("::new") && name.starts_with("String")
                    {
                        stack.extend(c.args.iter());
                    } else if is_accessor(name.rsplit("::").next().unwrap_or("")) {
                        out.push(DataRef::new(
                            vec![name.rsplit("::").next().unwrap_or("").to_string()],
                            span_of(e.span()),
                            Via::Value,
                        ));
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
                                out.push(DataRef::new(
                                    vec![id.to_string()],
                                    span_of(id.span()),
                                    Via::Field,
                                ));
                            }
                        }
                        stack.push(&f.expr);
                    }
                }
                _ => {}
            }
        }
    }
}

/// The variable a plain name expression (`msg`) refers to.
pub(super) fn local_name(e: &Expr) -> Option<String> {
    match e {
        Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            Some(p.path.segments[0].ident.to_string())
        }
        _ => None,
    }
}

/// The variable a `let` pattern binds (`msg`, `msg: String`), if a single one.
pub(super) fn pat_name(pat: &syn::Pat) -> Option<String> {
    match pat {
        syn::Pat::Type(t) => pat_name(&t.pat),
        syn::Pat::Ident(i) => Some(i.ident.to_string()),
        _ => None,
    }
}

pub(super) fn expr_name(e: &Expr) -> Option<String> {
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
pub(super) fn access_path(e: &Expr) -> Option<Vec<String>> {
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
                    match m.args.first() {
                        Some(Expr::Lit(syn::ExprLit {
                            lit: Lit::Str(s), ..
                        })) => segs.push(s.value()),
                        // `headers.get(header::COOKIE)`: the constant names the key.
                        Some(Expr::Path(p)) if is_header_constant(p) => {
                            segs.push(p.path.segments.last()?.ident.to_string())
                        }
                        _ => return None,
                    }
                } else if is_accessor(&name) || name == "headers" && m.args.is_empty() {
                    // `req.headers()`: the http crate's getter of the header map.
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

/// `header::COOKIE`, `http::header::AUTHORIZATION`: a header-name constant of the `http` crate.
fn is_header_constant(p: &syn::ExprPath) -> bool {
    let segs = &p.path.segments;
    segs.len() >= 2
        && segs[segs.len() - 2].ident == "header"
        && segs.last().is_some_and(|s| {
            let id = s.ident.to_string();
            id.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
        })
}
