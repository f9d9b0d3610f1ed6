//! The engine's half of the lexical tier (`crate::prefilter`): files deferred for holding
//! nothing but names are parsed after all once a name they spell matters.

use rayon::prelude::*;

use super::{in_pool, FileResult, Settings};

pub(super) fn deferred(results: &[(String, FileResult)]) -> usize {
    results
        .iter()
        .filter(|(_, r)| matches!(r, FileResult::Deferred { .. }))
        .count()
}

/// The lexical tier's second half: files deferred for holding nothing but names are parsed
/// after all when a name they spell is one the parsed files make relevant, until no more are
/// (a file parsed this way can make more names relevant: a function of it that relays a
/// parameter to a logging wrapper).
pub(super) fn parse_relevant_deferred(
    results: &mut [(String, FileResult)],
    settings: &Settings,
    one: &(dyn Fn(usize, bool) -> (String, FileResult) + Sync),
) {
    if !settings.wants_models() || deferred(results) == 0 {
        return;
    }
    let mut relevance =
        crate::prefilter::Relevance::new(results.iter().filter_map(|(_, r)| match r {
            FileResult::Deferred { names, .. } => Some(names.as_slice()),
            _ => None,
        }));
    let mut fresh: Vec<usize> = (0..results.len()).collect();
    // Each file is pulled at most once, whatever its second result.
    let mut pulled = vec![false; results.len()];
    loop {
        for &i in &fresh {
            if let (rel, FileResult::Scanned { models, .. }) = &mut results[i] {
                relevance.add(rel, models.open());
            }
        }
        let pull: Vec<usize> = results
            .iter()
            .enumerate()
            .filter(|(i, (_, r))| {
                !pulled[*i]
                    && matches!(r, FileResult::Deferred { names, .. } if relevance.wants(names))
            })
            .map(|(i, _)| i)
            .collect();
        if pull.is_empty() {
            return;
        }
        for &i in &pull {
            pulled[i] = true;
        }
        let parsed: Vec<(String, FileResult)> = in_pool(settings, || {
            pull.par_iter().map(|&i| one(i, true)).collect()
        });
        for (&i, r) in pull.iter().zip(parsed) {
            results[i] = r;
        }
        fresh = pull;
    }
}
