//! The PPTX backend end to end: decks exported with `-o deck.pptx` or `--pptx`, unzipped
//! and read back part by part (structure, relationships, text, levels, links, notes).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{copy_seed, root, run, stderr};
use quick_xml::events::Event;

/// An XML element read back: name with prefix, attributes, children.
#[derive(Debug, Clone)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug, Clone)]
enum Node {
    El(El),
    Text(String),
}

impl El {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// All descendants (and self) named `name`, in document order.
    fn all<'a>(&'a self, name: &str, out: &mut Vec<&'a El>) {
        if self.name == name {
            out.push(self);
        }
        for c in &self.children {
            if let Node::El(e) = c {
                e.all(name, out);
            }
        }
    }

    fn find_all(&self, name: &str) -> Vec<&El> {
        let mut v = Vec::new();
        self.all(name, &mut v);
        v
    }

    /// The text of all `a:t` below, `a:p` joined with newlines.
    fn text(&self) -> String {
        self.find_all("a:p")
            .iter()
            .map(|p| {
                p.find_all("a:t")
                    .iter()
                    .map(|t| t.own_text())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The text of all `a:t` below (for one run or paragraph).
    fn run_text(&self) -> String {
        self.find_all("a:t").iter().map(|t| t.own_text()).collect()
    }

    fn own_text(&self) -> String {
        self.children
            .iter()
            .filter_map(|c| match c {
                Node::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// Parses a part; panics (failing the test) on anything not well-formed or on a
/// character reference.
fn parse(xml: &str) -> El {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut stack = vec![El {
        name: String::new(),
        attrs: Vec::new(),
        children: Vec::new(),
    }];
    let el = |e: &quick_xml::events::BytesStart<'_>| El {
        name: e.name().into_inner().to_string(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                let v = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .expect("attribute value");
                (a.key.into_inner().to_string(), v.into_owned())
            })
            .collect(),
        children: Vec::new(),
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(el(&e)),
            Event::Empty(e) => {
                let child = el(&e);
                stack.last_mut().unwrap().children.push(Node::El(child));
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(Node::El(done));
            }
            Event::Text(t) => {
                let s = t.xml10_content().into_owned();
                stack.last_mut().unwrap().children.push(Node::Text(s));
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content().into_owned();
                let c = match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected reference &{other};"),
                };
                stack
                    .last_mut()
                    .unwrap()
                    .children
                    .push(Node::Text(c.into()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let root = stack.pop().unwrap();
    root.children
        .into_iter()
        .find_map(|c| match c {
            Node::El(e) => Some(e),
            _ => None,
        })
        .expect("a root element")
}

/// The parts of a package by name.
fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(path).expect("pptx written");
    let mut zip = zip::ZipArchive::new(file).expect("a zip file");
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
        parts.insert(f.name().unwrap().to_string(), bytes);
    }
    parts
}

struct Deck {
    parts: BTreeMap<String, Vec<u8>>,
}

impl Deck {
    fn xml(&self, name: &str) -> El {
        let bytes = self
            .parts
            .get(name)
            .unwrap_or_else(|| panic!("part {name} missing"));
        parse(std::str::from_utf8(bytes).expect("UTF-8 part"))
    }

    fn raw(&self, name: &str) -> String {
        String::from_utf8(self.parts[name].clone()).unwrap()
    }

    fn slide_count(&self) -> usize {
        self.parts
            .keys()
            .filter(|k| k.starts_with("ppt/slides/slide") && k.ends_with(".xml"))
            .count()
    }

    fn slide(&self, n: usize) -> El {
        self.xml(&format!("ppt/slides/slide{n}.xml"))
    }

    fn rels(&self, part: &str) -> Vec<El> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        self.xml(&name)
            .find_all("Relationship")
            .into_iter()
            .cloned()
            .collect()
    }

    /// The placeholder shape of a kind (`title` or the body, `idx="1"`) on a slide.
    fn placeholder(slide: &El, title: bool) -> Option<El> {
        slide
            .find_all("p:sp")
            .into_iter()
            .find(|sp| {
                sp.find_all("p:ph").first().is_some_and(|ph| {
                    if title {
                        ph.attr("type") == Some("title")
                    } else {
                        ph.attr("idx") == Some("1")
                    }
                })
            })
            .cloned()
    }

    /// Every part parses, every internal relationship target exists, every part has a
    /// content type.
    fn check_package(&self) {
        for name in self.parts.keys() {
            if name.ends_with(".xml") || name.ends_with(".rels") {
                let _ = self.xml(name);
            }
        }
        for name in self.parts.keys().filter(|n| n.ends_with(".rels")) {
            let base = name
                .replace("_rels/", "")
                .trim_end_matches(".rels")
                .to_string();
            let dir = base.rsplit_once('/').map_or("", |(d, _)| d).to_string();
            for r in self.xml(name).find_all("Relationship") {
                if r.attr("TargetMode") == Some("External") {
                    continue;
                }
                let target = r.attr("Target").unwrap();
                let mut path: Vec<&str> = if dir.is_empty() {
                    Vec::new()
                } else {
                    dir.split('/').collect()
                };
                for seg in target.split('/') {
                    match seg {
                        ".." => {
                            path.pop();
                        }
                        s => path.push(s),
                    }
                }
                let resolved = path.join("/");
                assert!(
                    self.parts.contains_key(&resolved),
                    "{name}: target {target} ({resolved}) missing"
                );
            }
        }
        let types = self.raw("[Content_Types].xml");
        for name in self.parts.keys() {
            let ext = name.rsplit('.').next().unwrap();
            assert!(
                types.contains(&format!("PartName=\"/{name}\""))
                    || types.contains(&format!("Extension=\"{ext}\"")),
                "{name} has no content type"
            );
        }
    }
}

/// Writes `deck` as `deck.md` in a temporary folder and exports it to `deck.pptx`.
fn export(deck: &str) -> (tempfile::TempDir, Deck) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("deck.md"), deck).unwrap();
    let out = run(dir.path(), &["deck.md", "-o", "deck.pptx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let parts = unzip(&dir.path().join("deck.pptx"));
    (dir, Deck { parts })
}

/// Paragraphs of a text body as (text, lvl, bullet kind).
fn paragraphs(sp: &El) -> Vec<(String, u32, &'static str)> {
    sp.find_all("a:p")
        .into_iter()
        .map(|p| {
            let text: String = p.find_all("a:t").iter().map(|t| t.own_text()).collect();
            let ppr = p.find_all("a:pPr");
            let lvl = ppr
                .first()
                .and_then(|e| e.attr("lvl"))
                .map_or(0, |l| l.parse().unwrap());
            let kind = if !p.find_all("a:buAutoNum").is_empty() {
                "number"
            } else if !p.find_all("a:buChar").is_empty() {
                "bullet"
            } else {
                "none"
            };
            (text, lvl, kind)
        })
        .collect()
}

const SMALL: &str = "---
type: slide
title: Small deck
---

# Quarterly Plan

Intro paragraph with a [link](https://example.org/a?b=1&c=2).

- First point
    - Nested point
- Second point

1. One
2. Two

Note:
Remember **this** and [docs](https://example.com/docs).

---

## Second

[back to the start](#/0)
";

#[test]
fn small_deck_is_an_editable_presentation() {
    let (_dir, deck) = export(SMALL);
    deck.check_package();
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/core.xml",
        "docProps/app.xml",
        "ppt/presentation.xml",
        "ppt/slideMasters/slideMaster1.xml",
        "ppt/slideLayouts/slideLayout1.xml",
        "ppt/theme/theme1.xml",
        "ppt/theme/theme2.xml",
        "ppt/notesMasters/notesMaster1.xml",
        "ppt/notesSlides/notesSlide1.xml",
    ] {
        assert!(deck.parts.contains_key(part), "{part} missing");
    }
    assert!(!deck.parts.contains_key("ppt/notesSlides/notesSlide2.xml"));
    let pres = deck.xml("ppt/presentation.xml");
    let size = &pres.find_all("p:sldSz")[0];
    assert_eq!(size.attr("cx"), Some("12192000"));
    assert_eq!(size.attr("cy"), Some("6858000"));
    assert_eq!(pres.find_all("p:notesSz").len(), 1);
    assert_eq!(deck.slide_count(), 2);
    let layout = deck.xml("ppt/slideLayouts/slideLayout1.xml");
    assert_eq!(
        layout.find_all("p:cSld")[0].attr("name"),
        Some("Title and Content")
    );
    // The theme has three entries in each format list and the deck's body font.
    let theme = deck.xml("ppt/theme/theme1.xml");
    for list in [
        "a:fillStyleLst",
        "a:lnStyleLst",
        "a:effectStyleLst",
        "a:bgFillStyleLst",
    ] {
        let l = &theme.find_all(list)[0];
        assert_eq!(l.children.len(), 3, "{list}");
    }
    assert_eq!(
        deck.xml("docProps/core.xml").find_all("dc:title")[0].own_text(),
        "Small deck"
    );

    let s1 = deck.slide(1);
    let title = Deck::placeholder(&s1, true).expect("a title placeholder");
    assert_eq!(title.text(), "Quarterly Plan");
    let body = Deck::placeholder(&s1, false).expect("a body placeholder");
    assert_eq!(
        paragraphs(&body),
        vec![
            ("Intro paragraph with a link.".to_string(), 0, "none"),
            ("First point".to_string(), 0, "bullet"),
            ("Nested point".to_string(), 1, "bullet"),
            ("Second point".to_string(), 0, "bullet"),
            ("One".to_string(), 0, "number"),
            ("Two".to_string(), 0, "number"),
        ]
    );
    assert!(
        body.find_all("a:bodyPr")[0]
            .children
            .iter()
            .any(|c| matches!(c, Node::El(e) if e.name == "a:noAutofit"))
    );
    // HedgeDoc's body letter-spacing (0.025em of 16 px, × 1.4811 to page px = 0.59 px)
    // reaches the runs as `spc` in hundredths of a point (1 px = 0.5 pt).
    let first_run = &body.find_all("a:rPr")[0];
    assert_eq!(first_run.attr("spc"), Some("30"));
    // reveal's 42 px body text: 62.2 page px, sz = × 50.
    assert_eq!(first_run.attr("sz"), Some("3110"));
    // The link is a run hyperlink through an external relationship.
    let rels = deck.rels("ppt/slides/slide1.xml");
    let link = rels
        .iter()
        .find(|r| r.attr("Type").is_some_and(|t| t.ends_with("/hyperlink")))
        .expect("a hyperlink relationship");
    assert_eq!(link.attr("Target"), Some("https://example.org/a?b=1&c=2"));
    assert_eq!(link.attr("TargetMode"), Some("External"));
    let click = &body.find_all("a:hlinkClick")[0];
    assert_eq!(click.attr("r:id"), link.attr("Id"));
    // Notes: plain text with bold and a link kept.
    let notes = deck.xml("ppt/notesSlides/notesSlide1.xml");
    assert_eq!(notes.text(), "Remember this and docs.");
    let bold: Vec<String> = notes
        .find_all("a:r")
        .into_iter()
        .filter(|r| r.find_all("a:rPr")[0].attr("b") == Some("1"))
        .map(|r| r.run_text())
        .collect();
    assert_eq!(bold, vec!["this"]);
    let note_rels = deck.rels("ppt/notesSlides/notesSlide1.xml");
    assert!(
        note_rels
            .iter()
            .any(|r| r.attr("Target") == Some("https://example.com/docs")
                && r.attr("TargetMode") == Some("External"))
    );
    assert!(
        rels.iter()
            .any(|r| r.attr("Target") == Some("../notesSlides/notesSlide1.xml"))
    );
    // No note text on the slide itself.
    assert!(!s1.text().contains("Remember"));
    // An in-deck link jumps to the slide.
    let s2 = deck.slide(2);
    let jump = &s2.find_all("a:hlinkClick")[0];
    assert_eq!(jump.attr("action"), Some("ppaction://hlinksldjump"));
    let rels2 = deck.rels("ppt/slides/slide2.xml");
    let target = rels2
        .iter()
        .find(|r| r.attr("Id") == jump.attr("r:id"))
        .unwrap();
    assert_eq!(target.attr("Target"), Some("slide1.xml"));
    assert_eq!(Deck::placeholder(&s2, true).unwrap().text(), "Second");
}

#[test]
fn the_same_deck_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("deck.md"), SMALL).unwrap();
    let a = run(dir.path(), &["deck.md", "-o", "a.pptx"]);
    let b = run(dir.path(), &["deck.md", "-o", "b.pptx"]);
    assert!(a.status.success() && b.status.success());
    let a = std::fs::read(dir.path().join("a.pptx")).unwrap();
    let b = std::fs::read(dir.path().join("b.pptx")).unwrap();
    assert!(a.len() > 1000);
    assert!(a == b, "two exports of the same deck differ");
}

#[test]
fn pptx_flag_writes_beside_the_deck() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("talk.md"), SMALL).unwrap();
    let out = run(dir.path(), &["talk.md", "--pptx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("talk.pptx").exists());
    assert!(!dir.path().join("talk.pdf").exists());
    let out = run(dir.path(), &["talk.md", "--pptx", "--pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("talk.pdf").exists());
    let out = run(dir.path(), &["talk.md", "-o", "talk.odp"]);
    assert_eq!(out.status.code(), Some(2));
}

/// B23 `notes-pptx`: notes as plain text, numbered and bulleted lists kept.
#[test]
fn b23_notes_keep_text_and_lists() {
    let (_dir, deck) = export(
        "---\ntype: slide\n---\n\n# Opening\n\nNote:\nWelcome everyone.\n\n---\n\n# Agenda\n\nnote:\nCover three things:\n\n1. Budget\n2. Hiring\n3. Timeline\n\n- keep it short\n- leave time for questions\n\n---\n\n# No notes here\n",
    );
    deck.check_package();
    assert_eq!(deck.slide_count(), 3);
    let n1 = deck.xml("ppt/notesSlides/notesSlide1.xml");
    assert_eq!(n1.text(), "Welcome everyone.");
    let n2 = deck.xml("ppt/notesSlides/notesSlide2.xml");
    let body = Deck::placeholder(&n2, false).expect("notes body placeholder");
    assert_eq!(
        paragraphs(&body),
        vec![
            ("Cover three things:".to_string(), 0, "none"),
            ("Budget".to_string(), 0, "number"),
            ("Hiring".to_string(), 0, "number"),
            ("Timeline".to_string(), 0, "number"),
            ("keep it short".to_string(), 0, "bullet"),
            ("leave time for questions".to_string(), 0, "bullet"),
        ]
    );
    assert!(!deck.parts.contains_key("ppt/notesSlides/notesSlide3.xml"));
    for n in 1..=3 {
        let text = deck.slide(n).text();
        assert!(
            !text.contains("Welcome") && !text.contains("Budget"),
            "{text}"
        );
    }
}

/// B26 `pptx-not-editable`: one title, one body with whole paragraphs, bold runs.
#[test]
fn b26_text_is_editable_paragraphs() {
    let long = "This paragraph is deliberately long so that it wraps over at least three lines on a sixteen by nine slide at the default body size, and it must remain one paragraph in one text box after export, so that editing a word reflows the rest of the lines.";
    let (_dir, deck) = export(&format!(
        "---\ntype: slide\n---\n\n# Roadmap review\n\n{long}\n\n- **(L)aunch:** first public build\n- **(M)easure:** usage numbers\n- **(C)onsolidate:** remove old paths\n"
    ));
    deck.check_package();
    let s = deck.slide(1);
    assert!(s.find_all("p:pic").is_empty());
    assert_eq!(
        Deck::placeholder(&s, true).unwrap().text(),
        "Roadmap review"
    );
    let body = Deck::placeholder(&s, false).unwrap();
    let paras = paragraphs(&body);
    assert_eq!(paras.len(), 4);
    assert_eq!(paras[0], (long.to_string(), 0, "none"));
    assert_eq!(
        paras[1],
        ("(L)aunch: first public build".to_string(), 0, "bullet")
    );
    assert_eq!(
        paras[2],
        ("(M)easure: usage numbers".to_string(), 0, "bullet")
    );
    assert_eq!((paras[3].1, paras[3].2), (0, "bullet"));
    // HedgeDoc's typographer turns "(C)" into "©" (markdown-it replacements); the
    // runs are compared with it undone.
    for (p, first) in
        body.find_all("a:p")[1..]
            .iter()
            .zip(["(L)aunch:", "(M)easure:", "(C)onsolidate:"])
    {
        let runs = p.find_all("a:r");
        assert_eq!(runs[0].run_text().trim().replace('©', "(C)"), first);
        assert_eq!(runs[0].find_all("a:rPr")[0].attr("b"), Some("1"));
        for r in &runs[1..] {
            assert_ne!(
                r.find_all("a:rPr")[0].attr("b"),
                Some("1"),
                "{}",
                r.run_text()
            );
        }
    }
    let text_shapes = s
        .find_all("p:sp")
        .into_iter()
        .filter(|sp| !sp.find_all("a:t").is_empty())
        .count();
    assert!(text_shapes <= 3, "{text_shapes} text shapes");
    let masters = deck
        .parts
        .keys()
        .filter(|k| k.starts_with("ppt/slideMasters/") && k.ends_with(".xml"))
        .count();
    assert_eq!(masters, 1);
}

/// B28 `pptx-xml-escape`: markup characters escaped, control characters removed.
#[test]
fn b28_text_is_escaped_and_control_characters_removed() {
    let (_dir, deck) = export(
        "---\ntype: slide\ntitle: \"Q3 <draft> & notes\"\n---\n\n# R&D \\<Q3\\> \"plan\" & 'more'\n\nBody with a vertical\u{b}tab and a form\u{c}feed inside.\n\nLiteral CDATA end: ]]> and an ampersand entity &amp; shown as &\n\nNote:\nA & B < C, and \"quotes\" stay.\n",
    );
    deck.check_package();
    for (name, bytes) in &deck.parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            assert!(
                !bytes
                    .iter()
                    .any(|&b| b < 0x20 && b != b'\n' && b != b'\r' && b != b'\t'),
                "{name} holds a raw control character"
            );
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains("&#11;") && !text.contains("&#12;"), "{name}");
        }
    }
    let s = deck.slide(1);
    let title = Deck::placeholder(&s, true).unwrap().text();
    let ascii = title
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'");
    assert_eq!(ascii, "R&D <Q3> \"plan\" & 'more'");
    let body = Deck::placeholder(&s, false).unwrap().text();
    for word in [
        "vertical",
        "tab",
        "form",
        "feed",
        "]]>",
        "entity & shown as &",
    ] {
        assert!(body.contains(word), "{word} missing from {body:?}");
    }
    assert!(
        deck.raw("ppt/slides/slide1.xml")
            .contains("R&amp;D &lt;Q3&gt;")
    );
    let notes = deck.xml("ppt/notesSlides/notesSlide1.xml").text();
    assert_eq!(notes, "A & B < C, and \"quotes\" stay.");
    assert_eq!(
        deck.xml("docProps/core.xml").find_all("dc:title")[0].own_text(),
        "Q3 <draft> & notes"
    );
}

/// B30 `slide-size`: 16:9 slides, every shape on the slide, no extra slide.
#[test]
fn b30_slides_are_16_by_9_and_shapes_inside() {
    let (_dir, deck) = export(
        "---\ntype: slide\n---\n\n# Size check\n\n<div style=\"text-align:right\">RIGHT-EDGE</div>\n\n<div style=\"text-align:left\">LEFT-EDGE</div>\n\n---\n\n## Second page\n\nLast page; nothing may follow it.\n",
    );
    deck.check_package();
    let pres = deck.xml("ppt/presentation.xml");
    let size = &pres.find_all("p:sldSz")[0];
    assert_eq!(size.attr("cx"), Some("12192000"));
    assert_eq!(size.attr("cy"), Some("6858000"));
    assert_eq!(size.attr("type"), None);
    assert_eq!(deck.slide_count(), 2);
    let mut parts = vec![
        "ppt/slideMasters/slideMaster1.xml".to_string(),
        "ppt/slideLayouts/slideLayout1.xml".to_string(),
    ];
    parts.extend((1..=2).map(|n| format!("ppt/slides/slide{n}.xml")));
    for part in parts {
        for x in deck.xml(&part).find_all("a:xfrm") {
            let off = &x.find_all("a:off")[0];
            let ext = &x.find_all("a:ext")[0];
            let n = |e: &El, a: &str| e.attr(a).unwrap().parse::<i64>().unwrap();
            let (x0, y0) = (n(off, "x"), n(off, "y"));
            let (x1, y1) = (x0 + n(ext, "cx"), y0 + n(ext, "cy"));
            assert!(
                x0 >= 0 && y0 >= 0 && x1 <= 12_192_000 && y1 <= 6_858_000,
                "{part}: shape at {x0},{y0}..{x1},{y1} leaves the slide"
            );
        }
    }
    // RIGHT-EDGE ends near the right edge of the content, LEFT-EDGE starts at its left.
    let s1 = deck.slide(1);
    let body = Deck::placeholder(&s1, false).unwrap();
    let algns: Vec<Option<&str>> = body
        .find_all("a:pPr")
        .iter()
        .map(|p| p.attr("algn"))
        .collect();
    assert_eq!(algns, vec![Some("r"), Some("l")]);
}

#[test]
fn pictures_are_stored_once_and_svg_has_a_png_fallback() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["landscape.png", "diagram.svg"] {
        std::fs::copy(root().join("fixtures/pictures").join(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(
        dir.path().join("deck.md"),
        "---\ntype: slide\n---\n\n# One\n\n![a & b](landscape.png)\n\n---\n\n# Two\n\n![again](landscape.png)\n\n![chart](diagram.svg)\n\n---\n\n<!-- .slide: data-background-image=\"landscape.png\" -->\n\n# Three\n",
    )
    .unwrap();
    let out = run(dir.path(), &["deck.md", "-o", "deck.pptx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let deck = Deck {
        parts: unzip(&dir.path().join("deck.pptx")),
    };
    deck.check_package();
    let media: Vec<&String> = deck
        .parts
        .keys()
        .filter(|k| k.starts_with("ppt/media/"))
        .collect();
    assert_eq!(media.len(), 3, "{media:?}");
    assert_eq!(media.iter().filter(|m| m.ends_with(".svg")).count(), 1);
    let s1 = deck.slide(1);
    let pic = &s1.find_all("p:pic")[0];
    assert_eq!(pic.find_all("p:cNvPr")[0].attr("descr"), Some("a & b"));
    let s2 = deck.slide(2);
    let pics = s2.find_all("p:pic");
    assert_eq!(pics.len(), 2);
    let svg = &pics[1];
    let blip = &svg.find_all("a:blip")[0];
    let svg_blip = &svg.find_all("asvg:svgBlip")[0];
    let rels = deck.rels("ppt/slides/slide2.xml");
    let target = |id: Option<&str>| {
        rels.iter()
            .find(|r| r.attr("Id") == id)
            .and_then(|r| r.attr("Target"))
            .unwrap()
            .to_string()
    };
    assert!(target(blip.attr("r:embed")).ends_with(".png"));
    assert!(target(svg_blip.attr("r:embed")).ends_with(".svg"));
    let same = |s: &El| s.find_all("a:blip")[0].attr("r:embed").unwrap().to_string();
    let r1 = deck.rels("ppt/slides/slide1.xml");
    let t1 = r1
        .iter()
        .find(|r| r.attr("Id") == Some(same(pic).as_str()))
        .unwrap()
        .attr("Target")
        .unwrap()
        .to_string();
    assert_eq!(t1, target(Some(same(pics[0]).as_str())));
    // A full-page background picture is the slide's background fill, stored once too.
    let s3 = deck.slide(3);
    let bg = &s3.find_all("p:bg")[0];
    let bg_blip = &bg.find_all("a:blip")[0];
    assert!(s3.find_all("p:pic").is_empty());
    let r3 = deck.rels("ppt/slides/slide3.xml");
    let t3 = r3
        .iter()
        .find(|r| r.attr("Id") == bg_blip.attr("r:embed"))
        .unwrap()
        .attr("Target")
        .unwrap();
    assert_eq!(t3, t1);
}

#[test]
fn seed_deck_exports_to_pptx() {
    let dir = tempfile::tempdir().unwrap();
    copy_seed(dir.path());
    let out = run(
        dir.path(),
        &["community-call-2024-04-25.md", "-o", "call.pptx"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let deck = Deck {
        parts: unzip(&dir.path().join("call.pptx")),
    };
    deck.check_package();
    assert_eq!(deck.slide_count(), 22);
    let titles: Vec<String> = (1..=22)
        .filter_map(|n| Deck::placeholder(&deck.slide(n), true).map(|t| t.text()))
        .collect();
    assert!(titles.iter().any(|t| t == "Team Container"), "{titles:?}");
    assert!(
        deck.slide(1).text().contains("Community Call 2024-04-25"),
        "{}",
        deck.slide(1).text()
    );
    let links: Vec<String> = (1..=22)
        .flat_map(|n| deck.rels(&format!("ppt/slides/slide{n}.xml")))
        .filter(|r| r.attr("TargetMode") == Some("External"))
        .map(|r| r.attr("Target").unwrap().to_string())
        .collect();
    assert!(
        links.contains(&"https://github.com/SovereignCloudStack/standards/pull/576".to_string())
    );
}

#[test]
fn flex_items_side_by_side_get_a_text_box_each_where_they_are_drawn() {
    let deck =
        std::fs::read_to_string(common::root().join("fixtures/css/css-flex-boxes.md")).unwrap();
    let (_dir, pptx) = export(&deck);
    let slide = pptx.xml("ppt/slides/slide1.xml");
    let shapes = slide.find_all("p:sp");
    // No body placeholder: the three items are not one flow of paragraphs.
    assert!(!shapes.iter().any(|sp| {
        sp.find_all("p:ph")
            .iter()
            .any(|ph| ph.attr("idx") == Some("1"))
    }));
    let centre = |word: &str| -> f32 {
        let sp = shapes
            .iter()
            .find(|sp| sp.text().contains(word))
            .unwrap_or_else(|| panic!("a shape with {word}"));
        assert_eq!(sp.text().trim(), word, "one item per box");
        let x: f32 = sp.find_all("a:off")[0].attr("x").unwrap().parse().unwrap();
        let cx: f32 = sp.find_all("a:ext")[0].attr("cx").unwrap().parse().unwrap();
        (x + cx / 2.0) / 12_192_000.0
    };
    // The items sit around a quarter, the half and three quarters of the slide
    // (`justify-content: space-around`), as in the PDF.
    let (a, b, c) = (centre("Boxed"), centre("Round"), centre("Faded"));
    assert!(
        (a - 0.25).abs() < 0.04 && (b - 0.5).abs() < 0.04 && (c - 0.75).abs() < 0.04,
        "{a} {b} {c}"
    );
}
