//! The assets stage: every picture the deck refers to, had and checked before layout.
//!
//! References are collected from the markup first and located once each (`--map-url`,
//! `--base-url`, the deck's folder, `data:`); local files and `data:` URIs are read
//! at once, remote URLs are then fetched in parallel ([`fetch`]) through the on-disk
//! cache ([`cache`]). Local files are read only inside the deck's folder unless the
//! user allows more. Whatever cannot be had is recorded as missing with a warning at
//! the referencing line, and the walker draws design.md's placeholder in its place.

pub mod cache;
mod decode;
pub mod fetch;

use crate::diag::Sink;
use crate::markup::{ImageRef, Markup};
use crate::page::RasterFormat;
pub(crate) use decode::percent_decode;
pub use decode::{data_uri, decode, stand_in_png, svg_external_refs, svg_options};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
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
#[derive(Debug, Clone)]
pub struct AssetOptions {
    /// The deck's folder; `None` for a deck read from stdin (no local files then).
    pub deck_dir: Option<PathBuf>,
    /// Read local files outside the deck's folder too.
    pub allow_local_files: bool,
    /// Use only the cache; never open a connection.
    pub offline: bool,
    /// The on-disk cache folder; `None` for no cache.
    pub cache_dir: Option<PathBuf>,
    /// Connect and per-request timeout; the deck's budget is three times this.
    pub timeout: Duration,
    /// `PREFIX=REPLACEMENT` rewrites, longest prefix first; a replacement is a base
    /// URL or a local folder.
    pub map_url: Vec<(String, String)>,
    /// The server that server-relative paths (`/uploads/x.png`) belong to.
    pub base_url: Option<Url>,
    /// `--header NAME:VALUE` lines, sent only to `header_origin`.
    pub headers: Vec<(String, String)>,
    /// The note's server (scheme, host, port) that may see the headers.
    pub header_origin: Option<Url>,
}

