//! Responses of endpoints that answer with credentials (`rules/sources.toml`'s
//! `[responses]`): `let resp = client.post(TOKEN_URL).form(&p).send().await?` binds a
//! response whose body (`resp.text().await?`, `….send().await?.json().await?`) is a secret,
//! and `let url = format!("{base}/oauth/token")` a URL naming such an endpoint.

use syn::Expr;

use super::Visitor;
use crate::catalog::Responses;
use crate::facts::{Mark, Source};

/// Builder methods between the request and its sending (`.form(&p)`, `.bearer_auth(t)`).
const BUILDER: &[&str] = &[
    "form",
    "json",
    "query",
    "header",
    "headers",
    "basic_auth",
    "bearer_auth",
    "body",
    "timeout",
    "version",
];

fn unwrapped(mut e: &Expr) -> &Expr {
    loop {
        e = match e {
            Expr::Try(t) => &t.expr,
            Expr::Await(a) => &a.base,
            Expr::Paren(p) => &p.expr,
            Expr::Reference(r) => &r.expr,
            Expr::Group(g) => &g.expr,
            _ => return e,
        };
    }
}

impl Visitor<'_> {
    /// What `let var = value` binds beside data: a credential endpoint's URL, or the
    /// response of a request to one.
    pub(super) fn mark_of(&self, value: &Expr) -> Option<Mark> {
        match unwrapped(value) {
            e @ (Expr::Lit(_) | Expr::Macro(_)) => self.credential_url(e).map(Mark::CredentialUrl),
            e => self.credential_response(e).map(|source| Mark::Response {
                source,
                whole: false,
            }),
        }
    }

    /// `client.post(TOKEN_URL).form(&p).send().await?` (reqwest), `ureq::post(url).send_form(…)`:
    /// a request to an endpoint that answers with credentials, sent, as the source its body is.
    fn credential_response(&self, e: &Expr) -> Option<Source> {
        let mut cur = unwrapped(e);
        let mut sent = false;
        loop {
            let Expr::MethodCall(m) = cur else {
                let Expr::Call(c) = cur else { return None };
                // `ureq::post(url)`: a function of the client's crate.
                let name = super::flow::expr_name(&c.func)?;
                let last = name.rsplit("::").next().unwrap_or(&name);
                if !sent || !self.cat.sources.responses.is_request(last) {
                    return None;
                }
                let url = c.args.first().and_then(|a| self.credential_url(a))?;
                return Some(Responses::source(&format!("{name}(…)"), &url));
            };
            let method = m.method.to_string();
            if method.starts_with("send") || method == "call" {
                sent = true;
            } else if self.cat.sources.responses.is_request(&method) {
                if !sent {
                    return None;
                }
                let url = m.args.iter().take(2).find_map(|a| self.credential_url(a))?;
                return Some(Responses::source(&format!(".{method}(…)"), &url));
            } else if !BUILDER.contains(&method.as_str()) {
                return None;
            }
            cur = unwrapped(&m.receiver);
        }
    }

    /// A URL naming an endpoint that answers with credentials: a literal, a `format!` whose
    /// text holds one, a constant or field named for it (`TOKEN_URL`), or a local bound to one.
    fn credential_url(&self, e: &Expr) -> Option<String> {
        let responses = &self.cat.sources.responses;
        match unwrapped(e) {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => {
                let v = s.value();
                responses.credential_url(&v).then_some(v)
            }
            Expr::Macro(m) => {
                let text = m.mac.tokens.to_string();
                let name = m.mac.path.segments.last().map(|s| s.ident.to_string());
                responses
                    .credential_url(&text)
                    .then(|| format!("{}!(…)", name.unwrap_or_default()))
            }
            Expr::Field(f) => match &f.member {
                syn::Member::Named(id) => {
                    let name = id.to_string();
                    responses.credential_url_name(&name).then_some(name)
                }
                syn::Member::Unnamed(_) => None,
            },
            Expr::MethodCall(m)
                if matches!(
                    m.method.to_string().as_str(),
                    "as_str" | "clone" | "to_string"
                ) =>
            {
                self.credential_url(&m.receiver)
            }
            e @ Expr::Path(_) => {
                let name = super::flow::expr_name(e)?;
                let last = name.rsplit("::").next().unwrap_or(&name);
                if responses.credential_url_name(last) {
                    return Some(last.to_string());
                }
                let url = self
                    .flows
                    .credential_url(std::iter::once(self.scope), &name)?;
                Some(url.to_string())
            }
            _ => None,
        }
    }

    /// Whether an `if` condition tests a status, an `ok` or an error (`!resp.status()
    /// .is_success()`), once a response is bound: a body read under it is the endpoint's
    /// complaint ([`crate::lang::ts::in_failure_branch`] for the other front-ends).
    pub(super) fn tests_failure(&self, cond: &Expr) -> bool {
        fn names(e: &Expr, out: &mut Vec<String>) {
            match e {
                Expr::MethodCall(m) => {
                    out.push(m.method.to_string());
                    names(&m.receiver, out);
                }
                Expr::Field(f) => {
                    if let syn::Member::Named(id) = &f.member {
                        out.push(id.to_string());
                    }
                    names(&f.base, out);
                }
                Expr::Path(p) => out.extend(p.path.segments.iter().map(|s| s.ident.to_string())),
                Expr::Unary(u) => names(&u.expr, out),
                Expr::Binary(b) => {
                    names(&b.left, out);
                    names(&b.right, out);
                }
                Expr::Paren(p) => names(&p.expr, out),
                Expr::Let(l) => names(&l.expr, out),
                _ => {}
            }
        }
        if !self.flows.has_marks() {
            return false;
        }
        let mut found = Vec::new();
        names(cond, &mut found);
        found.iter().any(|w| {
            let w = w.to_ascii_lowercase();
            w == "ok" || w.contains("status") || w.contains("error")
        })
    }

    /// A read of a credential endpoint's response body: `resp.text()`, `resp.json::<T>()`,
    /// `….send().await?.bytes()`.
    pub(super) fn response_body(&self, m: &syn::ExprMethodCall) -> Option<Source> {
        let method = m.method.to_string();
        if !m.args.is_empty() || !(self.cat.sources.responses.is_body(&method) || method == "bytes")
        {
            return None;
        }
        let receiver = unwrapped(&m.receiver);
        if let Some(var) = super::flow::local_name(receiver) {
            let (source, _) = self.flows.response(std::iter::once(self.scope), &var)?;
            return Some(source.clone());
        }
        self.credential_response(receiver)
    }
}
