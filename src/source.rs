//! Byte offsets ↔ 1-based lines and (character) columns.

#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    pub fn new(src: &str) -> LineIndex {
        let mut starts = vec![0u32];
        let b = src.as_bytes();
        // `\n` ends a line, and so does a lone `\r` (classic Mac files), as editors count them.
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', b)
                .filter(|&i| b[i] == b'\n' || b.get(i + 1) != Some(&b'\n'))
                .map(|i| i as u32 + 1),
        );
        LineIndex {
            starts,
            len: src.len() as u32,
        }
    }

    /// Number of lines (a final line without a newline counts).
    pub fn count(&self) -> usize {
        let trailing = self.starts.len() > 1 && self.starts.last() == Some(&self.len);
        self.starts.len() - usize::from(trailing)
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: u32) -> u32 {
        match self.starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    pub fn line_start(&self, line: u32) -> u32 {
        self.starts[(line.max(1) - 1) as usize]
    }

    /// 1-based (line, column); the column counts characters, as editors do.
    pub fn position(&self, src: &str, offset: u32) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.line_start(line) as usize;
        let end = (offset as usize).min(src.len());
        let col = src
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        (line, col as u32 + 1)
    }
}

/// A byte of an identifier in any of the code languages, as the byte-level passes (the lexical
/// tier, the grammar workarounds) see one: ASCII letters, digits, `_`, `$`, and every byte of a
/// non-ASCII character, so that a run of them always ends at a char boundary.
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary: a byte limit
/// never splits a multi-byte character.
pub fn prefix(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `s[start..end]` widened to char boundaries, clamped to the string: never panics.
pub fn slice(s: &str, start: usize, end: usize) -> &str {
    let mut a = start.min(s.len());
    while !s.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = end.clamp(a, s.len());
    while !s.is_char_boundary(b) {
        b += 1;
    }
    &s[a..b]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_never_split_a_character() {
        let s = "aé b";
        assert_eq!(slice(s, 2, 3), "é");
        assert_eq!(slice(s, 0, 99), s);
        assert_eq!(slice(s, 9, 3), "");
    }

    #[test]
    fn positions() {
        let src = "ab\ncé d\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(src, 0), (1, 1));
        assert_eq!(idx.position(src, 3), (2, 1));
        assert_eq!(idx.position(src, 7), (2, 4));
        assert_eq!(idx.line(2), 1);
        assert_eq!(idx.count(), 2);
        assert_eq!(LineIndex::new("a\nb").count(), 2);
        assert_eq!(LineIndex::new("").count(), 1);
    }

    #[test]
    fn prefix_never_splits_a_character() {
        assert_eq!(super::prefix("aé", 2), "a");
        assert_eq!(super::prefix("aé", 3), "aé");
        assert_eq!(super::prefix("abc", 10), "abc");
    }
}
