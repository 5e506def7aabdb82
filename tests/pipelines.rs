//! Release pipelines: many decks in one call, the JSON report, note URLs, standard
//! input and output, `--slides`, and byte-identical output across runs.

mod common;

use common::server::{Reply, Server, png};
use common::{pdf_facts, root, run, stderr};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Copies fixture decks (at most `limit`, in name order) with every picture of their
/// topic folders under `dest`; returns how many decks were copied.
fn copy_fixtures(dest: &Path, limit: usize) -> usize {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("fixtures"))
        .unwrap()
        .flat_map(|topic| fs::read_dir(topic.unwrap().path()).unwrap())
        .map(|f| f.unwrap().path())
        .collect();
    files.sort();
    let mut decks = 0;
    for file in files {
        let is_deck = file.extension().is_some_and(|e| e == "md");
        if is_deck && decks == limit {
            continue;
        }
        let topic = file.parent().unwrap().file_name().unwrap();
        let target = dest.join(topic);
        fs::create_dir_all(&target).unwrap();
        fs::copy(&file, target.join(file.file_name().unwrap())).unwrap();
        decks += usize::from(is_deck);
    }
    decks
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).expect("the report is JSON")
}

/// Files in a folder, by name.
fn files(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn fifty_decks_in_one_call_with_one_unreadable_and_one_unanswered_picture() {
    // Remote pictures of the fixtures (example.org) are answered 404 here; the
    // hanging deck's picture host never answers.
    let server = Server::start(|req| {
        if req.path.starts_with("/hang/") {
            Reply::Hang
        } else {
            Reply::Status(404)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    let mut good = copy_fixtures(&decks.join("set1"), 24);
    good += copy_fixtures(&decks.join("set2"), 48 - good);
    let extra = decks.join("extra");
    fs::create_dir_all(&extra).unwrap();
    while good < 48 {
        fs::write(
            extra.join(format!("more-{good}.md")),
            format!("# Deck {good}\n"),
        )
        .unwrap();
        good += 1;
    }
    fs::write(
        extra.join("hang.md"),
        format!(
            "# Waiting\n\n![](http://127.0.0.1:{}/hang/a.png)\n",
            server.port
        ),
    )
    .unwrap();
    // A folder with a deck's name cannot be read as a deck (and, unlike file
    // permissions, stays unreadable for root too).
    fs::create_dir(extra.join("unreadable.md")).unwrap();
    fs::create_dir(dir.path().join("dist")).unwrap();

    let map = format!("https://example.org/=http://127.0.0.1:{}/", server.port);
    let out = run(
        dir.path(),
        &[
            "decks/set1/*/*.md",
            "decks/set2/*/*.md",
            "decks/extra/*.md",
            "--out-dir",
            "dist",
            "--json",
            "report.json",
            "--timeout",
            "0.5",
            "--cache-dir",
            "cache",
            "--map-url",
            &map,
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");

    let written = files(&dir.path().join("dist"));
    assert_eq!(written.len(), 49, "{written:?}");
    assert!(written.iter().all(|n| n.ends_with(".pdf")), "{written:?}");

    let report = json(&dir.path().join("report.json"));
    assert_eq!(report["exit_code"], 2);
    let entries = report["decks"].as_array().unwrap();
    assert_eq!(entries.len(), 50);
    let inputs: BTreeSet<&str> = entries
        .iter()
        .map(|d| d["input"].as_str().unwrap())
        .collect();
    assert_eq!(inputs.len(), 50, "every deck once");
    let failed: Vec<&Value> = entries.iter().filter(|d| d["status"] == "failed").collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["input"], "decks/extra/unreadable.md");
    assert_eq!(failed[0]["exit_code"], 2);
    assert!(
        failed[0]["error"].as_str().unwrap().contains("is a folder"),
        "{}",
        failed[0]
    );
    assert_eq!(failed[0]["outputs"].as_array().unwrap().len(), 0);
    assert!(
        err.contains("decks/extra/unreadable.md: error: decks/extra/unreadable.md is a folder"),
        "{err}"
    );

    let hang = entries
        .iter()
        .find(|d| d["input"] == "decks/extra/hang.md")
        .unwrap();
    assert_eq!(hang["status"], "warnings");
    assert_eq!(hang["exit_code"], 0);
    let timed_out = hang["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["message"].as_str().unwrap().contains("timed out"))
        .unwrap_or_else(|| panic!("a time-out warning: {hang}"));
    assert_eq!(timed_out["line"], 3);
    assert_eq!(pdf_facts(&dir.path().join("dist/hang.pdf")).pages, 1);

    // Every written output is listed once and exists.
    let listed: BTreeSet<String> = entries
        .iter()
        .flat_map(|d| d["outputs"].as_array().unwrap())
        .map(|o| {
            o["path"]
                .as_str()
                .unwrap()
                .trim_start_matches("dist/")
                .to_string()
        })
        .collect();
    assert_eq!(listed, written);

    // One deck's messages stay together: its lines form one run in the output.
    let names: Vec<&str> = err
        .lines()
        .map(|l| l.split(": ").next().unwrap().split(':').next().unwrap())
        .collect();
    let mut finished = BTreeSet::new();
    for pair in names.windows(2) {
        if pair[0] != pair[1] {
            assert!(
                finished.insert(pair[0]),
                "{} printed in two pieces:\n{err}",
                pair[0]
            );
        }
    }
    assert_eq!(
        err.lines().filter(|l| l.contains(": wrote dist/")).count(),
        49,
        "one summary line per written deck:\n{err}"
    );
}

#[test]
fn the_report_has_its_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), "# A\n\n![](missing.png)\n").unwrap();
    let out = run(
        dir.path(),
        &[
            "a.md",
            "missing.md",
            "--pdf",
            "--pptx",
            "--json",
            "-",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&report), ["decks", "exit_code", "version"]);
    assert_eq!(report["version"], 1);
    let a = &report["decks"][0];
    assert_eq!(
        keys(a),
        [
            "error",
            "exit_code",
            "input",
            "outputs",
            "pages",
            "status",
            "timings_ms",
            "warnings"
        ]
    );
    assert_eq!(a["input"], "a.md");
    assert_eq!(a["status"], "warnings");
    assert_eq!(a["pages"], 1);
    assert_eq!(a["error"], Value::Null);
    assert_eq!(a["outputs"][0]["format"], "pdf");
    assert_eq!(a["outputs"][0]["path"], "a.pdf");
    assert_eq!(a["outputs"][1]["format"], "pptx");
    assert_eq!(a["outputs"][1]["path"], "a.pptx");
    for w in a["warnings"].as_array().unwrap() {
        assert_eq!(keys(w), ["line", "message"]);
    }
    let picture = a["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| {
            w["message"]
                .as_str()
                .unwrap()
                .starts_with("picture missing.png")
        })
        .unwrap();
    assert_eq!(picture["line"], 3);
    assert_eq!(keys(&a["timings_ms"]), ["read", "render", "total", "write"]);
    assert!(a["timings_ms"]["total"].as_f64().unwrap() > 0.0);
    let missing = &report["decks"][1];
    assert_eq!(missing["status"], "failed");
    assert_eq!(missing["exit_code"], 2);
    assert_eq!(missing["pages"], 0);
    assert!(missing["error"].as_str().unwrap().contains("no such file"));
    assert_eq!(report["exit_code"], 2);
}

/// Exports the example deck and some fixtures as PDF and PPTX into `out`.
fn export_set(dir: &Path, out: &str, extra: &[&str], env: &[(&str, &str)]) -> PathBuf {
    let decks = ["decks/*/*.md", "welcome/welcome.md", "--pdf", "--pptx"];
    export_to(dir, out, &decks, extra, env)
}

/// Exports `decks` (with their format flags) into the folder `out` of `dir`.
fn export_to(
    dir: &Path,
    out: &str,
    decks: &[&str],
    extra: &[&str],
    env: &[(&str, &str)],
) -> PathBuf {
    fs::create_dir_all(dir.join(out)).unwrap();
    let mut args = decks.to_vec();
    args.extend_from_slice(&[
        "--out-dir",
        out,
        "--offline",
        "--cache-dir",
        "cache",
        "--quiet",
    ]);
    args.extend_from_slice(extra);
    let output = Command::new(env!("CARGO_BIN_EXE_deckport"))
        .args(&args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&output)
    );
    dir.join(out)
}

#[test]
fn same_input_gives_the_same_bytes_across_runs_time_zones_locales_and_jobs() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixtures(&dir.path().join("decks"), usize::MAX);
    let welcome = dir.path().join("welcome");
    fs::create_dir(&welcome).unwrap();
    for f in fs::read_dir(root().join("examples/welcome")).unwrap() {
        let f = f.unwrap().path();
        fs::copy(&f, welcome.join(f.file_name().unwrap())).unwrap();
    }
    let first = export_set(dir.path(), "one", &[], &[]);
    let second = export_set(dir.path(), "two", &[], &[]);
    let tokyo = export_set(
        dir.path(),
        "tokyo",
        &["--jobs", "1"],
        &[
            ("TZ", "Asia/Tokyo"),
            ("LANG", "de_DE.UTF-8"),
            ("LC_ALL", "de_DE.UTF-8"),
        ],
    );
    let names = files(&first);
    assert!(names.len() > 40, "{names:?}");
    assert!(names.iter().any(|n| n.ends_with(".pptx")));
    assert_eq!(files(&second), names);
    assert_eq!(files(&tokyo), names);
    for name in &names {
        let bytes = fs::read(first.join(name)).unwrap();
        for other in [&second, &tokyo] {
            let status = Command::new("cmp")
                .arg("--quiet")
                .arg(first.join(name))
                .arg(other.join(name))
                .status()
                .expect("cmp runs");
            assert!(status.success(), "{name} differs in {}", other.display());
        }
        assert!(!bytes.is_empty());
    }

    // PNG pages too: two decks at a quarter of the size, as painting every fixture at
    // full size takes minutes in a debug build.
    let png = [
        "welcome/welcome.md",
        "decks/theme/theme-league.md",
        "--png",
        "--page-size",
        "480x270",
    ];
    let tokyo_env = [("TZ", "Asia/Tokyo"), ("LANG", "de_DE.UTF-8")];
    let pngs = [
        export_to(dir.path(), "png-one", &png, &[], &[]),
        export_to(dir.path(), "png-two", &png, &[], &[]),
        export_to(dir.path(), "png-tokyo", &png, &["--jobs", "1"], &tokyo_env),
    ];
    let png_names = files(&pngs[0]);
    assert!(png_names.contains("welcome-01.png"), "{png_names:?}");
    assert!(png_names.contains("theme-league-01.png"), "{png_names:?}");
    for name in &png_names {
        let bytes = fs::read(pngs[0].join(name)).unwrap();
        assert_eq!(fs::read(pngs[1].join(name)).unwrap(), bytes, "{name}");
        assert_eq!(fs::read(pngs[2].join(name)).unwrap(), bytes, "{name}");
    }

    // A date is written only where a format needs one: a PDF/A takes it from
    // SOURCE_DATE_EPOCH, the same in every time zone; a plain PDF has none.
    let epoch = [("SOURCE_DATE_EPOCH", "1700000000")];
    let deck = ["welcome/welcome.md", "--pdf", "--pptx"];
    let plain = export_to(dir.path(), "plain-dated", &deck, &[], &epoch);
    for name in ["welcome.pdf", "welcome.pptx"] {
        assert_eq!(
            fs::read(plain.join(name)).unwrap(),
            fs::read(first.join(name)).unwrap(),
            "{name}"
        );
    }
    let tokyo_epoch = [epoch[0], ("TZ", "Asia/Tokyo"), ("LANG", "de_DE.UTF-8")];
    let pdfa = ["welcome/welcome.md", "--pdf", "--pdfa"];
    let dated = export_to(dir.path(), "dated", &pdfa, &[], &epoch);
    let dated_tokyo = export_to(
        dir.path(),
        "dated-tokyo",
        &pdfa,
        &["--jobs", "1"],
        &tokyo_epoch,
    );
    let archived = fs::read(dated.join("welcome.pdf")).unwrap();
    assert_eq!(archived, fs::read(dated_tokyo.join("welcome.pdf")).unwrap());
    let text = String::from_utf8_lossy(&archived);
    assert!(
        text.contains("2023-11-14T22:13:20"),
        "the XMP date is missing"
    );
}

