//! Fenced code as HedgeDoc shows it: highlight.js colours (zenburn), line numbers,
//! wrapping, and diagram fences kept as readable source.
//!
//! HedgeDoc reads the fence's info string (`extra.js` fence rule and
//! `highlightRender`): the first word names the language; `=`, `=N` or `=+` at its
//! end asks for line numbers (from 1, from N, or continuing the previous numbered
//! block); `!` asks for wrapped lines; an info string containing `nohighlight`,
//! `no-highlight`, `plain` or `text` is not coloured. Colours come from syntect's
//! bundled grammars and `layouts/zenburn.tmTheme`, the zenburn colours of reveal's
//! `lib/css/zenburn.css` mapped to TextMate scopes. The result is HTML: one block
//! `<span class="dp-line">` per source line holding spans with an inline `color`,
//! so the walker draws coloured glyphs and the PPTX gets one paragraph per line.

use std::fmt::Write as _;
use std::sync::OnceLock;

use super::tree::push_escaped;

use syntect::easy::HighlightLines;
use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::parsing::SyntaxSet;

/// Fence languages HedgeDoc draws as diagrams (mermaid, graphviz, …); deckport
/// shows their source.
const DIAGRAMS: &[&str] = &["mermaid", "graphviz", "sequence", "flow", "abc", "plantuml"];

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        let bytes = include_bytes!("../../layouts/zenburn.tmTheme");
        // The file is part of the binary; a broken one is caught by the tests.
        ThemeSet::load_from_reader(&mut std::io::Cursor::new(&bytes[..])).unwrap_or_default()
    })
}

/// What a fence's info string asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Fence {
    /// The language with HedgeDoc's `=…`/`!` suffixes removed.
    pub(crate) lang: String,
    /// Line numbers: `Some(Some(n))` from n, `Some(None)` continuing.
    pub(crate) numbers: Option<Option<u64>>,
    pub(crate) wrap: bool,
    /// No colouring (`text`, `plain`, `nohighlight`).
    pub(crate) plain: bool,
}

/// Reads a fence info string the way HedgeDoc's fence rule and `highlightRender`
/// do: the first word is tested for the line-number suffixes and the plain names,
/// the whole string for a final `!`.
pub(crate) fn parse_info(info: &str) -> Fence {
    let info = info.trim();
    let word = info.split_whitespace().next().unwrap_or("");
    let wrap = info.ends_with('!');
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // `/=$|=\d+$|=\+$/`: `lang=!` wraps but has no numbers.
    let numbers = match word.rsplit_once('=') {
        Some((_, "")) => Some(Some(1)),
        Some((_, "+")) => Some(None),
        Some((_, n)) if digits(n) => Some(Some(n.parse().unwrap_or(1))),
        _ => None,
    };
    // The class drops the first (leftmost) of `=`, `=N`, `=+`, `!`, `=!` ending the word.
    let cut = (0..word.len())
        .filter(|&i| word.is_char_boundary(i))
        .find(|&i| {
            let rest = &word[i..];
            rest == "="
                || rest == "=+"
                || rest == "!"
                || rest == "=!"
                || rest.strip_prefix('=').is_some_and(digits)
        })
        .unwrap_or(word.len());
    let plain = ["nohighlight", "no-highlight", "plain", "text"]
        .iter()
        .any(|p| word.contains(p));
    Fence {
        lang: word[..cut].to_string(),
        numbers: if plain { None } else { numbers },
        wrap,
        plain,
    }
}

/// Line-number state carried from one numbered block to the next (`lang=+`).
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    next: u64,
}

/// A fenced block rendered to HTML, with a note when it needs a warning.
pub(crate) struct Rendered {
    pub(crate) html: String,
    /// Warning text (the caller adds the deck line).
    pub(crate) warning: Option<String>,
}

fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

/// The source lines of a block, without their line ends (a final newline ends the
/// last line rather than starting an empty one).
fn source_lines(code: &str) -> Vec<&str> {
    let body = code.strip_suffix('\n').unwrap_or(code);
    if body.is_empty() && code.is_empty() {
        return Vec::new();
    }
    body.split('\n').collect()
}

