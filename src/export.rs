//! One deck from input to output files: the stages in order, rendered once for
//! every format asked for, and the atomic write that never leaves a half-written
//! file behind.

mod slides;

pub use crate::source::input::MAX_INPUT_BYTES;
pub use slides::SlideRange;

use crate::assets::{self, AssetOptions};
use crate::diag::{Sink, Warning};
use crate::markup::ImageRef;
use crate::page::Document;
use crate::source::{Input, Loaded, ReadOptions};
use crate::walker::{self, Overflow, WalkOptions};
use crate::{deck, markup, pdf, png, pptx, source};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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
    /// `--header NAME:VALUE` lines for a note's server.
    pub headers: Vec<(String, String)>,
    /// `--slides RANGE`: the slides to export; `None` for all.
    pub slides: Option<SlideRange>,
    /// Creation date, seconds since the Unix epoch, for the formats that need one
    /// (PDF/A); `None` writes none.
    pub creation_date: Option<i64>,
    /// Draw reveal's slide numbers (`--no-slide-numbers` turns them off).
    pub slide_numbers: bool,
    /// One page per fragment step (`--fragments`).
    pub fragments: bool,
    /// Archival PDF (PDF/A-2b).
    pub pdfa: bool,
    /// The author named in the PDF and PPTX metadata.
    pub author: Option<String>,
    /// A notes page after each slide with speaker notes (PDF and PNG; a PPTX has
    /// notes slides).
    pub notes_pages: bool,
    /// Speaker notes as PDF text annotations (`--notes annotations`).
    pub notes_annotations: bool,
    /// Faces from the user's font folders (`--font-dir`).
    pub fonts: std::sync::Arc<crate::fonts::ExtraFonts>,
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
            headers: Vec::new(),
            slides: None,
            creation_date: None,
            slide_numbers: true,
            fragments: false,
            pdfa: false,
            author: None,
            notes_pages: false,
            notes_annotations: false,
            fonts: crate::fonts::ExtraFonts::none(),
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
    /// The command line asks for something the deck cannot give, e.g. a `--slides`
    /// range past its end (exit code 2).
    Usage(String),
}

impl ExportError {
    /// The process exit code design.md assigns.
    pub fn exit_code(&self) -> i32 {
        match self {
            ExportError::Input(_) | ExportError::Usage(_) => 2,
            ExportError::Output(_) => 3,
        }
    }
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Input(m) | ExportError::Output(m) | ExportError::Usage(m) => {
                f.write_str(m)
            }
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
    let loaded = Loaded {
        bytes: bytes.to_vec(),
        deck_dir: deck_dir.map(Path::to_path_buf),
        note: None,
    };
    render_loaded(&loaded, name, options, sink)
}

/// Runs the stages on a deck as read by the source stage: a note's server answers
/// server-relative picture paths unless `--base-url` names another.
pub fn render_loaded(
    loaded: &Loaded,
    name: &str,
    options: &ExportOptions,
    sink: &mut Sink,
) -> Document {
    let (bytes, deck_dir) = (&loaded.bytes, loaded.deck_dir.as_deref());
    let note_server = loaded.note.as_ref().and_then(|u| u.join("/").ok());
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
        base_url: options.base_url.clone().or(note_server),
        headers: options.headers.clone(),
        header_origin: loaded.note.clone(),
    };
    let parallax = parallax_ref(&deck, &text);
    let store = assets::collect(&markup, parallax.as_slice(), &asset_options, sink);
    let walk = WalkOptions {
        page: options.page,
        overflow: options.overflow,
        slide_numbers: options.slide_numbers,
        fragments: options.fragments,
        fallback_title: name.to_string(),
        notes_pages: options.notes_pages,
        fonts: options.fonts.clone(),
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

/// Numbers temporary files, so two decks written at once never share one.
static STAGED: AtomicUsize = AtomicUsize::new(0);

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
        let tmp = folder.join(format!(
            ".{name}.{}-{}.tmp",
            std::process::id(),
            STAGED.fetch_add(1, Ordering::Relaxed)
        ));
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Pdf,
    Pptx,
    /// One picture per page: `deck.png` names `deck-01.png`, `deck-02.png` …
    Png,
}

impl Format {
    /// The format an output path's extension names (`.pdf`, `.pptx`, `.png`, any case).
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(Format::Pdf),
            "pptx" => Some(Format::Pptx),
            "png" => Some(Format::Png),
            _ => None,
        }
    }

    /// The file extension, which is also the format's name in reports.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Pptx => "pptx",
            Format::Png => "png",
        }
    }
}

