//! One deck from input bytes to output file: the stages in order, and the
//! atomic write that never leaves a half-written file behind.

use crate::assets::{self, AssetOptions};
use crate::diag::{Sink, Warning};
use crate::markup::ImageRef;
use crate::page::Document;
use crate::walker::{self, Overflow, WalkOptions};
use crate::{deck, markup, pdf, pptx, source};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What the user asked for, beyond the input and output paths.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Page size in page px.
    pub page: (f32, f32),
    pub overflow: Overflow,
    pub allow_local_files: bool,
    /// Use only the picture cache; never open a connection.
    pub offline: bool,
    /// The picture cache folder; `None` for no cache.
    pub cache_dir: Option<PathBuf>,
    /// Connect and per-request timeout for pictures; the deck's budget is 3×.
    pub timeout: std::time::Duration,
    /// `--map-url PREFIX=REPLACEMENT` pairs.
    pub map_url: Vec<(String, String)>,
    /// The server that server-relative picture paths belong to.
    pub base_url: Option<url::Url>,
    /// Archival PDF (PDF/A-2b).
    pub pdfa: bool,
    /// Creation date for formats that need one (PDF/A), seconds since the Unix epoch.
    pub creation_date: Option<i64>,
    /// The author named in the PDF and PPTX metadata.
    pub author: Option<String>,
    /// A notes page after each slide with speaker notes (PDF only).
    pub notes_pages: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            page: (1920.0, 1080.0),
            overflow: Overflow::Shrink,
            allow_local_files: false,
            offline: false,
            cache_dir: None,
            timeout: std::time::Duration::from_secs(10),
            map_url: Vec::new(),
            base_url: None,
            pdfa: false,
            creation_date: None,
            author: None,
            notes_pages: false,
        }
    }
}

/// Why an export did not write its output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// The input is missing or unreadable (exit code 2).
    Input(String),
    /// The output cannot be written, or would overwrite the input (exit code 3).
    Output(String),
}

impl ExportError {
    /// The process exit code design.md assigns.
    pub fn exit_code(&self) -> i32 {
        match self {
            ExportError::Input(_) => 2,
            ExportError::Output(_) => 3,
        }
    }
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Input(m) | ExportError::Output(m) => f.write_str(m),
        }
    }
}

/// Runs the stages from deck bytes to the display list.
pub fn render(
    bytes: &[u8],
    deck_dir: Option<&Path>,
    name: &str,
    options: &ExportOptions,
    sink: &mut Sink,
) -> Document {
    let text = source::normalize(bytes, sink);
    let deck = deck::parse(&text, sink);
    let markup = markup::render(&deck, sink);
    let asset_options = AssetOptions {
        deck_dir: deck_dir.map(Path::to_path_buf),
        allow_local_files: options.allow_local_files,
        offline: options.offline,
        cache_dir: options.cache_dir.clone(),
        timeout: options.timeout,
        map_url: options.map_url.clone(),
        base_url: options.base_url.clone(),
    };
    let parallax = parallax_ref(&deck, &text);
    let store = assets::collect(&markup, parallax.as_slice(), &asset_options, sink);
    let walk = WalkOptions {
        page: options.page,
        overflow: options.overflow,
        slide_numbers: true,
        fallback_title: name.to_string(),
        notes_pages: options.notes_pages,
    };
    walker::render_pages(&deck, &markup, &store, &walk, sink)
}

/// The deck-wide `parallaxBackgroundImage`, at the front matter line that names it.
fn parallax_ref(deck: &deck::Deck, text: &str) -> Option<ImageRef> {
    let src = deck
        .meta
        .slide_options
        .parallax_background_image
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())?;
    let line = text
        .lines()
        .position(|l| l.contains("parallaxBackgroundImage"))
        .map_or(1, |i| i + 1);
    Some(ImageRef {
        src: src.to_string(),
        line,
        background: true,
    })
}

/// The file name without its extension, for titles.
fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "deck".into())
}

/// The absolute form of a path that may not exist yet (its folder must).
fn absolute(path: &Path) -> Option<PathBuf> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some(parent.canonicalize().ok()?.join(path.file_name()?))
}

/// Whether two paths name the same file (the second may not exist yet).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), absolute(b)) {
        (Ok(a), Some(b)) => a == b || b.canonicalize().is_ok_and(|b| b == a),
        _ => false,
    }
}

/// Largest deck read, in bytes; a bigger input is refused rather than read into memory.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// A temporary file beside the target, created before any work so that an
/// unwritable folder is reported first.
struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    file: std::fs::File,
}

