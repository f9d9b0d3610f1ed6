//! Test code (`#[cfg(test)] mod tests`, `#[test]`/`#[tokio::test]` functions): it logs fixture
//! data on purpose, so `pii-in-logs` does not report it (README, "Test code").

use syn::spanned::Spanned;
use syn::visit::Visit;

use super::span_of;
use crate::facts::Span;

/// Byte ranges of the file's test modules and test functions.
pub(super) fn ranges(file: &syn::File) -> Vec<Span> {
    let mut v = Finder(Vec::new());
    v.visit_file(file);
    v.0
}

pub(super) fn inside(ranges: &[Span], s: Span) -> bool {
    ranges.iter().any(|r| r.start <= s.start && s.end <= r.end)
}

struct Finder(Vec<Span>);

/// `#[test]`, `#[tokio::test]`, `#[rstest]`, `#[cfg(test)]`, `#[cfg(all(test, …))]`.
fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let path = a.path();
        let last = path.segments.last().map(|s| s.ident.to_string());
        match last.as_deref() {
            Some("test" | "rstest" | "test_case") => true,
            Some("cfg") => {
                let args = quote::ToTokens::to_token_stream(&a.meta).to_string();
                args.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|w| w == "test")
                    && !args.contains("not (test")
            }
            _ => false,
        }
    })
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if is_test(&m.attrs) {
            self.0.push(span_of(m.span()));
        } else {
            syn::visit::visit_item_mod(self, m);
        }
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if is_test(&f.attrs) {
            self.0.push(span_of(f.span()));
        }
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if is_test(&f.attrs) {
            self.0.push(span_of(f.span()));
        }
    }
}
