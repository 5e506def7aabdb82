//! Remote pictures end to end: a local server with good and bad answers, the cache,
//! offline mode and URL mapping.

mod common;

use common::server::{Reply, Server, gif, jpeg, png, webp};
use common::{copy_seed, pdf_facts, run, stderr};
use std::path::Path;

/// A PNG whose header claims 50000×50000 pixels, with an empty data stream.
fn huge_png_header() -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut ihdr = Vec::new();
    ihdr.extend(50_000u32.to_be_bytes());
    ihdr.extend(50_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (b"IHDR", ihdr),
        (b"IDAT", vec![0x78, 0x9c, 3, 0, 0, 0, 0, 1]),
        (b"IEND", Vec::new()),
    ] {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(&data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    out
}

/// Image objects stored in a PDF (each once, however many pages draw it).
fn image_objects(pdf: &Path) -> usize {
    let doc = lopdf::Document::load(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict.get(b"Subtype").and_then(|n| n.as_name()).ok() == Some(b"Image".as_slice())
        })
        .count()
}

fn ok(content_type: &'static str, body: Vec<u8>) -> Reply {
    Reply::Ok {
        content_type,
        body,
        headers: Vec::new(),
    }
}

/// Writes a deck with one slide per picture URL; returns the line of each picture.
fn deck(dir: &Path, urls: &[String]) -> Vec<usize> {
    let mut text = String::from("---\ntype: slide\n---\n");
    let mut lines = Vec::new();
    for (i, url) in urls.iter().enumerate() {
        if i > 0 {
            text.push_str("\n---\n");
        }
        text.push_str(&format!("\n## Slide {i}\n\n"));
        lines.push(text.lines().count() + 1);
        text.push_str(&format!("![picture {i}]({url} =320x)\n"));
    }
    std::fs::write(dir.join("d.md"), text).unwrap();
    lines
}

