//! The walker: reveal's geometry applied to Blitz's laid-out tree, emitted as pages.
//!
//! reveal.js lays a slide out on a logical canvas (960×700 by default), scales the
//! canvas into the window with a margin and centres each slide's content
//! vertically. That JavaScript layout is ours: this module computes it, then reads
//! the boxes, text layouts, list markers, pictures and links of each slide and
//! turns them into the display list ([`crate::page`]). No I/O happens here.

mod background;
mod boxes;
pub mod geometry;
mod glyphs;
mod label;
mod notes;
mod shadow;
mod structure;
mod text;

pub use geometry::{Geometry, geometry};

use crate::assets::{self, Asset, AssetStore};
use crate::deck::{Deck, SlideNumber};
use crate::diag::Sink;
use crate::engine::{self, Laid};
use crate::markup::Markup;
use crate::page::{self, Color, Document, Item, LinkTarget, Page, Paint};
use blitz_dom::{BaseDocument, LocalName, Node, NodeId};
use std::collections::{BTreeMap, BTreeSet};

/// How content taller than the slide is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overflow {
    /// Shrink the slide's content uniformly until it fits (with a warning).
    #[default]
    Shrink,
    /// Keep the size and cut off what runs past the page, as HedgeDoc shows it on screen.
    Clip,
    /// Keep the size and continue on further pages, as reveal's print does.
    Paginate,
}

/// Options for the walker.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Page size in page pixels.
    pub page: (f32, f32),
    pub overflow: Overflow,
    /// Draw slide numbers (reveal's `slideNumber`, on by default in HedgeDoc).
    pub slide_numbers: bool,
    /// One page per fragment step, as reveal's print shows them; otherwise each
    /// slide in its final state.
    pub fragments: bool,
    /// Title used when neither the front matter nor an `h1` gives one.
    pub fallback_title: String,
    /// A notes page after each slide with speaker notes.
    pub notes_pages: bool,
    /// Faces from the user's font folders (`--font-dir`).
    pub fonts: std::sync::Arc<crate::fonts::ExtraFonts>,
}

impl Default for WalkOptions {
    fn default() -> Self {
        Self {
            page: (1920.0, 1080.0),
            overflow: Overflow::Shrink,
            slide_numbers: true,
            fragments: false,
            fallback_title: "Untitled".into(),
            notes_pages: false,
            fonts: crate::fonts::ExtraFonts::none(),
        }
    }
}

/// A uniform scale plus translation from canvas (document) px to page px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Xf {
    pub k: f32,
    pub tx: f32,
    pub ty: f32,
}

impl Xf {
    pub fn x(&self, x: f32) -> f32 {
        self.k * x + self.tx
    }
    pub fn y(&self, y: f32) -> f32 {
        self.k * y + self.ty
    }
    pub fn rect(&self, x: f32, y: f32, w: f32, h: f32) -> page::Rect {
        page::Rect::new(self.x(x), self.y(y), w * self.k, h * self.k)
    }
}

/// Shared state while one slide is walked.
pub(crate) struct Ctx<'a> {
    pub doc: &'a BaseDocument,
    pub assets: &'a AssetStore,
    pub xf: Xf,
    pub items: Vec<Item>,
    pub paragraphs: Vec<page::Paragraph>,
    pub line: usize,
    /// The slide's first heading element (its text becomes the title paragraph).
    pub title_heading: Option<NodeId>,
    /// Links already emitted (one item per `<a>`).
    pub links_done: BTreeSet<NodeId>,
    /// Placeholder numbers by resolved URL.
    pub placeholder_numbers: &'a BTreeMap<String, usize>,
    pub labels: &'a mut label::Labeler,
    /// Elements not drawn on this page (fragments not yet shown), with their content.
    pub hidden: &'a BTreeSet<NodeId>,
    /// The slide's logical structure, built in walk order.
    pub structure: structure::StructBuilder,
}

/// The element's tag name, lower-case, if it is an element.
pub(crate) fn tag(node: &Node) -> Option<&str> {
    node.element_data().map(|e| e.name.local.as_ref())
}

/// An attribute of an element node.
pub(crate) fn attr<'n>(node: &'n Node, name: &str) -> Option<&'n str> {
    node.attr(LocalName::from(name))
}

