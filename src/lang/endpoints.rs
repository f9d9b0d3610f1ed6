//! Which syntax nodes of the tree-sitter front-ends name an endpoint that answers with
//! credentials (`rules/sources.toml`'s `[responses]`): each front-end says how its grammar
//! spells strings, concatenation and member reads.

use crate::catalog::Responses;
use crate::lang::ts::{text, unquote, NodeExt as _};
use tree_sitter::Node;

/// A grammar's node kinds for a URL's parts.
pub struct UrlSyntax {
    pub strings: &'static [&'static str],
    pub concat: &'static str,
    pub member: &'static str,
    /// The member node's field holding the member's name.
    pub name: &'static str,
}

/// A URL naming an endpoint that answers with credentials, as shown in a finding: a literal
/// (or a concatenation holding one), a constant or field named for it (`TOKEN_URL`), or a
/// variable `bound` to one.
pub fn credential_url(
    n: Node,
    src: &str,
    syntax: &UrlSyntax,
    responses: &Responses,
    bound: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let kind = n.kind_name();
    if syntax.strings.contains(&kind) {
        let t = text(n, src);
        return responses.credential_url(t).then(|| unquote(t).to_string());
    }
    if kind == syntax.concat {
        let url = |side| credential_url(n.field(side)?, src, syntax, responses, bound);
        return url("left").or_else(|| url("right"));
    }
    if kind == syntax.member {
        let name = text(n.field(syntax.name)?, src);
        return responses
            .credential_url_name(name)
            .then(|| text(n, src).to_string());
    }
    if kind == "identifier" {
        let name = text(n, src);
        if responses.credential_url_name(name) {
            return Some(name.to_string());
        }
        return bound(name);
    }
    None
}
