//! JavaScript and TypeScript front-end (tree-sitter-javascript, tree-sitter-typescript).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use tree_sitter::Node;

use super::js_models::Models;
use super::python::is_accessor;
use super::ts::{self, named_children, span, text, unquote, ACTION, FUNCTION, MODEL, STATEMENT};
use crate::catalog::{Catalog, LangSinks};
use crate::facts::{
    DataRef, FileFacts, Language, LocalFlows, ParseProblem, SinkCall, SinkKind, Span, Via,
};
use crate::source::LineIndex;
use crate::suppress::{self, Comment};

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
    let tree = match dialect {
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
    };
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
        aliases: HashMap::new(),
        loggers: HashSet::new(),
        redactions: HashMap::new(),
        debug_fns: HashSet::new(),
        facts: FileFacts::default(),
        comments: Vec::new(),
        statements: Vec::new(),
        wants_statements: src.contains("privlint"),
        kinds: kinds(dialect),
        flows: LocalFlows::default(),
        scopes: ts::Scopes::default(),
    };
    let mut models = Models::new(src);
    let kinds = x.kinds;
    ts::walk(root, |n| {
        x.visit(n);
        if want_models && kinds.get(n) & MODEL != 0 {
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
    aliases: HashMap<String, String>,
    loggers: HashSet<String>,
    /// pino `redact` paths configured on a logger: values under them never reach the output.
    redactions: HashMap<String, Vec<String>>,
    /// Functions made by the `debug` package: calling them logs.
    debug_fns: HashSet<String>,
    facts: FileFacts,
    comments: Vec<Comment<'a>>,
    statements: Vec<(u32, u32)>,
    /// Statement extents are only needed to resolve suppression comments.
    wants_statements: bool,
    kinds: &'static ts::KindTable,
    flows: LocalFlows,
    scopes: ts::Scopes,
}

fn classify_kind(k: &str) -> u8 {
    let stmt =
        k.ends_with("_statement") || k.ends_with("_declaration") || k == "public_field_definition";
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
                | "member_expression"
                | "subscript_expression"
                | "object_pattern"
                | "spread_element"
                | "class_declaration"
                | "class"
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
        let kind = n.kind();
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
                if let (Some(l), Some(r)) = (
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                ) {
                    self.flow(l, r, true);
                }
            }
            "variable_declarator" => {
                if let (Some(l), Some(r)) = (
                    n.child_by_field_name("name"),
                    n.child_by_field_name("value"),
                ) {
                    self.binding(l, r);
                }
            }
            "assignment_expression" => {
                if let (Some(l), Some(r)) = (
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                ) {
                    self.binding(l, r);
                }
            }
            "public_field_definition" | "field_definition" => {
                let name = n
                    .child_by_field_name("name")
                    .or_else(|| n.child_by_field_name("property"));
                if let (Some(l), Some(r)) = (name, n.child_by_field_name("value")) {
                    if self.returns_logger(r) {
                        self.loggers.insert(format!("this.{}", text(l, self.src)));
                    }
                }
            }
            "call_expression" => self.call(n),
            "throw_statement" => {
                if let Some(e) = n.named_child(0) {
                    if matches!(e.kind(), "new_expression" | "call_expression") {
                        let callee = e
                            .child_by_field_name("constructor")
                            .or_else(|| e.child_by_field_name("function"))
                            .map_or("", |c| text(c, self.src));
                        let args = e.child_by_field_name("arguments");
                        self.sink(
                            n,
                            SinkKind::Error,
                            format!("throw {callee}"),
                            args.into_iter().collect(),
                        );
                    }
                }
            }
            _ => {}
        }
    }

    fn import(&mut self, n: Node) {
        let Some(source) = n.child_by_field_name("source") else {
            return;
        };
        let module = unquote(text(source, self.src)).to_string();
        ts::walk(n, |c| match c.kind() {
            "import_specifier" => {
                let name = c
                    .child_by_field_name("name")
                    .map_or("", |x| text(x, self.src));
                let local = c
                    .child_by_field_name("alias")
                    .map_or(name, |x| text(x, self.src));
                self.aliases
                    .insert(local.to_string(), format!("{module}.{name}"));
            }
            "identifier"
                if c.parent()
                    .is_some_and(|p| matches!(p.kind(), "import_clause" | "namespace_import")) =>
            {
                self.aliases
                    .insert(text(c, self.src).to_string(), module.clone());
            }
            _ => {}
        });
    }

    /// Records what data a local variable holds after `left = right` (or `left += right`),
    /// destructuring included: `const { email } = user`.
    fn flow(&mut self, left: Node, right: Node, augmented: bool) {
        let scope = self.scopes.current();
        match left.kind() {
            "identifier" => {
                let mut refs = Vec::new();
                self.values(vec![right], &mut refs);
                let name = text(left, self.src);
                self.flows.record(scope, name, refs, augmented);
            }
            "object_pattern" => {
                let base = self.access_path(right).map(|p| p.0);
                for c in named_children(left) {
                    let (key, var) = match c.kind() {
                        "shorthand_property_identifier_pattern" => (c, c),
                        "pair_pattern" => {
                            match (c.child_by_field_name("key"), c.child_by_field_name("value")) {
                                (Some(k), Some(v)) if v.kind() == "identifier" => (k, v),
                                _ => continue,
                            }
                        }
                        _ => continue,
                    };
                    let refs = base
                        .as_ref()
                        .map(|b| {
                            let mut path = b.clone();
                            path.push(unquote(text(key, self.src)).to_string());
                            vec![data_ref(key, path, Via::Value)]
                        })
                        .unwrap_or_default();
                    self.flows.record(scope, text(var, self.src), refs, false);
                }
            }
            _ => {}
        }
    }

    fn binding(&mut self, left: Node, right: Node) {
        self.flow(left, right, false);
        let name = text(left, self.src).to_string();
        if let Some(m) = require_module(right, self.src) {
            self.aliases.insert(name, m);
            return;
        }
        if self.returns_logger(right) {
            let paths = redact_paths(right, self.src);
            if !paths.is_empty() {
                self.redactions.insert(name.clone(), paths);
            }
            self.loggers.insert(name);
        } else if right.kind() == "call_expression"
            && right.child_by_field_name("function").is_some_and(|f| {
                self.callee_path(f)
                    .is_some_and(|p| self.sinks.is_debug_factory(&p))
            })
        {
            self.debug_fns.insert(name);
        }
    }

    fn returns_logger(&self, e: Node) -> bool {
        let e = unwrap_expr(e);
        match e.kind() {
            "call_expression" => {
                let Some(f) = e.child_by_field_name("function") else {
                    return false;
                };
                if self
                    .callee_path(f)
                    .is_some_and(|p| self.sinks.is_logger_factory(&p))
                {
                    return true;
                }
                f.kind() == "member_expression"
                    && f.child_by_field_name("property")
                        .is_some_and(|m| self.sinks.logger_derivers.contains(text(m, self.src)))
                    && f.child_by_field_name("object")
                        .is_some_and(|o| self.is_logger(o))
            }
            "new_expression" => e
                .child_by_field_name("constructor")
                .and_then(|c| self.callee_path(c))
                .is_some_and(|p| self.sinks.is_logger_factory(&p)),
            _ => false,
        }
    }

    fn is_logger(&self, recv: Node) -> bool {
        let recv = unwrap_expr(recv);
        if matches!(recv.kind(), "call_expression" | "new_expression") {
            return self.returns_logger(recv);
        }
        if self.loggers.contains(text(recv, self.src)) {
            return true;
        }
        match recv.kind() {
            "identifier" => self.sinks.is_logger_name(text(recv, self.src)),
            "member_expression" => recv
                .child_by_field_name("property")
                .is_some_and(|p| self.sinks.is_logger_name(text(p, self.src))),
            _ => false,
        }
    }

    /// `a.b.c` for identifier/member chains, the first segment's import resolved;
    /// `require('debug')` is its module name.
    fn callee_path(&self, n: Node) -> Option<String> {
        self.path_of(n, true)
    }

    fn path_of(&self, n: Node, resolve: bool) -> Option<String> {
        if let Some(m) = require_module(n, self.src) {
            return Some(format!("require('{m}')"));
        }
        let mut segs = Vec::new();
        let mut cur = n;
        loop {
            match cur.kind() {
                "identifier" | "this" => {
                    segs.push(text(cur, self.src));
                    break;
                }
                "member_expression" => {
                    segs.push(text(cur.child_by_field_name("property")?, self.src));
                    cur = cur.child_by_field_name("object")?;
                }
                _ => return None,
            }
        }
        segs.reverse();
        let first = segs[0];
        let alias = if resolve {
            self.aliases.get(first)
        } else {
            None
        };
        let mut out = alias.cloned().unwrap_or_else(|| first.to_string());
        for s in &segs[1..] {
            out.push('.');
            out.push_str(s);
        }
        Some(out)
    }

    fn call(&mut self, n: Node<'a>) {
        let (Some(func), Some(args)) = (
            n.child_by_field_name("function"),
            n.child_by_field_name("arguments"),
        ) else {
            return;
        };
        let path = self.callee_path(func);
        let mut kind = path
            .as_deref()
            .and_then(|p| self.sinks.function_kind(p))
            .or_else(|| {
                self.path_of(func, false)
                    .and_then(|p| self.sinks.function_kind(&p))
            });
        if kind.is_none() {
            let raw = text(func, self.src);
            let debug_fn = self.debug_fns.contains(raw)
                || (func.kind() == "call_expression"
                    && func
                        .child_by_field_name("function")
                        .and_then(|f| self.callee_path(f))
                        .is_some_and(|p| self.sinks.is_debug_factory(&p)));
            if debug_fn {
                kind = Some(SinkKind::Log);
            } else if func.kind() == "member_expression" {
                let method = func
                    .child_by_field_name("property")
                    .map_or("", |m| text(m, self.src));
                if self.sinks.logger_methods.contains(method)
                    && func
                        .child_by_field_name("object")
                        .is_some_and(|o| self.is_logger(o))
                {
                    kind = Some(SinkKind::Log);
                }
            }
        }
        if let Some(kind) = kind {
            let callee = path.unwrap_or_else(|| text(func, self.src).chars().take(60).collect());
            let redact = func
                .child_by_field_name("object")
                .and_then(|o| self.redactions.get(text(o, self.src)))
                .cloned();
            self.sink(n, kind, callee, vec![args]);
            if let Some(paths) = redact {
                if let Some(last) = self.facts.sinks.last_mut().filter(|s| s.span == span(n)) {
                    last.values.retain(|v| !redacted(&paths, v));
                    if last.values.is_empty() {
                        self.facts.sinks.pop();
                    }
                }
            }
        }
    }

    fn sink(&mut self, n: Node, kind: SinkKind, callee: String, roots: Vec<Node>) {
        let mut values = Vec::new();
        self.values(roots, &mut values);
        if !values.is_empty() {
            self.facts.sinks.push(SinkCall {
                kind,
                callee,
                span: span(n),
                values,
            });
        }
    }

    fn values(&self, roots: Vec<Node>, out: &mut Vec<DataRef>) {
        let mut stack = roots;
        while let Some(n) = stack.pop() {
            match n.kind() {
                "identifier" | "member_expression" | "subscript_expression" | "this" => {
                    if n.kind() == "identifier" {
                        out.extend(self.flows.uses(
                            self.scopes.current(),
                            text(n, self.src),
                            span(n),
                        ));
                    }
                    match self.access_path(n) {
                        Some((path, via)) => out.push(data_ref(n, path, via)),
                        None => stack.extend(named_children(n)),
                    }
                }
                "shorthand_property_identifier" => {
                    out.push(data_ref(n, vec![text(n, self.src).to_string()], Via::Value))
                }
                "call_expression" => self.call_values(n, &mut stack, out),
                "new_expression" => {
                    let ctor = n
                        .child_by_field_name("constructor")
                        .map_or("", |c| text(c, self.src));
                    if ctor.ends_with("Error")
                        || ctor.ends_with("Exception")
                        || self.cat.is_transparent(ctor)
                    {
                        stack.extend(n.child_by_field_name("arguments"));
                    }
                }
                "template_string" => stack.extend(
                    named_children(n)
                        .filter(|c| c.kind() == "template_substitution")
                        .flat_map(named_children),
                ),
                "binary_expression" => {
                    let op = n.child_by_field_name("operator").map_or("", |o| o.kind());
                    if matches!(op, "+" | "||" | "??" | "&&") {
                        stack.extend(n.child_by_field_name("left"));
                        stack.extend(n.child_by_field_name("right"));
                    }
                }
                "ternary_expression" => {
                    stack.extend(n.child_by_field_name("consequence"));
                    stack.extend(n.child_by_field_name("alternative"));
                }
                "object" => {
                    for c in named_children(n) {
                        match c.kind() {
                            "pair" => {
                                let (Some(k), Some(v)) =
                                    (c.child_by_field_name("key"), c.child_by_field_name("value"))
                                else {
                                    continue;
                                };
                                let key = match k.kind() {
                                    "property_identifier" => Some(text(k, self.src)),
                                    "string" => Some(unquote(text(k, self.src))),
                                    _ => None,
                                };
                                if let Some(key) = key.filter(|_| self.value_is_data(v)) {
                                    let mut r = data_ref(k, vec![key.to_string()], Via::Field);
                                    r.value_path = self.access_path(v).map(|p| p.0);
                                    out.push(r);
                                }
                                stack.push(v);
                            }
                            "shorthand_property_identifier" | "spread_element" => stack.push(c),
                            _ => {}
                        }
                    }
                }
                "arguments"
                | "array"
                | "parenthesized_expression"
                | "await_expression"
                | "spread_element"
                | "as_expression"
                | "satisfies_expression"
                | "non_null_expression"
                | "sequence_expression"
                | "type_assertion" => stack.extend(named_children(n)),
                _ => {}
            }
        }
    }

    fn call_values(&self, n: Node<'a>, stack: &mut Vec<Node<'a>>, out: &mut Vec<DataRef>) {
        let Some(func) = n.child_by_field_name("function") else {
            return;
        };
        let callee = self.callee_path(func).or_else(|| {
            func.child_by_field_name("property")
                .map(|m| text(m, self.src).to_string())
        });
        let Some(callee) = callee else {
            return;
        };
        if self.cat.is_sanitizer(&callee) {
            return;
        }
        if let Some((path, via)) = self.access_path(n) {
            out.push(data_ref(n, path, via));
            return;
        }
        if self.cat.is_transparent(&callee) {
            stack.extend(n.child_by_field_name("arguments"));
            if func.kind() == "member_expression" {
                stack.extend(func.child_by_field_name("object"));
            }
        } else if func.kind() == "identifier" && is_accessor(&callee) {
            out.push(data_ref(n, vec![callee], Via::Value));
        }
    }

    fn access_path(&self, n: Node) -> Option<(Vec<String>, Via)> {
        let mut segs: Vec<String> = Vec::new();
        let mut via = Via::Value;
        let mut cur = n;
        loop {
            match cur.kind() {
                "identifier" => {
                    segs.push(text(cur, self.src).to_string());
                    break;
                }
                "this" => {
                    segs.push(enclosing_class(cur, self.src).unwrap_or_else(|| "this".into()));
                    break;
                }
                "member_expression" => {
                    segs.push(text(cur.child_by_field_name("property")?, self.src).to_string());
                    cur = cur.child_by_field_name("object")?;
                }
                "subscript_expression" => {
                    if let Some(i) = cur
                        .child_by_field_name("index")
                        .filter(|i| i.kind() == "string")
                    {
                        if segs.is_empty() {
                            via = Via::Key;
                        }
                        segs.push(unquote(text(i, self.src)).to_string());
                    }
                    cur = cur.child_by_field_name("object")?;
                }
                "call_expression" => {
                    let func = cur.child_by_field_name("function")?;
                    if func.kind() != "member_expression" {
                        return None;
                    }
                    let method = text(func.child_by_field_name("property")?, self.src);
                    let first = cur
                        .child_by_field_name("arguments")
                        .and_then(|a| a.named_child(0));
                    if method == "get"
                        || method == "getAll"
                        || method == "header"
                        || method == "param"
                    {
                        let key = first.filter(|a| a.kind() == "string")?;
                        if segs.is_empty() {
                            via = Via::Key;
                        }
                        segs.push(unquote(text(key, self.src)).to_string());
                    } else if is_accessor(method) {
                        segs.push(method.to_string());
                    } else if !matches!(
                        method,
                        "toLowerCase"
                            | "toUpperCase"
                            | "trim"
                            | "toString"
                            | "trimStart"
                            | "trimEnd"
                            | "normalize"
                    ) {
                        return None;
                    }
                    cur = func.child_by_field_name("object")?;
                }
                "parenthesized_expression"
                | "non_null_expression"
                | "as_expression"
                | "await_expression" => cur = cur.named_child(0)?,
                _ if !segs.is_empty() => break,
                _ => return None,
            }
        }
        segs.reverse();
        Some((segs, via))
    }

    /// Whether some part of a value is unsanitised data (a literal, a sanitised call or a
    /// comparison is not); looks through `+`, `||`, parentheses and template holes.
    fn value_is_data(&self, v: Node) -> bool {
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            let data = match v.kind() {
                "string" | "object" | "array" => false,
                "template_string" => {
                    stack.extend(
                        named_children(v)
                            .filter(|c| c.kind() == "template_substitution")
                            .flat_map(named_children),
                    );
                    false
                }
                "binary_expression" => {
                    let op = v.child_by_field_name("operator").map_or("", |o| o.kind());
                    if matches!(op, "+" | "||" | "??" | "&&") {
                        stack.extend(v.child_by_field_name("left"));
                        stack.extend(v.child_by_field_name("right"));
                    }
                    false
                }
                "parenthesized_expression"
                | "await_expression"
                | "as_expression"
                | "non_null_expression" => {
                    stack.extend(named_children(v));
                    false
                }
                "call_expression" => !v
                    .child_by_field_name("function")
                    .and_then(|f| {
                        self.callee_path(f).or_else(|| {
                            f.child_by_field_name("property")
                                .map(|m| text(m, self.src).to_string())
                        })
                    })
                    .is_some_and(|c| self.cat.is_sanitizer(&c)),
                "identifier" => text(v, self.src) != "undefined",
                k => !LITERALS.contains(&k),
            };
            if data {
                return true;
            }
        }
        false
    }
}

