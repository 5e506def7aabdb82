//! Finds links in plain text the way markdown-it's linkify (linkify-it 5) does.
//!
//! comrak's own autolinker finds a different set (it keeps `httpt://`, misses
//! `example.md`), so HedgeDoc's set is reproduced here: schema links
//! (`http:`, `https:`, `ftp:`, `//`, `mailto:`), fuzzy links (a host whose last
//! label is a known top-level domain) and fuzzy e-mail addresses. The matchers
//! are written by hand after linkify-it's regular expressions, with the same
//! preceding-character rules and the same "leftmost, then longest" choice.

/// One link found in a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    /// Byte offset of the link text's start.
    pub start: usize,
    /// Byte offset just past the link text.
    pub end: usize,
    /// The link target (`http://` prepended to fuzzy links, `mailto:` to e-mails).
    pub url: String,
}

/// The top-level domains linkify-it accepts besides two-letter country codes and `xn--`.
const TLDS: &[&str] = &[
    "biz", "com", "edu", "gov", "net", "org", "pro", "web", "xxx", "aero", "asia", "coop", "info",
    "museum", "name", "shop", "рф",
];

/// Two-letter country-code domains linkify-it knows: first letter, allowed second letters.
const CCTLDS: &[(char, &str)] = &[
    ('a', "cdefgilmnoqrstuwxz"),
    ('b', "abdefghijmnorstvwyz"),
    ('c', "acdfghiklmnoruvwxyz"),
    ('d', "ejkmoz"),
    ('e', "cegrstu"),
    ('f', "ijkmor"),
    ('g', "abdefghilmnpqrstuwy"),
    ('h', "kmnrtu"),
    ('i', "delmnoqrst"),
    ('j', "emop"),
    ('k', "eghimnprwyz"),
    ('l', "abcikrstuvy"),
    ('m', "acdeghklmnopqrstuvwxyz"),
    ('n', "acefgilopruz"),
    ('o', "m"),
    ('p', "aefghklmnrstwy"),
    ('q', "a"),
    ('r', "eosuw"),
    ('s', "abcdeghijklmnortuvxyz"),
    ('t', "cdfghjklmnortvwz"),
    ('u', "agksyz"),
    ('v', "aceginu"),
    ('w', "fs"),
    ('y', "et"),
    ('z', "amw"),
];

/// Longest host we try to match (keeps pathological input linear).
const MAX_HOST: usize = 1024;

