//! Rust request data kept whole in a record: a struct literal of a row or SeaORM active model
//! (`visit::ActiveModel { origin: Set(addr.to_string()), .. }`), diesel's `.values((
//! visits::origin.eq(ip), …))`, an sqlx `INSERT` (`query!("INSERT INTO visits (origin)
//! VALUES ($1)", ip)`, `query("…").bind(ip)`). What counts as such data is
//! `rules/sources.toml`'s `stored` table, by path (`req.headers()`) or by a parameter's
//! declared type (`headers: HeaderMap`).

use syn::spanned::Spanned;
use syn::{Expr, Lit};

use super::models::segments;
use super::{span_of, Visitor};
use crate::facts::{Source, Span, StoredInput, Target};

impl Visitor<'_> {
    /// `visit::ActiveModel { origin: Set(ip), .. }`, `NewVisit { origin: ip, .. }`.
    pub(super) fn struct_write(&mut self, s: &syn::ExprStruct) {
        let target = match segments(&s.path).as_slice() {
            [.., module, last] if last == "ActiveModel" || last == "Model" => module.clone(),
            [.., last] => last.clone(),
            [] => return,
        };
        for f in &s.fields {
            if let syn::Member::Named(id) = &f.member {
                let target = Target::Name(target.clone());
                self.store(
                    target,
                    &id.to_string(),
                    unwrap_set(&f.expr),
                    span_of(f.span()),
                );
            }
        }
    }

    /// diesel `.values((visits::origin.eq(ip), …))` and `.set(visits::origin.eq(ip))`.
    pub(super) fn diesel_write(&mut self, m: &syn::ExprMethodCall) {
        if m.method != "values" && m.method != "set" {
            return;
        }
        let mut stack: Vec<&Expr> = m.args.iter().collect();
        while let Some(e) = stack.pop() {
            match e {
                Expr::Tuple(t) => stack.extend(t.elems.iter()),
                Expr::Reference(r) => stack.push(&r.expr),
                Expr::Paren(p) => stack.push(&p.expr),
                Expr::MethodCall(eq) if eq.method == "eq" => {
                    let (Expr::Path(p), Some(v)) = (&*eq.receiver, eq.args.first()) else {
                        continue;
                    };
                    if let [.., table, column] = segments(&p.path).as_slice() {
                        let target = Target::Table(table.clone());
                        self.store(target, column, v, span_of(eq.span()));
                    }
                }
                _ => {}
            }
        }
    }

    /// sqlx `query!("INSERT …", a, b)` (and `query_as!`, `query_scalar!`).
    pub(super) fn sql_macro_write(&mut self, mac: &syn::Macro) {
        let name = mac.path.segments.last().map(|s| s.ident.to_string());
        if !name.is_some_and(|n| n.starts_with("query")) {
            return;
        }
        let parser = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        let Ok(args) = mac.parse_body_with(parser) else {
            return;
        };
        let args: Vec<&Expr> = args.iter().collect();
        let Some(at) = args.iter().position(|a| sql_text(a).is_some()) else {
            return;
        };
        let sql = sql_text(args[at]).unwrap_or_default();
        self.sql_write(&sql, &args[at + 1..], span_of(mac.span()));
    }

    /// sqlx `query("INSERT …").bind(a).bind(b)`, seen from its outermost `.bind`.
    pub(super) fn sql_bind_write(&mut self, m: &syn::ExprMethodCall) {
        if m.method != "bind" {
            return;
        }
        let mut binds: Vec<&Expr> = Vec::new();
        let mut cur: &Expr = &m.receiver;
        binds.extend(m.args.first());
        while let Expr::MethodCall(r) = cur {
            if r.method != "bind" {
                return;
            }
            binds.extend(r.args.first());
            cur = &r.receiver;
        }
        let Expr::Call(c) = cur else { return };
        let Expr::Path(f) = &*c.func else { return };
        let last = f.path.segments.last().map(|s| s.ident.to_string());
        if !last.is_some_and(|l| l.starts_with("query"))
            || !self.sql_chains.insert(c.span().byte_range().start)
        {
            return;
        }
        let Some(sql) = c.args.first().and_then(sql_text) else {
            return;
        };
        binds.reverse();
        self.sql_write(&sql, &binds, span_of(m.span()));
    }

    fn sql_write(&mut self, sql: &str, binds: &[&Expr], span: Span) {
        let Some(ins) = crate::lang::sql::insert(sql) else {
            return;
        };
        for (column, i) in &ins.columns {
            if let Some(v) = binds.get(*i) {
                self.store(Target::Table(ins.table.clone()), column, v, span);
            }
        }
    }

    fn store(&mut self, target: Target, field: &str, value: &Expr, span: Span) {
        if let Some(source) = self.stored_source(value) {
            self.stored_inputs.push(StoredInput {
                target,
                field: field.to_string(),
                source,
                span,
            });
        }
    }

    /// What makes a value request data kept whole: its method chain (`req.peer_addr()`), the
    /// paths it carries, or the declared type of the parameter it is (`headers: HeaderMap`).
    fn stored_source(&self, value: &Expr) -> Option<Source> {
        let sources = &self.cat.sources.rust;
        if let Some(chain) = chain(value) {
            if let Some(d) = sources.stored(&chain) {
                return Some(d.source(&format!("{}()", chain.join("."))));
            }
        }
        let mut refs = Vec::new();
        self.values(value, &mut refs);
        sources.stored_in(&refs).or_else(|| {
            refs.iter().find_map(|r| {
                let [name] = r.path.as_slice() else {
                    return None;
                };
                let ty = self.param_types.get(&(self.scope, name.clone()))?;
                let d = sources.stored_type(ty)?;
                Some(d.source(&format!("{name}: {ty}")))
            })
        })
    }
}