fn data_ref(n: Node, path: Vec<String>, via: Via) -> DataRef {
    DataRef {
        path,
        span: span(n),
        via,
        declared_type: None,
        value_path: None,
        through: None,
    }
}

fn unwrap_expr(mut e: Node) -> Node {
    while matches!(
        e.kind(),
        "await_expression" | "parenthesized_expression" | "as_expression" | "non_null_expression"
    ) {
        match e.named_child(0) {
            Some(c) => e = c,
            None => break,
        }
    }
    e
}

/// `require('x')` → `x`.
fn require_module(n: Node, src: &str) -> Option<String> {
    if n.kind() != "call_expression" {
        return None;
    }
    let f = n.child_by_field_name("function")?;
    if text(f, src) != "require" {
        return None;
    }
    let arg = n.child_by_field_name("arguments")?.named_child(0)?;
    (arg.kind() == "string").then(|| unquote(text(arg, src)).to_string())
}

fn enclosing_class(n: Node, src: &str) -> Option<String> {
    let mut cur = n.parent();
    while let Some(c) = cur {
        if matches!(
            c.kind(),
            "class_declaration" | "class" | "abstract_class_declaration"
        ) {
            return c
                .child_by_field_name("name")
                .map(|x| text(x, src).to_string());
        }
        cur = c.parent();
    }
    None
}

