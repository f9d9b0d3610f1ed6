//! Fields personal by what is written into them, not by their name: a `Log` whose `headers`
//! column is filled from `req.headers` keeps every client's cookies and `Authorization`
//! header, though no field name says so.

use crate::facts::Target;
use crate::repo_index::{is_test_path, norm, strip_affixes, IndexedEntity, PersonalField};
use crate::rules::{Place, RepoContext};

/// Adds to `personal` (per entity of `stored`) each declared field that some code outside
/// the tests fills with request data (`rules/sources.toml`, `stored`). `lookup(name, file)`
/// resolves a name as written in `file` to entities, as deletions are resolved.
pub(super) fn add_filled_fields<'a>(
    ctx: &RepoContext<'a>,
    stored: &[&'a IndexedEntity<'a>],
    personal: &mut [Vec<PersonalField<'a>>],
    lookup: impl Fn(&str, usize) -> Vec<usize>,
) {
    for (fi, f) in ctx.files.iter().enumerate() {
        if f.models.stored_inputs.is_empty() || is_test_path(&f.path) {
            continue;
        }
        for s in &f.models.stored_inputs {
            let name = match &s.target {
                Target::Entity(n) | Target::Table(n) => n.as_str(),
                Target::Name(n) => strip_affixes(n),
            };
            let Some(data_type) = ctx.classifier.taxonomy.get(&s.source.data_type) else {
                continue;
            };
            let key = norm(&s.field);
            for i in lookup(name, fi) {
                let Some((file, field)) =
                    stored[i].fields.iter().find(|(_, x)| norm(&x.name) == key)
                else {
                    continue;
                };
                if personal[i].iter().any(|pf| std::ptr::eq(pf.field, *field)) {
                    continue;
                }
                personal[i].push(PersonalField {
                    file: *file,
                    field,
                    data_type,
                    filled_from: Some((
                        Place {
                            file: fi,
                            span: s.span,
                        },
                        &s.source.evidence,
                    )),
                });
            }
        }
    }
}
