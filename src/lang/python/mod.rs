//! Python front-end (tree-sitter-python): one walk over the tree feeds the sink extractor
//! (`sinks.rs`, `flow.rs`) and, when a repository rule needs them, the data-model extractor
//! (`models.rs`, `classes.rs`, `calls.rs`), which asks `frameworks/` what each class and
//! call means.

mod calls;
mod classes;
mod flow;
mod frameworks;
mod handlers;
mod loops;
mod models;
mod query_logs;
mod responses;
mod sinks;
mod stored;

use crate::facts::{FastMap, FastSet};
use crate::lang::ts::NodeExt as _;

use tree_sitter::Node;

use super::ts::{self, named_children, span, text, unquote, ACTION, FUNCTION, MODEL, STATEMENT};
use crate::catalog::{Catalog, LangSinks};
use crate::facts::{FileFacts, LocalFlows, ParseProblem, SinkKind, Span};
use crate::source::LineIndex;
use crate::suppress::{self, Comment};
use models::Models;

pub fn extract(src: &str, lines: &LineIndex, cat: &Catalog, want_models: bool) -> FileFacts {
    let Some(tree) = ts::parse("python", || tree_sitter_python::LANGUAGE.into(), src) else {
        let mut f = FileFacts::default();
        f.problems.push(ParseProblem {
            span: Span::new(0, 0),
            message: "the Python parser gave up on this file".into(),
        });
        return f;
    };
    let root = tree.root_node();
    let mut x = Extractor {
        src,
        cat,
        sinks: &cat.python,
        aliases: Default::default(),
        loggers: Default::default(),
        module_constants: Default::default(),
        sdk_instances: Default::default(),
        sink_aliases: Default::default(),
        models: want_models,
        functions: Default::default(),
        defs: if want_models {
            crate::lang::wrappers::defined_after(src, "def")
        } else {
            Default::default()
        },
        project_calls: Vec::new(),
        query_logs: Vec::new(),
        stored_inputs: Vec::new(),
        ancestors: Vec::with_capacity(ts::NEAR_ANCESTORS),
        facts: FileFacts::default(),
        comments: Vec::new(),
        statements: Vec::new(),
        wants_statements: src.contains("privlint"),
        flows: LocalFlows::default(),
        loops: Default::default(),
        scopes: ts::Scopes::default(),
        classes: ts::Classes::default(),
        sensitive: Vec::new(),
        param_types: Default::default(),
    };
    let mut models = Models::new(src);
    ts::walk_with_ancestors(root, |n, ancestors| {
        // Punctuation and keywords (two nodes in five) carry nothing a visitor reads.
        if !n.is_named() {
            return;
        }
        ts::keep_nearest(ancestors, &mut x.ancestors);
        x.visit(n);
        if want_models && kinds().get(n) & MODEL != 0 {
            models.visit(n);
        }
    });
    ts::syntax_problems(root, src, &mut x.facts.problems);
    let mut facts = x.facts;
    if want_models {
        let mut logged = crate::facts::ModelFacts::default();
        logged.log_whole_objects(&facts.sinks, |n, at| models.type_of(n, at));
        facts.models = models.finish();
        facts.models.logged = logged.logged;
        facts.models.wrappers = std::mem::take(&mut x.functions.found);
        facts.models.project_calls = std::mem::take(&mut x.project_calls);
        facts.models.query_logs = std::mem::take(&mut x.query_logs);
        facts.models.stored_inputs = std::mem::take(&mut x.stored_inputs);
    }
    facts.suppressions = suppress::resolve(
        src,
        lines,
        &x.comments,
        &mut x.statements,
        &mut facts.problems,
    );
    facts
}

