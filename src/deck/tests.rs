//! Whole-deck tests of [`parse`]: one test per rule of the format spec §2–§4, line
//! numbers, the seed deck's structure, odd inputs and speed.

use super::*;
use crate::diag::Warning;
use crate::source;

fn parse_all(text: &str) -> (Deck, Vec<Warning>) {
    let mut sink = Sink::new();
    let deck = parse(text, &mut sink);
    check_invariants(text, &deck);
    (deck, sink.warnings())
}

fn slides(text: &str) -> Vec<Slide> {
    parse_all(text).0.slides
}

fn markdowns(text: &str) -> Vec<String> {
    slides(text).into_iter().map(|s| s.markdown).collect()
}

fn labels(deck: &Deck) -> Vec<String> {
    deck.slides.iter().map(Slide::label).collect()
}

/// Facts that hold for every parse, whatever the input.
fn check_invariants(text: &str, deck: &Deck) {
    assert!(!deck.slides.is_empty(), "at least one slide");
    let last_line = text.matches('\n').count() + 1;
    let mut prev: Option<&Slide> = None;
    for slide in &deck.slides {
        assert_eq!(slide.first_line, slide.lines.start);
        assert!(slide.lines.start <= slide.lines.end);
        assert!(slide.lines.start >= 1 && slide.lines.end <= last_line + 1);
        if let Some(line) = slide.notes_line {
            assert!(slide.lines.contains(&line), "notes inside the slide");
        }
        if let Some(p) = prev {
            assert!(p.lines.end <= slide.lines.start, "slides do not overlap");
            let next_h = p.h == slide.h || p.h + 1 == slide.h;
            assert!(next_h, "h grows by at most one");
            if p.h == slide.h {
                assert_eq!(slide.v, p.v.map(|v| v + 1), "v counts up inside a stack");
            } else {
                assert!(matches!(slide.v, None | Some(0)));
            }
        } else {
            assert_eq!(slide.h, 0);
        }
        prev = Some(slide);
    }
}

// ---- §3 separators ----

#[test]
fn separator_splits_slides() {
    assert_eq!(markdowns("A\n\n---\n\nB"), ["A\n", "\nB"]);
}

#[test]
fn separator_needs_blank_line_before() {
    assert_eq!(markdowns("A\n---\n\nB"), ["A\n---\n\nB"]);
}

#[test]
fn separator_needs_blank_line_after() {
    assert_eq!(markdowns("A\n\n---\nB"), ["A\n\n---\nB"]);
}

#[test]
fn separator_at_end_of_text_needs_only_its_newline() {
    assert_eq!(markdowns("A\n\n---\n"), ["A\n", ""]);
    assert_eq!(markdowns("A\n\n---"), ["A\n\n---"]);
}

#[test]
fn separator_with_trailing_space_is_text() {
    assert_eq!(markdowns("A\n\n--- \n\nB").len(), 1);
    assert_eq!(markdowns("A\n\n---\t\n\nB").len(), 1);
}

#[test]
fn separator_with_leading_space_is_text() {
    assert_eq!(markdowns("A\n\n ---\n\nB").len(), 1);
}

#[test]
fn whitespace_only_line_is_not_a_blank_frame() {
    assert_eq!(markdowns("A\n \n---\n\nB").len(), 1);
    assert_eq!(markdowns("A\n\n---\n \nB").len(), 1);
}

#[test]
fn other_rules_are_never_separators() {
    for rule in ["-----", "***", "___", "- - -", "==="] {
        let text = format!("A\n\n{rule}\n\nB");
        assert_eq!(markdowns(&text), std::slice::from_ref(&text), "{rule}");
    }
}

#[test]
fn separator_inside_code_fence_still_splits() {
    let md = markdowns("```\ncode\n\n---\n\nmore\n```\n");
    assert_eq!(md, ["```\ncode\n", "\nmore\n```\n"]);
}

#[test]
fn back_to_back_separators_make_an_empty_slide() {
    let s = slides("A\n\n---\n\n---\n\nB");
    assert_eq!(s.len(), 3);
    assert_eq!(s[1].markdown, "");
    assert_eq!(s[1].lines, 4..4);
    assert_eq!(s[2].markdown, "\nB");
}

#[test]
fn body_starting_with_separator_gives_empty_first_slide() {
    let s = slides("---\ntitle: T\n---\n---\n\n# A\n");
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].markdown, "");
    assert_eq!(s[1].markdown, "\n# A\n");
    // A note without front matter starting with `\n---\n` does the same.
    assert_eq!(markdowns("\n---\n\nA"), ["", "\nA"]);
}

