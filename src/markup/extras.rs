//! HedgeDoc's Markdown extras that comrak does not parse: `:::` alert boxes,
//! abbreviations, `{%…%}` embeds, task lists, `[name=]`/`[time=]`/`[color=]` tags,
//! `[TOC]`, and math shown as its source.
//!
//! Block syntax is handled by a source pre-pass that keeps every line where it
//! was (a container's `:::` lines and abbreviation definitions become blank lines),
//! so comrak's source positions still give the deck lines; the rest are passes
//! over comrak's tree.

use std::cell::RefCell;

use comrak::nodes::{Ast, AstNode, LineColumn, NodeHtmlBlock, NodeValue};
use comrak::{Arena, arena_tree::NodeEdge};

/// Marks where the deck's table of contents goes; replaced once every slide is rendered.
pub(crate) const TOC_MARK: char = '\u{e010}';

/// The containers HedgeDoc registers (`extra.js`); others stay text.
const ALERTS: &[&str] = &["success", "info", "warning", "danger"];

/// A `:::name` container: its opening and closing lines (1-based) and class.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Container {
    pub(crate) open: usize,
    pub(crate) close: usize,
    pub(crate) class: String,
}

/// What the pre-pass found and removed from the source.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Prepared {
    pub(crate) text: String,
    pub(crate) containers: Vec<Container>,
    /// Abbreviation and its title, longest first.
    pub(crate) abbrs: Vec<(String, String)>,
}