/// Renders one fenced block (`info` as written, `code` its literal content).
pub(crate) fn render(info: &str, code: &str, numbering: &mut Numbering) -> Rendered {
    let info = info.trim();
    if info.is_empty() {
        let mut html = String::from("<pre><code>");
        lines_html(&source_lines(code), None, &mut html, |line, out| {
            push_escaped(out, line)
        });
        html.push_str("</code></pre>\n");
        return Rendered {
            html,
            warning: None,
        };
    }
    let fence = parse_info(info);
    let lower = fence.lang.to_ascii_lowercase();
    if DIAGRAMS.contains(&lower.as_str()) {
        let mut html = format!("<pre class=\"dp-diagram\"><code class=\"{lower}\">");
        lines_html(&source_lines(code), None, &mut html, |line, out| {
            push_escaped(out, line)
        });
        html.push_str("</code></pre>\n");
        return Rendered {
            html,
            warning: Some(format!(
                "{lower} diagram is not drawn; its source is shown instead"
            )),
        };
    }

    let mut class = String::new();
    if fence.wrap {
        class.push_str("wrap ");
    }
    push_escaped(&mut class, &fence.lang);
    class.push_str(" hljs");
    let mut html = format!("<pre><code class=\"{class}\">");
    let lines = source_lines(code);
    let numbers = fence.numbers.map(|start| {
        let first = start.unwrap_or(numbering.next.max(1));
        numbering.next = first + lines.len() as u64;
        first
    });
    let syntax = (!fence.plain && !fence.lang.is_empty())
        .then(|| syntaxes().find_syntax_by_token(&fence.lang))
        .flatten();
    match syntax {
        Some(syntax) => {
            let theme = theme();
            let fg = theme.settings.foreground;
            let mut h = HighlightLines::new(syntax, theme);
            lines_html(&lines, numbers, &mut html, |line, out| {
                let with_end = format!("{line}\n");
                match h.highlight_line(&with_end, syntaxes()) {
                    Ok(parts) => coloured(&parts, fg, out),
                    Err(_) => push_escaped(out, line),
                }
            });
        }
        None => lines_html(&lines, numbers, &mut html, |line, out| {
            push_escaped(out, line)
        }),
    }
    html.push_str("</code></pre>\n");
    Rendered {
        html,
        warning: None,
    }
}

/// Highlighted pieces as spans, neighbours of one colour merged, the default colour
/// left to the block.
fn coloured(parts: &[(syntect::highlighting::Style, &str)], fg: Option<Color>, out: &mut String) {
    let mut merged: Vec<(Color, String)> = Vec::new();
    for (style, text) in parts {
        let text = text.trim_end_matches('\n');
        if text.is_empty() {
            continue;
        }
        // Whitespace takes the colour of its neighbour: fewer runs, same look.
        let color = match merged.last() {
            Some((c, _)) if text.trim().is_empty() => *c,
            _ => style.foreground,
        };
        match merged.last_mut() {
            Some((c, t)) if *c == color => t.push_str(text),
            _ => merged.push((color, text.to_string())),
        }
    }
    for (color, text) in merged {
        if Some(color) == fg {
            push_escaped(out, &text);
        } else {
            let _ = write!(out, "<span style=\"color: {}\">", hex(color));
            push_escaped(out, &text);
            out.push_str("</span>");
        }
    }
}

