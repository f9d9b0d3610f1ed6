//! JS/TS values and local data flow: which access paths an expression carries into a sink,
//! and what each local variable holds within its function (destructuring included).

use crate::lang::ts::{MapLoop, NodeExt as _, Walk};
use tree_sitter::Node;

use super::sinks::redact_paths;
use super::{require_module, Extractor, LITERALS};
use crate::facts::{DataRef, Via};
use crate::lang::is_accessor;
use crate::lang::ts::{named_children, span, text, unquote};

impl<'a> Extractor<'a> {
    /// Records what data a local variable holds after `left = right` (or `left += right`),
    /// destructuring included: `const { email } = user`.
    pub(super) fn flow(&mut self, left: Node, right: Node, augmented: bool) {
        let scope = self.scopes.current();
        match left.kind_name() {
            "identifier" => {
                let mut refs = Vec::new();
                self.values(vec![right], &mut refs);
                let name = text(left, self.src);
                self.flows.record(scope, name, refs, augmented);
                if let Some(m) = self.mark_of(right).filter(|_| !augmented) {
                    self.flows.mark(scope, name, m);
                }
            }
            "object_pattern" => {
                let base = self.access_path(right).map(|p| p.0);
                // `const { data } = await axios.post(TOKEN_URL, …)`: the body.
                let response = base
                    .is_none()
                    .then(|| self.credential_response(right))
                    .flatten();
                for c in named_children(left) {
                    let (key, var) = match c.kind_name() {
                        "shorthand_property_identifier_pattern" => (c, c),
                        "pair_pattern" => match (c.field("key"), c.field("value")) {
                            (Some(k), Some(v)) if v.kind_name() == "identifier" => (k, v),
                            _ => continue,
                        },
                        _ => continue,
                    };
                    let key_text = unquote(text(key, self.src));
                    let body = response
                        .as_ref()
                        .filter(|_| self.cat.sources.responses.is_body(key_text))
                        .map(|(source, _)| {
                            DataRef::sourced(key_text.to_string(), span(key), source.clone())
                        });
                    let refs = base
                        .as_ref()
                        .map(|b| {
                            let mut path = b.clone();
                            path.push(unquote(text(key, self.src)).to_string());
                            vec![data_ref(key, path, Via::Value)]
                        })
                        .or_else(|| body.map(|b| vec![b]))
                        .unwrap_or_default();
                    self.flows.record(scope, text(var, self.src), refs, false);
                }
            }
            _ => {}
        }
    }

    pub(super) fn binding(&mut self, left: Node, right: Node) {
        self.flow(left, right, false);
        let name = text(left, self.src).to_string();
        if let Some(m) = require_module(right, self.src) {
            if left.kind_name() == "object_pattern" {
                // `const { log, info: say } = require("./logger")`.
                for c in named_children(left) {
                    let (key, local) = match c.kind_name() {
                        "shorthand_property_identifier_pattern" => (Some(c), Some(c)),
                        "pair_pattern" => (c.field("key"), c.field("value")),
                        _ => (None, None),
                    };
                    if let (Some(k), Some(l)) = (key, local) {
                        self.aliases.insert(
                            text(l, self.src).to_string(),
                            format!("{m}.{}", text(k, self.src)),
                        );
                    }
                }
            }
            self.aliases.insert(name, m);
            return;
        }
        if let Some(sdk) = matches!(right.kind_name(), "call_expression" | "new_expression")
            .then(|| self.sdk_of(right))
            .flatten()
        {
            self.sdk_instances.insert(name.clone(), sdk);
        }
        // `const say = console.log`, `const logError = console.error.bind(console)`.
        let bound = match right.kind_name() {
            "call_expression" => right
                .field("function")
                .filter(|f| {
                    f.kind_name() == "member_expression"
                        && f.field("property")
                            .is_some_and(|p| text(p, self.src) == "bind")
                })
                .and_then(|f| f.field("object")),
            "member_expression" | "identifier" => Some(right),
            _ => None,
        };
        if let Some(kind) = bound.and_then(|f| self.sink_kind_of(f)) {
            self.sink_aliases.insert(name.clone(), kind);
        }
        if self.returns_logger(right) {
            let paths = redact_paths(right, self.src);
            if !paths.is_empty() {
                self.redactions.insert(name.clone(), paths);
            }
            self.loggers.insert(name);
        } else if right.kind_name() == "call_expression"
            && right.field("function").is_some_and(|f| {
                self.callee_path(f)
                    .is_some_and(|p| self.sinks.is_debug_factory(&p))
            })
        {
            self.debug_fns.insert(name);
        }
    }

