//! Sources (`rules/sources.toml`): where a value comes from, as evidence that it is personal
//! or secret whatever it is called. Front-ends ask "does this call, path or type yield data?".

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

const SOURCES_TOML: &str = include_str!("../../rules/sources.toml");

/// One source entry: a data type id, with the evidence a finding quotes.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum RawSource {
    Type(String),
    Explained {
        #[serde(rename = "type")]
        data_type: String,
        why: String,
    },
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawLangSources {
    #[serde(default)]
    calls: HashMap<String, RawSource>,
    #[serde(default)]
    values: HashMap<String, RawSource>,
    #[serde(default)]
    env_lookups: Vec<String>,
    #[serde(default)]
    types: HashMap<String, RawSource>,
    #[serde(default)]
    stored: HashMap<String, RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSources {
    responses: Responses,
    python: RawLangSources,
    javascript: RawLangSources,
    rust: RawLangSources,
}

/// What a source yields: the data type, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDef {
    pub data_type: String,
    pub why: Option<String>,
}

impl SourceDef {
    /// The evidence a finding gives: "`secrets.token_urlsafe(…)` returns a fresh secret".
    pub fn source(&self, what: &str) -> crate::facts::Source {
        crate::facts::Source {
            data_type: self.data_type.clone(),
            evidence: match &self.why {
                Some(why) => format!("`{what}` {why}"),
                None => format!("`{what}` yields this data"),
            },
        }
    }
}

impl From<RawSource> for SourceDef {
    fn from(r: RawSource) -> SourceDef {
        match r {
            RawSource::Type(t) => SourceDef {
                data_type: t,
                why: None,
            },
            RawSource::Explained { data_type, why } => SourceDef {
                data_type,
                why: Some(why),
            },
        }
    }
}

#[derive(Debug, Default)]
pub struct LangSources {
    calls: HashMap<String, SourceDef>,
    /// Access paths, segment by segment.
    values: Vec<(Vec<String>, SourceDef)>,
    env_lookups: HashSet<String>,
    types: HashMap<String, SourceDef>,
    /// Access paths whose value, kept whole in a record, is a person's data.
    stored: Vec<(Vec<String>, SourceDef)>,
}