impl Default for AssetOptions {
    fn default() -> Self {
        Self {
            deck_dir: None,
            allow_local_files: false,
            offline: false,
            cache_dir: None,
            timeout: Duration::from_secs(10),
            map_url: Vec::new(),
            base_url: None,
            headers: Vec::new(),
            header_origin: None,
        }
    }
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

/// Where a reference leads, once mapped.
#[derive(Debug, Clone, PartialEq)]
enum Located {
    Remote(Url),
    /// A local file; `root` is the folder it must stay inside, if any.
    File {
        path: PathBuf,
        root: Option<PathBuf>,
    },
    Data(String),
}

/// Reads every picture the markup (and `extra`, e.g. the parallax background) refers to.
pub fn collect(
    markup: &Markup,
    extra: &[ImageRef],
    options: &AssetOptions,
    sink: &mut Sink,
) -> AssetStore {
    let mut store = AssetStore::default();
    // First reference of each resolved URL, in deck order.
    let mut first: Vec<(String, &ImageRef)> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for image in markup.slides.iter().flat_map(|s| &s.images).chain(extra) {
        let Some(key) = resolve(&image.src) else {
            sink.warn(
                Some(image.line),
                format!("picture reference is not a valid URL: {}", image.src),
            );
            continue;
        };
        if seen.insert(key.clone()) {
            first.push((key, image));
        }
    }

    let mut results: Vec<Option<Result<Asset, String>>> = Vec::with_capacity(first.len());
    let mut remote: Vec<(usize, Url)> = Vec::new();
    for (i, (key, image)) in first.iter().enumerate() {
        results.push(match locate(key, &image.src, options) {
            Ok(Located::Remote(url)) => {
                remote.push((i, url));
                None
            }
            Ok(Located::File { path, root }) => Some(read_local(&path, root.as_deref())),
            Ok(Located::Data(uri)) => Some(data_uri(&uri)),
            Err(reason) => Some(Err(reason)),
        });
    }

    if !remote.is_empty() {
        let cache = options.cache_dir.as_deref().map(cache::Cache::new);
        let fetcher = fetch::Fetcher::new(options.timeout, cache.as_ref(), options.offline)
            .with_headers(&options.headers, options.header_origin.as_ref());
        let urls: Vec<Url> = remote.iter().map(|(_, u)| u.clone()).collect();
        let fetched = fetcher.fetch_all(&urls);
        for ((i, _), result) in remote.iter().zip(fetched.assets) {
            results[*i] = Some(result);
        }
        if let Some(e) = fetched.cache_error {
            sink.warn(None, format!("cannot write to the picture cache: {e}"));
        }
    }

    // Identical bytes behind different URLs share one copy, so the PDF stores them once.
    let mut by_content: BTreeMap<String, Asset> = BTreeMap::new();
    for ((key, image), result) in first.into_iter().zip(results) {
        let asset = match result.unwrap_or_else(|| Err("not fetched".into())) {
            Ok(asset) => {
                if let Asset::Svg { bytes, .. } = &asset {
                    for r in svg_external_refs(bytes) {
                        sink.warn(
                            Some(image.line),
                            format!(
                                "SVG picture {}: its reference to {} is not followed",
                                shorten(&image.src),
                                shorten(&r)
                            ),
                        );
                    }
                }
                let bytes = match &asset {
                    Asset::Raster { bytes, .. } | Asset::Svg { bytes, .. } => bytes.clone(),
                    Asset::Missing => Arc::new(Vec::new()),
                };
                by_content
                    .entry(cache::hex_sha256(&bytes))
                    .or_insert(asset)
                    .clone()
            }
            Err(reason) => {
                sink.warn(
                    Some(image.line),
                    format!(
                        "picture {}: {reason}; drawn as a placeholder",
                        shorten(&image.src)
                    ),
                );
                Asset::Missing
            }
        };
        store.assets.insert(key, asset);
    }
    store
}

/// A reference short enough for a message (`data:` URIs can be megabytes).
fn shorten(src: &str) -> String {
    if src.len() > 120 {
        let cut = (0..=100)
            .rev()
            .find(|&i| src.is_char_boundary(i))
            .unwrap_or(0);
        format!("{}…", &src[..cut])
    } else {
        src.to_string()
    }
}

/// Finds where a resolved reference leads: `--base-url`, then `--map-url`, then the
/// deck's folder rules.
fn locate(key: &str, src: &str, options: &AssetOptions) -> Result<Located, String> {
    let src = src.trim();
    if key
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("data:"))
    {
        return Ok(Located::Data(key.to_string()));
    }
    let url = Url::parse(key).map_err(|e| e.to_string())?;
    let deck_relative = key.starts_with(DECK_BASE);
    let effective = if deck_relative {
        url
    } else if src.starts_with("//") {
        Url::parse(&format!("https:{src}")).map_err(|e| e.to_string())?
    } else if src.starts_with('/') && url.scheme() == "file" {
        match &options.base_url {
            Some(base) => base.join(src).map_err(|e| e.to_string())?,
            None => {
                return Err(
                    "server-relative path, and the deck's server is not known (give --base-url)"
                        .into(),
                );
            }
        }
    } else {
        url
    };

    if let Some(mapped) = map_url(effective.as_str(), &options.map_url)? {
        return Ok(mapped);
    }

    match effective.scheme() {
        "http" | "https" => Ok(Located::Remote(effective)),
        "file" => {
            let Some(dir) = &options.deck_dir else {
                return Err(
                    "local files are not read for a deck from standard input or a URL".into(),
                );
            };
            if deck_relative {
                let rel = effective.path().trim_start_matches("/__deck__/");
                let path = dir.join(percent_decode(rel));
                let root = (!options.allow_local_files).then(|| dir.clone());
                Ok(Located::File { path, root })
            } else if options.allow_local_files {
                let path = effective
                    .to_file_path()
                    .map_err(|_| "not a local file path".to_string())?;
                Ok(Located::File { path, root: None })
            } else {
                Err("path outside the deck's folder (allowed with --allow-local-files)".into())
            }
        }
        other => Err(format!("unsupported URL scheme '{other}:'")),
    }
}

