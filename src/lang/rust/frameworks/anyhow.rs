//! anyhow and eyre: `.context(…)`, `.with_context(|| …)`, `.wrap_err(…)` put their message
//! into the error, shown and logged wherever the error is.

use syn::spanned::Spanned;
use syn::Expr;

use super::RsFramework;
use crate::facts::SinkKind;
use crate::lang::rust::{span_of, Visitor};

pub const FRAMEWORK: RsFramework = RsFramework {
    method_sink: Some(context),
    ..RsFramework::NONE
};

fn context(v: &mut Visitor, m: &syn::ExprMethodCall) {
    let method = m.method.to_string();
    if !matches!(
        method.as_str(),
        "context" | "with_context" | "wrap_err" | "wrap_err_with" | "note" | "with_note"
    ) {
        return;
    }
    if let Some(arg) = m.args.first() {
        let body = match arg {
            Expr::Closure(c) => &*c.body,
            other => other,
        };
        let mut values = Vec::new();
        if !matches!(body, Expr::Lit(_)) {
            v.values(body, &mut values);
        }
        v.push_sink(
            SinkKind::Error,
            format!(".{method}"),
            span_of(m.span()),
            values,
        );
    }
}
