//! Types of locals bound from calls and patterns, for whole-object logging: `let u =
//! find_user(id)?` takes the function's declared return type, `if let Some(u) = maybe_user`
//! the scrutinee's, and `ConfigChange::General(config) =>` the variant's payload type.

use std::collections::HashMap;

use syn::visit::Visit;
use syn::{Expr, Pat, ReturnType, Type};

use super::models::struct_of;

#[derive(Default)]
pub(super) struct Tables {
    /// Function or method name → the struct it returns (`Result<T, E>` → `T`).
    returns: HashMap<String, String>,
    /// `Enum::Variant` and `Variant` → the struct its single payload is.
    variants: HashMap<String, String>,
}

pub(super) fn tables(file: &syn::File) -> Tables {
    let mut t = Tables::default();
    t.visit_file(file);
    t
}

fn returned(out: &ReturnType) -> Option<String> {
    let ReturnType::Type(_, ty) = out else {
        return None;
    };
    let mut ty: &Type = ty;
    if let Type::Path(p) = ty {
        let last = p.path.segments.last()?;
        if last.ident == "Result" {
            if let syn::PathArguments::AngleBracketed(a) = &last.arguments {
                if let Some(syn::GenericArgument::Type(ok)) = a.args.first() {
                    ty = ok;
                }
            }
        }
    }
    struct_of(ty)
}

impl<'ast> Visit<'ast> for Tables {
    /// Past the per-file time budget, the rest of the tree is not visited.
    fn visit_expr(&mut self, e: &'ast syn::Expr) {
        if !crate::budget::exhausted() {
            syn::visit::visit_expr(self, e);
        }
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if let Some(t) = returned(&f.sig.output) {
            self.returns.insert(f.sig.ident.to_string(), t);
        }
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if let Some(t) = returned(&f.sig.output) {
            self.returns.insert(f.sig.ident.to_string(), t);
        }
        syn::visit::visit_impl_item_fn(self, f);
    }

    fn visit_item_enum(&mut self, e: &'ast syn::ItemEnum) {
        for v in &e.variants {
            if let syn::Fields::Unnamed(u) = &v.fields {
                if let [only] = u.unnamed.iter().collect::<Vec<_>>()[..] {
                    if let Some(t) = struct_of(&only.ty) {
                        self.variants
                            .insert(format!("{}::{}", e.ident, v.ident), t.clone());
                        self.variants.insert(v.ident.to_string(), t);
                    }
                }
            }
        }
    }
}

impl Tables {
    /// The struct a call returns: `find_user(id)`, `self.load(id).await?`, `repo.get(id).unwrap()`.
    pub(super) fn call_type(&self, e: &Expr) -> Option<String> {
        match e {
            Expr::Try(t) => self.call_type(&t.expr),
            Expr::Await(a) => self.call_type(&a.base),
            Expr::Paren(p) => self.call_type(&p.expr),
            Expr::MethodCall(m)
                if matches!(
                    m.method.to_string().as_str(),
                    "unwrap" | "expect" | "unwrap_or_default" | "clone" | "to_owned"
                ) =>
            {
                self.call_type(&m.receiver)
            }
            Expr::MethodCall(m) => self.returns.get(&m.method.to_string()).cloned(),
            Expr::Call(c) => match &*c.func {
                Expr::Path(p) => {
                    let last = p.path.segments.last()?.ident.to_string();
                    self.returns.get(&last).cloned()
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// `Some(u)` / `Ok(u)` of a typed value, or `Enum::Variant(u)`: the bound name and its type.
    pub(super) fn pattern(
        &self,
        pat: &Pat,
        scrutinee: &Expr,
        var_types: &HashMap<String, String>,
    ) -> Option<(String, String)> {
        let Pat::TupleStruct(ts) = pat else {
            return None;
        };
        let [Pat::Ident(id)] = ts.elems.iter().collect::<Vec<_>>()[..] else {
            return None;
        };
        let segs: Vec<String> = ts
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let ty = match segs.last().map(String::as_str) {
            Some("Some" | "Ok") => match scrutinee {
                Expr::Path(p) if p.path.segments.len() == 1 => var_types
                    .get(&p.path.segments[0].ident.to_string())
                    .cloned(),
                Expr::Reference(r) => match &*r.expr {
                    Expr::Path(p) if p.path.segments.len() == 1 => var_types
                        .get(&p.path.segments[0].ident.to_string())
                        .cloned(),
                    _ => None,
                },
                e => self.call_type(e),
            },
            _ => {
                let key = segs[segs.len().saturating_sub(2)..].join("::");
                self.variants.get(&key).cloned()
            }
        }?;
        Some((id.ident.to_string(), ty))
    }
}
