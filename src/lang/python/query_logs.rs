//! Settings that make an ORM or driver log every query with its bound parameters: whatever
//! personal data the application stores passes through them (`pii-in-logs`, repository part).

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::flow::has_interpolation;
use super::Extractor;
use crate::facts::QueryLog;
use crate::lang::ts::{named_children, span, text, unquote};

/// Loggers whose records carry each statement's parameters at the given levels.
const QUERY_LOGGERS: &[(&str, &[&str])] = &[
    ("sqlalchemy.engine", &["INFO", "DEBUG"]),
    ("sqlalchemy.engine.Engine", &["INFO", "DEBUG"]),
    ("django.db.backends", &["DEBUG"]),
    ("peewee", &["DEBUG"]),
];

impl<'a> Extractor<'a> {
    /// `create_engine(url, echo=True)` (unless `hide_parameters=True`),
    /// `logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)`.
    pub(super) fn query_log_call(&mut self, n: Node<'a>, func: Node<'a>, args: Node<'a>) {
        let callee = text(func, self.src);
        let last = callee.rsplit('.').next().unwrap_or(callee);
        if last == "create_engine" || last == "create_async_engine" {
            let kw = |name: &str| {
                named_children(args)
                    .filter(|a| a.kind_name() == "keyword_argument")
                    .find(|a| a.field("name").is_some_and(|k| text(k, self.src) == name))
                    .and_then(|a| a.field("value"))
                    .map(|v| text(v, self.src))
            };
            let echo = kw("echo").is_some_and(|v| v == "True" || unquote(v) == "debug");
            if echo && kw("hide_parameters") != Some("True") {
                self.query_logs.push(QueryLog {
                    span: span(n),
                    setting: format!("`{last}(echo=True)`"),
                });
            }
            return;
        }
        if last != "setLevel" {
            return;
        }
        let logger = func
            .field("object")
            .filter(|o| o.kind_name() == "call")
            .and_then(|o| o.field("arguments"))
            .and_then(|a| named_children(a).next())
            .filter(|a| a.kind_name() == "string" && !has_interpolation(*a))
            .map(|a| unquote(text(a, self.src)).to_string());
        let level = named_children(args).next().map(|l| {
            text(l, self.src)
                .rsplit('.')
                .next()
                .unwrap_or("")
                .trim_matches(['"', '\''])
                .to_string()
        });
        if let (Some(logger), Some(level)) = (logger, level) {
            if QUERY_LOGGERS
                .iter()
                .any(|(l, levels)| *l == logger && levels.contains(&level.as_str()))
            {
                self.query_logs.push(QueryLog {
                    span: span(n),
                    setting: format!("the `{logger}` logger at `{level}`"),
                });
            }
        }
    }

    /// Django's `LOGGING = {"loggers": {"django.db.backends": {"level": "DEBUG", …}}}`.
    pub(super) fn query_log_setting(&mut self, pair: Node<'a>) {
        let (Some(k), Some(v)) = (pair.field("key"), pair.field("value")) else {
            return;
        };
        if k.kind_name() != "string" || v.kind_name() != "dictionary" {
            return;
        }
        let logger = unquote(text(k, self.src));
        let Some((_, levels)) = QUERY_LOGGERS.iter().find(|(l, _)| *l == logger) else {
            return;
        };
        let level = named_children(v)
            .filter(|p| p.kind_name() == "pair")
            .find(|p| {
                p.field("key")
                    .is_some_and(|k| unquote(text(k, self.src)) == "level")
            })
            .and_then(|p| p.field("value"))
            .map(|l| unquote(text(l, self.src)).to_string());
        if level.is_some_and(|l| levels.contains(&l.as_str())) {
            self.query_logs.push(QueryLog {
                span: span(pair),
                setting: format!("the `{logger}` logger at `DEBUG` in `LOGGING`"),
            });
        }
    }
}