struct Extractor<'a> {
    src: &'a str,
    cat: &'a Catalog,
    sinks: &'a LangSinks,
    /// Local name → imported dotted path (`lg` → `logging`, `pprint` → `pprint.pprint`).
    aliases: FastMap<String, String>,
    /// Names and `self.x` attributes assigned a logger in this file.
    loggers: FastSet<String>,
    /// Module-level names bound to a literal that is not secret-looking
    /// (`_config_secret = "api_token.jwt.encode.secret"`): configuration, never a person's data.
    module_constants: FastSet<String>,
    /// Whether model facts (wrappers, project calls among them) are wanted.
    models: bool,
    /// Enclosing functions and the wrappers found so far.
    functions: crate::lang::wrappers::Functions,
    /// Functions this file defines (`def name`), for recording calls of them.
    defs: FastSet<String>,
    project_calls: Vec<crate::facts::ProjectCall>,
    /// Settings that log every query with its parameters.
    query_logs: Vec<crate::facts::QueryLog>,
    /// Request data kept whole in a record.
    stored_inputs: Vec<crate::facts::StoredInput>,
    /// The nearest ancestors of the node being visited, parent first, from the walk (never
    /// `Node::parent()`, which is linear in the depth).
    ancestors: Vec<Node<'a>>,
    /// Names bound to a sink itself: `log_error = logger.error`, `out = print`.
    sink_aliases: FastMap<String, SinkKind>,
    /// Names assigned an SDK client (`mp = mixpanel.Mixpanel(token)`).
    sdk_instances: FastMap<String, &'a crate::catalog::Sdk>,
    facts: FileFacts,
    comments: Vec<Comment<'a>>,
    statements: Vec<(u32, u32)>,
    /// Statement extents are only needed to resolve suppression comments.
    wants_statements: bool,
    flows: LocalFlows,
    /// Loops over a secret map's keys, whose reads of the map by key are the map whole.
    loops: ts::MapLoops<'a>,
    scopes: ts::Scopes,
    classes: ts::Classes,
    /// Annotated parameters: (function scope, name) → declared type.
    param_types: FastMap<(usize, String), String>,
    /// Django `@sensitive_variables(...)`: (function byte range, names; empty = every local).
    sensitive: Vec<(usize, usize, Vec<String>)>,
}

fn kinds() -> &'static ts::KindTable {
    static T: std::sync::OnceLock<ts::KindTable> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        ts::KindTable::new(&tree_sitter_python::LANGUAGE.into(), |k| {
            let stmt = k.ends_with("_statement")
                || matches!(
                    k,
                    "decorated_definition" | "function_definition" | "class_definition"
                );
            let action = matches!(
                k,
                "comment"
                    | "import_statement"
                    | "import_from_statement"
                    | "assignment"
                    | "augmented_assignment"
                    | "call"
                    | "raise_statement"
                    | "assert_statement"
                    | "decorated_definition"
                    | "pair"
                    | "for_statement"
            );
            let function = matches!(k, "function_definition" | "lambda");
            let model = matches!(
                k,
                "function_definition"
                    | "decorated_definition"
                    | "class_definition"
                    | "attribute"
                    | "subscript"
                    | "call"
                    | "assignment"
                    | "string"
                    | "dictionary_splat"
                    | "list"
                    | "tuple"
                    | "set"
                    | "identifier"
                    | "aliased_import"
                    | "for_statement"
            );
            (stmt as u8 * STATEMENT)
                | (action as u8 * ACTION)
                | (function as u8 * FUNCTION)
                | (model as u8 * MODEL)
        })
    })
}

const LITERALS: &[&str] = &["integer", "float", "true", "false", "none", "ellipsis"];

