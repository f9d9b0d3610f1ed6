//! tree-sitter helpers shared by the Python and JS/TS front-ends.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::Mutex;

use tree_sitter::{Language as TsLanguage, Node, Parser, Tree};

type FieldId = std::num::NonZeroU16;

use crate::facts::{ParseProblem, Span};

thread_local! {
    /// One parser per language per worker thread, reset before each file.
    static PARSERS: RefCell<HashMap<&'static str, Parser>> = RefCell::new(HashMap::new());
}

type AddrHash = std::hash::BuildHasherDefault<AddrHasher>;

/// Addresses hashed by a multiply-xorshift: the key is already unique.
#[derive(Default)]
pub struct AddrHasher(u64);

impl std::hash::Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

// What the front-ends ask of every node, answered from tables built once per grammar (known
// by its address): tree-sitter measures and UTF-8-checks a C string for every `kind()` and
// every grammar `name()`, and looks a field name up by a linear scan of `strncmp`s; together
// they were a twentieth of a run.
thread_local! {
    /// Field ids by (grammar address, address of the `'static` field name asked for).
    static FIELD_IDS: RefCell<HashMap<(usize, usize), Option<FieldId>, AddrHash>> =
        RefCell::new(HashMap::default());
    /// The kind names of the grammar last asked on this thread, by its address: a file is
    /// walked by one thread in one grammar, so nearly every node finds its table here.
    static LAST_KINDS: Cell<(usize, &'static [&'static str])> = const { Cell::new((0, &[])) };
}

/// Kind names by kind id, per grammar address: built and leaked once per grammar.
static KINDS: Mutex<Vec<(usize, &'static [&'static str])>> = Mutex::new(Vec::new());

/// A grammar's address, which is what `Language` hashes and compares; 0 if that ever
/// changes, and then no table is used.
fn address(lang: &TsLanguage) -> usize {
    struct Address(usize);
    impl std::hash::Hasher for Address {
        fn finish(&self) -> u64 {
            self.0 as u64
        }
        fn write(&mut self, _: &[u8]) {
            self.0 = 0;
        }
        fn write_usize(&mut self, n: usize) {
            self.0 = n;
        }
    }
    let mut a = Address(0);
    std::hash::Hash::hash(lang, &mut a);
    a.0
}

/// The kind-name table of the grammar at `at`, made the thread's current one.
fn kinds_of(lang: &TsLanguage, at: usize) -> &'static [&'static str] {
    if at == 0 {
        return &[];
    }
    let mut all = KINDS.lock().unwrap_or_else(|e| e.into_inner());
    let kinds = match all.iter().find(|(a, _)| *a == at) {
        Some((_, k)) => *k,
        None => {
            let k: Vec<&'static str> = (0..lang.node_kind_count())
                .map(|id| lang.node_kind_for_id(id as u16).unwrap_or(""))
                .collect();
            let k: &'static [&'static str] = Box::leak(k.into_boxed_slice());
            all.push((at, k));
            k
        }
    };
    LAST_KINDS.set((at, kinds));
    kinds
}

/// Fast accessors for a node, from per-grammar tables (`FIELD_IDS`, `LAST_KINDS`).
pub trait NodeExt<'t> {
    /// `child_by_field_name`.
    fn field(&self, name: &'static str) -> Option<Node<'t>>;
    /// `kind`.
    fn kind_name(&self) -> &'static str;
}

impl<'t> NodeExt<'t> for Node<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>> {
        let lang = self.language();
        let at = address(&lang);
        if at == 0 {
            return self.child_by_field_name(name);
        }
        let id = FIELD_IDS.with(|ids| {
            *ids.borrow_mut()
                .entry((at, name.as_ptr() as usize))
                .or_insert_with(|| lang.field_id_for_name(name))
        });
        id.and_then(|id| self.child_by_field_id(id.get()))
    }

    #[inline]
    fn kind_name(&self) -> &'static str {
        let lang = self.language();
        let at = address(&lang);
        let (last, kinds) = LAST_KINDS.get();
        let kinds = if last == at && at != 0 {
            kinds
        } else {
            kinds_of(&lang, at)
        };
        kinds
            .get(self.kind_id() as usize)
            .copied()
            .unwrap_or_else(|| self.kind())
    }
}

