//! The command line: one test per row of design.md's exit-code table that a local
//! input can reach, and the atomic write.

mod common;

use common::{pdf_facts, run, stderr};
use std::fs;

const DECK: &str = "---\ntitle: Small\n---\n\n# One\n\ntext\n\n---\n\n# Two\n";

#[test]
fn fine_deck_exits_0_and_writes_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("d.md"), DECK).unwrap();
    let out = run(dir.path(), &["d.md", "-o", "d.pdf", "--strict"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert_eq!(pdf_facts(&dir.path().join("d.pdf")).pages, 2);
}

#[test]
fn pdf_beside_the_input_by_default() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("d.md"), DECK).unwrap();
    let out = run(dir.path(), &["d.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("d.pdf").exists());
}

#[test]
fn warnings_exit_0_or_1_with_strict() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("d.md"), "# Pic\n\n![](missing.png)\n").unwrap();
    let out = run(dir.path(), &["d.md", "-o", "d.pdf"]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.lines()
            .any(|l| l.starts_with("d.md:3: warning: picture missing.png")),
        "{err}"
    );
    let out = run(dir.path(), &["d.md", "-o", "d.pdf", "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(dir.path(), &["d.md", "-o", "d.pdf", "--strict", "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "");
}

#[test]
fn empty_deck_writes_one_blank_page() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("a.md", ""),
        ("b.md", "---\ntitle: only front matter\n---\n"),
    ] {
        fs::write(dir.path().join(name), text).unwrap();
        let out = run(dir.path(), &[name, "-o", "x.pdf"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stderr(&out).contains("warning"), "{}", stderr(&out));
        assert_eq!(pdf_facts(&dir.path().join("x.pdf")).pages, 1);
        let out = run(dir.path(), &[name, "-o", "x.pdf", "--strict"]);
        assert_eq!(out.status.code(), Some(1));
    }
}

#[test]
fn invalid_utf8_is_read_lossily_with_a_warning_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("d.md"), b"# Title\n\nok\n\nbad \xff byte\n").unwrap();
    let out = run(dir.path(), &["d.md", "-o", "d.pdf"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("d.md:5: warning:"),
        "{}",
        stderr(&out)
    );
    let out = run(dir.path(), &["d.md", "-o", "d.pdf", "--strict"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn missing_input_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["nope.md", "-o", "x.pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("nope.md: error: "),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("x.pdf").exists());
}

#[test]
fn bad_command_line_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run(dir.path(), &["--no-such-flag", "d.md"]).status.code(),
        Some(2)
    );
    assert_eq!(run(dir.path(), &[]).status.code(), Some(2));
    assert_eq!(
        run(dir.path(), &["d.md", "--page-size", "big"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(dir.path(), &["a.md", "b.md", "-o", "x.pdf"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn output_folder_missing_exits_3_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("d.md"), DECK).unwrap();
    let out = run(dir.path(), &["d.md", "-o", "no/such/folder/d.pdf"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    fs::write(dir.path().join("file"), "x").unwrap();
    let out = run(dir.path(), &["d.md", "-o", "file/d.pdf"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
}

#[test]
fn output_equal_to_input_is_refused_with_3() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("d.pdf"), DECK).unwrap();
    let out = run(dir.path(), &["d.pdf", "-o", "./d.pdf"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(dir.path().join("d.pdf")).unwrap(), DECK);
}

#[test]
fn failed_export_leaves_the_previous_output_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("x.pdf"), "previous").unwrap();
    let out = run(dir.path(), &["missing.md", "-o", "x.pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        fs::read_to_string(dir.path().join("x.pdf")).unwrap(),
        "previous"
    );
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn output_named_like_the_input_is_refused_with_3_whatever_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("d.md"), DECK).unwrap();
    let out = run(dir.path(), &["d.md", "-o", "d.md"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("is the input"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(dir.path().join("d.md")).unwrap(), DECK);
}

#[test]
fn output_under_a_file_says_it_is_not_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("d.md"), DECK).unwrap();
    let out = run(dir.path(), &["d.md", "-o", "d.md/x.pdf"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("d.md is not a folder"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn deeply_nested_html_exports() {
    let dir = tempfile::tempdir().unwrap();
    let deck = format!(
        "# Deep\n\n{}x{}\n",
        "<div>".repeat(3000),
        "</div>".repeat(3000)
    );
    fs::write(dir.path().join("d.md"), deck).unwrap();
    let out = run(dir.path(), &["d.md", "-o", "d.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(pdf_facts(&dir.path().join("d.pdf")).pages, 1);
}

#[test]
fn every_link_of_a_crowded_slide_gets_its_annotation() {
    let dir = tempfile::tempdir().unwrap();
    let deck = format!("# Links\n\n{}\n", "a.com ".repeat(2000));
    fs::write(dir.path().join("d.md"), deck).unwrap();
    let out = run(dir.path(), &["d.md", "-o", "d.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let facts = pdf_facts(&dir.path().join("d.pdf"));
    let uris: Vec<&String> = facts.uris.iter().flatten().collect();
    assert_eq!(uris.len(), 2000);
    assert!(uris.iter().all(|u| *u == "http://a.com"));
}
