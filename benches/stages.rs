//! Where the time goes: each stage of one export, timed separately over repeated runs.
//!
//! `cargo bench --bench stages -- DECK.md [RUNS]` (defaults: the shared seed deck, 20 runs).
//! Prints the median per stage in milliseconds. The whole command is measured by `bench/run`.

use deckport::assets::{self, AssetOptions};
use deckport::diag::Sink;
use deckport::walker::{self, WalkOptions};
use deckport::{deck, engine, markup, pdf, source};
use std::path::PathBuf;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let path = args.first().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/seed/community-call-2024-04-25.md")
    });
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(20);
    let bytes = std::fs::read(&path).expect("deck readable");
    let names = [
        "source+deck",
        "markup",
        "assets",
        "engine (Blitz)",
        "walker",
        "pdf",
        "pdf untagged",
        "pdf --pdfa",
    ];
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    for _ in 0..runs {
        let mut sink = Sink::new();
        let mut lap = Instant::now();
        let mut mark = |i: usize, lap: &mut Instant| {
            times[i].push(lap.elapsed().as_secs_f64() * 1000.0);
            *lap = Instant::now();
        };
        let text = source::normalize(&bytes, &mut sink);
        let deck = deck::parse(&text, &mut sink);
        mark(0, &mut lap);
        let markup = markup::render(&deck, &mut sink);
        mark(1, &mut lap);
        // Offline: a benchmark never reaches outside; uncached remote pictures become placeholders.
        let options = AssetOptions {
            deck_dir: path.parent().map(|p| p.to_path_buf()),
            offline: true,
            ..Default::default()
        };
        let store = assets::collect(&markup, &[], &options, &mut sink);
        mark(2, &mut lap);
        let walk = WalkOptions::default();
        let canvas = walker::geometry::canvas_size(&deck.meta.slide_options, walk.page);
        let laid = engine::lay_out(
            &markup,
            &deck.meta,
            &store,
            &engine::EngineOptions {
                canvas,
                ..Default::default()
            },
            &mut sink,
        );
        mark(3, &mut lap);
        let doc = walker::walk(&laid, &deck, &markup, &store, &walk, &mut sink);
        mark(4, &mut lap);
        let out = pdf::write(&doc, &Default::default()).expect("pdf");
        std::hint::black_box(out.bytes.len());
        mark(5, &mut lap);
        // What tagging and PDF/A cost: the same display list written both other ways.
        let untagged = pdf::PdfOptions {
            tagged: false,
            ..Default::default()
        };
        std::hint::black_box(pdf::write(&doc, &untagged).expect("pdf").bytes.len());
        mark(6, &mut lap);
        let archival = pdf::PdfOptions {
            pdfa: true,
            creation_date: Some(1_714_000_000),
            ..Default::default()
        };
        std::hint::black_box(pdf::write(&doc, &archival).expect("pdf").bytes.len());
        mark(7, &mut lap);
    }
    let mut total = 0.0;
    for (i, (name, t)) in names.iter().zip(times).enumerate() {
        let m = median(t);
        // The last two rows are alternatives to "pdf", not further stages.
        if i < 6 {
            total += m;
        }
        println!("{name:>16}: {m:7.2} ms");
    }
    println!(
        "{:>16}: {total:7.2} ms (sum of medians of the plain export, {runs} runs)",
        "total"
    );
}