/// Where one output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    File(PathBuf),
    /// `-o -`: standard output.
    Stdout,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::File(p) => write!(f, "{}", p.display()),
            Target::Stdout => f.write_str("-"),
        }
    }
}

/// One file to write for a deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub target: Target,
    pub format: Format,
}

/// How long each part of one deck's export took.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// Reading the file, standard input or note.
    pub read: Duration,
    /// Every stage up to the display list, pictures included.
    pub render: Duration,
    /// The backends and the writes.
    pub write: Duration,
}

/// A deck exported: the display list (after `--slides`), the warnings, the timings.
#[derive(Debug)]
pub struct Exported {
    pub document: Document,
    pub warnings: Vec<Warning>,
    pub timings: Timings,
}

/// A deck that could not be exported, and how far it got.
#[derive(Debug)]
pub struct Failed {
    pub error: ExportError,
    pub timings: Timings,
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
    let outputs = [Output {
        target: Target::File(output.to_path_buf()),
        format,
    }];
    export_input(&Input::File(input.to_path_buf()), &outputs, options)
        .map(|e| (e.document, e.warnings))
        .map_err(|f| f.error)
}

/// Exports one deck to every output: read once, rendered once, written per format.
///
/// Output folders are checked (and temporary files created) before the input is
/// read, so an unwritable target fails before any work; an output that names the
/// input is refused.
pub fn export_input(
    input: &Input,
    outputs: &[Output],
    options: &ExportOptions,
) -> Result<Exported, Failed> {
    let mut timings = Timings::default();
    let fail = |error, timings| Failed { error, timings };
    if let Input::File(path) = input {
        // A missing input is reported as such, before the outputs are looked at.
        let abs = match path.canonicalize() {
            Ok(abs) => Some(abs),
            Err(e) => {
                let reason = source::input::io_reason(&e);
                let m = format!("cannot read {} ({reason})", path.display());
                return Err(fail(ExportError::Input(m), timings));
            }
        };
        for output in outputs {
            if let Target::File(out) = &output.target
                && absolute(out) == abs
            {
                let message = format!(
                    "output {} is the input; refusing to overwrite it",
                    out.display()
                );
                return Err(fail(ExportError::Output(message), timings));
            }
        }
    }
    let mut staged = Vec::with_capacity(outputs.len());
    for output in outputs {
        staged.push(match (&output.target, output.format) {
            // PNG stages its first page's file, so an unwritable folder is reported
            // before any work; the other pages are staged when they are painted.
            (Target::File(path), Format::Png) => {
                Some(Staged::create(&numbered(path, 0, 1)).map_err(|e| fail(e, timings))?)
            }
            (Target::File(path), _) => Some(Staged::create(path).map_err(|e| fail(e, timings))?),
            (Target::Stdout, Format::Png) => {
                let m = "PNG output is one file per page and cannot go to standard output";
                return Err(fail(ExportError::Usage(m.into()), timings));
            }
            (Target::Stdout, _) => None,
        });
    }

    let started = Instant::now();
    let read_options = ReadOptions {
        timeout: options.timeout,
        offline: options.offline,
        cache_dir: options.cache_dir.clone(),
        headers: options.headers.clone(),
    };
    let loaded = source::input::read(input, &read_options)
        .map_err(|m| fail(ExportError::Input(m), timings))?;
    timings.read = started.elapsed();

    let started = Instant::now();
    let mut sink = Sink::new();
    // Notes pages belong among the PDF's and PNG's pages; a PPTX has notes slides,
    // so with both asked for it gets the slides alone, rendered a second time.
    let render = |notes_pages: bool, sink: &mut Sink| {
        let render_options = ExportOptions {
            notes_pages,
            ..options.clone()
        };
        let document = render_loaded(&loaded, &input.stem(), &render_options, sink);
        match &options.slides {
            Some(range) => range.select(document),
            None => Ok(document),
        }
    };
    let pptx_asked = outputs.iter().any(|o| o.format == Format::Pptx);
    let pages_asked = outputs.iter().any(|o| o.format != Format::Pptx);
    let with_notes = options.notes_pages && pages_asked;
    let rendered = render(with_notes, &mut sink).and_then(|main| {
        let plain = (with_notes && pptx_asked)
            .then(|| render(false, &mut sink))
            .transpose()?;
        Ok((main, plain))
    });
    drop(loaded);
    timings.render = started.elapsed();
    let (document, plain) = rendered.map_err(|m| fail(ExportError::Usage(m), timings))?;

    let started = Instant::now();
    for (output, staged) in outputs.iter().zip(staged) {
        let document = match (&plain, output.format) {
            (Some(plain), Format::Pptx) => plain,
            _ => &document,
        };
        let files = encode(document, output.format, options, &mut sink).map_err(|e| {
            timings.write = started.elapsed();
            fail(e, timings)
        })?;
        let written = match (staged, &output.target) {
            (Some(first), Target::File(path)) => commit_all(first, path, &files).inspect(|()| {
                if output.format == Format::Png {
                    remove_stale_pages(path, files.len());
                }
            }),
            _ => files.iter().try_for_each(|bytes| write_stdout(bytes)),
        };
        written.map_err(|e| {
            timings.write = started.elapsed();
            fail(e, timings)
        })?;
    }
    timings.write = started.elapsed();
    Ok(Exported {
        document,
        warnings: sink.warnings(),
        timings,
    })
}

