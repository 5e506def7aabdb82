//! A small owned HTML tree: parsed by html5ever (through scraper), edited, serialised.
//!
//! The markup stage edits the slide HTML the way HedgeDoc's browser code edits the
//! DOM (attribute comments, `<font>` rewrite, `<style>` clean-up). html5ever gives
//! the browser's tree construction (implicit closes, raw-text elements); the tree
//! is then copied into plain owned nodes so edits do not depend on scraper's
//! attribute storage, and written back out as HTML.

use scraper::{Html, Node as SNode};

/// One node of a slide's HTML.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
    Comment(String),
}

/// An element with its attributes in source order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl Element {
    /// The value of an attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets an attribute (replacing the value in place, as `setAttribute` does).
    pub fn set_attr(&mut self, name: &str, value: &str) {
        match self.attrs.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value.to_owned(),
            None => self.attrs.push((name.to_owned(), value.to_owned())),
        }
    }

    /// Removes an attribute, returning its value.
    pub fn remove_attr(&mut self, name: &str) -> Option<String> {
        let i = self.attrs.iter().position(|(n, _)| n == name)?;
        Some(self.attrs.remove(i).1)
    }
}

/// The text of nodes and their descendants, as `textContent` reads it.
pub(crate) fn text_content(nodes: &[Node]) -> String {
    let mut out = String::new();
    let mut stack: Vec<&Node> = nodes.iter().rev().collect();
    while let Some(n) = stack.pop() {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => stack.extend(e.children.iter().rev()),
            Node::Comment(_) => {}
        }
    }
    out
}

/// Parses an HTML fragment (in a `<body>` context) into owned nodes.
#[cfg(test)]
pub(crate) fn parse_fragment(html: &str) -> Vec<Node> {
    parse_fragment_within(html, usize::MAX).0
}

/// What the copy of a fragment changed, each with the `data-sourcepos` of the element
/// concerned or of its nearest ancestor that has one.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Changes {
    /// The first element unwrapped for being nested too deeply.
    pub too_deep: Option<Option<String>>,
    /// The first text or attribute value that held control characters (written as
    /// character references: raw ones are gone before the deck is split).
    pub controls: Option<Option<String>>,
}

