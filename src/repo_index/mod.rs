//! The repository index the repository rules share: every entity with its inherited fields
//! and storage names, and every name something reads, built once from all files' models.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::facts::{Entity, Field, Framework, Place, RepoFile};

mod personal;
mod test_code;
pub use personal::{
    classify_field, data_type_ref, is_person_record, personal_fields, PersonalField,
};
pub use test_code::{is_test_path, keep_what_tests_tell, TestNames};

/// An entity as the rules see it: where it is declared, its fields including those inherited
/// from abstract bases in the repository, and every name its rows may be stored under.
pub struct IndexedEntity<'a> {
    pub file: usize,
    pub entity: &'a Entity,
    /// Own fields first, then inherited ones (with the file that declares them).
    pub fields: Vec<(usize, &'a Field)>,
    /// How many of `fields` are the entity's own.
    pub own_fields: usize,
    /// Normalised names that refer to it: class name, plural, storage names.
    pub keys: Vec<String>,
}

impl<'a> IndexedEntity<'a> {
    /// Its field `name` (compared as field names are), taken as personal data of `data_type`
    /// for what fills it rather than for its name; `None` if it declares no such field.
    pub fn filled_field(
        &self,
        name: &str,
        data_type: &'a crate::classify::DataTypeDef,
        filled_from: Option<(Place, &'a str)>,
    ) -> Option<PersonalField<'a>> {
        let key = norm(name);
        let (file, field) = self.fields.iter().find(|(_, f)| norm(&f.name) == key)?;
        Some(PersonalField {
            file: *file,
            field,
            data_type,
            filled_from,
        })
    }

    pub fn place(&self) -> Place {
        Place {
            file: self.file,
            span: self.entity.span,
        }
    }

    /// Does a name from the code (a table, a variable, a model) refer to this entity?
    pub fn answers_to(&self, name: &str) -> bool {
        let n = norm(name);
        !n.is_empty() && self.keys.contains(&n)
    }
}

pub struct RepoIndex<'a> {
    /// Every entity, with inheritance resolved, in (file, position) order.
    pub entities: Vec<IndexedEntity<'a>>,
    /// Fingerprints of the field names read anywhere (plumbing excluded).
    pub reads: HashSet<u64, BuildHasherDefault<Fingerprint>>,
    /// Normalised names of objects used whole.
    whole_uses: HashSet<String>,
    /// Normalised names of types used as request input.
    input_types: HashSet<String>,
    /// Positions in `entities` by declared name, and by every normalised key, ascending:
    /// rules that resolve a name per logged object or link look it up instead of scanning.
    by_name: HashMap<&'a str, Vec<usize>>,
    by_key: HashMap<String, Vec<usize>>,
}

impl<'a> RepoIndex<'a> {
    pub fn new(files: &'a [RepoFile]) -> RepoIndex<'a> {
        let mut reads = HashSet::default();
        let mut whole_uses = HashSet::new();
        let mut input_types = HashSet::new();
        for f in files {
            reads.extend(f.models.read_names.iter().copied());
            whole_uses.extend(f.models.whole_uses.iter().map(|w| norm(strip_affixes(w))));
            input_types.extend(f.models.input_types.iter().map(|t| norm(t)));
        }
        let entities = Self::resolve(files);
        let mut by_name: HashMap<&'a str, Vec<usize>> = HashMap::new();
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            by_name.entry(e.entity.name.as_str()).or_default().push(i);
            for k in &e.keys {
                let at = by_key.entry(k.clone()).or_default();
                if at.last() != Some(&i) {
                    at.push(i);
                }
            }
        }
        RepoIndex {
            entities,
            reads,
            whole_uses,
            input_types,
            by_name,
            by_key,
        }
    }

