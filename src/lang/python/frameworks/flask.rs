//! Flask: the request payloads whose keys are collection points.

use super::PyFramework;

pub const FRAMEWORK: PyFramework = PyFramework {
    name: "flask",
    payloads: &[
        "request.form",
        "request.json",
        "request.values",
        "request.get_json()",
        "flask.request.form",
        "flask.request.json",
    ],
    ..PyFramework::NONE
};
