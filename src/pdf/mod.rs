//! The PDF backend: transcribes the display list ([`crate::page`]) into a PDF with krilla.
//!
//! The walker has made every decision; this module only maps page pixels to points
//! (× 0.75), display-list items to krilla drawing calls, and pages to outline entries.
//! It does no I/O and never measures text. Problems that affect one item (a picture
//! krilla cannot decode, an SVG that does not parse, a link to a page that does not
//! exist) leave that item out and come back as warnings at the item's deck line;
//! only a document krilla refuses as a whole is an error.
//!
//! krilla's user space is y-down with the origin at the top-left of the page, like
//! ours, so the only transform is the uniform scale from pixels to points.

mod archival;
mod image;
mod link;
mod note_annotations;
mod outline_fix;
mod shape;
mod tagging;
mod text;

use std::fmt;
use std::num::NonZeroU64;
use std::sync::Arc;

use krilla::destination::XyzDestination;
use krilla::geom::{Point, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::tagging::{Identifier, TagGroup, TagTree};
use krilla::{Document, SerializeSettings};
use resvg::usvg::fontdb;

use crate::diag::Warning;
use crate::page::{self, Item};

/// Points per page pixel: a 1920 px wide page is 1440 pt wide (design.md, units table).
pub const PT_PER_PX: f32 = 0.75;

/// Settings for [`write()`]; `Default` gives a reproducible PDF without dates.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Creation date as seconds since the Unix epoch (UTC), e.g. from
    /// `SOURCE_DATE_EPOCH`. `None` writes no date at all, so the same input gives
    /// byte-identical output.
    pub creation_date: Option<i64>,
    /// Uncompressed, indented PDF syntax, for snapshots and debugging.
    pub pretty: bool,
    /// Fonts an SVG picture's `<text>` may use. Empty by default, so SVG text
    /// without a matching font is left out; system fonts are never consulted.
    pub svg_fonts: Arc<fontdb::Database>,
    /// PDF/A-2b through krilla's validator (needs `creation_date`). A document
    /// that cannot conform is written without the claim, with a warning per rule.
    pub pdfa: bool,
    /// The document's author for the metadata.
    pub author: Option<String>,
    /// Tagged PDF (structure tree, artifacts). On by default; off only to
    /// measure what tagging costs.
    pub tagged: bool,
    /// Speaker notes as a text annotation on each slide that has them.
    pub notes_annotations: bool,
}

impl Default for PdfOptions {
    fn default() -> Self {
        Self {
            creation_date: None,
            pretty: false,
            svg_fonts: Arc::new(fontdb::Database::new()),
            pdfa: false,
            author: None,
            tagged: true,
            notes_annotations: false,
        }
    }
}

/// A written PDF and the problems met on the way.
#[derive(Debug, Clone)]
pub struct Pdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Items left out or drawn differently, each at its deck line (in drawing order).
    pub warnings: Vec<Warning>,
}

/// Why no PDF could be written at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError {
    /// Deck line of the item that caused it, when krilla could tell.
    pub line: Option<usize>,
    /// What went wrong, lower-case, without a trailing period.
    pub message: String,
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for PdfError {}

/// Writes the whole document as one PDF.
///
/// A picture that krilla only finds undecodable while writing (its header looked
/// fine) is dropped and the document written again without it, so one broken
/// picture costs a warning, never the export.
///
/// With `pdfa`, a document krilla's PDF/A-2b validator refuses is written again
/// without the PDF/A claim; each broken rule comes back as a warning naming the
/// slide and the rule.
pub fn write(doc: &page::Document, options: &PdfOptions) -> Result<Pdf, PdfError> {
    let mut refused = image::Refused::default();
    let mut options = options.clone();
    let mut archival_warnings = Vec::new();
    loop {
        let mut ctx = Context::new(&options, doc.pages.len(), &refused);
        let document = build(doc, &options, &mut ctx)?;
        let mut warnings = std::mem::take(&mut ctx.warnings);
        match document.finish() {
            Ok(bytes) => {
                warnings.append(&mut archival_warnings);
                let bytes = match options.pdfa {
                    true => outline_fix::inline_outline_destinations(&bytes).unwrap_or(bytes),
                    false => bytes,
                };
                let bytes = match options.notes_annotations {
                    true => with_note_annotations(doc, bytes, &mut warnings),
                    false => bytes,
                };
                return Ok(Pdf { bytes, warnings });
            }
            Err(krilla::error::KrillaError::Image(picture, _, message))
                if !refused.contains(&picture) =>
            {
                refused.insert(picture, message);
            }
            Err(krilla::error::KrillaError::Validation(errors)) if options.pdfa => {
                archival_warnings = archival::warnings(doc, &errors);
                options.pdfa = false;
            }
            Err(err) => return Err(convert_error(err)),
        }
    }
}

