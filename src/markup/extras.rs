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

use super::tree::escaped;

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

/// The embeds HedgeDoc expands (`extra.js` youtube, vimeo, gist, slideshare,
/// speakerdeck and pdf plugins, with their argument patterns): the link each
/// becomes and the label shown.
fn embed(kind: &str, arg: &str) -> Option<(String, String)> {
    let arg = arg.trim();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let slug = |s: &str| !s.is_empty() && s.chars().all(|c| word(c) || c == '-');
    let user_slash = |s: &str, rest: &dyn Fn(&str) -> bool| {
        s.split_once('/')
            .is_some_and(|(u, r)| !u.is_empty() && u.chars().all(word) && rest(r))
    };
    let (url, label) = match kind {
        "youtube" if arg.chars().count() == 11 && slug(arg) => (
            format!("https://www.youtube.com/watch?v={arg}"),
            format!("YouTube: {arg}"),
        ),
        "vimeo" if (6..=11).contains(&arg.len()) && arg.bytes().all(|b| b.is_ascii_digit()) => {
            (format!("https://vimeo.com/{arg}"), format!("Vimeo: {arg}"))
        }
        "gist" if user_slash(arg, &|r| !r.is_empty() && r.chars().all(word)) => (
            format!("https://gist.github.com/{arg}"),
            format!("Gist: {arg}"),
        ),
        "slideshare" if user_slash(arg, &slug) => (
            format!("https://slideshare.com/{arg}"),
            format!("Slideshare: {arg}"),
        ),
        "speakerdeck" if user_slash(arg, &slug) => (
            format!("https://speakerdeck.com/{arg}"),
            format!("Speakerdeck: {arg}"),
        ),
        "pdf"
            if (arg.starts_with("https://") || arg.starts_with("http://"))
                && !arg.contains(['"', '<', '>', ' ']) =>
        {
            (arg.to_string(), format!("PDF: {arg}"))
        }
        _ => return None,
    };
    Some((url, label))
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
                    escaped(&url),
                    escaped(&label)
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
            format!("<div class=\"{}\">\n", escaped(&c.class)),
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

/// `- [ ] x` / `- [x] x`: HedgeDoc's `finishView` turns the marker at the start of
/// the item into a disabled checkbox.
/// The item keeps its bullet: the rule hiding it lives in CSS that slides do not load.
pub(crate) fn task_lists<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) {
    let items: Vec<_> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Item(_)))
        .collect();
    for item in items {
        // HedgeDoc reads the item's HTML, or its paragraph when it has exactly one.
        let tight = item
            .parent()
            .is_some_and(|l| matches!(&l.data().value, NodeValue::List(nl) if nl.tight));
        let paras = item
            .children()
            .filter(|c| matches!(c.data().value, NodeValue::Paragraph))
            .count();
        let Some(para) = item
            .first_child()
            .filter(|p| matches!(p.data().value, NodeValue::Paragraph))
        else {
            continue;
        };
        if !tight && paras != 1 {
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
        } else if let Some(r) = t.strip_prefix("[x]").or_else(|| t.strip_prefix("[X]")) {
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

/// One tag at the start of `s`: `[color=…]`, `[name=…]` or `[time=…]` with
/// HedgeDoc's value patterns; its value and length.
fn tag_at<'s>(s: &'s str, key: &str) -> Option<(&'s str, usize)> {
    let rest = s.strip_prefix('[')?.strip_prefix(key)?.strip_prefix('=')?;
    let end = rest.find(']')?;
    let value = &rest[..end];
    let ok = match key {
        "color" => value
            .chars()
            .all(|c| c.is_alphanumeric() || "#(), _".contains(c) || c.is_whitespace()),
        "time" => value
            .chars()
            .all(|c| c.is_alphanumeric() || ":,.+() _-".contains(c) || c.is_whitespace()),
        _ => true,
    };
    ok.then_some((value, key.len() + 3 + end))
}

/// HedgeDoc's `replaceExtraTags` on one text: `[name=A] [time=B]` together, or
/// alone, become a `<small>` with a person and a clock sign; `[color=C]` an empty
/// span, which in a list shows as a tag sign in that colour.
fn replace_tags(text: &str, in_list: bool) -> Option<Vec<Piece>> {
    if !text.contains("[name=") && !text.contains("[time=") && !text.contains("[color=") {
        return None;
    }
    let mut pieces = Vec::new();
    let mut plain = String::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let html = if let Some((c, n)) = tag_at(rest, "color") {
            i += n;
            Some(if in_list {
                format!(
                    "<span class=\"color\" data-color=\"{0}\" style=\"color: {0}\">●</span>",
                    escaped(c)
                )
            } else {
                format!(
                    "<span class=\"color\" data-color=\"{}\"></span>",
                    escaped(c)
                )
            })
        } else if let Some((name, n)) = tag_at(rest, "name") {
            i += n;
            let after = &text[i..];
            let gap = after.len() - after.trim_start().len();
            match tag_at(&after[gap..], "time") {
                Some((time, m)) => {
                    i += gap + m;
                    Some(format!(
                        "<small class=\"dp-tag\">☺ {} ◷ {}</small>",
                        escaped(name),
                        escaped(time)
                    ))
                }
                None => Some(format!(
                    "<small class=\"dp-tag\">☺ {}</small>",
                    escaped(name)
                )),
            }
        } else if let Some((time, n)) = tag_at(rest, "time") {
            i += n;
            Some(format!(
                "<small class=\"dp-tag\">◷ {}</small>",
                escaped(time)
            ))
        } else {
            None
        };
        match html {
            Some(h) => {
                pieces.push(Piece::Text(std::mem::take(&mut plain)));
                pieces.push(Piece::Html(h));
            }
            None => {
                let c = rest.chars().next().unwrap_or(' ');
                plain.push(c);
                i += c.len_utf8();
            }
        }
    }
    pieces.push(Piece::Text(plain));
    Some(pieces)
}