/// Turns the laid-out deck into pages.
pub fn walk(
    laid: &Laid,
    deck: &Deck,
    markup: &Markup,
    assets: &AssetStore,
    options: &WalkOptions,
    sink: &mut Sink,
) -> Document {
    let doc: &BaseDocument = &laid.doc;
    let geo = geometry(&deck.meta.slide_options, options.page, laid.canvas);
    let mut labels = label::Labeler::new(laid.fonts.clone());
    let placeholder_numbers = number_placeholders(markup, assets);
    let page_bg = body_background(doc, options.page);
    let number_format = deck
        .meta
        .slide_options
        .slide_number
        .clone()
        .unwrap_or_default();
    let total = deck.slides.len();

    let mut pages = Vec::with_capacity(deck.slides.len());
    // Background pictures with opacity, made once per picture and opacity.
    let mut translucent: BTreeMap<(String, u32), Asset> = BTreeMap::new();
    let mut first_h1: Option<String> = None;
    // The first page of each slide (fragment steps and paginated parts add pages).
    let mut first_page = Vec::with_capacity(deck.slides.len());
    for (index, slide) in deck.slides.iter().enumerate() {
        first_page.push(pages.len());
        let line = content_line(slide);
        let mut page = Page {
            width: options.page.0,
            height: options.page.1,
            background: page_bg.clone(),
            items: Vec::new(),
            notes: slide.notes.clone(),
            title: None,
            label: slide.label(),
            lines: slide.lines.clone(),
            anchors: Vec::new(),
            notes_for: None,
            structure: Vec::new(),
        };
        let Some(section) = laid.sections.get(index).copied().flatten() else {
            pages.push(page);
            continue;
        };
        let Some(section_node) = doc.get_node(section) else {
            pages.push(page);
            continue;
        };

        // reveal's vertical centring, and our overflow handling.
        let pos = section_node.absolute_position(0.0, 0.0);
        let size = section_node.final_layout().size;
        let (canvas_w, canvas_h) = laid.canvas;
        let center = deck.meta.slide_options.center.unwrap_or(true);
        let mut f = 1.0;
        let mut top = 0.0;
        if size.height > canvas_h + 0.5 {
            match options.overflow {
                Overflow::Shrink => {
                    f = canvas_h / size.height;
                    sink.warn(
                        Some(line),
                        overflow_message(&page.label, size.height, canvas_h, f),
                    );
                }
                Overflow::Clip | Overflow::Paginate => {}
            }
        } else if center {
            top = ((canvas_h - size.height) / 2.0).max(0.0);
        }
        let s = geo.scale;
        let xf = Xf {
            k: s * f,
            tx: geo.offset_x + s * canvas_w / 2.0 - s * f * (pos.x + canvas_w / 2.0),
            ty: geo.offset_y + s * top - s * f * pos.y,
        };

        // Slide background: CSS value, then picture.
        let mut css_background = false;
        if let Some(probe) = laid.background_probes.get(index).copied().flatten()
            && let Some(paint) = doc.get_node(probe).and_then(boxes::background_paint)
        {
            page.background = paint;
            css_background = true;
        }
        let mut items = Vec::new();
        let slide_markup = markup.slides.get(index);
        let attrs = slide_markup.map(|m| m.attrs.as_slice()).unwrap_or(&[]);
        if !css_background {
            parallax(&mut items, deck, slide, assets, options.page);
        }
        for image in slide_markup.map(|m| m.images.as_slice()).unwrap_or(&[]) {
            if !image.background {
                continue;
            }
            let placement = background::Placement::from_attrs(attrs);
            let mut asset = assets.get(&image.src).cloned().unwrap_or(Asset::Missing);
            let opacity = placement.opacity();
            if opacity <= 0.0 && !matches!(asset, Asset::Missing) {
                break;
            }
            if opacity < 1.0 {
                let key = (
                    assets::resolve(&image.src).unwrap_or_default(),
                    opacity.to_bits(),
                );
                asset = translucent
                    .entry(key)
                    .or_insert_with(|| background::with_opacity(&asset, opacity))
                    .clone();
            }
            let number = assets::resolve(&image.src)
                .and_then(|u| placeholder_numbers.get(&u).copied())
                .unwrap_or(0);
            boxes::background_picture(
                &mut items,
                &asset,
                &image.src,
                number,
                options.page,
                &placement,
                image.line,
                &mut labels,
            );
            break;
        }

        media_background(&mut items, attrs, options.page, line, &mut labels);

        let title_heading = first_heading(doc, section);
        page.title = title_heading
            .and_then(|id| doc.get_node(id))
            .map(|n| collapse_ws(&n.text_content()))
            .filter(|t| !t.is_empty());
        if first_h1.is_none() {
            first_h1 = first_h1_text(doc, section);
        }
        page.anchors = anchors(doc, section);

        let clip = options.overflow != Overflow::Shrink;
        // reveal's print continues a tall slide on the next page: the same content,
        // moved up by one page each time.
        let parts = if options.overflow == Overflow::Paginate {
            let content = s * size.height + geo.offset_y;
            let n = (content / options.page.1).ceil().max(1.0);
            if n > MAX_PARTS as f32 {
                sink.warn(
                    Some(line),
                    format!(
                        "slide {}: content would need {n:.0} pages; cut after {MAX_PARTS}",
                        page.label
                    ),
                );
            }
            (n as usize).clamp(1, MAX_PARTS)
        } else {
            1
        };
        let steps = if options.fragments {
            fragment_steps(doc, section)
        } else {
            vec![BTreeSet::new()]
        };
        let number = (options.slide_numbers && number_format != SlideNumber::Off)
            .then(|| number_label(&number_format, slide, index, total));
        for hidden in &steps {
            for part in 0..parts {
                let mut ctx = Ctx {
                    doc,
                    assets,
                    xf: Xf {
                        ty: xf.ty - part as f32 * options.page.1,
                        ..xf
                    },
                    items: items.clone(),
                    paragraphs: Vec::new(),
                    line,
                    title_heading,
                    links_done: BTreeSet::new(),
                    placeholder_numbers: &placeholder_numbers,
                    labels: &mut labels,
                    hidden,
                    structure: structure::StructBuilder::default(),
                };
                if clip {
                    ctx.items.push(Item::PushClip(page::Rect::new(
                        0.0,
                        0.0,
                        options.page.0,
                        options.page.1,
                    )));
                }
                boxes::walk_node(&mut ctx, section);
                if clip {
                    ctx.items.push(Item::PopClip);
                }
                let mut paragraphs = std::mem::take(&mut ctx.paragraphs);
                let mut out = page.clone();
                out.structure = std::mem::take(&mut ctx.structure).finish();
                out.items = ctx.items;
                if parts > 1 {
                    cull(&mut out, &mut paragraphs, options.page);
                }
                if !paragraphs.is_empty() {
                    out.items.push(Item::Text(page::Text {
                        runs: Vec::new(),
                        paragraphs,
                        line,
                    }));
                }
                if let Some(text) = &number {
                    labels.slide_number(&mut out.items, text, options.page, line);
                }
                if part > 0 || !std::ptr::eq(hidden, &steps[0]) {
                    // Anchors lead to the slide's first page only.
                    out.anchors.clear();
                }
                pages.push(out);
            }
        }
    }
    resolve_internal_links(&mut pages, deck, &first_page);
    if options.notes_pages {
        pages = notes::interleave(pages, &mut labels);
    }
    let title = deck
        .meta
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or(first_h1)
        .unwrap_or_else(|| options.fallback_title.clone());
    Document {
        pages,
        title,
        lang: deck.meta.lang.clone(),
        tags: deck.meta.tags.clone(),
    }
}

