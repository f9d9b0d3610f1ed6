//! JavaScript and TypeScript front-end (tree-sitter-javascript, tree-sitter-typescript): one
//! walk over the tree feeds the sink extractor (`sinks.rs`, `flow.rs`) and, when a repository
//! rule needs them, the data-model extractor (`models.rs`, `declarations.rs`, `calls.rs`),
//! which asks `frameworks/` what each declaration and call means.

mod calls;
mod declarations;
mod flow;
mod frameworks;
mod handlers;
mod models;
mod query_logs;
mod responses;
mod sinks;
mod stored;
mod workarounds;

use crate::facts::{FastMap, FastSet};
use crate::lang::ts::NodeExt as _;
use std::path::Path;

use tree_sitter::Node;

use super::ts::{self, span, text, unquote, ACTION, FUNCTION, MODEL, STATEMENT};
use crate::catalog::{Catalog, LangSinks};
use crate::facts::{FileFacts, Language, LocalFlows, ParseProblem, SinkKind, Span};
use crate::source::LineIndex;
use crate::suppress::{self, Comment};
use models::Models;

#[derive(Debug, Clone, Copy)]
pub enum Dialect {
    JavaScript,
    TypeScript,
    Tsx,
}

impl Dialect {
    pub fn for_path(lang: Language, path: &Path) -> Dialect {
        match (lang, path.extension().and_then(|e| e.to_str())) {
            (Language::TypeScript, Some("tsx")) => Dialect::Tsx,
            (Language::TypeScript, _) => Dialect::TypeScript,
            _ => Dialect::JavaScript,
        }
    }
}

pub fn extract(
    src: &str,
    lines: &LineIndex,
    dialect: Dialect,
    cat: &Catalog,
    want_models: bool,
) -> FileFacts {
    let tree = parse(src, dialect);
    // Syntax the grammars reject though it is valid: rewrite it in place, same length, so
    // every offset is unchanged, and keep the result only if it then parses.
    let patched = tree
        .as_ref()
        .filter(|t| t.root_node().has_error())
        .and_then(|_| workarounds::rewrite(src, dialect));
    let (src, tree) = match &patched {
        Some(p) => match parse(p, dialect) {
            Some(t) if !t.root_node().has_error() => (p.as_str(), Some(t)),
            _ => (src, tree),
        },
        None => (src, tree),
    };
    extract_tree(src, tree, lines, dialect, cat, want_models)
}

fn parse(src: &str, dialect: Dialect) -> Option<tree_sitter::Tree> {
    match dialect {
        Dialect::JavaScript => ts::parse(
            "javascript",
            || tree_sitter_javascript::LANGUAGE.into(),
            src,
        ),
        Dialect::TypeScript => ts::parse(
            "typescript",
            || tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            src,
        ),
        Dialect::Tsx => ts::parse("tsx", || tree_sitter_typescript::LANGUAGE_TSX.into(), src),
    }
}

