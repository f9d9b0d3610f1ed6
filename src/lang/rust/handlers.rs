//! Request handlers in Rust: functions taking an extractor (`Json<Signup>`, `web::Form<T>`,
//! `Query<T>`), with the route of an actix attribute on them (`#[post("/signup")]`) or of an
//! axum registration elsewhere (`.route("/signup", post(signup))`).

use syn::visit::Visit;
use syn::{Expr, GenericArgument, PathArguments, Type};

use super::models::span_of;
use crate::facts::{Handler, RouteBinding, Span};

#[derive(Default)]
struct Found {
    handlers: Vec<Handler>,
    routes: Vec<RouteBinding>,
}

pub(super) fn find(file: &syn::File) -> (Vec<Handler>, Vec<RouteBinding>) {
    let mut f = Found::default();
    f.visit_file(file);
    (f.handlers, f.routes)
}

/// The types an extractor parameter deserialises from the request: `Json(p): Json<Signup>`
/// → `Signup`.
fn extracted(ty: &Type, out: &mut Vec<String>) {
    let Type::Path(p) = ty else { return };
    let Some(last) = p.path.segments.last() else {
        return;
    };
    let name = last.ident.to_string();
    if !super::frameworks::any(|f| f.extractors, &name) {
        return;
    }
    let PathArguments::AngleBracketed(a) = &last.arguments else {
        return;
    };
    for arg in &a.args {
        let GenericArgument::Type(inner) = arg else {
            continue;
        };
        let Type::Path(ip) = inner else { continue };
        let Some(seg) = ip.path.segments.last() else {
            continue;
        };
        if matches!(seg.arguments, PathArguments::None) {
            out.push(seg.ident.to_string());
        } else {
            extracted(inner, out);
        }
    }
}

/// `#[post("/signup")]`, `#[get("/")]` (actix-web).
fn attribute_route(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|a| {
        let name = a.path().segments.last()?.ident.to_string();
        if !crate::facts::is_route_method(&name) || name == "route" {
            return None;
        }
        let path: syn::LitStr = a
            .parse_args_with(|s: syn::parse::ParseStream| {
                let p: syn::LitStr = s.parse()?;
                let _: proc_macro2::TokenStream = s.parse()?;
                Ok(p)
            })
            .ok()?;
        Some(crate::facts::route(&name, &path.value()))
    })
}

impl Found {
    fn function(
        &mut self,
        attrs: &[syn::Attribute],
        sig: &syn::Signature,
        body: impl FnOnce() -> Span,
    ) {
        let mut inputs = Vec::new();
        for a in &sig.inputs {
            if let syn::FnArg::Typed(t) = a {
                extracted(&t.ty, &mut inputs);
            }
        }
        if inputs.is_empty() {
            return;
        }
        inputs.sort();
        inputs.dedup();
        self.handlers.push(Handler {
            function: sig.ident.to_string(),
            route: attribute_route(attrs),
            inputs,
            span: span_of(sig.ident.span()),
            body: body(),
        });
    }
}

impl<'ast> Visit<'ast> for Found {
    /// Past the per-file time budget, the rest of the tree is not visited.
    fn visit_expr(&mut self, e: &'ast Expr) {
        if !crate::budget::exhausted() {
            syn::visit::visit_expr(self, e);
        }
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.function(&f.attrs, &f.sig, || super::spans::item_fn(f));
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.function(&f.attrs, &f.sig, || super::spans::impl_item_fn(f));
        syn::visit::visit_impl_item_fn(self, f);
    }

    /// `.route("/signup", post(signup))`, `.route("/x", get(a).post(b))`.
    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        if m.method == "route" {
            if let (Some(Expr::Lit(l)), Some(handler)) = (m.args.first(), m.args.iter().nth(1)) {
                if let syn::Lit::Str(path) = &l.lit {
                    bind(&path.value(), handler, &mut self.routes);
                }
            }
        }
        syn::visit::visit_expr_method_call(self, m);
    }
}

/// Each `verb(handler)` in a method router, chained or not.
fn bind(path: &str, e: &Expr, out: &mut Vec<RouteBinding>) {
    match e {
        Expr::Call(c) => {
            let (Expr::Path(f), Some(Expr::Path(h))) = (&*c.func, c.args.first()) else {
                return;
            };
            let (Some(verb), Some(handler)) = (f.path.segments.last(), h.path.segments.last())
            else {
                return;
            };
            out.push(RouteBinding {
                route: crate::facts::route(&verb.ident.to_string(), path),
                function: handler.ident.to_string(),
            });
        }
        Expr::MethodCall(m) => {
            bind(path, &m.receiver, out);
            if let Some(Expr::Path(h)) = m.args.first() {
                if let Some(handler) = h.path.segments.last() {
                    out.push(RouteBinding {
                        route: crate::facts::route(&m.method.to_string(), path),
                        function: handler.ident.to_string(),
                    });
                }
            }
        }
        _ => {}
    }
}