/// Commits the files of one output: the staged first file, then (for PNG) the
/// other pages, each written atomically under its numbered name.
fn commit_all(first: Staged, path: &Path, files: &[Vec<u8>]) -> Result<(), ExportError> {
    let Some((head, rest)) = files.split_first() else {
        return Ok(());
    };
    first.commit(head)?;
    for (i, bytes) in rest.iter().enumerate() {
        Staged::create(&numbered(path, i + 1, files.len()))?.commit(bytes)?;
    }
    Ok(())
}

/// Removes the page pictures an earlier export of `output` left behind: files named
/// like its pages (`deck-07.png`, `deck-007.png`) that this export did not write,
/// so a deck that lost slides does not keep its old last pages beside the new ones.
/// A file that cannot be removed stays; nothing else in the folder is touched.
fn remove_stale_pages(output: &Path, count: usize) {
    let (Some(stem), Some(ext)) = (output.file_stem(), output.extension()) else {
        return;
    };
    let (stem, ext) = (stem.to_string_lossy(), ext.to_string_lossy());
    let folder = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return;
    };
    let prefix = format!("{stem}-");
    let suffix = format!(".{ext}");
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Some(digits) = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(&*suffix))
        else {
            continue;
        };
        if digits.len() < 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let written = digits.parse::<usize>().is_ok_and(|n| {
            n >= 1
                && n <= count
                && numbered(output, n - 1, count).file_name() == Some(entry.file_name().as_os_str())
        });
        if !written {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The file of page `index` (0-based) of `count` for a PNG output named `output`:
/// `deck.png` → `deck-01.png`; at least two digits, more when the deck needs them.
pub fn numbered(output: &Path, index: usize, count: usize) -> PathBuf {
    let digits = count.max(1).to_string().len().max(2);
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "deck".into());
    let ext = output
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "png".into());
    output.with_file_name(format!("{stem}-{:0digits$}.{ext}", index + 1))
}

/// Runs one backend; its warnings join the deck's. One file per output, except PNG:
/// one per page.
fn encode(
    document: &Document,
    format: Format,
    options: &ExportOptions,
    sink: &mut Sink,
) -> Result<Vec<Vec<u8>>, ExportError> {
    let (bytes, warnings) = match format {
        Format::Pdf => {
            let settings = pdf::PdfOptions {
                pdfa: options.pdfa,
                // Plain PDFs carry no date, so they stay reproducible without
                // `SOURCE_DATE_EPOCH`; PDF/A needs one.
                creation_date: options.creation_date.filter(|_| options.pdfa),
                author: options.author.clone(),
                svg_fonts: crate::fonts::svg_fonts(),
                notes_annotations: options.notes_annotations,
                ..pdf::PdfOptions::default()
            };
            let pdf = pdf::write(document, &settings)
                .map_err(|e| ExportError::Output(format!("cannot make the PDF ({e})")))?;
            (vec![pdf.bytes], pdf.warnings)
        }
        Format::Pptx => {
            let settings = pptx::PptxOptions {
                creation_date: None,
                author: options.author.clone(),
            };
            let pptx = pptx::write(document, &settings)
                .map_err(|e| ExportError::Output(format!("cannot make the PPTX ({e})")))?;
            (vec![pptx.bytes], pptx.warnings)
        }
        Format::Png => {
            let pngs = png::write(document, &png::PngOptions::default())
                .map_err(|e| ExportError::Output(format!("cannot make the PNG ({e})")))?;
            (pngs.pages, pngs.warnings)
        }
    };
    for w in warnings {
        sink.warn(w.line, w.message);
    }
    Ok(bytes)
}

/// Writes a finished file to standard output in one go.
fn write_stdout(bytes: &[u8]) -> Result<(), ExportError> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .map_err(|e| ExportError::Output(format!("cannot write to standard output ({e})")))
}
