//! Which bind parameter fills which column of an `INSERT` (`INSERT INTO visits (origin,
//! path) VALUES ($1, $2)`): what a query built in code (sqlx `query!`, `query(…).bind(…)`)
//! writes where.

use super::lex::{lex, Kind, Tok};

/// An `INSERT`'s table and, for each column filled by a lone placeholder (`$2`, `?`,
/// `?3`), the 0-based index of the bound argument.
#[derive(Debug, PartialEq, Eq)]
pub struct Insert {
    pub table: String,
    pub columns: Vec<(String, usize)>,
}

pub fn insert(sql: &str) -> Option<Insert> {
    let toks = lex(sql, &mut Vec::new());
    let mut i = toks.iter().position(|t| t.is("insert"))?;
    while i < toks.len() && !toks[i].is("into") {
        i += 1; // `INSERT OR REPLACE INTO`, `INSERT IGNORE INTO`
    }
    let mut table = toks.get(i + 1)?.ident()?.to_string();
    i += 2;
    while toks.get(i).is_some_and(|t| t.text == ".") {
        table = toks.get(i + 1)?.ident()?.to_string(); // `public.visits`
        i += 2;
    }
    let (cols, next) = list(&toks, i)?;
    if !toks.get(next)?.is("values") {
        return None;
    }
    let (values, _) = list(&toks, next + 1)?;
    let mut anonymous = 0;
    let mut columns = Vec::new();
    for (col, val) in cols.iter().zip(&values) {
        let [name] = col[..] else { continue };
        let Some(name) = name.ident() else { continue };
        let index = match val[..] {
            [q] if q.text == "?" => {
                anonymous += 1;
                Some(anonymous - 1)
            }
            [p, n] if (p.text == "$" || p.text == "?") && n.kind == Kind::Word => {
                n.text.parse::<usize>().ok().and_then(|n| n.checked_sub(1))
            }
            _ => None,
        };
        if let Some(index) = index {
            columns.push((name.to_string(), index));
        }
    }
    Some(Insert { table, columns })
}

/// A parenthesised, comma-separated list starting at `i`: its items' tokens, and the index
/// after the closing parenthesis.
fn list<'t, 'a>(toks: &'t [Tok<'a>], i: usize) -> Option<(Vec<Vec<&'t Tok<'a>>>, usize)> {
    if toks.get(i)?.text != "(" {
        return None;
    }
    let mut items = vec![Vec::new()];
    let mut depth = 0;
    for (j, t) in toks.iter().enumerate().skip(i + 1) {
        match t.text {
            "(" => depth += 1,
            ")" if depth == 0 => return Some((items, j + 1)),
            ")" => depth -= 1,
            "," if depth == 0 => {
                items.push(Vec::new());
                continue;
            }
            _ => {}
        }
        items.last_mut()?.push(t);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_matched_with_their_placeholders() {
        let i = insert("INSERT INTO visits (origin, path, at) VALUES ($2, $1, now())").unwrap();
        assert_eq!(i.table, "visits");
        assert_eq!(i.columns, vec![("origin".into(), 1), ("path".into(), 0)]);
        let i = insert("insert or ignore into `app`.`hits` (`ip`, ua) values (?, ?)").unwrap();
        assert_eq!(i.table, "hits");
        assert_eq!(i.columns, vec![("ip".into(), 0), ("ua".into(), 1)]);
        assert_eq!(insert("SELECT 1"), None);
        assert_eq!(insert("INSERT INTO t (a, b"), None);
    }
}
