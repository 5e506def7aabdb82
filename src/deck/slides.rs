//! Cutting the body into slides, vertical stacks and speaker notes, exactly as HedgeDoc's
//! `reveal-markdown.js` does with its regular expressions (format spec §3, §4), but by
//! hand-written scanning in one linear pass.
//!
//! The JavaScript being mirrored:
//! - separators: `^\n---\n$` and `^\n----\n$` with flags `mg`, searched left to right;
//! - notes: `^note:` with flags `mgi`, used only when it matches exactly once;
//! - the indentation quirk of `getMarkdownFromSlide`, applied to each slide's text.

use super::Slide;

/// Whether a separator starts a new horizontal slide (`---`) or continues a stack (`----`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Horizontal,
    Vertical,
}

/// A slide's text as a byte range of the deck text, before notes and the quirk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Chunk {
    start: usize,
    end: usize,
}

/// One entry of reveal's top-level section list: a leaf or a vertical stack.
enum Entry {
    Leaf(Chunk),
    Stack(Vec<Chunk>),
}

/// Splits `text[body_start..]` into leaf slides with deck line numbers.
pub(super) fn split(text: &str, body_start: usize) -> Vec<Slide> {
    let mut lines = LineCursor::new(text);
    let mut slides = Vec::new();
    for (h, entry) in stack_up(text, body_start).into_iter().enumerate() {
        match entry {
            Entry::Leaf(chunk) => slides.push(make_slide(text, &mut lines, chunk, h, None)),
            Entry::Stack(chunks) => {
                for (v, chunk) in chunks.into_iter().enumerate() {
                    slides.push(make_slide(text, &mut lines, chunk, h, Some(v)));
                }
            }
        }
    }
    slides
}

/// Finds every separator in the body: `(match start, match end, kind)` in deck offsets.
///
/// A match is `\n---\n` or `\n----\n` whose first `\n` starts a line (an empty line before
/// the separator line) and whose end is followed by `\n` or the end of the text (an empty
/// line after it). Matches never overlap; the search resumes at the end of each match, and
/// the body's first position counts as a line start, as `^` does in JavaScript.
fn separators(text: &str, body_start: usize) -> Vec<(usize, usize, Sep)> {
    // Plain byte loops: this runs over every byte of the deck, and stays quick even in
    // unoptimised test builds.
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut p = body_start;
    while p < bytes.len() {
        if bytes[p] == b'\n' && (p == body_start || terminator_ends_at(bytes, p)) {
            let rest = &bytes[p + 1..];
            let kind = if rest.starts_with(b"---\n") {
                Some((5, Sep::Horizontal))
            } else if rest.starts_with(b"----\n") {
                Some((6, Sep::Vertical))
            } else {
                None
            };
            if let Some((len, kind)) = kind
                && (p + len == bytes.len() || terminator_starts_at(bytes, p + len))
            {
                found.push((p, p + len, kind));
                p += len;
                continue;
            }
        }
        p += 1;
    }
    found
}

/// JavaScript's `^` and `$` in multiline mode also break lines at U+2028 and U+2029
/// (CR never reaches this stage: the source stage turned it into LF). Both encode as
/// `E2 80 A8` / `E2 80 A9`.
fn is_ls_ps(bytes: &[u8]) -> bool {
    matches!(bytes, [0xE2, 0x80, 0xA8 | 0xA9])
}

/// Whether a line terminator ends right before byte `p`, so that `^` matches at `p`.
fn terminator_ends_at(bytes: &[u8], p: usize) -> bool {
    p > 0 && (bytes[p - 1] == b'\n' || (p >= 3 && is_ls_ps(&bytes[p - 3..p])))
}

/// Whether a line terminator starts at byte `p`, so that `$` matches at `p`.
fn terminator_starts_at(bytes: &[u8], p: usize) -> bool {
    bytes.get(p) == Some(&b'\n') || bytes.get(p..p + 3).is_some_and(is_ls_ps)
}

/// Groups the chunks between separators into leaves and stacks (HD `slidify`): a `----`
/// opens a stack whose first child is the chunk before it; the next `---` closes it, the
/// chunk before that `---` being the stack's last child.
fn stack_up(text: &str, body_start: usize) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut was_horizontal = true;
    let mut last = body_start;
    for (start, end, kind) in separators(text, body_start) {
        let chunk = Chunk {
            start: last,
            end: start,
        };
        let horizontal = kind == Sep::Horizontal;
        if horizontal && was_horizontal {
            entries.push(Entry::Leaf(chunk));
        } else {
            if !horizontal && was_horizontal {
                entries.push(Entry::Stack(Vec::new()));
            }
            push_to_stack(&mut entries, chunk);
        }
        last = end;
        was_horizontal = horizontal;
    }
    let rest = Chunk {
        start: last,
        end: text.len(),
    };
    if was_horizontal {
        entries.push(Entry::Leaf(rest));
    } else {
        push_to_stack(&mut entries, rest);
    }
    entries
}

/// Appends to the open stack (always the last entry while a stack is open).
fn push_to_stack(entries: &mut Vec<Entry>, chunk: Chunk) {
    match entries.last_mut() {
        Some(Entry::Stack(children)) => children.push(chunk),
        _ => entries.push(Entry::Stack(vec![chunk])),
    }
}

