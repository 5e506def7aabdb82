//! The markup stage: each slide's Markdown to HTML, as HedgeDoc renders it.
//!
//! `=WxH` pre-pass, comrak in HedgeDoc's dialect, a linkify-it-compatible link
//! pass, attribute comments (format spec §5), HedgeDoc's sanitizer (§7) and the
//! `<font>` rewrite; the result is one HTML document for the whole deck.

mod attrs;
mod code;
mod dialect;
mod extras;
mod imsize;
mod linkify;
mod sanitize;
mod style;
mod tree;

pub use style::MAX_STYLE_RULES;

use crate::deck::{Deck, Slide};
use crate::diag::Sink;
use tree::Node;

/// Deepest element nesting in a slide (lists, blockquotes, HTML): deeper elements
/// are replaced by their content, with a warning, so that styling, layout, the
/// walker and the backends recurse a bounded number of levels.
pub const MAX_NESTING: usize = 256;

/// A picture the deck refers to, with the deck line that refers to it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageRef {
    /// The URL or path exactly as written (after sanitizing).
    pub src: String,
    /// 1-based deck line.
    pub line: usize,
    /// `true` for a slide background (`data-background`, `data-background-image`).
    pub background: bool,
}

/// One leaf slide's markup facts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SlideMarkup {
    /// Attributes set on the slide's `<section>` by `<!-- .slide: -->` comments, in order.
    pub attrs: Vec<(String, String)>,
    /// Pictures referenced by the slide (backgrounds and `<img>`), in source order.
    pub images: Vec<ImageRef>,
}

/// The HTML document for the whole deck.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Markup {
    /// `<html>…<div class="reveal"><div class="slides"><section>…` with every leaf
    /// section carrying `data-deckport-slide="N"` (N = index into `Deck::slides`).
    pub html: String,
    /// Per leaf slide, same order as `Deck::slides`.
    pub slides: Vec<SlideMarkup>,
}

/// Renders every slide of the deck into one HTML document.
pub fn render(deck: &Deck, sink: &mut Sink) -> Markup {
    let mut html = String::with_capacity(
        64 + deck
            .slides
            .iter()
            .map(|s| s.markdown.len() * 2)
            .sum::<usize>(),
    );
    html.push_str("<!DOCTYPE html><html><head></head><body>");
    let mut reveal = vec![("class".to_owned(), "reveal".to_owned())];
    if deck
        .meta
        .dir
        .as_deref()
        .is_some_and(|d| d.trim().eq_ignore_ascii_case("rtl"))
    {
        reveal[0].1.push_str(" rtl");
    }
    if let Some(lang) = &deck.meta.lang {
        reveal.push(("lang".to_owned(), lang.clone()));
    }
    tree::write_start("div", &reveal, &mut html);
    html.push_str("<div class=\"slides\">");

    let mut slides = Vec::with_capacity(deck.slides.len());
    let mut open_stack: Option<usize> = None;
    let mut headings = Vec::new();
    let mut rules_left = MAX_STYLE_RULES;
    for (i, slide) in deck.slides.iter().enumerate() {
        // HedgeDoc continues `lang=+` numbers in `postProcess`, which sees one slide.
        let mut numbering = code::Numbering::default();
        let (body, facts, found) = render_slide(slide, sink, &mut numbering, &mut rules_left);
        let target = match slide.v {
            Some(v) => format!("#/{}/{v}", slide.h),
            None => format!("#/{}", slide.h),
        };
        headings.extend(
            found
                .into_iter()
                .map(|(level, text)| (level, text, target.clone())),
        );
        match (slide.v, open_stack) {
            (Some(_), Some(h)) if h == slide.h => {}
            (v, open) => {
                if open.is_some() {
                    html.push_str("</section>");
                }
                open_stack = v.map(|_| slide.h);
                if open_stack.is_some() {
                    html.push_str("<section>");
                }
            }
        }
        let mut attrs = vec![("data-deckport-slide".to_owned(), i.to_string())];
        attrs.extend(
            facts
                .attrs
                .iter()
                .filter(|(k, _)| k != "data-deckport-slide")
                .cloned(),
        );
        tree::write_start("section", &attrs, &mut html);
        html.push_str(&body);
        html.push_str("</section>");
        slides.push(facts);
    }
    if open_stack.is_some() {
        html.push_str("</section>");
    }
    html.push_str("</div></div></body></html>");
    if html.contains(extras::TOC_MARK) {
        html = html.replace(extras::TOC_MARK, &toc_html(&headings));
    }
    Markup { html, slides }
}

