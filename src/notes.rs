//! Speaker notes as written after `Note:`, read the same way by every backend:
//! paragraphs and list items with their levels, then inline `**bold**`, links and
//! bare URLs.

/// One paragraph of notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NoteParagraph {
    /// `Some((level, numbered))` for a list item.
    pub(crate) list: Option<(u8, bool)>,
    pub(crate) text: String,
}

/// Splits notes into paragraphs: blank lines end a paragraph, list items start one.
pub(crate) fn parse(notes: &str) -> Vec<NoteParagraph> {
    let mut out: Vec<NoteParagraph> = Vec::new();
    let mut open = false;
    for line in notes.lines() {
        let trimmed = line.trim_start();
        if trimmed.trim().is_empty() {
            open = false;
            continue;
        }
        let indent = line.len() - trimmed.len();
        let level = (indent / 2).min(8) as u8;
        let item = if let Some(rest) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
            .or_else(|| trimmed.strip_prefix("+ "))
        {
            Some((false, rest))
        } else {
            let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
            let after = &trimmed[digits..];
            if digits > 0 && digits < 10 && (after.starts_with(". ") || after.starts_with(") ")) {
                Some((true, &after[2..]))
            } else {
                None
            }
        };
        match item {
            Some((numbered, rest)) => {
                out.push(NoteParagraph {
                    list: Some((level, numbered)),
                    text: rest.trim().to_string(),
                });
                open = true;
            }
            None if open => {
                let last = out.last_mut().expect("an open paragraph exists");
                last.text.push(' ');
                last.text.push_str(trimmed.trim_end());
            }
            None => {
                out.push(NoteParagraph {
                    list: None,
                    text: trimmed.trim_end().to_string(),
                });
                open = true;
            }
        }
    }
    out
}

/// A piece of inline notes text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub(crate) text: String,
    pub(crate) bold: bool,
    pub(crate) link: Option<String>,
}

/// Splits inline Markdown into pieces: `**bold**` / `__bold__`, `[text](url)`, bare URLs.
pub(crate) fn inline(text: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut bold = false;
    let mut plain = String::new();
    let flush = |plain: &mut String, bold: bool, out: &mut Vec<Piece>| {
        if !plain.is_empty() {
            out.push(Piece {
                text: std::mem::take(plain),
                bold,
                link: None,
            });
        }
    };
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("**") || rest.starts_with("__") {
            flush(&mut plain, bold, &mut out);
            bold = !bold;
            rest = &rest[2..];
            continue;
        }
        if c == '['
            && let Some(close) = rest.find("](")
            && let Some(end) = rest[close + 2..].find(')')
        {
            let label = &rest[1..close];
            let url = &rest[close + 2..close + 2 + end];
            if !url.is_empty() && !url.contains(char::is_whitespace) {
                flush(&mut plain, bold, &mut out);
                out.push(Piece {
                    text: label.replace("**", ""),
                    bold,
                    link: Some(url.to_string()),
                });
                rest = &rest[close + 3 + end..];
                continue;
            }
        }
        if (rest.starts_with("https://") || rest.starts_with("http://"))
            && (plain.is_empty() || plain.ends_with(char::is_whitespace) || plain.ends_with('('))
        {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            flush(&mut plain, bold, &mut out);
            out.push(Piece {
                text: url.to_string(),
                bold,
                link: Some(url.to_string()),
            });
            rest = &rest[url.len()..];
            continue;
        }
        plain.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut plain, bold, &mut out);
    out
}

/// One line of notes as deckport shows them: a paragraph, or a list item with its
/// indent and marker (`•`, or the item's number, counted per level).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NoteLine {
    /// Indent and marker, empty for a paragraph.
    pub(crate) prefix: String,
    pub(crate) pieces: Vec<Piece>,
}

#[cfg(test)]
impl NoteLine {
    /// The line's text with its prefix, without link targets.
    pub(crate) fn text(&self) -> String {
        let mut out = self.prefix.clone();
        for piece in &self.pieces {
            out.push_str(&piece.text);
        }
        out
    }
}

