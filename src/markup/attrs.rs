//! Attribute comments (format spec §5): `<!-- .element: … -->` and `<!-- .slide: … -->`.
//!
//! HedgeDoc walks the rendered slide and, for each HTML comment, tries the
//! element pattern, then the slide pattern; the attribute pairs found are set on
//! the nearest preceding sibling element (not `<br>`), the parent, or the slide's
//! `<section>`. The JavaScript regular expressions are followed by hand here,
//! including their quirks (first line only, values without `"` or `=`).

use super::tree::{Element, Node};

/// What one comment asked for, plus pairs that were dropped.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Found {
    /// Pairs to set (already filtered to `data-*`, `id`, `class`, `style`; values escaped).
    pub pairs: Vec<(String, String)>,
    /// `name="value"` texts that were dropped because the value holds `"` or `=`.
    pub dropped: Vec<String>,
}

fn is_line_end(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Applies `\.element\s*?(.+?)$` or `\.slide:\s*?(\S.+?)$` (flags `m`): the match range and capture.
fn find(text: &str, key: &str, need_non_space: bool) -> Option<(usize, usize, String)> {
    let mut from = 0;
    while let Some(off) = text[from..].find(key) {
        let at = from + off;
        let start = at + key.len();
        let rest: Vec<(usize, char)> = text[start..].char_indices().collect();
        let mut k = 0;
        loop {
            // Capture starting at rest[k]: one or two non-line-end chars up to the line end.
            let ok_first = rest
                .get(k)
                .is_some_and(|&(_, c)| !is_line_end(c) && (!need_non_space || !c.is_whitespace()));
            let ok_second =
                !need_non_space || rest.get(k + 1).is_some_and(|&(_, c)| !is_line_end(c));
            if ok_first && ok_second {
                let cap_start = start + rest[k].0;
                let cap_end = text[cap_start..]
                    .find(is_line_end)
                    .map_or(text.len(), |e| cap_start + e);
                return Some((at, cap_end, text[cap_start..cap_end].to_owned()));
            }
            // Otherwise `\s*?` takes one more whitespace character, if it can.
            match rest.get(k) {
                Some(&(_, c)) if c.is_whitespace() => k += 1,
                _ => break,
            }
        }
        from = at + 1;
    }
    None
}

/// The pairs of `([^"= ]+?)="([^"=]+?)"` (global), filtered as HedgeDoc does.
fn pairs(cap: &str) -> Found {
    let b = cap.as_bytes();
    let mut found = Found::default();
    let mut i = 0;
    while i < b.len() {
        // Name: up to the first `=`, no space or quote; then `="`, a value without `"`/`=`, `"`.
        let mut j = i;
        while j < b.len() && !matches!(b[j], b'"' | b'=' | b' ') {
            j += 1;
        }
        if j > i && b.get(j) == Some(&b'=') && b.get(j + 1) == Some(&b'"') {
            let vs = j + 2;
            let mut k = vs;
            while k < b.len() && !matches!(b[k], b'"' | b'=') {
                k += 1;
            }
            if k > vs && b.get(k) == Some(&b'"') {
                let name = &cap[i..j];
                let value = &cap[vs..k];
                if name.starts_with("data-") || matches!(name, "id" | "class" | "style") {
                    let v = value
                        .replace('"', "&quot;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;");
                    found.pairs.push((name.to_owned(), v));
                }
                i = k + 1;
                continue;
            }
            if b.get(k) == Some(&b'=') && (i == 0 || b[i - 1] == b' ') {
                let end = cap[k..].find('"').map_or(cap.len(), |e| k + e + 1);
                found.dropped.push(cap[i..end].to_owned());
            }
        }
        i += 1;
    }
    found
}

/// Result of parsing one comment.
pub(crate) enum Kind {
    Element(Found),
    Slide(Found),
}

/// Parses a comment; the matched part is removed from `text`.
pub(crate) fn parse_comment(text: &mut String) -> Option<Kind> {
    if let Some((a, b, cap)) = find(text, ".element", false) {
        text.replace_range(a..b, "");
        return Some(Kind::Element(pairs(&cap)));
    }
    if let Some((a, b, cap)) = find(text, ".slide:", true) {
        text.replace_range(a..b, "");
        return Some(Kind::Slide(pairs(&cap)));
    }
    None
}

/// Everything the comments of one slide did.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    /// Pairs for the slide's `<section>`, in order (a repeated name keeps its first place).
    pub slide: Vec<(String, String)>,
    /// Dropped `name="value"` texts (for warnings).
    pub dropped: Vec<String>,
}

