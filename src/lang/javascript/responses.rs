//! Responses of endpoints that answer with credentials (`rules/sources.toml`'s
//! `[responses]`): `const res = await axios.post(TOKEN_URL, …)` binds a response whose body
//! (`res.data`, `await res.json()`, an axios response whole) is a secret, and `const url =
//! `${base}/oauth/token`` a URL naming such an endpoint. An error thrown with the body is
//! about a failed request: it is no sink for it (`sinks.rs`).

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::flow::unwrap_expr;
use super::Extractor;
use crate::catalog::Responses;
use crate::facts::{Mark, Source};
use crate::lang::endpoints::{self, UrlSyntax};
use crate::lang::ts::{named_children, text};

const URLS: UrlSyntax = UrlSyntax {
    strings: &["string", "template_string"],
    concat: "binary_expression",
    member: "member_expression",
    name: "property",
};

impl Extractor<'_> {
    /// What `var = right` binds beside data: a credential endpoint's URL, or the response
    /// of a request to one.
    pub(super) fn mark_of(&self, right: Node) -> Option<Mark> {
        let right = unwrap_expr(right);
        match right.kind_name() {
            "string" | "template_string" | "binary_expression" => {
                self.credential_url(right).map(Mark::CredentialUrl)
            }
            _ => self
                .credential_response(right)
                .map(|(source, whole)| Mark::Response { source, whole }),
        }
    }

    /// `await axios.post(TOKEN_URL, …)`, `fetch(`${base}/oauth/token`, …)`: the response of
    /// a request to an endpoint that answers with credentials, as the source its body is,
    /// and whether printing it whole shows the body (an axios response holds it).
    pub(super) fn credential_response(&self, n: Node) -> Option<(Source, bool)> {
        let n = unwrap_expr(n);
        let func = n
            .field("function")
            .filter(|_| n.kind_name() == "call_expression")?;
        // `await axios.post<T>(…)`: TypeScript's grammar puts the `await` on the callee.
        let func = unwrap_expr(func);
        let name = match func.kind_name() {
            "member_expression" => func.field("property")?,
            "identifier" => func,
            _ => return None,
        };
        if !self.cat.sources.responses.is_request(text(name, self.src)) {
            return None;
        }
        let args: Vec<Node> = named_children(n.field("arguments")?).collect();
        // `router.post("/login", handler)` declares a route; it sends nothing.
        if args.iter().any(|a| {
            matches!(
                a.kind_name(),
                "arrow_function" | "function_expression" | "function"
            )
        }) {
            return None;
        }
        let url = args.iter().take(2).find_map(|a| self.credential_url(*a))?;
        let callee = self.callee_path(func);
        let whole = callee.as_deref().is_some_and(|c| c.starts_with("axios"));
        let call = format!("{}(…)", text(func, self.src));
        Some((Responses::source(&call, &url), whole))
    }

    /// A URL naming an endpoint that answers with credentials ([`endpoints::credential_url`]).
    pub(super) fn credential_url(&self, n: Node) -> Option<String> {
        let bound = |var: &str| {
            let url = self.flows.credential_url(self.scopes.enclosing(), var)?;
            Some(url.to_string())
        };
        endpoints::credential_url(n, self.src, &URLS, &self.cat.sources.responses, &bound)
    }

    /// A read of a credential endpoint's response body: `res.data`, `res.json` (called),
    /// `(await axios.post(…)).data`, or an axios response whole.
    pub(super) fn response_read(&self, n: Node) -> Option<Source> {
        let response = |var| self.flows.response(self.scopes.enclosing(), var);
        match n.kind_name() {
            "identifier" => match response(text(n, self.src))? {
                (source, true) => Some(source.clone()),
                (_, false) => None,
            },
            "member_expression" => {
                let member = text(n.field("property")?, self.src);
                if !self.cat.sources.responses.is_body(member) {
                    return None;
                }
                let obj = unwrap_expr(n.field("object")?);
                if obj.kind_name() != "identifier" {
                    return self.credential_response(obj).map(|(s, _)| s);
                }
                response(text(obj, self.src)).map(|(s, _)| s.clone())
            }
            _ => None,
        }
    }
}
