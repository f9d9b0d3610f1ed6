//! Where a function or `impl` block starts and ends, read from its first and last tokens.
//! syn's `Spanned::span()` prints the whole node back to tokens to find them, which for a
//! function is its whole body: asked of every function, statement and `impl`, that printing
//! was a sixth of the Rust front-end's time. These give the same byte ranges directly.

use proc_macro2::Span;
use syn::{AttrStyle, Attribute, Signature, Visibility};

/// The first token of an item that prints its outer attributes, its visibility, an optional
/// `default`, then its signature (`ItemFn`, `ImplItemFn`).
fn fn_first(
    attrs: &[Attribute],
    vis: &Visibility,
    defaultness: Option<Span>,
    sig: &Signature,
) -> Span {
    first_outer(attrs)
        .or(match vis {
            Visibility::Public(p) => Some(p.span),
            Visibility::Restricted(r) => Some(r.pub_token.span),
            Visibility::Inherited => None,
        })
        .or(defaultness)
        .or(sig.constness.as_ref().map(|t| t.span))
        .or(sig.asyncness.as_ref().map(|t| t.span))
        .or(sig.unsafety.as_ref().map(|t| t.span))
        .or(sig.abi.as_ref().map(|a| a.extern_token.span))
        .unwrap_or(sig.fn_token.span)
}

/// Outer attributes are printed first, in order; inner ones (`#![…]` in the body) inside.
fn first_outer(attrs: &[Attribute]) -> Option<Span> {
    attrs
        .iter()
        .find(|a| matches!(a.style, AttrStyle::Outer))
        .map(|a| a.pound_token.span)
}

/// The byte range from `first` to the end of `last`, as `Span::join` gives it.
fn range(first: Span, last: Span) -> crate::facts::Span {
    crate::facts::Span::new(first.byte_range().start, last.byte_range().end)
}

pub(super) fn item_fn(f: &syn::ItemFn) -> crate::facts::Span {
    range(
        fn_first(&f.attrs, &f.vis, None, &f.sig),
        f.block.brace_token.span.close(),
    )
}

pub(super) fn impl_item_fn(f: &syn::ImplItemFn) -> crate::facts::Span {
    let default = f.defaultness.as_ref().map(|d| d.span);
    range(
        fn_first(&f.attrs, &f.vis, default, &f.sig),
        f.block.brace_token.span.close(),
    )
}

/// `impl` blocks print outer attributes, `default`, `unsafe`, `impl`, …, then their braces.
pub(super) fn item_impl(i: &syn::ItemImpl) -> crate::facts::Span {
    let first = first_outer(&i.attrs)
        .or(i.defaultness.as_ref().map(|t| t.span))
        .or(i.unsafety.as_ref().map(|t| t.span))
        .unwrap_or(i.impl_token.span);
    range(first, i.brace_token.span.close())
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::spanned::Spanned;
    use syn::visit::Visit;

    #[derive(Default)]
    struct Seen(usize);

    impl<'ast> Visit<'ast> for Seen {
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            let want = f.span().byte_range();
            assert_eq!(item_fn(f), crate::facts::Span::new(want.start, want.end));
            self.0 += 1;
            syn::visit::visit_item_fn(self, f);
        }

        fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
            let want = f.span().byte_range();
            assert_eq!(
                impl_item_fn(f),
                crate::facts::Span::new(want.start, want.end)
            );
            self.0 += 1;
            syn::visit::visit_impl_item_fn(self, f);
        }

        fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
            let want = i.span().byte_range();
            assert_eq!(item_impl(i), crate::facts::Span::new(want.start, want.end));
            self.0 += 1;
            syn::visit::visit_item_impl(self, i);
        }
    }

    #[test]
    fn ranges_match_what_syn_prints() {
        let src = r#"
/// Doc.
#[inline]
pub fn a() { fn inner() {} }
pub(crate) const async unsafe extern "C" fn b() {}
async fn c() -> u8 { 1 }
unsafe fn d() {}
extern "C" fn e() {}
fn f() {
    #![allow(unused)]
    let _ = 1;
}
#[derive(Debug)] struct S;
/// Doc.
unsafe impl<T> Send for W<T> {}
impl S {
    #[must_use]
    pub fn g(&self) -> u8 { 1 }
    default fn h() {}
    pub(super) unsafe fn i() {}
    fn j() {}
}
#[cfg(test)]
impl S { fn k() {} }
default impl<T> Tr for T {}
"#;
        let file: syn::File = syn::parse_str(src).unwrap();
        let mut seen = Seen::default();
        seen.visit_file(&file);
        assert_eq!(seen.0, 16);
    }
}