/// `[name=…]`, `[time=…]` and `[color=…]` in list items and blockquote paragraphs,
/// where HedgeDoc's `finishView` replaces them.
pub(crate) fn tags<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) {
    let paras: Vec<_> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Paragraph))
        .filter_map(|n| {
            let mut found = None;
            for a in n.ancestors().skip(1) {
                match a.data().value {
                    NodeValue::Item(_) | NodeValue::TaskItem(_) => return Some((n, true)),
                    NodeValue::BlockQuote => found = Some((n, false)),
                    _ => {}
                }
            }
            found
        })
        .collect();
    for (para, in_list) in paras {
        merge_texts(para);
        let texts: Vec<_> = para
            .children()
            .filter(|c| matches!(c.data().value, NodeValue::Text(_)))
            .collect();
        for node in texts {
            if let Some(pieces) = text_of(node).and_then(|t| replace_tags(&t, in_list)) {
                splice(arena, node, pieces);
            }
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
                        escaped(title),
                        escaped(a)
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
                    escaped(&m.literal)
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
        assert_eq!(
            prepare("{%speakerdeck a_b/c-d %}").text,
            "<span class=\"dp-embed dp-embed-speakerdeck\"><a href=\"https://speakerdeck.com/a_b/c-d\">▶ Speakerdeck: a_b/c-d</a></span>"
        );
        // HedgeDoc's argument patterns: an 11-character video id, 6 to 11 digits, an http(s) URL.
        for text in [
            "`{%youtube dQw4w9WgXcQ %}`",
            "{%youtube short %}",
            "{%vimeo 12345 %}",
            "{%pdf paper.pdf %}",
            "{%gist nouser %}",
        ] {
            assert_eq!(prepare(text).text, text);
        }
        assert_eq!(prepare("{%nosuch x %}").text, "{%nosuch x %}");
    }
}