/// A fence opening (` ``` ` or `~~~`, up to three spaces in): its character and length.
fn fence_open(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3 && !(c == '`' && t[n..].contains('`'))).then_some((c, n))
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The embeds HedgeDoc expands (`extra.js` youtube, vimeo, gist, slideshare,
/// speakerdeck, pdf plugins): the link each becomes and the label shown.
fn embed(kind: &str, arg: &str) -> Option<(String, String)> {
    let arg = arg.trim();
    if arg.is_empty() || arg.contains(['"', '<', '>', ' ']) {
        return None;
    }
    let (url, label) = match kind {
        "youtube" => (format!("https://www.youtube.com/watch?v={arg}"), "YouTube"),
        "vimeo" => (format!("https://vimeo.com/{arg}"), "Vimeo"),
        "gist" => (format!("https://gist.github.com/{arg}"), "Gist"),
        "slideshare" => (format!("https://www.slideshare.net/{arg}"), "SlideShare"),
        "speakerdeck" => (format!("https://speakerdeck.com/{arg}"), "Speaker Deck"),
        "pdf" => (arg.to_string(), "PDF"),
        _ => return None,
    };
    Some((url, format!("{label}: {arg}")))
}

/// `{%kind arg %}` in one line (outside inline code) replaced by an embed link box.
fn embeds(line: &str) -> Option<String> {
    if !line.contains("{%") {
        return None;
    }
    let mut out = String::with_capacity(line.len() + 64);
    let mut rest = line;
    let mut changed = false;
    while let Some(i) = rest.find("{%") {
        let before = &rest[..i];
        out.push_str(before);
        let in_code = out.matches('`').count() % 2 == 1;
        let after = &rest[i + 2..];
        let Some(end) = after.find("%}") else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let inner = after[..end].trim_start();
        let kind: String = inner
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        match embed(&kind, &inner[kind.len()..]).filter(|_| !in_code) {
            Some((url, label)) => {
                out.push_str(&format!(
                    "<span class=\"dp-embed dp-embed-{kind}\"><a href=\"{}\">▶ {}</a></span>",
                    html_escape(&url),
                    html_escape(&label)
                ));
                changed = true;
            }
            None => out.push_str(&rest[i..i + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// Blanks `:::` container lines and abbreviation definitions (outside fenced code),
/// expands embeds; every line keeps its number.
pub(crate) fn prepare(md: &str) -> Prepared {
    let mut out = Prepared::default();
    let mut fence: Option<(char, usize)> = None;
    // Open containers: (colons, line, class).
    let mut open: Vec<(usize, usize, String)> = Vec::new();
    let mut text = String::with_capacity(md.len());
    for (i, line) in md.split('\n').enumerate() {
        let n = i + 1;
        if i > 0 {
            text.push('\n');
        }
        if let Some((c, len)) = fence {
            let t = line.trim_start_matches(' ');
            if t.chars().take_while(|x| *x == c).count() >= len
                && t.trim_start_matches(c).trim().is_empty()
            {
                fence = None;
            }
            text.push_str(line);
            continue;
        }
        if let Some(f) = fence_open(line) {
            fence = Some(f);
            text.push_str(line);
            continue;
        }
        let t = line.trim();
        let colons = t.chars().take_while(|c| *c == ':').count();
        if colons >= 3 && line.len() - line.trim_start().len() < 4 {
            let params = t[colons..].trim();
            if params.is_empty() {
                if let Some(pos) = open.iter().rposition(|(c, _, _)| colons >= *c) {
                    let (_, start, class) = open.remove(pos);
                    open.truncate(pos);
                    out.containers.push(Container {
                        open: start,
                        close: n,
                        class,
                    });
                    continue;
                }
            } else if ALERTS.contains(&params.split(' ').next().unwrap_or("")) {
                open.push((colons, n, format!("alert alert-{params}")));
                continue;
            }
        }
        if let Some(rest) = t.strip_prefix("*[")
            && let Some((name, title)) = rest.split_once("]:")
            && !name.is_empty()
            && !name.contains(']')
        {
            out.abbrs.push((name.to_string(), title.trim().to_string()));
            continue;
        }
        match embeds(line) {
            Some(l) => text.push_str(&l),
            None => text.push_str(line),
        }
    }
    // A container left open runs to the end of the slide (markdown-it-container).
    let last = md.split('\n').count() + 1;
    for (_, start, class) in open {
        out.containers.push(Container {
            open: start,
            close: last,
            class,
        });
    }
    out.containers.sort_by_key(|c| c.open);
    out.abbrs.sort_by_key(|(a, _)| std::cmp::Reverse(a.len()));
    out.text = text;
    out
}

fn new_node<'a>(arena: &'a Arena<'a>, value: NodeValue, at: LineColumn) -> &'a AstNode<'a> {
    arena.alloc(AstNode::new(RefCell::new(Ast::new(value, at))))
}

fn html_block<'a>(arena: &'a Arena<'a>, html: String, line: usize) -> &'a AstNode<'a> {
    new_node(
        arena,
        NodeValue::HtmlBlock(NodeHtmlBlock {
            block_type: 6,
            literal: html,
        }),
        LineColumn { line, column: 1 },
    )
}

fn inline_html<'a>(arena: &'a Arena<'a>, html: String, at: LineColumn) -> &'a AstNode<'a> {
    new_node(arena, NodeValue::HtmlInline(html), at)
}

/// Wraps the top-level blocks inside each container in its `<div class="alert …">`.
pub(crate) fn wrap_containers<'a>(
    arena: &'a Arena<'a>,
    root: &'a AstNode<'a>,
    containers: &[Container],
) {
    let blocks: Vec<_> = root.children().collect();
    for c in containers {
        let inside: Vec<_> = blocks
            .iter()
            .filter(|b| {
                let sp = b.data().sourcepos;
                sp.start.line > c.open && sp.end.line < c.close
            })
            .collect();
        let open = html_block(
            arena,
            format!("<div class=\"{}\">\n", html_escape(&c.class)),
            c.open,
        );
        let close = html_block(arena, "</div>\n".into(), c.close);
        match (inside.first(), inside.last()) {
            (Some(first), Some(last)) => {
                first.insert_before(open);
                last.insert_after(close);
            }
            _ => {
                // An empty box: place it after the blocks above it.
                match blocks
                    .iter()
                    .rev()
                    .find(|b| b.data().sourcepos.end.line < c.open)
                {
                    Some(b) => b.insert_after(open),
                    None => root.prepend(open),
                }
                open.insert_after(close);
            }
        }
    }
}

/// Joins neighbouring text nodes (comrak leaves `[` and `]` as text of their own).
fn merge_texts<'a>(parent: &'a AstNode<'a>) {
    let mut child = parent.first_child();
    while let Some(c) = child {
        let next = c.next_sibling();
        if let Some(n) = next
            && matches!(c.data().value, NodeValue::Text(_))
            && matches!(n.data().value, NodeValue::Text(_))
        {
            let extra = match &n.data().value {
                NodeValue::Text(t) => t.to_string(),
                _ => String::new(),
            };
            if let NodeValue::Text(t) = &mut c.data_mut().value {
                let mut s = t.to_string();
                s.push_str(&extra);
                *t = s.into();
            }
            n.detach();
            continue;
        }
        child = next;
    }
}

fn text_of<'a>(n: &'a AstNode<'a>) -> Option<String> {
    match &n.data().value {
        NodeValue::Text(t) => Some(t.to_string()),
        _ => None,
    }
}

