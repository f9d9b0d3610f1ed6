//! Which declarations are one entity, and which names in code reach which entity.

use std::collections::HashMap;

use crate::repo_index::{norm, IndexedEntity};

/// Whether a name from code is this declared table name, either number.
pub(super) fn same_table(table: &str, name: &str) -> bool {
    let (t, n) = (norm(table), norm(name));
    let bare = |s: &str| {
        s.strip_suffix('s')
            .map(str::to_string)
            .unwrap_or(s.to_string())
    };
    !n.is_empty() && (t == n || bare(&t) == bare(&n))
}

/// Group index per entity: entities that share a storage name share a group (a diesel
/// `table!` and its migration's `CREATE TABLE`); two models of one framework that merely
/// share a class name do not. Across language families (a Django model and a diesel
/// `table!` of one repository) only declared tables of the same name join: class names
/// alone say nothing about where rows are stored.
pub(super) fn groups(
    stored: &[&IndexedEntity],
    by_key: &HashMap<&str, Vec<usize>>,
    family: &[u8],
) -> Vec<usize> {
    let mut group: Vec<usize> = (0..stored.len()).collect();
    for (i, a) in stored.iter().enumerate() {
        let earlier = a
            .keys
            .iter()
            .flat_map(|k| by_key.get(k.as_str()).into_iter().flatten())
            .copied()
            .filter(|&j| j < i)
            .find(|&j| {
                let b = stored[j];
                let (fa, fb) = (family[i], family[j]);
                if fa != 0 && fb != 0 && fa != fb {
                    return matches!((&a.entity.table, &b.entity.table),
                        (Some(x), Some(y)) if same_table(x, y));
                }
                a.entity.table.is_some()
                    || b.entity.table.is_some()
                    || a.entity.framework != b.entity.framework
            });
        if let Some(j) = earlier {
            group[i] = group[j];
        }
    }
    group
}
