//! comrak configured as HedgeDoc's markdown-it, plus the passes comrak lacks.
//!
//! comrak gives the CommonMark/GFM core and most of HedgeDoc's plugins (sub, sup,
//! mark, ins, footnotes, description lists, emoji shortcodes, smart punctuation).
//! On its tree this module then runs the linkify-it link pass (comrak's own
//! autolinker is off) and markdown-it's remaining typographer replacements
//! (`(c)` `(r)` `(tm)` `+-`), then writes HTML with raw HTML kept and block
//! source positions (`data-sourcepos`) for the deck lines of pictures.
//! HedgeDoc's other extras (`extras.rs`) and fenced code (`code.rs`) are applied
//! to the same tree.

use std::cell::RefCell;
use std::ops::Range;

use comrak::nodes::{Ast, AstNode, LineColumn, NodeLink, NodeValue};
use comrak::{Arena, Options, arena_tree::NodeEdge, format_html, parse_document};

use super::code::{self, Numbering};
use super::{extras, imsize, linkify};

/// HedgeDoc's Markdown dialect as comrak options.
fn options() -> Options<'static> {
    let mut o = Options::default();
    let e = &mut o.extension;
    e.strikethrough = true;
    e.subscript = true;
    e.superscript = true;
    e.highlight = true;
    e.insert = true;
    e.table = true;
    e.footnotes = true;
    e.inline_footnotes = true;
    e.description_lists = true;
    e.shortcodes = true;
    e.autolink = false;
    e.tasklist = false;
    e.math_dollars = true;
    o.parse.smart = true;
    o.render.hardbreaks = true;
    o.render.r#unsafe = true;
    o.render.sourcepos = true;
    o
}

/// Byte offset of the start of each line (1-based line `n` starts at `starts[n - 1]`).
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn offset(starts: &[usize], len: usize, lc: LineColumn) -> usize {
    let line = starts
        .get(lc.line.saturating_sub(1))
        .copied()
        .unwrap_or(len);
    (line + lc.column.saturating_sub(1)).min(len)
}

/// Byte ranges of code and raw HTML, where the image-size syntax does not apply.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let arena = Arena::new();
    let mut o = options();
    o.parse.smart = false;
    let root = parse_document(&arena, text, &o);
    let starts = line_starts(text);
    let mut out = Vec::new();
    for node in root.descendants() {
        let ast = node.data();
        let block = matches!(ast.value, NodeValue::CodeBlock(_) | NodeValue::HtmlBlock(_));
        if block || matches!(ast.value, NodeValue::Code(_) | NodeValue::HtmlInline(_)) {
            let sp = ast.sourcepos;
            let start = if block {
                starts.get(sp.start.line - 1).copied().unwrap_or(text.len())
            } else {
                offset(&starts, text.len(), sp.start)
            };
            let end = if block {
                starts.get(sp.end.line).copied().unwrap_or(text.len())
            } else {
                offset(&starts, text.len(), sp.end) + 1
            };
            out.push(start..end.min(text.len()).max(start));
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// markdown-it's `(c)` `(r)` `(tm)` (any case) and `+-` replacements, then its
/// punctuation ones.
fn symbols(s: &str) -> Option<String> {
    let replaced = replacements(s);
    let text = replaced.as_deref().unwrap_or(s);
    match punctuation(text) {
        Some(p) => Some(p),
        None => replaced,
    }
}

/// markdown-it's `..`+ → `…` (but `?…`/`!…` → `?..`/`!..`), four or more `?` or `!`
/// → three, `,,`+ → `,`. comrak has already made `...` an ellipsis, so a run of
/// dots and ellipses counts as one run of dots.
fn punctuation(s: &str) -> Option<String> {
    if !s.contains("..")
        && !s.contains('…')
        && !s.contains(",,")
        && !s.contains("???")
        && !s.contains("!!!")
    {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..].iter().take_while(|&&x| {
            if c == '.' || c == '…' {
                x == '.' || x == '…'
            } else {
                x == c
            }
        });
        let n = run.count();
        match c {
            '.' | '…' if n >= 2 || c == '…' => {
                let after_mark = out.ends_with(['?', '!']);
                out.push_str(if after_mark { ".." } else { "…" });
            }
            '?' | '!' if n >= 4 => {
                for _ in 0..3 {
                    out.push(c);
                }
            }
            ',' if n >= 2 => out.push(','),
            _ => {
                for _ in 0..n {
                    out.push(c);
                }
            }
        }
        i += n;
    }
    (out != s).then_some(out)
}

/// markdown-it's `(c)` `(r)` `(tm)` (any case) and `+-` replacements.
fn replacements(s: &str) -> Option<String> {
    if !s.contains('(') && !s.contains("+-") {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let mut i = 0;
    let b = s.as_bytes();
    while i < b.len() {
        let rest = &s[i..];
        let lower3 = rest.get(..3).map(str::to_ascii_lowercase);
        let lower4 = rest.get(..4).map(str::to_ascii_lowercase);
        let (rep, n) = match (lower3.as_deref(), lower4.as_deref()) {
            (Some("(c)"), _) => ("©", 3),
            (Some("(r)"), _) => ("®", 3),
            (_, Some("(tm)")) => ("™", 4),
            _ if rest.starts_with("+-") => ("±", 2),
            _ => {
                let c = rest.chars().next().unwrap_or(' ');
                out.push(c);
                i += c.len_utf8();
                continue;
            }
        };
        out.push_str(rep);
        changed = true;
        i += n;
    }
    changed.then_some(out)
}

fn is_html_link_open(h: &str) -> bool {
    let l = h.as_bytes();
    l.len() > 2
        && l[0] == b'<'
        && l[1].eq_ignore_ascii_case(&b'a')
        && (l[2] == b'>' || l[2].is_ascii_whitespace())
}

fn is_html_link_close(h: &str) -> bool {
    let l = h.to_ascii_lowercase();
    l.strip_prefix("</a")
        .is_some_and(|r| r.trim_start().starts_with('>'))
}

/// What may happen to one text node.
struct TextJob<'a> {
    node: &'a AstNode<'a>,
    linkify: bool,
    symbols: bool,
}

fn new_node<'a>(arena: &'a Arena<'a>, value: NodeValue, at: LineColumn) -> &'a AstNode<'a> {
    arena.alloc(AstNode::new(RefCell::new(Ast::new(value, at))))
}

