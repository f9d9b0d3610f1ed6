//! Fields personal by what is written into them, not by their name: a `Log` whose `headers`
//! column is filled from `req.headers` keeps every client's cookies and `Authorization`
//! header, though no field name says so.

use crate::repo_index::{is_test_path, target_name, IndexedEntity, PersonalField};
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
            let name = target_name(&s.target);
            let Some(data_type) = ctx.classifier.taxonomy.get(&s.source.data_type) else {
                continue;
            };
            let at = Place {
                file: fi,
                span: s.span,
            };
            for i in lookup(name, fi) {
                let filled =
                    stored[i].filled_field(&s.field, data_type, Some((at, &s.source.evidence)));
                if let Some(pf) =
                    filled.filter(|pf| !personal[i].iter().any(|p| std::ptr::eq(p.field, pf.field)))
                {
                    personal[i].push(pf);
                }
            }
        }
    }
}