fn extract_tree(
    src: &str,
    tree: Option<tree_sitter::Tree>,
    lines: &LineIndex,
    dialect: Dialect,
    cat: &Catalog,
    want_models: bool,
) -> FileFacts {
    let Some(tree) = tree else {
        let mut f = FileFacts::default();
        f.problems.push(ParseProblem {
            span: Span::new(0, 0),
            message: "the JavaScript/TypeScript parser gave up on this file".into(),
        });
        return f;
    };
    let root = tree.root_node();
    let mut x = Extractor {
        src,
        cat,
        sinks: &cat.javascript,
        aliases: Default::default(),
        loggers: Default::default(),
        redactions: Default::default(),
        sdk_instances: Default::default(),
        sink_aliases: Default::default(),
        models: want_models,
        functions: Default::default(),
        defs: if want_models {
            crate::lang::wrappers::defined_after(src, "function")
        } else {
            Default::default()
        },
        project_calls: Vec::new(),
        query_logs: Vec::new(),
        stored_inputs: Vec::new(),
        ancestors: Vec::with_capacity(ts::NEAR_ANCESTORS),
        debug_fns: Default::default(),
        facts: FileFacts::default(),
        comments: Vec::new(),
        statements: Vec::new(),
        wants_statements: src.contains("privlint"),
        kinds: kinds(dialect),
        flows: LocalFlows::default(),
        loops: Default::default(),
        scopes: ts::Scopes::default(),
        classes: ts::Classes::default(),
    };
    let mut models = Models::new(src);
    let kinds = x.kinds;
    ts::walk_with_ancestors(root, |n, ancestors| {
        // Punctuation and keywords (two nodes in five) carry nothing a visitor reads.
        if !n.is_named() {
            return;
        }
        ts::keep_nearest(ancestors, &mut x.ancestors);
        x.visit(n);
        if want_models && kinds.get(n) & MODEL != 0 {
            models.parent = ancestors.last().copied();
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
    /// Local name → module path (`createLogger` → `winston.createLogger`, `dbg` → `debug`).
    aliases: FastMap<String, String>,
    loggers: FastSet<String>,
    /// pino `redact` paths configured on a logger: values under them never reach the output.
    /// Whether model facts (wrappers, project calls among them) are wanted.
    models: bool,
    /// Enclosing functions and the wrappers found so far.
    functions: crate::lang::wrappers::Functions,
    /// Functions this file defines, for recording calls of them.
    defs: FastSet<String>,
    project_calls: Vec<crate::facts::ProjectCall>,
    /// Settings that log every query with its parameters.
    query_logs: Vec<crate::facts::QueryLog>,
    /// Request data kept whole in a record.
    stored_inputs: Vec<crate::facts::StoredInput>,
    /// The nearest ancestors of the node being visited, parent first, from the walk (never
    /// `Node::parent()`, which is linear in the depth).
    ancestors: Vec<Node<'a>>,
    /// Names bound to a sink itself: `const say = console.log`, `console.error.bind(console)`.
    sink_aliases: FastMap<String, SinkKind>,
    /// Names bound to an SDK client (`const analytics = new Analytics(key)`).
    sdk_instances: FastMap<String, &'a crate::catalog::Sdk>,
    redactions: FastMap<String, Vec<String>>,
    /// Functions made by the `debug` package: calling them logs.
    debug_fns: FastSet<String>,
    facts: FileFacts,
    comments: Vec<Comment<'a>>,
    statements: Vec<(u32, u32)>,
    /// Statement extents are only needed to resolve suppression comments.
    wants_statements: bool,
    kinds: &'static ts::KindTable,
    flows: LocalFlows,
    /// Loops over a secret object's keys, whose reads of the object by key are it whole.
    loops: ts::MapLoops<'a>,
    scopes: ts::Scopes,
    classes: ts::Classes,
}

fn classify_kind(k: &str) -> u8 {
    // What an own-line suppression covers: statements, and the members a field-level finding
    // points at (a schema's `dateOfBirth: Date,`, an interface's or a class's field).
    let stmt = k.ends_with("_statement")
        || k.ends_with("_declaration")
        || matches!(
            k,
            "public_field_definition"
                | "field_definition"
                | "pair"
                | "property_signature"
                | "method_definition"
        );
    let action = matches!(
        k,
        "comment"
            | "import_statement"
            | "variable_declarator"
            | "assignment_expression"
            | "augmented_assignment_expression"
            | "public_field_definition"
            | "field_definition"
            | "call_expression"
            | "throw_statement"
            | "new_expression"
            | "for_in_statement"
    );
    let function = matches!(
        k,
        "function_declaration"
            | "function_expression"
            | "arrow_function"
            | "method_definition"
            | "function"
            | "generator_function_declaration"
    );
    let model = function
        || matches!(
            k,
            "identifier"
                | "shorthand_property_identifier"
                | "member_expression"
                | "subscript_expression"
                | "object_pattern"
                | "spread_element"
                | "class_declaration"
                | "class"
                | "class_body"
                | "abstract_class_declaration"
                | "interface_declaration"
                | "type_alias_declaration"
                | "generic_type"
                | "as_expression"
                | "satisfies_expression"
                | "required_parameter"
                | "optional_parameter"
                | "variable_declarator"
                | "assignment_expression"
                | "call_expression"
                | "new_expression"
                | "string_fragment"
                | "array"
                | "import_specifier"
                | "export_specifier"
                | "pair"
        );
    (stmt as u8 * STATEMENT)
        | (action as u8 * ACTION)
        | (function as u8 * FUNCTION)
        | (model as u8 * MODEL)
}

fn kinds(dialect: Dialect) -> &'static ts::KindTable {
    use std::sync::OnceLock;
    static JS: OnceLock<ts::KindTable> = OnceLock::new();
    static TS: OnceLock<ts::KindTable> = OnceLock::new();
    static TSX: OnceLock<ts::KindTable> = OnceLock::new();
    match dialect {
        Dialect::JavaScript => JS.get_or_init(|| {
            ts::KindTable::new(&tree_sitter_javascript::LANGUAGE.into(), classify_kind)
        }),
        Dialect::TypeScript => TS.get_or_init(|| {
            ts::KindTable::new(
                &tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
                classify_kind,
            )
        }),
        Dialect::Tsx => TSX.get_or_init(|| {
            ts::KindTable::new(&tree_sitter_typescript::LANGUAGE_TSX.into(), classify_kind)
        }),
    }
}

const LITERALS: &[&str] = &[
    "number",
    "true",
    "false",
    "null",
    "undefined",
    "regex",
    "arrow_function",
    "function_expression",
    "function",
    "class",
    "unary_expression",
];

impl<'a> Extractor<'a> {
    fn visit(&mut self, n: Node<'a>) {
        let flags = self.kinds.get(n);
        self.scopes.enter(n, flags & FUNCTION != 0);
        self.classes.enter(
            n,
            self.src,
            matches!(
                n.kind_name(),
                "class_declaration" | "class" | "abstract_class_declaration"
            ),
        );
        if flags & FUNCTION != 0 {
            self.declare_params(n);
            self.callback_loop(n);
            if self.models {
                self.enter_function(n);
            }
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
        let kind = n.kind_name();
        match kind {
            "comment" => {
                let t = text(n, self.src);
                let body = t
                    .strip_prefix("//")
                    .or_else(|| {
                        t.strip_prefix("/*")
                            .map(|b| b.strip_suffix("*/").unwrap_or(b))
                    })
                    .unwrap_or(t);
                self.comments.push(Comment {
                    span: span(n),
                    body,
                });
            }
            "import_statement" => self.import(n),
            "augmented_assignment_expression" => {
                if let (Some(l), Some(r)) = (n.field("left"), n.field("right")) {
                    self.flow(l, r, true);
                }
            }
            "variable_declarator" => {
                if let (Some(l), Some(r)) = (n.field("name"), n.field("value")) {
                    self.binding(l, r);
                }
            }
            "assignment_expression" => {
                if let (Some(l), Some(r)) = (n.field("left"), n.field("right")) {
                    self.binding(l, r);
                }
            }
            "public_field_definition" | "field_definition" => {
                let name = n.field("name").or_else(|| n.field("property"));
                if let (Some(l), Some(r)) = (name, n.field("value")) {
                    if self.returns_logger(r) {
                        self.loggers.insert(format!("this.{}", text(l, self.src)));
                    }
                }
            }
            "for_in_statement" => self.loop_value(n),
            "call_expression" => {
                if self.models {
                    self.query_log(n);
                    self.stored_input(n);
                }
                self.call(n)
            }
            // `cb(new Error(`no user ${email}`))`, `Promise.reject(new AuthError(…))`: an error
            // message is made here, whoever throws or logs it later.
            "new_expression"
                if self
                    .ancestors
                    .first()
                    .is_none_or(|p| p.kind_name() != "throw_statement") =>
            {
                if self.models {
                    self.query_log(n);
                    self.stored_input(n);
                }
                let callee = n.field("constructor").map_or("", |c| text(c, self.src));
                let last = callee.rsplit('.').next().unwrap_or(callee);
                if (last.ends_with("Error") || last.ends_with("Exception"))
                    && !self.inside_sink_call()
                {
                    // The message only: later arguments are options, causes and attached
                    // objects (`new WebAuthnError("empty response", response)`).
                    let message = n
                        .field("arguments")
                        .and_then(|a| ts::named_children(a).find(|c| c.kind_name() != "comment"));
                    self.sink(
                        n,
                        SinkKind::Error,
                        format!("new {callee}"),
                        message.into_iter().collect(),
                        None,
                    );
                }
            }
            "throw_statement" => {
                if let Some(e) = n.named_child(0) {
                    if matches!(e.kind_name(), "new_expression" | "call_expression") {
                        let callee = e
                            .field("constructor")
                            .or_else(|| e.field("function"))
                            .map_or("", |c| text(c, self.src));
                        // `throw badArg(value, reason)`: a function of this file builds the
                        // error; what its parameters reach is judged where it is defined.
                        // `throw data({…})`, `throw redirect(…)`: a response, not an error.
                        if (e.kind_name() == "call_expression" && self.defs.contains(callee))
                            || answers_the_user(callee)
                        {
                            return;
                        }
                        let args = e.field("arguments");
                        self.sink(
                            n,
                            SinkKind::Error,
                            format!("throw {callee}"),
                            args.into_iter().collect(),
                            None,
                        );
                    } else if matches!(e.kind_name(), "template_string" | "binary_expression") {
                        // `throw `invalid phone ${phone}``: the thrown string is the message.
                        self.sink(n, SinkKind::Error, "throw".into(), vec![e], None);
                    }
                }
            }
            _ => {}
        }
    }

    fn import(&mut self, n: Node) {
        let Some(source) = n.field("source") else {
            return;
        };
        let module = unquote(text(source, self.src)).to_string();
        ts::walk(n, |c| match c.kind_name() {
            "import_specifier" => {
                let name = c.field("name").map_or("", |x| text(x, self.src));
                let local = c.field("alias").map_or(name, |x| text(x, self.src));
                self.aliases
                    .insert(local.to_string(), format!("{module}.{name}"));
            }
            "identifier"
                if c.parent().is_some_and(|p| {
                    matches!(p.kind_name(), "import_clause" | "namespace_import")
                }) =>
            {
                self.aliases
                    .insert(text(c, self.src).to_string(), module.clone());
            }
            _ => {}
        });
    }
}

/// `require('x')` → `x`.
pub(super) fn require_module(n: Node, src: &str) -> Option<String> {
    if n.kind_name() != "call_expression" {
        return None;
    }
    let f = n.field("function")?;
    if text(f, src) != "require" {
        return None;
    }
    let arg = n.field("arguments")?.named_child(0)?;
    (arg.kind_name() == "string").then(|| unquote(text(arg, src)).to_string())
}

/// What a request's user is shown, never logged: Remix/React Router/SvelteKit responses thrown
/// to end the request (`throw data({ email })`, `throw json(…)`, `throw redirect(…)`,
/// `throw error(400, "…")`), and validation errors answering the user who sent the value
/// (Ghost's, class-validator's, as Django's `ValidationError` does).
fn answers_the_user(callee: &str) -> bool {
    let last = callee.rsplit('.').next().unwrap_or(callee);
    last == "ValidationError"
        || matches!(
            callee,
            "data"
                | "json"
                | "redirect"
                | "redirectDocument"
                | "error"
                | "fail"
                | "notFound"
                | "Response"
        )
}
