//! PyMongo (and Motor): collection deletes.

use super::PyFramework;

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "pymongo",
    delete_methods: &["delete_one", "delete_many", "find_one_and_delete"],
    ..PyFramework::NONE
};