/// Runs the linkify and typographer passes over the tree.
fn post_passes<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) {
    let mut jobs = Vec::new();
    let mut in_link = 0usize;
    let mut in_image = 0usize;
    let mut html_link = 0usize;
    for edge in root.traverse() {
        match edge {
            NodeEdge::Start(n) => {
                let ast = n.data();
                match &ast.value {
                    NodeValue::Link(_) => in_link += 1,
                    NodeValue::Image(_) => in_image += 1,
                    NodeValue::HtmlInline(h) => {
                        if is_html_link_open(h) {
                            html_link += 1;
                        } else if is_html_link_close(h) {
                            html_link = html_link.saturating_sub(1);
                        }
                    }
                    NodeValue::Text(_) => jobs.push(TextJob {
                        node: n,
                        linkify: in_link == 0 && in_image == 0 && html_link == 0,
                        symbols: in_image == 0,
                    }),
                    v if v.block() => html_link = 0,
                    _ => {}
                }
            }
            NodeEdge::End(n) => match n.data().value {
                NodeValue::Link(_) => in_link -= 1,
                NodeValue::Image(_) => in_image -= 1,
                _ => {}
            },
        }
    }
    for job in jobs {
        let (text, at) = {
            let ast = job.node.data();
            match &ast.value {
                NodeValue::Text(t) => (t.to_string(), ast.sourcepos.start),
                _ => continue,
            }
        };
        let links = if job.linkify {
            linkify::find_links(&text)
        } else {
            Vec::new()
        };
        if links.is_empty() {
            if job.symbols
                && let Some(s) = symbols(&text)
            {
                job.node.data_mut().value = NodeValue::Text(s.into());
            }
            continue;
        }
        let plain = |s: &str| -> String {
            if job.symbols {
                symbols(s).unwrap_or_else(|| s.to_owned())
            } else {
                s.to_owned()
            }
        };
        let mut last = 0;
        for l in &links {
            if l.start > last {
                let t = new_node(
                    arena,
                    NodeValue::Text(plain(&text[last..l.start]).into()),
                    at,
                );
                job.node.insert_before(t);
            }
            let link = new_node(
                arena,
                NodeValue::Link(Box::new(NodeLink {
                    url: l.url.clone(),
                    title: String::new(),
                })),
                at,
            );
            link.append(new_node(
                arena,
                NodeValue::Text(text[l.start..l.end].to_owned().into()),
                at,
            ));
            job.node.insert_before(link);
            last = l.end;
        }
        if last < text.len() {
            let t = new_node(arena, NodeValue::Text(plain(&text[last..]).into()), at);
            job.node.insert_before(t);
        }
        job.node.detach();
    }
}