#[test]
fn only_the_match_is_removed_blank_lines_stay() {
    assert_eq!(markdowns("A\n\n\n\n---\n\n\nB"), ["A\n\n\n", "\n\nB"]);
}

#[test]
fn separator_kinds_and_plain_labels() {
    let deck = parse_all("A\n\n---\n\nB\n\n---\n\nC").0;
    assert_eq!(labels(&deck), ["1", "2", "3"]);
    assert!(deck.slides.iter().all(|s| s.v.is_none()));
}

#[test]
fn vertical_stack_order() {
    let deck = parse_all("A\n\n---\n\nB\n\n----\n\nC\n\n---\n\nD").0;
    let got: Vec<_> = deck
        .slides
        .iter()
        .map(|s| (s.markdown.trim().to_owned(), s.h, s.v))
        .collect();
    let want = [
        ("A".to_owned(), 0, None),
        ("B".to_owned(), 1, Some(0)),
        ("C".to_owned(), 1, Some(1)),
        ("D".to_owned(), 2, None),
    ];
    assert_eq!(got, want);
    assert_eq!(labels(&deck), ["1", "2.1", "2.2", "3"]);
}

#[test]
fn stack_at_start_and_at_end() {
    let deck = parse_all("A\n\n----\n\nB\n\n---\n\nC\n\n----\n\nD\n\n----\n\nE").0;
    assert_eq!(labels(&deck), ["1.1", "1.2", "2.1", "2.2", "2.3"]);
}

#[test]
fn two_stacks_back_to_back() {
    let deck = parse_all("A\n\n----\n\nB\n\n---\n\nC\n\n----\n\nD\n\n---\n\nE").0;
    assert_eq!(labels(&deck), ["1.1", "1.2", "2.1", "2.2", "3"]);
}

#[test]
fn vertical_separator_with_crlf_input() {
    let mut sink = Sink::new();
    let text = source::normalize(b"A\r\n\r\n----\r\n\r\nB\r\n", &mut sink);
    let deck = parse(&text, &mut sink);
    assert_eq!(labels(&deck), ["1.1", "1.2"]);
}

// ---- §3 indentation quirk ----

#[test]
fn indent_quirk_spaces() {
    // Three blank lines after the separator: the chunk is "\n\n\n# T…"; after the optional
    // first "\n" the whitespace run is 2, so every "\n?" + 2 spaces becomes "\n".
    let md = markdowns("X\n\n---\n\n\n\n# T\n  - a\n    - b\na  b");
    assert_eq!(md[1], "\n\n\n# T\n- a\n\n- b\na\nb");
}

#[test]
fn indent_quirk_needs_a_run_of_two() {
    // Two blank lines: the run after the optional "\n" is 1, nothing changes.
    let md = markdowns("X\n\n---\n\n\n# T\n  - a\n    - b");
    assert_eq!(md[1], "\n\n# T\n  - a\n    - b");
}

#[test]
fn indent_quirk_leading_spaces() {
    let md = markdowns("    # T\n    text\n        code");
    assert_eq!(md[0], "\n# T\ntext\n\ncode");
}

#[test]
fn indent_quirk_tabs() {
    let md = markdowns("\t# T\n\t- a\n\t\t- b\nx\ty");
    assert_eq!(md[0], "\n# T\n- a\n\n- b\nx\ny");
}

#[test]
fn indent_quirk_tabs_after_newline() {
    let md = markdowns("X\n\n---\n\n\t# T\n\t\tcode");
    assert_eq!(md[1], "\n# T\n\ncode");
}

#[test]
fn indent_quirk_applies_to_notes_too() {
    let s = slides("  # T\nnote: a  b");
    assert_eq!(s[0].markdown, "\n# T\n");
    assert_eq!(s[0].notes.as_deref(), Some("a\nb"));
}

// ---- §4 notes ----

#[test]
fn notes_only_with_single_marker() {
    let s = slides("# T\n\nnote: say hi\n");
    assert_eq!(s[0].markdown, "# T\n\n");
    assert_eq!(s[0].notes.as_deref(), Some("say hi"));
    let s = slides("# T\nnote: one\nnote: two\n");
    assert_eq!(s[0].markdown, "# T\nnote: one\nnote: two\n");
    assert_eq!(s[0].notes, None);
    assert_eq!(s[0].notes_line, None);
}

