//! `pii-in-logs`, repository part: a project's own logging functions. A function whose
//! parameter reaches a sink (`def debug_log(msg, *args): log.debug(msg, *args)`,
//! `function log(...args) { console.log(...args) }`, `fn trace_line(msg: String)`) is itself a
//! sink for that parameter wherever the project calls it, in its own file or, through an
//! import of a project module, in another.

use std::collections::HashMap;

use super::super::{FileContext, Place, RepoContext, RepoDiagnostic};
use super::check_sink;
use crate::classify::Confidence;
use crate::facts::{ProjectCall, SinkCall, Wrapper};

pub(super) fn check(ctx: &RepoContext, out: &mut Vec<RepoDiagnostic>) {
    let mut all: Vec<(usize, Wrapper)> = Vec::new();
    for (fi, f) in ctx.files.iter().enumerate() {
        all.extend(
            f.models
                .wrappers
                .iter()
                .filter(|w| !named_for_data(ctx, &w.param_name))
                .map(|w| (fi, w.clone())),
        );
    }
    if all.is_empty() {
        return;
    }
    relayed(ctx, &mut all);
    let by_name = by_function(&all);
    for (fi, f) in ctx.files.iter().enumerate() {
        if crate::repo_index::is_test_path(&f.path) {
            continue;
        }
        for call in &f.models.project_calls {
            let Some(candidates) = by_name.get(call.function.as_str()) else {
                continue;
            };
            let Some(home) = defining_file(ctx, fi, call, candidates) else {
                continue;
            };
            let wrappers: Vec<&Wrapper> = candidates
                .iter()
                .filter(|(wf, _)| *wf == home)
                .map(|(_, w)| *w)
                .collect();
            if let Some(d) = judge(ctx, fi, home, call, &wrappers) {
                out.push(d);
            }
        }
    }
}

/// Wrappers of wrappers: `def audit(msg): debug_log(msg)` hands its parameter to a wrapper,
/// so it is one too, in its own file or across files, to a fixed point.
fn relayed(ctx: &RepoContext, all: &mut Vec<(usize, Wrapper)>) {
    for _ in 0..4 {
        let by_name = by_function(all);
        let mut new: Vec<(usize, Wrapper)> = Vec::new();
        for (fi, f) in ctx.files.iter().enumerate() {
            for call in &f.models.project_calls {
                let Some(relay) = &call.relay else { continue };
                let Some(candidates) = by_name.get(call.function.as_str()) else {
                    continue;
                };
                let Some(home) = defining_file(ctx, fi, call, candidates) else {
                    continue;
                };
                for p in &relay.passed {
                    let reached = candidates.iter().find(|(wf, w)| {
                        *wf == home && (w.param == p.arg || (w.rest && p.arg >= w.param))
                    });
                    let Some((_, inner)) = reached else { continue };
                    let known = |(wf, w): &(usize, Wrapper)| {
                        *wf == fi && w.function == relay.caller && w.param == p.param
                    };
                    if named_for_data(ctx, &p.name)
                        || all.iter().any(known)
                        || new.iter().any(known)
                    {
                        continue;
                    }
                    new.push((
                        fi,
                        Wrapper {
                            function: relay.caller.clone(),
                            param: p.param,
                            param_name: p.name.clone(),
                            rest: p.rest,
                            kind: inner.kind,
                            sink: call.function.clone(),
                            span: call.span,
                        },
                    ));
                }
            }
        }
        if new.is_empty() {
            return;
        }
        drop(by_name);
        all.extend(new);
    }
}

/// A parameter named for the data (`ip_str`, `email`) is reported at the inner sink already;
/// only neutral ones (`msg`, `*args`) make the calls of their function sinks.
fn named_for_data(ctx: &RepoContext, param: &str) -> bool {
    ctx.classifier
        .classify(param, None, None)
        .is_some_and(|m| m.confidence >= Confidence::Medium)
}

/// Wrappers by function name, with the file that defines each.
fn by_function(all: &[(usize, Wrapper)]) -> HashMap<&str, Vec<(usize, &Wrapper)>> {
    let mut by_name: HashMap<&str, Vec<(usize, &Wrapper)>> = HashMap::new();
    for (fi, w) in all {
        by_name
            .entry(w.function.as_str())
            .or_default()
            .push((*fi, w));
    }
    by_name
}

/// The file that defines the called function: this file for a local name, else the project
/// module the name was imported from (`.notify` → `notify.py`, `./logger` → `logger.js`).
fn defining_file(
    ctx: &RepoContext,
    here: usize,
    call: &ProjectCall,
    candidates: &[(usize, &Wrapper)],
) -> Option<usize> {
    let Some(module) = &call.module else {
        return candidates.iter().find(|(f, _)| *f == here).map(|(f, _)| *f);
    };
    let stem = module
        .trim_end_matches(['/', '.'])
        .rsplit(['/', '.'])
        .next()
        .unwrap_or(module);
    let stem = stem.split('.').next().unwrap_or(stem);
    candidates.iter().map(|(f, _)| *f).find(|f| {
        let path = &ctx.files[*f].path;
        let file = path.rsplit('/').next().unwrap_or(path);
        let file_stem = file.split('.').next().unwrap_or(file);
        let dir = path.rsplit('/').nth(1).unwrap_or("");
        file_stem == stem || (matches!(file_stem, "__init__" | "index" | "mod") && dir == stem)
    })
}

fn judge(
    ctx: &RepoContext,
    fi: usize,
    home: usize,
    call: &ProjectCall,
    wrappers: &[&Wrapper],
) -> Option<RepoDiagnostic> {
    let first = wrappers.first()?;
    let mut values = Vec::new();
    for w in wrappers {
        let end = if w.rest { call.args.len() } else { w.param + 1 };
        for arg in call.args.iter().take(end).skip(w.param) {
            values.extend(arg.iter().cloned());
        }
    }
    let sink = SinkCall {
        kind: first.kind,
        callee: call.function.clone(),
        span: call.span,
        values,
        vendor: None,
        function: None,
    };
    let file = &ctx.files[fi];
    let fctx = FileContext {
        path: &file.path,
        language: file.language,
        classifier: ctx.classifier,
    };
    let mut d = check_sink(&fctx, &sink)?;
    let inner = &first.sink;
    let is = format!("`{}` is ", call.function);
    for n in d.notes.iter_mut().filter(|n| n.starts_with("why: ")) {
        *n = n.replacen(
            &is,
            &format!(
                "`{}` is this project's wrapper of `{inner}` (in {}), and that is ",
                call.function, ctx.files[home].path
            ),
            1,
        );
    }
    Some(RepoDiagnostic {
        at: Place {
            file: fi,
            span: call.span,
        },
        diagnostic: d,
        related: vec![(
            Place {
                file: home,
                span: first.span,
            },
            format!("`{}` hands its parameter to `{inner}` here", call.function),
        )],
        waived: None,
    })
}