/// Leaves out what lies wholly outside the page (the other parts of a paginated
/// slide), so the text of each part is on its page once.
fn cull(page: &mut Page, paragraphs: &mut Vec<page::Paragraph>, (w, h): (f32, f32)) {
    let on_page = |r: &page::Rect| r.bottom() > 0.0 && r.y < h && r.right() > 0.0 && r.x < w;
    let run_on_page =
        |g: &page::GlyphRun| g.origin.y + g.size * 0.3 > 0.0 && g.origin.y - g.size < h;
    paragraphs.retain(|p| on_page(&p.bbox));
    page.retain_items(|item| match item {
        Item::Text(t) => {
            t.runs.retain(run_on_page);
            t.paragraphs.retain(|p| on_page(&p.bbox));
            !(t.runs.is_empty() && t.paragraphs.is_empty())
        }
        Item::Shadow(s) => {
            s.runs.retain(run_on_page);
            !s.runs.is_empty()
        }
        Item::Image(i) => on_page(&i.rect),
        Item::Svg(s) => on_page(&s.rect),
        Item::Link(l) => {
            l.rects.retain(on_page);
            !l.rects.is_empty()
        }
        Item::Shape(s) => match &s.geometry {
            page::Geometry::Rect(r)
            | page::Geometry::RoundedRect(r, _)
            | page::Geometry::Ellipse(r) => on_page(r),
            page::Geometry::Path(_) => true,
        },
        // Notes pages are not paginated; their pictures of slides stay.
        Item::Thumbnail(_) | Item::PushClip(_) | Item::PopClip => true,
    });
}

