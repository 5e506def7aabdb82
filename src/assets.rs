//! The assets stage: every picture the deck refers to, read and checked before layout.
//!
//! References are collected from the markup first, then each is resolved and read
//! once. Local files are read only inside the deck's folder (unless the user allows
//! more); remote URLs are not fetched here and become placeholders. Whatever cannot
//! be had is recorded as missing with the reason, and the walker draws design.md's
//! placeholder in its place.

use crate::diag::Sink;
use crate::markup::Markup;
use crate::page::RasterFormat;
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use url::Url;

/// The base every reference is resolved against; relative paths land under it.
pub const DECK_BASE: &str = "file:///__deck__/";

/// Largest picture accepted, in pixels (checked from the header, before any decode).
pub const MAX_PIXELS: u64 = 100_000_000;

/// Largest file accepted, in bytes.
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// A picture the deck refers to, as far as it could be had.
#[derive(Debug, Clone, PartialEq)]
pub enum Asset {
    /// PNG, JPEG, GIF or WebP: original bytes and pixel size.
    Raster {
        format: RasterFormat,
        bytes: Arc<Vec<u8>>,
        width: u32,
        height: u32,
    },
    /// An SVG document and its intrinsic size in CSS px.
    Svg {
        bytes: Arc<Vec<u8>>,
        width: f32,
        height: f32,
    },
    /// Could not be had; the reason is in the warning already given.
    Missing,
}

impl Asset {
    /// Intrinsic size in CSS px; a missing picture behaves like 1280×720.
    pub fn size(&self) -> (f32, f32) {
        match self {
            Asset::Raster { width, height, .. } => (*width as f32, *height as f32),
            Asset::Svg { width, height, .. } => (*width, *height),
            Asset::Missing => (1280.0, 720.0),
        }
    }
}

/// Where pictures may come from.
#[derive(Debug, Clone, Default)]
pub struct AssetOptions {
    /// The deck's folder; `None` for a deck read from stdin (no local files then).
    pub deck_dir: Option<PathBuf>,
    /// Read local files outside the deck's folder too.
    pub allow_local_files: bool,
}

/// Every picture of the deck, keyed by its resolved URL.
#[derive(Debug, Clone, Default)]
pub struct AssetStore {
    assets: BTreeMap<String, Asset>,
}

impl AssetStore {
    /// The picture a reference (as written in the deck) stands for.
    pub fn get(&self, src: &str) -> Option<&Asset> {
        self.assets.get(&resolve(src)?)
    }

    /// The picture behind an already resolved URL.
    pub fn get_resolved(&self, url: &str) -> Option<&Asset> {
        self.assets.get(url)
    }

