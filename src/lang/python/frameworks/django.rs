//! Django: models (by base class, or by `models.…Field` calls alone), forms and model forms,
//! `Meta.db_table`/`abstract`, foreign keys with `on_delete`, the admin and `DeleteView`.

use crate::lang::ts::NodeExt as _;
use super::{fk_link, ClassCx, FieldCx, FieldHook, PyFramework};
use crate::facts::{DeletionKind, Entity, Framework, Target};
use crate::lang::python::models::Models;
use crate::lang::ts::{named_children, span, unquote};

const ADMIN: &str = "registered in the Django admin, whose delete action removes rows";

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "django",
    entity: Some(entity),
    entity_by_fields: Some(|c| {
        c.any_field_call(|f| f.starts_with("models.") && f.ends_with("Field"))
            .then_some(Framework::DjangoModel)
    }),
    entity_meta: Some(meta),
    binding_bases: &[("ModelForm", false)],
    deleting_bases: &["DeleteView", "BaseDeleteView"],
    deleting_decorators: &[("admin.register(", ADMIN)],
    own_bases: &["Model", "Form", "ModelForm"],
    field: Some(field),
    call: Some(admin_site_register),
    query_methods: &[
        "filter",
        "exclude",
        "get",
        "values",
        "values_list",
        "order_by",
        "only",
        "distinct",
        "annotate",
        "aggregate",
        "get_or_create",
        "update_or_create",
    ],
    payloads: &["request.POST"],
    ..PyFramework::NONE
};

fn entity(c: &ClassCx) -> Option<Framework> {
    if c.has_base(&["ModelForm", "Form"]) || c.bases.iter().any(|b| b.starts_with("forms.")) {
        Some(Framework::DjangoForm)
    } else if c
        .bases
        .iter()
        .any(|b| *b == "models.Model" || b.ends_with(".models.Model"))
    {
        Some(Framework::DjangoModel)
    } else {
        None
    }
}

fn meta(c: &ClassCx, e: &mut Entity) {
    e.is_abstract |= c.meta.get("abstract").is_some_and(|v| c.t(*v) == "True");
    if let Some(v) = c.meta.get("db_table").filter(|v| v.kind_name() == "string") {
        e.table = Some(unquote(c.t(*v)).to_string());
    }
}

fn field(f: &FieldCx, e: &mut Entity) -> Option<FieldHook> {
    match f.last {
        // wagtail's `ParentalKey` is a foreign key too.
        "ForeignKey" | "OneToOneField" | "ParentalKey" if e.framework != Framework::SqlAlchemy => {
            fk_link(f, e);
            Some(FieldHook::Done)
        }
        "ManyToManyField" | "RelatedField" => Some(FieldHook::Done),
        _ => None,
    }
}

/// `admin.site.register(User)`, `site.register([A, B])`.
fn admin_site_register<'a>(m: &mut Models<'a>, c: &super::Call<'a>) -> bool {
    let site = c.recv.is_some_and(|r| {
        let t = m.t(r);
        t == "admin.site" || t.ends_with("site") || t == "admin"
    });
    if c.method != "register" || !site {
        return false;
    }
    if let Some(first) = c.positional.first() {
        let models: Vec<_> = if first.kind_name() == "list" || first.kind_name() == "tuple" {
            named_children(*first).collect()
        } else {
            vec![*first]
        };
        for x in models {
            let name = m.t(x).rsplit('.').next().unwrap_or("").to_string();
            if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                m.push_deletion(
                    Target::Entity(name),
                    DeletionKind::Delete,
                    span(c.node),
                    ADMIN.into(),
                );
            }
        }
    }
    false
}