/// The PDF with each slide's speaker notes attached as a text annotation; the PDF
/// as it was, with a warning, when its layout does not allow that.
fn with_note_annotations(
    doc: &page::Document,
    bytes: Vec<u8>,
    warnings: &mut Vec<Warning>,
) -> Vec<u8> {
    let notes: Vec<(usize, String)> = doc
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.notes_for.is_none())
        .filter_map(|(i, p)| {
            let text = crate::notes::plain_text(p.notes.as_deref()?);
            (!text.trim().is_empty()).then_some((i, text))
        })
        .collect();
    let sizes: Vec<(f32, f32)> = doc
        .pages
        .iter()
        .map(|p| (p.width * 0.75, p.height * 0.75))
        .collect();
    match note_annotations::add(&bytes, &notes, &sizes) {
        Some(annotated) => annotated,
        None => {
            warnings.push(Warning {
                line: None,
                message: "speaker notes could not be attached as annotations".into(),
            });
            bytes
        }
    }
}

/// State shared by the per-kind modules while one document is built.
pub(crate) struct Context<'a> {
    pub(crate) options: &'a PdfOptions,
    pub(crate) page_count: usize,
    pub(crate) fonts: text::FontCache,
    pub(crate) images: image::ImageCache<'a>,
    /// Shadow outlines drawn once and placed again wherever the same run recurs.
    pub(crate) shadows: text::ShadowCache,
    pub(crate) warnings: Vec<Warning>,
    /// Text is drawn as outlines (inside a thumbnail, so it is not copied twice).
    pub(crate) outline_text: bool,
}

impl<'a> Context<'a> {
    fn new(options: &'a PdfOptions, page_count: usize, refused: &'a image::Refused) -> Self {
        Self {
            options,
            page_count,
            fonts: text::FontCache::default(),
            images: image::ImageCache::new(refused),
            shadows: text::ShadowCache::default(),
            warnings: Vec::new(),
            outline_text: false,
        }
    }

    /// Records a problem at a deck line (0 = unknown).
    pub(crate) fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning {
            line: (line > 0).then_some(line),
            message: message.into(),
        });
    }
}

