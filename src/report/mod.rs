//! Printing an [`Outcome`](crate::engine::Outcome): one module per format.

pub mod ci;
pub mod concise;
pub mod human;
pub mod json;

pub mod sarif;

use crate::engine::Outcome;
use crate::rules::Severity;

/// `Found 3 findings (2 errors, 1 warning) in 1,204 files in 0.41s.`
pub fn footer(o: &Outcome) -> String {
    let count = |s: Severity| o.findings.iter().filter(|f| f.severity == s).count();
    let mut parts = Vec::new();
    for (s, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "info"),
    ] {
        let n = count(s);
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    let n = o.findings.len();
    let mut s = format!(
        "Found {} {}{} in {} {} in {:.2}s.",
        thousands(n),
        if n == 1 { "finding" } else { "findings" },
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        },
        thousands(o.scanned),
        if o.scanned == 1 { "file" } else { "files" },
        o.elapsed.as_secs_f64()
    );
    let mut extra = Vec::new();
    if o.suppressed > 0 {
        extra.push(format!("{} suppressed", o.suppressed));
    }
    if o.baselined > 0 {
        extra.push(format!("{} in the baseline", o.baselined));
    }
    if o.fixed > 0 {
        extra.push(format!(
            "{} baseline {} fixed (--prune-baseline drops them)",
            o.fixed,
            if o.fixed == 1 { "entry" } else { "entries" }
        ));
    }
    let skipped_files = o.skipped.len();
    if skipped_files > 0 {
        extra.push(format!("{skipped_files} not analysed (see --show-files)"));
    }
    if let Some(t) = tracked_ignored(o) {
        extra.push(t);
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let errors = o.errors.iter().filter(|e| e.is_error()).count();
    if errors > 0 {
        extra.push(plural(errors, "error", "errors"));
    }
    let problems = o.errors.len() - errors;
    if problems > 0 {
        // Syntax errors and malformed directives: warnings unless `--strict`.
        extra.push(plural(problems, "file problem", "file problems"));
    }
    if !extra.is_empty() {
        s.push_str(&format!(" {}.", capitalize(&extra.join(", "))));
    }
    s
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// "3 tracked files excluded by .gitignore:2 (`*.py`)": code git tracks that an ignore rule
/// keeps out of the scan, with the rules (the first three) that do it.
fn tracked_ignored(o: &Outcome) -> Option<String> {
    let prefix = format!("{} by ", crate::discover::TRACKED_IGNORED);
    let mut rules: Vec<&str> = o
        .skipped
        .iter()
        .filter_map(|(_, r)| r.strip_prefix(&prefix))
        .collect();
    let n = rules.len();
    if n == 0 {
        return None;
    }
    rules.sort_unstable();
    rules.dedup();
    let more = if rules.len() > 3 { ", …" } else { "" };
    rules.truncate(3);
    Some(format!(
        "{n} tracked {} excluded by {}{more}",
        if n == 1 { "file" } else { "files" },
        rules.join(", ")
    ))
}

/// Problems and skipped files, one line each (human formats). Routine skips (empty files,
/// declaration files) are listed one by one only when few, else summarised.
pub fn problem_lines(o: &Outcome) -> Vec<String> {
    const QUIET: &[&str] = &["vendored or generated directory", "excluded by config"];
    const ROUTINE: &[&str] = &["empty file", crate::discover::DECLARATIONS];
    const MAX_LISTED: usize = 10;
    let mut out = Vec::new();
    for e in &o.errors {
        let loc = match e.line {
            Some(l) => format!("{}:{l}", printable(&e.path)),
            None => printable(&e.path).into_owned(),
        };
        let level = if e.is_error() { "error" } else { "warning" };
        out.push(format!("{level}: {loc}: {}", e.message));
    }
    for why in ROUTINE {
        let n = o.skipped.iter().filter(|(_, r)| r == why).count();
        if n > MAX_LISTED {
            out.push(format!(
                "note: not analysed: {n} files: {why} (--show-files lists them)"
            ));
        }
    }
    for (p, why) in &o.skipped {
        if QUIET.contains(&why.as_str()) {
            continue;
        }
        let routine_flood = ROUTINE.contains(&why.as_str())
            && o.skipped.iter().filter(|(_, r)| r == why).count() > MAX_LISTED;
        if !routine_flood {
            out.push(format!("note: not analysed: {}: {why}", printable(p)));
        }
    }
    out
}

/// A path as text output shows it: control characters escaped, so a file named
/// `a\nb.py` cannot forge a line of the report (JSON and SARIF carry the real name).
pub fn printable(p: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() || is_bidi_control(c);
    if p.chars().any(unsafe_char) {
        p.chars()
            .map(|c| {
                if unsafe_char(c) {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect::<String>()
            .into()
    } else {
        p.into()
    }
}

/// Characters that reorder how a terminal or editor shows text ("Trojan Source").
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Source text made safe to print on a terminal, byte for byte (spans still line up): control
/// characters (an ESC that would recolour or clear the screen) and bidirectional overrides
/// become `?`s, and a lone CR, which ends a line in old Mac files, becomes a newline.
pub fn terminal_safe(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => out.push(' '),
            '\r' => out.push('\n'),
            c if c.is_control() || is_bidi_control(c) => {
                out.extend(std::iter::repeat_n('?', c.len_utf8()))
            }
            c => out.push(c),
        }
    }
    out
}

/// `--statistics`: findings per rule and per data type.
pub fn statistics(o: &Outcome) -> String {
    use std::collections::BTreeMap;
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &o.findings {
        *by_rule.entry(f.rule).or_default() += 1;
        for t in &f.data_types {
            *by_type.entry(t.id.as_str()).or_default() += 1;
        }
    }
    let mut s = String::new();
    for (r, n) in by_rule {
        s.push_str(&format!("{n:>6}  {r}\n"));
    }
    if !by_type.is_empty() {
        s.push_str("by data type:\n");
        let mut v: Vec<_> = by_type.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        for (t, n) in v {
            s.push_str(&format!("{n:>6}  {t}\n"));
        }
    }
    s.push_str(&format!("{:>6}  suppressed\n", o.suppressed));
    // Waivers from config, and entities handled only by a cascade, carry a reason an
    // auditor should see, not just a count.
    for f in &o.suppressed_findings {
        if let Some(crate::engine::Suppressed::Config(reason)) = &f.suppression {
            s.push_str(&format!(
                "        {}: {}:{}: {reason}\n",
                f.rule, f.path, f.location.start.line
            ));
        }
    }
    s
}

/// `message (a, b)`: the data types a finding names after its message, nothing when it names
/// none (an unused suppression).
pub(crate) fn with_types(message: &str, types: &[&str], open: &str, close: &str) -> String {
    if types.is_empty() {
        message.to_string()
    } else {
        format!("{message}{open}{}{close}", types.join(", "))
    }
}
