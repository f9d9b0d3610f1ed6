//! `privlint map --format markdown`: the inventory as a document for a review or a DPIA.

use std::fmt::Write;

use super::{href, Inventory, Loc, Site};

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn link(loc: &Loc, source_url: Option<&str>) -> String {
    format!(
        "[{}:{}]({})",
        cell(&loc.path),
        loc.line,
        href(loc, source_url).replace(' ', "%20")
    )
}

fn sites(list: &[Site], source_url: Option<&str>) -> String {
    list.iter()
        .map(|s| {
            let via = if s.via.is_empty() {
                String::new()
            } else {
                format!(", via {}", cell(&s.via.join(", ")))
            };
            format!("{}{via} {}", cell(&s.what), link(&s.loc, source_url))
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

fn mark(n: usize) -> String {
    if n == 0 {
        "–".into()
    } else {
        format!("✓ {n}")
    }
}

pub fn render(inv: &Inventory, source_url: Option<&str>) -> String {
    let mut s = String::new();
    let n = &inv.summary;
    let _ = writeln!(s, "# Personal data map: {}\n", cell(&inv.project));
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let _ = writeln!(
        s,
        "{} in {}: {} collected, {} stored, {} logged, {} shared with third parties; {} never deleted; {}.\n",
        plural(n.data_types, "data type", "data types"),
        plural(n.entities, "entity", "entities"),
        n.collected,
        n.stored,
        n.logged,
        n.shared,
        plural(n.never_deleted, "entity", "entities"),
        plural(n.special_category, "special-category data type", "special-category data types"),
    );
    if !inv.risks.is_empty() {
        let _ = writeln!(s, "## Riskiest first\n");
        for r in &inv.risks {
            let _ = writeln!(
                s,
                "- **{}** {} ({})",
                r.level,
                cell(&r.text),
                link(&r.loc, source_url)
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## Data types\n");
    let _ = writeln!(
        s,
        "| data type | sensitivity | collected | stored | logged | shared | deleted | retention |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|---|");
    for t in &inv.data_types {
        let special = t
            .special
            .map(|a| format!(" (GDPR {a})"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "| {} `{}`{special} | {} | {} | {} | {} | {} | {} | {} |",
            cell(&t.name),
            t.id,
            t.sensitivity,
            mark(t.collected.len()),
            mark(t.stored.len()),
            mark(t.logged.len()),
            mark(t.shared.len()),
            match (t.deleted.len(), t.not_deleted.len()) {
                (d, 0) => mark(d),
                (d, n) => format!("{} (**{n} never**)", mark(d)),
            },
            mark(t.retention.len()),
        );
    }
    s.push('\n');
    for t in &inv.data_types {
        let _ = writeln!(
            s,
            "### {} (`{}`, fideslang `{}`)\n",
            cell(&t.name),
            t.id,
            t.fides
        );
        for (label, list) in t.sites() {
            if !list.is_empty() {
                let _ = writeln!(s, "- **{label}:** {}", sites(list, source_url));
            }
        }
        if !t.logged.is_empty() {
            let logged: Vec<String> = t
                .logged
                .iter()
                .map(|l| {
                    format!(
                        "{}{} {}",
                        cell(&l.what),
                        if l.suppressed { " (suppressed)" } else { "" },
                        link(&l.loc, source_url)
                    )
                })
                .collect();
            let _ = writeln!(s, "- **Logged:** {}", logged.join("<br>"));
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## Entities\n");
    let _ = writeln!(
        s,
        "| entity | kind | personal fields | collected | stored | deletion | related |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|");
    for e in &inv.entities {
        let fields: Vec<String> = e
            .fields
            .iter()
            .map(|f| format!("`{}` ({})", f.name, f.data_type))
            .collect();
        let deletion = match &e.deletion_at {
            Some(d) => format!(
                "{}: {} {}",
                e.deletion,
                cell(&d.what),
                link(&d.loc, source_url)
            ),
            None if e.deletion.is_empty() => "–".into(),
            None => e.deletion.to_string(),
        };
        let _ = writeln!(
            s,
            "| `{}` {} | {} | {} | {} | {} | {} | {} |",
            e.name,
            link(&e.loc, source_url),
            e.kind,
            fields.join(", "),
            collected(e, source_url),
            if e.stored { "yes" } else { "–" },
            deletion,
            e.related.join(", ")
        );
    }
    s.push('\n');
    if !inv.third_parties.is_empty() {
        let _ = writeln!(s, "## Third parties\n");
        let _ = writeln!(s, "| third party | data types | from |");
        let _ = writeln!(s, "|---|---|---|");
        for p in &inv.third_parties {
            let from: Vec<String> = p.from.iter().map(|l| link(l, source_url)).collect();
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                cell(&p.vendor),
                p.data_types.join(", "),
                from.join(", ")
            );
        }
        s.push('\n');
    }
    s
}

/// `yes`, with the handlers that take it in where they are known.
fn collected(e: &super::EntityRow, source_url: Option<&str>) -> String {
    match (e.collected, e.handlers.is_empty()) {
        (false, _) => "–".into(),
        (true, true) => "yes".into(),
        (true, false) => format!("yes: {}", sites(&e.handlers, source_url)),
    }
}