    /// `for (const [name, value] of Object.entries(process.env))`, `for (const v of
    /// Object.values(req.headers))`: the loop's value variable holds what the object holds
    /// (every secret of the environment, every header). A key (`for (const h in
    /// req.headers)`, `Object.keys(process.env)`) is only a name, but the object read by it
    /// inside the loop (`req.headers[h]`) is every value.
    pub(super) fn loop_value(&mut self, n: Node<'a>) {
        let (Some(left), Some(right), Some(op)) =
            (n.field("left"), n.field("right"), n.field("operator"))
        else {
            return;
        };
        let (map, walk) = match text(op, self.src) {
            "in" => (right, Walk::Keys),
            "of" => match object_walk(right, self.src) {
                Some(w) => w,
                None => return,
            },
            _ => return,
        };
        self.bind_loop(MapLoop {
            node: n,
            pattern: left,
            map,
            walk,
        });
    }

    /// A loop (or callback) over a map, bound with what the map holds.
    fn bind_loop(&mut self, l: MapLoop<'a>) {
        let mut refs = Vec::new();
        self.values(vec![l.map], &mut refs);
        self.loops
            .bind(l, refs, self.src, &mut self.flows, self.scopes.current());
    }

    /// `Object.keys(process.env).forEach((k) => …)`, `Object.entries(req.headers).map(([h,
    /// v]) => …)`: a callback over a map's keys, entries or values is a loop over it, its
    /// first parameter the loop's pattern. Bound once the callback's parameters are declared,
    /// in its own scope.
    pub(super) fn callback_loop(&mut self, f: Node<'a>) {
        let (Some(&args), Some(&call)) = (self.ancestors.first(), self.ancestors.get(1)) else {
            return;
        };
        if args.kind_name() != "arguments" || args.named_child(0) != Some(f) {
            return;
        }
        let Some(method) = call
            .field("function")
            .filter(|m| m.kind_name() == "member_expression")
        else {
            return;
        };
        let each = method.field("property").is_some_and(|p| {
            matches!(
                text(p, self.src),
                "forEach" | "map" | "flatMap" | "filter" | "some" | "every" | "find"
            )
        });
        let Some((map, walk)) = method
            .field("object")
            .filter(|_| each)
            .and_then(|o| object_walk(o, self.src))
        else {
            return;
        };
        let first = match f.field("parameters") {
            Some(ps) => named_children(ps).next(),
            None => f.field("parameter"),
        };
        // TypeScript wraps each parameter: `(k: string) => …`.
        let Some(pattern) = first.map(|p| p.field("pattern").unwrap_or(p)) else {
            return;
        };
        self.bind_loop(MapLoop {
            node: f,
            pattern,
            map,
            walk,
        });
    }

    /// A function's parameters bind names of their own: a closure's `(data) => log(data)`
    /// is not the `data` of the function around it.
    pub(super) fn declare_params(&mut self, f: Node) {
        let scope = self.scopes.current();
        let mut stack: Vec<Node> = match f.field("parameters") {
            Some(ps) => named_children(ps).collect(),
            None => f.field("parameter").into_iter().collect(),
        };
        while let Some(p) = stack.pop() {
            match p.kind_name() {
                "identifier" | "shorthand_property_identifier_pattern" => {
                    self.flows.declare(scope, text(p, self.src))
                }
                "required_parameter" | "optional_parameter" => stack.extend(p.field("pattern")),
                "assignment_pattern" | "object_assignment_pattern" => stack.extend(p.field("left")),
                "pair_pattern" => stack.extend(p.field("value")),
                "rest_pattern" | "object_pattern" | "array_pattern" => {
                    stack.extend(named_children(p))
                }
                _ => {}
            }
        }
    }

