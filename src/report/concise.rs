//! One line per finding: `path:line:col: error[pii-in-logs] message [data types]`.

use std::fmt::Write;

use crate::engine::Outcome;

pub fn render(o: &Outcome) -> String {
    let mut s = String::new();
    for f in &o.findings {
        let types: Vec<&str> = f.data_types.iter().map(|t| t.id.as_str()).collect();
        let _ = writeln!(
            s,
            "{}:{}:{}: {}[{}] {} [{}]",
            super::printable(&f.path),
            f.location.start.line,
            f.location.start.column,
            f.severity.as_str(),
            f.rule,
            f.message,
            types.join(", ")
        );
    }
    s
}
