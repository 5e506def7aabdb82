//! Unit tests of the scanning helpers; whole-deck behaviour is tested in `deck/tests.rs`.

use super::*;

fn seps(body: &str) -> Vec<(usize, usize, Sep)> {
    separators(body, 0)
}

#[test]
fn separator_match_covers_blank_line_and_separator_line() {
    // "A\n" | "\n---\n" | "\nB"
    assert_eq!(seps("A\n\n---\n\nB"), vec![(2, 7, Sep::Horizontal)]);
    assert_eq!(seps("A\n\n----\n\nB"), vec![(2, 8, Sep::Vertical)]);
}

#[test]
fn separator_at_end_of_text() {
    assert_eq!(seps("A\n\n---\n"), vec![(2, 7, Sep::Horizontal)]);
    // No newline after the dashes: the regex needs one.
    assert!(seps("A\n\n---").is_empty());
}

#[test]
fn separator_at_body_start_counts_as_line_start() {
    assert_eq!(seps("\n---\n\nA"), vec![(0, 5, Sep::Horizontal)]);
    // With a body offset, the position before it is not looked at.
    let text = "xyz\n---\n\nA";
    assert_eq!(separators(text, 3), vec![(3, 8, Sep::Horizontal)]);
}

#[test]
fn back_to_back_separators_share_the_blank_line() {
    assert_eq!(
        seps("A\n\n---\n\n---\n\nB"),
        vec![(2, 7, Sep::Horizontal), (7, 12, Sep::Horizontal)]
    );
}

#[test]
fn dashes_that_are_not_separators() {
    for body in [
        "A\n---\n\nB",     // no blank line before
        "A\n\n---\nB",     // no blank line after
        "A\n\n--- \n\nB",  // trailing space
        "A\n\n ---\n\nB",  // leading space
        "A\n\n-----\n\nB", // five dashes
        "A\n\n***\n\nB",
        "A\n\n___\n\nB",
        "A\n \n---\n\nB", // whitespace-only line before
        "A\n\n---\n \nB", // whitespace-only line after
    ] {
        assert!(seps(body).is_empty(), "{body:?}");
    }
}

#[test]
fn unicode_line_separators_count_as_line_ends() {
    // JavaScript's `^`/`$` in multiline mode also break at U+2028 and U+2029.
    assert_eq!(seps("A\u{2028}\n---\n\u{2029}B").len(), 1);
}

fn entries_shape(body: &str) -> Vec<Vec<String>> {
    stack_up(body, 0)
        .into_iter()
        .map(|entry| match entry {
            Entry::Leaf(c) => vec![format!("leaf:{}", &body[c.start..c.end])],
            Entry::Stack(cs) => cs.iter().map(|c| body[c.start..c.end].to_owned()).collect(),
        })
        .collect()
}

#[test]
fn stacks_follow_slidify() {
    let body = "A\n\n---\n\nB\n\n----\n\nC\n\n---\n\nD";
    assert_eq!(
        entries_shape(body),
        vec![
            vec!["leaf:A\n".to_owned()],
            vec!["\nB\n".to_owned(), "\nC\n".to_owned()],
            vec!["leaf:\nD".to_owned()],
        ]
    );
}

#[test]
fn deck_ending_inside_a_stack() {
    let body = "A\n\n----\n\nB\n\n----\n\nC";
    assert_eq!(
        entries_shape(body),
        vec![vec!["A\n".to_owned(), "\nB\n".to_owned(), "\nC".to_owned()]]
    );
}

#[test]
fn indent_measure() {
    assert_eq!(Indent::of("# a"), Indent::None);
    assert_eq!(Indent::of("\n# a"), Indent::None);
    assert_eq!(Indent::of("\n\n# a"), Indent::None); // one newline after the optional one
    assert_eq!(Indent::of("\n\n\n# a"), Indent::Spaces(2));
    assert_eq!(Indent::of("\n    # a"), Indent::Spaces(4));
    assert_eq!(Indent::of("  # a"), Indent::Spaces(2));
    assert_eq!(Indent::of("\n\t\t# a"), Indent::Tabs(2));
    assert_eq!(Indent::of("\t \t# a"), Indent::Tabs(1));
    assert_eq!(Indent::of("\n\n\t# a"), Indent::Spaces(2)); // tabs only right after the `\n?`
    assert_eq!(Indent::of("\n \u{A0}x"), Indent::Spaces(2)); // JS `\s` includes NBSP
    assert_eq!(Indent::of(""), Indent::None);
    assert_eq!(Indent::of("\n"), Indent::None);
}

#[test]
fn replace_runs_mirrors_the_regex() {
    // `\n? {2}` → `\n`
    assert_eq!(replace_runs("a\n  b", b' ', 2), "a\nb");
    assert_eq!(replace_runs("a  b", b' ', 2), "a\nb");
    assert_eq!(replace_runs("a   b", b' ', 2), "a\n b");
    assert_eq!(replace_runs("a\n     b", b' ', 2), "a\n\n b");
    assert_eq!(replace_runs("a\n b", b' ', 2), "a\n b");
    assert_eq!(replace_runs("a b", b' ', 2), "a b");
    assert_eq!(replace_runs("  ", b' ', 2), "\n");
    assert_eq!(replace_runs("\n\n  x", b' ', 2), "\n\nx");
    // `\n?\t{1}` → `\n`: every tab becomes a line break, `\n\t` a single one.
    assert_eq!(replace_runs("\n\tx\n\t\ty\tz", b'\t', 1), "\nx\n\ny\nz");
    // Multi-byte text between matches is copied intact.
    assert_eq!(replace_runs("ä  ö\n  ü", b' ', 2), "ä\nö\nü");
    assert_eq!(replace_runs("", b' ', 3), "");
}

#[test]
fn note_marker_positions() {
    assert_eq!(single_note_marker("a\nnote: x"), Some(2));
    assert_eq!(single_note_marker("Note: x"), Some(0));
    assert_eq!(single_note_marker("a\nNOTE:x"), Some(2));
    assert_eq!(single_note_marker("a\nnote: x\nnote: y"), None);
    assert_eq!(single_note_marker("a\n note: x"), None);
    assert_eq!(single_note_marker("a\nnotes: x"), None);
    assert_eq!(single_note_marker("x note: y"), None);
    assert_eq!(single_note_marker("a\nnote"), None);
    assert_eq!(single_note_marker("a\u{2028}note: x"), Some(4));
    assert_eq!(single_note_marker(""), None);
}

#[test]
fn line_cursor() {
    let mut lines = LineCursor::new("ab\ncd\n\nef");
    assert_eq!(lines.line_of(0), 1);
    assert_eq!(lines.line_of(2), 1); // the `\n` ending line 1
    assert_eq!(lines.line_of(3), 2);
    assert_eq!(lines.line_of(6), 3);
    assert_eq!(lines.line_of(7), 4);
    assert_eq!(lines.line_of(9), 4); // end of text
    assert_eq!(lines.line_of(50), 4); // past the end: clamped
    // Going back restarts the count.
    assert_eq!(lines.line_of(3), 2);
    assert_eq!(lines.line_of(0), 1);
}

#[test]
fn js_space_set() {
    for c in [
        '\t', '\n', '\u{B}', '\u{C}', '\r', ' ', '\u{A0}', '\u{2003}', '\u{FEFF}',
    ] {
        assert!(is_js_space(c), "{c:?}");
    }
    for c in ['a', '\u{85}', '\u{200B}', '-'] {
        assert!(!is_js_space(c), "{c:?}");
    }
}
