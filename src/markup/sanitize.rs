//! HedgeDoc's sanitizer (format spec §7): js-xss with HedgeDoc's options, on the HTML string.
//!
//! js-xss does not build a tree: it cuts the string into tags and text with a
//! small lexer, rewrites allowed tags with their allowed attributes and escapes
//! every other tag into visible text. The same lexer is followed here so that odd
//! input (a stray `<`, a `>` inside a comment) comes out as it does in HedgeDoc.
//! One deliberate departure (design.md): relative `<img src>` paths are kept.

/// Tags allowed with their tag-specific attributes (js-xss default list + HedgeDoc's).
fn allowed_attrs(tag: &str) -> Option<&'static [&'static str]> {
    const ALIGN: &[&str] = &["align", "valign"];
    const CELL: &[&str] = &["width", "rowspan", "colspan", "align", "valign"];
    const COL: &[&str] = &["align", "valign", "span", "width"];
    Some(match tag {
        "a" => &["target", "href", "title"],
        "abbr" => &["title"],
        "area" => &["shape", "coords", "href", "alt"],
        "audio" => &[
            "autoplay",
            "controls",
            "crossorigin",
            "loop",
            "muted",
            "preload",
            "src",
        ],
        "bdi" | "bdo" => &["dir"],
        "blockquote" => &["cite"],
        "col" | "colgroup" => COL,
        "del" | "ins" => &["datetime"],
        "details" => &["open"],
        "font" => &["color", "size", "face"],
        "img" => &["src", "alt", "title", "width", "height", "loading"],
        "table" => &["width", "border", "align", "valign"],
        "tbody" | "tfoot" | "thead" => ALIGN,
        "td" | "th" => CELL,
        "tr" => &["rowspan", "align", "valign"],
        "video" => &[
            "autoplay",
            "controls",
            "crossorigin",
            "loop",
            "muted",
            "playsinline",
            "poster",
            "preload",
            "src",
            "height",
            "width",
        ],
        "ol" => &["start"],
        "li" => &["value"],
        "iframe" => &[
            "allowfullscreen",
            "name",
            "referrerpolicy",
            "src",
            "width",
            "height",
        ],
        "address" | "article" | "aside" | "b" | "big" | "br" | "caption" | "center" | "cite"
        | "code" | "dd" | "div" | "dl" | "dt" | "em" | "figcaption" | "figure" | "footer"
        | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "header" | "hr" | "i" | "kbd" | "mark"
        | "nav" | "p" | "pre" | "s" | "section" | "small" | "span" | "sub" | "summary" | "sup"
        | "strong" | "strike" | "tt" | "u" | "ul" | "style" | "ruby" | "rp" | "rt" => &[],
        _ => return None,
    })
}

/// HedgeDoc 1.12's `linkRegex` for `href`/`src`.
fn link_allowed(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    if l.starts_with(['?', '#', '.', '/']) || l.starts_with("http://") || l.starts_with("https://")
    {
        return true;
    }
    let Some((scheme, _)) = l.split_once(':') else {
        return false;
    };
    if let Some(rest) = scheme.strip_prefix("web+") {
        return !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_lowercase());
    }
    matches!(
        scheme,
        "bitcoin"
            | "ftp"
            | "ftps"
            | "geo"
            | "im"
            | "irc"
            | "ircs"
            | "magnet"
            | "mailto"
            | "matrix"
            | "mms"
            | "news"
            | "nntp"
            | "openpgp4fpr"
            | "sftp"
            | "sip"
            | "sms"
            | "smsto"
            | "ssh"
            | "tel"
            | "urn"
            | "webcal"
            | "wtai"
            | "xmpp"
    )
}

/// HedgeDoc's `dataUriRegex` (an `img src` data URI).
fn data_uri(v: &str) -> bool {
    let t = v.trim();
    let Some(rest) = t
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("data:"))
        .map(|_| &t[5..])
    else {
        return false;
    };
    let Some((_, payload)) = rest.split_once(',') else {
        return false;
    };
    payload
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "!$&',()*+;=-._~:@/?% \t\n".contains(c))
}

