//! thiserror: `#[error("no account for {email}")]` on a struct or variant.

use syn::spanned::Spanned;

use super::RsFramework;
use crate::facts::{DataRef, SinkKind, Via};
use crate::lang::rust::sinks::inline_args;
use crate::lang::rust::{span_of, Visitor};

pub const FRAMEWORK: RsFramework = RsFramework {
    type_attrs: Some(error_display),
    ..RsFramework::NONE
};

/// thiserror's `#[error("no account for {email}")]`: the error's message, wherever it is
/// shown or logged, carries the fields it names.
fn error_display(v: &mut Visitor, attrs: &[syn::Attribute], fields: &syn::Fields) {
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
                    through: None, source: None,
                }
            })
            .collect();
        values.retain(|v| !v.path[0].chars().all(|c| c.is_ascii_digit()));
        v.push_sink(
            SinkKind::Error,
            "#[error]".into(),
            span_of(a.span()),
            values,
        );
    }
}