fn set_all(el: &mut Element, pairs: &[(String, String)]) {
    for (k, v) in pairs {
        el.set_attr(k, v);
    }
}

/// Applies the comments below `el` (the slide's wrapper `<div>`).
pub(crate) fn apply(el: &mut Element, out: &mut Applied) {
    // Iterative over a stack of child-index paths would be clearer in JS; recursion depth
    // here is the HTML nesting depth, bounded by html5ever's tree.
    let mut i = 0;
    while i < el.children.len() {
        match &mut el.children[i] {
            Node::Element(child) => apply(child, out),
            Node::Comment(text) => match parse_comment(text) {
                Some(Kind::Element(found)) => {
                    out.dropped.extend(found.dropped);
                    let target = el.children[..i]
                        .iter()
                        .rposition(|n| matches!(n, Node::Element(e) if e.name != "br"));
                    match target {
                        Some(t) => {
                            if let Node::Element(e) = &mut el.children[t] {
                                set_all(e, &found.pairs);
                            }
                        }
                        None => set_all(el, &found.pairs),
                    }
                }
                Some(Kind::Slide(found)) => {
                    out.dropped.extend(found.dropped);
                    for (k, v) in found.pairs {
                        match out.slide.iter_mut().find(|(n, _)| *n == k) {
                            Some(slot) => slot.1 = v,
                            None => out.slide.push((k, v)),
                        }
                    }
                }
                None => {}
            },
            Node::Text(_) => {}
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree::{parse_fragment, serialize};
    use super::*;

    fn run(html: &str) -> (String, Applied) {
        let mut nodes = parse_fragment(&format!("<div>{html}</div>"));
        let mut applied = Applied::default();
        if let Some(Node::Element(div)) = nodes.first_mut() {
            apply(div, &mut applied);
        }
        let mut out = String::new();
        serialize(&nodes, &mut out);
        (out, applied)
    }

    #[test]
    fn element_comment_attaches_to_previous_sibling() {
        let (h, _) = run("<p><strong>b</strong> text <!-- .element: class=\"fragment\" --></p>");
        assert_eq!(
            h,
            "<div><p><strong class=\"fragment\">b</strong> text <!-- --></p></div>"
        );
        let (h, _) = run("<p>a<br>\nb<!-- .element: data-x=\"1\" --></p>");
        assert_eq!(h, "<div><p data-x=\"1\">a<br>\nb<!-- --></p></div>");
        let (h, _) = run("<!-- .element: id=\"w\" --><p>x</p>");
        assert_eq!(h, "<div id=\"w\"><!-- --><p>x</p></div>");
    }

    #[test]
    fn element_comment_rules() {
        // Unknown names ignored, single quotes ignored, class replaced.
        let (h, _) =
            run("<p class=\"a\">x</p><!-- .element: class=\"b\" onclick=\"x\" title='t' -->");
        assert_eq!(h, "<div><p class=\"b\">x</p><!-- --></div>");
        // `.element:` at a line end captures only `:`.
        let (h, _) = run("<p>x</p><!-- .element:\nclass=\"b\" -->");
        assert_eq!(h, "<div><p>x</p><!-- \nclass=\"b\" --></div>");
    }

    #[test]
    fn slide_comment_sets_section_attrs() {
        let (h, a) = run("<!-- .slide:\n data-background=\"#fff\" data-transition=\"zoom\" -->");
        assert_eq!(h, "<div><!-- --></div>");
        assert_eq!(
            a.slide,
            [
                ("data-background".to_owned(), "#fff".to_owned()),
                ("data-transition".to_owned(), "zoom".to_owned())
            ]
        );
    }

    #[test]
    fn slide_comment_value_with_equals_dropped() {
        let (_, a) = run("<!-- .slide: data-background=\"https://x/a.png?w=1\" class=\"c\" -->");
        assert_eq!(a.slide, [("class".to_owned(), "c".to_owned())]);
        assert_eq!(a.dropped, ["data-background=\"https://x/a.png?w=1\""]);
    }

    #[test]
    fn attribute_value_escaped() {
        let (_, a) = run("<!-- .slide: data-x=\"a<b\" -->");
        assert_eq!(a.slide, [("data-x".to_owned(), "a&lt;b".to_owned())]);
    }
}
