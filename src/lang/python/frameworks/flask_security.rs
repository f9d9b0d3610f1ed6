//! Flask-Security: `datastore.delete_user(user)` deletes a user, whose model is the one
//! handed to the datastore (`SQLAlchemyUserDatastore(db, Member, Role)`).

use crate::lang::ts::NodeExt as _;
use super::{Call, PyFramework};
use crate::facts::DeletionKind;
use crate::lang::python::models::Models;
use crate::lang::ts::span;

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "flask-security",
    in_file: Some(|src| src.contains("atastore")),
    call: Some(call),
    ..PyFramework::NONE
};

fn call<'a>(m: &mut Models<'a>, c: &Call<'a>) -> bool {
    if !super::uses(m.present, "flask-security") {
        return false;
    }
    // `SQLAlchemyUserDatastore(db, Member, Role)`: the datastore's users are `Member`s.
    if c.recv.is_none() && c.method.ends_with("UserDatastore") {
        if let Some(model) = c.positional.get(1).filter(|a| a.kind_name() == "identifier") {
            let model = m.t(*model).to_string();
            if model != "User" {
                m.facts.renames.push(("User".into(), model));
            }
        }
        return false;
    }
    let recv = c.recv.map_or("", |r| m.t(r));
    if c.method == "delete_user" && recv.ends_with("datastore") {
        // Whatever the argument is called (`current_user`), the datastore only deletes users.
        let target = crate::facts::Target::Entity("User".into());
        m.push_deletion(
            target,
            DeletionKind::Delete,
            span(c.node),
            "Flask-Security `datastore.delete_user`".into(),
        );
        return true;
    }
    false
}
