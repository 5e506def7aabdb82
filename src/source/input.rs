//! Where a deck comes from: a file, standard input, or a HedgeDoc/HackMD note URL.
//!
//! A note's Markdown is read from the server's raw download route (`/ID/download`;
//! `/s/ID` and `/p/ID` both go to `/s/ID/download`, which serves the published
//! note behind the same short id) through the assets' HTTP agent, so the note
//! shares the pictures' timeouts, proxy settings and cache. `--header` lines go
//! with that request and with requests for pictures on the note's own server,
//! never to other hosts.

use crate::assets::cache::Cache;
use crate::assets::fetch::Fetcher;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;
use url::Url;

/// Largest deck read, in bytes; a bigger input is refused rather than read into memory.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// One deck named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A Markdown file.
    File(PathBuf),
    /// `-`: the deck comes on standard input.
    Stdin,
    /// A note on a HedgeDoc or HackMD server.
    Note(Url),
}

impl Input {
    /// Reads a command-line word: `-`, an `http(s)://` URL, or a path.
    pub fn parse(arg: &str) -> Result<Input, String> {
        if arg == "-" {
            return Ok(Input::Stdin);
        }
        let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            let url = Url::parse(arg).map_err(|e| format!("bad note URL '{arg}' ({e})"))?;
            if url.host_str().is_none() || url.path().trim_matches('/').is_empty() {
                return Err(format!("'{arg}' names no note (expected https://host/ID)"));
            }
            return Ok(Input::Note(url));
        }
        Ok(Input::File(PathBuf::from(arg)))
    }

    /// How messages name the deck: the path as given, `-`, or the URL.
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "-".into(),
            Input::Note(u) => u.to_string(),
        }
    }

    /// A short name for output files and the fallback title: the file stem, the
    /// note id, or `deck` for standard input.
    pub fn stem(&self) -> String {
        let stem = match self {
            Input::File(p) => p.file_stem().map(|s| s.to_string_lossy().into_owned()),
            Input::Stdin => None,
            Input::Note(u) => note_id(u),
        };
        stem.filter(|s| !s.is_empty())
            .unwrap_or_else(|| "deck".into())
    }
}

/// How inputs are read: the assets' network settings.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub timeout: Duration,
    pub offline: bool,
    pub cache_dir: Option<PathBuf>,
    pub headers: Vec<(String, String)>,
}

/// A deck's bytes and what the later stages need to know about where they came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub bytes: Vec<u8>,
    /// The folder relative pictures are read from; `None` for stdin and notes.
    pub deck_dir: Option<PathBuf>,
    /// For a note: the URL it was named by, whose server answers server-relative
    /// picture paths and may see the `--header` lines.
    pub note: Option<Url>,
}

/// Reads a deck. The error is the reason in plain words (exit code 2).
pub fn read(input: &Input, options: &ReadOptions) -> Result<Loaded, String> {
    match input {
        Input::File(path) => {
            let abs = path
                .canonicalize()
                .map_err(|e| format!("cannot read {} ({})", path.display(), io_reason(&e)))?;
            if abs.is_dir() {
                return Err(format!("{} is a folder, not a deck", path.display()));
            }
            let bytes = std::fs::File::open(&abs)
                .map_err(|e| io_reason(&e))
                .and_then(read_capped)
                .map_err(|e| format!("cannot read {} ({e})", path.display()))?;
            Ok(Loaded {
                bytes,
                deck_dir: abs.parent().map(Path::to_path_buf),
                note: None,
            })
        }
        Input::Stdin => {
            let bytes = read_capped(std::io::stdin().lock())
                .map_err(|e| format!("cannot read standard input ({e})"))?;
            Ok(Loaded {
                bytes,
                deck_dir: None,
                note: None,
            })
        }
        Input::Note(url) => {
            let download = download_url(url);
            let cache = options.cache_dir.as_deref().map(Cache::new);
            let fetcher = Fetcher::new(options.timeout, cache.as_ref(), options.offline)
                .with_headers(&options.headers, Some(url));
            let bytes = fetcher
                .fetch_bytes(&download)
                .map_err(|e| format!("cannot read the note {download} ({e})"))?;
            if looks_like_a_web_page(&bytes) {
                return Err(format!(
                    "{download} answered with a web page, not the note's Markdown \
                     (a private note needs --header with a login cookie or token)"
                ));
            }
            if bytes.len() as u64 > MAX_INPUT_BYTES {
                return Err(too_large());
            }
            Ok(Loaded {
                bytes,
                deck_dir: None,
                note: Some(url.clone()),
            })
        }
    }
}