    /// All pictures with their resolved URLs, in URL order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Asset)> {
        self.assets.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// Resolves a reference against [`DECK_BASE`] the way the engine will.
pub fn resolve(src: &str) -> Option<String> {
    let base = Url::parse(DECK_BASE).ok()?;
    base.join(src.trim()).ok().map(|u| u.to_string())
}

/// The last path segment of a reference, for placeholder labels.
pub fn file_name(src: &str) -> String {
    let no_query = src.split(['?', '#']).next().unwrap_or(src);
    let name = no_query
        .rsplit('/')
        .find(|s| !s.is_empty())
        .unwrap_or(no_query);
    if name.is_empty() {
        "picture".to_string()
    } else {
        name.to_string()
    }
}

/// Reads every picture the markup refers to.
pub fn collect(markup: &Markup, options: &AssetOptions, sink: &mut Sink) -> AssetStore {
    let mut store = AssetStore::default();
    for slide in &markup.slides {
        for image in &slide.images {
            let Some(key) = resolve(&image.src) else {
                sink.warn(
                    Some(image.line),
                    format!("picture reference is not a valid URL: {}", image.src),
                );
                continue;
            };
            if store.assets.contains_key(&key) {
                continue;
            }
            let asset = match load(&key, &image.src, options) {
                Ok(asset) => asset,
                Err(reason) => {
                    sink.warn(
                        Some(image.line),
                        format!("picture {}: {reason}; drawn as a placeholder", image.src),
                    );
                    Asset::Missing
                }
            };
            store.assets.insert(key, asset);
        }
    }
    store
}

/// Loads one resolved reference.
fn load(key: &str, src: &str, options: &AssetOptions) -> Result<Asset, String> {
    let url = Url::parse(key).map_err(|e| e.to_string())?;
    match url.scheme() {
        "http" | "https" => Err("remote pictures are not fetched in this version".into()),
        "file" => {
            let Some(rel) = key.strip_prefix(DECK_BASE) else {
                let src = src.trim_start();
                return Err(if src.starts_with('/') && !src.starts_with("//") {
                    "server-relative path, and the deck's server is not known".into()
                } else {
                    "path outside the deck's folder".into()
                });
            };
            let Some(dir) = &options.deck_dir else {
                return Err("local files are not read for a deck from standard input".into());
            };
            let decoded = percent_decode(rel);
            let path = dir.join(&decoded);
            check_inside(dir, &path, options.allow_local_files)?;
            let bytes = read_capped(&path)?;
            decode(bytes)
        }
        other => Err(format!("unsupported URL scheme '{other}:'")),
    }
}

/// Refuses a path that leaves the deck's folder (symbolic links included).
fn check_inside(dir: &Path, path: &Path, allow: bool) -> Result<(), String> {
    if allow {
        return Ok(());
    }
    let root = dir
        .canonicalize()
        .map_err(|e| format!("cannot read the deck's folder ({e})"))?;
    let target = path
        .canonicalize()
        .map_err(|e| format!("cannot read file ({})", io_reason(&e)))?;
    if target.starts_with(&root) {
        Ok(())
    } else {
        Err("path outside the deck's folder (allowed with --allow-local-files)".into())
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "not found".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read file ({})", io_reason(&e)))?;
    if !meta.is_file() {
        return Err("not a file".into());
    }
    if meta.len() > MAX_BYTES {
        return Err(format!(
            "file too large ({} bytes, limit {MAX_BYTES})",
            meta.len()
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read file ({})", io_reason(&e)))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Sniffs the type from the bytes and reads the size from the header.
pub fn decode(bytes: Vec<u8>) -> Result<Asset, String> {
    let format = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(RasterFormat::Png)
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(RasterFormat::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(RasterFormat::Gif)
    } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(RasterFormat::Webp)
    } else {
        None
    };
    if let Some(format) = format {
        let (width, height) = image::ImageReader::new(Cursor::new(&bytes))
            .with_guessed_format()
            .map_err(|e| e.to_string())?
            .into_dimensions()
            .map_err(|e| format!("broken picture ({e})"))?;
        if width == 0 || height == 0 {
            return Err("picture has no pixels".into());
        }
        if u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err(format!("picture too large ({width}×{height} pixels)"));
        }
        // A header can be fine while the data is cut short: decode once to be sure.
        image::ImageReader::new(Cursor::new(&bytes))
            .with_guessed_format()
            .map_err(|e| e.to_string())?
            .decode()
            .map_err(|e| format!("broken picture ({e})"))?;
        return Ok(Asset::Raster {
            format,
            bytes: Arc::new(bytes),
            width,
            height,
        });
    }
    if looks_like_svg(&bytes) {
        let options = resvg::usvg::Options::default();
        let tree = resvg::usvg::Tree::from_data(&bytes, &options)
            .map_err(|e| format!("broken SVG ({e})"))?;
        let size = tree.size();
        return Ok(Asset::Svg {
            bytes: Arc::new(bytes),
            width: size.width(),
            height: size.height(),
        });
    }
    Err("not a picture (PNG, JPEG, GIF, WebP or SVG)".into())
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    (t.starts_with('<')) && text.contains("<svg")
}

/// A blank PNG of the given size, handed to the layout engine in place of a picture
/// so that it sizes the box as the real picture would (long side capped, aspect kept).
pub fn stand_in_png(width: f32, height: f32) -> Vec<u8> {
    const CAP: f32 = 2048.0;
    let (mut w, mut h) = (width.max(1.0), height.max(1.0));
    let long = w.max(h);
    if long > CAP {
        w = (w * CAP / long).max(1.0);
        h = (h * CAP / long).max(1.0);
    }
    let (w, h) = (w.round() as u32, h.round() as u32);
    let pixels = vec![0u8; (w * h) as usize];
    let mut out = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::NoFilter,
    );
    use image::ImageEncoder;
    // Encoding a zeroed grey buffer of valid size cannot fail.
    if encoder
        .write_image(&pixels, w, h, image::ExtendedColorType::L8)
        .is_err()
    {
        out.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_under_the_deck() {
        assert_eq!(resolve("img/a.png").unwrap(), "file:///__deck__/img/a.png");
        assert_eq!(resolve("../../etc/passwd").unwrap(), "file:///etc/passwd");
        assert_eq!(
            resolve("https://x.org/a.png").unwrap(),
            "https://x.org/a.png"
        );
    }

    #[test]
    fn file_names_for_labels() {
        assert_eq!(file_name("https://x.org/up/a.png?x=1"), "a.png");
        assert_eq!(file_name("pics/b.svg"), "b.svg");
    }

    #[test]
    fn sniffs_types_from_bytes() {
        let png = stand_in_png(30.0, 20.0);
        match decode(png).unwrap() {
            Asset::Raster {
                format,
                width,
                height,
                ..
            } => {
                assert_eq!(format, RasterFormat::Png);
                assert_eq!((width, height), (30, 20));
            }
            other => panic!("{other:?}"),
        }
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="40" height="10"/>"#;
        assert_eq!(decode(svg.to_vec()).unwrap().size(), (40.0, 10.0));
        assert!(
            decode(b"hello".to_vec())
                .unwrap_err()
                .contains("not a picture")
        );
    }

    #[test]
    fn stand_in_keeps_aspect_when_capped() {
        let png = stand_in_png(8000.0, 4000.0);
        assert_eq!(decode(png).unwrap().size(), (2048.0, 1024.0));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b.png"), "a b.png");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%é%4"), "%é%4");
    }
}
