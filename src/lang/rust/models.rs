//! Rust data models for the repository rules: entities claimed by `frameworks/` from their
//! derives (serde inputs, sqlx rows, diesel models and `table!`, SeaORM), `Debug` structs and
//! enums; field reads (including inside macro bodies); deletion evidence (delete methods,
//! framework deletes, SQL in string literals).

use std::collections::HashSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, Type};

use super::frameworks::{self, StructCx, REGISTRY};
use crate::facts::{Entity, Field, Framework, ModelFacts, Span, Target};

#[derive(Default)]
pub struct Models {
    pub facts: ModelFacts,
    /// Field accesses copied into a same-named struct field, by their member token.
    pub(super) not_read: HashSet<(usize, usize)>,
    /// Types with a hand-written `Debug`.
    custom_debug: Vec<String>,
    /// Locals and parameters of a known struct type (`user: &User`, `let u = User { … }`).
    var_types: std::collections::HashMap<String, String>,
    /// Locals holding a query on a table (`let q = contacts::table.filter(…)`), by name.
    pub(super) var_tables: std::collections::HashMap<String, String>,
    /// Links declared apart from their entity's struct (SeaORM's `Relation` enum), attached
    /// by the framework's `finish`.
    pub(super) pending_links: Vec<crate::facts::Link>,
    /// The table a `fn table_name` returns (SeaORM's expanded entity format).
    pub(super) declared_table: Option<String>,
    /// `impl Customer { … }` blocks: what `self` is inside them.
    impls: Vec<(Span, String)>,
    /// Return and variant payload types, for locals bound from calls and patterns.
    pub(super) bindings: super::bindings::Tables,
}

pub(super) fn span_of(s: proc_macro2::Span) -> Span {
    let r = s.byte_range();
    Span::new(r.start, r.end)
}

/// A field access is known by its member's token, which no other access shares: cheaper
/// than its whole span, which syn finds by printing the base expression.
fn member_at(m: &syn::Member) -> (usize, usize) {
    match m {
        syn::Member::Named(n) => range(n.span()),
        syn::Member::Unnamed(i) => range(i.span),
    }
}

pub(super) fn range(s: proc_macro2::Span) -> (usize, usize) {
    let r = s.byte_range();
    (r.start, r.end)
}

pub(super) fn segments(p: &syn::Path) -> Vec<String> {
    p.segments.iter().map(|s| s.ident.to_string()).collect()
}

