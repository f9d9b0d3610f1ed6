//! The rule's judgement of every stored entity, not only the missing ones: what
//! `privlint map` shows as each entity's erasure path.

use super::{analyse, Place, RepoContext};

/// How a stored entity's personal data leaves storage, as the rule judged it: for the data
/// map (`privlint map`), which shows every erasure path, not only the missing ones.
#[derive(Debug, Clone)]
pub struct Erasure {
    /// The entity's declaration.
    pub entity: Place,
    pub name: String,
    pub how: ErasureHow,
    /// Fields personal only by what fills them (`headers` from `req.headers`): (field name,
    /// data type id), for the map to list beside the fields personal by name.
    pub filled: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub enum ErasureHow {
    /// Deleted, anonymised or expired there, as described.
    Deleted(Place, String),
    /// Deleted with a parent (named) whose deletion is at the place.
    Cascade(String, Place),
    /// Only flagged deleted (or only partly anonymised): the data stays.
    SoftOnly(Place, String),
    Never,
}

/// Every stored entity with personal fields, and how (or whether) it is erased.
pub fn erasures(ctx: &RepoContext) -> Vec<Erasure> {
    let mut found = Vec::new();
    analyse(ctx, &mut Vec::new(), Some(&mut found));
    found
}

/// `PRIVLINT_TRACE`: the judgement of every entity, on stderr.
pub(super) fn trace(ctx: &RepoContext, list: impl Iterator<Item = Erasure>) {
    let path = |p: &Place| &ctx.files[p.file].path;
    for e in list {
        let how = match &e.how {
            ErasureHow::Deleted(p, how) => format!("{how} at {}", path(p)),
            ErasureHow::Cascade(_, p) => format!("cascade, parent deleted at {}", path(p)),
            ErasureHow::SoftOnly(..) => "soft delete only".into(),
            ErasureHow::Never => "NOT DELETED".into(),
        };
        eprintln!(
            "[trace] missing-deletion: {} {}: {how}",
            path(&e.entity),
            e.name
        );
    }
}