/// Whether a character is dropped from text and attribute values: control characters
/// other than tab and line feed draw nothing in a browser, and must reach neither a PDF
/// nor XML.
fn stray(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `text` without [`stray`] characters, noting the first removal in `found`.
fn without_controls(text: &str, found: &mut bool) -> String {
    if text.contains(stray) {
        *found = true;
        text.chars().filter(|&c| !stray(c)).collect()
    } else {
        text.to_owned()
    }
}

/// Parses an HTML fragment (in a `<body>` context) into owned nodes, at most
/// `max_depth` elements deep (one more for an element holding no elements, such as a
/// `<style>`): an element below that depth which holds elements is replaced by its
/// children (its text stays, in order, inside the deepest element kept), so every
/// later stage, recursive or not, sees a bounded depth; browsers bound it too (Blink's
/// parser stops nesting at 512). Control characters are dropped from text and
/// attribute values.
pub(crate) fn parse_fragment_within(html: &str, max_depth: usize) -> (Vec<Node>, Changes) {
    let doc = Html::parse_fragment(html);
    let root = doc.tree.root();
    // The fragment root holds an `<html>` element that holds the parsed nodes.
    let container = root
        .children()
        .find(|n| matches!(n.value(), SNode::Element(e) if e.name() == "html"))
        .unwrap_or(root);
    // Iterative copy: deep nesting must not overflow the stack.
    let mut iters = vec![container.children()];
    let mut built: Vec<Vec<Node>> = vec![Vec::new()];
    // One entry per open level: the element being built (`None` when unwrapped) and
    // the nearest `data-sourcepos` at that level.
    let mut pending: Vec<(Option<Element>, Option<String>)> = Vec::new();
    let mut kept = 0;
    let mut changes = Changes::default();
    loop {
        let depth = iters.len() - 1;
        if let Some(n) = iters[depth].next() {
            match n.value() {
                SNode::Element(e) => {
                    let inherited = pending.last().and_then(|(_, sp)| sp.clone());
                    let sourcepos = e.attr("data-sourcepos").map(str::to_owned).or(inherited);
                    let unwrap = kept >= max_depth && n.children().any(|c| c.value().is_element());
                    if unwrap {
                        changes.too_deep.get_or_insert_with(|| sourcepos.clone());
                        pending.push((None, sourcepos));
                    } else {
                        kept += 1;
                        let mut found = false;
                        let element = Element {
                            name: e.name().to_owned(),
                            attrs: e
                                .attrs()
                                .map(|(k, v)| (k.to_owned(), without_controls(v, &mut found)))
                                .collect(),
                            children: Vec::new(),
                        };
                        if found {
                            changes.controls.get_or_insert_with(|| sourcepos.clone());
                        }
                        pending.push((Some(element), sourcepos));
                    }
                    iters.push(n.children());
                    built.push(Vec::new());
                }
                SNode::Text(t) => {
                    let mut found = false;
                    built[depth].push(Node::Text(without_controls(t, &mut found)));
                    if found {
                        let sourcepos = pending.last().and_then(|(_, sp)| sp.clone());
                        changes.controls.get_or_insert(sourcepos);
                    }
                }
                SNode::Comment(c) => built[depth].push(Node::Comment(c.to_string())),
                _ => {}
            }
        } else {
            iters.pop();
            let children = built.pop().unwrap_or_default();
            if iters.is_empty() {
                return (children, changes);
            }
            let parent = built.last_mut().expect("a level per open iterator");
            match pending.pop() {
                Some((Some(mut el), _)) => {
                    kept -= 1;
                    el.children = children;
                    parent.push(Node::Element(el));
                }
                _ => parent.extend(children),
            }
        }
    }
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];
const RAW_TEXT: &[&str] = &[
    "style",
    "script",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Appends `s` escaped for HTML text or a double-quoted attribute alike, for
/// markup the stage writes itself (code lines, embeds, tags).
pub(crate) fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

/// `s` escaped as [`push_escaped`] does.
pub(crate) fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s);
    out
}

fn escape(s: &str, attr: bool, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            '"' if attr => out.push_str("&quot;"),
            '<' if !attr => out.push_str("&lt;"),
            '>' if !attr => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Writes an element's start tag.
pub(crate) fn write_start(name: &str, attrs: &[(String, String)], out: &mut String) {
    out.push('<');
    out.push_str(name);
    for (k, v) in attrs {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        escape(v, true, out);
        out.push('"');
    }
    out.push('>');
}

/// Serialises nodes as HTML.
pub(crate) fn serialize(nodes: &[Node], out: &mut String) {
    serialize_in(nodes, false, out);
}

fn serialize_in(nodes: &[Node], raw: bool, out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) if raw => out.push_str(t),
            Node::Text(t) => escape(t, false, out),
            Node::Comment(c) => {
                out.push_str("<!--");
                out.push_str(c);
                out.push_str("-->");
            }
            Node::Element(e) => {
                write_start(&e.name, &e.attrs, out);
                if VOID.contains(&e.name.as_str()) {
                    continue;
                }
                serialize_in(&e.children, RAW_TEXT.contains(&e.name.as_str()), out);
                out.push_str("</");
                out.push_str(&e.name);
                out.push('>');
            }
        }
    }
}

/// Visits every element depth-first, parents before children.
#[cfg(test)]
pub(crate) fn walk_mut(nodes: &mut [Node], f: &mut dyn FnMut(&mut Element)) {
    for n in nodes {
        if let Node::Element(e) = n {
            f(e);
            walk_mut(&mut e.children, f);
        }
    }
}

/// Legacy `<font size>` values 1–7 in CSS pixels (the keyword sizes at a 16px medium).
const FONT_SIZES: [u32; 7] = [10, 13, 16, 18, 24, 32, 48];