fn build(
    doc: &page::Document,
    options: &PdfOptions,
    ctx: &mut Context<'_>,
) -> Result<Document, PdfError> {
    let settings = SerializeSettings {
        pretty: options.pretty,
        compress_content_streams: !options.pretty,
        // Tagged PDF: structure for screen readers and reflow (see `tagging.rs`).
        enable_tagging: options.tagged,
        // Colour fonts with SVG glyphs (some emoji fonts) need an SVG renderer.
        render_svg_glyph_fn: krilla_svg::render_svg_glyph,
        configuration: archival::configuration(options.pdfa),
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut tree = TagTree::new().with_lang(doc.lang.clone().filter(|l| !l.is_empty()));
    for (index, page) in doc.pages.iter().enumerate() {
        let sect = write_page(&mut document, doc, page, index, ctx)?;
        if !sect.children.is_empty() {
            tree.push(sect);
        }
    }
    if options.tagged {
        document.set_tag_tree(tree);
    }
    document.set_outline(outline(doc));
    document.set_metadata(metadata(doc, options));
    Ok(document)
}

fn write_page(
    document: &mut Document,
    doc: &page::Document,
    page: &page::Page,
    index: usize,
    ctx: &mut Context<'_>,
) -> Result<TagGroup, PdfError> {
    let settings = PageSettings::from_wh(page.width * PT_PER_PX, page.height * PT_PER_PX)
        .ok_or_else(|| PdfError {
            line: (page.lines.start > 0).then_some(page.lines.start),
            message: format!(
                "page {} has an invalid size {}×{} px",
                index + 1,
                page.width,
                page.height
            ),
        })?;
    let mut pdf_page = document.start_page_with(settings);
    let mut links = Vec::new();
    let referenced = tagging::referenced(page);
    let mut ids = vec![None; page.items.len()];
    {
        let mut surface = pdf_page.surface();
        surface.push_transform(&Transform::from_scale(PT_PER_PX, PT_PER_PX));
        surface.start_tagged(tagging::artifact());
        shape::fill_page(&mut surface, page);
        surface.end_tagged();
        let tags = Some((referenced.as_slice(), ids.as_mut_slice()));
        draw_items(&mut surface, doc, page, ctx, &mut links, tags);
        surface.pop();
        surface.finish();
    }
    for (index, link) in links {
        let tagged = referenced.get(index).copied().unwrap_or(false);
        ids[index] = link::annotate(&mut pdf_page, link, tagged, ctx);
    }
    pdf_page.finish();
    Ok(tagging::page_group(page, &mut ids))
}

/// Draws every item in paint order; links are collected for annotation after the
/// content stream is done (krilla adds annotations to the page, not the surface).
///
/// With `tags`, each drawn item is marked content: with an identifier (kept in
/// `ids`) when the page's structure refers to it, an artifact otherwise. A page
/// drawn as a thumbnail is drawn without (its thumbnail item is marked as a whole).
fn draw_items<'p>(
    surface: &mut Surface<'_>,
    doc: &page::Document,
    page: &'p page::Page,
    ctx: &mut Context<'_>,
    links: &mut Vec<(usize, &'p page::Link)>,
    mut tags: Option<(&[bool], &mut [Option<Identifier>])>,
) {
    let mut open_clips = 0usize;
    for (index, item) in page.items.iter().enumerate() {
        set_location(surface, line_of(item));
        let marked = tags.is_some() && tagging::draws(item);
        if let Some((referenced, ids)) = tags.as_mut()
            && marked
        {
            let is_content = referenced.get(index).copied().unwrap_or(false);
            ids[index] = tagging::start(surface, item, is_content);
        }
        match item {
            Item::Thumbnail(thumbnail) => draw_thumbnail(surface, doc, thumbnail, ctx),
            Item::Text(text) => text::draw_text(surface, text, ctx),
            Item::Shadow(shadow) => text::draw_shadow(surface, shadow, ctx),
            Item::Shape(shape) => shape::draw_shape(surface, shape),
            Item::Image(picture) => image::draw_image(surface, picture, ctx),
            Item::Svg(svg) => image::draw_svg(surface, svg, ctx),
            Item::Link(link) => links.push((index, link)),
            Item::PushClip(rect) => {
                shape::push_clip(surface, *rect);
                open_clips += 1;
            }
            Item::PopClip => {
                if open_clips > 0 {
                    surface.pop();
                    open_clips -= 1;
                }
            }
        }
        if marked {
            surface.end_tagged();
        }
    }
    surface.reset_location();
    // An unbalanced display list must not make krilla panic.
    for _ in 0..open_clips {
        surface.pop();
    }
}

/// Another page drawn small: its background and items scaled into the rectangle,
/// clipped to it, without links. A page that itself holds thumbnails is not drawn.
fn draw_thumbnail(
    surface: &mut Surface<'_>,
    doc: &page::Document,
    thumbnail: &page::Thumbnail,
    ctx: &mut Context<'_>,
) {
    let Some(target) = doc.pages.get(thumbnail.page) else {
        return;
    };
    if target.width <= 0.0 || target.items.iter().any(|i| matches!(i, Item::Thumbnail(_))) {
        return;
    }
    let rect = thumbnail.rect;
    let k = rect.w / target.width;
    if !(k.is_finite() && k > 0.0) {
        return;
    }
    shape::push_clip(surface, rect);
    surface.push_transform(&Transform::from_row(k, 0.0, 0.0, k, rect.x, rect.y));
    shape::fill_page(surface, target);
    let mut ignored_links = Vec::new();
    ctx.outline_text = true;
    draw_items(surface, doc, target, ctx, &mut ignored_links, None);
    ctx.outline_text = false;
    surface.pop();
    surface.pop();
}

/// The deck line an item came from (0 when it has none).
fn line_of(item: &Item) -> usize {
    match item {
        Item::Thumbnail(t) => t.line,
        Item::Text(t) => t.line,
        Item::Image(i) => i.line,
        Item::Svg(s) => s.line,
        Item::Shape(s) => s.line,
        Item::Link(l) => l.line,
        Item::Shadow(s) => s.line,
        Item::PushClip(_) | Item::PopClip => 0,
    }
}

/// Tags what follows with a deck line, so krilla's errors can name it.
fn set_location(surface: &mut Surface<'_>, line: usize) {
    match NonZeroU64::new(line as u64) {
        Some(location) => surface.set_location(location),
        None => surface.reset_location(),
    }
}

fn convert_error(err: krilla::error::KrillaError) -> PdfError {
    use krilla::error::KrillaError as E;
    let location = match &err {
        E::DuplicateTagId(_, l) | E::UnknownTagId(_, l) | E::Image(_, l, _) => *l,
        E::SixteenBitImage(_, l) => *l,
        _ => None,
    };
    PdfError {
        line: location.map(|l| l.get() as usize),
        message: err.to_string(),
    }
}

/// One outline entry per slide page, pointing at its top-left corner; the slides
/// of a vertical stack (labels `h.2`, `h.3` …) nest under its first slide (`h.1`).
/// Notes pages get no entry.
fn outline(doc: &page::Document) -> Outline {
    let mut outline = Outline::new();
    // The stack's first slide, waiting for its children: (h, node).
    let mut open: Option<(String, OutlineNode)> = None;
    for (index, page) in doc.pages.iter().enumerate() {
        if page.notes_for.is_some() {
            continue;
        }
        let title = match page.title.as_deref().map(str::trim) {
            Some(title) if !title.is_empty() => title.to_string(),
            _ if page.label.is_empty() => format!("Slide {}", index + 1),
            _ => format!("Slide {}", page.label),
        };
        let target = XyzDestination::new(index, Point::from_xy(0.0, 0.0));
        let node = OutlineNode::new(title, target);
        match page.label.split_once('.') {
            Some((h, v)) if v != "1" => match open.as_mut() {
                Some((open_h, parent)) if open_h == h => parent.push_child(node),
                _ => {
                    if let Some((_, parent)) = open.take() {
                        outline.push_child(parent);
                    }
                    outline.push_child(node);
                }
            },
            Some((h, _)) => {
                if let Some((_, parent)) = open.take() {
                    outline.push_child(parent);
                }
                open = Some((h.to_string(), node));
            }
            None => {
                if let Some((_, parent)) = open.take() {
                    outline.push_child(parent);
                }
                outline.push_child(node);
            }
        }
    }
    if let Some((_, parent)) = open {
        outline.push_child(parent);
    }
    outline
}

fn metadata(doc: &page::Document, options: &PdfOptions) -> Metadata {
    let mut metadata = Metadata::new().creator("deckport".to_string());
    if !doc.title.is_empty() {
        metadata = metadata.title(doc.title.clone());
    }
    if let Some(lang) = doc.lang.as_ref().filter(|l| !l.is_empty()) {
        metadata = metadata.language(lang.clone());
    }
    if !doc.tags.is_empty() {
        metadata = metadata.keywords(doc.tags.clone());
    }
    if let Some(author) = options.author.as_ref().filter(|a| !a.trim().is_empty()) {
        metadata = metadata.authors(vec![author.clone()]);
    }
    if let Some(seconds) = options.creation_date {
        metadata = metadata.creation_date(date_time(seconds));
    }
    metadata
}

/// Converts Unix seconds to a UTC calendar date.
fn date_time(seconds: i64) -> DateTime {
    let c = crate::date::civil(seconds);
    DateTime::new(c.year.clamp(0, 9999) as u16)
        .month(c.month)
        .day(c.day)
        .hour(c.hour)
        .minute(c.minute)
        .second(c.second)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_become_utc_dates() {
        let epoch = DateTime::new(1970).month(1).day(1).hour(0).minute(0);
        let epoch = epoch.second(0).utc_offset_hour(0).utc_offset_minute(0);
        assert_eq!(date_time(0), epoch);
        // 2024-02-29T12:34:56Z, a leap day.
        assert_eq!(
            date_time(1_709_210_096),
            DateTime::new(2024)
                .month(2)
                .day(29)
                .hour(12)
                .minute(34)
                .second(56)
                .utc_offset_hour(0)
                .utc_offset_minute(0)
        );
    }
}
