//! Redis: keys given an expiry (`expire`, `setex`) are deleted by time, named by the first
//! word of the key.

use super::{Call, PyFramework};
use crate::facts::{DeletionKind, Target};
use crate::lang::python::models::Models;
use crate::lang::ts::span;

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "redis",
    call: Some(expire),
    ..PyFramework::NONE
};

fn expire<'a>(m: &mut Models<'a>, c: &Call<'a>) -> bool {
    if c.recv.is_none()
        || !matches!(
            c.method,
            "expire" | "setex" | "psetex" | "pexpire" | "expireat"
        )
    {
        return false;
    }
    if let Some(k) = c.positional.first() {
        let key = m.t(*k);
        let word = key
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .find(|w| w.len() > 2)
            .unwrap_or("");
        if !word.is_empty() {
            m.push_deletion(
                Target::Name(word.to_string()),
                DeletionKind::Expire,
                span(c.node),
                format!("Redis `{}`", c.method),
            );
        }
    }
    false
}