/// HTML's "rules for parsing a legacy font size", as a 1–7 step.
fn legacy_font_size(v: &str) -> Option<usize> {
    let v = v.trim_start_matches([' ', '\t', '\n', '\r', '\x0c']);
    let (sign, rest) = match v.as_bytes().first() {
        Some(b'+') => (1i64, &v[1..]),
        Some(b'-') => (-1, &v[1..]),
        _ => (0, v),
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let n: i64 = digits.get(..9).unwrap_or(&digits).parse().ok()?;
    let value = match sign {
        1 => 3 + n,
        -1 => 3 - n,
        _ => n,
    };
    Some(value.clamp(1, 7) as usize)
}

/// `<font color|size|face>` becomes `style=""` (the engine ignores presentational attributes).
pub(crate) fn rewrite_font(e: &mut Element) {
    if e.name != "font" {
        return;
    }
    let mut decls = String::new();
    if let Some(c) = e.remove_attr("color") {
        let c = c.trim();
        if !c.is_empty() {
            let hex = (c.len() == 3 || c.len() == 6) && c.bytes().all(|b| b.is_ascii_hexdigit());
            decls.push_str(&format!("color:{}{c};", if hex { "#" } else { "" }));
        }
    }
    if let Some(f) = e.remove_attr("face")
        && !f.trim().is_empty()
    {
        decls.push_str(&format!("font-family:{};", f.trim()));
    }
    if let Some(s) = e.remove_attr("size")
        && let Some(step) = legacy_font_size(&s)
    {
        decls.push_str(&format!("font-size:{}px;", FONT_SIZES[step - 1]));
    }
    if decls.is_empty() {
        return;
    }
    match e.attrs.iter_mut().find(|(n, _)| n == "style") {
        Some(slot) => slot.1 = format!("{decls}{}", slot.1),
        None => e.attrs.push(("style".to_owned(), decls)),
    }
}

/// The name of the at-keyword whose `@` is at `at`, CSS escapes decoded (`@\\69mport`
/// is `@import` to a CSS parser), lowercased, and the byte offset after it.
fn at_keyword(css: &str, at: usize) -> (String, usize) {
    let bytes = css.as_bytes();
    let mut name = String::new();
    let mut i = at + 1;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' {
            let hex: String = css[i + 1..]
                .chars()
                .take(6)
                .take_while(char::is_ascii_hexdigit)
                .collect();
            if hex.is_empty() {
                match css[i + 1..].chars().next() {
                    Some(c) if c != '\n' => {
                        name.push(c.to_ascii_lowercase());
                        i += 1 + c.len_utf8();
                    }
                    _ => break,
                }
            } else {
                let c = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                name.push(c.unwrap_or('\u{FFFD}').to_ascii_lowercase());
                i += 1 + hex.len();
                if matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n')) {
                    i += 1;
                }
            }
        } else if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80 {
            let c = css[i..].chars().next().unwrap_or('_');
            name.push(c.to_ascii_lowercase());
            i += c.len_utf8();
        } else {
            break;
        }
    }
    (name, i)
}