    /// The entities declared as `name`, in index order.
    pub fn named(&self, name: &str) -> impl DoubleEndedIterator<Item = &IndexedEntity<'a>> {
        let at = self.by_name.get(name).map_or(&[][..], Vec::as_slice);
        at.iter().map(|&i| &self.entities[i])
    }

    /// The entities that [`IndexedEntity::answers_to`] `name`, in index order.
    pub fn answering(&self, name: &str) -> impl DoubleEndedIterator<Item = &IndexedEntity<'a>> {
        let n = norm(name);
        let at = match self.by_key.get(&n) {
            Some(at) if !n.is_empty() => at.as_slice(),
            _ => &[],
        };
        at.iter().map(|&i| &self.entities[i])
    }

    pub fn is_input_type(&self, name: &str) -> bool {
        self.input_types.contains(&norm(name))
    }

    pub fn used_whole(&self, e: &IndexedEntity) -> bool {
        e.keys.iter().any(|k| self.whole_uses.contains(k))
    }

    fn resolve(files: &'a [RepoFile]) -> Vec<IndexedEntity<'a>> {
        let mut by_name: HashMap<&str, (usize, &Entity)> = HashMap::new();
        for (i, f) in files.iter().enumerate() {
            for e in &f.models.entities {
                by_name.entry(e.name.as_str()).or_insert((i, e));
            }
        }
        // Tables and columns a later migration drops: what an earlier `CREATE TABLE` says
        // is no longer stored.
        let mut dropped: HashMap<String, usize> = HashMap::new();
        for (i, f) in files.iter().enumerate() {
            for d in &f.models.dropped {
                let e = dropped.entry(d.clone()).or_insert(i);
                *e = (*e).max(i);
            }
        }
        let gone = |file: usize, what: &str| {
            dropped
                .get(&what.to_ascii_lowercase())
                .is_some_and(|&at| files[at].path > files[file].path || at == file)
        };
        let mut out = Vec::new();
        for (i, f) in files.iter().enumerate() {
            // Models declared by tests are test scaffolding, not stores of anyone's data.
            if is_test_path(&f.path) {
                continue;
            }
            for e in &f.models.entities {
                if e.framework == Framework::SqlTable && gone(i, &e.name) {
                    continue;
                }
                let mut fields: Vec<(usize, &Field)> = e
                    .fields
                    .iter()
                    .filter(|x| {
                        e.framework != Framework::SqlTable
                            || !gone(i, &format!("{}.{}", e.name, x.name))
                    })
                    .map(|x| (i, x))
                    .collect();
                let own_fields = fields.len();
                let mut seen: HashSet<&str> = HashSet::from([e.name.as_str()]);
                let mut bases: Vec<&str> = e.bases.iter().map(String::as_str).collect();
                while let Some(b) = bases.pop() {
                    if !seen.insert(b) {
                        continue;
                    }
                    if let Some((bf, be)) = by_name.get(b) {
                        fields.extend(be.fields.iter().map(|x| (*bf, x)));
                        bases.extend(be.bases.iter().map(String::as_str));
                    }
                }
                out.push(IndexedEntity {
                    file: i,
                    entity: e,
                    fields,
                    own_fields,
                    keys: keys(e, &f.path),
                });
            }
        }
        out
    }
}

/// The lower-case words of an identifier: `AccessLog`, `access_logs` → `access`, `log(s)`.
pub fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Lower-case letters and digits only: `user_profiles`, `UserProfiles` and `"User"` meet.
pub use crate::facts::models::norm;