fn paths(raw: HashMap<String, RawSource>, sep: &str) -> Vec<(Vec<String>, SourceDef)> {
    let mut v: Vec<(Vec<String>, SourceDef)> = raw
        .into_iter()
        .map(|(k, v)| (k.split(sep).map(String::from).collect(), v.into()))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

impl LangSources {
    fn from_raw(raw: RawLangSources, path_sep: &str) -> LangSources {
        LangSources {
            calls: raw.calls.into_iter().map(|(k, v)| (k, v.into())).collect(),
            values: paths(raw.values, path_sep),
            env_lookups: raw.env_lookups.into_iter().collect(),
            types: raw.types.into_iter().map(|(k, v)| (k, v.into())).collect(),
            stored: paths(raw.stored, path_sep),
        }
    }

    pub fn add_call(&mut self, callee: &str, data_type: &str) {
        self.calls.insert(
            callee.to_string(),
            SourceDef {
                data_type: data_type.to_string(),
                why: None,
            },
        );
    }

    /// A call (callee path as resolved) that returns personal or secret data.
    pub fn call(&self, callee: &str) -> Option<&SourceDef> {
        self.calls.get(callee)
    }

    /// An access path read whole that holds personal or secret data: it ends with a source
    /// path (`self.request.headers` ends with `request.headers`).
    pub fn value(&self, path: &[String]) -> Option<&SourceDef> {
        self.values
            .iter()
            .find(|(p, _)| path.ends_with(p))
            .map(|(_, d)| d)
    }

    /// An element read by key (`request.headers.get("cookie")`, Express's `req.get("Cookie")`)
    /// that holds personal or secret data: an entry names that element, its key compared
    /// ignoring case, as HTTP header names are.
    pub fn element(&self, path: &[String]) -> Option<&SourceDef> {
        let (key, map) = path.split_last()?;
        self.values
            .iter()
            .find(|(p, _)| {
                p.split_last().is_some_and(|(k, m)| {
                    !m.is_empty() && k.eq_ignore_ascii_case(key) && map.ends_with(m)
                })
            })
            .map(|(_, d)| d)
    }

    /// An access path that, kept whole in a record, is a person's data: it ends with a
    /// `stored` path (`this.req.headers` ends with `req.headers`).
    pub fn stored(&self, path: &[String]) -> Option<&SourceDef> {
        self.stored
            .iter()
            .find(|(p, _)| path.ends_with(p))
            .map(|(_, d)| d)
    }

    /// A declared type whose values, kept whole, are a person's data: its outer type's name
    /// as a `stored` key (`HeaderMap`, `ConnectInfo<SocketAddr>`, `&axum::http::HeaderMap`).
    pub fn stored_type(&self, declared: &str) -> Option<&SourceDef> {
        self.stored(&[type_head(declared).to_string()])
    }

    /// The first of `refs` that is request data kept whole, as evidence.
    pub fn stored_in(&self, refs: &[crate::facts::DataRef]) -> Option<crate::facts::Source> {
        refs.iter()
            .find_map(|r| Some(self.stored(&r.path)?.source(&r.path.join("."))))
    }

    /// A call whose first argument names an environment variable.
    pub fn is_env_lookup(&self, callee: &str) -> bool {
        self.env_lookups.contains(callee)
    }

    /// A declared type (`Mailbox`, `Option<&Mailbox>`) that holds personal data.
    pub fn of_type(&self, declared: &str) -> Option<&SourceDef> {
        let mut t = declared.trim_start_matches('&').trim();
        for w in ["Option<", "Optional[", "Vec<", "list[", "List[", "&"] {
            t = t.strip_prefix(w).unwrap_or(t);
        }
        let t = t.trim_end_matches(['>', ']']).trim_start_matches("mut");
        let last = t.rsplit(['.', ':']).next().unwrap_or(t).trim();
        self.types.get(last)
    }
}

/// Responses of endpoints that answer with credentials (`rules/sources.toml`'s
/// `[responses]`): how the front-ends know that `resp.json()` after `resp =
/// requests.post(TOKEN_URL, …)` is a secret while `resp.status_code` is not.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responses {
    requests: HashSet<String>,
    endpoints: HashSet<String>,
    bodies: HashSet<String>,
}

impl Responses {
    /// A method or function (its last name) that sends an HTTP request.
    pub fn is_request(&self, name: &str) -> bool {
        self.requests.contains(name)
    }

    /// A member of a response that reads its body (`text`, `json`, `data`).
    pub fn is_body(&self, member: &str) -> bool {
        self.bodies.contains(member)
    }

    fn is_endpoint_word(&self, w: &str) -> bool {
        let w = w.to_ascii_lowercase();
        self.endpoints.contains(&w) || (w.contains("token") && !w.contains("tokeniz"))
    }

    /// A URL as written in a literal (`"https://oauth2.googleapis.com/token"`,
    /// `f"{base}/login"`): a path, so it holds a `/`, one of whose words names the endpoint.
    pub fn credential_url(&self, literal: &str) -> bool {
        literal.contains('/')
            && literal
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .any(|w| self.is_endpoint_word(w))
    }

    /// A constant or field named for such a URL: `TOKEN_URL`, `tokenEndpoint`, `login_uri`.
    pub fn credential_url_name(&self, name: &str) -> bool {
        let words =
            crate::classify::tokenize::split_words(name, crate::classify::Lexicon::builtin());
        words
            .iter()
            .any(|w| matches!(w.as_str(), "url" | "uri" | "endpoint"))
            && words.iter().any(|w| self.is_endpoint_word(w))
    }

    /// The evidence: "`requests.post(…)` is the response of `TOKEN_URL`, …".
    pub fn source(call: &str, url: &str) -> crate::facts::Source {
        crate::facts::Source {
            data_type: "cred.secret_token".into(),
            evidence: format!("`{call}` is the response of `{url}`{ANSWERS}"),
        }
    }

