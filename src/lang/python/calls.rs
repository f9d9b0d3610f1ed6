//! Python calls and assignments for the repository rules: reads by constant key and by
//! query lookup, whole-object uses, plumbing copies into storage, deletion evidence, and
//! what each local holds.

use crate::lang::ts::NodeExt as _;
use tree_sitter::Node;

use super::frameworks::{self, is_payload, Call, REGISTRY};
use super::models::Models;
use crate::facts::{Deletion, DeletionKind, Target};
use crate::lang::ts::{named_children, span, unquote};

/// Deleting methods of any ORM; each framework adds its own (`delete_instance`).
const DELETE_METHODS: &[&str] = &["delete", "hard_delete", "bulk_delete", "purge", "erase"];

fn is_delete_method(m: &str) -> bool {
    DELETE_METHODS.contains(&m) || frameworks::any(|f| f.delete_methods, m)
}

/// Calls that store their keyword arguments into same-named model fields.
const STORE_CALLS: &[&str] = &[
    "create",
    "get_or_create",
    "update_or_create",
    "update",
    "bulk_create",
    "insert",
    "insert_one",
    "insert_many",
    "save",
    "add",
    "upsert",
    "values",
    "set",
    "model_validate",
    "parse_obj",
];

const WHOLE_FUNCS: &[&str] = &[
    "model_to_dict",
    "asdict",
    "astuple",
    "jsonify",
    "vars",
    "dumps",
    "to_dict",
    "JsonResponse",
    "jsonable_encoder",
];

const WHOLE_METHODS: &[&str] = &[
    "dict",
    "model_dump",
    "json",
    "model_dump_json",
    "to_dict",
    "to_json",
    "__dict__",
];

impl<'a> Models<'a> {
    pub(super) fn call(&mut self, n: Node<'a>) {
        let Some(func) = n.field("function") else {
            return;
        };
        let args = n.field("arguments");
        let (recv, method) = match func.kind_name() {
            "attribute" => (
                func.field("object"),
                func.field("attribute").map_or("", |m| self.t(m)),
            ),
            "identifier" => (None, self.t(func)),
            _ => return,
        };
        let mut positional: Vec<Node<'a>> = Vec::new();
        let mut kwargs: Vec<(&'a str, Node<'a>)> = Vec::new();
        for x in args.into_iter().flat_map(named_children) {
            match x.kind_name() {
                "keyword_argument" => {
                    if let (Some(k), Some(v)) = (x.field("name"), x.field("value")) {
                        kwargs.push((self.t(k), v));
                    }
                }
                "dictionary_splat" | "list_splat" | "comment" => {}
                _ => positional.push(x),
            }
        }
        // Reads by constant key.
        match method {
            "get" | "pop" | "getlist" | "setdefault" if recv.is_some() => {
                if let Some(k) = positional.first().filter(|k| k.kind_name() == "string") {
                    if recv.is_some_and(|r| is_payload(self.t(r))) {
                        self.payload.push((unquote(self.t(*k)), span(*k)));
                    }
                    if !self.not_read.contains(&(n.start_byte(), n.end_byte())) {
                        self.reads.insert(unquote(self.t(*k)));
                    }
                }
            }
            "getattr" | "hasattr" if recv.is_none() => {
                if let Some(k) = positional.get(1).filter(|k| k.kind_name() == "string") {
                    self.reads.insert(unquote(self.t(*k)));
                }
            }
            _ => {}
        }
        if recv.is_some() && frameworks::any(|f| f.query_methods, method) {
            for (k, _) in &kwargs {
                let f = k.split("__").next().unwrap_or(k);
                self.reads.insert(f);
            }
            if method != "get" {
                for p in positional.iter().filter(|p| p.kind_name() == "string") {
                    let s = unquote(self.t(*p)).trim_start_matches('-');
                    self.facts
                        .reads
                        .push(s.split("__").next().unwrap_or(s).to_string());
                }
            }
        }
        // Whole-object uses.
        if !self.not_whole.contains(&(n.start_byte(), n.end_byte())) {
            if recv.is_none() && WHOLE_FUNCS.contains(&method) || method == "dumps" {
                self.whole(positional.first().copied());
            } else if WHOLE_METHODS.contains(&method) && positional.is_empty() {
                self.whole(recv);
            }
        }
        // Same-named copies into storage are plumbing, not reads.
        let constructor = recv.is_none() && method.starts_with(|c: char| c.is_ascii_uppercase())
            || func.kind_name() == "attribute"
                && method.starts_with(|c: char| c.is_ascii_uppercase());
        if constructor || STORE_CALLS.contains(&method) {
            for (k, v) in &kwargs {
                if self.names_field(*v, k) {
                    self.plumbing(*v);
                }
            }
        }
        if constructor {
            for a in
                named_children(args.unwrap_or(n)).filter(|x| x.kind_name() == "dictionary_splat")
            {
                if let Some(c) = a.named_child(0).filter(|c| c.kind_name() == "call") {
                    self.not_whole.insert((c.start_byte(), c.end_byte()));
                }
            }
        }
        if crate::facts::names_deletion(method) && !is_delete_method(method) {
            let args: Vec<String> = positional
                .iter()
                .map(|a| match a.kind_name() {
                    "identifier" => self.t(*a).to_string(),
                    "attribute" => a
                        .field("attribute")
                        .map_or(String::new(), |x| self.t(x).to_string()),
                    _ => String::new(),
                })
                .collect();
            if args.iter().any(|a| !a.is_empty()) {
                self.facts.helper_calls.push(crate::facts::HelperCall {
                    callee: method.to_string(),
                    args,
                    span: span(n),
                });
            }
        }
        let call = Call {
            node: n,
            recv,
            method,
            positional,
            kwargs,
        };
        let mut handled = false;
        for f in REGISTRY {
            if let Some(hook) = f.call {
                handled |= hook(self, &call);
            }
        }
        if !handled {
            self.deletion(&call);
        }
        if matches!(
            method,
            "save" | "commit" | "add" | "flush" | "save_changes" | "update_one" | "replace_one"
        ) {
            let scope = self.scope(n);
            match (method, recv) {
                ("save", Some(r)) | ("save_changes", Some(r)) => {
                    let name = self.t(r).rsplit('.').next().unwrap_or("").to_string();
                    self.clears.save(scope, name);
                }
                _ => {
                    self.clears.save(scope, "*".into());
                }
            }
        }
    }