/// Applies the longest matching `--map-url` prefix.
fn map_url(url: &str, maps: &[(String, String)]) -> Result<Option<Located>, String> {
    let Some((prefix, replacement)) = maps
        .iter()
        .filter(|(p, _)| !p.is_empty() && url.starts_with(p.as_str()))
        .max_by_key(|(p, _)| p.len())
    else {
        return Ok(None);
    };
    let rest = &url[prefix.len()..];
    let is_url = Url::parse(replacement).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https" | "file") && replacement.contains("://")
    });
    if is_url {
        let target = Url::parse(&format!("{replacement}{rest}"))
            .map_err(|e| format!("--map-url gives an invalid URL ({e})"))?;
        return Ok(Some(match target.scheme() {
            "file" => Located::File {
                path: target
                    .to_file_path()
                    .map_err(|_| "--map-url gives no local path".to_string())?,
                root: None,
            },
            _ => Located::Remote(target),
        }));
    }
    let folder = PathBuf::from(replacement);
    let rel = rest.split(['?', '#']).next().unwrap_or("");
    let path = folder.join(percent_decode(rel.trim_start_matches('/')));
    Ok(Some(Located::File {
        path,
        root: Some(folder),
    }))
}

/// Reads a local picture, refusing one outside `root` (symbolic links included).
fn read_local(path: &Path, root: Option<&Path>) -> Result<Asset, String> {
    if let Some(root) = root {
        check_inside(root, path)?;
    }
    decode(read_capped(path)?)
}

/// Refuses a path that leaves `dir` (symbolic links included).
fn check_inside(dir: &Path, path: &Path) -> Result<(), String> {
    let root = dir.canonicalize().map_err(|e| {
        format!(
            "cannot read the folder {} ({})",
            dir.display(),
            io_reason(&e)
        )
    })?;
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
        return Err(decode::too_large(meta.len()));
    }
    std::fs::read(path).map_err(|e| format!("cannot read file ({})", io_reason(&e)))
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

    fn locate_src(src: &str, options: &AssetOptions) -> Result<Located, String> {
        locate(&resolve(src).unwrap(), src, options)
    }

    #[test]
    fn server_relative_paths_need_a_base_url() {
        let mut options = AssetOptions {
            deck_dir: Some(PathBuf::from("/decks")),
            ..AssetOptions::default()
        };
        assert!(
            locate_src("/uploads/x.png", &options)
                .unwrap_err()
                .contains("--base-url")
        );
        options.base_url = Some(Url::parse("https://md.example.org/sub/").unwrap());
        assert_eq!(
            locate_src("/uploads/x.png", &options).unwrap(),
            Located::Remote(Url::parse("https://md.example.org/uploads/x.png").unwrap())
        );
        assert_eq!(
            locate_src("//cdn.example.org/a.png", &options).unwrap(),
            Located::Remote(Url::parse("https://cdn.example.org/a.png").unwrap())
        );
    }

    #[test]
    fn map_url_rewrites_the_longest_prefix_to_a_url_or_a_folder() {
        let options = AssetOptions {
            deck_dir: Some(PathBuf::from("/decks")),
            map_url: vec![
                ("https://a.org/".into(), "http://127.0.0.1:9/".into()),
                ("https://a.org/uploads/".into(), "/mirror/up".into()),
            ],
            base_url: Some(Url::parse("https://a.org/").unwrap()),
            ..AssetOptions::default()
        };
        assert_eq!(
            locate_src("https://a.org/x/b.png?v=2", &options).unwrap(),
            Located::Remote(Url::parse("http://127.0.0.1:9/x/b.png?v=2").unwrap())
        );
        assert_eq!(
            locate_src("/uploads/c%20d.png", &options).unwrap(),
            Located::File {
                path: PathBuf::from("/mirror/up/c d.png"),
                root: Some(PathBuf::from("/mirror/up")),
            }
        );
    }

    #[test]
    fn local_paths_follow_the_deck_folder_rules() {
        let mut options = AssetOptions {
            deck_dir: Some(PathBuf::from("/decks")),
            ..AssetOptions::default()
        };
        assert_eq!(
            locate_src("img/a.png?x", &options).unwrap(),
            Located::File {
                path: PathBuf::from("/decks/img/a.png"),
                root: Some(PathBuf::from("/decks")),
            }
        );
        assert!(
            locate_src("file:///etc/passwd", &options)
                .unwrap_err()
                .contains("--allow-local-files")
        );
        options.deck_dir = None;
        assert!(
            locate_src("img/a.png", &options)
                .unwrap_err()
                .contains("standard input")
        );
        assert!(matches!(
            locate_src("data:image/png;base64,AAAA", &options).unwrap(),
            Located::Data(_)
        ));
    }
}
