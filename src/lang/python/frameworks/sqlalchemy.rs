//! SQLAlchemy (and Flask-SQLAlchemy): `Column`/`mapped_column`/`Mapped[…]` models,
//! `__tablename__`, `__abstract__`, foreign keys inside columns, `relationship(cascade=…)`,
//! and deletes through a session or `delete(Model)`.

use crate::lang::ts::NodeExt as _;
use super::{keyword, on_delete, Call, ClassCx, FieldCx, FieldHook, PyFramework};
use crate::facts::{DeletionKind, Entity, Framework, Link, OnDelete, Target};
use crate::lang::python::models::Models;
use crate::lang::ts::{named_children, span, unquote};

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "sqlalchemy",
    // `Column(...)` means SQLAlchemy only where SQLAlchemy is in sight (django-tables2 has
    // columns too).
    in_file: Some(|src| {
        src.contains("sqlalchemy")
            || src.contains("sqlmodel")
            || src.contains("db.Column")
            || src.contains("db.Model")
    }),
    entity_by_fields: Some(entity),
    entity_meta: Some(meta),
    own_bases: &["Base"],
    field_calls: &["Column", "mapped_column"],
    field: Some(field),
    call: Some(delete_call),
    query_methods: &["filter_by"],
    ..PyFramework::NONE
};

fn entity(c: &ClassCx) -> Option<Framework> {
    let columns = c.file_uses("sqlalchemy")
        && c.stmts.iter().any(|a| {
            c.field_call(*a)
                .is_some_and(|f| matches!(f.rsplit('.').next(), Some("Column" | "mapped_column")))
                || a.field("type")
                    .is_some_and(|t| c.t(t).contains("Mapped["))
        });
    let table_only = c.meta.is_empty() && c.assigns("__tablename__").is_some();
    (columns || table_only).then_some(Framework::SqlAlchemy)
}

fn meta(c: &ClassCx, e: &mut Entity) {
    e.is_abstract |= c.assigns("__abstract__").is_some_and(|r| c.t(r) == "True");
    if let Some(r) = c.assigns("__tablename__").filter(|r| r.kind_name() == "string") {
        e.table = Some(unquote(c.t(r)).to_string());
    }
}

fn field(f: &FieldCx, e: &mut Entity) -> Option<FieldHook> {
    match f.last {
        "relationship" => {
            let cascade = f.kwarg("cascade").map(|c| f.t(c)).unwrap_or("");
            let target = f
                .first_positional()
                .map(|t| unquote(f.t(t)).to_string())
                .or_else(|| {
                    f.annotation.map(|t| {
                        t.trim_start_matches("Mapped[")
                            .trim_start_matches("List[")
                            .trim_start_matches("list[")
                            .trim_end_matches(']')
                            .trim_matches(['"', '\''])
                            .to_string()
                    })
                });
            if let Some(target) = target.filter(|_| cascade.contains("delete")) {
                e.links.push(Link {
                    target,
                    on_delete: OnDelete::Cascade,
                    from_parent: true,
                    span: span(f.assignment),
                });
            }
            Some(FieldHook::Done)
        }
        "backref" => Some(FieldHook::Done),
        "Column" | "mapped_column" => {
            // `Column(ForeignKey("users.id", ondelete="CASCADE"))`: a foreign key column
            // holds an id, not personal data.
            for fk in f
                .args
                .into_iter()
                .flat_map(named_children)
                .filter(|x| x.kind_name() == "call")
            {
                let callee = fk.field("function").map_or("", |x| f.t(x));
                if callee.rsplit('.').next() != Some("ForeignKey") {
                    continue;
                }
                let fargs = fk.field("arguments");
                let target = fargs
                    .and_then(|a| a.named_child(0))
                    .map(|t| unquote(f.t(t)).split('.').next().unwrap_or("").to_string());
                if let Some(target) = target {
                    e.links.push(Link {
                        target,
                        on_delete: on_delete(f.src, keyword(f.src, fargs, "ondelete")),
                        from_parent: false,
                        span: span(f.assignment),
                    });
                }
                return Some(FieldHook::Done);
            }
            let column_type = f
                .args
                .and_then(|a| {
                    named_children(a)
                        .find(|x| x.kind_name() != "string" && x.kind_name() != "keyword_argument")
                })
                .map(|t| f.t(t).to_string());
            Some(FieldHook::Typed(
                f.annotation.map(str::to_string).or(column_type),
            ))
        }
        _ => None,
    }
}

/// `delete(User)`, `sa.delete(User).where(…)`, `db.session.delete(self.user)`,
/// `store.delete(user)`; and an ORM
/// collection dropping a child (`self.user.identities.remove(identity)`), which
/// `delete-orphan` or the ORM then deletes.
fn delete_call<'a>(m: &mut Models<'a>, c: &Call<'a>) -> bool {
    let sp = span(c.node);
    let one_name =
        c.positional.len() == 1 && matches!(c.positional[0].kind_name(), "identifier" | "attribute");
    if c.method == "delete" && one_name {
        let arg = m.t(c.positional[0]);
        let arg = arg.rsplit('.').next().unwrap_or(arg);
        let recv_txt = c.recv.map_or("", |r| m.t(r));
        // Storm's and Mailman's `store` is the session under another name.
        let is_session = recv_txt.contains("session")
            || recv_txt == "db"
            || recv_txt.ends_with(".db")
            || recv_txt == "store"
            || recv_txt.ends_with(".store");
        if c.recv.is_none() || recv_txt == "sa" || recv_txt == "sqlalchemy" || is_session {
            let target = if arg.starts_with(|c: char| c.is_ascii_uppercase()) {
                Target::Entity(arg.to_string())
            } else {
                m.target_of_name(arg)
            };
            let how = format!("`{}`", m.t(c.node).chars().take(60).collect::<String>());
            m.push_deletion(target, DeletionKind::Delete, sp, how);
            return true;
        }
    }
    let Some(recv) = c.recv else {
        return false;
    };
    if matches!(c.method, "remove" | "discard") && recv.kind_name() == "attribute" && one_name {
        let arg = m.t(c.positional[0]);
        let arg = arg.rsplit('.').next().unwrap_or(arg);
        let collection = recv
            .field("attribute")
            .map_or("", |a| m.t(a))
            .to_ascii_lowercase();
        // Only a one-to-many collection of that very thing (`identities.remove(identity)`),
        // not a membership list (`acl.remove(user)`).
        let arg_l = arg.to_ascii_lowercase();
        let stem = arg_l.strip_suffix('y').unwrap_or(&arg_l);
        if !arg_l.is_empty() && collection.ends_with('s') && collection.contains(stem) {
            let t = m.target_of_name(arg);
            let how = format!("`.{}()` from the `{collection}` collection", c.method);
            m.push_deletion(t, DeletionKind::Delete, sp, how);
        }
    }
    false
}