    /// Deletion evidence any ORM gives: a deleting method on a receiver chain naming the
    /// model, an `.update()` that blanks personal fields or sets a deletion flag.
    fn deletion(&mut self, c: &Call<'a>) {
        let (Some(recv), method, kwargs) = (c.recv, c.method, &c.kwargs) else {
            return;
        };
        let sp = span(c.node);
        // `@router.delete("/users/{id}")`, `requests.delete(url)`, `cache.delete("key")`: a
        // route, a request or a key, never an ORM delete (which takes no string).
        let string_arg = c
            .positional
            .first()
            .is_some_and(|a| matches!(a.kind_name(), "string" | "concatenated_string"));
        if is_delete_method(method) && !string_arg && self.loop_deletion(recv, method, sp) {
            return;
        }
        if is_delete_method(method) && !string_arg {
            if let Some(t) = self.chain_target(recv) {
                self.push_deletion(t, DeletionKind::Delete, sp, format!("`.{method}()`"));
            }
        } else if method == "update" && !kwargs.is_empty() {
            let cleared: Vec<String> = kwargs
                .iter()
                .filter(|(_, v)| self.is_blank(*v))
                .map(|(k, _)| k.to_string())
                .collect();
            let soft = kwargs
                .iter()
                .any(|(k, _)| crate::lang::sql::is_soft_delete_flag(k));
            if let Some(t) = self.chain_target(recv) {
                if !cleared.is_empty() {
                    self.facts.deletions.push(Deletion {
                        target: t,
                        kind: DeletionKind::Anonymise,
                        span: sp,
                        how: "`.update()` clearing personal fields".into(),
                        fields: cleared,
                    });
                } else if soft {
                    self.push_deletion(
                        t,
                        DeletionKind::SoftDelete,
                        sp,
                        "`.update()` setting a deletion flag".into(),
                    );
                }
            }
        }
    }