/// The deck's headings as nested lists linking to their slides, as HedgeDoc's
/// table of contents nests them (a deeper level opens a list inside the last item).
fn toc_html(headings: &[(u8, String, String)]) -> String {
    let Some(top) = headings.iter().map(|h| h.0).min() else {
        return String::new();
    };
    let mut out = String::from("<ul class=\"toc\">");
    let mut depth = top;
    let mut open_item = false;
    for (level, text, target) in headings {
        let level = (*level).max(top);
        while depth < level {
            out.push_str(if open_item { "<ul>" } else { "<li><ul>" });
            depth += 1;
            open_item = false;
        }
        while depth > level {
            out.push_str("</li></ul>");
            depth -= 1;
            open_item = true;
        }
        if open_item {
            out.push_str("</li>");
        }
        out.push_str("<li>");
        tree::write_start("a", &[("href".to_owned(), target.clone())], &mut out);
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                _ => out.push(c),
            }
        }
        out.push_str("</a>");
        open_item = true;
    }
    while depth > top {
        out.push_str("</li></ul>");
        depth -= 1;
    }
    out.push_str("</li></ul>");
    out
}

/// A picture reference that resolves against the deck's base, in place of one that
/// does not (`http://127.=0.0.1/x.png`, `//[`): every byte but letters, digits, `.`,
/// `-`, `_` and `/` percent-encoded behind `./`, so the file name stays readable.
fn unresolvable_src(src: &str) -> String {
    let mut out = String::from("./");
    for b in src.trim().bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Deck line of a 1-based line of the slide's Markdown.
fn deck_line(slide: &Slide, rel: usize) -> usize {
    slide.first_line + rel.saturating_sub(1)
}

/// A slide's Markdown with its line starts, for finding the lines of things.
struct Lines<'a> {
    md: &'a str,
    lower: String,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(md: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(md.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines {
            md,
            lower: md.to_ascii_lowercase(),
            starts,
        }
    }

    /// 1-based slide line of a byte offset.
    fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at)
    }

    /// The text of a 1-based line.
    fn line(&self, n: usize) -> Option<&'a str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self.starts.get(n).map_or(self.md.len(), |e| e - 1);
        self.md.get(start..end)
    }

    /// Finds `needle` (ASCII case-insensitive) from `*from`, moving `*from` past it.
    fn find(&self, needle: &str, from: &mut usize) -> Option<usize> {
        let at = *from
            + self
                .lower
                .get(*from..)?
                .find(&needle.to_ascii_lowercase())?;
        *from = at + needle.len();
        Some(self.line_of(at))
    }
}

/// reveal's test for a `data-background` value that names a picture.
fn is_image_background(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    if l.starts_with("http") || l.starts_with("file") || l.starts_with("//") {
        return true;
    }
    ["svg", "png", "jpg", "jpeg", "gif", "bmp"]
        .iter()
        .any(|ext| {
            l.match_indices(&format!(".{ext}")).any(|(i, m)| {
                l[i + m.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| matches!(c, '?' | '#') || c.is_whitespace())
            })
        })
}

/// Source lines (start, end) from a `data-sourcepos="l:c-l:c"` value.
fn sourcepos_lines(v: &str) -> Option<(usize, usize)> {
    let (a, b) = v.split_once('-')?;
    let start = a.split(':').next()?.parse().ok()?;
    let end = b.split(':').next()?.parse().ok()?;
    Some((start, end))
}

/// A closed `<details>` as a browser draws it: its first `<summary>` only (a
/// default "Details" when it has none); what it hides is neither drawn nor fetched.
fn close_details(details: &mut tree::Element) {
    let summary = details
        .children
        .iter()
        .position(|c| matches!(c, Node::Element(s) if s.name == "summary"));
    details.children = match summary {
        Some(i) => vec![details.children.swap_remove(i)],
        None => vec![Node::Element(tree::Element {
            name: "summary".into(),
            attrs: Vec::new(),
            children: vec![Node::Text("Details".into())],
        })],
    };
}

