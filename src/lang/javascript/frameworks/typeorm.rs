//! TypeORM (and MikroORM-style) entities: `@Entity("name")`, `@Column` members, relations
//! with `onDelete`, `@DeleteDateColumn` soft deletes, `Repository<User>` bindings.

use crate::lang::ts::NodeExt as _;
use super::{pair_value, relation_link, ClassCx, ClassKind, JsFramework};
use crate::facts::{Entity, Framework};
use crate::lang::ts::unquote;

pub const FRAMEWORK: JsFramework = JsFramework {
    // sequelize-typescript's `@Table` reads the same way.
    class: Some(|c| {
        c.decorator(&["Entity", "Table"])
            .map(|_| ClassKind::Entity(Framework::TypeOrm))
    }),
    entity_meta: Some(table_name),
    field_decorator: Some("Column"),
    member: Some(|m, e| {
        if let Some((_, args)) = m.decorator(&["ManyToOne", "OneToOne"]) {
            relation_link(m, *args, e);
            return true;
        }
        if m.decorator(&["OneToMany", "ManyToMany"]).is_some() {
            return true;
        }
        if m.decorator(&["DeleteDateColumn"]).is_some() {
            e.paranoid = true;
        }
        false
    }),
    soft_delete_methods: &["softDelete", "softRemove"],
    model_wrappers: &["Repository<", "EntityRepository<", "MongoRepository<"],
    ..JsFramework::NONE
};

/// `@Entity("users")`, `@Entity({ name: "users" })`, `@Table({ tableName: "users" })`.
fn table_name(c: &ClassCx, e: &mut Entity) {
    let Some((_, Some(args))) = c.decorator(&["Entity", "Table"]) else {
        return;
    };
    let Some(a) = args.named_child(0) else {
        return;
    };
    match a.kind_name() {
        "string" => e.table = Some(unquote(c.t(a)).to_string()),
        "object" => {
            if let Some(t) =
                pair_value(c.src, a, "name").or_else(|| pair_value(c.src, a, "tableName"))
            {
                e.table = Some(unquote(c.t(t)).to_string());
            }
        }
        _ => {}
    }
}