    /// Whether a value's source is such a response. An error raised with one (`raise
    /// OAuth2Error(f"no token: {resp.content}")`) is about a request that failed, whose body
    /// is the endpoint's complaint, not a credential: error messages leave it out, and so do
    /// sinks in a failure branch ([`crate::lang::ts::in_failure_branch`]).
    pub fn answered(source: &crate::facts::Source) -> bool {
        source.evidence.ends_with(ANSWERS)
    }

    /// Leaves such bodies out of a sink's `values` where they are the endpoint's complaint:
    /// in an error message, or where `failing` (asked only when one is there) says the
    /// request went wrong.
    pub fn leave_out_complaints(
        values: &mut Vec<crate::facts::DataRef>,
        kind: crate::facts::SinkKind,
        failing: impl FnOnce() -> bool,
    ) {
        let answered = |v: &crate::facts::DataRef| v.source.as_ref().is_some_and(Self::answered);
        if values.iter().any(answered) && (kind == crate::facts::SinkKind::Error || failing()) {
            values.retain(|v| !answered(v));
        }
    }
}

const ANSWERS: &str = ", an endpoint that answers with credentials";

impl Responses {}

pub struct Sources {
    pub responses: Responses,
    pub python: LangSources,
    pub javascript: LangSources,
    pub rust: LangSources,
}

impl Sources {
    pub fn builtin() -> Sources {
        let raw: RawSources = toml::from_str(SOURCES_TOML).expect("rules/sources.toml is valid");
        Sources {
            responses: raw.responses,
            python: LangSources::from_raw(raw.python, "."),
            javascript: LangSources::from_raw(raw.javascript, "."),
            rust: LangSources::from_raw(raw.rust, "::"),
        }
    }
}

/// A declared type's outer name: `&mut axum::http::HeaderMap<V>` → `HeaderMap`.
pub fn type_head(declared: &str) -> &str {
    let head = declared
        .trim_start_matches('&')
        .trim_start_matches("mut")
        .trim();
    let head = head.split('<').next().unwrap_or(head);
    head.rsplit("::").next().unwrap_or(head)
}

#[cfg(test)]
mod tests {
    use super::Sources;

    #[test]
    fn sources_parse_and_match() {
        let s = Sources::builtin();
        assert!(s.python.call("secrets.token_urlsafe").is_some());
        let path: Vec<String> = ["View", "request", "headers"].map(String::from).to_vec();
        assert!(s.python.value(&path).is_some());
        let named: Vec<String> = ["request", "headers", "Content-Type"]
            .map(String::from)
            .to_vec();
        assert!(s.python.value(&named).is_none());
        let kept = |p: &[&str]| p.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(s
            .javascript
            .stored(&kept(&["ctx", "req", "headers"]))
            .is_some());
        assert!(s.javascript.stored(&kept(&["res", "headers"])).is_none());
        assert!(s.rust.stored_type("ConnectInfo<SocketAddr>").is_some());
        assert!(s.rust.stored_type("&axum::http::HeaderMap").is_some());
        assert!(s.rust.stored_type("SocketAddr").is_none());
        assert_eq!(
            s.python
                .stored(&kept(&["request", "META", "REMOTE_ADDR"]))
                .map(|d| d.data_type.as_str()),
            Some("online.ip_address")
        );
        let r = &s.responses;
        for url in [
            "\"https://oauth2.googleapis.com/token\"",
            "f\"{base}/oauth/authorize\"",
            "'https://github.com/login/oauth/access_token'",
            "`${API}/auth/refresh-token`",
        ] {
            assert!(r.credential_url(url), "{url}");
        }
        for url in [
            "\"https://huggingface.co/bert/resolve/main/tokenizer.json\"",
            "\"token\"",
            "\"/api/users\"",
        ] {
            assert!(!r.credential_url(url), "{url}");
        }
        assert!(r.credential_url_name("TOKEN_URL") && r.credential_url_name("tokenEndpoint"));
        assert!(!r.credential_url_name("token") && !r.credential_url_name("API_URL"));
        assert_eq!(
            s.rust
                .of_type("Option<&Mailbox>")
                .map(|d| d.data_type.as_str()),
            Some("contact.email")
        );
    }
}
