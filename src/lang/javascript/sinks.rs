//! JS/TS sinks: `console.*`, logger objects (resolved through imports, `require` and
//! logger-returning calls), `throw`, and pino `redact` paths that make a logged path clean.

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::flow::unwrap_expr;
use super::{require_module, Extractor};
use crate::catalog::{Responses, Sdk};
use crate::facts::{DataRef, SinkCall, SinkKind};
use crate::lang::ts::{named_children, span, text, unquote};

impl<'a> Extractor<'a> {
    pub(super) fn returns_logger(&self, e: Node) -> bool {
        let e = unwrap_expr(e);
        match e.kind_name() {
            "call_expression" => {
                let Some(f) = e.field("function") else {
                    return false;
                };
                if self
                    .callee_path(f)
                    .is_some_and(|p| self.sinks.is_logger_factory(&p))
                {
                    return true;
                }
                f.kind_name() == "member_expression"
                    && f.field("property")
                        .is_some_and(|m| self.sinks.logger_derivers.contains(text(m, self.src)))
                    && f.field("object").is_some_and(|o| self.is_logger(o))
            }
            "new_expression" => e
                .field("constructor")
                .and_then(|c| self.callee_path(c))
                .is_some_and(|p| self.sinks.is_logger_factory(&p)),
            _ => false,
        }
    }

    pub(super) fn is_logger(&self, recv: Node) -> bool {
        let recv = unwrap_expr(recv);
        if matches!(recv.kind_name(), "call_expression" | "new_expression") {
            return self.returns_logger(recv);
        }
        if self.loggers.contains(text(recv, self.src)) {
            return true;
        }
        match recv.kind_name() {
            "identifier" => self.sinks.is_logger_name(text(recv, self.src)),
            "member_expression" => recv
                .field("property")
                .is_some_and(|p| self.sinks.is_logger_name(text(p, self.src))),
            _ => false,
        }
    }

    /// `a.b.c` for identifier/member chains, the first segment's import resolved;
    /// `require('debug')` is its module name.
    pub(super) fn callee_path(&self, n: Node) -> Option<String> {
        self.path_of(n, true)
    }