/// The note id in a note URL: the last path segment that is not an action.
fn note_id(url: &Url) -> Option<String> {
    let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    let segments = match segments.as_slice() {
        [rest @ .., "download"] => rest,
        all => all,
    };
    segments.last().map(|s| crate::assets::percent_decode(s))
}

/// The raw-Markdown route of a note URL: `/ID` → `/ID/download`, `/s/ID` and
/// `/p/ID` → `/s/ID/download`; query and fragment dropped.
pub fn download_url(url: &Url) -> Url {
    let mut out = url.clone();
    out.set_query(None);
    out.set_fragment(None);
    let segments: Vec<String> = url
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).map(str::to_string).collect())
        .unwrap_or_default();
    let path = match segments
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [.., "download"] => format!("/{}", segments.join("/")),
        ["s" | "p", id] => format!("/s/{id}/download"),
        _ => format!("/{}/download", segments.join("/")),
    };
    out.set_path(&path);
    out
}

/// Whether a body is an HTML page (a login page or an error page) rather than Markdown.
fn looks_like_a_web_page(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Reads at most [`MAX_INPUT_BYTES`], refusing more (also for endless inputs).
fn read_capped(reader: impl Read) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

fn too_large() -> String {
    format!("larger than {} MiB", MAX_INPUT_BYTES / (1024 * 1024))
}

/// An I/O error in plain words.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a folder".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dl(s: &str) -> String {
        download_url(&Url::parse(s).unwrap()).to_string()
    }

    #[test]
    fn note_urls_go_to_the_download_route() {
        assert_eq!(
            dl("https://md.example.org/abc123"),
            "https://md.example.org/abc123/download"
        );
        assert_eq!(
            dl("https://md.example.org/abc123?both#x"),
            "https://md.example.org/abc123/download"
        );
        assert_eq!(
            dl("https://md.example.org/s/Xy-9"),
            "https://md.example.org/s/Xy-9/download"
        );
        assert_eq!(
            dl("https://md.example.org/p/Xy-9"),
            "https://md.example.org/s/Xy-9/download"
        );
        assert_eq!(
            dl("http://127.0.0.1:3000/abc/download"),
            "http://127.0.0.1:3000/abc/download"
        );
        assert_eq!(
            dl("https://h.org/sub/abc/"),
            "https://h.org/sub/abc/download"
        );
    }

    #[test]
    fn inputs_are_told_apart() {
        assert_eq!(Input::parse("-").unwrap(), Input::Stdin);
        assert_eq!(
            Input::parse("a/b.md").unwrap(),
            Input::File("a/b.md".into())
        );
        let note = Input::parse("HTTPS://md.example.org/p/Xy-9").unwrap();
        assert_eq!(note.stem(), "Xy-9");
        assert!(Input::parse("https://md.example.org/").is_err());
        assert_eq!(Input::Stdin.stem(), "deck");
        assert_eq!(Input::parse("x/talk.md").unwrap().stem(), "talk");
    }

    #[test]
    fn web_pages_are_not_notes() {
        assert!(looks_like_a_web_page(b"\n<!DOCTYPE html><html>"));
        assert!(!looks_like_a_web_page(b"# Title\n\n<html> in text"));
    }
}