impl Staged {
    fn create(target: &Path) -> Result<Self, ExportError> {
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if folder.exists() && !folder.is_dir() {
            return Err(ExportError::Output(format!(
                "{} is not a folder",
                folder.display()
            )));
        }
        if !folder.is_dir() {
            return Err(ExportError::Output(format!(
                "output folder {} does not exist",
                folder.display()
            )));
        }
        if target.is_dir() {
            return Err(ExportError::Output(format!(
                "output {} is a folder",
                target.display()
            )));
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = folder.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .or_else(|_| {
                let _ = std::fs::remove_file(&tmp);
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&tmp)
            })
            .map_err(|e| {
                ExportError::Output(format!("cannot write to {} ({e})", folder.display()))
            })?;
        Ok(Self {
            tmp,
            target: target.to_path_buf(),
            file,
        })
    }

    fn commit(mut self, bytes: &[u8]) -> Result<(), ExportError> {
        let result = self
            .file
            .write_all(bytes)
            .and_then(|_| self.file.sync_all())
            .and_then(|_| std::fs::rename(&self.tmp, &self.target));
        result.map_err(|e| {
            ExportError::Output(format!("cannot write {} ({e})", self.target.display()))
        })
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // After a successful rename the temporary name no longer exists.
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// The output formats a deck can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Pptx,
}

impl Format {
    /// The format an output path's extension names (`.pdf`, `.pptx`, any case).
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(Format::Pdf),
            "pptx" => Some(Format::Pptx),
            _ => None,
        }
    }
}

/// Exports one deck file to a PDF file; returns the warnings.
pub fn export_pdf(
    input: &Path,
    output: &Path,
    options: &ExportOptions,
) -> Result<(Document, Vec<Warning>), ExportError> {
    export(input, output, Format::Pdf, options)
}

/// Exports one deck file to an editable PPTX file; returns the warnings.
pub fn export_pptx(
    input: &Path,
    output: &Path,
    options: &ExportOptions,
) -> Result<(Document, Vec<Warning>), ExportError> {
    export(input, output, Format::Pptx, options)
}

/// Exports one deck file in `format`; returns the warnings.
pub fn export(
    input: &Path,
    output: &Path,
    format: Format,
    options: &ExportOptions,
) -> Result<(Document, Vec<Warning>), ExportError> {
    let input_abs = input.canonicalize().map_err(|e| {
        ExportError::Input(format!(
            "cannot read {} ({})",
            input.display(),
            io_reason(&e)
        ))
    })?;
    if input_abs.is_dir() {
        return Err(ExportError::Input(format!(
            "{} is a folder, not a deck",
            input.display()
        )));
    }
    if absolute(output).is_some_and(|o| o == input_abs) {
        return Err(ExportError::Output(format!(
            "output {} is the input; refusing to overwrite it",
            output.display()
        )));
    }
    let staged = Staged::create(output)?;
    let bytes = read_capped(&input_abs)
        .map_err(|e| ExportError::Input(format!("cannot read {} ({e})", input.display())))?;
    let mut sink = Sink::new();
    let deck_dir = input_abs.parent().map(Path::to_path_buf);
    // Notes pages are a PDF thing; a PPTX has notes slides.
    let render_options = ExportOptions {
        notes_pages: options.notes_pages && format == Format::Pdf,
        ..options.clone()
    };
    let document = render(
        &bytes,
        deck_dir.as_deref(),
        &stem(input),
        &render_options,
        &mut sink,
    );
    let (bytes, warnings) = match format {
        Format::Pdf => {
            let pdf_options = pdf::PdfOptions {
                pdfa: options.pdfa,
                // Plain PDFs carry no date, so they stay reproducible without
                // `SOURCE_DATE_EPOCH`; PDF/A needs one.
                creation_date: options.creation_date.filter(|_| options.pdfa),
                author: options.author.clone(),
                ..pdf::PdfOptions::default()
            };
            let pdf = pdf::write(&document, &pdf_options)
                .map_err(|e| ExportError::Output(format!("cannot make the PDF ({e})")))?;
            (pdf.bytes, pdf.warnings)
        }
        Format::Pptx => {
            let pptx_options = pptx::PptxOptions {
                author: options.author.clone(),
                ..pptx::PptxOptions::default()
            };
            let pptx = pptx::write(&document, &pptx_options)
                .map_err(|e| ExportError::Output(format!("cannot make the PPTX ({e})")))?;
            (pptx.bytes, pptx.warnings)
        }
    };
    for w in warnings {
        sink.warn(w.line, w.message);
    }
    staged.commit(&bytes)?;
    Ok((document, sink.warnings()))
}

/// Reads a deck, refusing one larger than [`MAX_INPUT_BYTES`] (also for endless inputs).
fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!(
            "larger than {} MiB",
            MAX_INPUT_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
