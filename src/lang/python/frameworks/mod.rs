//! What each Python framework declares, one file per framework or library family. The model
//! walk (`python/models.rs`, `classes.rs`, `calls.rs`) knows Python; these files know what a
//! class, a field or a call means in their framework, and the walk asks each of them in
//! [`REGISTRY`] order. To add a framework: a new file here with a `pub const FRAMEWORK`, one
//! name in the `registry!` list, and a fixture folder (see `src/lang/mod.rs`).

use crate::lang::ts::NodeExt as _;
use std::collections::HashMap;

use tree_sitter::Node;

use super::models::Models;
use crate::facts::{Entity, Framework, Link, OnDelete};
use crate::lang::ts::{named_children, span, text, unquote};

/// Declares each framework's module and lists its `FRAMEWORK` in [`REGISTRY`], in order:
/// adding a framework is one file and one name here.
macro_rules! registry {
    ($($framework:ident),* $(,)?) => {
        $(mod $framework;)*
        pub static REGISTRY: &[&PyFramework] = &[$(&$framework::FRAMEWORK),*];
    };
}

// Precedence matters where two frameworks could claim one class: the first `entity` hook
// that claims it wins, and `entity_by_fields` hooks are asked only after every `entity`.
registry![
    wtforms,
    django,
    drf,
    sqlmodel,
    pydantic,
    marshmallow,
    dataclasses,
    attrs,
    peewee,
    sqlalchemy,
    flask,
    flask_restful,
    flask_security,
    fastapi,
    pymongo,
    redis,
];

/// One framework's knowledge. Every part is optional: start from [`PyFramework::NONE`].
pub struct PyFramework {
    pub name: &'static str,
    /// Whether a file uses the framework at all, checked once per file (`peewee` in sight).
    pub in_file: Option<fn(&str) -> bool>,
    /// Claims a class as an entity of the framework from its bases, decorators or body.
    pub entity: Option<fn(&ClassCx) -> Option<Framework>>,
    /// Claims a class from its field calls alone: asked after every `entity` hook declined.
    pub entity_by_fields: Option<fn(&ClassCx) -> Option<Framework>>,
    /// Storage name and abstractness of an entity, from the class (`Meta.db_table`).
    pub entity_meta: Option<fn(&ClassCx, &mut Entity)>,
    /// Runs on every class before entity detection; `true`: the class declares no entity
    /// (a serializer's fields are reads, not storage).
    pub class: Option<for<'a> fn(&mut Models<'a>, &ClassCx<'a, '_>) -> bool>,
    /// Base classes that bind a model's fields through `Meta.model` and `fields`/`exclude`,
    /// with whether the binding outputs (reads) them.
    pub binding_bases: &'static [(&'static str, bool)],
    /// Base classes whose subclasses delete the model they serve (views, viewsets).
    pub deleting_bases: &'static [&'static str],
    /// Class decorators (prefix of their text without `@`) that make a model deletable,
    /// with why; the model is the decorator's first argument.
    pub deleting_decorators: &'static [(&'static str, &'static str)],
    /// The framework's own base classes: not parents in the repository's inheritance.
    pub own_bases: &'static [&'static str],
    /// Callees (last segment) that declare a field besides `…Field` and annotations.
    pub field_calls: &'static [&'static str],
    /// A class-body assignment the framework reads specially: links, metadata.
    pub field: Option<fn(&FieldCx, &mut Entity) -> Option<FieldHook>>,
    /// Any call: deletion evidence and registrations; `true` when it was deletion evidence
    /// that the generic ORM deletion must not read again.
    pub call: Option<for<'a> fn(&mut Models<'a>, &Call<'a>) -> bool>,
    /// Method names that delete what the receiver chain names.
    pub delete_methods: &'static [&'static str],
    /// Methods whose keyword arguments are field lookups (`filter(email__iexact=…)`).
    pub query_methods: &'static [&'static str],
    /// Receivers whose keys are a request payload (`request.form`).
    pub payloads: &'static [&'static str],
    /// A function definition: parameters the framework fills from the request.
    pub function: Option<for<'a> fn(&mut Models<'a>, Node<'a>)>,
}

impl PyFramework {
    pub const NONE: PyFramework = PyFramework {
        name: "",
        in_file: None,
        entity: None,
        entity_by_fields: None,
        entity_meta: None,
        class: None,
        binding_bases: &[],
        deleting_bases: &[],
        deleting_decorators: &[],
        own_bases: &[],
        field_calls: &[],
        field: None,
        call: None,
        delete_methods: &[],
        query_methods: &[],
        payloads: &[],
        function: None,
    };
}

/// What a framework's `field` hook decided about a class-body assignment.
pub enum FieldHook {
    /// Read (a link, a table name) or not a field: nothing more to do.
    Done,
    /// A field, whose declared type the framework knows (`Column(String)` → `String`).
    Typed(Option<String>),
}

/// Which frameworks a file uses, checked once per file: bit i for [`REGISTRY`] entry i.
pub fn present(src: &str) -> u64 {
    REGISTRY
        .iter()
        .enumerate()
        .filter(|(_, f)| f.in_file.is_some_and(|check| check(src)))
        .fold(0, |bits, (i, _)| bits | 1 << i)
}

/// Whether the framework called `name` is among those [`present`] found.
pub fn uses(present: u64, name: &str) -> bool {
    REGISTRY
        .iter()
        .enumerate()
        .any(|(i, f)| present & 1 << i != 0 && f.name == name)
}

pub fn any(list: impl Fn(&PyFramework) -> &'static [&'static str], name: &str) -> bool {
    REGISTRY.iter().any(|f| list(f).contains(&name))
}

