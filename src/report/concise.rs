//! One line per finding: `path:line:col: error[pii-in-logs] message [data types]`.

use std::fmt::Write;

use crate::engine::Outcome;

pub fn render(o: &Outcome) -> String {
    let mut s = String::new();
    for f in &o.findings {
        let types: Vec<&str> = f.data_types.iter().map(|t| t.id.as_str()).collect();
        // A line that starts `::` is a GitHub workflow command (`::error file=…::`) when CI
        // prints it: such a path is written `./::…`.
        let dot = if f.path.starts_with("::") { "./" } else { "" };
        let _ = writeln!(
            s,
            "{dot}{}:{}:{}: {}[{}] {}",
            super::printable(&f.path),
            f.location.start.line,
            f.location.start.column,
            f.severity.as_str(),
            f.rule,
            super::with_types(&f.message, &types, " [", "]")
        );
    }
    s
}