/// Unicode space separators (`Z`).
fn is_z(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// Control characters (`Cc`).
fn is_cc(c: char) -> bool {
    c <= '\u{1f}' || ('\u{7f}'..='\u{9f}').contains(&c)
}

/// Unicode punctuation (`P`): exact for ASCII, the common blocks beyond.
fn is_p(c: char) -> bool {
    if c.is_ascii() {
        return matches!(
            c,
            '!' | '"'
                | '#'
                | '%'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | ','
                | '-'
                | '.'
                | '/'
                | ':'
                | ';'
                | '?'
                | '@'
                | '['
                | '\\'
                | ']'
                | '_'
                | '{'
                | '}'
        );
    }
    matches!(c,
        '\u{a1}' | '\u{a7}' | '\u{ab}' | '\u{b6}' | '\u{b7}' | '\u{bb}' | '\u{bf}' | '\u{37e}'
        | '\u{387}' | '\u{55a}'..='\u{55f}' | '\u{589}' | '\u{58a}' | '\u{5be}' | '\u{5c0}'
        | '\u{5c3}' | '\u{5c6}' | '\u{5f3}' | '\u{5f4}' | '\u{609}' | '\u{60a}' | '\u{60c}'
        | '\u{60d}' | '\u{61b}' | '\u{61d}'..='\u{61f}' | '\u{66a}'..='\u{66d}' | '\u{6d4}'
        | '\u{964}' | '\u{965}' | '\u{970}' | '\u{e4f}' | '\u{e5a}' | '\u{e5b}'
        | '\u{10fb}' | '\u{1360}'..='\u{1368}' | '\u{166e}' | '\u{169b}' | '\u{169c}'
        | '\u{16eb}'..='\u{16ed}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{2043}'
        | '\u{2045}'..='\u{2051}' | '\u{2053}'..='\u{205e}' | '\u{207d}' | '\u{207e}'
        | '\u{208d}' | '\u{208e}' | '\u{2308}'..='\u{230b}' | '\u{2329}' | '\u{232a}'
        | '\u{2768}'..='\u{2775}' | '\u{27c5}' | '\u{27c6}' | '\u{27e6}'..='\u{27ef}'
        | '\u{2983}'..='\u{2998}' | '\u{29d8}'..='\u{29db}' | '\u{29fc}' | '\u{29fd}'
        | '\u{2cf9}'..='\u{2cfc}' | '\u{2cfe}' | '\u{2cff}' | '\u{2e00}'..='\u{2e2e}'
        | '\u{2e30}'..='\u{2e4f}' | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301f}' | '\u{3030}' | '\u{303d}' | '\u{30a0}' | '\u{30fb}'
        | '\u{fe10}'..='\u{fe19}' | '\u{fe30}'..='\u{fe52}' | '\u{fe54}'..='\u{fe61}'
        | '\u{fe63}' | '\u{fe68}' | '\u{fe6a}' | '\u{fe6b}' | '\u{ff01}'..='\u{ff03}'
        | '\u{ff05}'..='\u{ff0a}' | '\u{ff0c}'..='\u{ff0f}' | '\u{ff1a}' | '\u{ff1b}'
        | '\u{ff1f}' | '\u{ff20}' | '\u{ff3b}'..='\u{ff3d}' | '\u{ff3f}' | '\u{ff5b}'
        | '\u{ff5d}' | '\u{ff5f}'..='\u{ff65}')
}

fn is_zpcc(c: char) -> bool {
    is_z(c) || is_p(c) || is_cc(c)
}

fn is_zcc(c: char) -> bool {
    is_z(c) || is_cc(c)
}

/// linkify-it's "text separators": never part of a link.
fn is_sep(c: char) -> bool {
    matches!(c, '<' | '>' | '\u{ff5c}')
}

/// A "pseudo letter": anything but separators, spaces, punctuation and controls.
fn is_letter(c: char) -> bool {
    !is_sep(c) && !is_zpcc(c)
}

fn is_tld(label: &[char]) -> bool {
    let lower: String = label.iter().flat_map(|c| c.to_lowercase()).collect();
    if TLDS.contains(&lower.as_str()) || is_xn(&lower) {
        return true;
    }
    let mut it = lower.chars();
    match (it.next(), it.next(), it.next()) {
        (Some(a), Some(b), None) => CCTLDS.iter().any(|(f, s)| *f == a && s.contains(b)),
        _ => false,
    }
}

