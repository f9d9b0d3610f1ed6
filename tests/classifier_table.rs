//! The classifier against a table of real-world identifiers, most of them traps
//! (`tests/data/classifier_table.txt`). Every row must classify exactly as written.

use privlint::classify::{Classifier, Confidence};

#[test]
fn classifier_table() {
    let table = include_str!("data/classifier_table.txt");
    let c = Classifier::builtin();
    let mut failures = Vec::new();
    let (mut rows, mut traps) = (0, 0);
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cols.len(), 4, "bad row: {line}");
        let (ident, owner, ty, want) = (cols[0], cols[1], cols[2], cols[3]);
        let owner = (owner != "_").then_some(owner);
        let ty = (ty != "_").then_some(ty);
        rows += 1;
        traps += (want == "-") as usize;
        let got = match c.classify(ident, owner, ty) {
            None => "-".to_string(),
            Some(m) => {
                let id = &c.data_type(&m).id;
                match (m.transformed, m.confidence) {
                    (true, _) => format!("~{id}"),
                    (false, Confidence::Low) => format!("?{id}"),
                    _ => id.clone(),
                }
            }
        };
        if got != want {
            failures.push(format!(
                "{ident:<28} owner={:<12} type={:<10} want {want:<28} got {got}",
                owner.unwrap_or("_"),
                ty.unwrap_or("_")
            ));
        }
    }
    assert!(rows >= 400, "only {rows} rows");
    assert!(traps * 2 >= rows, "only {traps} traps of {rows}");
    assert!(
        failures.is_empty(),
        "{} of {rows} rows differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn owner_and_name_read_as_one_compound() {
    let c = Classifier::builtin();
    let id = |path: &[&str]| {
        let p: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        c.classify_path(&p, None)
            .map(|m| c.data_type(&m).id.clone())
    };
    assert_eq!(id(&["card", "number"]).as_deref(), Some("fin.card_number"));
    assert_eq!(
        id(&["user", "phone", "number"]).as_deref(),
        Some("contact.phone")
    );
    assert_eq!(id(&["passport", "number"]).as_deref(), Some("gov.passport"));
    assert_eq!(id(&["order", "number"]), None);
    assert_eq!(id(&["page", "number"]), None);
    assert_eq!(id(&["version", "number"]), None);
    assert_eq!(id(&["user", "email_template"]), None);
    assert_eq!(id(&["email", "id"]), None);
    assert_eq!(id(&["email", "subject"]), None);
    assert_eq!(id(&["message", "text"]), None);
    assert_eq!(id(&["device", "id"]), None);
    assert_eq!(id(&["password", "value"]).as_deref(), Some("cred.password"));
}