/// Replaces `node`'s text with pieces: plain text and HTML.
fn splice<'a>(arena: &'a Arena<'a>, node: &'a AstNode<'a>, pieces: Vec<Piece>) {
    let at = node.data().sourcepos.start;
    for p in pieces {
        let n = match p {
            Piece::Text(t) if t.is_empty() => continue,
            Piece::Text(t) => new_node(arena, NodeValue::Text(t.into()), at),
            Piece::Html(h) => inline_html(arena, h, at),
        };
        node.insert_before(n);
    }
    node.detach();
}

enum Piece {
    Text(String),
    Html(String),
}

/// `- [ ] x` / `- [x] x` in tight lists: HedgeDoc's `renderTaskList` turns the
/// marker at the start of the item into a disabled checkbox (lower-case `x` only).
/// The item keeps its bullet: the rule hiding it lives in CSS that slides do not load.
pub(crate) fn task_lists<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) {
    let items: Vec<_> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Item(_)))
        .collect();
    for item in items {
        let tight = item
            .parent()
            .is_some_and(|l| matches!(&l.data().value, NodeValue::List(nl) if nl.tight));
        let Some(para) = item
            .first_child()
            .filter(|p| matches!(p.data().value, NodeValue::Paragraph))
        else {
            continue;
        };
        if !tight {
            continue;
        }
        merge_texts(para);
        let Some(first) = para.first_child() else {
            continue;
        };
        let Some(text) = text_of(first) else { continue };
        let t = text.trim_start();
        let (checked, rest) = if let Some(r) = t.strip_prefix("[ ]") {
            (false, r)
        } else if let Some(r) = t.strip_prefix("[x]") {
            (true, r)
        } else {
            continue;
        };
        let (class, mark) = if checked {
            ("task-list-item-checkbox checked", "☑")
        } else {
            ("task-list-item-checkbox", "☐")
        };
        splice(
            arena,
            first,
            vec![
                Piece::Html(format!("<span class=\"{class}\">{mark}</span> ")),
                Piece::Text(rest.trim_start().to_string()),
            ],
        );
    }
}