#[test]
fn notes_marker_is_case_insensitive() {
    for marker in ["note:", "Note:", "NOTE:", "nOtE:"] {
        let s = slides(&format!("# T\n{marker} hi"));
        assert_eq!(s[0].notes.as_deref(), Some("hi"), "{marker}");
    }
    // Two markers in different cases still count as two.
    assert_eq!(slides("# T\nNote: a\nNOTE: b")[0].notes, None);
}

#[test]
fn notes_plural_is_not_a_marker() {
    let s = slides("# T\nNotes: hi");
    assert_eq!(s[0].notes, None);
    assert_eq!(s[0].markdown, "# T\nNotes: hi");
}

#[test]
fn notes_marker_must_start_the_line() {
    assert_eq!(slides("# T\n note: hi")[0].notes, None);
    assert_eq!(slides("# T\nx note: hi")[0].notes, None);
    assert_eq!(slides("# T\n> note: hi")[0].notes, None);
}

#[test]
fn notes_take_everything_to_the_end_of_the_slide_trimmed() {
    let s = slides("# T\nnote:\n\n  first\n\nsecond  \n\n\n---\n\n# U");
    assert_eq!(s[0].markdown, "# T\n");
    assert_eq!(s[0].notes.as_deref(), Some("first\n\nsecond"));
    assert_eq!(s[1].notes, None);
}

#[test]
fn notes_marker_first_in_slide() {
    let s = slides("note: only notes");
    assert_eq!(s[0].markdown, "");
    assert_eq!(s[0].notes.as_deref(), Some("only notes"));
}

#[test]
fn notes_marker_with_nothing_after_gives_empty_notes() {
    let s = slides("# T\nnote:\n");
    assert_eq!(s[0].notes.as_deref(), Some(""));
    assert_eq!(s[0].notes_line, Some(2));
}

#[test]
fn notes_are_not_code_aware() {
    let s = slides("```\nnote: in code\n```");
    assert_eq!(s[0].markdown, "```\n");
    assert_eq!(s[0].notes.as_deref(), Some("in code\n```"));
}

#[test]
fn notes_are_per_slide() {
    let s = slides("A\nnote: a\n\n---\n\nB\nnote: b\n\n----\n\nC\nNote: c1\nnote: c2");
    let notes: Vec<_> = s.iter().map(|s| s.notes.as_deref()).collect();
    assert_eq!(notes, [Some("a"), Some("b"), None]);
}

// ---- line numbers ----

#[test]
fn line_numbers_without_front_matter() {
    // 1 A / 2 "" / 3 --- / 4 "" / 5 B / 6 B2 / 7 "" / 8 ---- / 9 "" / 10 C
    let s = slides("A\n\n---\n\nB\nB2\n\n----\n\nC\n");
    assert_eq!(s[0].first_line, 1);
    assert_eq!(s[0].lines, 1..2);
    assert_eq!(s[1].first_line, 4);
    assert_eq!(s[1].lines, 4..7);
    assert_eq!(s[2].first_line, 9);
    assert_eq!(s[2].lines, 9..11);
}

#[test]
fn line_numbers_count_the_front_matter() {
    // 1 --- / 2 title / 3 --- / 4 "" / 5 # A / 6 "" / 7 --- / 8 "" / 9 # B
    let s = slides("---\ntitle: T\n---\n\n# A\n\n---\n\n# B");
    // The body starts with the closing line's own newline, so slide 1 starts on line 3.
    assert_eq!(s[0].first_line, 3);
    assert_eq!(s[0].markdown, "\n\n# A\n");
    assert_eq!(s[0].lines, 3..6);
    assert_eq!(s[1].first_line, 8);
    assert_eq!(s[1].lines, 8..10);
}

#[test]
fn notes_line_numbers() {
    // 1 # T / 2 "" / 3 note: / 4 "" / 5 hello / 6 "" / 7 --- / 8 "" / 9 # U / 10 Note: inline
    let s = slides("# T\n\nnote:\n\nhello\n\n---\n\n# U\nNote: inline\n");
    assert_eq!(s[0].notes_line, Some(5));
    assert_eq!(s[0].lines, 1..6);
    assert_eq!(s[1].notes_line, Some(10));
    assert_eq!(s[1].notes.as_deref(), Some("inline"));
}

// ---- §2 front matter through parse ----

#[test]
fn front_matter_meta_and_body() {
    let (deck, warnings) = parse_all("---\ntitle: Deck\nslideOptions:\n  theme: sky\n---\n\n# A\n");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(deck.meta.title.as_deref(), Some("Deck"));
    assert_eq!(deck.meta.slide_options.theme.as_deref(), Some("sky"));
    assert_eq!(deck.slides.len(), 1);
    assert_eq!(deck.slides[0].markdown, "\n\n# A\n");
}