/// A slide's HTML and the warnings found on the way.
pub(crate) struct Rendered {
    pub(crate) html: String,
    /// (1-based slide line, message).
    pub(crate) warnings: Vec<(usize, String)>,
}

/// Fenced and indented code blocks replaced by `code::render`'s HTML.
fn code_blocks<'a>(
    arena: &'a Arena<'a>,
    root: &'a AstNode<'a>,
    numbering: &mut Numbering,
    warnings: &mut Vec<(usize, String)>,
) {
    let blocks: Vec<_> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::CodeBlock(_)))
        .collect();
    for node in blocks {
        let (rendered, at) = {
            let ast = node.data();
            let NodeValue::CodeBlock(c) = &ast.value else {
                continue;
            };
            let info = if c.fenced { c.info.as_str() } else { "" };
            (
                code::render(info, &c.literal, numbering),
                ast.sourcepos.start,
            )
        };
        if let Some(w) = rendered.warning {
            warnings.push((at.line, w));
        }
        let html = new_node(
            arena,
            NodeValue::HtmlBlock(comrak::nodes::NodeHtmlBlock {
                block_type: 6,
                literal: rendered.html,
            }),
            at,
        );
        node.insert_before(html);
        node.detach();
    }
}

/// Renders one slide's Markdown (after the `&lt;`/`&gt;` step) to HTML.
pub(crate) fn render(markdown: &str, numbering: &mut Numbering) -> Rendered {
    let prepared = extras::prepare(markdown);
    let sized;
    let text = if imsize::may_have_sizes(&prepared.text) {
        sized = imsize::rewrite(&prepared.text, &code_ranges(&prepared.text));
        sized.as_str()
    } else {
        prepared.text.as_str()
    };
    let arena = Arena::new();
    let o = options();
    let root = parse_document(&arena, text, &o);
    let mut warnings = Vec::new();
    code_blocks(&arena, root, numbering, &mut warnings);
    for line in extras::math(&arena, root) {
        warnings.push((
            line,
            "math is shown as its TeX source (formulas are not typeset)".to_string(),
        ));
    }
    extras::footnotes(&arena, root);
    extras::toc(&arena, root);
    extras::task_lists(&arena, root);
    extras::tags(&arena, root);
    post_passes(&arena, root);
    extras::abbreviations(&arena, root, &prepared.abbrs);
    extras::wrap_containers(&arena, root, &prepared.containers);
    let mut html = String::new();
    // Writing into a String cannot fail.
    let _ = format_html(root, &o, &mut html);
    Rendered { html, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(md: &str) -> String {
        // Drop source positions to keep expectations short.
        let html = render(md, &mut Numbering::default()).html;
        let mut out = String::new();
        let mut rest = html.as_str();
        while let Some(i) = rest.find(" data-sourcepos=\"") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 17..];
            rest = &after[after.find('"').map_or(after.len(), |e| e + 1)..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn sub_and_strike_both() {
        assert_eq!(r("~x~ and ~~y~~"), "<p><sub>x</sub> and <del>y</del></p>\n");
    }

    #[test]
    fn dialect_inline_extensions() {
        assert_eq!(
            r("==m== ++i++ ^s^"),
            "<p><mark>m</mark> <ins>i</ins> <sup>s</sup></p>\n"
        );
        assert_eq!(r("a\nb"), "<p>a<br />\nb</p>\n");
        assert_eq!(r(":smile:"), "<p>😄</p>\n");
        assert_eq!(r("<span>raw</span>"), "<p><span>raw</span></p>\n");
    }

    #[test]
    fn typographer_symbols() {
        assert_eq!(r("(c) (C) (r) (tm) (TM) +-"), "<p>© © ® ™ ™ ±</p>\n");
        assert_eq!(r("`(c)` (c)"), "<p><code>(c)</code> ©</p>\n");
        assert_eq!(r("\"q\" 'a' -- --- ..."), "<p>“q” ‘a’ – — …</p>\n");
        assert_eq!(
            r("a.. b.... c?... d!!!!! e???? f,,, g."),
            "<p>a… b… c?.. d!!! e??? f, g.</p>\n"
        );
    }

    #[test]
    fn linkify_skips_code_and_links() {
        assert_eq!(
            r("`example.com` [example.org](https://x.net) <a href=\"/\">y.com</a> z.com"),
            "<p><code>example.com</code> <a href=\"https://x.net\">example.org</a> <a href=\"/\">y.com</a> <a href=\"http://z.com\">z.com</a></p>\n"
        );
        assert_eq!(
            r("<span title=\"a.com\">b</span>"),
            "<p><span title=\"a.com\">b</span></p>\n"
        );
        assert_eq!(
            r("    code.com\n"),
            "<pre><code><span class=\"dp-line\">code.com</span></code></pre>\n"
        );
    }

    #[test]
    fn linkify_in_text() {
        assert_eq!(
            r("Registration: https://events.scs.community/scs-summit-2024/"),
            "<p>Registration: <a href=\"https://events.scs.community/scs-summit-2024/\">https://events.scs.community/scs-summit-2024/</a></p>\n"
        );
        assert_eq!(
            r("mail me@example.org"),
            "<p>mail <a href=\"mailto:me@example.org\">me@example.org</a></p>\n"
        );
    }

    #[test]
    fn alert_boxes_wrap_their_blocks() {
        assert_eq!(
            r(":::warning\nCareful *now*\n:::\nafter"),
            "<div class=\"alert alert-warning\">\n<p>Careful <em>now</em></p>\n</div>\n<p>after</p>\n"
        );
    }

    #[test]
    fn task_items_get_checkboxes_in_tight_lists() {
        assert_eq!(
            r("- [ ] a\n- [x] b\n- [X] c"),
            "<ul>\n<li><span class=\"task-list-item-checkbox\">☐</span> a</li>\n<li><span class=\"task-list-item-checkbox checked\">☑</span> b</li>\n<li><span class=\"task-list-item-checkbox checked\">☑</span> c</li>\n</ul>\n"
        );
        // A loose item with one paragraph is converted too; `[y]` is text.
        assert_eq!(
            r("- [ ] a\n\n- [y] b"),
            "<ul>\n<li>\n<p><span class=\"task-list-item-checkbox\">☐</span> a</p>\n</li>\n<li>\n<p>[y] b</p>\n</li>\n</ul>\n"
        );
    }

    #[test]
    fn tags_only_in_list_items_and_quotes() {
        assert_eq!(
            r(
                "- x [name=Ann] [time=9:00] [color=#f00]\n\n> q [name=Bo] [color=red]\n\np [name=Cy]\n\n- [time=<b>] [time=9]"
            ),
            "<ul>\n<li>x <small class=\"dp-tag\">☺ Ann ◷ 9:00</small> <span class=\"color\" data-color=\"#f00\" style=\"color: #f00\">●</span></li>\n</ul>\n<blockquote>\n<p>q <small class=\"dp-tag\">☺ Bo</small> <span class=\"color\" data-color=\"red\"></span></p>\n</blockquote>\n<p>p [name=Cy]</p>\n<ul>\n<li>[time=<b>] <small class=\"dp-tag\">◷ 9</small></li>\n</ul>\n"
        );
    }

    #[test]
    fn abbreviations_toc_and_math() {
        assert_eq!(
            r("*[CSS]: Cascading Style Sheets\nCSS, not CSSX."),
            "<p><abbr title=\"Cascading Style Sheets\">CSS</abbr>, not CSSX.</p>\n"
        );
        assert_eq!(r("[toc]"), "<div class=\"toc\">\u{e010}</div>\n");
        let rendered = render("a $x^2$ b\n\n$$y$$", &mut Numbering::default());
        assert_eq!(
            rendered.warnings.iter().map(|w| w.0).collect::<Vec<_>>(),
            vec![1, 3]
        );
        assert!(
            rendered
                .html
                .contains("<span class=\"dp-math\">$x^2$</span>"),
            "{}",
            rendered.html
        );
    }

    #[test]
    fn diagram_warning_names_the_fence_line() {
        let rendered = render(
            "text\n\n```graphviz\ndigraph {}\n```",
            &mut Numbering::default(),
        );
        assert_eq!(
            rendered.warnings,
            vec![(
                3,
                "graphviz diagram is not drawn; its source is shown instead".to_string()
            )]
        );
    }

    #[test]
    fn imsize_image_rendered() {
        assert_eq!(
            r("![a](u.png =300x)"),
            "<p><img src=\"u.png\" alt=\"a\" title=\"\u{e000}300x\u{e001}\" /></p>\n"
        );
        assert_eq!(r("`![a](u =1x2)`"), "<p><code>![a](u =1x2)</code></p>\n");
    }
}