    pub(super) fn assignment(&mut self, n: Node<'a>) {
        let (Some(left), Some(right)) = (n.field("left"), n.field("right")) else {
            return;
        };
        match left.kind_name() {
            "attribute" => {
                self.not_read.insert((left.start_byte(), left.end_byte()));
                if let (Some(attr), Some(Target::Entity(t))) =
                    (left.field("attribute"), self.entity_of_value(right))
                {
                    self.var_types.insert(self.t(attr).to_string(), t);
                }
                let (Some(obj), Some(attr)) = (left.field("object"), left.field("attribute"))
                else {
                    return;
                };
                let field = self.t(attr);
                // `form.phone.data = user.phone` (WTForms), `form.initial["phone"]`: a form
                // prefilled from the model, the value goes back where it came from.
                let form_field = match (field, obj.kind_name()) {
                    ("data", "attribute") => {
                        // Setting a form field's value is no read of it either.
                        self.not_read.insert((obj.start_byte(), obj.end_byte()));
                        obj.field("attribute").map_or(field, |a| self.t(a))
                    }
                    _ => field,
                };
                if self.names_field(right, field) || self.names_field(right, form_field) {
                    self.plumbing(right);
                }
                let recv = self.t(obj).to_string();
                let recv_last = recv.rsplit('.').next().unwrap_or(&recv).to_string();
                // `self.state = State.DELETED`: a status set to deleted flags the row too.
                let deleted_state = matches!(field, "state" | "status")
                    && self.t(right).to_ascii_lowercase().contains("deleted");
                if (crate::lang::sql::is_soft_delete_flag(field) || deleted_state)
                    && !matches!(right.kind_name(), "none" | "false")
                {
                    // Inside `def delete(self)` of a class, every `.delete()` of the class
                    // and its subclasses only flags the row.
                    let at = n.start_byte();
                    let in_delete = self
                        .fn_info
                        .iter()
                        .rev()
                        .find(|f| at < f.0)
                        .is_some_and(|f| f.1 == "delete");
                    if recv == "self" && in_delete {
                        if let Some((_, class)) = self.class_stack.last() {
                            self.facts.soft_delete_classes.push(class.to_string());
                        }
                    }
                    let t = self.target_of_name(&recv_last);
                    self.push_deletion(
                        t,
                        DeletionKind::SoftDelete,
                        span(n),
                        format!("`{recv_last}.{field}` set"),
                    );
                } else if self.is_blank(right) {
                    let scope = self.scope(n);
                    self.clears.clear(scope, recv_last, field, span(n));
                }
            }
            "subscript" => {
                self.not_read.insert((left.start_byte(), left.end_byte()));
            }
            "pattern_list" | "tuple_pattern" => {
                let scope = self.scope(n);
                for id in named_children(left).filter(|c| c.kind_name() == "identifier") {
                    self.type_history
                        .push((self.t(id).to_string(), n.start_byte(), scope, None));
                    self.var_types.remove(self.t(id));
                }
            }
            "identifier" => {
                if let Some(key) = self.payload_key(right) {
                    // The key counts as read only if the local is used.
                    self.not_read.insert((right.start_byte(), right.end_byte()));
                    self.not_read.insert((left.start_byte(), left.end_byte()));
                    self.payload_locals.push((self.t(left), key));
                }
                let var = self.t(left).to_string();
                let typed = match self.entity_of_value(right) {
                    Some(Target::Entity(e)) => Some(e),
                    _ => None,
                };
                let scope = self.scope(n);
                let instance = self.instance_of_value(right);
                self.type_history
                    .push((var.clone(), n.start_byte(), scope, instance));
                match typed {
                    Some(t) => {
                        self.var_types.insert(var, t);
                    }
                    None => {
                        self.var_types.remove(&var);
                    }
                }
            }
            _ => {}
        }
    }

    /// `request.form["dob"]`, `request.POST.get("dob")` → `dob`.
    fn payload_key(&self, v: Node<'a>) -> Option<&'a str> {
        let (recv, key) = match v.kind_name() {
            "subscript" => (v.field("value")?, v.field("subscript")?),
            "call" => {
                let f = v.field("function")?;
                if f.kind_name() != "attribute"
                    || !matches!(
                        f.field("attribute").map(|a| self.t(a)),
                        Some("get" | "getlist")
                    )
                {
                    return None;
                }
                (f.field("object")?, v.field("arguments")?.named_child(0)?)
            }
            _ => return None,
        };
        (key.kind_name() == "string" && is_payload(self.t(recv))).then(|| unquote(self.t(key)))
    }

    /// The model a value is one instance of (for logging: a queryset or a count is not).
    fn instance_of_value(&self, right: Node<'a>) -> Option<String> {
        let r = if right.kind_name() == "await" {
            right.named_child(0).unwrap_or(right)
        } else {
            right
        };
        // Only calls that return one instance (`.get()`, `.first()`, `get_object_or_404`);
        // `.count()`, `.exists()`, `.filter()` return something else.
        if r.kind_name() == "call" {
            let f = r.field("function")?;
            let m = match f.kind_name() {
                "attribute" => self.t(f.field("attribute")?),
                _ => self.t(f),
            };
            if !m.starts_with(|c: char| c.is_ascii_uppercase())
                && !matches!(
                    m,
                    "get"
                        | "first"
                        | "last"
                        | "latest"
                        | "earliest"
                        | "one"
                        | "one_or_none"
                        | "scalar"
                        | "scalar_one"
                        | "create"
                        | "get_or_404"
                        | "first_or_404"
                        | "one_or_404"
                        | "get_object_or_404"
                        | "get_by_id"
                        | "find_one"
                        | "find"
                        | "get_or_create"
                        | "update_or_create"
                        | "model_validate"
                        | "parse_obj"
                )
            {
                return None;
            }
        }
        match self.entity_of_value(right) {
            Some(Target::Entity(e)) => Some(e),
            _ => None,
        }
    }

    /// The model a value is an instance or query of: `User.query.get(id)`, `await User(…)`.
    fn entity_of_value(&self, right: Node<'a>) -> Option<Target> {
        let r = if right.kind_name() == "await" {
            right.named_child(0).unwrap_or(right)
        } else {
            right
        };
        // `SignupIn(email=…)`: a constructor call.
        if let Some(f) = r.field("function").filter(|_| r.kind_name() == "call") {
            let name = self.t(f).rsplit('.').next().unwrap_or("");
            if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                return Some(Target::Entity(name.to_string()));
            }
        }
        match r.kind_name() {
            "call" | "attribute" => self.chain_target(r),
            _ => None,
        }
    }
}