/// The end of the statement that starts at `from`: after the next `;` outside
/// strings, or the end of the text.
fn statement_end(css: &str, from: usize) -> usize {
    let bytes = css.as_bytes();
    let mut i = from;
    let mut quote = None;
    while i < bytes.len() {
        match (bytes[i], quote) {
            (b'\\', _) => i += 1,
            (q @ (b'"' | b'\''), None) => quote = Some(q),
            (b, Some(q)) if b == q || b == b'\n' => quote = None,
            (b';', None) => return i + 1,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Removes `@import url(…)` rules from a `<style>` text, as HedgeDoc does, and returns
/// how many; also removes, without counting, every other `@import` but a plain
/// `@import "…"` whose URL resolves. Blitz fetches an imported sheet (which the engine
/// answers with an empty one, so removing an import never changes the page) and
/// panics on a URL it cannot resolve, which escapes can hide from a plain reading.
pub(crate) fn strip_imports(css: &str) -> (String, usize) {
    let lower = css.to_ascii_lowercase();
    let mut out = String::with_capacity(css.len());
    let mut last = 0;
    let mut count = 0;
    let mut from = 0;
    while let Some(off) = css[from..].find('@') {
        let at = from + off;
        from = at + 1;
        if at < last {
            continue;
        }
        let (name, name_end) = at_keyword(css, at);
        if name != "import" {
            continue;
        }
        let plain = &lower[at..name_end] == "@import";
        let mut p = name_end;
        while lower[p..].starts_with([' ', '\t', '\n']) {
            p += 1;
        }
        let end = if plain && lower[p..].starts_with("url(") {
            let Some(close) = lower[p..].find(')') else {
                continue;
            };
            let mut end = p + close + 1;
            let mut q = end;
            while lower[q..].starts_with([' ', '\t']) {
                q += 1;
            }
            if lower[q..].starts_with(';') {
                end = q + 1;
            }
            count += 1;
            end
        } else {
            let quoted = match lower[p..].chars().next() {
                Some(q @ ('"' | '\'')) => css[p + 1..].find(q).map(|c| &css[p + 1..p + 1 + c]),
                _ => None,
            };
            let kept = plain
                && quoted.is_some_and(|url| {
                    !url.contains('\\') && crate::assets::resolve(url).is_some()
                });
            if kept {
                continue;
            }
            statement_end(css, p)
        };
        out.push_str(&css[last..at]);
        last = end;
        from = end;
    }
    out.push_str(&css[last..]);
    (out, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(h: &str) -> String {
        let mut out = String::new();
        serialize(&parse_fragment(h), &mut out);
        out
    }

    #[test]
    fn parse_and_serialize() {
        assert_eq!(
            roundtrip("<p>a<br />b &amp; <!-- c --></p>"),
            "<p>a<br>b &amp; <!-- c --></p>"
        );
        assert_eq!(roundtrip("<p>x<div>y</div>"), "<p>x</p><div>y</div>");
        assert_eq!(
            roundtrip("<style>p > b {}</style>"),
            "<style>p > b {}</style>"
        );
    }

    #[test]
    fn font_tag_rewritten() {
        let mut nodes = parse_fragment(
            "<font color=\"#50c3a5\" size=\"5\" face=\"Lato, serif\" style=\"color:red\">a</font>",
        );
        walk_mut(&mut nodes, &mut rewrite_font);
        let mut out = String::new();
        serialize(&nodes, &mut out);
        assert_eq!(
            out,
            "<font style=\"color:#50c3a5;font-family:Lato, serif;font-size:24px;color:red\">a</font>"
        );
    }

    #[test]
    fn font_sizes_relative_and_clamped() {
        assert_eq!(legacy_font_size("+1"), Some(4));
        assert_eq!(legacy_font_size("-1"), Some(2));
        assert_eq!(legacy_font_size("-5"), Some(1));
        assert_eq!(legacy_font_size("64px"), Some(7));
        assert_eq!(legacy_font_size("x"), None);
        let mut e = Element {
            name: "font".into(),
            attrs: vec![("size".into(), "+1".into())],
            children: vec![],
        };
        rewrite_font(&mut e);
        assert_eq!(
            e.attrs,
            [("style".to_owned(), "font-size:18px;".to_owned())]
        );
    }

    #[test]
    fn style_import_removed() {
        let (css, n) = strip_imports(
            "@import url(https://x/a.css);\np{color:red}\n@IMPORT url('b.css') ;@import \"c.css\";",
        );
        assert_eq!(css, "\np{color:red}\n@import \"c.css\";");
        assert_eq!(n, 2);
    }

    #[test]
    fn style_import_of_an_unresolvable_or_escaped_url_removed_quietly() {
        let (css, n) = strip_imports("@import \"http://[\" screen;\n@import 'ok.css';p{}");
        assert_eq!(css, "\n@import 'ok.css';p{}");
        assert_eq!(n, 0);
        let (css, n) = strip_imports(
            "@\\69mport 'ok.css';@\\49 MPORT \"x\";@im\\port u\\72l(x);@import \"h\\3a//[\";a{}",
        );
        assert_eq!(css, "a{}");
        assert_eq!(n, 0);
        let (css, _) = strip_imports("@media print { a { b: c } } @importx; @\\");
        assert_eq!(css, "@media print { a { b: c } } @importx; @\\");
    }
}