#[test]
fn front_matter_closing_dots() {
    let (deck, warnings) = parse_all("---\ntitle: Dots\n...\n\n# A\n\n---\n\n# B\n");
    assert!(warnings.is_empty());
    assert_eq!(deck.meta.title.as_deref(), Some("Dots"));
    assert_eq!(deck.slides.len(), 2);
    assert_eq!(deck.slides[0].markdown, "\n\n# A\n");
}

#[test]
fn front_matter_separator_is_not_a_slide_separator() {
    // The closing `---` has a blank line after but not before: only the front matter ends.
    let (deck, _) = parse_all("---\na: 1\n---\n\n# A");
    assert_eq!(deck.slides.len(), 1);
}

#[test]
fn broken_yaml_falls_back_to_whole_note() {
    let text = "---\ntitle: [x\n---\n\n# A";
    let (deck, warnings) = parse_all(text);
    assert_eq!(deck.meta, Meta::default());
    assert_eq!(deck.slides.len(), 1);
    assert_eq!(deck.slides[0].markdown, text);
    assert_eq!(deck.slides[0].first_line, 1);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .message
            .starts_with("front matter is not valid YAML")
    );
}

#[test]
fn broken_yaml_fallback_splits_the_front_matter_like_any_text() {
    let (deck, _) = parse_all("---\ntitle: [x\n\n---\n\n# A");
    let md: Vec<_> = deck.slides.iter().map(|s| s.markdown.as_str()).collect();
    assert_eq!(md, ["---\ntitle: [x\n", "\n# A"]);
}

#[test]
fn bom_removed() {
    let mut sink = Sink::new();
    let text = source::normalize(b"\xEF\xBB\xBF---\ntitle: BOM\n---\n\n# A\n", &mut sink);
    let deck = parse(&text, &mut sink);
    assert_eq!(deck.meta.title.as_deref(), Some("BOM"));
    assert!(sink.is_empty());
}

#[test]
fn crlf_normalised() {
    let mut sink = Sink::new();
    let bytes = b"---\r\ntitle: CRLF\r\n---\r\n\r\n# A\r\n\r\n---\r\n\r\n# B\r\nnote: n\r\n";
    let text = source::normalize(bytes, &mut sink);
    let deck = parse(&text, &mut sink);
    assert_eq!(deck.meta.title.as_deref(), Some("CRLF"));
    assert_eq!(deck.slides.len(), 2);
    assert_eq!(deck.slides[1].markdown, "\n# B\n");
    assert_eq!(deck.slides[1].notes.as_deref(), Some("n"));
    assert_eq!(deck.slides[1].first_line, 8);
    assert!(sink.is_empty());
}

// ---- empty decks ----

#[test]
fn empty_deck_gives_one_slide_and_a_warning() {
    for text in ["", "---\ntitle: T\n---\n", "---\n---", "\n\n  \n"] {
        let (deck, warnings) = parse_all(text);
        assert_eq!(deck.slides.len(), 1, "{text:?}");
        assert!(deck.slides[0].markdown.trim().is_empty(), "{text:?}");
        assert_eq!(deck.slides[0].label(), "1");
        let empty = warnings
            .iter()
            .filter(|w| w.message == "deck is empty")
            .count();
        assert_eq!(empty, 1, "{text:?}");
        assert_eq!(warnings[0].line, None);
    }
}

#[test]
fn separators_only_deck_is_two_blank_slides_not_empty() {
    // "Empty" means no slide text at all (design.md); a separator is text.
    let (deck, warnings) = parse_all("\n\n---\n\n");
    let md: Vec<_> = deck.slides.iter().map(|s| s.markdown.as_str()).collect();
    assert_eq!(md, ["\n", "\n"]);
    assert!(warnings.is_empty());
}

#[test]
fn non_empty_deck_has_no_empty_warning() {
    let (_, warnings) = parse_all("---\ntitle: T\n---\nx");
    assert!(warnings.is_empty());
}

// ---- the seed deck: see `tests/seed.rs` ----

mod seed;

// ---- robustness and speed ----

/// A small deterministic generator (no dependency needed for a few random bytes).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = usize::try_from(self.next()).unwrap_or(0) % items.len();
        items[i]
    }
}