/// Builds one leaf: notes cut off, the indentation quirk applied, lines computed.
fn make_slide(
    text: &str,
    lines: &mut LineCursor<'_>,
    chunk: Chunk,
    h: usize,
    v: Option<usize>,
) -> Slide {
    let raw = &text[chunk.start..chunk.end];
    // Offsets go to the line cursor in increasing order: start, notes, end.
    let first_line = lines.line_of(chunk.start);
    let (content, notes) = match single_note_marker(raw) {
        Some(at) => {
            let after = &raw[at + NOTE_MARKER.len()..];
            let notes = after.trim_matches(is_js_space);
            // The notes' first line is where their text starts; empty notes sit on the
            // marker's line.
            let notes_at = if notes.is_empty() {
                at
            } else {
                raw.len() - after.trim_start_matches(is_js_space).len()
            };
            (
                &raw[..at],
                Some((notes, lines.line_of(chunk.start + notes_at))),
            )
        }
        None => (raw, None),
    };
    let end_line = if chunk.end > chunk.start {
        lines.line_of(chunk.end - 1) + 1
    } else {
        first_line
    };
    // The quirk runs on the slide's template text, which starts with the content (the notes
    // follow inside an `<aside>`), so the content decides the indent for both.
    let indent = Indent::of(content);
    Slide {
        h,
        v,
        markdown: indent.strip(content),
        first_line,
        lines: first_line..end_line,
        notes: notes.map(|(n, _)| indent.strip(n)),
        notes_line: notes.map(|(_, line)| line),
    }
}

/// The notes marker, matched ASCII-case-insensitively at a line start.
const NOTE_MARKER: &str = "note:";

/// The offset of the `note:` marker when the chunk has exactly one (HedgeDoc's
/// `split(/^note:/mgi)` must give two parts).
fn single_note_marker(raw: &str) -> Option<usize> {
    let bytes = raw.as_bytes();
    let marker = NOTE_MARKER.as_bytes();
    let mut found = None;
    for i in 0..bytes.len() {
        // Cheap first-byte test before the line-start and marker checks.
        if bytes[i] | 0x20 != b'n' || (i > 0 && !terminator_ends_at(bytes, i)) {
            continue;
        }
        if bytes
            .get(i..i + marker.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(marker))
        {
            if found.is_some() {
                return None;
            }
            found = Some(i);
        }
    }
    found
}

/// JavaScript's `\s` and `trim()` whitespace.
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{B}' | '\u{C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// The indentation quirk of reveal's `getMarkdownFromSlide` (format spec §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Indent {
    /// Nothing to strip.
    None,
    /// Every `\n?` followed by this many tabs becomes `\n`.
    Tabs(usize),
    /// Every `\n?` followed by this many spaces becomes `\n`.
    Spaces(usize),
}

impl Indent {
    /// Measures the slide text: after one optional leading `\n`, a run of tabs wins; else a
    /// whitespace run (newlines included) of two or more gives that many spaces.
    fn of(text: &str) -> Indent {
        let rest = text.strip_prefix('\n').unwrap_or(text);
        let tabs = rest.bytes().take_while(|&b| b == b'\t').count();
        if tabs > 0 {
            return Indent::Tabs(tabs);
        }
        // Every JavaScript whitespace character is one UTF-16 unit, so chars count as JS does.
        let ws = rest.chars().take_while(|&c| is_js_space(c)).count();
        if ws > 1 {
            Indent::Spaces(ws)
        } else {
            Indent::None
        }
    }

    /// Applies the replacement to `text`, in one pass.
    fn strip(self, text: &str) -> String {
        match self {
            Indent::None => text.to_owned(),
            Indent::Tabs(n) => replace_runs(text, b'\t', n),
            Indent::Spaces(n) => replace_runs(text, b' ', n),
        }
    }
}

/// Replaces every match of the regex `\n?C{n}` (global, leftmost, non-overlapping) by `\n`.
///
/// At an `\n` followed by at least `n` copies of `c`, the match takes the `\n` and `n`
/// copies; elsewhere a run of `c` yields one match per `n` copies and keeps the remainder.
/// Each run is measured at most twice, so the pass is linear.
fn replace_runs(text: &str, c: u8, n: usize) -> String {
    debug_assert!(n > 0 && c.is_ascii());
    let bytes = text.as_bytes();
    let run_at = |i: usize| {
        bytes[i.min(bytes.len())..]
            .iter()
            .take_while(|&&b| b == c)
            .count()
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push('\n');
                i += 1;
                if run_at(i) >= n {
                    i += n;
                }
            }
            b if b == c => {
                let run = run_at(i);
                out.extend(std::iter::repeat_n('\n', run / n));
                out.extend(std::iter::repeat_n(char::from(c), run % n));
                i += run;
            }
            _ => {
                // Copy up to the next byte of interest; both are ASCII, so `i` stays on a
                // character boundary.
                let next = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n' || b == c)
                    .map_or(bytes.len(), |p| i + p);
                out.push_str(&text[i..next]);
                i = next;
            }
        }
    }
    out
}

/// Maps byte offsets of the deck text to 1-based line numbers, for offsets asked in
/// increasing order (as slides are built), so the whole deck is counted once.
struct LineCursor<'a> {
    bytes: &'a [u8],
    /// Offset counted up to, and the line holding it.
    pos: usize,
    line: usize,
}

impl<'a> LineCursor<'a> {
    fn new(text: &'a str) -> Self {
        LineCursor {
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The 1-based line holding the byte at `offset` (a `\n` belongs to the line it ends).
    /// An offset before the last one asked restarts the count (correct, just slower).
    fn line_of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.bytes.len());
        if offset < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        for &b in &self.bytes[self.pos..offset] {
            if b == b'\n' {
                self.line += 1;
            }
        }
        self.pos = offset;
        self.line
    }
}

#[cfg(test)]
mod tests;
