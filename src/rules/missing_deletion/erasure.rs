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
