//! Whole-stage tests: document assembly, slide facts, warnings and the seed deck's links.

use super::*;
use crate::deck::Meta;

fn slide(h: usize, v: Option<usize>, md: &str, first_line: usize) -> Slide {
    Slide {
        h,
        v,
        markdown: md.to_owned(),
        first_line,
        lines: first_line..first_line + md.lines().count(),
        notes: None,
        notes_line: None,
    }
}

/// Splits the seed deck by HedgeDoc's framed separators (enough for these tests).
fn seed_deck() -> Deck {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seed/community-call-2024-04-25.md"
    );
    let text = std::fs::read_to_string(path).expect("the seed deck beside the repository");
    let text = text.as_str();
    let lines: Vec<&str> = text.lines().collect();
    let body_start = 9; // after the front matter (0-based index of line 10)
    let mut slides = Vec::new();
    let (mut h, mut v): (usize, Option<usize>) = (0, None);
    let mut chunk_start = body_start;
    let mut i = body_start;
    let push = |from: usize, to: usize, h: usize, v: Option<usize>, slides: &mut Vec<Slide>| {
        slides.push(slide(h, v, &lines[from..to].join("\n"), from + 1));
    };
    while i < lines.len() {
        let sep = matches!(lines[i], "---" | "----")
            && i > 0
            && lines[i - 1].is_empty()
            && lines.get(i + 1).is_none_or(|l| l.is_empty());
        if sep {
            let vertical = lines[i] == "----";
            if vertical {
                let cur = v.unwrap_or(0);
                push(chunk_start, i, h, Some(cur), &mut slides);
                v = Some(cur + 1);
            } else {
                push(chunk_start, i, h, v, &mut slides);
                h += 1;
                v = None;
            }
            chunk_start = i + 1;
        }
        i += 1;
    }
    push(chunk_start, lines.len(), h, v, &mut slides);
    Deck {
        meta: Meta::default(),
        slides,
    }
}

/// Every `href` of an `<a>` in the HTML, in order.
fn hrefs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<a ") {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
        let tag = &rest[i..tag_end];
        if let Some(h) = tag.find("href=\"") {
            let v = &tag[h + 6..];
            out.push(v[..v.find('"').unwrap_or(v.len())].replace("&amp;", "&"));
        }
        rest = &rest[tag_end..];
    }
    out
}

#[test]
fn seed_has_sixteen_links() {
    let deck = seed_deck();
    assert_eq!(deck.slides.len(), 22);
    let mut sink = Sink::new();
    let m = render(&deck, &mut sink);
    let mut per_slide = Vec::new();
    let body = &m.html;
    for (i, _) in deck.slides.iter().enumerate() {
        let start = body.find(&format!("data-deckport-slide=\"{i}\"")).unwrap();
        let end = body[start..]
            .find("</section>")
            .map_or(body.len(), |e| start + e);
        for h in hrefs(&body[start..end]) {
            per_slide.push((i + 1, h));
        }
    }
    let expected: Vec<(usize, String)> = [
        (5, "https://github.com/SovereignCloudStack/issues/issues/528"),
        (6, "https://github.com/SovereignCloudStHackathon"),
        (6, "https://input.scs.community/C6OKMb4xQQuqnHC6axv08g#"),
        (6, "http://omain-manager-role.md"),
        (6, "https://gfit"),
        (6, "http://nthub.com/Sovere"),
        (6, "https://githnb.com/Sove"),
        (7, "https://gthub.com/SovereignCloudStack/issues/issuh"),
        (7, "https://input.scs.community/C6OKMb4xQQuqnHC6axv08g#"),
        (9, "https://github.com/SovereignCloudStack/security-infra-scan-pipeline/tree/feat/ZAP-baseline-scan-%2B-minor-fixes"),
        (9, "https://github.com/openstack/security-doc"),
        (11, "https://github.com/SovereignCloudStack/standards/pull/576"),
        (14, "https://github.com/SovereignCloudStack/csctl-plugin-openstack/pull/4"),
        (16, "https://github.com/SovereignCloudStack/calendar/pull/277"),
        (20, "https://events.scs.community/scs-summit-2024/"),
        (22, "https://oideurope2024.openinfra.dev/germany/"),
    ]
    .into_iter()
    .map(|(s, u)| (s, u.to_owned()))
    .collect();
    assert_eq!(per_slide, expected);
    let distinct: std::collections::BTreeSet<_> = per_slide.iter().map(|(_, u)| u).collect();
    assert_eq!(distinct.len(), 15);
    // The `httpt:` link on slide 7 stays an `<a>` without a target.
    assert!(m.html.contains("<a>#597</a>"));
}

#[test]
fn seed_slide_facts() {
    let deck = seed_deck();
    let mut sink = Sink::new();
    let m = render(&deck, &mut sink);
    let bg = "https://input.scs.community/uploads/d6bddd57-a636-45a7-91ab-bbc155ee9ba6.jpg";
    assert_eq!(
        m.slides[0].attrs,
        [("data-background".to_owned(), bg.to_owned())]
    );
    assert_eq!(
        m.slides[0].images,
        [ImageRef {
            src: bg.to_owned(),
            line: 39,
            background: true
        }]
    );
    assert_eq!(
        m.slides[7].images,
        [ImageRef {
            src: "https://input.scs.community/uploads/e9130ce6-a8e6-4c25-81fa-61aba1f133fd.svg"
                .to_owned(),
            line: 103,
            background: false
        }]
    );
    assert!(m.html.contains("alt=\"\" height=\"640\">") || m.html.contains("height=\"640\""));
    assert_eq!(m.slides[19].images[0].line, 214);
    assert!(m.html.contains(
        "<font style=\"color:#50c3a5;text-shadow: -1px 1px 0 #FFF, 1px 1px 0 #FFF, 1px -1px 0 #FFF, -1px -1px 0 #FFF;\">Sovereign</font>"
    ));
    assert!(sink.is_empty(), "{:?}", sink.warnings());
}

