//! Request handlers: where collected data comes in. `privlint map` names them beside each
//! collection point ("collected by `POST /signup` (`signup`)").

use serde::{Deserialize, Serialize};

use super::Span;

/// A function that takes request input: typed (`body: SignupIn`, `@Body() dto: CreateDto`,
/// `Json<Signup>`, `SignupForm(request.POST)`) or read from the request payload of its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handler {
    pub function: String,
    /// `POST /signup`, from a route decorator or attribute on the function, where it has one.
    pub route: Option<String>,
    /// Type names it takes as input; [`PAYLOAD`] for the file's request payload.
    pub inputs: Vec<String>,
    /// The function's name, and its whole extent (what it reads of a payload is inside).
    pub span: Span,
    pub body: Span,
}

/// The input name of a handler that reads the request payload itself (`request.form["x"]`,
/// `req.body.x`).
pub const PAYLOAD: &str = "";

/// A route registered apart from its handler: `.route("/signup", post(signup))`,
/// `router.post("/signup", signup)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteBinding {
    pub route: String,
    pub function: String,
}

/// `METHOD path` from a router call or decorator name and its path literal: `post` and
/// `"/signup"` → `POST /signup`; a method-less `route` or `api_route` gives the path alone.
pub fn route(method: &str, path: &str) -> String {
    let m = method.to_ascii_uppercase();
    match m.as_str() {
        "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" | "ALL" => {
            format!("{m} {path}")
        }
        // Express's old `app.del`.
        "DEL" => format!("DELETE {path}"),
        _ => path.to_string(),
    }
}

/// Is `name` (a router method, decorator or attribute name) one that declares a route?
pub fn is_route_method(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "get" | "post" | "put" | "patch" | "delete" | "del" | "route" | "api_route" | "all"
    )
}