/// `[name=…]`, `[time=…]` and `[color=…]` in list items and blockquote paragraphs
/// (HedgeDoc's `replaceExtraTags`): small spans with a person or clock sign; a
/// colour tag leaves an empty span.
pub(crate) fn tags<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) {
    let paras: Vec<_> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Paragraph))
        .filter(|n| {
            n.ancestors().skip(1).any(|a| {
                matches!(
                    a.data().value,
                    NodeValue::Item(_) | NodeValue::BlockQuote | NodeValue::TaskItem(_)
                )
            })
        })
        .collect();
    for para in paras {
        merge_texts(para);
        let texts: Vec<_> = para
            .children()
            .filter(|c| matches!(c.data().value, NodeValue::Text(_)))
            .collect();
        for node in texts {
            let Some(text) = text_of(node) else { continue };
            if !text.contains("[name=") && !text.contains("[time=") && !text.contains("[color=") {
                continue;
            }
            let mut pieces = Vec::new();
            let mut rest = text.as_str();
            while let Some(i) = ["[name=", "[time=", "[color="]
                .iter()
                .filter_map(|p| rest.find(p))
                .min()
            {
                let Some(end) = rest[i..].find(']').map(|e| i + e) else {
                    break;
                };
                let inner = &rest[i + 1..end];
                let (key, value) = inner.split_once('=').unwrap_or((inner, ""));
                pieces.push(Piece::Text(rest[..i].to_string()));
                let html = match key {
                    "name" => format!("<small class=\"dp-tag\">☺ {}</small>", html_escape(value)),
                    "time" => format!("<small class=\"dp-tag\">◷ {}</small>", html_escape(value)),
                    _ if value
                        .chars()
                        .all(|c| c.is_alphanumeric() || "#(), _".contains(c)) =>
                    {
                        format!(
                            "<span class=\"color\" data-color=\"{}\"></span>",
                            html_escape(value)
                        )
                    }
                    _ => rest[i..=end].to_string(),
                };
                pieces.push(Piece::Html(html));
                rest = &rest[end + 1..];
            }
            pieces.push(Piece::Text(rest.to_string()));
            splice(arena, node, pieces);
        }
    }
}

/// `[TOC]` alone in a paragraph (any case) becomes the deck's table of contents.
pub(crate) fn toc<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) {
    let paras: Vec<_> = root
        .children()
        .filter(|n| matches!(n.data().value, NodeValue::Paragraph))
        .collect();
    for para in paras {
        merge_texts(para);
        let only = para.first_child().filter(|c| c.next_sibling().is_none());
        let is_toc = only
            .and_then(text_of)
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("[toc]"));
        if is_toc {
            let line = para.data().sourcepos.start.line;
            para.insert_before(html_block(
                arena,
                format!("<div class=\"toc\">{TOC_MARK}</div>\n"),
                line,
            ));
            para.detach();
        }
    }
}

/// Wraps each abbreviation in text (as whole words) in `<abbr title>`.
pub(crate) fn abbreviations<'a>(
    arena: &'a Arena<'a>,
    root: &'a AstNode<'a>,
    abbrs: &[(String, String)],
) {
    if abbrs.is_empty() {
        return;
    }
    let mut texts = Vec::new();
    let mut in_code = 0usize;
    for edge in root.traverse() {
        match edge {
            NodeEdge::Start(n) => match n.data().value {
                NodeValue::Text(_) if in_code == 0 => texts.push(n),
                NodeValue::Image(_) => in_code += 1,
                _ => {}
            },
            NodeEdge::End(n) => {
                if matches!(n.data().value, NodeValue::Image(_)) {
                    in_code -= 1;
                }
            }
        }
    }
    let boundary =
        |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation());
    for node in texts {
        let Some(text) = text_of(node) else { continue };
        let mut pieces = Vec::new();
        let mut plain = String::new();
        let mut i = 0;
        let mut changed = false;
        while i < text.len() {
            let before = text[..i].chars().next_back();
            let hit = boundary(before)
                .then(|| {
                    abbrs.iter().find(|(a, _)| {
                        text[i..].starts_with(a.as_str())
                            && boundary(text[i + a.len()..].chars().next())
                    })
                })
                .flatten();
            match hit {
                Some((a, title)) => {
                    pieces.push(Piece::Text(std::mem::take(&mut plain)));
                    pieces.push(Piece::Html(format!(
                        "<abbr title=\"{}\">{}</abbr>",
                        html_escape(title),
                        html_escape(a)
                    )));
                    i += a.len();
                    changed = true;
                }
                None => {
                    let c = text[i..].chars().next().unwrap_or(' ');
                    plain.push(c);
                    i += c.len_utf8();
                }
            }
        }
        if changed {
            pieces.push(Piece::Text(plain));
            splice(arena, node, pieces);
        }
    }
}