/// Most pages one slide is spread over with `--overflow paginate`.
const MAX_PARTS: usize = 32;

/// A fragment of a slide: its element, its step, and whether it disappears at that step.
struct Fragment {
    node: NodeId,
    index: Option<i64>,
    fade_out: bool,
}

/// The elements hidden on each page of a slide's fragment steps, as reveal's print
/// makes them: first no fragment shown, then one more group per page. Groups are the
/// fragments' `data-fragment-index` values in order (fragments without one get the
/// next index in document order); `fade-out` fragments are shown until their step.
fn fragment_steps(doc: &BaseDocument, section: NodeId) -> Vec<BTreeSet<NodeId>> {
    let mut found = Vec::new();
    collect_fragments(doc, section, &mut found);
    if found.is_empty() {
        return vec![BTreeSet::new()];
    }
    // reveal's sortFragments: explicit indices first, the others after, in order.
    let mut next = found
        .iter()
        .filter_map(|f| f.index)
        .max()
        .map_or(0, |m| m + 1);
    let mut groups: BTreeMap<i64, Vec<&Fragment>> = BTreeMap::new();
    for f in &found {
        let index = f.index.unwrap_or_else(|| {
            next += 1;
            next - 1
        });
        groups.entry(index).or_default().push(f);
    }
    let groups: Vec<Vec<&Fragment>> = groups.into_values().collect();
    (0..=groups.len())
        .map(|shown| {
            let mut hidden = BTreeSet::new();
            for (g, group) in groups.iter().enumerate() {
                for f in group {
                    let reached = g < shown;
                    if reached == f.fade_out {
                        hidden.insert(f.node);
                    }
                }
            }
            hidden
        })
        .collect()
}

fn collect_fragments(doc: &BaseDocument, id: NodeId, out: &mut Vec<Fragment>) {
    let Some(node) = doc.get_node(id) else {
        return;
    };
    if let Some(class) = attr(node, "class")
        && class.split_ascii_whitespace().any(|c| c == "fragment")
    {
        out.push(Fragment {
            node: id,
            index: attr(node, "data-fragment-index").and_then(|v| v.trim().parse().ok()),
            fade_out: class.split_ascii_whitespace().any(|c| c == "fade-out"),
        });
    }
    for &child in node.children.iter() {
        collect_fragments(doc, child, out);
    }
}

/// The deck line where a slide's content starts (its first non-blank line).
fn content_line(slide: &crate::deck::Slide) -> usize {
    let skipped = slide
        .markdown
        .lines()
        .take_while(|l| l.trim().is_empty())
        .count();
    if skipped == slide.markdown.lines().count() {
        slide.first_line
    } else {
        slide.first_line + skipped
    }
}

/// The warning for a slide shrunk to fit, readable also for absurd sizes.
fn overflow_message(label: &str, height: f32, canvas_h: f32, f: f32) -> String {
    let tall = if height < 1e6 {
        format!("{height:.0} px")
    } else {
        "more than 1,000,000 px".into()
    };
    let share = if f >= 0.01 {
        format!("{:.0} %", f * 100.0)
    } else {
        "less than 1 %".into()
    };
    format!(
        "slide {label}: content is {tall} tall, the slide {canvas_h:.0} px; shrunk to {share} to fit"
    )
}

