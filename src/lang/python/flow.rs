//! Python values and local data flow: which access paths an expression carries into a sink,
//! and what each local variable holds within its function.

use crate::lang::ts::{MapLoop, NodeExt as _, Walk};
use tree_sitter::Node;

use super::{Extractor, LITERALS};
use crate::facts::{DataRef, Via};
use crate::lang::is_accessor;
use crate::lang::ts::{named_children, span, text, unquote};

impl<'a> Extractor<'a> {
    /// Records what data a local variable holds after `left = right` (or `left += right`).
    pub(super) fn flow(&mut self, left: Node<'a>, right: Node<'a>, augmented: bool) {
        let scope = self.scopes.current();
        let mut pairs: Vec<(Node, Node)> = Vec::new();
        match left.kind_name() {
            "identifier" => pairs.push((left, right)),
            "pattern_list" | "tuple_pattern" => {
                let ls: Vec<Node> = named_children(left).collect();
                let rs: Vec<Node> = named_children(right).collect();
                let parallel = matches!(right.kind_name(), "expression_list" | "tuple")
                    && ls.len() == rs.len();
                for (i, l) in ls
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.kind_name() == "identifier")
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
            if let Some(m) = self.mark_of(r).filter(|_| !augmented) {
                self.flows.mark(scope, name, m);
            }
        }
    }

    /// `for name, value in os.environ.items()`, `for v in request.headers.values()` (sorted
    /// or not): the loop's value variable holds what the mapping holds (every secret of the
    /// environment, every header). A key (`for k in os.environ`, the `k` of `.items()`) is
    /// only a name, but the mapping read by it inside the loop (`os.environ[k]`) is every
    /// value.
    pub(super) fn loop_value(&mut self, n: Node<'a>) {
        let (Some(left), Some(mut right)) = (n.field("left"), n.field("right")) else {
            return;
        };
        // `sorted(os.environ.items())`: the same pairs, reordered.
        while let Some(inner) = right
            .field("function")
            .filter(|f| matches!(text(*f, self.src), "sorted" | "list" | "reversed" | "tuple"))
            .and_then(|_| right.field("arguments"))
            .and_then(|a| named_children(a).next())
        {
            right = inner;
        }
        // `m.items()`, `m.values()`, `m.keys()`, or `m` itself (its keys).
        let (map, walk) = match right.field("function") {
            Some(f) if right.kind_name() == "call" && f.kind_name() == "attribute" => {
                let walk = match f.field("attribute").map(|a| text(a, self.src)) {
                    Some("items") => Walk::Entries,
                    Some("values") => Walk::Values,
                    Some("keys") => Walk::Keys,
                    _ => return,
                };
                match f.field("object") {
                    Some(m) => (m, walk),
                    None => return,
                }
            }
            _ if matches!(right.kind_name(), "identifier" | "attribute") => (right, Walk::Keys),
            _ => return,
        };
        let mut refs = Vec::new();
        self.values(vec![map], &mut refs);
        let l = MapLoop {
            node: n,
            pattern: left,
            map,
            walk,
        };
        self.loops
            .bind(l, refs, self.src, &mut self.flows, self.scopes.current());
    }

