//! tracing's `#[instrument]`: a span that records the function's arguments.

use proc_macro2::TokenTree;
use syn::spanned::Spanned;

use super::RsFramework;
use crate::facts::{DataRef, SinkKind, Via};
use crate::lang::rust::sinks::split_args;
use crate::lang::rust::{span_of, Visitor};

pub const FRAMEWORK: RsFramework = RsFramework {
    function: Some(instrumented),
    ..RsFramework::NONE
};

/// `#[tracing::instrument]` records every argument (Debug for non-primitive types) unless
/// it is in `skip(…)` or `skip_all`; `fields(…)` records more.
fn instrumented(v: &mut Visitor, attrs: &[syn::Attribute], sig: &syn::Signature) {
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
    let mut ret = false;
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
                ("ret", _) => ret = true,
                ("skip", Some(g)) => skipped.extend(g.into_iter().filter_map(|t| match t {
                    TokenTree::Ident(i) => Some(i.to_string()),
                    _ => None,
                })),
                ("fields", Some(g)) => v.macro_values(&g, 0, &mut values),
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
                through: None, source: None,
            });
        }
    }
    // `#[instrument(ret)] fn find_email(…) -> String`: the returned value is recorded too,
    // and the function's name says what it is.
    if ret {
        if let syn::ReturnType::Type(_, ty) = &sig.output {
            let name = sig.ident.to_string();
            let mut words: Vec<&str> = name.split('_').filter(|w| !w.is_empty()).collect();
            if words.len() > 1 && RETURNING_VERBS.contains(&words[0]) {
                words.remove(0);
            }
            values.push(DataRef {
                path: vec![words.join("_")],
                span: span_of(sig.ident.span()),
                via: Via::Value,
                declared_type: Some(quote::quote!(#ty).to_string().replace(' ', "")),
                value_path: None,
                through: None,
                source: None,
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
    v.push_sink(SinkKind::Log, callee, span_of(attr.span()), values);
}

/// Leading verbs of a function that returns what the rest of its name says.
const RETURNING_VERBS: &[&str] = &[
    "get", "find", "fetch", "load", "lookup", "read", "resolve", "query", "select", "compute",
    "build", "make", "create", "generate", "issue", "mint", "new", "decode", "parse",
];
