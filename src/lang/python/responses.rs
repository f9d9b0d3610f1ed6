//! Responses of endpoints that answer with credentials (`rules/sources.toml`'s
//! `[responses]`): `resp = requests.post(TOKEN_URL, …)` binds a response whose body
//! (`resp.json()`, `resp.text`) is a secret, and `url = f"{base}/oauth/token"` a URL naming
//! such an endpoint. An error raised with the body is about a failed request: it is no sink
//! for it (`sinks.rs`).

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::Extractor;
use crate::catalog::Responses;
use crate::facts::{Mark, Source};
use crate::lang::endpoints::{self, UrlSyntax};
use crate::lang::ts::{named_children, text};

const URLS: UrlSyntax = UrlSyntax {
    strings: &["string"],
    concat: "binary_operator",
    member: "attribute",
    name: "attribute",
};

impl Extractor<'_> {
    /// What `var = right` binds beside data: a credential endpoint's URL, or the response
    /// of a request to one.
    pub(super) fn mark_of(&self, right: Node) -> Option<Mark> {
        match right.kind_name() {
            "string" | "binary_operator" => self.credential_url(right).map(Mark::CredentialUrl),
            _ => self
                .credential_response(right)
                .map(|source| Mark::Response {
                    source,
                    whole: false,
                }),
        }
    }

    /// `requests.post(TOKEN_URL, data=…)`, `await client.post(f"{base}/oauth/token")`: the
    /// response of a request to an endpoint that answers with credentials, as the source its
    /// body is.
    pub(super) fn credential_response(&self, n: Node) -> Option<Source> {
        let n = if n.kind_name() == "await" {
            n.named_child(0)?
        } else {
            n
        };
        let func = n.field("function").filter(|_| n.kind_name() == "call")?;
        let name = match func.kind_name() {
            "attribute" => func.field("attribute")?,
            "identifier" => func,
            _ => return None,
        };
        if !self.cat.sources.responses.is_request(text(name, self.src)) {
            return None;
        }
        let mut positional = 0;
        let url = named_children(n.field("arguments")?).find_map(|a| {
            if a.kind_name() == "keyword_argument" {
                let url = a.field("name").is_some_and(|k| text(k, self.src) == "url");
                return a
                    .field("value")
                    .filter(|_| url)
                    .and_then(|v| self.credential_url(v));
            }
            positional += 1;
            (positional <= 2).then(|| self.credential_url(a)).flatten()
        })?;
        let call = format!("{}(…)", text(func, self.src));
        Some(Responses::source(&call, &url))
    }

    /// A URL naming an endpoint that answers with credentials ([`endpoints::credential_url`]).
    pub(super) fn credential_url(&self, n: Node) -> Option<String> {
        let bound = |var: &str| {
            let url = self.flows.credential_url(self.scopes.enclosing(), var)?;
            Some(url.to_string())
        };
        endpoints::credential_url(n, self.src, &URLS, &self.cat.sources.responses, &bound)
    }

    /// The body of a credential endpoint's response, read whole (`resp.text`,
    /// `resp.json()`), as the source it is.
    pub(super) fn response_body(&self, path: &[String]) -> Option<Source> {
        let [var, member] = path else {
            return None;
        };
        if !self.cat.sources.responses.is_body(member) {
            return None;
        }
        let (source, _) = self.flows.response(self.scopes.enclosing(), var)?;
        Some(source.clone())
    }
}