/// Context for the per-slide tree walk.
struct Walk<'a> {
    lines: &'a Lines<'a>,
    /// Line of the last picture found (pictures come in source order).
    cursor: usize,
    slide: &'a Slide,
    images: Vec<ImageRef>,
    imports: usize,
    /// Headings (level, text) in document order, for a table of contents.
    headings: Vec<(u8, String)>,
    /// Selectors the deck's `<style>` blocks may still hold.
    rules_left: &'a mut usize,
    /// `<style>` elements seen, and the index of the first one cut short.
    styles: usize,
    style_cut: Option<usize>,
}

impl Walk<'_> {
    /// Strips source positions, restores `=WxH` sizes, rewrites `<font>`, cleans
    /// `<style>` and collects pictures.
    fn visit(&mut self, nodes: &mut [Node], block: Option<(usize, usize)>) {
        for n in nodes {
            let Node::Element(e) = n else { continue };
            if e.name == "details" && e.attr("open").is_none() {
                close_details(e);
            }
            let mut block = block;
            if let Some(sp) = e.remove_attr("data-sourcepos") {
                block = sourcepos_lines(&sp).or(block);
                // The deck line of a Markdown block, for warnings about its text.
                let is_block = matches!(
                    e.name.as_str(),
                    "p" | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "li"
                        | "dt"
                        | "dd"
                        | "td"
                        | "th"
                        | "pre"
                        | "blockquote"
                );
                if is_block && let Some((start, _)) = block {
                    e.set_attr("data-line", &deck_line(self.slide, start).to_string());
                }
            }
            tree::rewrite_font(e);
            if let Some(level) = e
                .name
                .strip_prefix('h')
                .and_then(|l| l.parse::<u8>().ok())
                .filter(|l| (1..=6).contains(l))
            {
                let text = tree::text_content(&e.children);
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if !text.is_empty() {
                    self.headings.push((level, text));
                }
            }
            if e.name == "style" {
                for c in &mut e.children {
                    if let Node::Text(css) = c {
                        let (clean, n) = tree::strip_imports(css);
                        self.imports += n;
                        if clean.len() != css.len() {
                            *css = clean;
                        }
                        if let Some(kept) = style::within_budget(css, self.rules_left) {
                            *css = kept;
                            self.style_cut.get_or_insert(self.styles);
                        }
                    }
                }
                self.styles += 1;
            }
            if e.name == "img" {
                if let Some((title, w, h)) = e.attr("title").and_then(imsize::take_size) {
                    if title.is_empty() {
                        e.remove_attr("title");
                    } else {
                        e.set_attr("title", &title);
                    }
                    if !w.is_empty() {
                        e.set_attr("width", &w);
                    }
                    if !h.is_empty() {
                        e.set_attr("height", &h);
                    }
                }
                if let Some(src) = e.attr("src").filter(|s| !s.is_empty()).map(str::to_owned) {
                    let line = self.image_line(&src, block);
                    // Blitz resolves every `<img src>` and panics on one it cannot:
                    // such a reference becomes a deck-relative name that resolves,
                    // names no file and so gives a placeholder with a warning.
                    let src = match crate::assets::resolve(&src) {
                        Some(_) => src,
                        None => {
                            let stand_in = unresolvable_src(&src);
                            e.set_attr("src", &stand_in);
                            stand_in
                        }
                    };
                    self.images.push(ImageRef {
                        src,
                        line,
                        background: false,
                    });
                }
            }
            self.visit(&mut e.children, block);
        }
    }

    /// The deck line of a picture: where its URL is written inside its block, else the block start.
    fn image_line(&mut self, src: &str, block: Option<(usize, usize)>) -> usize {
        let (start, end) = block.unwrap_or((1, 1));
        // Search a bounded window so that many pictures in one big block stay linear.
        let from = start.max(self.cursor);
        let found = (from..=end.min(from + 200))
            .find(|&n| self.lines.line(n).is_some_and(|l| l.contains(src)));
        if let Some(n) = found {
            self.cursor = n;
        }
        deck_line(self.slide, found.unwrap_or(start))
    }
}

