//! Bytes to pictures: the type sniffed from the bytes, the size read from the header
//! (pixel cap checked before any decode), `data:` URIs, and the safe SVG options.
//!
//! An SVG never reaches outside itself: its `<image href>` to files or URLs is
//! dropped, and only `data:` pictures inside it are used, under the same caps.
//! roxmltree refuses DTD entity declarations that would expand, so an SVG cannot
//! grow in memory while parsing (see the billion-laughs test).

use super::{Asset, MAX_BYTES, MAX_PIXELS};
use crate::page::RasterFormat;
use resvg::usvg;
use std::io::Cursor;
use std::sync::Arc;

/// Sniffs the type from the bytes and reads the size from the header.
pub fn decode(bytes: Vec<u8>) -> Result<Asset, String> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    if let Some(format) = sniff_raster(&bytes) {
        let (width, height) = raster_size(&bytes)?;
        if format == RasterFormat::Jpeg {
            // JPEG goes into the PDF and the PPTX as it is, never decoded by us: a
            // complete stream is all that needs checking.
            if !jpeg_complete(&bytes) {
                return Err("broken picture (the JPEG data is cut short)".into());
            }
        } else {
            // The backends decode these; a header can be fine while the data is cut
            // short, so decode once here, where a failure is only this picture's.
            // For GIF this reads the first frame, the one drawn.
            image::ImageReader::new(Cursor::new(&bytes))
                .with_guessed_format()
                .map_err(|e| e.to_string())?
                .decode()
                .map_err(|e| format!("broken picture ({e})"))?;
        }
        return Ok(Asset::Raster {
            format,
            bytes: Arc::new(bytes),
            width,
            height,
        });
    }
    if looks_like_svg(&bytes) {
        let tree = usvg::Tree::from_data(&bytes, &svg_options())
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

/// Whether a JPEG stream runs to its end-of-image marker after the first scan.
/// Markers are walked segment by segment up to the start of scan, so an EXIF
/// thumbnail's end marker is not mistaken for the picture's; inside entropy-coded
/// data `FF D9` can only be the real end (other `FF`s are stuffed or restarts).
fn jpeg_complete(bytes: &[u8]) -> bool {
    let mut at = 2;
    loop {
        // Fill bytes (`FF FF …`) may precede a marker.
        while bytes.get(at) == Some(&0xff) && bytes.get(at + 1) == Some(&0xff) {
            at += 1;
        }
        let (Some(&0xff), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return false;
        };
        at += 2;
        match marker {
            0xda => break,
            0xd9 => return false,
            0x01 | 0xd0..=0xd7 => continue,
            _ => {}
        }
        let Some(len) = bytes.get(at..at + 2) else {
            return false;
        };
        at += usize::from(u16::from_be_bytes([len[0], len[1]]));
    }
    bytes[at.min(bytes.len())..]
        .windows(2)
        .any(|w| w == [0xff, 0xd9])
}

/// The message for a body over [`MAX_BYTES`].
pub(crate) fn too_large(len: u64) -> String {
    format!(
        "too large ({} bytes, limit {} MB)",
        len,
        MAX_BYTES / (1024 * 1024)
    )
}

fn sniff_raster(bytes: &[u8]) -> Option<RasterFormat> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(RasterFormat::Png)
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(RasterFormat::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(RasterFormat::Gif)
    } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(RasterFormat::Webp)
    } else {
        None
    }
}

/// Pixel size from the header alone, refused above [`MAX_PIXELS`].
fn raster_size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let (width, height) = image::ImageReader::new(Cursor::new(bytes))
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
    Ok((width, height))
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('<') && text.contains("<svg")
}

/// usvg options that never read a file or follow a URL: `<image href>` other than
/// `data:` is dropped; `data:` rasters must pass the pixel cap.
pub fn svg_options() -> usvg::Options<'static> {
    let mut options = usvg::Options {
        resources_dir: None,
        ..usvg::Options::default()
    };
    options.image_href_resolver.resolve_string = Box::new(|_, _| None);
    let inner = usvg::ImageHrefResolver::default_data_resolver();
    options.image_href_resolver.resolve_data = Box::new(move |mime, data, opts| {
        if data.len() as u64 > MAX_BYTES {
            return None;
        }
        if sniff_raster(&data).is_some() && raster_size(&data).is_err() {
            return None;
        }
        inner(mime, data, opts)
    });
    options
}

/// The references an SVG makes to files or URLs (`href`/`xlink:href` that are
/// neither `data:` nor `#fragment`), which [`svg_options`] does not follow.
pub fn svg_external_refs(bytes: &[u8]) -> Vec<String> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Vec::new();
    };
    let Ok(doc) = usvg::roxmltree::Document::parse(text) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        for a in node.attributes().filter(|a| a.name() == "href") {
            let v = a.value().trim();
            let internal = v.starts_with('#')
                || v.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:"))
                || v.is_empty();
            if !internal && !out.iter().any(|o| o == v) {
                out.push(v.to_string());
            }
        }
    }
    out
}