/// reveal's slide-number text for a slide.
fn number_label(
    format: &SlideNumber,
    slide: &crate::deck::Slide,
    index: usize,
    total: usize,
) -> String {
    let (h, v) = (slide.h + 1, slide.v.map(|v| v + 1));
    let fmt = match format {
        SlideNumber::Off => return String::new(),
        SlideNumber::HDotV => "h.v",
        SlideNumber::Format(f) => f.as_str(),
    };
    match fmt {
        "c" => format!("{}", index + 1),
        "c/t" => format!("{}/{}", index + 1, total),
        "h/v" => match v {
            Some(v) => format!("{h}/{v}"),
            None => format!("{h}"),
        },
        _ => match v {
            Some(v) => format!("{h}.{v}"),
            None => format!("{h}"),
        },
    }
}

/// The deck-wide parallax background (`parallaxBackgroundImage`/`-Size`), shifted
/// per slide as reveal shifts it: by the slide's share of the picture's overhang.
fn parallax(
    items: &mut Vec<Item>,
    deck: &Deck,
    slide: &crate::deck::Slide,
    assets: &AssetStore,
    page: (f32, f32),
) {
    let options = &deck.meta.slide_options;
    let Some(src) = options.parallax_background_image.as_deref() else {
        return;
    };
    let Some(asset) = assets.get(src) else {
        return;
    };
    if matches!(asset, Asset::Missing) {
        // Warned once in the assets stage; the theme's background shows.
        return;
    }
    let placement = background::Placement {
        size: options.parallax_background_size.as_deref(),
        position: Some("0px 0px"),
        repeat: Some("no-repeat"),
        opacity: None,
    };
    let Some(first) = background::tiles(&placement, asset.size(), page)
        .first()
        .copied()
    else {
        return;
    };
    let h_count = deck.slides.iter().map(|s| s.h).max().unwrap_or(0);
    let v_count = deck
        .slides
        .iter()
        .filter(|s| s.h == slide.h)
        .filter_map(|s| s.v)
        .max()
        .unwrap_or(0);
    let step = |over: f32, count: usize| {
        if count > 0 {
            (over.max(0.0)) / count as f32
        } else {
            0.0
        }
    };
    let x = -(slide.h as f32) * step(first.w - page.0, h_count);
    let y = -(slide.v.unwrap_or(0) as f32) * step(first.h - page.1, v_count);
    let rect = page::Rect::new(x, y, first.w, first.h);
    let clip = Some(page::Rect::new(0.0, 0.0, page.0, page.1));
    match asset {
        Asset::Raster {
            format,
            bytes,
            width,
            height,
        } => items.push(Item::Image(crate::page::Image {
            rect,
            clip,
            format: format.clone(),
            bytes: bytes.clone(),
            pixels: (*width, *height),
            alt: String::new(),
            line: slide.first_line,
        })),
        Asset::Svg { bytes, .. } => items.push(Item::Svg(crate::page::Svg {
            rect,
            clip,
            source: bytes.clone(),
            alt: String::new(),
            line: slide.first_line,
        })),
        Asset::Missing => {}
    }
}

/// `data-background-video` and `data-background-iframe`: nothing to play on a page, so
/// the background placeholder with the source named and the page linked to it.
fn media_background(
    items: &mut Vec<Item>,
    attrs: &[(String, String)],
    page_size: (f32, f32),
    line: usize,
    labels: &mut label::Labeler,
) {
    for (name, kind) in [
        ("data-background-video", "background video"),
        ("data-background-iframe", "background page"),
    ] {
        let Some((_, src)) = attrs.iter().find(|(n, _)| n == name) else {
            continue;
        };
        let first = src.split(',').next().unwrap_or("").trim().to_string();
        let rect = page::Rect::new(0.0, 0.0, page_size.0, page_size.1);
        let label = format!("{kind}: {}", assets::file_name(&first));
        boxes::placeholder(items, rect, true, &label, line, labels);
        let lower = first.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            items.push(Item::Link(page::Link {
                rects: vec![rect],
                target: LinkTarget::Url(first),
                line,
            }));
        }
        return;
    }
}

/// Numbers missing pictures in deck order, backgrounds first, for placeholder labels.
fn number_placeholders(markup: &Markup, assets: &AssetStore) -> BTreeMap<String, usize> {
    let mut numbers = BTreeMap::new();
    for background in [true, false] {
        for slide in &markup.slides {
            for image in slide.images.iter().filter(|i| i.background == background) {
                let Some(url) = assets::resolve(&image.src) else {
                    continue;
                };
                if matches!(assets.get_resolved(&url), Some(Asset::Missing) | None)
                    && !numbers.contains_key(&url)
                {
                    let n = numbers.len() + 1;
                    numbers.insert(url, n);
                }
            }
        }
    }
    numbers
}

