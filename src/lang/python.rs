//! Python front-end (tree-sitter-python): sink calls, the values reaching them, suppressions.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::python_models::Models;
use super::ts::{self, named_children, span, text, unquote, ACTION, FUNCTION, MODEL, STATEMENT};
use crate::catalog::{Catalog, LangSinks};
use crate::facts::{DataRef, FileFacts, LocalFlows, ParseProblem, SinkCall, SinkKind, Span, Via};
use crate::source::LineIndex;
use crate::suppress::{self, Comment};

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
        aliases: HashMap::new(),
        loggers: HashSet::new(),
        facts: FileFacts::default(),
        comments: Vec::new(),
        statements: Vec::new(),
        wants_statements: src.contains("privlint"),
        flows: LocalFlows::default(),
        scopes: ts::Scopes::default(),
        sensitive: Vec::new(),
        param_types: HashMap::new(),
    };
    let mut models = Models::new(src);
    ts::walk(root, |n| {
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
    aliases: HashMap<String, String>,
    /// Names and `self.x` attributes assigned a logger in this file.
    loggers: HashSet<String>,
    facts: FileFacts,
    comments: Vec<Comment<'a>>,
    statements: Vec<(u32, u32)>,
    /// Statement extents are only needed to resolve suppression comments.
    wants_statements: bool,
    flows: LocalFlows,
    scopes: ts::Scopes,
    /// Annotated parameters: (function scope, name) → declared type.
    param_types: HashMap<(usize, String), String>,
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
        if n.kind() == "function_definition" {
            self.annotated_params(n);
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
        match n.kind() {
            "comment" => {
                let t = text(n, self.src);
                self.comments.push(Comment {
                    span: span(n),
                    body: t.strip_prefix('#').unwrap_or(t),
                });
            }
            "import_statement" | "import_from_statement" => self.import(n),
            "assignment" => self.assignment(n),
            "augmented_assignment" => {
                if let (Some(l), Some(r)) = (
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                ) {
                    self.flow(l, r, true);
                }
            }
            "call" => self.call(n),
            "decorated_definition" => {
                for d in named_children(n).filter(|d| d.kind() == "decorator") {
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
                if let Some(c) = n.named_child(0).filter(|c| c.kind() == "call") {
                    let callee = c
                        .child_by_field_name("function")
                        .map_or("", |f| text(f, self.src));
                    let args = c.child_by_field_name("arguments");
                    self.sink(
                        n,
                        SinkKind::Error,
                        format!("raise {callee}"),
                        args.into_iter().collect(),
                    );
                }
            }
            "assert_statement" => {
                let msgs: Vec<Node> = (1..n.named_child_count())
                    .filter_map(|i| n.named_child(i as u32))
                    .collect();
                self.sink(n, SinkKind::Error, "assert".into(), msgs);
            }
            _ => {}
        }
    }

    fn import(&mut self, n: Node) {
        let module = n
            .child_by_field_name("module_name")
            .map(|m| text(m, self.src).to_string());
        let mut c = n.walk();
        for name in n.children_by_field_name("name", &mut c) {
            let (full, local) = match name.kind() {
                "aliased_import" => {
                    let full = name
                        .child_by_field_name("name")
                        .map_or("", |x| text(x, self.src));
                    let alias = name
                        .child_by_field_name("alias")
                        .map_or("", |x| text(x, self.src));
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
        let (Some(left), Some(right)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return;
        };
        let is_logger = match right.kind() {
            "call" => self.call_returns_logger(right),
            _ => self.dotted(right).is_some_and(|p| p == "logging.root"),
        };
        if is_logger {
            self.loggers.insert(text(left, self.src).to_string());
        }
        self.flow(left, right, false);
    }

    /// Records what data a local variable holds after `left = right` (or `left += right`).
    fn flow(&mut self, left: Node<'a>, right: Node<'a>, augmented: bool) {
        let scope = self.scopes.current();
        let mut pairs: Vec<(Node, Node)> = Vec::new();
        match left.kind() {
            "identifier" => pairs.push((left, right)),
            "pattern_list" | "tuple_pattern" => {
                let ls: Vec<Node> = named_children(left).collect();
                let rs: Vec<Node> = named_children(right).collect();
                let parallel =
                    matches!(right.kind(), "expression_list" | "tuple") && ls.len() == rs.len();
                for (i, l) in ls
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.kind() == "identifier")
                {
                    pairs.push((*l, if parallel { rs[i] } else { right }));
                }
            }
            _ => return,
        }
        for (l, r) in pairs {
            let mut refs = Vec::new();
            self.values(vec![r], &mut refs);
            let name = text(l, self.src);
            self.flows.record(scope, name, refs, augmented);
        }
    }

    fn call_returns_logger(&self, call: Node) -> bool {
        let Some(func) = call.child_by_field_name("function") else {
            return false;
        };
        if let Some(p) = self.dotted(func) {
            if self.sinks.is_logger_factory(&p) {
                return true;
            }
        }
        func.kind() == "attribute"
            && func
                .child_by_field_name("attribute")
                .is_some_and(|m| self.sinks.logger_derivers.contains(text(m, self.src)))
            && func
                .child_by_field_name("object")
                .is_some_and(|o| self.is_logger(o))
    }

    fn is_logger(&self, recv: Node) -> bool {
        if recv.kind() == "call" {
            return self.call_returns_logger(recv);
        }
        if self.loggers.contains(text(recv, self.src)) {
            return true;
        }
        match self.dotted(recv) {
            Some(p) => {
                let last = p.rsplit('.').next().unwrap_or(&p);
                self.sinks.is_logger_name(last) || p == "logging.root"
            }
            None => false,
        }
    }

    /// `a.b.c` for identifier/attribute chains, with the first segment's import resolved.
    fn dotted(&self, n: Node) -> Option<String> {
        let mut segs = Vec::new();
        let mut cur = n;
        loop {
            match cur.kind() {
                "identifier" => {
                    segs.push(text(cur, self.src));
                    break;
                }
                "attribute" => {
                    segs.push(text(cur.child_by_field_name("attribute")?, self.src));
                    cur = cur.child_by_field_name("object")?;
                }
                _ => return None,
            }
        }
        segs.reverse();
        let first = segs[0];
        let mut out = self
            .aliases
            .get(first)
            .cloned()
            .unwrap_or_else(|| first.to_string());
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
        let path = self.dotted(func);
        let mut kind = path.as_deref().and_then(|p| self.sinks.function_kind(p));
        if kind.is_none() && func.kind() == "attribute" {
            let method = func
                .child_by_field_name("attribute")
                .map_or("", |m| text(m, self.src));
            if self.sinks.logger_methods.contains(method)
                && func
                    .child_by_field_name("object")
                    .is_some_and(|o| self.is_logger(o))
            {
                kind = Some(SinkKind::Log);
            }
        }
        if let Some(kind) = kind {
            let callee = path.unwrap_or_else(|| text(func, self.src).chars().take(60).collect());
            self.sink(n, kind, callee, vec![args]);
        }
    }

    fn sink(&mut self, n: Node, kind: SinkKind, callee: String, roots: Vec<Node>) {
        let mut values = Vec::new();
        self.values(roots, &mut values);
        // `@sensitive_variables`: the developer marked these locals as secret; Django keeps
        // them out of error reports, and privlint treats them as sanitized.
        let at = n.start_byte();
        if let Some((_, _, names)) = self.sensitive.iter().find(|(a, b, _)| *a <= at && at < *b) {
            values.retain(|v| {
                let var = v
                    .through
                    .as_ref()
                    .map_or(v.path[0].as_str(), |t| t.var.as_str());
                !(names.is_empty() || names.iter().any(|x| x == var || x == &v.path[0]))
            });
        }
        if !values.is_empty() {
            self.facts.sinks.push(SinkCall {
                kind,
                callee,
                span: span(n),
                values,
            });
        }
    }

    /// Every value inside the argument expressions that can carry data into the sink.
    fn values(&self, roots: Vec<Node>, out: &mut Vec<DataRef>) {
        let mut stack = roots;
        while let Some(n) = stack.pop() {
            match n.kind() {
                "identifier" | "attribute" | "subscript" => match self.access_path(n) {
                    Some((path, via)) if n.kind() == "identifier" => {
                        out.extend(self.flows.uses(
                            self.scopes.current(),
                            text(n, self.src),
                            span(n),
                        ));
                        out.push(self.data_ref(n, path, via));
                    }
                    Some((path, via)) => out.push(self.data_ref(n, path, via)),
                    None => stack.extend(named_children(n)),
                },
                "call" => self.call_values(n, &mut stack, out),
                "string" => stack.extend(
                    named_children(n)
                        .filter(|c| c.kind() == "interpolation")
                        .filter_map(|c| c.named_child(0)),
                ),
                "conditional_expression" => {
                    stack.extend(n.named_child(0));
                    stack.extend(n.named_child(2));
                }
                "keyword_argument" => {
                    if let (Some(k), Some(v)) = (
                        n.child_by_field_name("name"),
                        n.child_by_field_name("value"),
                    ) {
                        if self.value_is_data(v) {
                            let mut r =
                                self.data_ref(k, vec![text(k, self.src).to_string()], Via::Field);
                            r.value_path = self.access_path(v).map(|p| p.0);
                            out.push(r);
                        }
                        stack.push(v);
                    }
                }
                "dictionary" => {
                    for c in named_children(n) {
                        if c.kind() != "pair" {
                            stack.push(c);
                            continue;
                        }
                        let (Some(k), Some(v)) =
                            (c.child_by_field_name("key"), c.child_by_field_name("value"))
                        else {
                            continue;
                        };
                        if k.kind() == "string" && !has_interpolation(k) && self.value_is_data(v) {
                            let key = unquote(text(k, self.src)).to_string();
                            let mut r = self.data_ref(k, vec![key], Via::Field);
                            r.value_path = self.access_path(v).map(|p| p.0);
                            out.push(r);
                        }
                        stack.push(v);
                    }
                }
                "list_comprehension" | "generator_expression" | "set_comprehension" => {
                    stack.extend(n.child_by_field_name("body"));
                }
                "concatenated_string"
                | "binary_operator"
                | "boolean_operator"
                | "parenthesized_expression"
                | "list"
                | "tuple"
                | "set"
                | "expression_list"
                | "list_splat"
                | "dictionary_splat"
                | "await"
                | "argument_list"
                | "pair"
                | "parenthesized_list_splat"
                | "format_expression" => stack.extend(named_children(n)),
                _ => {}
            }
        }
    }

    fn call_values(&self, n: Node<'a>, stack: &mut Vec<Node<'a>>, out: &mut Vec<DataRef>) {
        let Some(func) = n.child_by_field_name("function") else {
            return;
        };
        let callee = self.dotted(func).or_else(|| {
            func.child_by_field_name("attribute")
                .map(|m| text(m, self.src).to_string())
        });
        let Some(callee) = callee else {
            return;
        };
        if self.cat.is_sanitizer(&callee) {
            return;
        }
        if let Some((path, via)) = self.access_path(n) {
            out.push(self.data_ref(n, path, via));
            return;
        }
        if self.cat.is_transparent(&callee) {
            stack.extend(n.child_by_field_name("arguments"));
            if func.kind() == "attribute" {
                stack.extend(func.child_by_field_name("object"));
            }
        } else if func.kind() == "identifier" && is_accessor(&callee) {
            out.push(self.data_ref(n, vec![callee], Via::Value));
        }
    }

    /// `request.form["email"]` → (request, form, email); `user.get_email()` → (user, get_email);
    /// `email.strip()` → (email). `None` where the root is not a plain name.
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
                "attribute" => {
                    segs.push(text(cur.child_by_field_name("attribute")?, self.src).to_string());
                    cur = cur.child_by_field_name("object")?;
                }
                "subscript" => {
                    let idx = cur.child_by_field_name("subscript");
                    if let Some(i) = idx.filter(|i| i.kind() == "string" && !has_interpolation(*i))
                    {
                        if segs.is_empty() {
                            via = Via::Key;
                        }
                        segs.push(unquote(text(i, self.src)).to_string());
                    }
                    cur = cur.child_by_field_name("value")?;
                }
                "call" => {
                    let func = cur.child_by_field_name("function")?;
                    if func.kind() != "attribute" {
                        return None;
                    }
                    let method = text(func.child_by_field_name("attribute")?, self.src);
                    let first_arg = cur
                        .child_by_field_name("arguments")
                        .and_then(|a| a.named_child(0));
                    if method == "get" || method == "getlist" || method == "pop" {
                        let key =
                            first_arg.filter(|a| a.kind() == "string" && !has_interpolation(*a))?;
                        if segs.is_empty() {
                            via = Via::Key;
                        }
                        segs.push(unquote(text(key, self.src)).to_string());
                    } else if is_accessor(method) {
                        segs.push(method.to_string());
                    } else if !(self.cat.is_transparent(method) && !segs.is_empty()
                        || matches!(
                            method,
                            "lower"
                                | "upper"
                                | "strip"
                                | "title"
                                | "casefold"
                                | "lstrip"
                                | "rstrip"
                        ))
                    {
                        return None;
                    }
                    cur = func.child_by_field_name("object")?;
                }
                "parenthesized_expression" => cur = cur.named_child(0)?,
                _ if !segs.is_empty() => break,
                _ => return None,
            }
        }
        segs.reverse();
        if matches!(segs[0].as_str(), "self" | "cls") && segs.len() > 1 {
            if let Some(class) = enclosing_class(n, self.src) {
                segs[0] = class;
            }
        }
        Some((segs, via))
    }

    /// Whether some part of a value is unsanitised data (a literal, a sanitised call or a
    /// comparison is not); looks through `+`/`%`, `or`, parentheses and f-string holes.
    fn value_is_data(&self, v: Node) -> bool {
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            let data = match v.kind() {
                "string" => {
                    stack.extend(
                        named_children(v)
                            .filter(|c| c.kind() == "interpolation")
                            .filter_map(|c| c.named_child(0)),
                    );
                    false
                }
                "concatenated_string" | "parenthesized_expression" => {
                    stack.extend(named_children(v));
                    false
                }
                "binary_operator" | "boolean_operator" => {
                    stack.extend(v.child_by_field_name("left"));
                    stack.extend(v.child_by_field_name("right"));
                    false
                }
                "comparison_operator"
                | "not_operator"
                | "lambda"
                | "list"
                | "tuple"
                | "dictionary" => false,
                "call" => !v
                    .child_by_field_name("function")
                    .and_then(|f| {
                        self.dotted(f).or_else(|| {
                            f.child_by_field_name("attribute")
                                .map(|m| text(m, self.src).to_string())
                        })
                    })
                    .is_some_and(|c| self.cat.is_sanitizer(&c)),
                k => !LITERALS.contains(&k),
            };
            if data {
                return true;
            }
        }
        false
    }

    /// `def notify(addr: EmailStr)`: the declared type is evidence for the parameter.
    fn annotated_params(&mut self, f: Node) {
        let scope = self.scopes.current();
        let Some(ps) = f.child_by_field_name("parameters") else {
            return;
        };
        for p in named_children(ps)
            .filter(|p| matches!(p.kind(), "typed_parameter" | "typed_default_parameter"))
        {
            let name = p
                .child_by_field_name("name")
                .or_else(|| p.named_child(0))
                .map(|x| text(x, self.src).to_string());
            let ty = p
                .child_by_field_name("type")
                .map(|t| text(t, self.src).to_string());
            // Scalars only (`str`, `bool`, `EmailStr`): a class type is an object, judged by
            // the whole-object part of the rule.
            let scalar = ty.as_deref().is_some_and(|t| {
                let base = t
                    .trim_start_matches("Optional[")
                    .trim_end_matches(']')
                    .rsplit('.')
                    .next()
                    .unwrap_or(t);
                base.starts_with(|c: char| c.is_ascii_lowercase())
                    || base.ends_with("Str")
                    || base.ends_with("Field")
            });
            if let (Some(name), Some(ty), true) = (name, ty, scalar) {
                self.param_types.insert((scope, name), ty);
            }
        }
    }

    fn data_ref(&self, n: Node, path: Vec<String>, via: Via) -> DataRef {
        let declared_type = match path.as_slice() {
            [one] if via == Via::Value => self
                .param_types
                .get(&(self.scopes.current(), one.clone()))
                .cloned(),
            _ => None,
        };
        DataRef {
            path,
            span: span(n),
            via,
            declared_type,
            value_path: None,
            through: None,
        }
    }
}

fn has_interpolation(s: Node) -> bool {
    named_children(s).any(|c| c.kind() == "interpolation")
}

/// `get_email`, `getEmail`, `fetch_user_phone`: a call whose name says it returns the data.
pub(crate) fn is_accessor(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["get", "fetch", "load", "read", "find", "retrieve"]
        .iter()
        .any(|p| {
            lower.strip_prefix(p).is_some_and(|r| {
                r.len() > 1 && (r.starts_with('_') || name.as_bytes()[p.len()].is_ascii_uppercase())
            })
        })
}

fn enclosing_class(n: Node, src: &str) -> Option<String> {
    let mut cur = n.parent();
    while let Some(c) = cur {
        if c.kind() == "class_definition" {
            return c
                .child_by_field_name("name")
                .map(|x| text(x, src).to_string());
        }
        cur = c.parent();
    }
    None
}