/// `xn--[a-z0-9-]{1,59}` (case-insensitive).
fn is_xn(lower: &str) -> bool {
    let b = lower.as_bytes();
    b.len() > 4
        && b.len() <= 63
        && b[..4].eq_ignore_ascii_case(b"xn--")
        && b[4..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-')
}

fn label_string(l: &[char]) -> String {
    l.iter().collect()
}

/// A label as linkify-it's `src_domain`: 1–63 letters and hyphens, letters at both ends.
fn valid_label(l: &[char]) -> bool {
    if is_xn(&label_string(l)) {
        return true;
    }
    !l.is_empty() && l.len() <= 63 && is_letter(l[0]) && is_letter(l[l.len() - 1])
}

/// A last label of a `//` link (`src_domain_root`): letters only.
fn valid_root(l: &[char]) -> bool {
    is_xn(&label_string(l)) || (!l.is_empty() && l.len() <= 63 && l.iter().all(|&c| is_letter(c)))
}

/// The dot-separated labels of a host starting at `p`: (start, end) pairs.
fn labels(t: &[char], p: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = p;
    loop {
        let mut e = i;
        while e < t.len() && e - p < MAX_HOST && (is_letter(t[e]) || t[e] == '-') {
            e += 1;
        }
        if e == i {
            break;
        }
        out.push((i, e));
        if e + 1 < t.len() && t[e] == '.' && (is_letter(t[e + 1]) || t[e + 1] == '-') {
            i = e + 1;
        } else {
            break;
        }
    }
    out
}

/// `src_host_terminator`: what may follow a host (and port).
fn terminator_ok(t: &[char], q: usize) -> bool {
    if q >= t.len() {
        return true;
    }
    let c = t[q];
    if !(is_sep(c) || is_zpcc(c)) {
        return false;
    }
    let next = t.get(q + 1).copied();
    match c {
        '-' | '_' => false,
        ':' => !next.is_some_and(|n| n.is_ascii_digit()),
        '.' => match next {
            None => true,
            Some('-') => false,
            Some(n) => is_zpcc(n),
        },
        _ => true,
    }
}

/// Optional `:port` at `q`; returns the position after it.
fn port(t: &[char], q: usize) -> usize {
    if t.get(q) != Some(&':') {
        return q;
    }
    let mut e = q + 1;
    while e < t.len() && t[e].is_ascii_digit() && e - q <= 6 {
        e += 1;
    }
    let digits: String = t[q + 1..e].iter().collect();
    let ok = match digits.len() {
        1..=4 => true,
        5 => match digits.as_bytes()[0] {
            b'1'..=b'5' => true,
            b'6' => digits.parse::<u32>().is_ok_and(|v| v <= 65535),
            _ => false,
        },
        _ => false,
    };
    if ok { e } else { q }
}

/// `src_path` at `q`; returns the end of the path (q when there is none).
fn path(t: &[char], q: usize) -> usize {
    if q >= t.len() || !matches!(t[q], '/' | '?' | '#') {
        return q;
    }
    let mut i = q + 1;
    let stop = |c: char| is_zcc(c);
    let after = |i: usize| t.get(i).copied();
    while let Some(c) = after(i) {
        let step = match c {
            _ if is_zcc(c) || is_sep(c) => None,
            '[' | '(' | '{' => {
                let close = match c {
                    '[' => ']',
                    '(' => ')',
                    _ => '}',
                };
                let mut j = i + 1;
                while j < t.len() && !stop(t[j]) && t[j] != close {
                    j += 1;
                }
                (j < t.len() && t[j] == close).then_some(j + 1)
            }
            '"' | '\'' => {
                let mut j = i + 1;
                while j < t.len() && !stop(t[j]) && t[j] != c {
                    j += 1;
                }
                if j < t.len() && t[j] == c && j > i + 1 {
                    Some(j + 1)
                } else if c == '\'' && after(i + 1).is_some_and(|n| is_letter(n) || n == '-') {
                    Some(i + 1)
                } else {
                    None
                }
            }
            ']' | ')' | '}' => None,
            '.' => {
                let mut j = i;
                while after(j) == Some('.') {
                    j += 1;
                }
                if j - i >= 2 {
                    after(j)
                        .is_some_and(|n| n.is_ascii_alphanumeric() || matches!(n, '%' | '/' | '&'))
                        .then_some(j + 1)
                } else {
                    after(i + 1).is_some_and(|n| !stop(n)).then_some(i + 1)
                }
            }
            '-' => {
                let mut j = i;
                while after(j) == Some('-') {
                    j += 1;
                }
                Some(j)
            }
            ',' | ';' => after(i + 1).is_some_and(|n| !stop(n)).then_some(i + 1),
            '!' => {
                let mut j = i;
                while after(j) == Some('!') {
                    j += 1;
                }
                after(j).is_some_and(|n| !stop(n)).then_some(j)
            }
            '?' => after(i + 1)
                .is_some_and(|n| !stop(n) && n != '?')
                .then_some(i + 1),
            _ => Some(i + 1),
        };
        match step {
            Some(j) => i = j,
            None => break,
        }
    }
    if i > q + 1 {
        i
    } else if t[q] == '/' {
        q + 1
    } else {
        q
    }
}

/// Optional `user:pass@` before a host: the positions to try the host at.
fn auth_starts(t: &[char], q: usize) -> Vec<usize> {
    let mut e = q;
    while e < t.len()
        && e - q < 50
        && !is_zcc(t[e])
        && !matches!(t[e], '@' | '/' | '[' | ']' | '(' | ')')
    {
        e += 1;
    }
    if e > q && t.get(e) == Some(&'@') {
        vec![e + 1, q]
    } else {
        vec![q]
    }
}

/// A host of schema links (`src_host` + port + terminator); `root` selects the `//` rules.
fn schema_host(t: &[char], p: usize, double_slash: bool) -> Option<usize> {
    let ls = labels(t, p);
    let (first, last) = (ls.first()?, ls.last()?);
    let ok = if double_slash {
        let single_localhost =
            ls.len() == 1 && label_string(&t[first.0..first.1]).eq_ignore_ascii_case("localhost");
        single_localhost
            || (ls.len() >= 2
                && ls[..ls.len() - 1]
                    .iter()
                    .all(|&(a, b)| valid_label(&t[a..b]))
                && valid_root(&t[last.0..last.1]))
    } else {
        ls.iter().all(|&(a, b)| valid_label(&t[a..b]))
    };
    if !ok {
        return None;
    }
    let q = port(t, last.1);
    terminator_ok(t, q).then_some(q)
}

/// A fuzzy host (labels ending in a known TLD); `with_port` for links, not e-mails.
fn fuzzy_host(t: &[char], p: usize, with_port: bool) -> Option<usize> {
    let ls = labels(t, p);
    if ls.len() < 2 {
        return None;
    }
    let last = ls[ls.len() - 1];
    if !ls[..ls.len() - 1]
        .iter()
        .all(|&(a, b)| valid_label(&t[a..b]))
        || !is_tld(&t[last.0..last.1])
    {
        return None;
    }
    let q = if with_port { port(t, last.1) } else { last.1 };
    terminator_ok(t, q).then_some(q)
}

/// Validates the text after a schema name; returns the link's end.
fn validate_schema(t: &[char], schema: &str, pos: usize) -> Option<usize> {
    match schema {
        "http:" | "https:" | "ftp:" => {
            if t.get(pos) != Some(&'/') || t.get(pos + 1) != Some(&'/') {
                return None;
            }
            auth_starts(t, pos + 2)
                .into_iter()
                .find_map(|h| schema_host(t, h, false))
                .map(|q| path(t, q))
        }
        "//" => {
            let end = auth_starts(t, pos)
                .into_iter()
                .find_map(|h| schema_host(t, h, true))
                .map(|q| path(t, q))?;
            if pos >= 3 && matches!(t[pos - 3], ':' | '/') {
                return None;
            }
            Some(end)
        }
        _ => {
            let at = email_name_end(t, pos)?;
            schema_host(t, at + 1, false).filter(|&q| q > at + 1)
        }
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | ';' | ':' | '&' | '=' | '+' | '$' | ',' | '.' | '_' | '"'
        )
}

/// The `@` that ends an e-mail name starting at `p`.
fn email_name_end(t: &[char], p: usize) -> Option<usize> {
    if p >= t.len() || t[p] == '"' || !is_name_char(t[p]) {
        return None;
    }
    let mut e = p;
    while e < t.len() && is_name_char(t[e]) {
        e += 1;
    }
    (t.get(e) == Some(&'@')).then_some(e)
}

const SCHEMAS: &[&str] = &["http:", "https:", "ftp:", "//", "mailto:"];

fn schema_at(t: &[char], i: usize) -> Option<&'static str> {
    SCHEMAS.iter().copied().find(|s| {
        let n = s.chars().count();
        i + n <= t.len()
            && t[i..i + n]
                .iter()
                .zip(s.chars())
                .all(|(a, b)| a.to_ascii_lowercase() == b)
    })
}