pub fn parse(key: &'static str, lang: impl Fn() -> TsLanguage, src: &str) -> Option<Tree> {
    PARSERS.with(|cell| {
        let mut map = cell.borrow_mut();
        let parser = map.entry(key).or_insert_with(|| {
            let mut p = Parser::new();
            p.set_language(&lang())
                .expect("grammar version is compatible");
            p
        });
        parser.reset();
        let bytes = src.as_bytes();
        // The per-file budget also bounds parsing: a huge or pathological file stops here.
        let mut past_budget = |_: &tree_sitter::ParseState| {
            if crate::budget::check_now() {
                std::ops::ControlFlow::Break(())
            } else {
                std::ops::ControlFlow::Continue(())
            }
        };
        parser.parse_with_options(
            &mut |i, _| bytes.get(i..).unwrap_or_default(),
            None,
            Some(tree_sitter::ParseOptions::new().progress_callback(&mut past_budget)),
        )
    })
}

pub fn span(n: Node) -> Span {
    Span::new(n.start_byte(), n.end_byte())
}

pub fn text<'a>(n: Node, src: &'a str) -> &'a str {
    src.get(n.byte_range()).unwrap_or("")
}

/// Pre-order walk of every node, iteratively: the input's nesting never reaches the stack.
pub fn walk<'t>(root: Node<'t>, mut f: impl FnMut(Node<'t>)) {
    walk_with_ancestors(root, |n, _| f(n));
}

/// How many ancestors a front-end keeps for the node it visits: enough to see the call
/// around an argument (`logger.error(new Error(…))`, `raise X(Y(email))`).
pub const NEAR_ANCESTORS: usize = 8;

/// The nearest [`NEAR_ANCESTORS`] of `ancestors` (outermost first), parent first, into `near`.
pub fn keep_nearest<'t>(ancestors: &[Node<'t>], near: &mut Vec<Node<'t>>) {
    near.clear();
    near.extend(ancestors.iter().rev().take(NEAR_ANCESTORS));
}

/// Whether a node sits where a request is known to have gone wrong, within its function: in
/// an exception handler (`handler`: `except_clause`, `catch_clause`), or under an `if` (or
/// `elif`) that tests a status, an `ok` flag or an error. A response's body there is the
/// endpoint's complaint (`if resp.status_code >= 300: log.debug(resp.text)`), not what it
/// answers on success; an `if resp.ok:` branch is taken for one too, and so missed.
pub fn in_failure_branch(near: &[Node], src: &str, handler: &str) -> bool {
    near.iter()
        .take_while(|a| !a.kind_name().contains("function") && !a.kind_name().contains("method"))
        .any(|a| {
            a.kind_name() == handler
                || matches!(a.kind_name(), "if_statement" | "elif_clause")
                    && a.field("condition").is_some_and(|c| {
                        text(c, src)
                            .split(|ch: char| !ch.is_ascii_alphanumeric() && ch != '_')
                            .any(|w| {
                                let w = w.to_ascii_lowercase();
                                w == "ok" || w.contains("status") || w.contains("error")
                            })
                    })
        })
}

/// [`walk`], handing each node its ancestors too (outermost first): tree-sitter's `parent()`
/// descends from the root, so asking it for every node of a deeply nested file is quadratic.
pub fn walk_with_ancestors<'t>(root: Node<'t>, mut f: impl FnMut(Node<'t>, &[Node<'t>])) {
    let mut cursor = root.walk();
    let mut ancestors: Vec<Node<'t>> = Vec::new();
    loop {
        if crate::budget::exhausted() {
            return;
        }
        let n = cursor.node();
        f(n, &ancestors);
        if cursor.goto_first_child() {
            ancestors.push(n);
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
            ancestors.pop();
        }
    }
}

/// Syntax errors, at most a few per file: enough to point at the problem.
pub fn syntax_problems(root: Node, src: &str, out: &mut Vec<ParseProblem>) {
    if !root.has_error() {
        return;
    }
    let mut count = 0usize;
    walk(root, |n| {
        if (n.is_error() || n.is_missing()) && count < 3 {
            count += 1;
            let what = if n.is_missing() {
                format!("missing `{}`", n.kind_name())
            } else {
                format!("unexpected {}", token_shown(text(n, src)))
            };
            out.push(ParseProblem {
                span: span(n),
                message: format!("syntax error: {what}; the rest of the file was analysed"),
            });
        }
    });
}