/// Footnotes as markdown-it-footnote writes them: references read `[n]`, and a
/// rule separates the notes from the slide's text.
pub(crate) fn footnotes<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) {
    let refs: Vec<_> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::FootnoteReference(_)))
        .collect();
    for n in refs {
        let html = match &n.data().value {
            NodeValue::FootnoteReference(r) => {
                let id = if r.ref_num > 1 {
                    format!("fnref{}:{}", r.ix, r.ref_num - 1)
                } else {
                    format!("fnref{}", r.ix)
                };
                format!(
                    "<sup class=\"footnote-ref\"><a href=\"#fn{}\" id=\"{id}\">[{}]</a></sup>",
                    r.ix, r.ix
                )
            }
            _ => continue,
        };
        n.insert_before(inline_html(arena, html, n.data().sourcepos.start));
        n.detach();
    }
    if let Some(first) = root
        .children()
        .find(|n| matches!(n.data().value, NodeValue::FootnoteDefinition(_)))
    {
        let line = first.data().sourcepos.start.line;
        first.insert_before(html_block(
            arena,
            "<hr class=\"footnotes-sep\">\n".into(),
            line,
        ));
    }
}

/// Math (`$…$`, `$$…$$`) shown as its TeX source in a box; returns the slide lines
/// of each formula for a warning.
pub(crate) fn math<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) -> Vec<usize> {
    let nodes: Vec<_> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Math(_)))
        .collect();
    let mut lines = Vec::new();
    for n in nodes {
        let (html, line) = {
            let ast = n.data();
            let NodeValue::Math(m) = &ast.value else {
                continue;
            };
            let (delim, class) = if m.display_math {
                ("$$", "dp-math dp-math-display")
            } else {
                ("$", "dp-math")
            };
            (
                format!(
                    "<span class=\"{class}\">{delim}{}{delim}</span>",
                    html_escape(&m.literal)
                ),
                ast.sourcepos.start.line,
            )
        };
        lines.push(line);
        n.insert_before(inline_html(arena, html, n.data().sourcepos.start));
        n.detach();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_become_blank_lines() {
        let p = prepare("a\n:::info\nbox\n:::\nb");
        assert_eq!(p.text, "a\n\nbox\n\nb");
        assert_eq!(
            p.containers,
            vec![Container {
                open: 2,
                close: 4,
                class: "alert alert-info".into()
            }]
        );
        // Unknown names and fenced code are left alone.
        let p = prepare(":::spoiler\nx\n:::\n```\n:::info\n```");
        assert_eq!(p.text, ":::spoiler\nx\n:::\n```\n:::info\n```");
        assert!(p.containers.is_empty());
    }

    #[test]
    fn abbreviation_definitions_are_taken_out() {
        let p = prepare("*[HTML]: Hyper Text Markup Language\nHTML rocks");
        assert_eq!(p.text, "\nHTML rocks");
        assert_eq!(
            p.abbrs,
            vec![("HTML".into(), "Hyper Text Markup Language".into())]
        );
    }

    #[test]
    fn embeds_become_links() {
        let p = prepare("{%youtube dQw4w9WgXcQ %}");
        assert_eq!(
            p.text,
            "<span class=\"dp-embed dp-embed-youtube\"><a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\">▶ YouTube: dQw4w9WgXcQ</a></span>"
        );
        assert_eq!(prepare("`{%youtube x %}`").text, "`{%youtube x %}`");
        assert_eq!(prepare("{%nosuch x %}").text, "{%nosuch x %}");
    }
}