/// One `dp-line` block per source line, with a line-number gutter when asked.
fn lines_html(
    lines: &[&str],
    numbers: Option<u64>,
    out: &mut String,
    mut body: impl FnMut(&str, &mut String),
) {
    let last = numbers.map(|n| n + lines.len().saturating_sub(1) as u64);
    let width = last.map_or(0, |l| l.to_string().len());
    for (i, line) in lines.iter().enumerate() {
        out.push_str("<span class=\"dp-line\">");
        if let Some(first) = numbers {
            let _ = write!(
                out,
                "<span class=\"dp-gutter\">{:>width$} </span> ",
                first + i as u64
            );
        }
        body(line, out);
        out.push_str("</span>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_strings_read_as_hedgedoc_reads_them() {
        let f = parse_info("python=");
        assert_eq!(
            (f.lang.as_str(), f.numbers, f.wrap),
            ("python", Some(Some(1)), false)
        );
        let f = parse_info("js=42");
        assert_eq!((f.lang.as_str(), f.numbers), ("js", Some(Some(42))));
        let f = parse_info("js=+");
        assert_eq!(f.numbers, Some(None));
        let f = parse_info("rust!");
        assert_eq!((f.lang.as_str(), f.wrap, f.numbers), ("rust", true, None));
        let f = parse_info("rust=!");
        // HedgeDoc tests the numbers on the first word: `=!` wraps without numbers.
        assert_eq!((f.lang.as_str(), f.wrap, f.numbers), ("rust", true, None));
        let f = parse_info("rust= text!");
        assert_eq!(
            (f.lang.as_str(), f.wrap, f.numbers, f.plain),
            ("rust", true, Some(Some(1)), false)
        );
        assert!(parse_info("text").plain);
        assert!(parse_info("plaintext").plain);
        assert!(parse_info("nohighlight").plain);
        assert!(!parse_info("python").plain);
    }

    #[test]
    fn python_gets_zenburn_colours() {
        let r = render(
            "python",
            "def area(r):\n    # circle area\n    return 3.14159 * r ** 2\n",
            &mut Numbering::default(),
        );
        assert!(r.warning.is_none());
        let h = r.html;
        assert!(h.starts_with("<pre><code class=\"python hljs\">"), "{h}");
        assert_eq!(h.matches("<span class=\"dp-line\">").count(), 3, "{h}");
        // keyword, comment, number, function name
        assert!(
            h.contains("<span style=\"color: #e3ceab\">def </span>"),
            "{h}"
        );
        assert!(
            h.contains("color: #7f9f7f\">    # circle area</span>")
                || h.contains("color: #7f9f7f\"># circle area</span>"),
            "{h}"
        );
        assert!(
            h.contains("<span style=\"color: #8cd0d3\">3.14159 </span>"),
            "{h}"
        );
        assert!(
            h.contains("<span style=\"color: #efef8f\">area</span>"),
            "{h}"
        );
        // The indent stays in the line.
        assert!(h.contains("<span class=\"dp-line\">    "), "{h}");
    }

    #[test]
    fn plain_and_languageless_blocks_are_not_coloured() {
        let r = render("text", "if x:\n  y\n", &mut Numbering::default());
        assert_eq!(
            r.html,
            "<pre><code class=\"text hljs\"><span class=\"dp-line\">if x:</span><span class=\"dp-line\">  y</span></code></pre>\n"
        );
        let r = render("", "a <b>\n", &mut Numbering::default());
        assert_eq!(
            r.html,
            "<pre><code><span class=\"dp-line\">a &lt;b&gt;</span></code></pre>\n"
        );
    }

    #[test]
    fn line_numbers_start_and_continue() {
        let mut n = Numbering::default();
        let a = render("text=", "a\nb\n", &mut n).html;
        assert!(
            !a.contains("dp-gutter"),
            "plain blocks have no numbers: {a}"
        );
        let a = render("js=9", "a\nb\n", &mut n).html;
        assert!(a.contains("<span class=\"dp-gutter\"> 9 </span> a"), "{a}");
        assert!(a.contains("<span class=\"dp-gutter\">10 </span> b"), "{a}");
        let b = render("js=+", "c\n", &mut n).html;
        assert!(b.contains("<span class=\"dp-gutter\">11 </span> c"), "{b}");
        let c = render("js=", "d\n", &mut n).html;
        assert!(c.contains("<span class=\"dp-gutter\">1 </span> d"), "{c}");
    }

    #[test]
    fn wrap_and_unknown_language() {
        let r = render("nosuchlang!", "x y\n", &mut Numbering::default());
        assert_eq!(
            r.html,
            "<pre><code class=\"wrap nosuchlang hljs\"><span class=\"dp-line\">x y</span></code></pre>\n"
        );
    }

    #[test]
    fn diagrams_show_source_with_a_warning() {
        let r = render("mermaid", "graph TD; A-->B;\n", &mut Numbering::default());
        assert_eq!(
            r.html,
            "<pre class=\"dp-diagram\"><code class=\"mermaid\"><span class=\"dp-line\">graph TD; A--&gt;B;</span></code></pre>\n"
        );
        assert_eq!(
            r.warning.as_deref(),
            Some("mermaid diagram is not drawn; its source is shown instead")
        );
    }
}
