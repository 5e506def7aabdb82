//! The real deck: the seed community call exported end to end.

mod common;

use common::{copy_seed, pdf_facts, pdftotext, run, stderr};

#[test]
fn seed_deck_exports_to_a_faithful_pdf() {
    let dir = tempfile::tempdir().unwrap();
    copy_seed(dir.path());
    let out = run(
        dir.path(),
        &[
            "community-call-2024-04-25.md",
            "-o",
            "call.pdf",
            "--offline",
            "--cache-dir",
            "cache",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = dir.path().join("call.pdf");
    let facts = pdf_facts(&pdf);

    assert_eq!(facts.pages, 22);
    assert!(
        facts
            .sizes
            .iter()
            .all(|&(w, h)| (w - 1440.0).abs() < 0.01 && (h - 810.0).abs() < 0.01),
        "{:?}",
        facts.sizes
    );
    assert_eq!(facts.outline_titles.len(), 22);
    assert_eq!(facts.outline_titles[3], "Team IaaS");
    assert_eq!(facts.title.as_deref(), Some("SCS Community Call"));

    // HedgeDoc links 16 places on these slides, 15 distinct targets; one annotation each.
    let uris: Vec<&String> = facts.uris.iter().flatten().collect();
    assert_eq!(uris.len(), 16, "{uris:#?}");
    let mut distinct = uris.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 15, "{distinct:#?}");
    for expected in [
        "https://github.com/SovereignCloudStack/standards/pull/576",
        "http://omain-manager-role.md",
        "http://nthub.com/Sovere",
        "https://github.com/SovereignCloudStHackathon",
    ] {
        assert!(
            uris.iter().any(|u| *u == expected),
            "missing {expected} in {uris:#?}"
        );
    }

    // Subset fonts only (a six-letter tag before the name), Lato among them.
    assert!(
        facts
            .fonts
            .iter()
            .all(|f| f.len() > 7 && f.as_bytes()[6] == b'+'),
        "{:?}",
        facts.fonts
    );
    assert!(
        facts.fonts.iter().any(|f| f.contains("Lato")),
        "{:?}",
        facts.fonts
    );

    let text = pdftotext(&pdf);
    for expected in [
        "Community Call 2024-04-25",
        "One platform – standardized",
        "Team IaaS",
        "Brühl",
        "Team Container",
    ] {
        assert!(
            text.contains(expected),
            "missing {expected:?} in the PDF text"
        );
    }
    // Text shadows are drawn as outlines: the title words appear once on page 1.
    let first_page = text.split('\u{c}').next().unwrap();
    assert_eq!(first_page.matches("Sovereign").count(), 1, "{first_page}");
}
