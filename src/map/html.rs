//! `privlint map --format html`: one self-contained page (inline CSS and SVG, no script, no
//! network), readable in any browser: a summary, the riskiest items, a matrix of data types ×
//! {collected, stored, logged, shared, deleted}, a bar chart by sensitivity, a column flow
//! collection → data types → storage and sinks, then every data type, entity and third party
//! with links to `file:line`.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::{href, Inventory, Loc, Site};

/// Text for HTML content and attribute values: markup characters escaped, controls blanked.
pub(crate) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if c.is_control() => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

fn link(loc: &Loc, source_url: Option<&str>) -> String {
    format!(
        "<a href=\"{}\"><code>{}:{}</code></a>",
        esc(&href(loc, source_url)),
        esc(&loc.path),
        loc.line
    )
}

fn site_list(list: &[Site], source_url: Option<&str>) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|s| {
            let via = if s.via.is_empty() {
                String::new()
            } else {
                format!(", via {}", esc(&s.via.join(", ")))
            };
            format!(
                "<li>{}{via} {}</li>",
                esc(&s.what),
                link(&s.loc, source_url)
            )
        })
        .collect();
    format!("<ul>{}</ul>", items.join(""))
}

const STYLE: &str = "
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 10px;border-bottom:1px solid #d9dde3;padding-bottom:4px}
.sub{color:#5b6475;margin:0 0 18px}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{background:#fff;border:1px solid #d9dde3;border-radius:8px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:24px}
.card.bad b{color:#b42318}
table{border-collapse:collapse;background:#fff;width:100%;font-size:14px}
th,td{border:1px solid #d9dde3;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef0f4}
td.n{text-align:center;font-weight:600}
td.y{background:#e3f1ff}td.l{background:#fde7e4}td.s{background:#fff1d6}td.d{background:#e4f6e8}td.miss{background:#fde7e4;color:#b42318}
.sens{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;color:#fff}
.critical{background:#7a1010}.high{background:#c2410c}.medium{background:#b38600}.low{background:#4b6b88}
.risk{background:#fff;border-left:4px solid #c2410c;margin:6px 0;padding:6px 10px}
.risk.high{border-color:#b42318}
details{background:#fff;border:1px solid #d9dde3;border-radius:6px;margin:6px 0;padding:6px 10px}
summary{cursor:pointer;font-weight:600}
ul{margin:4px 0 4px 18px;padding:0}
code{font-size:12.5px}
a{color:#1351b4}
svg text{font:12px system-ui,sans-serif;fill:#1d2330}
.muted{color:#5b6475}
";

pub fn render(inv: &Inventory, source_url: Option<&str>) -> String {
    let mut s = String::new();
    let n = &inv.summary;
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Personal data map: {}</title><style>{STYLE}</style></head><body><main>\n",
        esc(&inv.project)
    );
    let _ = writeln!(s, "<h1>Personal data map: {}</h1>", esc(&inv.project));
    let _ = writeln!(
        s,
        "<p class=\"sub\">Made by privlint {} from the code alone: where each kind of personal data is collected, stored, logged, shared and deleted.</p>",
        env!("CARGO_PKG_VERSION")
    );
    let cards = [
        ("data types", n.data_types, false),
        ("entities", n.entities, false),
        ("collected", n.collected, false),
        ("stored", n.stored, false),
        ("logged", n.logged, n.logged > 0),
        ("shared with third parties", n.shared, n.shared > 0),
        (
            "entities never deleted",
            n.never_deleted,
            n.never_deleted > 0,
        ),
        (
            "special-category types",
            n.special_category,
            n.special_category > 0,
        ),
    ];
    s.push_str("<div class=\"cards\">");
    for (label, v, bad) in cards {
        let _ = write!(
            s,
            "<div class=\"card{}\"><b>{v}</b>{label}</div>",
            if bad { " bad" } else { "" }
        );
    }
    s.push_str("</div>\n");
    if !inv.risks.is_empty() {
        s.push_str("<h2>Riskiest first</h2>\n");
        for r in &inv.risks {
            let _ = writeln!(
                s,
                "<div class=\"risk {}\"><b>{}</b> {} {}</div>",
                r.level,
                r.level,
                esc(&r.text),
                link(&r.loc, source_url)
            );
        }
    }
    matrix(&mut s, inv);
    s.push_str("<h2>Data types by sensitivity</h2>\n");
    bars(&mut s, inv);
    s.push_str("<h2>Flow: collection → data → storage and sinks</h2>\n");
    flow(&mut s, inv);
    s.push_str("<h2>Every data type</h2>\n");
    for t in &inv.data_types {
        let special = t
            .special
            .map(|a| format!(" · special category (GDPR {a})"))
            .unwrap_or_default();
        let _ = write!(
            s,
            "<details><summary>{} <code>{}</code> <span class=\"sens {}\">{}</span>{special}</summary>\
             <p class=\"muted\">fideslang <code>{}</code></p>",
            esc(&t.name),
            esc(&t.id),
            t.sensitivity,
            t.sensitivity,
            esc(&t.fides)
        );
        for (label, list) in t.sites() {
            if !list.is_empty() {
                let _ = write!(s, "<b>{label}</b>{}", site_list(list, source_url));
            }
        }
        if !t.logged.is_empty() {
            let items: Vec<String> = t
                .logged
                .iter()
                .map(|l| {
                    format!(
                        "<li>{}{} {}</li>",
                        esc(&l.what),
                        if l.suppressed {
                            " <i>(suppressed)</i>"
                        } else {
                            ""
                        },
                        link(&l.loc, source_url)
                    )
                })
                .collect();
            let _ = write!(s, "<b>Logged</b><ul>{}</ul>", items.join(""));
        }
        s.push_str("</details>\n");
    }
    entities(&mut s, inv, source_url);
    if !inv.third_parties.is_empty() {
        s.push_str("<h2>Third parties</h2>\n<table><tr><th>third party</th><th>data types</th><th>from</th></tr>\n");
        for p in &inv.third_parties {
            let from: Vec<String> = p.from.iter().map(|l| link(l, source_url)).collect();
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&p.vendor),
                esc(&p.data_types.join(", ")),
                from.join("<br>")
            );
        }
        s.push_str("</table>\n");
    }
    s.push_str("</main></body></html>\n");
    s
}

fn matrix(s: &mut String, inv: &Inventory) {
    s.push_str(
        "<h2>Data types × what happens to them</h2>\n<table><tr><th>data type</th><th>sensitivity</th>\
         <th>collected</th><th>stored</th><th>logged</th><th>shared</th><th>deleted</th></tr>\n",
    );
    for t in &inv.data_types {
        let c = |n: usize, class: &str| {
            if n == 0 {
                "<td class=\"n\">–</td>".to_string()
            } else {
                format!("<td class=\"n {class}\">{n}</td>")
            }
        };
        let deleted = match (t.deleted.len(), t.not_deleted.len()) {
            (d, 0) => c(d, "d"),
            (d, n) => format!("<td class=\"n miss\">{d} · {n} never</td>"),
        };
        let _ = writeln!(
            s,
            "<tr><td>{} <code>{}</code></td><td><span class=\"sens {}\">{}</span></td>{}{}{}{}{deleted}</tr>",
            esc(&t.name),
            esc(&t.id),
            t.sensitivity,
            t.sensitivity,
            c(t.collected.len(), "y"),
            c(t.stored.len(), "y"),
            c(t.logged.iter().filter(|l| !l.suppressed).count(), "l"),
            c(t.shared.len(), "s"),
        );
    }
    s.push_str("</table>\n");
}

/// Horizontal bars: how many data types of each sensitivity the code handles.
fn bars(s: &mut String, inv: &Inventory) {
    let levels = ["critical", "high", "medium", "low"];
    let counts: Vec<usize> = levels
        .iter()
        .map(|l| {
            inv.data_types
                .iter()
                .filter(|t| t.sensitivity == *l)
                .count()
        })
        .collect();
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let _ = write!(
        s,
        "<svg role=\"img\" aria-label=\"data types by sensitivity\" width=\"560\" height=\"{}\" viewBox=\"0 0 560 {}\">",
        levels.len() * 30 + 10,
        levels.len() * 30 + 10
    );
    let colours = ["#7a1010", "#c2410c", "#b38600", "#4b6b88"];
    for (i, (l, n)) in levels.iter().zip(&counts).enumerate() {
        let y = 5 + i * 30;
        let w = 420 * n / max;
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\">{l}</text><rect x=\"80\" y=\"{y}\" width=\"{}\" height=\"20\" rx=\"3\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{n}</text>",
            y + 15,
            w.max(2),
            colours[i],
            86 + w,
            y + 15
        );
    }
    s.push_str("</svg>\n");
}

/// Three columns joined by curves: what collects the data, the data types, and where they go
/// (the stores that keep them, logs, third parties).
fn flow(s: &mut String, inv: &Inventory) {
    const CAP: usize = 40;
    let mut left: BTreeSet<String> = BTreeSet::new();
    let mut right: BTreeSet<String> = BTreeSet::new();
    let mut edges_in: Vec<(String, usize)> = Vec::new();
    let mut edges_out: Vec<(usize, String)> = Vec::new();
    let types: Vec<&super::TypeRow> = inv.data_types.iter().take(CAP).collect();
    for (i, t) in types.iter().enumerate() {
        for c in &t.collected {
            let name = c.what.split('.').next().unwrap_or(&c.what).to_string();
            left.insert(name.clone());
            edges_in.push((name, i));
        }
        for st in &t.stored {
            let name = format!("store: {}", st.what.split('.').next().unwrap_or(&st.what));
            right.insert(name.clone());
            edges_out.push((i, name));
        }
        if t.logged.iter().any(|l| !l.what.contains(" sent to ")) {
            right.insert("logs and consoles".into());
            edges_out.push((i, "logs and consoles".into()));
        }
        for sh in &t.shared {
            let name = format!("third party: {}", sh.what);
            right.insert(name.clone());
            edges_out.push((i, name));
        }
    }
    let left: Vec<String> = left.into_iter().take(CAP).collect();
    let right: Vec<String> = right.into_iter().take(CAP).collect();
    let rows = left.len().max(right.len()).max(types.len()).max(1);
    let step = 26;
    let height = rows * step + 30;
    let y = |i: usize, count: usize| 30 + i * step + (rows - count.max(1)) * step / 2;
    let (x0, x1, x2) = (10, 430, 760);
    let _ = write!(
        s,
        "<svg role=\"img\" aria-label=\"flow of personal data\" width=\"1120\" height=\"{height}\" viewBox=\"0 0 1120 {height}\">\
         <text x=\"{x0}\" y=\"14\" font-weight=\"bold\">collected by</text><text x=\"{x1}\" y=\"14\" font-weight=\"bold\">data type</text><text x=\"{x2}\" y=\"14\" font-weight=\"bold\">goes to</text>"
    );
    let curve = |s: &mut String, ax: usize, ay: usize, bx: usize, by: usize, colour: &str| {
        let mid = (ax + bx) / 2;
        let _ = write!(
            s,
            "<path d=\"M{ax},{ay} C{mid},{ay} {mid},{by} {bx},{by}\" fill=\"none\" stroke=\"{colour}\" stroke-opacity=\"0.45\" stroke-width=\"2\"/>"
        );
    };
    for (name, i) in &edges_in {
        if let Some(l) = left.iter().position(|x| x == name) {
            curve(
                s,
                x0 + 230,
                y(l, left.len()) - 4,
                x1 - 6,
                y(*i, types.len()) - 4,
                "#1351b4",
            );
        }
    }
    for (i, name) in &edges_out {
        if let Some(r) = right.iter().position(|x| x == name) {
            let colour = if name.starts_with("store") {
                "#4b6b88"
            } else {
                "#c2410c"
            };
            curve(
                s,
                x1 + 250,
                y(*i, types.len()) - 4,
                x2 - 6,
                y(r, right.len()) - 4,
                colour,
            );
        }
    }
    for (i, l) in left.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{x0}\" y=\"{}\">{}</text>",
            y(i, left.len()),
            esc(l)
        );
    }
    for (i, t) in types.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{x1}\" y=\"{}\">{}</text>",
            y(i, types.len()),
            esc(&t.name)
        );
    }
    for (i, r) in right.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{x2}\" y=\"{}\">{}</text>",
            y(i, right.len()),
            esc(r)
        );
    }
    s.push_str("</svg>\n");
}

fn entities(s: &mut String, inv: &Inventory, source_url: Option<&str>) {
    s.push_str(
        "<h2>Entities</h2>\n<table><tr><th>entity</th><th>kind</th><th>personal fields</th>\
         <th>collected</th><th>stored</th><th>deletion</th><th>related</th></tr>\n",
    );
    for e in &inv.entities {
        let fields: Vec<String> = e
            .fields
            .iter()
            .map(|f| {
                format!(
                    "<code>{}</code> <span class=\"muted\">{}</span>",
                    esc(&f.name),
                    esc(&f.data_type)
                )
            })
            .collect();
        let (class, deletion) = match (&e.deletion_at, e.deletion) {
            (Some(d), how) => (
                if how == "soft-delete only" { "s" } else { "d" },
                format!("{how}: {} {}", esc(&d.what), link(&d.loc, source_url)),
            ),
            (None, "never") => ("miss", "never".to_string()),
            (None, _) => ("", "–".to_string()),
        };
        let _ = writeln!(
            s,
            "<tr><td><b>{}</b><br>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{class}\">{deletion}</td><td>{}</td></tr>",
            esc(&e.name),
            link(&e.loc, source_url),
            esc(e.kind),
            fields.join("<br>"),
            match (e.collected, e.handlers.is_empty()) {
                (false, _) => "–".to_string(),
                (true, true) => "yes".to_string(),
                (true, false) => format!("yes: {}", site_list(&e.handlers, source_url)),
            },
            if e.stored { "yes" } else { "–" },
            esc(&e.related.join(", "))
        );
    }
    s.push_str("</table>\n");
}
