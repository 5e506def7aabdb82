//! Nothing lost: an export killed while it writes leaves the previous output as it
//! was, and an output that cannot be written is an error before the input is read.

mod common;

use common::stderr;
use std::fs;
use std::io::Cursor;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A JPEG of noise: JPEG goes into the PDF unchanged, so the PDF is about as large as
/// the picture and takes long enough to write to be caught in the act.
fn noise_jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let pixels = image::RgbImage::from_fn(width, height, |_, _| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        image::Rgb([state as u8, (state >> 8) as u8, (state >> 16) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95)
        .encode_image(&pixels)
        .expect("a JPEG");
    out.into_inner()
}

/// The temporary file the export writes beside `target`, with its size.
fn staged(dir: &Path, target: &str) -> Option<u64> {
    let prefix = format!(".{target}.");
    fs::read_dir(dir)
        .ok()?
        .find_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().to_string_lossy().into_owned();
            (name.starts_with(&prefix) && name.ends_with(".tmp")).then(|| e.metadata().ok())?
        })
        .map(|m| m.len())
}

#[test]
fn an_export_killed_while_writing_leaves_the_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("noise.jpg"), noise_jpeg(3000, 2000)).unwrap();
    fs::write(dir.path().join("d.md"), "# Noise\n\n![](noise.jpg)\n").unwrap();
    let previous = b"%PDF-1.7 the previous output, byte for byte".to_vec();
    let mut caught = 0;
    for _ in 0..10 {
        fs::write(dir.path().join("d.pdf"), &previous).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_deckport"))
            .args(["d.md", "-o", "d.pdf", "--quiet"])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until bytes land in the temporary file, then SIGKILL.
        let started = Instant::now();
        loop {
            if staged(dir.path(), "d.pdf").is_some_and(|len| len > 0) {
                child.kill().unwrap();
                caught += 1;
                break;
            }
            if child.try_wait().unwrap().is_some() || started.elapsed() > Duration::from_secs(60) {
                break;
            }
        }
        let _ = child.wait();
        assert_eq!(
            fs::read(dir.path().join("d.pdf")).unwrap(),
            previous,
            "the previous output changed"
        );
        if caught >= 3 {
            break;
        }
    }
    assert!(caught > 0, "never caught the export while it wrote");
    // A whole export replaces the file.
    let out = common::run(dir.path(), &["d.md", "-o", "d.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = fs::read(dir.path().join("d.pdf")).unwrap();
    assert!(written.starts_with(b"%PDF") && written.len() > 1_000_000);
}

#[test]
fn an_unwritable_output_folder_fails_before_the_input_is_read() {
    // Standard input stays open and empty: an export that reads it would wait for
    // ever; one that checks its output first exits at once. /sys refuses new files,
    // even to root.
    for output in ["/sys/deck.pdf", "/sys/deck.pptx", "/sys/deck.png"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_deckport"))
            .args(["-", "-o", output])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(30) {
                child.kill().unwrap();
                panic!("{output}: the export waited for its input");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut err = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
        assert_eq!(status.code(), Some(3), "{output}: {err}");
        assert!(err.contains("cannot write to /sys"), "{output}: {err}");
    }
}