    /// Every value inside the argument expressions that can carry data into the sink.
    pub(super) fn values(&self, roots: Vec<Node>, out: &mut Vec<DataRef>) {
        let mut stack = roots;
        let mut budget = crate::lang::VALUE_NODES_PER_SINK;
        while let Some(n) = stack.pop() {
            // A sink nested in 50,000 others must not re-walk them all (quadratic).
            budget = match budget.checked_sub(1) {
                Some(b) => b,
                None => break,
            };
            if let Some(map) = (n.kind_name() == "subscript")
                .then(|| self.loops.map_read(n, self.src, "value", "subscript"))
                .flatten()
            {
                stack.push(map);
                continue;
            }
            match n.kind_name() {
                "identifier" | "attribute" | "subscript" => match self.access_path(n) {
                    Some((path, via)) if n.kind_name() == "identifier" => {
                        let through = self.flows.captured(
                            self.scopes.enclosing(),
                            text(n, self.src),
                            span(n),
                        );
                        let constant =
                            through.is_empty() && self.module_constants.contains(text(n, self.src));
                        out.extend(through);
                        if !constant {
                            out.push(self.data_ref(n, path, via));
                        }
                    }
                    Some((path, via)) => {
                        let mut r = self.data_ref(n, path, via);
                        if r.source.is_none() {
                            r.source = self.response_body(&r.path);
                        }
                        out.push(r);
                    }
                    // `requests.post(TOKEN_URL, …).text`.
                    None if n.kind_name() == "attribute" => {
                        let body = n
                            .field("attribute")
                            .is_some_and(|a| self.cat.sources.responses.is_body(text(a, self.src)));
                        match n
                            .field("object")
                            .filter(|_| body)
                            .and_then(|o| self.credential_response(o))
                        {
                            Some(source) => out.push(DataRef::sourced(
                                text(n, self.src).to_string(),
                                span(n),
                                source,
                            )),
                            None => stack.extend(named_children(n)),
                        }
                    }
                    None => stack.extend(named_children(n)),
                },
                "call" => self.call_values(n, &mut stack, out),
                "string" => stack.extend(
                    named_children(n)
                        .filter(|c| c.kind_name() == "interpolation")
                        .filter_map(|c| c.named_child(0)),
                ),
                "conditional_expression" => {
                    stack.extend(n.named_child(0));
                    stack.extend(n.named_child(2));
                }
                "keyword_argument" => {
                    if let (Some(k), Some(v)) = (n.field("name"), n.field("value")) {
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
                        if c.kind_name() != "pair" {
                            stack.push(c);
                            continue;
                        }
                        let (Some(k), Some(v)) = (c.field("key"), c.field("value")) else {
                            continue;
                        };
                        if k.kind_name() == "string"
                            && !has_interpolation(k)
                            && self.value_is_data(v)
                        {
                            let key = unquote(text(k, self.src)).to_string();
                            let mut r = self.data_ref(k, vec![key], Via::Field);
                            r.value_path = self.access_path(v).map(|p| p.0);
                            out.push(r);
                        }
                        stack.push(v);
                    }
                }
                "list_comprehension" | "generator_expression" | "set_comprehension" => {
                    stack.extend(n.field("body"));
                }
                // `a and b` is `b`, or `a` only when falsy: no data.
                "boolean_operator" if is_and(n) => stack.extend(n.field("right")),
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

    pub(super) fn call_values(
        &self,
        n: Node<'a>,
        stack: &mut Vec<Node<'a>>,
        out: &mut Vec<DataRef>,
    ) {
        let Some(func) = n.field("function") else {
            return;
        };
        let callee = self.dotted(func).or_else(|| {
            func.field("attribute")
                .map(|m| text(m, self.src).to_string())
        });
        let Some(callee) = callee else {
            return;
        };
        if self.cat.is_sanitizer(&callee) {
            return;
        }
        // `email.replace(local, "***")`, `re.sub(r".", "*", token)`: the result is the mask.
        if matches!(callee.rsplit('.').next(), Some("replace" | "sub"))
            && n.field("arguments")
                .and_then(|a| named_children(a).nth(1))
                .filter(|r| r.kind_name() == "string" && !has_interpolation(*r))
                .is_some_and(|r| crate::catalog::Catalog::is_mask_text(unquote(text(r, self.src))))
        {
            return;
        }
        // `resp.json()`, `request.get_json()`: the whole body, as `resp.text` is.
        if let Some((recv, m @ ("json" | "get_json"))) = callee.rsplit_once('.') {
            // The receiver as written: `request`, not the `flask.request` it was imported as.
            let mut path: Vec<String> = func
                .field("object")
                .and_then(|o| self.access_path(o))
                .map(|(p, _)| p)
                .unwrap_or_else(|| recv.split('.').map(String::from).collect());
            path.push(m.to_string());
            let mut r = self.data_ref(n, path, Via::Value);
            // `resp.json()` of a token endpoint's response, or `requests.post(…).json()`.
            r.source = r
                .source
                .or_else(|| self.response_body(&r.path))
                .or_else(|| self.credential_response(func.field("object")?));
            out.push(r);
            return;
        }
        // `log.error(KeyError(email))`: an exception's message carries its arguments.
        let last = callee.rsplit('.').next().unwrap_or(&callee);
        if (last.ends_with("Error") || last.ends_with("Exception"))
            && last.starts_with(|c: char| c.is_ascii_uppercase())
        {
            stack.extend(n.field("arguments"));
            return;
        }
        let sources = &self.cat.sources.python;
        if let Some(src) = sources.call(&callee) {
            let shown = format!("{callee}(…)");
            out.push(DataRef::sourced(shown.clone(), span(n), src.source(&shown)));
            return;
        }
        if sources.is_env_lookup(&callee) {
            // `os.getenv("STRIPE_SECRET_KEY")`: the variable's name says what it holds.
            if let Some(k) = n
                .field("arguments")
                .and_then(|a| a.named_child(0))
                .filter(|k| k.kind_name() == "string" && !has_interpolation(*k))
            {
                let key = unquote(text(k, self.src)).to_string();
                out.push(self.data_ref(k, vec![key], Via::Key));
            }
            return;
        }
        if let Some((path, via)) = self.access_path(n) {
            out.push(self.data_ref(n, path, via));
            return;
        }
        // `request.COOKIES.get(name)`: one element of a map, judged by the map's name only.
        let element = func
            .field("attribute")
            .is_some_and(|m| matches!(text(m, self.src), "get" | "pop" | "getlist" | "setdefault"));
        if let Some(obj) = func.field("object").filter(|_| element) {
            if let Some((path, via)) = self.access_path(obj) {
                let mut r = self.data_ref(obj, path, via);
                r.source = None;
                out.push(r);
                stack.extend(n.field("arguments"));
                return;
            }
        }
        if self.cat.is_transparent(&callee) {
            stack.extend(n.field("arguments"));
            if func.kind_name() == "attribute" {
                stack.extend(func.field("object"));
            }
        } else if crate::lang::builds_auth_header(&callee) {
            stack.extend(n.field("arguments"));
        } else if func.kind_name() == "identifier" && is_accessor(&callee) {
            out.push(self.data_ref(n, vec![callee], Via::Value));
        }
    }

    /// `request.form["email"]` → (request, form, email); `user.get_email()` → (user, get_email);
    /// `email.strip()` → (email). `None` where the root is not a plain name.
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
                "attribute" => {
                    segs.push(text(cur.field("attribute")?, self.src).to_string());
                    cur = cur.field("object")?;
                }
                "subscript" => {
                    let idx = cur.field("subscript");
                    if let Some(i) =
                        idx.filter(|i| i.kind_name() == "string" && !has_interpolation(*i))
                    {
                        if segs.is_empty() {
                            via = Via::Key;
                        }
                        segs.push(unquote(text(i, self.src)).to_string());
                    }
                    cur = cur.field("value")?;
                }
                "call" => {
                    let func = cur.field("function")?;
                    if func.kind_name() != "attribute" {
                        return None;
                    }
                    let method = text(func.field("attribute")?, self.src);
                    let first_arg = cur.field("arguments").and_then(|a| a.named_child(0));
                    if method == "get" || method == "getlist" || method == "pop" {
                        let key = first_arg
                            .filter(|a| a.kind_name() == "string" && !has_interpolation(*a))?;
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
                    cur = func.field("object")?;
                }
                "parenthesized_expression" => cur = cur.named_child(0)?,
                _ if !segs.is_empty() => break,
                _ => return None,
            }
        }
        segs.reverse();
        if matches!(segs[0].as_str(), "self" | "cls") && segs.len() > 1 {
            if let Some(class) = self.classes.current() {
                segs[0] = class;
            }
        }
        Some((segs, via))
    }

    /// Whether some part of a value is unsanitised data (a literal, a sanitised call or a
    /// comparison is not); looks through `+`/`%`, `or`, parentheses and f-string holes.
    pub(super) fn value_is_data(&self, v: Node) -> bool {
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            let data = match v.kind_name() {
                "string" => {
                    stack.extend(
                        named_children(v)
                            .filter(|c| c.kind_name() == "interpolation")
                            .filter_map(|c| c.named_child(0)),
                    );
                    !has_interpolation(v) && crate::lang::literal_email(unquote(text(v, self.src)))
                }
                "concatenated_string" | "parenthesized_expression" => {
                    stack.extend(named_children(v));
                    false
                }
                "binary_operator" | "boolean_operator" => {
                    if !is_and(v) {
                        stack.extend(v.field("left"));
                    }
                    stack.extend(v.field("right"));
                    false
                }
                "comparison_operator"
                | "not_operator"
                | "lambda"
                | "list"
                | "tuple"
                | "dictionary" => false,
                "call" => !v
                    .field("function")
                    .and_then(|f| {
                        self.dotted(f)
                            .or_else(|| f.field("attribute").map(|m| text(m, self.src).to_string()))
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
    /// A function's (or lambda's) parameters bind names of their own: they hide the
    /// variables of the functions around it.
    pub(super) fn declare_params(&mut self, f: Node) {
        let scope = self.scopes.current();
        let mut stack: Vec<Node> = f.field("parameters").into_iter().collect();
        while let Some(p) = stack.pop() {
            match p.kind_name() {
                "identifier" => self.flows.declare(scope, text(p, self.src)),
                "parameters"
                | "lambda_parameters"
                | "list_splat_pattern"
                | "dictionary_splat_pattern"
                | "tuple_pattern" => stack.extend(named_children(p)),
                "typed_parameter" => stack.extend(p.named_child(0)),
                "default_parameter" | "typed_default_parameter" => stack.extend(p.field("name")),
                _ => {}
            }
        }
    }

    pub(super) fn annotated_params(&mut self, f: Node) {
        let scope = self.scopes.current();
        let Some(ps) = f.field("parameters") else {
            return;
        };
        for p in named_children(ps)
            .filter(|p| matches!(p.kind_name(), "typed_parameter" | "typed_default_parameter"))
        {
            let name = p
                .field("name")
                .or_else(|| p.named_child(0))
                .map(|x| text(x, self.src).to_string());
            let ty = p.field("type").map(|t| text(t, self.src).to_string());
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
                    || self.cat.sources.python.of_type(t).is_some()
            });
            if let (Some(name), Some(ty), true) = (name, ty, scalar) {
                self.param_types.insert((scope, name), ty);
            }
        }
    }

    pub(super) fn data_ref(&self, n: Node, path: Vec<String>, via: Via) -> DataRef {
        let declared_type = match path.as_slice() {
            [one] if via == Via::Value => self
                .param_types
                .get(&(self.scopes.current(), one.clone()))
                .cloned(),
            _ => None,
        };
        let sources = &self.cat.sources.python;
        // A whole header map, cookie jar, argv or environment; or a parameter of a type that
        // holds the data (`to: EmailAddress`).
        // Only the whole map is a source: an element (`sys.argv[0]`, the program;
        // `os.environ[name]`) is judged by what it is; a slice (`sys.argv[1:]`) is the map.
        let indexed = n.kind_name() == "subscript"
            && n.field("subscript")
                .is_none_or(|s| s.kind_name() != "slice");
        let source = match via {
            Via::Key => sources.element(&path).map(|d| d.source(&path.join("."))),
            Via::Value if indexed => None,
            Via::Value => sources
                .value(&path)
                .map(|d| d.source(&path.join(".")))
                .or_else(|| {
                    let t = declared_type.as_deref()?;
                    Some(
                        sources
                            .of_type(t)?
                            .source(&format!("{}: {t}", path.join("."))),
                    )
                }),
            _ => None,
        };
        DataRef {
            path,
            span: span(n),
            via,
            declared_type,
            value_path: None,
            through: None,
            source,
        }
    }
}

pub(super) fn has_interpolation(s: Node) -> bool {
    named_children(s).any(|c| c.kind_name() == "interpolation")
}

fn is_and(n: Node) -> bool {
    n.kind_name() == "boolean_operator"
        && n.field("operator").is_some_and(|o| o.kind_name() == "and")
}