/// Request payloads: Flask `request.form`, Django `request.POST`, DRF `request.data`.
pub fn is_payload(recv: &str) -> bool {
    let r = recv.strip_prefix("self.").unwrap_or(recv);
    any(|f| f.payloads, r)
}

/// A class as the frameworks see it.
pub struct ClassCx<'a, 'f> {
    pub src: &'a str,
    pub node: Node<'a>,
    pub name: Node<'a>,
    /// Base classes as written, and their last segments.
    pub bases: Vec<&'a str>,
    pub base_last: Vec<&'a str>,
    /// Decorators as written, with their `@`.
    pub decorators: &'f [&'f str],
    /// `class Meta:` assignments.
    pub meta: HashMap<&'a str, Node<'a>>,
    /// The body's assignments, in order.
    pub stmts: Vec<Node<'a>>,
    /// Which frameworks the file uses ([`present`]).
    pub present: u64,
}

impl<'a> ClassCx<'a, '_> {
    pub fn t(&self, n: Node) -> &'a str {
        text(n, self.src)
    }

    pub fn has_base(&self, names: &[&str]) -> bool {
        self.base_last.iter().any(|b| names.contains(b))
    }

    /// A decorator by dotted name, with or without arguments.
    pub fn decorated(&self, names: &[&str]) -> bool {
        self.decorators.iter().any(|d| {
            let d = d.trim_start_matches('@');
            let head = d.split('(').next().unwrap_or(d);
            names.contains(&head)
        })
    }

    /// Whether this file uses the framework called `name`.
    pub fn file_uses(&self, name: &str) -> bool {
        uses(self.present, name)
    }

    /// The callee of `x = models.CharField(…)`, as written.
    pub fn field_call(&self, a: Node) -> Option<&'a str> {
        let r = a.field("right")?;
        if r.kind_name() != "call" {
            return None;
        }
        Some(self.t(r.field("function")?))
    }

    /// Does some body assignment call a field constructor that `test` accepts?
    pub fn any_field_call(&self, test: impl Fn(&str) -> bool) -> bool {
        self.stmts
            .iter()
            .any(|a| self.field_call(*a).is_some_and(&test))
    }

    /// A body assignment `left = right` where `left` is `name`.
    pub fn assigns(&self, name: &str) -> Option<Node<'a>> {
        self.stmts.iter().find_map(|a| {
            a.field("left")
                .filter(|l| self.t(*l) == name)
                .and_then(|_| a.field("right"))
        })
    }
}

/// One class-body assignment `name[: annotation] = callee(args)`.
pub struct FieldCx<'a> {
    pub src: &'a str,
    pub assignment: Node<'a>,
    pub annotation: Option<&'a str>,
    /// The callee as written, and its last segment (`models.ForeignKey` → `ForeignKey`).
    pub callee: &'a str,
    pub last: &'a str,
    pub args: Option<Node<'a>>,
}

impl<'a> FieldCx<'a> {
    pub fn t(&self, n: Node) -> &'a str {
        text(n, self.src)
    }

    pub fn kwarg(&self, k: &str) -> Option<Node<'a>> {
        keyword(self.src, self.args, k)
    }

    /// The first positional argument.
    pub fn first_positional(&self) -> Option<Node<'a>> {
        self.positional(0)
    }

    /// The `n`th positional argument (from 0).
    pub fn positional(&self, n: usize) -> Option<Node<'a>> {
        self.args.and_then(|a| {
            named_children(a)
                .filter(|x| x.kind_name() != "keyword_argument" && x.kind_name() != "comment")
                .nth(n)
        })
    }
}

/// The value of keyword argument `k` in an argument list.
pub fn keyword<'a>(src: &str, args: Option<Node<'a>>, k: &str) -> Option<Node<'a>> {
    args.and_then(|a| {
        named_children(a).find(|x| {
            x.kind_name() == "keyword_argument" && x.field("name").map(|n| text(n, src)) == Some(k)
        })
    })
    .and_then(|x| x.field("value"))
}

/// One call, as the frameworks see it.
pub struct Call<'a> {
    pub node: Node<'a>,
    pub recv: Option<Node<'a>>,
    pub method: &'a str,
    pub positional: Vec<Node<'a>>,
    pub kwargs: Vec<(&'a str, Node<'a>)>,
}

/// `ForeignKey(User, on_delete=models.CASCADE)` (or `to=`/`model=`): a link to its target;
/// `settings.AUTH_USER_MODEL` and `get_user_model()` name the user model.
pub fn fk_link(f: &FieldCx, e: &mut Entity) {
    let target = f
        .first_positional()
        .or_else(|| f.kwarg("to").or_else(|| f.kwarg("model")))
        .map(|t| unquote(f.t(t)).to_string());
    let Some(target) = target else {
        return;
    };
    let target = if target.contains("AUTH_USER_MODEL") || target.contains("get_user_model") {
        "User".to_string()
    } else {
        target
    };
    e.links.push(Link {
        target: if target == "self" {
            e.name.clone()
        } else {
            target
        },
        // `ForeignKey(User, models.CASCADE)`: Django's second positional is `on_delete`.
        on_delete: on_delete(f.src, f.kwarg("on_delete").or_else(|| f.positional(1))),
        from_parent: false,
        span: span(f.assignment),
    });
}

/// What an `on_delete=`/`ondelete=` value does to the child rows.
pub fn on_delete(src: &str, v: Option<Node>) -> OnDelete {
    let s = v
        .map(|v| text(v, src).to_ascii_uppercase())
        .unwrap_or_default();
    if s.contains("CASCADE") {
        OnDelete::Cascade
    } else if s.contains("SET_NULL")
        || s.contains("SET NULL")
        || s.contains("SET_DEFAULT")
        || s.contains("SET DEFAULT")
    {
        OnDelete::SetNull
    } else {
        OnDelete::Keep
    }
}
