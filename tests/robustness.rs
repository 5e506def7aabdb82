//! Arbitrary text never makes the export panic: a seeded random mix of the
//! fragments that stress each stage (multi-byte letters next to dots and slashes,
//! separators, attribute comments, HTML, image sizes, links, YAML).

use deckport::diag::Sink;
use deckport::export::{ExportOptions, render};

const FRAGMENTS: &[&str] = &[
    "café.fr",
    "日本.com",
    "ünïcödé.com",
    "xn--",
    "xn--p1ai",
    "straße.de",
    "a.md",
    "www.",
    "http://",
    "https://x.org/",
    "mailto:",
    "@",
    "a@b.co",
    "é",
    "日",
    "🚀",
    "👩‍👩‍👧",
    "\u{301}",
    "\u{200d}",
    ".",
    "/",
    ":",
    "-",
    "_",
    "~",
    "^",
    "=",
    "==",
    "++",
    "*",
    "**",
    "`",
    "```",
    "\n",
    "\n\n",
    "\n\n---\n\n",
    "\n\n----\n\n",
    "---",
    "Note:",
    "note:",
    "<!-- .slide: data-background=\"#123\" -->",
    "<!-- .element: class=\"x\" -->",
    "<!-- .element:",
    "<font color=\"red\">",
    "</font>",
    "<svg>",
    "<style>",
    "</style>",
    "h1{color:red}",
    "@import url(x.css);",
    "<img src=\"a.png\" height=\"64\">",
    "![a](b.png =10x)",
    "![](x.svg =x640)",
    "[t](",
    "](",
    ")",
    "[",
    "]",
    "(",
    "<",
    ">",
    "&lt;",
    "&gt;",
    "&amp;",
    "\"",
    "'",
    "x",
    "0",
    "1.",
    "- ",
    "    - ",
    "> ",
    "| a | b |\n|---|---|\n",
    "$x$",
    "\t",
    " ",
    "\u{0}",
    "\u{1b}",
    "\u{7f}",
    "\u{feff}",
    "\r\n",
    "\r",
    "[^1]",
    ":smile:",
];

/// A small xorshift generator: the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_decks_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for case in 0..300 {
        let mut text = String::new();
        if case % 3 == 0 {
            text.push_str("---\ntitle: t\nslideOptions:\n  theme: white\n---\n");
        }
        let n = 5 + rng.next() % 60;
        for _ in 0..n {
            text.push_str(FRAGMENTS[(rng.next() % FRAGMENTS.len() as u64) as usize]);
        }
        let mut sink = Sink::new();
        let result = std::panic::catch_unwind(|| {
            let mut sink = Sink::new();
            let doc = render(
                text.as_bytes(),
                None,
                "random",
                &ExportOptions {
                    offline: true,
                    ..ExportOptions::default()
                },
                &mut sink,
            );
            deckport::pdf::write(&doc, &Default::default()).map(|p| p.bytes.len())
        });
        assert!(result.is_ok(), "case {case} panicked on {text:?}");
        let _ = &mut sink;
    }
}
