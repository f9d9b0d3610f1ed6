//! The engine's half of the lexical tier (`crate::prefilter`): files deferred for holding
//! nothing but names are parsed after all once a name they spell matters.

use rayon::prelude::*;

use super::{in_pool, FileResult, Settings};
use crate::facts::Language;
use crate::repo_index::TestNames;

pub(super) fn deferred(results: &[(String, FileResult)]) -> usize {
    results
        .iter()
        .filter(|(_, r)| matches!(r, FileResult::Deferred { .. }))
        .count()
}

/// The lexical tier's second half: files deferred for holding nothing but names are parsed
/// after all when a name they spell is one the parsed files make relevant, until no more are
/// (a file parsed this way can make more names relevant: a function of it that relays a
/// parameter to a logging wrapper). Test code comes last, against the narrower names its
/// reads can matter for; what a test file tells the rules (its reads) makes no other
/// file's names relevant, so it never sends the first loop round again.
pub(super) fn parse_relevant_deferred(
    results: &mut [(String, FileResult)],
    languages: &[Language],
    settings: &Settings,
    one: &(dyn Fn(usize, bool) -> (String, FileResult) + Sync),
) {
    if !settings.wants_models() || deferred(results) == 0 {
        return;
    }
    let is_test: Vec<bool> = results
        .iter()
        .map(|(rel, _)| crate::repo_index::is_test_path(rel))
        .collect();
    let mut relevance = crate::prefilter::Relevance::new(results.iter().zip(&is_test).filter_map(
        |((_, r), &test)| match r {
            FileResult::Deferred { names, .. } if !test => Some(names.as_slice()),
            _ => None,
        },
    ));
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
                    && !is_test[*i]
                    && matches!(r, FileResult::Deferred { names, .. } if relevance.wants(names))
            })
            .map(|(i, _)| i)
            .collect();
        if pull.is_empty() {
            break;
        }
        for &i in &pull {
            pulled[i] = true;
        }
        parse(results, settings, one, &pull);
        fresh = pull;
    }
    parse_relevant_tests(results, languages, settings, one, &is_test);
}

/// Test files deferred: parsed when they spell a name their reads could matter for, until
/// none does (a test that takes a request type as input brings the type's fields in).
fn parse_relevant_tests(
    results: &mut [(String, FileResult)],
    languages: &[Language],
    settings: &Settings,
    one: &(dyn Fn(usize, bool) -> (String, FileResult) + Sync),
    is_test: &[bool],
) {
    let deferred_tests = |results: &[(String, FileResult)]| -> Vec<usize> {
        (0..results.len())
            .filter(|&i| is_test[i] && matches!(results[i].1, FileResult::Deferred { .. }))
            .collect()
    };
    loop {
        let tests = deferred_tests(results);
        if tests.is_empty() {
            return;
        }
        let names = test_names(results, settings);
        let pull: Vec<usize> = tests
            .iter()
            .copied()
            .filter(|&i| {
                matches!(&results[i].1, FileResult::Deferred { names: spelled, .. }
                    if names.wants(languages[i], spelled))
            })
            .collect();
        if pull.is_empty() {
            if settings.prefilter.as_ref().is_some_and(|p| p.audit) {
                audit_tests(settings, one, &tests, &names);
            }
            return;
        }
        parse(results, settings, one, &pull);
    }
}

fn test_names(results: &mut [(String, FileResult)], settings: &Settings) -> TestNames {
    for (_, r) in results.iter_mut() {
        if let FileResult::Scanned { models, .. } = r {
            models.open();
        }
    }
    let parsed: Vec<(&str, &crate::facts::ModelFacts)> = results
        .iter()
        .filter_map(|(rel, r)| match r {
            FileResult::Scanned { models, .. } => Some((rel.as_str(), models.opened()?)),
            _ => None,
        })
        .collect();
    TestNames::new(&parsed, &settings.classifier)
}

/// `PRIVLINT_PREFILTER_AUDIT`: every test file left unparsed is parsed anyway, and must not
/// touch a name its reads could matter for.
fn audit_tests(
    settings: &Settings,
    one: &(dyn Fn(usize, bool) -> (String, FileResult) + Sync),
    left: &[usize],
    names: &TestNames,
) {
    let parsed: Vec<(String, FileResult)> = in_pool(settings, || {
        left.par_iter().map(|&i| one(i, true)).collect()
    });
    for (rel, r) in parsed {
        if let FileResult::Scanned { mut models, .. } = r {
            if names.touched_by(models.open()) {
                eprintln!(
                    "[prefilter audit] {rel}: test code skipped, but reads a name that matters"
                );
            }
        }
    }
}

/// Parses the files at `pull` (in parallel) and puts their results in place.
fn parse(
    results: &mut [(String, FileResult)],
    settings: &Settings,
    one: &(dyn Fn(usize, bool) -> (String, FileResult) + Sync),
    pull: &[usize],
) {
    let parsed: Vec<(String, FileResult)> = in_pool(settings, || {
        pull.par_iter().map(|&i| one(i, true)).collect()
    });
    for (&i, r) in pull.iter().zip(parsed) {
        results[i] = r;
    }
}