/// The notes as lines: paragraphs, and list items marked and indented by level.
pub(crate) fn lines(notes: &str) -> Vec<NoteLine> {
    let mut numbers = [0u32; 9];
    parse(notes)
        .into_iter()
        .map(|p| {
            let pieces = inline(&p.text);
            let Some((level, numbered)) = p.list else {
                numbers = [0; 9];
                return NoteLine {
                    prefix: String::new(),
                    pieces,
                };
            };
            let level = usize::from(level).min(8);
            numbers[level + 1..].fill(0);
            let indent = "    ".repeat(level);
            let prefix = if numbered {
                numbers[level] += 1;
                format!("{indent}{}. ", numbers[level])
            } else {
                format!("{indent}• ")
            };
            NoteLine { prefix, pieces }
        })
        .collect()
}

/// The notes as plain text, one line per paragraph or item; a link whose text is
/// not its address keeps the address in brackets after it.
pub(crate) fn plain_text(notes: &str) -> String {
    let lines: Vec<String> = lines(notes)
        .into_iter()
        .map(|line| {
            let mut out = line.prefix;
            for piece in line.pieces {
                out.push_str(&piece.text);
                if let Some(url) = piece.link.filter(|u| *u != piece.text) {
                    out.push_str(&format!(" ({url})"));
                }
            }
            out
        })
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_number_per_level_and_plain_text_keeps_addresses() {
        let notes = "Say **this** and [docs](https://x.org).\n\n1. first\n   - deeper\n2. second\n\nSee https://y.org";
        let texts: Vec<String> = lines(notes).iter().map(NoteLine::text).collect();
        assert_eq!(
            texts,
            [
                "Say this and docs.",
                "1. first",
                "    • deeper",
                "2. second",
                "See https://y.org"
            ]
        );
        assert_eq!(
            plain_text(notes),
            "Say this and docs (https://x.org).\n1. first\n    • deeper\n2. second\nSee https://y.org"
        );
    }

    #[test]
    fn lists_and_paragraphs() {
        let p = parse("Intro line\ncontinues\n\n- one\n  - nested\n1. first\n2) second");
        assert_eq!(p.len(), 5);
        assert_eq!(p[0].text, "Intro line continues");
        assert_eq!(p[0].list, None);
        assert_eq!(p[1].list, Some((0, false)));
        assert_eq!(p[2].list, Some((1, false)));
        assert_eq!(p[2].text, "nested");
        assert_eq!(p[3].list, Some((0, true)));
        assert_eq!(p[4].text, "second");
    }

    #[test]
    fn bold_and_links() {
        let p = inline("say **this** and [docs](https://x.org/a?b=1&c=2) or https://y.org.");
        assert_eq!(p[0].text, "say ");
        assert!(p[1].bold && p[1].text == "this");
        assert_eq!(p[3].link.as_deref(), Some("https://x.org/a?b=1&c=2"));
        assert_eq!(p[3].text, "docs");
        assert_eq!(p[5].link.as_deref(), Some("https://y.org"));
        assert_eq!(p.last().unwrap().text, ".");
    }

    fn texts(notes: &str) -> Vec<String> {
        lines(notes).iter().map(NoteLine::text).collect()
    }

    #[test]
    fn notes_split_into_paragraphs_and_items() {
        let notes =
            "Welcome everyone.\nSecond line joins.\n\n- first point\n- second\n  point\n\nThanks.";
        assert_eq!(
            texts(notes),
            [
                "Welcome everyone. Second line joins.",
                "• first point",
                "• second point",
                "Thanks."
            ]
        );
    }

    #[test]
    fn markup_is_read_and_numbers_and_levels_kept() {
        let notes =
            "Say **this** and [see docs](https://x.org).\n\n1. first\n   - deeper\n2. second";
        assert_eq!(
            texts(notes),
            [
                "Say this and see docs.",
                "1. first",
                "    • deeper",
                "2. second"
            ]
        );
    }
}