/// Decodes a `data:` URI (base64 or percent-encoded) into a picture, under the caps.
pub fn data_uri(uri: &str) -> Result<Asset, String> {
    let rest = uri
        .get(5..)
        .filter(|_| uri[..5].eq_ignore_ascii_case("data:"))
        .ok_or("not a data: URI")?;
    let (head, payload) = rest.split_once(',').ok_or("data: URI without a comma")?;
    // Base64 grows data by 4/3; refuse before decoding what cannot fit.
    if payload.len() as u64 > MAX_BYTES / 3 * 4 + 4 {
        return Err(too_large(payload.len() as u64 / 4 * 3));
    }
    let raw = percent_decode_bytes(payload.as_bytes());
    let bytes = if head
        .rsplit(';')
        .next()
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("base64"))
    {
        base64(&raw).ok_or("data: URI with broken base64")?
    } else {
        raw
    };
    decode(bytes)
}

/// Standard or URL-safe base64; whitespace ignored, padding optional.
fn base64(input: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in input {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

pub(crate) fn percent_decode_bytes(bytes: &[u8]) -> Vec<u8> {
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
    out
}

/// Percent-decodes a path, lossily as UTF-8.
pub(crate) fn percent_decode(s: &str) -> String {
    String::from_utf8_lossy(&percent_decode_bytes(s.as_bytes())).into_owned()
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

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([((x * 7) ^ (y * 13)) as u8, (x * y) as u8, 90])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
            .encode_image(&img)
            .unwrap();
        out
    }

    #[test]
    fn a_whole_jpeg_passes_and_a_cut_one_is_refused() {
        let whole = jpeg(256, 192);
        assert!(matches!(decode(whole.clone()), Ok(Asset::Raster { .. })));
        let mut trailing = whole.clone();
        trailing.extend_from_slice(b"trailing bytes after the end marker");
        assert!(matches!(decode(trailing), Ok(Asset::Raster { .. })));
        let cut = whole[..whole.len() * 2 / 3].to_vec();
        let err = decode(cut).unwrap_err();
        assert!(err.contains("cut short"), "{err}");
    }

    #[test]
    fn a_thumbnails_end_marker_does_not_complete_a_cut_jpeg() {
        let whole = jpeg(64, 48);
        // An APP1 segment holding a thumbnail that ends with its own FF D9.
        let thumb = jpeg(8, 8);
        let mut app1 = vec![0xff, 0xe1];
        app1.extend_from_slice(&((thumb.len() + 2) as u16).to_be_bytes());
        app1.extend_from_slice(&thumb);
        let mut with_thumb = whole[..2].to_vec();
        with_thumb.extend_from_slice(&app1);
        with_thumb.extend_from_slice(&whole[2..]);
        assert!(jpeg_complete(&with_thumb));
        let cut = &with_thumb[..with_thumb.len() - 40];
        assert!(!jpeg_complete(cut));
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
        assert_eq!(percent_decode("%41"), "A");
    }

    #[test]
    fn base64_decoding() {
        assert_eq!(base64(b"aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64(b"aGVs bG8").unwrap(), b"hello");
        assert!(base64(b"a*b").is_none());
    }

    #[test]
    fn data_uris_decode_under_the_caps() {
        let svg = "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20width='7'%20height='3'/%3E";
        assert_eq!(data_uri(svg).unwrap().size(), (7.0, 3.0));
        let png = stand_in_png(5.0, 4.0);
        let mut b64 = String::new();
        for chunk in png.chunks(3) {
            let n = chunk.len();
            let v = (u32::from(chunk[0]) << 16)
                | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
                | u32::from(*chunk.get(2).unwrap_or(&0));
            const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            for k in 0..4 {
                b64.push(if k <= n {
                    A[((v >> (18 - 6 * k)) & 63) as usize] as char
                } else {
                    '='
                });
            }
        }
        let uri = format!("data:image/png;base64,{b64}");
        assert_eq!(data_uri(&uri).unwrap().size(), (5.0, 4.0));
        assert!(
            data_uri("data:text/plain,hello")
                .unwrap_err()
                .contains("not a picture")
        );
    }

    #[test]
    fn a_huge_png_header_is_refused_before_decoding() {
        let err = decode(huge_png_header()).unwrap_err();
        assert!(err.contains("50000×50000"), "{err}");
    }

    /// A PNG whose header claims 50000×50000 pixels, with an empty data stream.
    fn huge_png_header() -> Vec<u8> {
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

    #[test]
    fn entity_expansion_is_refused() {
        let mut svg =
            String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY a \"lol\">\n");
        let mut prev = 'a';
        for name in 'b'..='j' {
            svg.push_str(&format!(
                "<!ENTITY {name} \"{}\">\n",
                format!("&{prev};").repeat(10)
            ));
            prev = name;
        }
        svg.push_str("]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>&j;</text></svg>");
        // Ten levels of ten: expanded, this would be 10^9 copies of "lol".
        let err = decode(svg.into_bytes()).unwrap_err();
        assert!(err.starts_with("broken SVG"), "{err}");
    }

    #[test]
    fn external_svg_references_are_listed() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use href="#a"/><image href="data:image/png;base64,AA"/><image xlink:href="http://x.org/a.png"/><image href="file:///etc/passwd"/></svg>"##;
        assert_eq!(
            svg_external_refs(svg),
            ["http://x.org/a.png", "file:///etc/passwd"]
        );
    }

    #[test]
    fn svg_references_to_files_and_urls_are_dropped() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image href="file:///etc/passwd" width="5" height="5"/><image xlink:href="/etc/hostname" width="5" height="5"/></svg>"#;
        let tree = usvg::Tree::from_data(svg, &svg_options()).unwrap();
        assert!(!tree.root().has_children());
    }
}