    pub(super) fn path_of(&self, n: Node, resolve: bool) -> Option<String> {
        if let Some(m) = require_module(n, self.src) {
            return Some(format!("require('{m}')"));
        }
        let mut segs = Vec::new();
        let mut cur = n;
        loop {
            match cur.kind_name() {
                "identifier" | "this" => {
                    segs.push(text(cur, self.src));
                    break;
                }
                "member_expression" => {
                    segs.push(text(cur.field("property")?, self.src));
                    cur = cur.field("object")?;
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

    pub(super) fn call(&mut self, n: Node<'a>) {
        let (Some(func), Some(args)) = (n.field("function"), n.field("arguments")) else {
            return;
        };
        // `console.log.apply(console, args)`, `console.error.call(console, msg, email)`.
        if func.kind_name() == "member_expression" {
            let method = func.field("property").map(|m| text(m, self.src));
            let target = func.field("object");
            if let (Some(m @ ("apply" | "call")), Some(target)) = (method, target) {
                if let Some(kind) = self.sink_kind_of(target) {
                    let passed: Vec<Node> = named_children(args)
                        .filter(|a| a.kind_name() != "comment")
                        .skip(1)
                        .take(if m == "apply" { 1 } else { usize::MAX })
                        .collect();
                    let callee = self
                        .callee_path(target)
                        .unwrap_or_else(|| text(target, self.src).to_string());
                    self.sink(n, kind, format!("{callee}.{m}"), passed, None);
                    return;
                }
            }
        }
        let path = self.callee_path(func);
        let mut kind = self.sink_kind_of(func);
        if kind.is_none() && func.kind_name() == "identifier" && rejects_promise(func, self.src) {
            kind = Some(SinkKind::Error);
        }
        let mut vendor = None;
        if kind.is_none() || kind == Some(SinkKind::Telemetry) {
            let method = match func.kind_name() {
                "member_expression" => func.field("property").map_or("", |m| text(m, self.src)),
                _ => text(func, self.src),
            };
            if let Some(sdk) = self.sdk_of(func) {
                if kind.is_some() || sdk.has_method(method) {
                    kind = Some(SinkKind::Telemetry);
                    vendor = Some(sdk.vendor.clone());
                }
            }
        }
        if kind.is_none() && self.models {
            self.project_call(n, func, args);
        }
        if let Some(kind) = kind {
            let callee = path.unwrap_or_else(|| text(func, self.src).chars().take(60).collect());
            let redact = func
                .field("object")
                .and_then(|o| self.redactions.get(text(o, self.src)))
                .cloned();
            self.sink(n, kind, callee, vec![args], vendor);
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

    /// `logger.error(new Error(…))`, `reject(new AuthError(…))`: the enclosing sink call
    /// reports the value already.
    pub(super) fn inside_sink_call(&self) -> bool {
        for p in &self.ancestors {
            if p.kind_name().ends_with("statement") || p.kind_name().ends_with("declaration") {
                return false;
            }
            // `new AuthError(new Error(…))`: the outer error reports the inner one's message.
            if p.kind_name() == "new_expression"
                && p.field("constructor").is_some_and(|c| {
                    let name = text(c, self.src);
                    name.ends_with("Error") || name.ends_with("Exception")
                })
            {
                return true;
            }
            if p.kind_name() == "call_expression" {
                if let Some(f) = p.field("function") {
                    if self.sink_kind_of(f).is_some()
                        || (f.kind_name() == "identifier" && rejects_promise(f, self.src))
                    {
                        return true;
                    }
                }
            }
        }
        false
    }

    /// A listed sink function (`console.log`, `Sentry.setUser`), its path as resolved through
    /// imports or as written; a name bound to a sink (`const say = console.log`) or made by a
    /// `debug` factory; or a logger's method.
    pub(super) fn sink_kind_of(&self, func: Node) -> Option<SinkKind> {
        let raw = text(func, self.src);
        if let Some(k) = self.sink_aliases.get(raw) {
            return Some(*k);
        }
        let debug_fn = self.debug_fns.contains(raw)
            || (func.kind_name() == "call_expression"
                && func
                    .field("function")
                    .and_then(|f| self.callee_path(f))
                    .is_some_and(|p| self.sinks.is_debug_factory(&p)));
        if debug_fn {
            return Some(SinkKind::Log);
        }
        let kind = self
            .callee_path(func)
            .and_then(|p| self.sinks.function_kind(&p))
            .or_else(|| {
                self.path_of(func, false)
                    .and_then(|p| self.sinks.function_kind(&p))
            });
        if kind.is_some() || func.kind_name() != "member_expression" {
            return kind;
        }
        let method = func.field("property").map_or("", |m| text(m, self.src));
        (self.sinks.logger_methods.contains(method)
            && func.field("object").is_some_and(|o| self.is_logger(o)))
        .then_some(SinkKind::Log)
    }

    /// `log(…)` after `const { log } = require("./logger")`, `audit(…)` defined here,
    /// `this.trace(…)`: a call of a project function, kept with its arguments' data.
    fn project_call(&mut self, n: Node<'a>, func: Node<'a>, args: Node<'a>) {
        use crate::lang::wrappers::{project_function, Callee};
        let callee = match func.kind_name() {
            "identifier" => Callee::Name(text(func, self.src)),
            "member_expression" => {
                let (Some(obj), Some(m)) = (func.field("object"), func.field("property")) else {
                    return;
                };
                Callee::Method {
                    recv: text(obj, self.src),
                    name: text(m, self.src),
                }
            }
            _ => return,
        };
        let Some((function, module)) = project_function(
            callee,
            &self.aliases,
            &self.defs,
            |p| p.starts_with("./") || p.starts_with("../"),
            &["this"],
        ) else {
            return;
        };
        let mut data = Vec::new();
        for a in named_children(args).filter(|a| a.kind_name() != "comment") {
            let mut vals = Vec::new();
            self.values(vec![a], &mut vals);
            data.push(vals);
        }
        if data.iter().any(|d| !d.is_empty()) {
            let relay = self.functions.relay(n.start_byte(), &data);
            self.project_calls.push(crate::facts::ProjectCall {
                function: function.to_string(),
                module,
                span: span(n),
                args: data,
                relay,
            });
        }
    }

    /// A function: its name (declared, or the variable, property or method it is bound to)
    /// and parameters, for wrapper detection.
    pub(super) fn enter_function(&mut self, f: Node) {
        let name = f
            .field("name")
            .or_else(|| {
                self.ancestors
                    .first()
                    .filter(|p| matches!(p.kind_name(), "variable_declarator" | "pair"))
                    .and_then(|p| p.field("name").or_else(|| p.field("key")))
            })
            .map_or("", |x| text(x, self.src));
        let mut params = Vec::new();
        let mut rest = None;
        let list: Vec<Node> = match f.field("parameters") {
            Some(ps) => named_children(ps).collect(),
            None => f.field("parameter").into_iter().collect(),
        };
        for p in list {
            let p = match p.kind_name() {
                "required_parameter" | "optional_parameter" => p.field("pattern").unwrap_or(p),
                "assignment_pattern" => p.field("left").unwrap_or(p),
                _ => p,
            };
            let id = match p.kind_name() {
                "identifier" => Some(p),
                "rest_pattern" => {
                    rest = Some(params.len());
                    p.named_child(0)
                }
                _ => None,
            };
            params.push(id.map_or(String::new(), |i| text(i, self.src).to_string()));
        }
        if !name.is_empty() {
            self.defs.insert(name.to_string());
        } else if let Some(route) = self.route_served() {
            self.functions
                .enter_route(f.start_byte(), f.end_byte(), route);
            return;
        }
        self.functions
            .enter(f.start_byte(), f.end_byte(), name, params, rest);
    }

    /// `router.post("/login", async (req, res) => …)`: an anonymous handler is about the
    /// route it serves (`POST /login`), as a named one is about its name.
    fn route_served(&self) -> Option<String> {
        let [args, call, ..] = self.ancestors.as_slice() else {
            return None;
        };
        if args.kind_name() != "arguments" || call.kind_name() != "call_expression" {
            return None;
        }
        super::handlers::registration(*call, self.src).map(|(route, _)| route)
    }

    /// The third-party SDK a callee's receiver chain starts at: an import of it, one of its
    /// global names (`window.` aside), or a variable built from either.
    pub(super) fn sdk_of(&self, callee: Node) -> Option<&'a Sdk> {
        let mut cur = unwrap_expr(callee);
        let mut below_window = None;
        for _ in 0..=crate::lang::MAX_CHAIN {
            cur = match cur.kind_name() {
                "member_expression" => {
                    let obj = cur.field("object")?;
                    if matches!(text(obj, self.src), "window" | "globalThis") {
                        below_window = cur.field("property");
                    }
                    obj
                }
                "call_expression" => cur.field("function")?,
                "new_expression" => cur.field("constructor")?,
                "parenthesized_expression" | "await_expression" | "non_null_expression" => {
                    cur.named_child(0)?
                }
                "identifier" => break,
                _ => return None,
            };
        }
        // A chain longer than any SDK call (20,000 chained calls made every call walk the
        // rest: quadratic) has no root worth finding.
        if cur.kind_name() != "identifier" {
            return None;
        }
        let root = text(below_window.unwrap_or(cur), self.src);
        if let Some(sdk) = self.sdk_instances.get(root) {
            return Some(sdk);
        }
        self.cat
            .sdk(root, self.aliases.get(root).map(String::as_str))
    }

    /// A sink call with the values its `roots` carry; `vendor` names the third party a
    /// telemetry call sends to.
    pub(super) fn sink(
        &mut self,
        n: Node,
        kind: SinkKind,
        callee: String,
        roots: Vec<Node>,
        vendor: Option<String>,
    ) {
        let mut values = Vec::new();
        self.values(roots, &mut values);
        Responses::leave_out_complaints(&mut values, kind, || {
            crate::lang::ts::in_failure_branch(&self.ancestors, self.src, "catch_clause")
        });
        self.functions.sink(span(n), &values, kind, &callee);
        let function = self.functions.current(n.start_byte());
        if !values.is_empty() {
            self.facts.sinks.push(SinkCall {
                kind,
                callee,
                span: span(n),
                values,
                vendor,
                function,
            });
        }
    }
}

/// `pino({ redact: ["password", "user.email", "req.body.*"] })` or `redact: { paths: [...] }`.
pub(super) fn redact_paths(call: Node, src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some(args) = call.field("arguments") else {
        return out;
    };
    for o in named_children(args).filter(|o| o.kind_name() == "object") {
        for p in named_children(o).filter(|p| p.kind_name() == "pair") {
            if p.field("key").map(|k| unquote(text(k, src))) != Some("redact") {
                continue;
            }
            let Some(mut v) = p.field("value") else {
                continue;
            };
            if v.kind_name() == "object" {
                let Some(paths) = named_children(v)
                    .filter(|q| q.kind_name() == "pair")
                    .find(|q| q.field("key").map(|k| unquote(text(k, src))) == Some("paths"))
                    .and_then(|q| q.field("value"))
                else {
                    continue;
                };
                v = paths;
            }
            out.extend(
                named_children(v)
                    .filter(|s| s.kind_name() == "string")
                    .map(|s| unquote(text(s, src)).to_string()),
            );
        }
    }
    out
}

/// Whether pino removes this value: a redact path names it (`email`, `user.email`,
/// `*.email`) or a wildcard covers it (`req.body.*`).
pub(super) fn redacted(paths: &[String], v: &DataRef) -> bool {
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

/// `reject(…)` where `reject` is the second parameter of a `new Promise((resolve, reject) =>
/// …)` executor: the rejection reason is the error every `catch` logs.
fn rejects_promise(callee: Node, src: &str) -> bool {
    let name = text(callee, src);
    if !name.starts_with("rej") {
        return false;
    }
    let mut cur = callee.parent();
    while let Some(n) = cur {
        if matches!(
            n.kind_name(),
            "arrow_function" | "function_expression" | "function"
        ) {
            let second = n
                .field("parameters")
                .and_then(|ps| named_children(ps).nth(1));
            let executor = n.parent().and_then(|a| a.parent()).is_some_and(|p| {
                p.kind_name() == "new_expression"
                    && p.field("constructor")
                        .is_some_and(|c| text(c, src) == "Promise")
            });
            if executor && second.is_some_and(|p| text(p, src) == name) {
                return true;
            }
        }
        cur = n.parent();
    }
    false
}
