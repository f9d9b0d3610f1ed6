//! Request handlers in JavaScript/TypeScript: Express, Koa and Fastify routes
//! (`router.post("/contacts", auth, async (req, res) => { … req.body … })`, or a named
//! handler `router.post("/contacts", createContact)`), and Nest controller methods (`@Post()
//! create(@Body() dto: CreateEmployeeDto)` under `@Controller("employees")`).

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::models::Models;
use crate::facts::{Handler, RouteBinding, PAYLOAD};
use crate::lang::ts::{named_children, span, text, unquote};

/// `X.verb("/path", …)`: the route a registration call declares (`POST /path`), with its
/// path argument.
pub(super) fn registration<'t>(c: Node<'t>, src: &str) -> Option<(String, Node<'t>)> {
    let f = c
        .field("function")
        .filter(|f| f.kind_name() == "member_expression")?;
    let verb = text(f.field("property")?, src);
    if !crate::facts::is_route_method(verb) {
        return None;
    }
    let path = c
        .field("arguments")?
        .named_child(0)
        .filter(|p| p.kind_name() == "string")?;
    Some((crate::facts::route(verb, unquote(text(path, src))), path))
}

/// `X.verb("/path", …, handler)`: a route with its handler inline or named.
pub(super) fn call<'a>(m: &mut Models<'a>, c: Node<'a>) {
    let (Some((route, path)), Some(args)) = (registration(c, m.src), c.field("arguments")) else {
        return;
    };
    let Some(last) = named_children(args).last().filter(|l| l.id() != path.id()) else {
        return;
    };
    match last.kind_name() {
        "arrow_function" | "function_expression" | "function" if reads_payload(m, last) => {
            m.facts.handlers.push(Handler {
                function: String::new(),
                route: Some(route),
                inputs: vec![PAYLOAD.to_string()],
                span: span(path),
                // The whole registration: its validators (`body("email")`) read too.
                body: span(c),
            });
        }
        "identifier" | "member_expression" => {
            let name = m.t(last);
            m.facts.route_bindings.push(RouteBinding {
                route,
                function: name.rsplit('.').next().unwrap_or(name).to_string(),
            });
        }
        _ => {}
    }
}

/// A named function reading its first parameter's body or query (`function
/// createContact(req, res) { … req.body … }`): a handler whose route is bound elsewhere.
pub(super) fn function<'a>(m: &mut Models<'a>, f: Node<'a>) {
    if !matches!(f.kind_name(), "function_declaration" | "method_definition") {
        return;
    }
    let Some(name) = f.field("name") else {
        return;
    };
    if reads_payload(m, f) {
        m.facts.handlers.push(Handler {
            function: m.t(name).to_string(),
            route: None,
            inputs: vec![PAYLOAD.to_string()],
            span: span(name),
            body: span(f),
        });
    }
}

/// Does the function read `req.body` or `req.query` (its first parameter's, whatever its
/// name)? Koa's `ctx.request.body` too.
fn reads_payload(m: &Models, f: Node) -> bool {
    let Some(body) = f.field("body") else {
        return false;
    };
    let first = f
        .field("parameters")
        .and_then(|ps| named_children(ps).next())
        .or_else(|| f.field("parameter"))
        .map(|p| p.field("pattern").unwrap_or(p))
        .filter(|p| p.kind_name() == "identifier")
        .map(|p| m.t(p));
    let Some(req) = first else {
        return false;
    };
    let text = m.t(body);
    [".body", ".query", ".request.body"]
        .iter()
        .any(|s| text.contains(&format!("{req}{s}")))
}

/// A Nest controller's class body: each method under a route decorator, with its
/// `@Body()`/`@Query()` types, is a handler; the route joins the controller's prefix.
pub(super) fn class_body<'a>(m: &mut Models<'a>, body: Node<'a>, class: Option<Node<'a>>) {
    // A class's decorators are its children, or, on `@Controller() export class`, the
    // export statement's: siblings before it.
    let mut decorators: Vec<Node> = class.into_iter().flat_map(named_children).collect();
    let mut before = class.and_then(|c| c.prev_named_sibling());
    while let Some(d) = before.filter(|d| d.kind_name() == "decorator") {
        decorators.push(d);
        before = d.prev_named_sibling();
    }
    let prefix = decorators
        .into_iter()
        .filter(|c| c.kind_name() == "decorator")
        .find_map(|d| decorator_call(m, d).filter(|(n, _)| *n == "Controller"))
        .map(|(_, p)| p.unwrap_or_default());
    let Some(prefix) = prefix else {
        return;
    };
    let mut route: Option<String> = None;
    for c in named_children(body) {
        match c.kind_name() {
            "decorator" => {
                if let Some((verb, path)) = decorator_call(m, c) {
                    if crate::facts::is_route_method(verb) && verb != "route" {
                        let path = join(&prefix, &path.unwrap_or_default());
                        route = Some(crate::facts::route(verb, &path));
                    }
                }
            }
            "method_definition" => {
                for d in named_children(c).filter(|d| d.kind_name() == "decorator") {
                    if let Some((verb, path)) = decorator_call(m, d) {
                        if crate::facts::is_route_method(verb) {
                            let path = join(&prefix, &path.unwrap_or_default());
                            route = Some(crate::facts::route(verb, &path));
                        }
                    }
                }
                if let (Some(r), Some(name)) = (route.take(), c.field("name")) {
                    let inputs = body_types(m, c);
                    if !inputs.is_empty() {
                        m.facts.handlers.push(Handler {
                            function: m.t(name).to_string(),
                            route: Some(r),
                            inputs,
                            span: span(name),
                            body: span(c),
                        });
                    }
                }
            }
            _ => route = None,
        }
    }
}

/// `@Post("x")` → (`Post`, `Some("x")`); `@Get()` → (`Get`, `None`).
fn decorator_call<'a>(m: &Models<'a>, d: Node<'a>) -> Option<(&'a str, Option<String>)> {
    let call = named_children(d).find(|c| c.kind_name() == "call_expression")?;
    let name = m.t(call.field("function")?);
    let path = call
        .field("arguments")
        .and_then(|a| named_children(a).next())
        .filter(|a| a.kind_name() == "string")
        .map(|a| unquote(m.t(a)).to_string());
    Some((name, path))
}

fn join(prefix: &str, path: &str) -> String {
    let p = [prefix, path]
        .iter()
        .map(|s| s.trim_matches('/'))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    format!("/{p}")
}

/// The types of a method's `@Body()`/`@Query()` parameters; the payload itself for
/// `@Body("email") email: string`.
fn body_types(m: &Models, method: Node) -> Vec<String> {
    let Some(params) = method.field("parameters") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in named_children(params) {
        let Some(d) = named_children(p).find(|c| c.kind_name() == "decorator") else {
            continue;
        };
        let Some((name, key)) = decorator_call(m, d) else {
            continue;
        };
        if !matches!(name, "Body" | "Query") {
            continue;
        }
        let ty = p
            .field("type")
            .map(|t| m.t(t).trim_start_matches(':').trim().to_string());
        match (key, ty) {
            (None, Some(t)) if t.starts_with(|c: char| c.is_ascii_uppercase()) => out.push(t),
            _ => out.push(PAYLOAD.to_string()),
        }
    }
    out.sort();
    out.dedup();
    out
}