/// `pino({ redact: ["password", "user.email", "req.body.*"] })` or `redact: { paths: [...] }`.
fn redact_paths(call: Node, src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some(args) = call.child_by_field_name("arguments") else {
        return out;
    };
    for o in named_children(args).filter(|o| o.kind() == "object") {
        for p in named_children(o).filter(|p| p.kind() == "pair") {
            if p.child_by_field_name("key").map(|k| unquote(text(k, src))) != Some("redact") {
                continue;
            }
            let Some(mut v) = p.child_by_field_name("value") else {
                continue;
            };
            if v.kind() == "object" {
                let Some(paths) = named_children(v)
                    .filter(|q| q.kind() == "pair")
                    .find(|q| {
                        q.child_by_field_name("key").map(|k| unquote(text(k, src))) == Some("paths")
                    })
                    .and_then(|q| q.child_by_field_name("value"))
                else {
                    continue;
                };
                v = paths;
            }
            out.extend(
                named_children(v)
                    .filter(|s| s.kind() == "string")
                    .map(|s| unquote(text(s, src)).to_string()),
            );
        }
    }
    out
}

/// Whether pino removes this value: a redact path names it (`email`, `user.email`,
/// `*.email`) or a wildcard covers it (`req.body.*`).
fn redacted(paths: &[String], v: &DataRef) -> bool {
    let candidates = [Some(&v.path), v.value_path.as_ref()];
    paths.iter().any(|p| {
        let segs: Vec<&str> = p.split('.').collect();
        candidates.iter().flatten().any(|path| {
            if let Some(prefix) = p.strip_suffix(".*") {
                let pre: Vec<&str> = prefix.split('.').collect();
                return path.len() > pre.len()
                    && path.iter().zip(&pre).all(|(a, b)| b == &"*" || a == b);
            }
            path.len() >= segs.len()
                && path[path.len() - segs.len()..]
                    .iter()
                    .zip(&segs)
                    .all(|(a, b)| *b == "*" || a == b)
        })
    })
}