#[test]
fn document_assembly_and_stacks() {
    let deck = Deck {
        meta: Meta {
            lang: Some("de".into()),
            dir: Some("rtl".into()),
            ..Meta::default()
        },
        slides: vec![
            slide(0, None, "# A", 1),
            slide(1, Some(0), "B", 5),
            slide(1, Some(1), "C\n<!-- .slide: class=\"x\" -->", 9),
            slide(2, None, "", 12),
        ],
    };
    let mut sink = Sink::new();
    let m = render(&deck, &mut sink);
    assert_eq!(
        m.html,
        "<!DOCTYPE html><html><head></head><body><div class=\"reveal rtl\" lang=\"de\"><div class=\"slides\">\
<section data-deckport-slide=\"0\"><div><h1 data-line=\"1\">A</h1>\n</div></section>\
<section><section data-deckport-slide=\"1\"><div><p data-line=\"5\">B</p>\n</div></section>\
<section data-deckport-slide=\"2\" class=\"x\"><div><p data-line=\"9\">C</p>\n<!-- -->\n</div></section></section>\
<section data-deckport-slide=\"3\"><div></div></section>\
</div></div></body></html>"
    );
    assert_eq!(m.slides[2].attrs, [("class".to_owned(), "x".to_owned())]);
}

#[test]
fn lt_gt_entities_become_html() {
    let deck = Deck {
        meta: Meta::default(),
        slides: vec![slide(0, None, "&lt;b&gt;x&lt;/b&gt;", 3)],
    };
    let m = render(&deck, &mut Sink::new());
    assert!(
        m.html.contains("<p data-line=\"3\"><b>x</b></p>"),
        "{}",
        m.html
    );
}

#[test]
fn warnings_with_lines() {
    let md = "# T\n\n<svg><circle /></svg>\n\n<style>@import url(x.css);</style>\n\n<!-- .slide: data-background=\"a.png?w=1\" -->";
    let deck = Deck {
        meta: Meta::default(),
        slides: vec![slide(0, None, md, 10)],
    };
    let mut sink = Sink::new();
    let m = render(&deck, &mut sink);
    let w: Vec<(Option<usize>, String)> = sink
        .warnings()
        .into_iter()
        .map(|w| (w.line, w.message))
        .collect();
    assert_eq!(
        w,
        [
            (Some(12), "HTML tag <circle> is not allowed and is shown as text".to_owned()),
            (Some(12), "HTML tag <svg> is not allowed and is shown as text".to_owned()),
            (Some(14), "@import removed from <style> (HedgeDoc removes it)".to_owned()),
            (
                Some(16),
                "attribute comment value dropped (values may not contain '\"' or '='): data-background=\"a.png?w=1\"".to_owned()
            ),
        ]
    );
    assert!(
        m.html.contains("&lt;svg&gt;&lt;circle /&gt;&lt;/svg&gt;"),
        "{}",
        m.html
    );
    assert!(m.slides[0].attrs.is_empty());
}

#[test]
fn images_and_backgrounds() {
    let md = "<!-- .slide: data-background-image=\"bg.webp\" -->\n\ntext\n\n![a](pics/x.png =10x20) ![b](javascript:x)\n<img src=\"y.jpg\">";
    let deck = Deck {
        meta: Meta::default(),
        slides: vec![slide(0, None, md, 5)],
    };
    let m = render(&deck, &mut Sink::new());
    let imgs: Vec<(&str, usize, bool)> = m.slides[0]
        .images
        .iter()
        .map(|i| (i.src.as_str(), i.line, i.background))
        .collect();
    assert_eq!(
        imgs,
        [
            ("bg.webp", 5, true),
            ("pics/x.png", 9, false),
            ("y.jpg", 10, false)
        ]
    );
    assert!(
        m.html
            .contains("<img alt=\"a\" src=\"pics/x.png\" width=\"10\" height=\"20\">"),
        "{}",
        m.html
    );
}

#[test]
fn background_image_rule() {
    assert!(is_image_background("https://x/a"));
    assert!(is_image_background("//cdn/x"));
    assert!(is_image_background("pic.PNG?x=1"));
    assert!(!is_image_background("#ff0000"));
    assert!(!is_image_background("linear-gradient(red, blue)"));
    assert!(!is_image_background("a.pngx"));
}

/// Slow in the dev profile (about 30 s for 5 MB); run with `--ignored` to check scaling.
#[test]
#[ignore]
fn large_deck_is_linear() {
    // 5 MB of typical slide text in one paragraph-heavy slide and in many slides.
    let chunk =
        "* item with https://example.com/a and example.org, **bold** ![i](p.png =1x2) `c.com`\n";
    let big = chunk.repeat(5_000_000 / chunk.len());
    let deck = Deck {
        meta: Meta::default(),
        slides: vec![slide(0, None, &big, 1)],
    };
    let t = std::time::Instant::now();
    let m = render(&deck, &mut Sink::new());
    assert!(m.html.len() > big.len());
    assert_eq!(m.slides[0].images.len(), 5_000_000 / chunk.len());
    eprintln!("5 MB slide: {:?}", t.elapsed());
    let long_para = "word +a.+a.+a. x@y.com ".repeat(50_000);
    let deck = Deck {
        meta: Meta::default(),
        slides: vec![slide(0, None, &long_para, 1)],
    };
    let t = std::time::Instant::now();
    render(&deck, &mut Sink::new());
    eprintln!("1 MB paragraph: {:?}", t.elapsed());
}
