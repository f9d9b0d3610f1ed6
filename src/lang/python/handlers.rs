//! Request handlers in Python: a view or route function and what request input it takes —
//! a route decorator (`@app.post("/signup")`, `@router.get(…)`, `@bp.route("/x",
//! methods=["POST"])`), typed parameters of a routed function (`body: SignupIn`), forms and
//! serializers built from the request (`SignupForm(request.POST)`, a Flask-WTF
//! `ContactForm()` in a route), and payload reads
//! (`request.form["email"]`, FastAPI `Form(…)` parameters).

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::models::Models;
use crate::facts::{Handler, RouteBinding, Span, PAYLOAD};
use crate::lang::ts::{named_children, span};

/// What the walk has seen: functions, and routes of decorated functions not reached yet.
#[derive(Default)]
pub(super) struct Handlers<'a> {
    pending: Vec<Pending<'a>>,
    /// Function start byte → the route its decorators give (the walk reaches a
    /// `decorated_definition` before its function, and `Node::parent()` costs a walk down).
    routes: std::collections::HashMap<usize, String>,
}

/// At a `decorated_definition`: the route its decorators give a function.
pub(super) fn decorated(m: &mut Models, d: Node) {
    let Some(def) = d
        .field("definition")
        .filter(|f| f.kind_name() == "function_definition")
    else {
        return;
    };
    if let Some(r) = named_children(d)
        .filter(|c| c.kind_name() == "decorator")
        .find_map(|c| decorator_route(m, c))
    {
        m.handlers.routes.insert(def.start_byte(), r);
    }
}

/// A function seen on the way down, its inputs gathered until the walk ends.
struct Pending<'a> {
    range: (usize, usize),
    /// The enclosing class, if any, and the name: only the few functions that turn out to be
    /// handlers get a `Class.name` string.
    class: Option<&'a str>,
    function: &'a str,
    name: Span,
    route: Option<String>,
    inputs: Vec<String>,
}

/// At a `function_definition`: its route, and the model-typed parameters of a routed one.
pub(super) fn function<'a>(m: &mut Models<'a>, f: Node<'a>) {
    let Some(name) = f.field("name") else {
        return;
    };
    let route = m.handlers.routes.remove(&f.start_byte());
    let mut inputs = Vec::new();
    if route.is_some() {
        if let Some(ps) = f.field("parameters") {
            for p in named_children(ps)
                .filter(|p| matches!(p.kind_name(), "typed_parameter" | "typed_default_parameter"))
            {
                let Some(ty) = p.field("type").map(|t| m.t(t)) else {
                    continue;
                };
                let ty = ty.trim_start_matches("Optional[").trim_end_matches(']');
                let ty = ty.split('|').next().unwrap_or(ty).trim();
                if ty.starts_with(|c: char| c.is_ascii_uppercase())
                    && ty.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !matches!(
                        ty,
                        "Request"
                            | "Response"
                            | "Session"
                            | "AsyncSession"
                            | "BackgroundTasks"
                            | "HttpRequest"
                            | "UploadFile"
                            | "WebSocket"
                    )
                {
                    inputs.push(ty.to_string());
                }
            }
        }
    }
    let class = match m.class_stack.last() {
        Some(&(end, class)) if f.end_byte() <= end => Some(class),
        _ => None,
    };
    m.handlers.pending.push(Pending {
        range: (f.start_byte(), f.end_byte()),
        class,
        function: m.t(name),
        name: span(name),
        route,
        inputs,
    });
}