impl<'a> Extractor<'a> {
    fn visit(&mut self, n: Node<'a>) {
        let flags = kinds().get(n);
        self.scopes.enter(n, flags & FUNCTION != 0);
        self.classes
            .enter(n, self.src, n.kind_name() == "class_definition");
        if flags & FUNCTION != 0 {
            self.declare_params(n);
        }
        if n.kind_name() == "function_definition" {
            self.annotated_params(n);
            self.enter_function(n);
        }
        if flags & (STATEMENT | ACTION) == 0 {
            return;
        }
        if flags & STATEMENT != 0 && self.wants_statements {
            self.statements.push((
                n.start_position().row as u32 + 1,
                n.end_position().row as u32 + 1,
            ));
        }
        if flags & ACTION == 0 {
            return;
        }
        match n.kind_name() {
            "comment" => {
                let t = text(n, self.src);
                self.comments.push(Comment {
                    span: span(n),
                    body: t.strip_prefix('#').unwrap_or(t),
                });
            }
            "import_statement" | "import_from_statement" => self.import(n),
            "assignment" => self.assignment(n),
            "for_statement" => self.loop_value(n),
            "augmented_assignment" => {
                if let (Some(l), Some(r)) = (n.field("left"), n.field("right")) {
                    self.flow(l, r, true);
                }
            }
            "call" => self.call(n),
            "pair" => self.query_log_setting(n),
            "decorated_definition" => {
                for d in named_children(n).filter(|d| d.kind_name() == "decorator") {
                    let t = text(d, self.src).trim_start_matches('@');
                    let Some(args) = t.strip_prefix("sensitive_variables").or_else(|| {
                        t.strip_prefix("django.views.decorators.debug.sensitive_variables")
                    }) else {
                        continue;
                    };
                    let names: Vec<String> = args
                        .trim_matches(['(', ')'])
                        .split(',')
                        .map(|a| unquote(a.trim()).to_string())
                        .filter(|a| !a.is_empty())
                        .collect();
                    self.sensitive.push((n.start_byte(), n.end_byte(), names));
                }
            }
            "raise_statement" => {
                if let Some(c) = n.named_child(0).filter(|c| c.kind_name() == "call") {
                    let callee = c.field("function").map_or("", |f| text(f, self.src));
                    // Django/DRF/WTForms/marshmallow `ValidationError`, colander, voluptuous
                    // and CKAN `Invalid`: a message shown to the user who sent the value, not
                    // one written to a log.
                    if matches!(
                        callee.rsplit('.').next(),
                        Some("ValidationError" | "Invalid" | "ValidationFailure")
                    ) {
                        return;
                    }
                    let args = c.field("arguments");
                    self.sink(
                        n,
                        SinkKind::Error,
                        format!("raise {callee}"),
                        args.into_iter().collect(),
                        None,
                    );
                }
            }
            "assert_statement" => {
                let msgs: Vec<Node> = ts::named_children(n).skip(1).collect();
                self.sink(n, SinkKind::Error, "assert".into(), msgs, None);
            }
            _ => {}
        }
    }

    fn import(&mut self, n: Node) {
        let module = n
            .field("module_name")
            .map(|m| text(m, self.src).to_string());
        let mut c = n.walk();
        for name in n.children_by_field_name("name", &mut c) {
            let (full, local) = match name.kind_name() {
                "aliased_import" => {
                    let full = name.field("name").map_or("", |x| text(x, self.src));
                    let alias = name.field("alias").map_or("", |x| text(x, self.src));
                    (full.to_string(), alias.to_string())
                }
                _ => {
                    let t = text(name, self.src).to_string();
                    let local = t.split('.').next().unwrap_or(&t).to_string();
                    let full = if module.is_some() {
                        t.clone()
                    } else {
                        local.clone()
                    };
                    (full, local)
                }
            };
            let full = match &module {
                Some(m) => format!("{m}.{full}"),
                None => full,
            };
            if full != local {
                self.aliases.insert(local, full);
            }
        }
    }

    fn assignment(&mut self, n: Node<'a>) {
        let (Some(left), Some(right)) = (n.field("left"), n.field("right")) else {
            return;
        };
        // `foo = LOGGER`, `logger = self.log`: another name for a logger.
        let is_logger = match right.kind_name() {
            "call" => self.call_returns_logger(right),
            _ => self
                .dotted(right)
                .is_some_and(|p| p == "logging.root" || self.loggers.contains(&p)),
        };
        if is_logger {
            self.loggers.insert(text(left, self.src).to_string());
        }
        if self.scopes.current() == 0
            && left.kind_name() == "identifier"
            && right.kind_name() == "string"
            && !flow::has_interpolation(right)
            && !crate::lang::secret_looking(unquote(text(right, self.src)))
        {
            self.module_constants
                .insert(text(left, self.src).to_string());
        }
        if let Some(kind) = self.sink_kind_of(right) {
            self.sink_aliases
                .insert(text(left, self.src).to_string(), kind);
        }
        if let Some(f) = right
            .field("function")
            .filter(|_| right.kind_name() == "call")
        {
            if let Some(sdk) = self.sdk_of(f) {
                self.sdk_instances
                    .insert(text(left, self.src).to_string(), sdk);
            }
        }
        self.flow(left, right, false);
    }
}