#[test]
fn odd_inputs_do_not_panic() {
    let odd = [
        "",
        "-",
        "--",
        "---",
        "---\n",
        "---\n---",
        "---\n---\n",
        "---\n...",
        "\n---\n",
        "\n----\n",
        "----",
        "\n\n---\n\n----\n\n---\n\n",
        "note:",
        "NOTE:\nnote:",
        "---\n: : :\n---\n",
        "---\n&a *a\n---\n",
        "---\n!!binary x\n---\n",
        "---\nslideOptions: &o\n  a: *o\n---\n",
        "\t",
        "\n\t\t\n\t",
        "  \n  \n",
        "\u{2028}\n---\n\u{2029}",
        "ä\n\n---\n\nö\nnote: ü",
    ];
    for text in odd {
        for end in 0..=text.len() {
            if text.is_char_boundary(end) {
                parse_all(&text[..end]);
            }
        }
    }
}

#[test]
fn random_bytes_do_not_panic() {
    let mut rng = Lcg(7);
    for _ in 0..300 {
        let len = usize::try_from(rng.next() % 200).unwrap_or(0);
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                let alphabet = b"-.\n\n\t :#note\r\xFF\xC3a";
                alphabet[usize::try_from(rng.next()).unwrap_or(0) % alphabet.len()]
            })
            .collect();
        let mut sink = Sink::new();
        let text = source::normalize(&bytes, &mut sink);
        let deck = parse(&text, &mut sink);
        check_invariants(&text, &deck);
    }
}

#[test]
fn random_decks_reassemble_to_their_body() {
    // Without notes, spaces or tabs, slides plus separators give back the body exactly.
    let tokens = ["", "", "---", "----", "-----", "A", "# T", "...", "--"];
    let mut rng = Lcg(42);
    for _ in 0..500 {
        let n = usize::try_from(rng.next() % 30).unwrap_or(0);
        let lines: Vec<&str> = (0..n).map(|_| rng.pick(&tokens)).collect();
        let text = lines.join("\n");
        let deck = parse_all(&text).0;
        let mut rebuilt = String::new();
        for (i, slide) in deck.slides.iter().enumerate() {
            if i > 0 {
                let vertical = slide.v.is_some_and(|v| v > 0);
                rebuilt.push_str(if vertical { "\n----\n" } else { "\n---\n" });
            }
            rebuilt.push_str(&slide.markdown);
        }
        let body_start = text.len() - rebuilt.len().min(text.len());
        assert_eq!(&text[body_start..], rebuilt, "{text:?}");
    }
}

#[test]
fn ten_thousand_slides_are_fast() {
    let mut text = String::from("---\ntitle: Big\n---\n");
    for i in 0..10_000 {
        let sep = if i % 3 == 0 { "----" } else { "---" };
        text.push_str(&format!(
            "\n# Slide {i}\n\n- point\n  - sub\n\nnote: n{i}\n\n{sep}\n"
        ));
    }
    let start = std::time::Instant::now();
    let (deck, warnings) = parse_all(&text);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    // The empty slide after the last separator is the 10,001st: left out, with a warning.
    assert_eq!(deck.slides.len(), MAX_SLIDES);
    assert_eq!(deck.slides[9_999].notes.as_deref(), Some("n9999"));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.starts_with("deck has 10001 slides"));
}

#[test]
fn five_megabytes_are_fast() {
    // Pathological shapes: one huge slide full of space runs under the quirk, many notes
    // markers, and long runs of blank lines and dashes.
    let mut text = String::from("\n\n\n");
    while text.len() < 2_000_000 {
        text.push_str("word   word \n     x\nnote: a\n");
    }
    text.push_str("\n---\n\n");
    while text.len() < 4_000_000 {
        text.push_str("\n\n---\n");
    }
    text.push_str(&"\n".repeat(1_000_000));
    let start = std::time::Instant::now();
    let deck = parse(&text, &mut Sink::new());
    let elapsed = start.elapsed();
    assert!(elapsed < std::time::Duration::from_secs(5), "{elapsed:?}");
    check_invariants(&text, &deck);
    assert!(deck.slides[0].notes.is_none(), "many markers: no notes");
    assert!(
        deck.slides[0]
            .markdown
            .starts_with("\n\n\nword\n word \n\n x\nnote: a\n")
    );
    // Each "\n\n---\n" block after the first separator ends one blank slide: far more
    // than the deck keeps.
    assert_eq!(deck.slides.len(), MAX_SLIDES);
    assert!(
        deck.slides[1..]
            .iter()
            .all(|s| s.markdown.trim().is_empty())
    );
}
