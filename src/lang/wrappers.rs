//! Shared by the front-ends: the functions around the node being walked, with their
//! parameters, so that a sink reached by a parameter makes its function a wrapper; and the
//! names a file defines, so that calls of them are recorded for the repository phase.

use crate::facts::{FastMap, FastSet};

use crate::facts::{DataRef, SinkKind, Span, Via, Wrapper};

struct Open {
    end: usize,
    /// Empty for an anonymous function: it wraps and relays nothing.
    name: String,
    /// What the function is about when its name alone does not say, for purpose only: a
    /// class-based view's handler (`LoginView.post`), an anonymous route handler (`POST
    /// /login`). Nothing can call the function by it.
    about: Option<String>,
    params: Vec<String>,
    /// Index of a rest parameter (`*args`, `...args`).
    rest: Option<usize>,
}

impl Open {
    /// The parameter a value is, as written (`msg`), and whether it is the rest parameter;
    /// JS `arguments` (`console.log.apply(console, arguments)`) is every parameter.
    fn param(&self, v: &DataRef) -> Option<(usize, bool)> {
        if v.path.len() != 1 || v.via != Via::Value || v.source.is_some() {
            return None;
        }
        match self.params.iter().position(|p| *p == v.path[0]) {
            Some(i) => Some((i, self.rest == Some(i))),
            None if v.path[0] == "arguments" => Some((0, true)),
            None => None,
        }
    }
}

#[derive(Default)]
pub struct Functions {
    open: Vec<Open>,
    pub found: Vec<Wrapper>,
}

impl Functions {
    /// A function starting at `start`: `params` without `self`; call in pre-order.
    pub fn enter(
        &mut self,
        start: usize,
        end: usize,
        name: &str,
        params: Vec<String>,
        rest: Option<usize>,
    ) {
        self.close(start);
        self.open.push(Open {
            end,
            name: name.to_string(),
            about: None,
            params,
            rest,
        });
    }

    /// An anonymous request handler, named for what it serves (`POST /login`).
    pub fn enter_route(&mut self, start: usize, end: usize, route: String) {
        self.enter(start, end, "", Vec::new(), None);
        self.about(route);
    }

    /// What the function entered last is about, for purpose only (`LoginView.post`: a
    /// class-based view's handler is about what its class is named for); nothing can call
    /// it by that name.
    pub fn about(&mut self, about: String) {
        if let Some(f) = self.open.last_mut() {
            f.about = Some(about);
        }
    }

    /// Forgets the functions that end before `at` (a pre-order walk passed them).
    pub fn close(&mut self, at: usize) {
        while self.open.last().is_some_and(|f| at >= f.end) {
            self.open.pop();
        }
    }

    /// The innermost named function around `at`, by what it is about.
    pub fn current(&mut self, at: usize) -> Option<String> {
        self.close(at);
        self.open
            .iter()
            .rev()
            .find(|f| !f.name.is_empty() || f.about.is_some())
            .map(|f| f.about.clone().unwrap_or_else(|| f.name.clone()))
    }

    /// A call at `at` whose arguments carry `args`: the parameters of the innermost named
    /// function it hands on, argument by argument (JS `arguments` is every parameter).
    pub fn relay(&mut self, at: usize, args: &[Vec<DataRef>]) -> Option<crate::facts::Relay> {
        self.close(at);
        let f = self.open.last().filter(|f| !f.name.is_empty())?;
        let mut passed = Vec::new();
        for (j, arg) in args.iter().enumerate() {
            for v in arg {
                let Some((param, rest)) = f.param(v) else {
                    continue;
                };
                passed.push(crate::facts::Passed {
                    arg: j,
                    param,
                    rest,
                    name: v.path[0].clone(),
                });
            }
        }
        (!passed.is_empty()).then(|| crate::facts::Relay {
            caller: f.name.clone(),
            passed,
        })
    }

    /// A sink at `span` receiving `values`: the innermost named function whose parameter is
    /// one of them wraps that sink.
    pub fn sink(&mut self, span: Span, values: &[DataRef], kind: SinkKind, sink: &str) {
        self.close(span.start as usize);
        let Some(f) = self.open.last().filter(|f| !f.name.is_empty()) else {
            return;
        };
        for v in values {
            let Some((i, rest)) = f.param(v) else {
                continue;
            };
            let w = Wrapper {
                function: f.name.clone(),
                param: i,
                param_name: v.path[0].clone(),
                rest,
                kind,
                sink: sink.to_string(),
                span,
            };
            if !self
                .found
                .iter()
                .any(|x| x.function == w.function && x.param == w.param)
            {
                self.found.push(w);
            }
        }
    }
}

/// A call's callee as the front-ends see it: a plain name, or `receiver.name`.
pub enum Callee<'s> {
    Name(&'s str),
    Method { recv: &'s str, name: &'s str },
}

/// The project function a call reaches, with the module it was imported from: a name this
/// file defines, a method on `self_names` (`self`, `this`) defined here, or a name or module
/// alias imported from a project module (`relative`: `.notify`, `./logger`).
pub fn project_function<'s>(
    callee: Callee<'s>,
    aliases: &FastMap<String, String>,
    defs: &FastSet<String>,
    relative: fn(&str) -> bool,
    self_names: &[&str],
) -> Option<(&'s str, Option<String>)> {
    match callee {
        Callee::Name(name) => match aliases.get(name).filter(|p| relative(p)) {
            Some(p) => Some((name, p.rsplit_once('.').map(|(m, _)| m.to_string()))),
            None => defs.contains(name).then_some((name, None)),
        },
        Callee::Method { recv, name } => match aliases.get(recv).filter(|p| relative(p)) {
            Some(m) => Some((name, Some(m.clone()))),
            None => (self_names.contains(&recv) && defs.contains(name)).then_some((name, None)),
        },
    }
}

/// Names after a keyword (`def`, `fn`, `function`) anywhere in the file: a cheap look ahead,
/// since a call may come before its definition.
pub fn defined_after(src: &str, keyword: &str) -> FastSet<String> {
    let mut out = FastSet::default();
    let b = src.as_bytes();
    for (i, _) in src.match_indices(keyword) {
        let before_ok = i == 0 || !is_ident(b[i - 1]);
        let after = i + keyword.len();
        if !before_ok || b.get(after) != Some(&b' ') {
            continue;
        }
        let rest = &src[after + 1..];
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}