/// Renders one leaf slide: the `<div>…</div>` content of its section and its facts.
fn render_slide(
    slide: &Slide,
    sink: &mut Sink,
    numbering: &mut code::Numbering,
    rules_left: &mut usize,
) -> (String, SlideMarkup, Vec<(u8, String)>) {
    let md = slide.markdown.replace("&lt;", "<").replace("&gt;", ">");
    let rendered = dialect::render(&md, numbering);
    for (line, message) in rendered.warnings {
        sink.warn(Some(deck_line(slide, line)), message);
    }
    let html = rendered.html;
    let (clean, escaped) = sanitize::sanitize(&html);
    let lines = Lines::new(&md);
    let mut cursor = 0;
    for name in escaped {
        let line = lines
            .find(&format!("<{name}"), &mut cursor)
            .map_or(slide.first_line, |l| deck_line(slide, l));
        sink.warn(
            Some(line),
            format!("HTML tag <{name}> is not allowed and is shown as text"),
        );
    }

    let mut wrapper = String::with_capacity(clean.len() + 11);
    wrapper.push_str("<div>");
    wrapper.push_str(&clean);
    wrapper.push_str("</div>");
    let (mut nodes, changes) = tree::parse_fragment_within(&wrapper, MAX_NESTING);
    let line_of = |sourcepos: Option<String>| {
        sourcepos
            .as_deref()
            .and_then(sourcepos_lines)
            .map_or(slide.first_line, |(start, _)| deck_line(slide, start))
    };
    if let Some(sourcepos) = changes.too_deep {
        sink.warn(
            Some(line_of(sourcepos)),
            format!(
                "elements nested more than {MAX_NESTING} deep; the deeper ones are flattened into their text"
            ),
        );
    }
    if let Some(sourcepos) = changes.controls {
        sink.warn(
            Some(line_of(sourcepos)),
            "control characters removed (written as character references)",
        );
    }

    let mut walk = Walk {
        lines: &lines,
        cursor: 0,
        slide,
        images: Vec::new(),
        imports: 0,
        headings: Vec::new(),
        rules_left,
        styles: 0,
        style_cut: None,
    };
    walk.visit(&mut nodes, None);
    if let Some(nth) = walk.style_cut {
        let mut cursor = 0;
        let mut line = None;
        for _ in 0..=nth {
            line = lines.find("<style", &mut cursor);
        }
        sink.warn(
            Some(line.map_or(slide.first_line, |l| deck_line(slide, l))),
            format!(
                "the deck's <style> blocks hold more than {MAX_STYLE_RULES} rules; the rest are ignored"
            ),
        );
    }
    let mut cursor = 0;
    for _ in 0..walk.imports {
        let line = lines
            .find("@import", &mut cursor)
            .map_or(slide.first_line, |l| deck_line(slide, l));
        sink.warn(
            Some(line),
            "@import removed from <style> (HedgeDoc removes it)",
        );
    }

    let mut applied = attrs::Applied::default();
    if let Some(Node::Element(div)) = nodes.iter_mut().find(|n| matches!(n, Node::Element(_))) {
        attrs::apply(div, &mut applied);
    }
    let mut cursor = 0;
    for d in &applied.dropped {
        let line = lines
            .find(d, &mut cursor)
            .map_or(slide.first_line, |l| deck_line(slide, l));
        sink.warn(
            Some(line),
            format!("attribute comment value dropped (values may not contain '\"' or '='): {d}"),
        );
    }

    let mut images = Vec::new();
    for (k, v) in &applied.slide {
        let bg = (k == "data-background" && is_image_background(v)) || k == "data-background-image";
        if bg && !v.is_empty() {
            let mut from = 0;
            let line = lines
                .find(v, &mut from)
                .map_or(slide.first_line, |l| deck_line(slide, l));
            images.push(ImageRef {
                src: v.clone(),
                line,
                background: true,
            });
        }
    }
    images.extend(walk.images);
    images.sort_by_key(|i| i.line);

    let mut body = String::with_capacity(clean.len() + 64);
    tree::serialize(&nodes, &mut body);
    (
        body,
        SlideMarkup {
            attrs: applied.slide,
            images,
        },
        walk.headings,
    )
}

#[cfg(test)]
mod tests;