/// What a syntax error met, without repeating a literal: a string or number is named by its
/// kind, a word or punctuation quoted.
fn token_shown(t: &str) -> String {
    let t = t.trim_start();
    match t.chars().next() {
        None => "end of input".into(),
        Some('"' | '\'' | '`') => "a string literal".into(),
        Some(c) if c.is_ascii_digit() => "a number".into(),
        Some(c) if c.is_alphabetic() || c == '_' || c == '$' => {
            let w: String = t
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                .take(30)
                .collect();
            format!("`{w}`")
        }
        Some(_) => {
            let p: String = t
                .chars()
                .take_while(|c| c.is_ascii_punctuation() && !matches!(c, '"' | '\'' | '`'))
                .take(3)
                .collect();
            if p.is_empty() {
                "a character".into()
            } else {
                format!("`{p}`")
            }
        }
    }
}

/// String literal contents without quotes or prefixes: `r"x"`, `'x'`, `"""x"""`.
pub fn unquote(s: &str) -> &str {
    // A string prefix (`r`, `b`, `f`, `rb`…) only counts in front of a quote.
    let prefix = s.find(['"', '\'', '`']).unwrap_or(0);
    let s = if prefix <= 3 && s[..prefix].chars().all(|c| c.is_ascii_alphabetic()) {
        &s[prefix..]
    } else {
        s
    };
    for q in ["\"\"\"", "'''", "\"", "'", "`"] {
        if let Some(inner) = s.strip_prefix(q).and_then(|x| x.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// Node-kind flags a front-end's [`KindTable`] holds.
pub const STATEMENT: u8 = 1;
pub const ACTION: u8 = 2;
pub const FUNCTION: u8 = 4;
/// Kinds the data-model extractor looks at.
pub const MODEL: u8 = 8;

/// How a loop walks a map: `for k in m`, `for k, v in m.items()`, `for v in m.values()`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Walk {
    Keys,
    Entries,
    Values,
}

/// A loop over a map: the loop node, its pattern (`k, v`, `[k, v]`, `v`), the map's node and
/// how it is walked.
pub struct MapLoop<'t> {
    pub node: Node<'t>,
    pub pattern: Node<'t>,
    pub map: Node<'t>,
    pub walk: Walk,
}

/// Loops over a secret map's keys (`for name in os.environ`, `for (const h in req.headers)`),
/// so that reading the map by the loop's key (`os.environ[name]`) inside the loop reads every
/// value: the map whole.
#[derive(Default)]
pub struct MapLoops<'a> {
    /// (loop body's byte range, key variable, the map as written).
    keys: Vec<(usize, usize, &'a str, &'a str)>,
}

impl<'a> MapLoops<'a> {
    /// A loop over a map holding `refs`, in `scope`. Only what the map is known to hold by
    /// where it comes from counts (a map judged by its name says nothing certain of its
    /// values): over its entries or values, the value variable holds it; over its keys, a key
    /// is only a name, but the map read by it inside the loop is every value.
    pub fn bind(
        &mut self,
        l: MapLoop,
        refs: Vec<crate::facts::DataRef>,
        src: &'a str,
        flows: &mut crate::facts::LocalFlows,
        scope: usize,
    ) {
        if l.walk != Walk::Keys {
            if let Some(var) = value_var(l.walk, l.pattern) {
                flows.record_loop_value(scope, text(var, src), refs);
            }
            return;
        }
        if let (Some(body), "identifier") = (l.node.field("body"), l.pattern.kind_name()) {
            if refs.iter().any(|r| r.source.is_some()) {
                self.keys.push((
                    body.start_byte(),
                    body.end_byte(),
                    text(l.pattern, src),
                    text(l.map, src),
                ));
            }
        }
    }

    /// The map's node, when `n` (a subscript with these fields) reads the map by the key of a
    /// loop around it.
    pub fn map_read<'t>(
        &self,
        n: Node<'t>,
        src: &str,
        object: &'static str,
        index: &'static str,
    ) -> Option<Node<'t>> {
        if self.keys.is_empty() {
            return None;
        }
        let (map, key) = (n.field(object)?, n.field(index)?);
        let (m, k, at) = (text(map, src), text(key, src), n.start_byte());
        self.keys
            .iter()
            .any(|&(s, e, key, map)| s <= at && at < e && key == k && map == m)
            .then_some(map)
    }
}