/// js-xss `friendlyAttrValue`: entities decoded, `&colon;`/`&newline;`, controls dropped.
fn friendly(v: &str) -> String {
    let v = v.replace("&quot;", "\"");
    let mut out = String::with_capacity(v.len());
    let mut rest = v.as_str();
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        let (hex, digits) = match tail.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, tail),
        };
        let n = digits
            .bytes()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        let code = u32::from_str_radix(&digits[..n], if hex { 16 } else { 10 }).ok();
        match code.and_then(char::from_u32) {
            Some(c) if n > 0 => {
                out.push(c);
                let used = 2 + usize::from(hex) + n;
                rest = &rest[i + used..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            _ => {
                out.push_str("&#");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    let out = replace_ci(&out, "&colon;", ":");
    let out = replace_ci(&out, "&newline;", " ");
    out.chars()
        .filter(|&c| c >= ' ' || c == '\n' || c == '\t')
        .collect()
}

fn replace_ci(s: &str, pat: &str, with: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for (i, _) in lower.match_indices(pat) {
        out.push_str(&s[last..i]);
        out.push_str(with);
        last = i + pat.len();
    }
    out.push_str(&s[last..]);
    out
}

/// js-xss `escapeAttrValue`.
fn escape_attr(v: &str) -> String {
    v.replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// HedgeDoc's `escapeHtml`: `<` and `>` escaped except in `<!--` and `-->`.
fn escape_text(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut last = 0;
    for (i, &c) in b.iter().enumerate() {
        let rep = match c {
            b'<' if !s[i..].starts_with("<!--") => "&lt;",
            b'>' if !(i >= 2 && &b[i - 2..i] == b"--") => "&gt;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// The tag name as js-xss reads it (`!--` for comments), lower-cased.
fn tag_name(tag: &str) -> String {
    let inner = match tag.find(|c: char| c.is_whitespace()) {
        Some(i) => &tag[1..=i],
        None => &tag[1..tag.len().saturating_sub(1).max(1)],
    };
    let mut name = inner.trim().to_ascii_lowercase();
    if let Some(n) = name.strip_prefix('/') {
        name = n.to_owned();
    }
    if let Some(n) = name.strip_suffix('/') {
        name = n.to_owned();
    }
    name
}

/// Attributes of a tag as (name, raw value); `closing` when it ends in `/`.
fn parse_attrs(tag: &str) -> (Vec<(String, String)>, bool) {
    let Some(sp) = tag.find(|c: char| c.is_whitespace()) else {
        return (Vec::new(), tag.ends_with("/>"));
    };
    let body = tag[sp + 1..tag.len() - usize::from(tag.ends_with('>'))].trim();
    let closing = body.ends_with('/');
    let body = if closing {
        body[..body.len() - 1].trim()
    } else {
        body
    };
    let b = body.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let clean = |n: &str| -> String {
        n.chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '\\' | '_' | ':' | '.' | '-'))
            .collect::<String>()
            .to_ascii_lowercase()
    };
    while i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let ns = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' {
            i += 1;
        }
        let name = clean(&body[ns..i]);
        let mut j = i;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = String::new();
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                let vs = j + 1;
                let ve = body[vs..].find(q as char).map_or(b.len(), |k| vs + k);
                value = body[vs..ve].trim().to_owned();
                j = (ve + 1).min(b.len());
            } else {
                let vs = j;
                while j < b.len() && !b[j].is_ascii_whitespace() {
                    j += 1;
                }
                value = body[vs..j].to_owned();
            }
            i = j;
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    (out, closing)
}

/// Rewrites one allowed tag.
fn filter_tag(name: &str, tag: &str, allowed: &[&str]) -> String {
    if tag.starts_with("</") {
        return format!("</{name}>");
    }
    let (attrs, closing) = parse_attrs(tag);
    let mut out = format!("<{name}");
    for (a, v) in attrs {
        let kept = if allowed.contains(&a.as_str()) {
            if a == "href" || a == "src" {
                let friendly = friendly(&v);
                let t = friendly.trim();
                let js_xss_ok = t == "#"
                    || [
                        "http://",
                        "https://",
                        "mailto:",
                        "tel:",
                        "data:image/",
                        "ftp://",
                        "./",
                        "../",
                        "#",
                        "/",
                    ]
                    .iter()
                    .any(|p| t.starts_with(p));
                let relative_img = name == "img" && a == "src" && !t.is_empty() && !has_scheme(t);
                if link_allowed(&v) || (name == "img" && a == "src" && data_uri(&v)) {
                    Some(escape_attr(&v))
                } else if js_xss_ok || relative_img {
                    Some(escape_attr(t))
                } else {
                    // Emptied: the attribute is dropped (an `<a>` without target).
                    None
                }
            } else {
                Some(escape_attr(&friendly(&v)))
            }
        } else if a.starts_with("data-") || matches!(a.as_str(), "id" | "class" | "style") {
            out.push_str(&format!(" {a}=\"{}\"", escape_attr(&v)));
            None
        } else {
            None
        };
        match kept {
            Some(v) if !v.is_empty() => out.push_str(&format!(" {a}=\"{v}\"")),
            Some(_) => out.push_str(&format!(" {a}")),
            None => {}
        }
    }
    if closing {
        out.push_str(" /");
    }
    out.push('>');
    out
}

/// Whether a URL starts with a scheme (`name:`).
fn has_scheme(v: &str) -> bool {
    let mut it = v.char_indices();
    match it.next() {
        Some((_, c)) if c.is_ascii_alphabetic() => {}
        _ => return false,
    }
    for (_, c) in it {
        if c == ':' {
            return true;
        }
        if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')) {
            return false;
        }
    }
    false
}

/// Filters HTML as HedgeDoc's `preventXSS`; returns the result and the names of escaped tags.
pub(crate) fn sanitize(html: &str) -> (String, Vec<String>) {
    let b = html.as_bytes();
    let len = b.len();
    let mut out = String::with_capacity(len + len / 8);
    let mut escaped = Vec::new();
    let mut last = 0;
    let mut tag_start: Option<usize> = None;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < len {
        let c = b[i];
        match tag_start {
            None => {
                if c == b'<' {
                    tag_start = Some(i);
                }
            }
            Some(ts) => {
                if let Some(q) = quote {
                    if c == q {
                        quote = None;
                    }
                } else if c == b'<' {
                    escape_text(&html[last..i], &mut out);
                    tag_start = Some(i);
                    last = i;
                } else if c == b'>' || i == len - 1 {
                    escape_text(&html[last..ts], &mut out);
                    let tag = &html[ts..=i];
                    let name = tag_name(tag);
                    if name == "!--" {
                        escape_text(tag, &mut out);
                    } else if let Some(allowed) = allowed_attrs(&name) {
                        out.push_str(&filter_tag(&name, tag, allowed));
                    } else {
                        if !tag.starts_with("</") {
                            escaped.push(name);
                        }
                        escape_text(tag, &mut out);
                    }
                    last = i + 1;
                    tag_start = None;
                } else if c == b'"' || c == b'\'' {
                    // A quote opens a quoted value only right after `=` (spaces allowed between).
                    let mut k = i;
                    while k > ts {
                        k -= 1;
                        let p = b[k];
                        if p == b'=' {
                            quote = Some(c);
                            break;
                        }
                        if !p.is_ascii_whitespace() {
                            break;
                        }
                    }
                }
            }
        }
        // Advance by whole characters so slices stay on UTF-8 boundaries.
        i += 1;
        while i < len && (b[i] & 0xC0) == 0x80 {
            i += 1;
        }
    }
    if last < len {
        escape_text(&html[last..], &mut out);
    }
    (out, escaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(h: &str) -> String {
        sanitize(h).0
    }

    #[test]
    fn sanitizer_escapes_svg() {
        let (out, esc) = sanitize("<p><svg width=\"10\"><circle r=\"1\"/></svg></p>");
        assert_eq!(
            out,
            "<p>&lt;svg width=\"10\"&gt;&lt;circle r=\"1\"/&gt;&lt;/svg&gt;</p>"
        );
        assert_eq!(esc, ["svg", "circle"]);
    }

    #[test]
    fn sanitizer_empties_javascript_href() {
        assert_eq!(s("<a href=\"javascript:alert(1)\">x</a>"), "<a>x</a>");
        assert_eq!(s("<a href=\"httpt://giohub.cme/x\">x</a>"), "<a>x</a>");
        assert_eq!(s("<a href=\"img.png\">x</a>"), "<a>x</a>");
        assert_eq!(
            s("<a href=\"https://x.org/?a=1&amp;b\" title=\"t\">x</a>"),
            "<a href=\"https://x.org/?a=1&amp;b\" title=\"t\">x</a>"
        );
        assert_eq!(
            s("<a href=\"mailto:a@b.c\">x</a>"),
            "<a href=\"mailto:a@b.c\">x</a>"
        );
    }

    #[test]
    fn sanitizer_keeps_relative_img_src() {
        assert_eq!(
            s("<img src=\"pics/a.png\" alt=\"a\" onerror=\"x()\" />"),
            "<img src=\"pics/a.png\" alt=\"a\" />"
        );
        assert_eq!(s("<img src=\"javascript:x\">"), "<img>");
        assert_eq!(
            s("<img src=\"data:image/png;base64,AAAA\">"),
            "<img src=\"data:image/png;base64,AAAA\">"
        );
    }

    #[test]
    fn sanitizer_attributes_per_tag() {
        assert_eq!(
            s("<p align=\"center\" class=\"c\" data-x=\"1\" id=\"i\" style=\"color:red\">"),
            "<p class=\"c\" data-x=\"1\" id=\"i\" style=\"color:red\">"
        );
        assert_eq!(s("<td colspan=2 onclick=\"x\">"), "<td colspan=\"2\">");
        assert_eq!(
            s("<ol start=\"3\" type=\"a\"><li value=\"4\">"),
            "<ol start=\"3\"><li value=\"4\">"
        );
        assert_eq!(
            s("<font color=\"#fff\" size=\"7\" face=\"Lato\">"),
            "<font color=\"#fff\" size=\"7\" face=\"Lato\">"
        );
        assert_eq!(s("</div foo>"), "</div>");
    }

    #[test]
    fn sanitizer_keeps_comments_and_escapes_text() {
        assert_eq!(
            s("<!-- .slide: data-x=\"a>b\" -->"),
            "<!-- .slide: data-x=\"a&gt;b\" -->"
        );
        assert_eq!(s("<div>a > b</div>"), "<div>a &gt; b</div>");
        assert_eq!(s("<style>p > b {}</style>"), "<style>p &gt; b {}</style>");
        assert_eq!(
            s("x <script>y</script>"),
            "x &lt;script&gt;y&lt;/script&gt;"
        );
    }
}