/// The page background the theme gives `body`: its radial gradient when it has one
/// (league, beige, sky), else its colour.
fn body_background(doc: &BaseDocument, page: (f32, f32)) -> Paint {
    let body = doc
        .query_selector_all("body")
        .ok()
        .and_then(|ids| ids.first().copied())
        .and_then(|id| doc.get_node(id));
    body.and_then(|b| boxes::page_gradient(b, page))
        .or_else(|| body.and_then(boxes::background_paint))
        .unwrap_or(Paint::Solid(Color::rgb(255, 255, 255)))
}

/// Heading elements in document order under a node.
fn headings(doc: &BaseDocument, root: NodeId, out: &mut Vec<(NodeId, u8)>, first_only: bool) {
    let Some(node) = doc.get_node(root) else {
        return;
    };
    for &child in node.children.iter() {
        if first_only && !out.is_empty() {
            return;
        }
        let Some(n) = doc.get_node(child) else {
            continue;
        };
        if let Some(t) = tag(n) {
            let level = match t {
                "h1" => 1,
                "h2" => 2,
                "h3" => 3,
                "h4" => 4,
                "h5" => 5,
                "h6" => 6,
                _ => 0,
            };
            if level > 0 {
                out.push((child, level));
                continue;
            }
            headings(doc, child, out, first_only);
        }
    }
}

fn first_heading(doc: &BaseDocument, section: NodeId) -> Option<NodeId> {
    let mut out = Vec::new();
    headings(doc, section, &mut out, true);
    out.first().map(|(id, _)| *id)
}

fn first_h1_text(doc: &BaseDocument, section: NodeId) -> Option<String> {
    let mut out = Vec::new();
    headings(doc, section, &mut out, false);
    out.iter()
        .find(|(_, level)| *level == 1)
        .and_then(|(id, _)| doc.get_node(*id))
        .map(|n| collapse_ws(&n.text_content()))
        .filter(|t| !t.is_empty())
}

/// `id` attributes inside a slide, for `#/some-id` links.
fn anchors(doc: &BaseDocument, root: NodeId) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        let Some(node) = doc.get_node(id) else {
            continue;
        };
        if let Some(v) = attr(node, "id") {
            out.push(v.to_string());
        }
        stack.extend(node.children.iter().rev().copied());
    }
    out
}

/// Collapses runs of white space into one space and trims.
pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Turns `#/h/v` and `#/id` link targets (recorded as URLs) into page targets;
/// a target that does not exist drops the link.
fn resolve_internal_links(pages: &mut [Page], deck: &Deck, first_page: &[usize]) {
    let mut by_hv = BTreeMap::new();
    for (i, slide) in deck.slides.iter().enumerate() {
        let page = first_page.get(i).copied().unwrap_or(i);
        by_hv.entry((slide.h, slide.v.unwrap_or(0))).or_insert(page);
    }
    let mut by_id = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for a in &page.anchors {
            by_id.entry(a.clone()).or_insert(i);
        }
    }
    let resolve = |url: &str| -> Option<Option<usize>> {
        let fragment = url.strip_prefix("#/")?;
        let parts: Vec<&str> = fragment.split('/').collect();
        Some(match parts.as_slice() {
            [h] if h.parse::<usize>().is_ok() => by_hv.get(&(h.parse().unwrap_or(0), 0)).copied(),
            [h, v] if h.parse::<usize>().is_ok() && v.parse::<usize>().is_ok() => by_hv
                .get(&(h.parse().unwrap_or(0), v.parse().unwrap_or(0)))
                .copied(),
            [id] => by_id.get(*id).copied(),
            _ => None,
        })
    };
    for page in pages.iter_mut() {
        page.retain_items(|item| {
            if let Item::Text(text) = item {
                // The paragraphs' links (read by the PPTX backend) resolve the same way.
                for span in text.paragraphs.iter_mut().flat_map(|p| p.spans.iter_mut()) {
                    if let Some(LinkTarget::Url(url)) = &span.link
                        && let Some(target) = resolve(url)
                    {
                        span.link = target.map(LinkTarget::Page);
                    }
                }
                return true;
            }
            let Item::Link(link) = item else { return true };
            let LinkTarget::Url(url) = &link.target else {
                return true;
            };
            match resolve(url) {
                None => true,
                Some(Some(p)) => {
                    link.target = LinkTarget::Page(p);
                    true
                }
                Some(None) => false,
            }
        });
    }
}