/// A HedgeDoc-like server: notes at `/ID/download` and `/s/ID/download`, pictures
/// under `/uploads/`, a 404 for anything else.
fn hedgedoc(note: &'static str) -> Server {
    Server::start(move |req| match req.path.as_str() {
        "/abc/download" | "/s/pub1/download" => Reply::Ok {
            content_type: "text/markdown; charset=UTF-8",
            body: note.as_bytes().to_vec(),
            headers: Vec::new(),
        },
        "/uploads/pic.png" => Reply::Ok {
            content_type: "image/png",
            body: png(64, 48),
            headers: Vec::new(),
        },
        _ => Reply::Status(404),
    })
}

const NOTE: &str = "---\ntitle: From the server\n---\n\n# Note slide\n\n![](/uploads/pic.png)\n\n---\n\n# Second\n";

#[test]
fn a_note_url_is_read_from_its_download_route_with_server_pictures() {
    let server = hedgedoc(NOTE);
    let dir = tempfile::tempdir().unwrap();
    for (form, out) in [("abc", "a.pdf"), ("s/pub1", "s.pdf"), ("p/pub1", "p.pdf")] {
        let url = format!("{}/{form}", server.base());
        let run_out = run(
            dir.path(),
            &[&url, "-o", out, "--strict", "--cache-dir", "cache"],
        );
        assert_eq!(
            run_out.status.code(),
            Some(0),
            "{form}: {}",
            stderr(&run_out)
        );
        let facts = pdf_facts(&dir.path().join(out));
        assert_eq!(facts.pages, 2, "{form}");
        assert_eq!(
            facts.images, 1,
            "{form}: the server-relative picture is drawn"
        );
        assert_eq!(facts.title.as_deref(), Some("From the server"));
    }
    assert_eq!(server.hits("/abc/download"), 1);
    assert_eq!(server.hits("/s/pub1/download"), 2);

    let missing = format!("{}/nothere", server.base());
    let out = run(
        dir.path(),
        &[&missing, "-o", "x.pdf", "--cache-dir", "cache"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("error: cannot read the note") && err.contains("HTTP 404 (not found)"),
        "{err}"
    );
    assert!(!dir.path().join("x.pdf").exists());
}

#[test]
fn headers_go_to_the_note_server_only() {
    let pictures = Server::start(|_| Reply::Ok {
        content_type: "image/png",
        body: png(8, 8),
        headers: Vec::new(),
    });
    let note: &'static str = Box::leak(
        format!(
            "# Private\n\n![](/uploads/pic.png)\n\n![]({}/other.png)\n",
            pictures.base()
        )
        .into_boxed_str(),
    );
    let server = hedgedoc(note);
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}/abc", server.base());
    let out = run(
        dir.path(),
        &[
            &url,
            "-o",
            "x.pptx",
            "--header",
            "Cookie: connect.sid=s3cret",
            "--strict",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let log = server.log();
    assert_eq!(log.len(), 2, "{log:?}");
    for request in &log {
        assert_eq!(
            request.header("cookie"),
            Some("connect.sid=s3cret"),
            "{}",
            request.path
        );
    }
    let other = pictures.log();
    assert_eq!(other.len(), 1);
    assert_eq!(
        other[0].header("cookie"),
        None,
        "never sent to another host"
    );
}

#[test]
fn stdin_in_and_stdout_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_deckport"))
        .args(["-", "-o", "-", "--pptx"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"# From a pipe\n\n---\n\n# Two\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        out.stdout.starts_with(b"PK\x03\x04"),
        "a zip (PPTX) on stdout"
    );
    assert!(files(dir.path()).is_empty(), "nothing written to disk");

    let out = run(dir.path(), &["-", "-o", "-", "--json", "-"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn slides_exports_part_of_a_deck() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("d.md"),
        "# One\n\n[to three](#/3)\n\n---\n\n# Two\n\n---\n\n# Three\n\n---\n\n# Four\n",
    )
    .unwrap();
    let out = run(dir.path(), &["d.md", "-o", "d.pdf", "--slides", "2-3"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = common::pdftotext(&dir.path().join("d.pdf"));
    assert_eq!(pdf_facts(&dir.path().join("d.pdf")).pages, 2);
    assert!(
        text.contains("Two") && text.contains("Three") && !text.contains("Four"),
        "{text}"
    );
    let out = run(dir.path(), &["d.md", "-o", "d.pdf", "--slides", "9-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("selects none of the deck's 4 slides"),
        "{}",
        stderr(&out)
    );
    let out = run(dir.path(), &["d.md", "-o", "d.pdf", "--slides", "3-1"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_missing_out_dir_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("d.md"), "# One\n").unwrap();
    let out = run(dir.path(), &["d.md", "--out-dir", "nope"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(!dir.path().join("d.pdf").exists());
}