/// The warning lines of a run that mention `needle`.
fn warnings_with(out: &std::process::Output, needle: &str) -> Vec<String> {
    stderr(out)
        .lines()
        .filter(|l| l.contains(needle))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_fault_becomes_a_placeholder_with_a_warning_at_its_line() {
    let server = Server::start(|req| match req.path.as_str() {
        "/good.png" => ok("image/png", png(40, 30)),
        "/missing.png" => Reply::Status(404),
        "/broken.png" => Reply::Status(500),
        "/closed.png" => Reply::Close,
        "/endless.png" => Reply::Endless,
        "/loop.png" => Reply::Redirect("/loop.png".into()),
        "/render" => ok("application/octet-stream", png(20, 20)),
        "/wrong-type.png" => ok("text/html", jpeg(16, 12)),
        "/huge.png" => ok("image/png", huge_png_header()),
        "/page.png" => ok("image/png", b"<html><body>login</body></html>".to_vec()),
        _ => Reply::Status(404),
    });
    let dir = tempfile::tempdir().unwrap();
    let paths = [
        "/good.png",
        "/missing.png",
        "/broken.png",
        "/closed.png",
        "/endless.png",
        "/loop.png",
        "/render",
        "/wrong-type.png",
        "/huge.png",
        "/page.png",
    ];
    let urls: Vec<String> = paths
        .iter()
        .map(|p| format!("{}{p}", server.base()))
        .collect();
    let lines = deck(dir.path(), &urls);
    let out = run(
        dir.path(),
        &[
            "d.md",
            "-o",
            "d.pdf",
            "--cache-dir",
            "cache",
            "--timeout",
            "20",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("d.pdf").exists());

    let expect = [
        (1, "HTTP 404 (not found)"),
        (2, "HTTP 500 (server error)"),
        (3, "connection closed without a complete answer"),
        (4, "too large (more than 50 MB)"),
        (5, "too many redirects"),
        (8, "picture too large (50000×50000 pixels)"),
        (9, "not a picture"),
    ];
    for (i, reason) in expect {
        let w = warnings_with(&out, &urls[i]);
        assert_eq!(w.len(), 1, "{i}: {}", stderr(&out));
        assert!(
            w[0].starts_with(&format!(
                "d.md:{}: warning: picture {}: ",
                lines[i], urls[i]
            )),
            "{w:?}"
        );
        assert!(w[0].contains(reason), "expected {reason:?} in {w:?}");
    }
    // The good PNG, the extension-less PNG and the JPEG served as HTML are pictures.
    for i in [0, 6, 7] {
        assert!(warnings_with(&out, &urls[i]).is_empty(), "{}", stderr(&out));
    }
    assert_eq!(
        stderr(&out).lines().count(),
        expect.len(),
        "{}",
        stderr(&out)
    );
    assert_eq!(pdf_facts(&dir.path().join("d.pdf")).images, 3);
    // Each URL once; the loop as often as redirects are followed (1 + 5).
    for p in paths.iter().filter(|p| **p != "/loop.png") {
        assert_eq!(server.hits(p), 1, "{p}");
    }
    assert_eq!(server.hits("/loop.png"), 6);
}

#[test]
fn a_server_that_never_answers_still_gives_a_pdf_and_a_warning() {
    let server = Server::start(|req| match req.path.as_str() {
        "/bars.png" => ok("image/png", png(30, 20)),
        "/drip.png" => Reply::Drip,
        _ => Reply::Hang,
    });
    let dir = tempfile::tempdir().unwrap();
    let urls = [
        format!("{}/bars.png", server.base()),
        format!("{}/hang.png", server.base()),
        format!("{}/drip.png", server.base()),
    ];
    let lines = deck(dir.path(), &urls);
    let out = run(
        dir.path(),
        &["d.md", "-o", "d.pdf", "--timeout", "1", "--cache-dir", "c"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(pdf_facts(&dir.path().join("d.pdf")).pages, 3);
    for i in [1, 2] {
        let w = warnings_with(&out, &urls[i]);
        assert_eq!(w.len(), 1, "{}", stderr(&out));
        assert!(
            w[0].starts_with(&format!(
                "d.md:{}: warning: picture {}: timed out",
                lines[i], urls[i]
            )),
            "{w:?}"
        );
    }
    assert!(warnings_with(&out, &urls[0]).is_empty());
}

#[test]
fn an_svg_never_fetches_or_reads_what_it_refers_to() {
    let server = Server::start(move |req| match req.path.as_str() {
        "/diagram.svg" => {
            let port = req
                .header("host")
                .and_then(|h| h.rsplit(':').next())
                .unwrap_or("0")
                .to_string();
            ok(
                "image/svg+xml",
                format!(
                    r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="80" height="30">
<rect width="80" height="30" fill="#3a6"/>
<image href="file:///etc/passwd" width="10" height="10"/>
<image xlink:href="http://127.0.0.1:{port}/external.png" width="10" height="10"/>
</svg>"##
                )
                .into_bytes(),
            )
        }
        _ => ok("image/png", png(10, 10)),
    });
    let dir = tempfile::tempdir().unwrap();
    deck(dir.path(), &[format!("{}/diagram.svg", server.base())]);
    let out = run(dir.path(), &["d.md", "-o", "d.pdf", "--cache-dir", "c"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(
        err.contains("its reference to file:///etc/passwd is not followed"),
        "{err}"
    );
    assert!(err.contains("/external.png is not followed"), "{err}");
    let paths: Vec<String> = server.log().into_iter().map(|l| l.path).collect();
    assert_eq!(paths, ["/diagram.svg"]);
    // Vector, and nothing from the references: no image at all in the PDF.
    assert_eq!(pdf_facts(&dir.path().join("d.pdf")).images, 0);
}

fn cached_server() -> Server {
    Server::start(|req| {
        let etag = "\"v1\"".to_string();
        if req.header("if-none-match") == Some(etag.as_str()) {
            return Reply::Status(304);
        }
        match req.path.as_str() {
            "/a.png" => Reply::Ok {
                content_type: "image/png",
                body: png(64, 48),
                headers: vec![("ETag", etag), ("Cache-Control", "no-cache".into())],
            },
            "/b.jpg" => Reply::Ok {
                content_type: "image/jpeg",
                body: jpeg(32, 32),
                headers: vec![("Cache-Control", "max-age=3600".into())],
            },
            _ => Reply::Status(404),
        }
    })
}

#[test]
fn offline_export_from_the_cache_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let server = cached_server();
    deck(
        dir.path(),
        &[
            format!("{}/a.png", server.base()),
            format!("{}/b.jpg", server.base()),
        ],
    );
    for out in ["online.pdf", "online.pptx"] {
        let out = run(dir.path(), &["d.md", "-o", out, "--cache-dir", "D"]);
        assert_eq!(stderr(&out), "");
    }
    drop(server);
    for out in ["offline.pdf", "offline.pptx"] {
        let out = run(
            dir.path(),
            &["d.md", "-o", out, "--offline", "--cache-dir", "D"],
        );
        assert_eq!(stderr(&out), "");
    }
    let online_pptx = std::fs::read(dir.path().join("online.pptx")).unwrap();
    let offline_pptx = std::fs::read(dir.path().join("offline.pptx")).unwrap();
    assert!(online_pptx == offline_pptx, "the two PPTX files differ");
    let online = std::fs::read(dir.path().join("online.pdf")).unwrap();
    let offline = std::fs::read(dir.path().join("offline.pdf")).unwrap();
    assert_eq!(pdf_facts(&dir.path().join("online.pdf")).images, 2);
    assert!(online == offline, "the two PDFs differ");
    // No temporary files are left in the cache.
    for sub in ["v1/urls", "v1/bodies"] {
        let names: Vec<String> = std::fs::read_dir(dir.path().join("D").join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
    }
}

#[test]
fn offline_without_a_cached_copy_opens_no_connection() {
    let server = cached_server();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}/a.png", server.base());
    let lines = deck(dir.path(), std::slice::from_ref(&url));
    let out = run(
        dir.path(),
        &["d.md", "-o", "d.pdf", "--offline", "--cache-dir", "empty"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out).trim_end(),
        format!(
            "d.md:{}: warning: picture {url}: not in the cache (offline); drawn as a placeholder",
            lines[0]
        )
    );
    assert!(server.log().is_empty());
}

#[test]
fn a_stale_entry_is_revalidated_and_a_304_reuses_the_body() {
    let server = cached_server();
    let dir = tempfile::tempdir().unwrap();
    deck(
        dir.path(),
        &[
            format!("{}/a.png", server.base()),
            format!("{}/b.jpg", server.base()),
        ],
    );
    let first = run(dir.path(), &["d.md", "-o", "1.pdf", "--cache-dir", "D"]);
    assert_eq!(stderr(&first), "");
    let second = run(dir.path(), &["d.md", "-o", "2.pdf", "--cache-dir", "D"]);
    assert_eq!(stderr(&second), "");
    let log = server.log();
    // a.png (no-cache) is asked twice, the second time conditionally; b.jpg is fresh.
    let a: Vec<_> = log.iter().filter(|l| l.path == "/a.png").collect();
    assert_eq!(a.len(), 2, "{log:?}");
    assert_eq!(a[0].header("if-none-match"), None);
    assert_eq!(a[1].header("if-none-match"), Some("\"v1\""));
    assert_eq!(server.hits("/b.jpg"), 1, "{log:?}");
    let one = std::fs::read(dir.path().join("1.pdf")).unwrap();
    let two = std::fs::read(dir.path().join("2.pdf")).unwrap();
    assert!(one == two, "the two PDFs differ");
}

#[test]
fn the_seed_deck_with_its_picture_host_mapped_has_no_picture_warnings() {
    let server = Server::start(|req| {
        let p = req.path.as_str();
        if !p.starts_with("/uploads/") {
            Reply::Status(404)
        } else if p.ends_with(".jpg") {
            ok("image/jpeg", jpeg(1600, 900))
        } else if p.ends_with(".png") {
            ok("image/png", png(800, 450))
        } else if p.ends_with(".svg") {
            ok(
                "image/svg+xml",
                br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"><circle cx="200" cy="150" r="100" fill="#08f"/></svg>"##.to_vec(),
            )
        } else {
            Reply::Status(404)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    copy_seed(dir.path());
    let map = format!("https://input.scs.community/={}/", server.base());
    let out = run(
        dir.path(),
        &[
            "community-call-2024-04-25.md",
            "-o",
            "call.pdf",
            "--map-url",
            &map,
            "--cache-dir",
            "cache",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("picture"), "{}", stderr(&out));
    // One JPEG background and three PNGs are raster images; the SVG is not.
    assert_eq!(pdf_facts(&dir.path().join("call.pdf")).images, 4);
    let svgs = server
        .log()
        .iter()
        .filter(|l| l.path.ends_with(".svg"))
        .count();
    assert_eq!(svgs, 1);
}

#[test]
fn map_url_to_a_local_folder_reads_the_mirror() {
    let dir = tempfile::tempdir().unwrap();
    let mirror = dir.path().join("mirror");
    std::fs::create_dir_all(mirror.join("up")).unwrap();
    std::fs::write(mirror.join("up/x.png"), png(12, 8)).unwrap();
    let lines = deck(
        dir.path(),
        &[
            "https://md.example.org/up/x.png".into(),
            "/up/x.png".into(),
            "https://md.example.org/up/../../d.md".into(),
        ],
    );
    let map = format!("https://md.example.org/={}", mirror.display());
    let out = run(
        dir.path(),
        &[
            "d.md",
            "-o",
            "d.pdf",
            "--offline",
            "--map-url",
            &map,
            "--base-url",
            "https://md.example.org/",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The URL parser folds `..`; the third picture is the mirror's `d.md`, which does not exist.
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!("d.md:{}: warning:", lines[2])),
        "{err}"
    );
    // Drawn on two pages, stored once.
    let pdf = dir.path().join("d.pdf");
    assert_eq!(pdf_facts(&pdf).images, 2);
    assert_eq!(image_objects(&pdf), 1);
}

#[test]
fn gif_and_webp_pictures_reach_the_pdf() {
    let server = Server::start(|req| match req.path.as_str() {
        "/anim.gif" => ok("image/gif", gif(30, 20)),
        "/photo.webp" => ok("image/webp", webp(24, 24)),
        _ => Reply::Status(404),
    });
    let dir = tempfile::tempdir().unwrap();
    deck(
        dir.path(),
        &[
            format!("{}/anim.gif", server.base()),
            format!("{}/photo.webp", server.base()),
        ],
    );
    let out = run(dir.path(), &["d.md", "-o", "d.pdf", "--cache-dir", "c"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let pdf = dir.path().join("d.pdf");
    assert_eq!(pdf_facts(&pdf).images, 2);
    assert_eq!(image_objects(&pdf), 2);
}

#[test]
fn http_proxy_from_the_environment_is_used() {
    // The test server plays the proxy: a CONNECT to the host, then the request itself.
    let proxy = Server::start(|req| match req.path.as_str() {
        "pictures.invalid:80" => Reply::Tunnel,
        "/p.png" if req.header("host") == Some("pictures.invalid") => ok("image/png", png(8, 8)),
        _ => Reply::Status(404),
    });
    let dir = tempfile::tempdir().unwrap();
    deck(dir.path(), &["http://pictures.invalid/p.png".to_string()]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_deckport"))
        .args(["d.md", "-o", "d.pdf", "--cache-dir", "c"])
        .current_dir(dir.path())
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("http_proxy")
        .env("HTTP_PROXY", proxy.base())
        .env("NO_PROXY", "")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert_eq!(proxy.hits("pictures.invalid:80"), 1, "{:?}", proxy.log());
    assert_eq!(proxy.hits("/p.png"), 1, "{:?}", proxy.log());
    assert_eq!(pdf_facts(&dir.path().join("d.pdf")).images, 1);
}
