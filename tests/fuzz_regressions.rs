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
