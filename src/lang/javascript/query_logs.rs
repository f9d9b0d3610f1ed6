//! Settings that make an ORM log every query with its bound parameters: Sequelize
//! `logQueryParameters: true`, TypeORM `logging: true | "all" | ["query"]`, Knex
//! `debug: true`. Whatever personal data the application stores passes through them.

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::Extractor;
use crate::facts::QueryLog;
use crate::lang::ts::{named_children, span, text, unquote};

/// Constructors and factories that take the ORM's options, and the option that logs
/// parameters, with the values that turn it on.
const SETTINGS: &[(&[&str], &str)] = &[
    (&["Sequelize"], "logQueryParameters"),
    (
        &["DataSource", "createConnection", "forRoot", "forRootAsync"],
        "logging",
    ),
    (&["knex", "Knex"], "debug"),
];

impl<'a> Extractor<'a> {
    pub(super) fn query_log(&mut self, n: Node<'a>) {
        let callee = n
            .field("constructor")
            .or_else(|| n.field("function"))
            .map_or("", |c| text(c, self.src));
        let last = callee.rsplit('.').next().unwrap_or(callee);
        let Some((_, option)) = SETTINGS.iter().find(|(names, _)| names.contains(&last)) else {
            return;
        };
        let Some(args) = n.field("arguments") else {
            return;
        };
        for obj in named_children(args).filter(|a| a.kind_name() == "object") {
            for pair in named_children(obj).filter(|p| p.kind_name() == "pair") {
                let (Some(k), Some(v)) = (pair.field("key"), pair.field("value")) else {
                    continue;
                };
                if unquote(text(k, self.src)) != *option || !logs_queries(v, self.src) {
                    continue;
                }
                self.query_logs.push(QueryLog {
                    span: span(n),
                    setting: format!("`{option}: {}` of `{last}`", text(v, self.src)),
                });
            }
        }
    }
}

/// `true`, `"all"`, `["query", "error"]`: the query log is on.
fn logs_queries(v: Node, src: &str) -> bool {
    match v.kind_name() {
        "true" => true,
        "string" => matches!(unquote(text(v, src)), "all" | "query"),
        "array" => named_children(v).any(|e| matches!(unquote(text(e, src)), "all" | "query")),
        _ => false,
    }
}
