//! `privlint map --format fides`: a fideslang manifest, a `dataset` (collections = the
//! entities, fields with their `data_categories`) and a `system` whose
//! `privacy_declarations` say what the code does with each category (stores it, collects it,
//! writes it to logs, sends it to a third party). Validated against fideslang's own models in
//! the test suite.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::Inventory;

/// privlint's categories that fideslang's default taxonomy does not have, and the parent
/// that it does.
const NOT_IN_FIDESLANG: &[(&str, &str)] = &[(
    "user.demographic.trade_union_membership",
    "user.demographic",
)];

fn category(fides: &str) -> &str {
    NOT_IN_FIDESLANG
        .iter()
        .find(|(k, _)| *k == fides)
        .map_or(fides, |(_, parent)| parent)
}

/// A YAML scalar that is always read as this string: JSON quoting is valid YAML.
fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// A fides key (letters, digits, `_`, `-`, `.`): the project's name made one.
fn key(name: &str) -> String {
    let k: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let k = k.trim_matches('_').to_string();
    if k.is_empty() {
        "project".into()
    } else {
        k
    }
}

fn list(s: &mut String, indent: &str, name: &str, items: &BTreeSet<String>) {
    let _ = writeln!(s, "{indent}{name}:");
    for i in items {
        let _ = writeln!(s, "{indent}- {}", q(i));
    }
}

pub fn render(inv: &Inventory) -> String {
    let system = key(&inv.project);
    let dataset = format!("{system}_datastores");
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# fideslang manifest made by privlint {} from the code of {}: review before use.",
        env!("CARGO_PKG_VERSION"),
        inv.project
    );
    let _ = writeln!(s, "dataset:");
    let _ = writeln!(s, "- fides_key: {}", q(&dataset));
    let _ = writeln!(s, "  name: {}", q(&format!("{} data stores", inv.project)));
    let _ = writeln!(
        s,
        "  description: {}",
        q("Entities that collect or store personal data, as declared in the code.")
    );
    let _ = writeln!(s, "  collections:");
    let mut names: BTreeSet<String> = BTreeSet::new();
    for e in &inv.entities {
        let base = e.table.clone().unwrap_or_else(|| e.name.clone());
        let mut name = base.clone();
        let mut n = 2;
        while !names.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        let _ = writeln!(s, "  - name: {}", q(&name));
        let _ = writeln!(
            s,
            "    description: {}",
            q(&format!(
                "{} `{}` ({}:{})",
                e.kind, e.name, e.loc.path, e.loc.line
            ))
        );
        let _ = writeln!(s, "    fields:");
        for f in &e.fields {
            let fides = inv
                .data_types
                .iter()
                .find(|t| t.id == f.data_type)
                .map_or("user", |t| t.fides.as_str());
            let _ = writeln!(s, "    - name: {}", q(&f.name));
            let _ = writeln!(s, "      data_categories:");
            let _ = writeln!(s, "      - {}", q(category(fides)));
        }
    }
    let of = |pick: &dyn Fn(&super::TypeRow) -> bool| -> BTreeSet<String> {
        inv.data_types
            .iter()
            .filter(|t| pick(t) && !t.fides.is_empty())
            .map(|t| category(&t.fides).to_string())
            .collect()
    };
    let mut declarations: Vec<(String, &str, BTreeSet<String>, Option<String>)> = vec![
        (
            "Stores personal data".into(),
            "essential.service",
            of(&|t| !t.stored.is_empty()),
            None,
        ),
        (
            "Collects personal data from its users".into(),
            "collect",
            of(&|t| !t.collected.is_empty()),
            None,
        ),
        (
            "Writes personal data to logs, consoles and error messages".into(),
            "essential.service.operations.support",
            of(&|t| t.logged.iter().any(|l| !l.what.contains(" sent to "))),
            None,
        ),
    ];
    for p in &inv.third_parties {
        let cats: BTreeSet<String> = p
            .data_types
            .iter()
            .filter_map(|id| inv.data_types.iter().find(|t| &t.id == id))
            .filter(|t| !t.fides.is_empty())
            .map(|t| category(&t.fides).to_string())
            .collect();
        declarations.push((
            format!("Sends personal data to {}", p.vendor),
            "essential.service.operations.support",
            cats,
            Some(p.vendor.clone()),
        ));
    }
    let _ = writeln!(s, "system:");
    let _ = writeln!(s, "- fides_key: {}", q(&system));
    let _ = writeln!(s, "  name: {}", q(&inv.project));
    let _ = writeln!(
        s,
        "  description: {}",
        q("What the code does with personal data, found by privlint's static analysis.")
    );
    let _ = writeln!(s, "  system_type: {}", q("Service"));
    let _ = writeln!(s, "  dataset_references:");
    let _ = writeln!(s, "  - {}", q(&dataset));
    let _ = writeln!(s, "  privacy_declarations:");
    for (name, data_use, cats, vendor) in declarations.into_iter().filter(|d| !d.2.is_empty()) {
        let _ = writeln!(s, "  - name: {}", q(&name));
        list(&mut s, "    ", "data_categories", &cats);
        let _ = writeln!(s, "    data_use: {}", q(data_use));
        let _ = writeln!(s, "    data_subjects:");
        let _ = writeln!(s, "    - {}", q("customer"));
        if data_use == "essential.service" {
            let _ = writeln!(s, "    dataset_references:");
            let _ = writeln!(s, "    - {}", q(&dataset));
        }
        if let Some(v) = vendor {
            let _ = writeln!(s, "    data_shared_with_third_parties: true");
            let _ = writeln!(s, "    third_parties: {}", q(&v));
        }
    }
    s
}
