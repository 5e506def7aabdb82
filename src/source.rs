//! The source stage's text clean-up: deck bytes to the text every later stage reads.
//!
//! HedgeDoc's editor only ever stores LF line endings and never a byte-order mark, so
//! decks written elsewhere (Windows editors, old Macs) are brought to that form here,
//! before the deck stage looks for front matter and separators (design.md, pipeline
//! step 1). Control characters other than tab and line feed (NUL, escape sequences) are
//! removed: a browser draws nothing for them and they must never reach a PDF.

use crate::diag::Sink;

pub mod input;
pub use input::{Input, Loaded, ReadOptions};

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Turns deck bytes into normalised text: one leading UTF-8 BOM removed, CRLF and lone CR
/// turned into LF, invalid UTF-8 replaced by U+FFFD with one warning at the first bad line,
/// other control characters than tab and LF removed with one warning.
///
/// Line numbers in the warning count lines of the normalised text, so they agree with
/// the lines every later stage reports.
pub fn normalize(bytes: &[u8], sink: &mut Sink) -> String {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let decoded = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(err) => {
            // The prefix before the first bad byte is valid by definition.
            let valid = String::from_utf8_lossy(&bytes[..err.valid_up_to()]);
            let line = 1 + count_line_breaks(&valid);
            sink.warn(
                Some(line),
                "input is not valid UTF-8; invalid bytes replaced with U+FFFD",
            );
            String::from_utf8_lossy(bytes)
        }
    };
    let text = unify_line_endings(&decoded);
    strip_controls(text, sink)
}

/// Removes control characters other than tab and line feed: browsers draw nothing
/// for them, and they must not reach the PDF. One warning names the first line.
fn strip_controls(text: String, sink: &mut Sink) -> String {
    let is_stray = |c: char| c.is_control() && c != '\n' && c != '\t';
    let Some(first) = text.find(is_stray) else {
        return text;
    };
    let line = 1 + text[..first].matches('\n').count();
    sink.warn(Some(line), "control characters removed");
    text.chars().filter(|&c| !is_stray(c)).collect()
}

/// Counts line breaks as [`unify_line_endings`] will see them (CRLF is one break).
///
/// A CR at the very end counts as a break: callers pass a valid prefix, and the byte after
/// it is never an LF (it is the first invalid byte).
fn count_line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

/// Replaces CRLF and lone CR by LF in one pass.
fn unify_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(cr) = rest.find('\r') {
        out.push_str(&rest[..cr]);
        out.push('\n');
        let after = &rest[cr + 1..];
        rest = after.strip_prefix('\n').unwrap_or(after);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Warning;

    fn run(bytes: &[u8]) -> (String, Vec<Warning>) {
        let mut sink = Sink::new();
        let text = normalize(bytes, &mut sink);
        (text, sink.warnings())
    }

    #[test]
    fn plain_text_is_unchanged() {
        let (text, warnings) = run(b"# A\n\n---\n\n# B\n");
        assert_eq!(text, "# A\n\n---\n\n# B\n");
        assert!(warnings.is_empty());
    }

    #[test]
    fn bom_removed() {
        let (text, warnings) = run(b"\xEF\xBB\xBF---\ntitle: x\n---\n");
        assert_eq!(text, "---\ntitle: x\n---\n");
        assert!(warnings.is_empty());
    }

    #[test]
    fn only_one_bom_removed() {
        let (text, _) = run(b"\xEF\xBB\xBF\xEF\xBB\xBFa");
        assert_eq!(text, "\u{FEFF}a");
    }

    #[test]
    fn bom_in_the_middle_is_kept() {
        let (text, _) = run("a\u{FEFF}b".as_bytes());
        assert_eq!(text, "a\u{FEFF}b");
    }

    #[test]
    fn crlf_normalised() {
        let (text, warnings) = run(b"a\r\n\r\n---\r\n\r\nb\r\n");
        assert_eq!(text, "a\n\n---\n\nb\n");
        assert!(warnings.is_empty());
    }

    #[test]
    fn lone_cr_normalised() {
        let (text, _) = run(b"a\rb\r\rc\r");
        assert_eq!(text, "a\nb\n\nc\n");
    }

    #[test]
    fn cr_before_crlf_is_two_breaks() {
        let (text, _) = run(b"a\r\r\nb");
        assert_eq!(text, "a\n\nb");
    }

    #[test]
    fn nul_and_controls_are_removed() {
        let (text, warnings) = run(b"a\0b\x07c\td");
        assert_eq!(text, "abc\td");
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn empty_input_gives_empty_text() {
        let (text, warnings) = run(b"");
        assert_eq!(text, "");
        assert!(warnings.is_empty());
        let (text, _) = run(BOM);
        assert_eq!(text, "");
    }

    #[test]
    fn invalid_utf8_is_replaced_with_one_warning_at_first_bad_line() {
        let (text, warnings) = run(b"ok\nstill ok\nbad \xFF here\nand \xC3 again\n");
        assert_eq!(
            text,
            "ok\nstill ok\nbad \u{FFFD} here\nand \u{FFFD} again\n"
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, Some(3));
        assert!(warnings[0].message.contains("not valid UTF-8"));
    }

    #[test]
    fn invalid_utf8_line_counts_normalised_breaks() {
        // CRLF is one break, lone CR is one break: the bad byte sits on line 4.
        let (text, warnings) = run(b"a\r\nb\rc\n\xFE");
        assert_eq!(text, "a\nb\nc\n\u{FFFD}");
        assert_eq!(warnings[0].line, Some(4));
    }

    #[test]
    fn invalid_utf8_right_after_cr() {
        let (text, warnings) = run(b"a\r\xFF");
        assert_eq!(text, "a\n\u{FFFD}");
        assert_eq!(warnings[0].line, Some(2));
    }

    #[test]
    fn invalid_utf8_on_first_line() {
        let (_, warnings) = run(b"\x80");
        assert_eq!(warnings[0].line, Some(1));
    }

    #[test]
    fn truncated_multibyte_sequence_at_end() {
        let (text, warnings) = run(b"caf\xC3");
        assert_eq!(text, "caf\u{FFFD}");
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn valid_multibyte_text_is_kept() {
        let (text, warnings) = run("Brühl – 11:35\r\n".as_bytes());
        assert_eq!(text, "Brühl – 11:35\n");
        assert!(warnings.is_empty());
    }
}

#[cfg(test)]
mod control_tests {
    use super::*;

    #[test]
    fn control_characters_are_removed_with_one_warning() {
        let mut sink = Sink::new();
        let text = normalize(
            b"# Title\n\nbell\x07 esc\x1b[1m nul\x00 del\x7f\ttab\n\x01",
            &mut sink,
        );
        assert_eq!(text, "# Title\n\nbell esc[1m nul del\ttab\n");
        let w = sink.warnings();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, Some(3));
    }
}
