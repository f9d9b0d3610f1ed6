//! rustc-style diagnostics through codespan-reporting: primary label on the sink, secondary
//! labels on the data, `= note:` with the data type, `= help:` with the remedy.

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor, Config};

use crate::engine::Outcome;
use crate::redact::redact;
use crate::rules::Severity;

pub fn render(o: &Outcome, w: &mut dyn WriteColor) -> std::io::Result<()> {
    let mut files = SimpleFiles::new();
    let mut ids = std::collections::HashMap::new();
    for (path, src) in &o.sources {
        ids.insert(
            path.as_str(),
            files.add(
                super::printable(path).into_owned(),
                super::terminal_safe(&redact(src)),
            ),
        );
    }
    let config = Config::default();
    for f in &o.findings {
        let Some(&id) = ids.get(f.path.as_str()) else {
            continue;
        };
        let sev = match f.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
            Severity::Info => CsSeverity::Note,
        };
        let s = f.location.span;
        let mut labels =
            vec![Label::primary(id, s.start as usize..s.end as usize).with_message(&f.label)];
        for (l, m) in &f.related {
            let file = match &l.path {
                Some(p) => match ids.get(p.as_str()) {
                    Some(&i) => i,
                    None => continue,
                },
                None => id,
            };
            labels.push(
                Label::secondary(file, l.span.start as usize..l.span.end as usize).with_message(m),
            );
        }
        let mut notes: Vec<String> = f.notes.iter().map(|n| format!("note: {n}")).collect();
        notes.push(format!("help: {}", f.help));
        let d = Diagnostic::new(sev)
            .with_code(f.rule)
            .with_message(&f.message)
            .with_labels(labels)
            .with_notes(notes);
        term::emit(w, &config, &files, &d).map_err(std::io::Error::other)?;
    }
    Ok(())
}