/// `self.user_repository` → `user`, `expired_sessions` → `sessions`: the part of a variable
/// name that names what it holds.
pub fn strip_affixes(name: &str) -> &str {
    let mut s = name.rsplit('.').next().unwrap_or(name);
    s = s.trim_start_matches('_');
    for suffix in [
        "Repository",
        "_repository",
        "Repo",
        "_repo",
        "_queryset",
        "_qs",
        "Model",
        "_model",
        "Collection",
        "_collection",
        "_table",
        "Table",
        "_objects",
        "_records",
        "Records",
        "_rows",
        "Rows",
        "Entity",
        "_entity",
        "Schema",
        "_schema",
        "Dao",
        "_dao",
        "Dto",
        "DTO",
        "Input",
        "Body",
        "Payload",
        "Request",
        "Form",
        "Serializer",
        "Store",
        "_store",
    ] {
        if let Some(r) = s.strip_suffix(suffix).filter(|r| !r.is_empty()) {
            s = r;
            break;
        }
    }
    for prefix in [
        "old_",
        "stale_",
        "expired_",
        "inactive_",
        "deleted_",
        "old",
        "stale",
        "expired",
        "inactive",
        "the_",
        "my_",
        "this_",
        "target_",
        "existing_",
        "db_",
    ] {
        if let Some(r) = s.strip_prefix(prefix).filter(|r| r.len() > 1) {
            if prefix.ends_with('_') || r.starts_with(|c: char| c.is_ascii_uppercase()) {
                s = r;
                break;
            }
        }
    }
    s
}

fn plural(n: &str) -> String {
    if n.ends_with('y') && !n.ends_with("ey") && !n.ends_with("ay") {
        format!("{}ies", &n[..n.len() - 1])
    } else if n.ends_with('s') || n.ends_with('x') || n.ends_with("ch") || n.ends_with("sh") {
        format!("{n}es")
    } else {
        format!("{n}s")
    }
}

/// The names an entity's rows may be stored or referred to under.
pub(crate) fn keys(e: &Entity, path: &str) -> Vec<String> {
    let base = norm(&e.name);
    let mut k = vec![base.clone(), plural(&base)];
    if let Some(t) = &e.table {
        let t = norm(t);
        k.push(plural(&t));
        k.push(t);
    }
    // A plural table (`users`) answers to the singular its code uses (`user::Entity`).
    let singulars: Vec<String> = k
        .iter()
        .filter_map(|x| {
            x.strip_suffix("ies")
                .map(|s| format!("{s}y"))
                .or_else(|| x.strip_suffix('s').map(str::to_string))
        })
        .filter(|s| s.len() > 2)
        .collect();
    k.extend(singulars);
    if e.framework == Framework::DjangoModel && e.table.is_none() {
        // `<app_label>_<model>`: the app is the package holding models.py or models/.
        let mut dirs: Vec<&str> = path.split('/').collect();
        dirs.pop();
        if dirs.last() == Some(&"models") {
            dirs.pop();
        }
        if let Some(app) = dirs.last() {
            k.push(norm(&format!("{app}_{}", e.name)));
        }
    }
    if e.name.ends_with("Schema") && e.name.len() > 6 {
        let s = norm(&e.name[..e.name.len() - 6]);
        k.push(plural(&s));
        k.push(s);
    }
    k.sort();
    k.dedup();
    k
}

/// The name a deletion's or a write's target is looked up by: a model or table as written, a
/// variable or attribute (`self.user_repository`) by what its name says it holds.
pub fn target_name(t: &crate::facts::Target) -> &str {
    use crate::facts::Target;
    match t {
        Target::Entity(n) | Target::Table(n) => n,
        Target::Name(n) => strip_affixes(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes() {
        assert_eq!(strip_affixes("self.user_repository"), "user");
        assert_eq!(strip_affixes("userRepository"), "user");
        assert_eq!(strip_affixes("expired_sessions"), "sessions");
        assert_eq!(strip_affixes("oldUsers"), "Users");
        assert_eq!(strip_affixes("prisma.user"), "user");
        assert_eq!(strip_affixes("older"), "older");
        assert_eq!(plural("company"), "companies");
        assert_eq!(plural("address"), "addresses");
        assert_eq!(norm("public.\"Users\""), "users");
    }
}

/// Hashes a name fingerprint (already a hash) with one multiply-xorshift round instead of
/// SipHash: a project has hundreds of thousands of reads, and SipHash was a tenth of a warm run.
#[derive(Default)]
pub struct Fingerprint(u64);

impl Hasher for Fingerprint {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        let x = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = x ^ (x >> 29);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