/// `@app.post("/signup")` → `POST /signup`; `@bp.route("/x", methods=["POST"])` →
/// `POST /x`; `@api_view(["POST"])` (DRF) → `POST`.
fn decorator_route(m: &Models, d: Node) -> Option<String> {
    let call = named_children(d).find(|c| c.kind_name() == "call")?;
    let callee = m.t(call.field("function")?);
    let method = callee.rsplit('.').next().unwrap_or(callee);
    let args = call.field("arguments")?;
    if method == "api_view" {
        let first = named_children(args).next()?;
        let verb = named_children(first).find(|c| c.kind_name() == "string")?;
        return Some(unquote(m.t(verb)).to_ascii_uppercase());
    }
    if !crate::facts::is_route_method(method) || !callee.contains('.') {
        return None;
    }
    let path = named_children(args).find(|c| c.kind_name() == "string")?;
    let verbs: Vec<String> = named_children(args)
        .filter(|a| a.kind_name() == "keyword_argument")
        .find(|a| a.field("name").is_some_and(|n| m.t(n) == "methods"))
        .and_then(|a| a.field("value"))
        .map(|v| {
            named_children(v)
                .filter(|c| c.kind_name() == "string")
                .map(|s| unquote(m.t(s)).to_ascii_uppercase())
                .collect()
        })
        .unwrap_or_default();
    let path = unquote(m.t(path));
    Some(match verbs.as_slice() {
        [] => crate::facts::route(method, path),
        _ => format!("{} {path}", verbs.join("|")),
    })
}

fn unquote(s: &str) -> &str {
    s.trim_start_matches(['r', 'b', 'f', 'u'])
        .trim_matches(['"', '\''])
}

/// `SignupForm(request.POST)`, `UserSerializer(data=request.data)`: a class built from the
/// request is input of the enclosing function.
pub(super) fn call(m: &mut Models, c: Node) {
    let Some(f) = c.field("function") else {
        return;
    };
    let name = m.t(f);
    let name = name.rsplit('.').next().unwrap_or(name);
    let Some(args) = c.field("arguments") else {
        return;
    };
    // flask-restful: `parser.parse_args()` reads the request; `api.add_resource(Cls,
    // "/path")` routes a resource's methods.
    if name == "parse_args" {
        if let Some(h) = innermost(&mut m.handlers.pending, c.start_byte()) {
            h.inputs.push(PAYLOAD.to_string());
        }
        return;
    }
    if name == "add_resource" {
        let mut a = named_children(args);
        if let (Some(class), Some(path)) =
            (a.next(), a.next().filter(|p| p.kind_name() == "string"))
        {
            let binding = RouteBinding {
                route: unquote(m.t(path)).to_string(),
                function: m.t(class).to_string(),
            };
            m.facts.route_bindings.push(binding);
        }
        return;
    }
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return;
    }
    let from_request = named_children(args).any(|a| {
        let v = a.field("value").unwrap_or(a);
        let t = m.t(v);
        t.starts_with("request.") || t.starts_with("self.request.")
    });
    let name = name.to_string();
    if let Some(h) = innermost(&mut m.handlers.pending, c.start_byte()) {
        // Flask-WTF forms read the request themselves: `ContactForm()` in a route.
        if from_request || (h.route.is_some() && name.ends_with("Form")) {
            h.inputs.push(name);
        }
    }
}

fn innermost<'h, 'a>(handlers: &'h mut [Pending<'a>], at: usize) -> Option<&'h mut Pending<'a>> {
    handlers
        .iter_mut()
        .filter(|h| h.range.0 <= at && at < h.range.1)
        .max_by_key(|h| h.range.0)
}

/// The handlers, once every payload read of the file is known.
pub(super) fn finish(handlers: Handlers, payload: &[Span]) -> Vec<Handler> {
    let mut pending = handlers.pending;
    for p in payload {
        if let Some(h) = innermost(&mut pending, p.start as usize) {
            if !h.inputs.iter().any(|i| i == PAYLOAD) {
                h.inputs.push(PAYLOAD.to_string());
            }
        }
    }
    pending
        .into_iter()
        .filter(|h| !h.inputs.is_empty())
        .map(|mut h| {
            h.inputs.sort();
            h.inputs.dedup();
            Handler {
                // A method is named with its class: `Unsubscribe.post` (a flask-restful
                // resource).
                function: match h.class {
                    Some(class) => format!("{class}.{}", h.function),
                    None => h.function.to_string(),
                },
                route: h.route,
                inputs: h.inputs,
                span: h.name,
                body: Span::new(h.range.0, h.range.1),
            }
        })
        .collect()
}
