//! Tagged PDF: the structure tree read back with poppler's `pdfinfo -struct-text`
//! and lopdf, on a fixture with a heading, a paragraph, a list, a table and a
//! captioned picture.

mod common;

use std::path::Path;
use std::process::Command;

use common::{root, run};

/// `pdfinfo -struct-text`: the structure tree, one element or text per line.
fn struct_text(pdf: &Path) -> String {
    let out = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(pdf)
        .output()
        .expect("pdfinfo from poppler-utils is installed (.ci/run installs it)");
    assert!(out.status.success(), "pdfinfo -struct-text failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The element names (first word of each unquoted line, without a trailing ':').
fn tags(tree: &str) -> Vec<String> {
    tree.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('"') && !l.starts_with('/'))
        .filter_map(|l| l.split_whitespace().next())
        .map(|t| t.trim_end_matches(':').to_string())
        .collect()
}

/// The quoted text lines, in order.
fn texts(tree: &str) -> Vec<String> {
    tree.lines()
        .map(str::trim)
        .filter(|l| l.starts_with('"'))
        .map(|l| l.trim_matches('"').to_string())
        .collect()
}

/// Every `/Alt` string of the structure elements whose `/S` is `role`.
fn alts(pdf: &Path, role: &str) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).expect("lopdf reads the PDF");
    let mut out = Vec::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        let is_role = dict
            .get(b"S")
            .and_then(|s| s.as_name())
            .is_ok_and(|s| s == role.as_bytes());
        if let (true, Ok(alt)) = (is_role, dict.get(b"Alt")) {
            let bytes = alt.as_str().expect("/Alt is a string");
            out.push(
                lopdf::decode_text_string(&lopdf::Object::String(
                    bytes.to_vec(),
                    lopdf::StringFormat::Literal,
                ))
                .expect("a text string"),
            );
        }
    }
    out
}

fn export(dir: &Path, deck: &str) -> std::path::PathBuf {
    let pdf = dir.join("out.pdf");
    let out = run(dir, &[deck, "-o", pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    pdf
}

#[test]
fn structure_follows_the_slide_in_reading_order() {
    let dir = tempfile::tempdir().unwrap();
    let deck = root().join("fixtures/structure/structure-reading-order.md");
    let pdf = export(dir.path(), deck.to_str().unwrap());
    let tree = struct_text(&pdf);

    let first_slide: Vec<String> = tags(&tree)
        .into_iter()
        .skip_while(|t| t != "Sect")
        .skip(1)
        .take_while(|t| t != "Sect")
        .collect();
    // The link element holds its text and its annotation (an object reference).
    let expected = [
        "H1", "P", "Link", "Object", "Code", "L", "LI", "LBody", "LI", "LBody", "Table", "TR",
        "TH", "TH", "TR", "TD", "TD", "Figure", "Caption",
    ];
    assert_eq!(first_slide, expected, "structure tree:\n{tree}");

    let texts = texts(&tree);
    assert_eq!(
        texts,
        [
            "Minutes heading",
            "A paragraph with a ",
            "link",
            " and ",
            "code",
            ".",
            "first item",
            "second item",
            "Name",
            "Role",
            "Ada",
            "chair",
            "",
            "The caption",
            "Second slide",
            "Closing words.",
        ],
        "slide numbers, markers and backgrounds are artifacts, outside the tree:\n{tree}"
    );
    assert_eq!(alts(&pdf, "Figure"), ["A landscape"]);

    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes"))
    );
}

#[test]
fn a_placeholder_figure_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("deck.md"),
        "# Pictures\n\n![the chart](missing-chart.png)\n",
    )
    .unwrap();
    let pdf = dir.path().join("out.pdf");
    let out = run(dir.path(), &["deck.md", "-o", "out.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert_eq!(
        alts(&pdf, "Figure"),
        ["image placeholder 1: the chart (missing-chart.png)"]
    );
}