    pub(super) fn values(&self, roots: Vec<Node>, out: &mut Vec<DataRef>) {
        let mut stack = roots;
        let mut budget = crate::lang::VALUE_NODES_PER_SINK;
        while let Some(n) = stack.pop() {
            // A sink nested in 50,000 others must not re-walk them all (quadratic).
            budget = match budget.checked_sub(1) {
                Some(b) => b,
                None => break,
            };
            if let Some(map) = (n.kind_name() == "subscript_expression")
                .then(|| self.loops.map_read(n, self.src, "object", "index"))
                .flatten()
            {
                stack.push(map);
                continue;
            }
            match n.kind_name() {
                "identifier" | "member_expression" | "subscript_expression" | "this" => {
                    if let Some(source) = self.response_read(n) {
                        out.push(DataRef::sourced(
                            text(n, self.src).to_string(),
                            span(n),
                            source,
                        ));
                        continue;
                    }
                    if n.kind_name() == "identifier" {
                        out.extend(self.flows.captured(
                            self.scopes.enclosing(),
                            text(n, self.src),
                            span(n),
                        ));
                    }
                    // Only the whole map is a source: `process.argv[2]` is judged by itself,
                    // `req.headers["cookie"]` by the element it names.
                    let indexed = n.kind_name() == "subscript_expression";
                    match self.access_path(n) {
                        Some((path, via)) if indexed && via != Via::Key => {
                            out.push(data_ref(n, path, via))
                        }
                        Some((path, via)) => out.push(self.sourced(data_ref(n, path, via))),
                        None => stack.extend(named_children(n)),
                    }
                }
                "shorthand_property_identifier" => {
                    out.push(data_ref(n, vec![text(n, self.src).to_string()], Via::Value))
                }
                "call_expression" => self.call_values(n, &mut stack, out),
                "new_expression" => {
                    let ctor = n.field("constructor").map_or("", |c| text(c, self.src));
                    if ctor.ends_with("Error")
                        || ctor.ends_with("Exception")
                        || self.cat.is_transparent(ctor)
                    {
                        stack.extend(n.field("arguments"));
                    }
                }
                "template_string" => stack.extend(
                    named_children(n)
                        .filter(|c| c.kind_name() == "template_substitution")
                        .flat_map(named_children),
                ),
                "binary_expression" => {
                    let op = n.field("operator").map_or("", |o| o.kind_name());
                    // `a && b` is `b`, or `a` only when falsy: no data.
                    if matches!(op, "+" | "||" | "??") {
                        stack.extend(n.field("left"));
                    }
                    if matches!(op, "+" | "||" | "??" | "&&") {
                        stack.extend(n.field("right"));
                    }
                }
                "ternary_expression" => {
                    stack.extend(n.field("consequence"));
                    stack.extend(n.field("alternative"));
                }
                "object" => {
                    for c in named_children(n) {
                        match c.kind_name() {
                            "pair" => {
                                let (Some(k), Some(v)) = (c.field("key"), c.field("value")) else {
                                    continue;
                                };
                                let key = match k.kind_name() {
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

    /// A whole header map, cookie jar, argv or environment read as a value, or one of their
    /// elements that is a credential whatever the code calls it (the `Cookie` header).
    fn sourced(&self, mut r: DataRef) -> DataRef {
        let sources = &self.cat.sources.javascript;
        let found = match r.via {
            Via::Value => sources.value(&r.path),
            Via::Key => sources.element(&r.path),
            _ => None,
        };
        if let Some(d) = found {
            r.source = Some(d.source(&r.path.join(".")));
        }
        r
    }

    pub(super) fn call_values(
        &self,
        n: Node<'a>,
        stack: &mut Vec<Node<'a>>,
        out: &mut Vec<DataRef>,
    ) {
        let Some(func) = n.field("function") else {
            return;
        };
        let callee = self.callee_path(func).or_else(|| {
            func.field("property")
                .map(|m| text(m, self.src).to_string())
        });
        let Some(callee) = callee else {
            return;
        };
        if self.cat.is_sanitizer(&callee) {
            return;
        }
        // `secret.replace(/./g, "*")`: the result is the mask, not the value.
        if matches!(callee.rsplit('.').next(), Some("replace" | "replaceAll"))
            && n.field("arguments")
                .and_then(|a| named_children(a).nth(1))
                .filter(|r| r.kind_name() == "string")
                .is_some_and(|r| crate::catalog::Catalog::is_mask_text(unquote(text(r, self.src))))
        {
            return;
        }
        if let Some(src) = self.cat.sources.javascript.call(&callee) {
            let shown = format!("{callee}(…)");
            out.push(DataRef::sourced(shown.clone(), span(n), src.source(&shown)));
            return;
        }
        // `await res.json()` of a token endpoint's response.
        if let Some(source) = self.response_read(func) {
            out.push(DataRef::sourced(
                text(n, self.src).to_string(),
                span(n),
                source,
            ));
            return;
        }
        if let Some((path, via)) = self.access_path(n) {
            out.push(self.sourced(data_ref(n, path, via)));
            return;
        }
        if self.cat.is_transparent(&callee) {
            stack.extend(n.field("arguments"));
            if func.kind_name() == "member_expression" {
                stack.extend(func.field("object"));
            }
        } else if crate::lang::builds_auth_header(&callee) {
            stack.extend(n.field("arguments"));
        } else if func.kind_name() == "identifier" && is_accessor(&callee) {
            out.push(data_ref(n, vec![callee], Via::Value));
        }
    }

    pub(super) fn access_path(&self, n: Node) -> Option<(Vec<String>, Via)> {
        let mut segs: Vec<String> = Vec::new();
        let mut via = Via::Value;
        let mut cur = n;
        loop {
            match cur.kind_name() {
                "identifier" => {
                    segs.push(text(cur, self.src).to_string());
                    break;
                }
                "this" => {
                    segs.push(self.classes.current().unwrap_or_else(|| "this".into()));
                    break;
                }
                "member_expression" => {
                    segs.push(text(cur.field("property")?, self.src).to_string());
                    cur = cur.field("object")?;
                }
                "subscript_expression" => {
                    if let Some(i) = cur.field("index").filter(|i| i.kind_name() == "string") {
                        if segs.is_empty() {
                            via = Via::Key;
                        }
                        segs.push(unquote(text(i, self.src)).to_string());
                    }
                    cur = cur.field("object")?;
                }
                "call_expression" => {
                    let func = cur.field("function")?;
                    if func.kind_name() != "member_expression" {
                        return None;
                    }
                    let method = text(func.field("property")?, self.src);
                    let first = cur.field("arguments").and_then(|a| a.named_child(0));
                    if method == "get"
                        || method == "getAll"
                        || method == "header"
                        || method == "param"
                    {
                        let key = first.filter(|a| a.kind_name() == "string")?;
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
                    cur = func.field("object")?;
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
    pub(super) fn value_is_data(&self, v: Node) -> bool {
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            let data = match v.kind_name() {
                "string" => crate::lang::literal_email(unquote(text(v, self.src))),
                "object" | "array" => false,
                "template_string" => {
                    stack.extend(
                        named_children(v)
                            .filter(|c| c.kind_name() == "template_substitution")
                            .flat_map(named_children),
                    );
                    false
                }
                "binary_expression" => {
                    let op = v.field("operator").map_or("", |o| o.kind_name());
                    // `a && b` is `b`, or `a` only when falsy: no data.
                    if matches!(op, "+" | "||" | "??") {
                        stack.extend(v.field("left"));
                    }
                    if matches!(op, "+" | "||" | "??" | "&&") {
                        stack.extend(v.field("right"));
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
                    .field("function")
                    .and_then(|f| {
                        self.callee_path(f)
                            .or_else(|| f.field("property").map(|m| text(m, self.src).to_string()))
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

/// `Object.entries(m)`, `Object.values(m)`, `Object.keys(m)`: the map and how it is walked.
fn object_walk<'t>(call: Node<'t>, src: &str) -> Option<(Node<'t>, Walk)> {
    let f = call
        .field("function")
        .filter(|_| call.kind_name() == "call_expression")?;
    let walk = match text(f, src) {
        "Object.entries" => Walk::Entries,
        "Object.values" => Walk::Values,
        "Object.keys" => Walk::Keys,
        _ => return None,
    };
    let map = named_children(call.field("arguments")?).next()?;
    Some((map, walk))
}

pub(super) fn data_ref(n: Node, path: Vec<String>, via: Via) -> DataRef {
    DataRef {
        path,
        span: span(n),
        via,
        declared_type: None,
        value_path: None,
        through: None,
        source: None,
    }
}

pub(super) fn unwrap_expr(mut e: Node) -> Node {
    while matches!(
        e.kind_name(),
        "await_expression" | "parenthesized_expression" | "as_expression" | "non_null_expression"
    ) {
        match e.named_child(0) {
            Some(c) => e = c,
            None => break,
        }
    }
    e
}
