//! Rust deletion evidence: what a delete names (`diesel::delete(self)`, `delete(&lead)`, a
//! query held in a local, `self.get_user_model(n).await?.delete(db)`), and `.delete()`-style
//! method calls.

use syn::spanned::Spanned;
use syn::Expr;

use super::models::{segments, span_of, Models};
use crate::facts::{Deletion, DeletionKind, Target};

impl Models {
    /// What a delete call's argument names, with what the file knows of locals: `self` in
    /// `impl Customer`, `l: &Lead`, `let q = contacts::table.filter(…)`.
    pub(super) fn deleted_by(&self, e: &Expr) -> Option<Target> {
        let mut cur = e;
        while let Expr::Reference(syn::ExprReference { expr, .. })
        | Expr::Paren(syn::ExprParen { expr, .. }) = cur
        {
            cur = expr;
        }
        if let Expr::Path(p) = cur {
            if let Some(id) = p.path.get_ident().map(ToString::to_string) {
                if let Some(t) = self.var_tables.get(&id) {
                    return Some(Target::Table(t.clone()));
                }
                let at = span_of(cur.span()).start;
                if let Some(t) = self.type_of_at(&id, at) {
                    return Some(Target::Entity(t));
                }
            }
        }
        Self::delete_target(e)
    }

    /// The first path in a deleted expression: `users::table.filter(…)` → users,
    /// `users.find(id)` → users, `&user` → user.
    pub(super) fn delete_target(e: &Expr) -> Option<Target> {
        let mut cur = e;
        loop {
            match cur {
                Expr::Reference(r) => cur = &r.expr,
                Expr::Paren(p) => cur = &p.expr,
                Expr::Try(t) => cur = &t.expr,
                Expr::Await(a) => cur = &a.base,
                // `self.get_user_model(name).await?.delete(db)`: a getter names what it gets.
                Expr::MethodCall(m)
                    if ["get_", "find_", "fetch_", "load_"]
                        .iter()
                        .any(|p| m.method.to_string().starts_with(p)) =>
                {
                    let method = m.method.to_string();
                    let what = method.split_once('_').map_or("", |(_, w)| w);
                    let what = what.split("_by").next().unwrap_or(what);
                    if what.is_empty() {
                        return None;
                    }
                    return Some(Target::Name(what.to_string()));
                }
                Expr::MethodCall(m) => cur = &m.receiver,
                Expr::Call(c) => cur = &c.func,
                Expr::Field(f) => {
                    if let syn::Member::Named(n) = &f.member {
                        return Some(Target::Name(n.to_string()));
                    }
                    cur = &f.base;
                }
                Expr::Path(p) => {
                    let segs = segments(&p.path);
                    let first = segs.iter().find(|s| {
                        !matches!(s.as_str(), "crate" | "schema" | "self" | "super" | "dsl")
                    })?;
                    return Some(if segs.len() > 1 || segs[0].ends_with('s') {
                        Target::Table(first.clone())
                    } else {
                        Target::Name(first.clone())
                    });
                }
                _ => return None,
            }
        }
    }

    /// `model.delete(db)`, `user::Entity::delete_by_id(…)` (SeaORM's is also a call).
    pub(super) fn method_delete(&mut self, m: &syn::ExprMethodCall, method: &str) {
        if matches!(
            method,
            "delete_by_id" | "delete_many" | "delete_one" | "delete" | "remove" | "delete_all"
        ) {
            // SeaORM `user::Entity::delete_by_id(…)` is a call, `model.delete(db)` a method.
            let target = match &*m.receiver {
                Expr::Path(p) => {
                    let segs = segments(&p.path);
                    segs.iter()
                        .rev()
                        .find(|s| *s != "Entity")
                        .cloned()
                        .map(Target::Name)
                }
                other => Self::delete_target(other),
            };
            if let Some(t) = target {
                self.facts.deletions.push(Deletion {
                    target: t,
                    kind: DeletionKind::Delete,
                    span: span_of(m.span()),
                    how: format!("`.{method}()`"),
                    fields: Vec::new(),
                });
            }
        }
    }
}