/// The variable of a loop over a map's entries or values that holds each value: the second
/// identifier of a pair (`k, v`, `[k, v]`) or the one identifier over the values.
fn value_var(walk: Walk, pattern: Node<'_>) -> Option<Node<'_>> {
    let var = match walk {
        Walk::Entries => {
            let parts: Vec<Node> = named_children(pattern).collect();
            match parts[..] {
                [_, v] => v,
                _ => return None,
            }
        }
        Walk::Values => pattern,
        Walk::Keys => return None,
    };
    (var.kind_name() == "identifier").then_some(var)
}

/// A node's named children, by cursor: `named_child(i)` walks from the first child each time,
/// so indexing through an array of 100,000 elements would be quadratic.
pub fn named_children<'t>(n: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    let mut cursor = n.walk();
    let mut started = false;
    std::iter::from_fn(move || loop {
        let moved = if started {
            cursor.goto_next_sibling()
        } else {
            started = true;
            cursor.goto_first_child()
        };
        if !moved {
            // Stays at the last child: every later call also finds no next sibling.
            return None;
        }
        if cursor.node().is_named() {
            return Some(cursor.node());
        }
    })
}

/// The functions enclosing the node being walked, kept during a pre-order walk: no
/// `parent()` lookups (tree-sitter answers those by descending from the root).
#[derive(Default)]
pub struct Scopes {
    open: Vec<(usize, usize)>,
}

impl Scopes {
    /// Call for every node in pre-order, with whether it starts a function.
    pub fn enter(&mut self, n: Node, is_function: bool) {
        let start = n.start_byte();
        while self.open.last().is_some_and(|&(end, _)| start >= end) {
            self.open.pop();
        }
        if is_function {
            self.open.push((n.end_byte(), start + 1));
        }
    }

    /// The innermost function (its start byte + 1), 0 at module level.
    pub fn current(&self) -> usize {
        self.open.last().map_or(0, |s| s.1)
    }

    /// The enclosing functions, innermost first, then the module: where a closure finds the
    /// variables it captures. Only the nearest few: a lookup per use through every level of
    /// 20,000 nested callbacks was quadratic (over 10 s on an 800 KB file), and real
    /// closures capture from a handful of levels up.
    pub fn enclosing(&self) -> impl Iterator<Item = usize> + '_ {
        const CAPTURE_LEVELS: usize = 8;
        let nearest = self.open.iter().rev().take(CAPTURE_LEVELS);
        nearest.map(|s| s.1).chain(std::iter::once(0))
    }
}

/// The classes enclosing the node being walked, kept like [`Scopes`]: `self`/`this` name the
/// class without a `parent()` climb per access (quadratic in nesting depth).
#[derive(Default)]
pub struct Classes {
    open: Vec<(usize, String)>,
}

impl Classes {
    /// Call for every node in pre-order, with whether it declares a class.
    pub fn enter(&mut self, n: Node, src: &str, is_class: bool) {
        let start = n.start_byte();
        while self.open.last().is_some_and(|(end, _)| start >= *end) {
            self.open.pop();
        }
        if is_class {
            let name = n.child_by_field_name("name").map_or("", |x| text(x, src));
            self.open.push((n.end_byte(), name.to_string()));
        }
    }

    /// The name of the innermost class around the node being walked, if it has one.
    pub fn current(&self) -> Option<String> {
        self.open
            .last()
            .filter(|(_, name)| !name.is_empty())
            .map(|(_, name)| name.clone())
    }
}

/// Per-grammar table from a node's `kind_id` to what a front-end does with it, so the walk
/// over every node costs one array lookup instead of string comparisons.
pub struct KindTable {
    table: Vec<u8>,
}

impl KindTable {
    pub fn new(lang: &TsLanguage, classify: impl Fn(&str) -> u8) -> KindTable {
        let table = (0..lang.node_kind_count())
            .map(|id| {
                let id = id as u16;
                match lang.node_kind_for_id(id) {
                    Some(name) if lang.node_kind_is_named(id) => classify(name),
                    _ => 0,
                }
            })
            .collect();
        KindTable { table }
    }

    pub fn get(&self, n: Node) -> u8 {
        self.table.get(n.kind_id() as usize).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::unquote;

    #[test]
    fn unquotes_only_strings() {
        assert_eq!(unquote("\"email\""), "email");
        assert_eq!(unquote("rb'x'"), "x");
        assert_eq!(unquote("f\"\"\"doc\"\"\""), "doc");
        assert_eq!(unquote("phone"), "phone");
        assert_eq!(unquote("`t`"), "t");
    }
}