/// Lays out and walks one deck: a convenience for tests and the exporter.
pub fn render_pages(
    deck: &Deck,
    markup: &Markup,
    assets: &AssetStore,
    options: &WalkOptions,
    sink: &mut Sink,
) -> Document {
    let canvas = geometry::canvas_size(&deck.meta.slide_options, options.page);
    let laid = engine::lay_out(
        markup,
        &deck.meta,
        assets,
        &engine::EngineOptions {
            canvas,
            fonts: options.fonts.clone(),
        },
        sink,
    );
    let document = walk(&laid, deck, markup, assets, options, sink);
    glyphs::warn_missing_glyphs(&document, sink);
    document
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Slide;

    fn slide(h: usize, v: Option<usize>) -> Slide {
        Slide {
            h,
            v,
            markdown: String::new(),
            first_line: 1,
            lines: 1..1,
            notes: None,
            notes_line: None,
        }
    }

    #[test]
    fn slide_number_formats() {
        let s = slide(2, Some(1));
        assert_eq!(number_label(&SlideNumber::HDotV, &s, 5, 9), "3.2");
        assert_eq!(
            number_label(&SlideNumber::Format("h/v".into()), &s, 5, 9),
            "3/2"
        );
        assert_eq!(
            number_label(&SlideNumber::Format("c".into()), &s, 5, 9),
            "6"
        );
        assert_eq!(
            number_label(&SlideNumber::Format("c/t".into()), &s, 5, 9),
            "6/9"
        );
        assert_eq!(
            number_label(&SlideNumber::HDotV, &slide(0, None), 0, 9),
            "1"
        );
    }

    #[test]
    fn overflow_messages_stay_readable() {
        assert_eq!(
            overflow_message("3.1", 819.4, 700.0, 700.0 / 819.4),
            "slide 3.1: content is 819 px tall, the slide 700 px; shrunk to 85 % to fit"
        );
        assert_eq!(
            overflow_message("2", 2.7e34, 700.0, 700.0 / 2.7e34),
            "slide 2: content is more than 1,000,000 px tall, the slide 700 px; shrunk to less than 1 % to fit"
        );
    }

    #[test]
    fn content_line_skips_leading_blank_lines() {
        let mut s = slide(0, None);
        s.markdown = "\n\n# Title\n".into();
        s.first_line = 10;
        assert_eq!(content_line(&s), 12);
        s.markdown = "\n  \n".into();
        assert_eq!(content_line(&s), 10);
    }

    #[test]
    fn internal_targets_resolve_by_indices_and_ids() {
        let deck = Deck {
            slides: vec![slide(0, None), slide(1, Some(0)), slide(1, Some(1))],
            ..Default::default()
        };
        let link = |url: &str| {
            Item::Link(page::Link {
                rects: vec![page::Rect::new(0.0, 0.0, 1.0, 1.0)],
                target: LinkTarget::Url(url.into()),
                line: 1,
            })
        };
        let blank = |anchors: Vec<String>| Page {
            width: 10.0,
            height: 10.0,
            background: Paint::Solid(Color::rgb(0, 0, 0)),
            items: Vec::new(),
            notes: None,
            title: None,
            label: String::new(),
            lines: 1..1,
            anchors,
            notes_for: None,
            structure: Vec::new(),
        };
        let mut pages = vec![blank(vec![]), blank(vec![]), blank(vec!["goal".into()])];
        pages[0].items = ["#/1/1", "#/1", "#/goal", "#/7", "https://x.org"]
            .iter()
            .map(|u| link(u))
            .collect();
        resolve_internal_links(&mut pages, &deck, &[]);
        let targets: Vec<LinkTarget> = pages[0]
            .items
            .iter()
            .map(|i| match i {
                Item::Link(l) => l.target.clone(),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            targets,
            [
                LinkTarget::Page(2),
                LinkTarget::Page(1),
                LinkTarget::Page(2),
                LinkTarget::Url("https://x.org".into())
            ]
        );
    }
}