/// A candidate: (start, end, schema).
type Cand = (usize, usize, &'static str);

/// First valid schema link at or after `s` (`s` counts as the start of the text).
fn search_schema(t: &[char], s: usize, only_start: bool) -> Option<Cand> {
    let mut min_pre = s;
    let mut i = s;
    while i < t.len() && (!only_start || i == s) {
        let pre_ok = i == s
            || (i > min_pre && {
                let c = t[i - 1];
                c != '_' && (is_sep(c) || is_zpcc(c))
            });
        if pre_ok && let Some(schema) = schema_at(t, i) {
            let after = i + schema.len();
            if let Some(end) = validate_schema(t, schema, after) {
                return Some((i, end, schema));
            }
            min_pre = after;
            i = after + 1;
            continue;
        }
        i += 1;
    }
    None
}

/// First fuzzy link (no schema) at or after `s`.
fn search_fuzzy(t: &[char], s: usize, only_start: bool) -> Option<Cand> {
    let last = if only_start {
        (s + 1).min(t.len())
    } else {
        t.len()
    };
    for p in s..last {
        let pre_ok = p == s || {
            let c = t[p - 1];
            !matches!(c, '.' | ':' | '/' | '-' | '_' | '@')
                && (matches!(
                    c,
                    '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '\u{ff5c}'
                ) || is_zpcc(c))
        };
        if !pre_ok
            || matches!(
                t[p],
                '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '\u{ff5c}'
            )
            || !is_letter(t[p])
        {
            continue;
        }
        if let Some(q) = fuzzy_host(t, p, true) {
            return Some((p, path(t, q), ""));
        }
    }
    None
}

/// First fuzzy e-mail address at or after `s`.
fn search_email(t: &[char], s: usize, only_start: bool) -> Option<Cand> {
    if only_start {
        let at = email_name_end(t, s)?;
        return fuzzy_host(t, at + 1, false).map(|q| (s, q, "mailto:"));
    }
    let mut from = s;
    while let Some(off) = t[from..].iter().position(|&c| c == '@') {
        let at = from + off;
        let mut r = at;
        while r > from && is_name_char(t[r - 1]) {
            r -= 1;
        }
        let start = (r..at).find(|&p| {
            t[p] != '"'
                && (p == s || {
                    let c = t[p - 1];
                    matches!(c, '<' | '>' | '\u{ff5c}' | '"' | '(') || is_zcc(c)
                })
        });
        if let Some(p) = start
            && let Some(q) = fuzzy_host(t, at + 1, false)
        {
            return Some((p, q, "mailto:"));
        }
        from = at + 1;
    }
    None
}

/// A leftmost search from a start position (`true`: only a match right at the start).
type Search = fn(&[char], usize, bool) -> Option<Cand>;

/// A search result remembered between calls, valid while the scan start stays before it.
#[derive(Default)]
struct Cache(Option<(usize, Option<Cand>)>);

impl Cache {
    fn get(&mut self, s: usize, t: &[char], f: Search) -> Option<Cand> {
        if let Some((from, found)) = self.0 {
            // A remembered result stays the leftmost one as long as it starts after `s`
            // (only a match exactly at the new start could differ).
            let still = match found {
                Some(c) => from <= s && c.0 > s,
                None => from <= s,
            };
            if still {
                return f(t, s, true).or(found);
            }
        }
        let found = f(t, s, false);
        self.0 = Some((s, found));
        found
    }
}

/// All links in `text`, in order, as markdown-it's linkify would make them.
pub(crate) fn find_links(text: &str) -> Vec<Found> {
    if !text.contains(['.', '@', ':']) {
        return Vec::new();
    }
    let t: Vec<char> = text.chars().collect();
    let mut byte_at = Vec::with_capacity(t.len() + 1);
    let mut b = 0;
    for c in &t {
        byte_at.push(b);
        b += c.len_utf8();
    }
    byte_at.push(b);

    let (mut cs, mut cf, mut ce) = (Cache::default(), Cache::default(), Cache::default());
    let mut out = Vec::new();
    let mut s = 0;
    while s < t.len() {
        let mut best = cs.get(s, &t, search_schema);
        if let Some(f) = cf.get(s, &t, search_fuzzy)
            && best.is_none_or(|b| f.0 < b.0)
        {
            best = Some(f);
        }
        if let Some(e) = ce.get(s, &t, search_email)
            && best.is_none_or(|b| e.0 < b.0 || (e.0 == b.0 && e.1 > b.1))
        {
            best = Some(e);
        }
        let Some((start, mut end, schema)) = best else {
            break;
        };
        if matches!(schema, "http:" | "https:" | "ftp:") {
            while end > start && t[end - 1] == '*' {
                end -= 1;
            }
        }
        let raw = &text[byte_at[start]..byte_at[end]];
        let url = match schema {
            "" => format!("http://{raw}"),
            "mailto:" if !raw.to_ascii_lowercase().starts_with("mailto:") => {
                format!("mailto:{raw}")
            }
            _ => raw.to_owned(),
        };
        out.push(Found {
            start: byte_at[start],
            end: byte_at[end],
            url,
        });
        s = end.max(start + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<String> {
        find_links(text).into_iter().map(|f| f.url).collect()
    }

    #[test]
    fn linkify_schema_links() {
        assert_eq!(
            urls("see https://example.com/a/b."),
            ["https://example.com/a/b"]
        );
        assert_eq!(urls("(http://x.org/p_(q))"), ["http://x.org/p_(q)"]);
        assert_eq!(
            urls("ftp://files.example.net:21/x"),
            ["ftp://files.example.net:21/x"]
        );
        assert_eq!(urls("mailto:me@example.com"), ["mailto:me@example.com"]);
        assert_eq!(
            urls("https://gfit nthub.com/Sovere x"),
            ["https://gfit", "http://nthub.com/Sovere"]
        );
    }

    #[test]
    fn linkify_bare_domain_with_cctld() {
        assert_eq!(
            urls("omain-manager-role.md), PR"),
            ["http://omain-manager-role.md"]
        );
        assert_eq!(urls("visit example.com today"), ["http://example.com"]);
        assert_eq!(
            urls("www.example.org/x?y=1"),
            ["http://www.example.org/x?y=1"]
        );
        assert!(urls("readme.txt and example.dev and v1.0.x").is_empty());
    }

    #[test]
    fn linkify_unknown_scheme_is_not_a_link() {
        assert!(urls("[#595](httpt://giohub.cme/Sov/i sues)").is_empty());
        assert_eq!(urls("httpt://giohub.com/x"), Vec::<String>::new());
        assert_eq!(
            urls("[x](https://github.com/Sov](https://input.scs.community/C6#) (2024)"),
            ["https://github.com/Sov", "https://input.scs.community/C6#"]
        );
    }

    #[test]
    fn linkify_emails() {
        assert_eq!(
            urls("write to a.b@example.com."),
            ["mailto:a.b@example.com"]
        );
        assert!(urls("by @martinmo").is_empty());
        assert!(urls("x@localhost").is_empty());
    }

    #[test]
    fn linkify_offsets_are_bytes() {
        let f = find_links("é example.com");
        assert_eq!((f[0].start, f[0].end), (3, 14));
    }

    #[test]
    fn linkify_trailing_star_dropped() {
        assert_eq!(urls("https://x.com/a**"), ["https://x.com/a"]);
    }
}
