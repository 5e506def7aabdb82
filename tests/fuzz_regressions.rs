//! Inputs the fuzz targets (`fuzz/`) found crashing, each run through the same entry
//! point as its target, so `cargo test` keeps them fixed without cargo-fuzz. Each
//! entry point also runs once on a fixture, so a broken harness shows here first.

use deckport::fuzzing;

/// A fixture deck with front matter, HTML, a table and a `<style>`.
const DECK: &str = "---\ntitle: Fuzz\nslideOptions:\n  theme: white\n---\n\n# One\n\n- a\n- **b**\n\n<div style=\"color: red\">x</div>\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<style>p { color: blue }</style>\n";

#[test]
fn every_entry_point_runs_on_a_fixture() {
    fuzzing::export(DECK.as_bytes());
    let deck = fuzzing::front_matter("title: Fuzz\nslideOptions:\n  theme: white");
    assert_eq!(deck.meta.title.as_deref(), Some("Fuzz"));
    let markup = fuzzing::html_fragment("<div><p>x</p></div>\n\n- a\n- b\n");
    assert!(markup.html.contains("<li"), "{}", markup.html);
    assert_eq!(
        fuzzing::css("p { color: red } .reveal h1 { font-size: 2em }"),
        1
    );
}

/// Runs an export the way the binary does and returns its warnings.
fn warnings_of(deck: &str) -> Vec<deckport::diag::Warning> {
    let mut sink = deckport::diag::Sink::new();
    let options = deckport::export::ExportOptions {
        offline: true,
        ..Default::default()
    };
    let doc = deckport::export::render(deck.as_bytes(), None, "fuzz", &options, &mut sink);
    deckport::pdf::write(&doc, &Default::default()).expect("a PDF");
    sink.warnings()
}

/// Found by `export`: Blitz panics on an `<img src>` it cannot resolve against the
/// document's base ("to be able to resolve …"). Every form of unresolvable reference,
/// in Markdown and in HTML, gives a placeholder and a warning instead.
#[test]
fn unresolvable_picture_urls_give_placeholders() {
    let found = b"---\ntype: slide\n---\n\n## Diagram as SVG\n\n![Pipeline](http://127.=0.0.1:8765/pipeline.svg)\n\nText under the diagram.\n";
    fuzzing::export(found);
    for src in [
        "http://127.=0.0.1:8765/pipeline.svg",
        "http://[/x.png",
        "//[::1/x.png",
        "https://a:99999/x.png",
        "http://exa mple.org/x.png",
        "\\\\\\\\[/x.png",
    ] {
        let deck = format!("# A\n\n![p]({src})\n\n<img src=\"{src}\">\n");
        fuzzing::export(deck.as_bytes());
        let warnings = warnings_of(&deck);
        assert!(
            warnings.iter().any(|w| w.message.contains("placeholder")),
            "{src}: {warnings:?}"
        );
    }
}

/// The same panic through a style sheet: `@import` with a URL Blitz cannot resolve.
/// `@import url(…)` is removed as HedgeDoc removes it, with a warning; a quoted URL
/// that cannot be resolved is dropped, as a browser ignores it, and so is any import
/// written with CSS escapes (which hide the name or the URL from a plain reading).
#[test]
fn imports_with_unresolvable_urls_are_removed() {
    for rule in [
        "@import \"http://[\";",
        "@import 'http://a:99999/x.css' screen;",
        "@IMPORT url(http://[);",
        "@\\69mport \"http://[\";",
        "@import \"http:\\2f\\2f[\";",
        "@import u\\72l(http://[);",
    ] {
        let deck = format!("# A\n\n<style>\n{rule}\np {{ color: red }}\n</style>\n");
        fuzzing::export(deck.as_bytes());
        assert_eq!(fuzzing::css(rule), 1);
        warnings_of(&deck);
    }
}
