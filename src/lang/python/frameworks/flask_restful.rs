//! flask-restful's `reqparse`: each `parser.add_argument("email")` declares a request key,
//! collected from the payload; `args["email"]` or `args.email` after `parse_args()` reads it.

use crate::lang::ts::NodeExt as _;
use super::{Call, PyFramework};
use crate::lang::python::models::Models;
use crate::lang::ts::{span, unquote};

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "flask-restful",
    // argparse has `add_argument` too: only where a reqparse parser is built (not where a
    // comment merely names reqparse).
    in_file: Some(|src| src.contains("RequestParser(")),
    call: Some(add_argument),
    ..PyFramework::NONE
};

fn add_argument<'a>(m: &mut Models<'a>, c: &Call<'a>) -> bool {
    if c.method != "add_argument" || c.recv.is_none() || !super::uses(m.present, "flask-restful") {
        return false;
    }
    if let Some(k) = c.positional.first().filter(|k| k.kind_name() == "string") {
        let key = unquote(m.t(*k));
        // `--verbose`: a command-line flag, not a request key.
        if !key.is_empty() && !key.starts_with('-') {
            m.payload.push((key, span(*k)));
        }
    }
    false
}
