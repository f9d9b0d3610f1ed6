//! Python sinks: calls of logging functions and loggers (resolved through imports and
//! logger-returning calls), `print`, `raise`, `assert`, and the values handed to them.

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::Extractor;
use crate::catalog::{Responses, Sdk};
use crate::facts::{SinkCall, SinkKind};
use crate::lang::ts::{named_children, span, text};

impl<'a> Extractor<'a> {
    pub(super) fn call_returns_logger(&self, call: Node) -> bool {
        let Some(func) = call.field("function") else {
            return false;
        };
        if let Some(p) = self.dotted(func) {
            if self.sinks.is_logger_factory(&p) {
                return true;
            }
        }
        func.kind_name() == "attribute"
            && func
                .field("attribute")
                .is_some_and(|m| self.sinks.logger_derivers.contains(text(m, self.src)))
            && func.field("object").is_some_and(|o| self.is_logger(o))
    }

    pub(super) fn is_logger(&self, recv: Node) -> bool {
        if recv.kind_name() == "call" {
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
    pub(super) fn dotted(&self, n: Node) -> Option<String> {
        let mut segs = Vec::new();
        let mut cur = n;
        loop {
            match cur.kind_name() {
                "identifier" => {
                    segs.push(text(cur, self.src));
                    break;
                }
                "attribute" => {
                    segs.push(text(cur.field("attribute")?, self.src));
                    cur = cur.field("object")?;
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

    /// The message argument of an exception constructed outside `raise` and outside a sink
    /// call (`log.error(KeyError(email))` is reported as the log call, `KeyError(X(email))` as
    /// the outer exception).
    fn exception_made(&self, func: Node<'a>, args: Node<'a>) -> Option<Node<'a>> {
        let is_exception = |f: Node| {
            let name = text(f, self.src).rsplit('.').next().unwrap_or("");
            (name.ends_with("Error") || name.ends_with("Exception"))
                && name.starts_with(|c: char| c.is_ascii_uppercase())
        };
        let name = text(func, self.src).rsplit('.').next().unwrap_or("");
        if !is_exception(func) || matches!(name, "ValidationError" | "FormValidationError") {
            return None;
        }
        for p in &self.ancestors {
            match p.kind_name() {
                "raise_statement" | "assert_statement" => return None,
                "call"
                    if p.field("function")
                        .is_some_and(|f| self.sink_kind_of(f).is_some() || is_exception(f)) =>
                {
                    return None;
                }
                k if k.ends_with("statement") || k == "function_definition" => break,
                _ => {}
            }
        }
        named_children(args)
            .find(|a| a.kind_name() != "comment" && a.kind_name() != "keyword_argument")
    }

    pub(super) fn call(&mut self, n: Node<'a>) {
        let (Some(func), Some(args)) = (n.field("function"), n.field("arguments")) else {
            return;
        };
        let path = self.dotted(func);
        let mut kind = self.sink_kind_of(func);
        let mut vendor = None;
        if kind.is_none() || kind == Some(SinkKind::Telemetry) {
            let method = match func.kind_name() {
                "attribute" => func.field("attribute").map_or("", |m| text(m, self.src)),
                _ => text(func, self.src),
            };
            if let Some(sdk) = self.sdk_of(func) {
                if kind.is_some() || sdk.has_method(method) {
                    kind = Some(SinkKind::Telemetry);
                    vendor = Some(sdk.vendor.clone());
                }
            }
        }
        if let Some(kind) = kind {
            let callee = path.unwrap_or_else(|| text(func, self.src).chars().take(60).collect());
            self.sink(n, kind, callee, vec![args], vendor);
        } else if let Some(message) = self.exception_made(func, args) {
            // `err = LookupError(f"no account for {email}")`, `errors.append(…)`: an error
            // message made here, whoever raises or logs it later.
            let callee = text(func, self.src).to_string();
            self.sink(n, SinkKind::Error, callee, vec![message], None);
        } else if self.models {
            self.query_log_call(n, func, args);
            self.project_call(n, func, args);
            self.stored_input(func, args);
        }
    }

    /// `debug_log(…)`, `self._trace(…)`, `printAndDiscord(…)` from `.notify`: a call of a
    /// function of this project, kept with its arguments' data for the repository phase.
    fn project_call(&mut self, n: Node<'a>, func: Node<'a>, args: Node<'a>) {
        use crate::lang::wrappers::{project_function, Callee};
        let callee = match func.kind_name() {
            "identifier" => Callee::Name(text(func, self.src)),
            "attribute" => {
                let (Some(obj), Some(m)) = (func.field("object"), func.field("attribute")) else {
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
            |p| p.starts_with('.'),
            &["self", "cls"],
        ) else {
            return;
        };
        let mut data = Vec::new();
        for a in named_children(args)
            .filter(|a| !matches!(a.kind_name(), "keyword_argument" | "comment"))
        {
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

    /// A function definition: its parameters, for wrapper detection (`self` left out, so
    /// indexes match a method call's arguments).
    pub(super) fn enter_function(&mut self, f: Node) {
        let name = f.field("name").map_or("", |x| text(x, self.src));
        let mut params = Vec::new();
        let mut rest = None;
        if let Some(ps) = f.field("parameters") {
            for p in named_children(ps) {
                let id = match p.kind_name() {
                    "identifier" => Some(p),
                    "typed_parameter" | "default_parameter" | "typed_default_parameter" => p
                        .field("name")
                        .or_else(|| p.named_child(0))
                        .filter(|x| x.kind_name() == "identifier"),
                    "list_splat_pattern" => {
                        rest = Some(params.len());
                        p.named_child(0)
                    }
                    _ => None,
                };
                if let Some(id) = id {
                    params.push(text(id, self.src).to_string());
                }
            }
        }
        if params.first().is_some_and(|p| p == "self" || p == "cls") {
            params.remove(0);
            rest = rest.and_then(|r| r.checked_sub(1));
        }
        self.functions
            .enter(f.start_byte(), f.end_byte(), name, params, rest);
        if let Some(class) = view_class(f, name, self.src) {
            self.functions.about(format!("{class}.{name}"));
        }
    }

    /// What kind of sink a callee expression is: a listed function, a logger's method, or a
    /// name bound to one of those (`log_error = logger.error`).
    pub(super) fn sink_kind_of(&self, func: Node) -> Option<SinkKind> {
        if func.kind_name() == "identifier" {
            if let Some(k) = self.sink_aliases.get(text(func, self.src)) {
                return Some(*k);
            }
        }
        let kind = self.dotted(func).and_then(|p| self.sinks.function_kind(&p));
        if kind.is_some() || func.kind_name() != "attribute" {
            return kind;
        }
        let method = func.field("attribute").map_or("", |m| text(m, self.src));
        (self.sinks.logger_methods.contains(method)
            && func.field("object").is_some_and(|o| self.is_logger(o)))
        .then_some(SinkKind::Log)
    }

    /// The third-party SDK a callee's receiver chain starts at: an import of it, one of its
    /// global names, or a variable built from either.
    pub(super) fn sdk_of(&self, callee: Node) -> Option<&'a Sdk> {
        let mut cur = callee;
        for _ in 0..=crate::lang::MAX_CHAIN {
            cur = match cur.kind_name() {
                "attribute" => cur.field("object")?,
                "call" => cur.field("function")?,
                "identifier" => break,
                _ => return None,
            };
        }
        // A chain longer than any SDK call (20,000 chained calls made every call walk the
        // rest: quadratic) has no root worth finding.
        if cur.kind_name() != "identifier" {
            return None;
        }
        let root = text(cur, self.src);
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
        Responses::leave_out_complaints(&mut values, kind, || {
            crate::lang::ts::in_failure_branch(&self.ancestors, self.src, "except_clause")
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

/// The class-based view a request handler method belongs to (`post` of `LoginView`, `create`
/// of a DRF `SignupViewSet`, `get` of a Flask-RESTful `PasswordResetResource`): the method is
/// named for the HTTP verb, the class for what the route is about.
fn view_class<'a>(f: Node<'a>, method: &str, src: &'a str) -> Option<&'a str> {
    const HANDLERS: &[&str] = &[
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "create",
        "update",
        "partial_update",
        "destroy",
        "perform_create",
        "perform_update",
        "form_valid",
        "dispatch",
    ];
    const VIEWS: &[&str] = &[
        "View",
        "ViewSet",
        "Viewset",
        "Resource",
        "Handler",
        "Endpoint",
        "Controller",
        "Api",
        "API",
    ];
    if !HANDLERS.contains(&method) {
        return None;
    }
    let mut up = f.parent()?;
    if up.kind_name() == "decorated_definition" {
        up = up.parent()?;
    }
    let class = up
        .parent()
        .filter(|c| up.kind_name() == "block" && c.kind_name() == "class_definition")?;
    let name = text(class.field("name")?, src);
    VIEWS.iter().any(|v| name.ends_with(v)).then_some(name)
}