pub(super) fn last_ident(p: &syn::Path) -> String {
    p.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

pub(super) fn type_text(t: &Type) -> String {
    t.to_token_stream().to_string().replace(' ', "")
}

/// Derives and attribute arguments, as plain text: `Debug, Deserialize, sqlx::FromRow`.
pub(super) fn attr_text(attrs: &[syn::Attribute], name: &str) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident(name))
        .map(|a| a.meta.to_token_stream().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `&User`, `Option<User>`, `Json<User>`, `Vec<User>` → `User`.
pub(super) fn struct_of(t: &Type) -> Option<String> {
    let mut t = t;
    loop {
        match t {
            Type::Reference(r) => t = &r.elem,
            Type::Paren(p) => t = &p.elem,
            Type::Path(p) => {
                let last = p.path.segments.last()?;
                let name = last.ident.to_string();
                if let syn::PathArguments::AngleBracketed(a) = &last.arguments {
                    if matches!(
                        name.as_str(),
                        "Option"
                            | "Box"
                            | "Arc"
                            | "Rc"
                            | "Json"
                            | "Form"
                            | "Vec"
                            | "Query"
                            | "Data"
                    ) {
                        if let Some(syn::GenericArgument::Type(inner)) = a.args.first() {
                            t = inner;
                            continue;
                        }
                    }
                }
                return name
                    .starts_with(|c: char| c.is_ascii_uppercase())
                    .then_some(name);
            }
            _ => return None,
        }
    }
}

impl Models {
    pub fn type_of(&self, name: &str) -> Option<String> {
        self.var_types.get(name).cloned()
    }

    /// The type of a local at a byte offset: `self` is the innermost `impl`'s type.
    pub fn type_of_at(&self, name: &str, at: u32) -> Option<String> {
        if name == "self" {
            return self
                .impls
                .iter()
                .filter(|(s, _)| s.start <= at && at < s.end)
                .min_by_key(|(s, _)| s.end - s.start)
                .map(|(_, t)| t.clone());
        }
        self.type_of(name)
    }

    pub fn finish(mut self) -> ModelFacts {
        for f in REGISTRY.iter().filter_map(|f| f.finish) {
            f(&mut self);
        }
        for e in &mut self.facts.entities {
            if self.custom_debug.contains(&e.name) {
                e.custom_repr = true;
            }
        }
        let mut f = self.facts;
        f.finish();
        f
    }

    fn item_hooks(&mut self, item: frameworks::ItemRef) {
        for f in REGISTRY.iter().filter_map(|f| f.item) {
            f(self, item);
        }
    }

    fn structure(&mut self, s: &syn::ItemStruct) {
        let cx = StructCx {
            item: s,
            derives: attr_text(&s.attrs, "derive"),
        };
        for f in REGISTRY.iter().filter_map(|f| f.struct_uses) {
            f(self, &cx);
        }
        let claim = REGISTRY
            .iter()
            .find_map(|f| f.structure.and_then(|claim| claim(&cx)))
            .or_else(|| {
                cx.derives("Debug")
                    .then(|| frameworks::Claim::new(Framework::DebugStruct, None))
                    .flatten()
            });
        let Some(claim) = claim else {
            return;
        };
        let framework = claim.framework;
        let syn::Fields::Named(named) = &s.fields else {
            return;
        };
        let name = match &claim.table {
            Some(t) if claim.named_by_table => t.clone(),
            _ => s.ident.to_string(),
        };
        let redacting = REGISTRY
            .iter()
            .flat_map(|f| f.redacting_derives)
            .any(|d| cx.derives(d));
        let mut e = Entity {
            table: claim.table,
            custom_repr: redacting,
            ..Entity::new(name, framework, span_of(s.ident.span()))
        };
        for f in &named.named {
            let Some(id) = &f.ident else {
                continue;
            };
            let serde = attr_text(&f.attrs, "serde");
            if REGISTRY
                .iter()
                .filter_map(|fw| fw.skip_field)
                .any(|skip| skip(framework, &serde))
            {
                continue;
            }
            let ty = type_text(&f.ty);
            e.fields.push(Field {
                name: id.to_string().trim_start_matches("r#").to_string(),
                span: span_of(id.span()),
                hidden: frameworks::hides(&ty),
                declared_type: Some(ty),
            });
        }
        if !e.fields.is_empty() {
            self.facts.entities.push(e);
        }
    }

    /// Field reads and SQL strings inside a macro body (`format!("{}", user.email)`,
    /// `sqlx::query!("DELETE FROM users …")`).
    pub(super) fn macro_tokens(&mut self, tokens: &TokenStream) {
        let mut stack: Vec<TokenStream> = vec![tokens.clone()];
        while let Some(ts) = stack.pop() {
            let toks: Vec<TokenTree> = ts.into_iter().collect();
            for (i, t) in toks.iter().enumerate() {
                match t {
                    TokenTree::Group(g) => stack.push(g.stream()),
                    TokenTree::Punct(p) if p.as_char() == '.' => {
                        if let Some(TokenTree::Ident(id)) = toks.get(i + 1) {
                            self.facts.reads.push(id.to_string());
                        }
                    }
                    TokenTree::Literal(l) => {
                        let s = l.to_string();
                        self.sql_literal(&s, l.span());
                        // Inline format args name locals, not fields; `{user.email}` is not Rust.
                    }
                    _ => {}
                }
            }
        }
    }

    pub(super) fn sql_literal(&mut self, lit: &str, sp: proc_macro2::Span) {
        let start = sp.byte_range().start;
        let (body, offset) = if let Some(i) = lit.find('"') {
            let inner = lit[i + 1..].trim_end_matches('#');
            (inner.strip_suffix('"').unwrap_or(inner), i + 1)
        } else {
            return;
        };
        if crate::lang::sql::worth_scanning(body) {
            crate::lang::sql::scan_embedded(body, start + offset, &mut self.facts);
        }
    }

    pub(super) fn input_type(&mut self, ty: &Type) {
        let mut stack = vec![ty];
        while let Some(t) = stack.pop() {
            match t {
                Type::Path(p) => {
                    let Some(last) = p.path.segments.last() else {
                        continue;
                    };
                    let name = last.ident.to_string();
                    let extractor = frameworks::any(|f| f.extractors, &name);
                    if !extractor && !matches!(name.as_str(), "Data" | "Option" | "Vec") {
                        continue;
                    }
                    let syn::PathArguments::AngleBracketed(a) = &last.arguments else {
                        continue;
                    };
                    for arg in &a.args {
                        let syn::GenericArgument::Type(inner) = arg else {
                            continue;
                        };
                        if let (true, Type::Path(ip)) = (extractor, inner) {
                            let n = last_ident(&ip.path);
                            if !matches!(
                                n.as_str(),
                                "Json" | "Form" | "Query" | "Option" | "Vec" | "Valid"
                            ) {
                                self.facts.input_types.push(n);
                            }
                        }
                        stack.push(inner);
                    }
                }
                Type::Reference(r) => stack.push(&r.elem),
                Type::Tuple(t) => stack.extend(t.elems.iter()),
                _ => {}
            }
        }
    }
}

impl<'ast> Visit<'ast> for Models {
    /// Past the per-file time budget, the rest of the tree is not visited.
    fn visit_expr(&mut self, e: &'ast syn::Expr) {
        if !crate::budget::exhausted() {
            syn::visit::visit_expr(self, e);
        }
    }

    /// `use entity::user as users;`, `use crate::models::User as Account;`.
    fn visit_use_rename(&mut self, r: &'ast syn::UseRename) {
        if r.ident != r.rename && r.rename != "_" {
            self.facts
                .renames
                .push((r.rename.to_string(), r.ident.to_string()));
        }
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        let (name, ty) = match &l.pat {
            syn::Pat::Type(pt) => match &*pt.pat {
                syn::Pat::Ident(id) => (Some(id.ident.to_string()), struct_of(&pt.ty)),
                _ => (None, None),
            },
            syn::Pat::Ident(id) => {
                let ty = l.init.as_ref().and_then(|i| match &*i.expr {
                    Expr::Struct(s) => Some(last_ident(&s.path)),
                    Expr::Call(c) => match &*c.func {
                        Expr::Path(p) if p.path.segments.len() >= 2 => {
                            let segs = segments(&p.path);
                            let owner = &segs[segs.len() - 2];
                            let f = segs[segs.len() - 1].as_str();
                            // Constructors return the type; other associated functions
                            // (`Site::instance_actor_id_from_url`) may return anything.
                            let constructor = matches!(
                                f,
                                "new"
                                    | "default"
                                    | "from"
                                    | "try_from"
                                    | "create"
                                    | "build"
                                    | "builder"
                            ) || f.starts_with("new_")
                                || f.starts_with("find_")
                                || f.starts_with("get_by");
                            (constructor && owner.starts_with(|c: char| c.is_ascii_uppercase()))
                                .then(|| owner.clone())
                        }
                        _ => None,
                    },
                    _ => None,
                });
                (Some(id.ident.to_string()), ty)
            }
            _ => (None, None),
        };
        let ty = ty.or_else(|| {
            let init = l.init.as_ref()?;
            self.bindings.call_type(&init.expr)
        });
        if let Some(n) = &name {
            if let Some(Target::Table(t)) = l.init.as_ref().and_then(|i| {
                matches!(&*i.expr, Expr::MethodCall(_) | Expr::Path(_))
                    .then(|| Self::delete_target(&i.expr))
                    .flatten()
            }) {
                self.var_tables.insert(n.clone(), t);
            }
        }
        if let (Some(n), Some(t)) = (name, ty) {
            self.var_types.insert(n, t);
        }
        syn::visit::visit_local(self, l);
    }

    fn visit_expr_let(&mut self, l: &'ast syn::ExprLet) {
        if let Some((n, t)) = self.bindings.pattern(&l.pat, &l.expr, &self.var_types) {
            self.var_types.insert(n, t);
        }
        syn::visit::visit_expr_let(self, l);
    }

    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        for arm in &m.arms {
            if let Some((n, t)) = self.bindings.pattern(&arm.pat, &m.expr, &self.var_types) {
                self.var_types.insert(n, t);
            }
        }
        syn::visit::visit_expr_match(self, m);
    }

    fn visit_item_struct(&mut self, s: &'ast syn::ItemStruct) {
        self.structure(s);
        syn::visit::visit_item_struct(self, s);
    }

    /// An enum deriving `Debug` (error types): its variants' named fields are what `{:?}`
    /// and a panic message print.
    fn visit_item_enum(&mut self, en: &'ast syn::ItemEnum) {
        self.item_hooks(frameworks::ItemRef::Enum(en));
        let derives = attr_text(&en.attrs, "derive");
        if derives
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .any(|w| w == "Debug")
        {
            let fields: Vec<Field> = en
                .variants
                .iter()
                .flat_map(|v| v.fields.iter())
                .filter_map(|f| {
                    let id = f.ident.as_ref()?;
                    let ty = type_text(&f.ty);
                    Some(Field {
                        name: id.to_string(),
                        span: span_of(id.span()),
                        hidden: frameworks::hides(&ty),
                        declared_type: Some(ty),
                    })
                })
                .collect();
            if !fields.is_empty() {
                self.facts.entities.push(Entity {
                    fields,
                    ..Entity::new(
                        en.ident.to_string(),
                        Framework::DebugStruct,
                        span_of(en.ident.span()),
                    )
                });
            }
        }
        syn::visit::visit_item_enum(self, en);
    }

    fn visit_signature(&mut self, sig: &'ast syn::Signature) {
        if let syn::ReturnType::Type(_, t) = &sig.output {
            if let Type::Path(p) = &**t {
                if let Some(last) = p.path.segments.last() {
                    if last.ident == "Result" {
                        if let syn::PathArguments::AngleBracketed(a) = &last.arguments {
                            if let Some(syn::GenericArgument::Type(e)) = a.args.iter().nth(1) {
                                if let Some(err) = struct_of(e) {
                                    self.facts.error_types.push((sig.ident.to_string(), err));
                                }
                            }
                        }
                    }
                }
            }
        }
        syn::visit::visit_signature(self, sig);
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        self.item_hooks(frameworks::ItemRef::Impl(i));
        if let Type::Path(tp) = &*i.self_ty {
            match &i.trait_ {
                // `{:?}` shows what a hand-written `Debug` chooses; a hand-written `Display`
                // only decides `{}`, which is never judged by the fields.
                Some((_, tr, _)) if last_ident(tr) == "Debug" => {
                    self.custom_debug.push(last_ident(&tp.path));
                }
                Some((_, tr, _)) if last_ident(tr) == "Display" => {}
                _ => self
                    .impls
                    .push((super::spans::item_impl(i), last_ident(&tp.path))),
            }
        }
        syn::visit::visit_item_impl(self, i);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let read = REGISTRY
            .iter()
            .filter_map(|f| f.macro_body)
            .any(|read| read(self, m));
        if !read {
            self.macro_tokens(&m.tokens);
        }
        syn::visit::visit_macro(self, m);
    }

    fn visit_fn_arg(&mut self, a: &'ast syn::FnArg) {
        if let syn::FnArg::Typed(t) = a {
            self.input_type(&t.ty);
            if let (syn::Pat::Ident(id), Some(ty)) = (&*t.pat, struct_of(&t.ty)) {
                self.var_types.insert(id.ident.to_string(), ty);
            }
        }
        syn::visit::visit_fn_arg(self, a);
    }

    fn visit_expr_field(&mut self, f: &'ast syn::ExprField) {
        if !self.not_read.contains(&member_at(&f.member)) {
            if let syn::Member::Named(n) = &f.member {
                self.facts.reads.push(n.to_string());
            }
        }
        syn::visit::visit_expr_field(self, f);
    }

    fn visit_pat_struct(&mut self, p: &'ast syn::PatStruct) {
        for f in &p.fields {
            if let syn::Member::Named(n) = &f.member {
                self.facts.reads.push(n.to_string());
            }
        }
        syn::visit::visit_pat_struct(self, p);
    }

    fn visit_expr_struct(&mut self, s: &'ast syn::ExprStruct) {
        // `User { email: input.email, .. }`: a copy into a same-named field.
        for f in &s.fields {
            if let (syn::Member::Named(n), Expr::Field(v)) = (&f.member, &f.expr) {
                if matches!(&v.member, syn::Member::Named(m) if m == n) {
                    self.not_read.insert(member_at(&v.member));
                }
            }
        }
        if s.rest.is_some() {
            if let Some(Expr::Path(p)) = s.rest.as_deref() {
                self.facts.whole_uses.push(last_ident(&p.path));
            }
        }
        syn::visit::visit_expr_struct(self, s);
    }

    /// A doc comment is prose: SQL in it (`/// DELETE FROM users …`) is an example, not a
    /// statement the code runs. (Most files reach syn with their doc comments already plain
    /// comments; this keeps the others in step.)
    fn visit_attribute(&mut self, a: &'ast syn::Attribute) {
        if !a.path().is_ident("doc") {
            syn::visit::visit_attribute(self, a);
        }
    }

    fn visit_lit_str(&mut self, l: &'ast syn::LitStr) {
        let v = l.value();
        if crate::lang::sql::worth_scanning(&v) {
            self.sql_literal(&l.token().to_string(), l.span());
        }
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if let Expr::Path(p) = &*c.func {
            let segs = segments(&p.path);
            for f in REGISTRY.iter().filter_map(|f| f.call) {
                f(self, c, &segs);
            }
        }
        syn::visit::visit_expr_call(self, c);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let method = m.method.to_string();
        // `validate(x).unwrap()`: an `Err` panics with the error's `Debug`, personal fields
        // included; judged in the repository phase, once the error type is known.
        if matches!(method.as_str(), "unwrap" | "expect") {
            let callee = match &*m.receiver {
                Expr::Call(c) => match &*c.func {
                    Expr::Path(p) => Some(last_ident(&p.path)),
                    _ => None,
                },
                Expr::MethodCall(mc) => Some(mc.method.to_string()),
                _ => None,
            };
            if let Some(f) = callee {
                self.facts.logged.push(crate::facts::LoggedObject {
                    name: format!("{f}(…)"),
                    entity: Some(format!("fn:{f}")),
                    sink: span_of(m.span()),
                    value: span_of(m.receiver.span()),
                    kind: crate::facts::SinkKind::Error,
                    callee: format!(".{method}()"),
                    display: false,
                });
            }
        }
        self.method_delete(m, &method);
        syn::visit::visit_expr_method_call(self, m);
    }

    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        let segs = segments(&p.path);
        for f in REGISTRY.iter().filter_map(|f| f.path) {
            f(self, p, &segs);
        }
        syn::visit::visit_expr_path(self, p);
    }
}