/// `Set(x)`, `ActiveValue::Set(x)`, `Some(x)`: the value inside.
fn unwrap_set(e: &Expr) -> &Expr {
    match e {
        Expr::Call(c) if c.args.len() == 1 => match &*c.func {
            Expr::Path(p)
                if p.path
                    .segments
                    .last()
                    .is_some_and(|s| matches!(s.ident.to_string().as_str(), "Set" | "Some")) =>
            {
                unwrap_set(&c.args[0])
            }
            _ => e,
        },
        _ => e,
    }
}

/// A value's receiver chain, calls included, without the conversions around it:
/// `req.connection_info().realip_remote_addr().unwrap_or_default().to_string()` →
/// `req`, `connection_info`, `realip_remote_addr`.
fn chain(e: &Expr) -> Option<Vec<String>> {
    const CONVERSIONS: &[&str] = &[
        "to_string",
        "to_owned",
        "clone",
        "unwrap",
        "unwrap_or_default",
        "unwrap_or",
        "map",
        "ok",
        "as_str",
        "into",
        "ip",
    ];
    let mut segs = Vec::new();
    let mut cur = e;
    loop {
        match cur {
            Expr::MethodCall(m) => {
                let name = m.method.to_string();
                if !(segs.is_empty() && CONVERSIONS.contains(&name.as_str())) {
                    segs.push(name);
                }
                cur = &m.receiver;
            }
            Expr::Field(f) => {
                if let syn::Member::Named(id) = &f.member {
                    segs.push(id.to_string());
                }
                cur = &f.base;
            }
            Expr::Reference(r) => cur = &r.expr,
            Expr::Paren(p) => cur = &p.expr,
            Expr::Path(p) => {
                segs.push(p.path.segments.last()?.ident.to_string());
                break;
            }
            _ => return None,
        }
    }
    segs.reverse();
    Some(segs)
}

/// A string literal's text (`"INSERT …"`, `r#"…"#`).
fn sql_text(e: &Expr) -> Option<String> {
    match e {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) => Some(s.value()),
        _ => None,
    }
}
