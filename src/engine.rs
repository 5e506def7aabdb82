//! The engine stage: Blitz styles and lays out the whole deck as one document.
//!
//! All access to Blitz's document construction lives here. Our CSS (reveal's base
//! rules, the theme, HedgeDoc's overrides) goes in as author style sheets ahead of
//! the deck's own `<style>` blocks, so the cascade is the browser's. Pictures are
//! answered from the asset store by a network provider that always answers:
//! Blitz gets a blank stand-in of the picture's size, which sizes the box exactly
//! as the picture would, and the walker draws the real picture (or a placeholder).

use crate::assets::{self, AssetStore};
use crate::deck::Meta;
use crate::diag::Sink;
use crate::markup::Markup;
use crate::page::Color;
use blitz_dom::{DocumentConfig, NodeId};
use blitz_html::HtmlDocument;
use blitz_traits::net::{Bytes, NetHandler, NetProvider, Request};
use blitz_traits::shell::{ColorScheme, Viewport};
use std::collections::BTreeMap;
use std::sync::Arc;

/// reveal.js themes HedgeDoc accepts (format spec §2.4).
pub const THEMES: [&str; 11] = [
    "beige",
    "black",
    "blood",
    "league",
    "moon",
    "night",
    "serif",
    "simple",
    "sky",
    "solarized",
    "white",
];

/// Theme style sheets bundled in `layouts/themes/`.
fn theme_css(name: &str) -> Option<&'static str> {
    match name {
        "beige" => Some(include_str!("../layouts/themes/beige.css")),
        "black" => Some(include_str!("../layouts/themes/black.css")),
        "blood" => Some(include_str!("../layouts/themes/blood.css")),
        "league" => Some(include_str!("../layouts/themes/league.css")),
        "moon" => Some(include_str!("../layouts/themes/moon.css")),
        "night" => Some(include_str!("../layouts/themes/night.css")),
        "serif" => Some(include_str!("../layouts/themes/serif.css")),
        "simple" => Some(include_str!("../layouts/themes/simple.css")),
        "sky" => Some(include_str!("../layouts/themes/sky.css")),
        "solarized" => Some(include_str!("../layouts/themes/solarized.css")),
        "white" => Some(include_str!("../layouts/themes/white.css")),
        _ => None,
    }
}

/// Options for laying out a deck.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// The logical canvas (reveal's `width` × `height`) in CSS px.
    pub canvas: (f32, f32),
    /// Faces from the user's font folders, beside the bundled ones.
    pub fonts: std::sync::Arc<crate::fonts::ExtraFonts>,
}

impl Default for EngineOptions {
    fn default() -> Self {
        Self {
            canvas: (960.0, 700.0),
            fonts: crate::fonts::ExtraFonts::none(),
        }
    }
}

/// A laid-out deck: the Blitz document and where each slide is in it.
pub struct Laid {
    pub(crate) doc: HtmlDocument,
    /// Leaf `<section>` of each slide, indexed like `Deck::slides`.
    pub(crate) sections: Vec<Option<NodeId>>,
    /// Probe element carrying each slide's CSS background value, if it has one.
    pub(crate) background_probes: Vec<Option<NodeId>>,
    pub(crate) canvas: (f32, f32),
    /// The bundled fonts as registered for the document.
    pub(crate) fonts: parley::FontContext,
}

/// The theme in use: the front matter's if known, else HedgeDoc's default `black`.
pub fn theme_name(meta: &Meta, sink: &mut Sink) -> &'static str {
    let Some(wanted) = meta.slide_options.theme.as_deref() else {
        return "black";
    };
    let wanted = wanted.trim();
    match THEMES.iter().find(|t| **t == wanted) {
        Some(t) if theme_css(t).is_some() => t,
        Some(t) => {
            sink.warn(
                None,
                format!("theme '{t}' is not available; drawn with 'black'"),
            );
            "black"
        }
        None => {
            sink.warn(
                None,
                format!("unknown theme '{wanted}'; drawn with 'black' as HedgeDoc does"),
            );
            "black"
        }
    }
}

/// Our author style sheets, in HedgeDoc's load order.
fn author_css(theme: &str, canvas: (f32, f32)) -> String {
    let mut css = String::new();
    css.push_str(include_str!("../layouts/reveal.css"));
    css.push_str(include_str!("../layouts/theme.css"));
    css.push_str(theme_css(theme).unwrap_or(include_str!("../layouts/themes/black.css")));
    css.push_str(include_str!("../layouts/hedgedoc.css"));
    css.push_str(include_str!("../layouts/deckport.css"));
    css.push_str(&format!(
        ":root {{ --dp-canvas-width: {}px; }}\n.deckport-probe {{ display: block; width: 0; height: 0; }}\n",
        canvas.0
    ));
    css
}

/// Escapes text for a double-quoted HTML attribute.
fn attr_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Escapes text for the content of a `<style>` element.
fn style_escape(s: &str) -> String {
    s.replace("</", "<\\/")
}

/// Whether reveal treats a `data-background` value as a picture (format spec §8.6).
pub fn background_is_image(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    if lower.starts_with("http") || lower.starts_with("file") || lower.starts_with("//") {
        return true;
    }
    for ext in [".svg", ".png", ".jpg", ".jpeg", ".gif", ".bmp"] {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(ext) {
            let end = from + pos + ext.len();
            match lower[end..].chars().next() {
                None => return true,
                Some(c) if c == '?' || c == '#' || c.is_whitespace() => return true,
                _ => from = end,
            }
        }
    }
    false
}

/// Network provider answering from the asset store, never from the network.
struct StoreProvider {
    bodies: BTreeMap<String, Bytes>,
}

impl NetProvider for StoreProvider {
    fn fetch(&self, _doc_id: usize, request: Request, handler: Box<dyn NetHandler>) {
        // Always answer: an unanswered request would leave the document unstyled.
        let body = self
            .bodies
            .get(request.url.as_str())
            .cloned()
            .unwrap_or_default();
        handler.bytes(request.url.to_string(), body);
    }
}

/// Pixel size of a picture's stand-in: the picture's aspect ratio in few pixels
/// (exact when the reduced ratio fits in 256 px, else within 0.2 %). Decoding a
/// full-size blank picture would cost more than laying out the whole deck.
fn stand_in_size(width: f32, height: f32) -> (f32, f32) {
    const CAP: u64 = 256;
    let (w, h) = (
        width.round().max(1.0) as u64,
        height.round().max(1.0) as u64,
    );
    let (mut a, mut b) = (w, h);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    let (rw, rh) = (w / a, h / a);
    if rw.max(rh) <= CAP {
        return (rw as f32, rh as f32);
    }
    let scale = CAP as f32 / w.max(h) as f32;
    (
        (w as f32 * scale).round().max(1.0),
        (h as f32 * scale).round().max(1.0),
    )
}

/// Stand-in bodies for every picture, with the picture's aspect ratio.
fn stand_ins(assets: &AssetStore) -> BTreeMap<String, Bytes> {
    let mut cache: BTreeMap<(u32, u32), Bytes> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for (url, asset) in assets.iter() {
        let (w, h) = asset.size();
        let (sw, sh) = stand_in_size(w, h);
        let body = cache
            .entry((sw as u32, sh as u32))
            .or_insert_with(|| Bytes::from(assets::stand_in_png(sw, sh)))
            .clone();
        out.insert(url.to_string(), body);
    }
    out
}

/// Gives every `<img>` without size attributes its picture's natural width, which the
/// small stand-in does not carry; the stand-in's aspect ratio gives the height.
fn natural_widths(doc: &mut HtmlDocument, assets: &AssetStore) {
    let Ok(ids) = doc.query_selector_all("img:not([width]):not([height])") else {
        return;
    };
    let mut widths = Vec::new();
    for id in ids {
        let Some(node) = doc.get_node(id) else {
            continue;
        };
        let src = node.attr(blitz_dom::LocalName::from("src")).unwrap_or("");
        if let Some(asset) = assets.get(src) {
            widths.push((id, format!("{}", asset.size().0.round().max(1.0))));
        }
    }
    let mut mutator = doc.mutate();
    for (id, width) in widths {
        let name = blitz_dom::QualName::new(
            None,
            blitz_dom::Namespace::from(""),
            blitz_dom::LocalName::from("width"),
        );
        mutator.set_attribute(id, name, &width);
    }
}

/// Styles and lays out every slide of the deck in one Blitz document.
pub fn lay_out(
    markup: &Markup,
    meta: &Meta,
    assets: &AssetStore,
    options: &EngineOptions,
    sink: &mut Sink,
) -> Laid {
    let theme = theme_name(meta, sink);
    let css = author_css(theme, options.canvas);
    let mut html = markup.html.clone();
    let head = format!(
        "<head><meta charset=\"utf-8\"><style>{}</style>",
        style_escape(&css)
    );
    match html.find("<head>") {
        Some(at) => html.replace_range(at..at + "<head>".len(), &head),
        None => html.insert_str(0, &format!("{head}</head>")),
    }
    // One probe per slide with a CSS (non-picture) background, read back after the cascade.
    let mut probes = String::new();
    for (i, slide) in markup.slides.iter().enumerate() {
        let mut value = None;
        let mut color = None;
        for (name, v) in &slide.attrs {
            match name.as_str() {
                "data-background" if !background_is_image(v) => value = Some(v.clone()),
                "data-background-color" => color = Some(v.clone()),
                _ => {}
            }
        }
        if value.is_some() || color.is_some() {
            let mut style = String::new();
            if let Some(v) = value {
                style.push_str(&format!("background: {v};"));
            }
            if let Some(c) = color {
                style.push_str(&format!("background-color: {c};"));
            }
            probes.push_str(&format!(
                "<div class=\"deckport-probe\" data-deckport-bg=\"{i}\" style=\"{}\"></div>",
                attr_escape(&style)
            ));
        }
    }
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, &probes),
        None => html.push_str(&probes),
    }

    let provider = StoreProvider {
        bodies: stand_ins(assets),
    };
    let viewport = Viewport::new(
        options.canvas.0.round().max(1.0) as u32,
        options.canvas.1.round().max(1.0) as u32,
        1.0,
        ColorScheme::Light,
    );
    // Built once: the walker lays out its own labels with a copy of it.
    let fonts = crate::fonts::font_context(&html, &options.fonts);
    let config = DocumentConfig {
        viewport: Some(viewport),
        base_url: Some(assets::DECK_BASE.to_string()),
        font_ctx: Some(fonts.clone()),
        net_provider: Some(Arc::new(provider)),
        ..Default::default()
    };
    let mut doc = HtmlDocument::from_html(&html, config);
    natural_widths(&mut doc, assets);
    doc.resolve(0.0);
    let mut again = keep_image_heights(&mut doc);

    let sections = indexed_nodes(
        &doc,
        "section[data-deckport-slide]",
        "data-deckport-slide",
        markup.slides.len(),
    );
    let background_probes = indexed_nodes(
        &doc,
        ".deckport-probe",
        "data-deckport-bg",
        markup.slides.len(),
    );
    again |= mark_background_contrast(&mut doc, &sections, &background_probes);
    if again {
        doc.resolve(0.0);
    }
    Laid {
        doc,
        sections,
        background_probes,
        canvas: options.canvas,
        fonts,
    }
}

/// The elements a selector finds, placed by the slide index in one of their attributes.
fn indexed_nodes(
    doc: &HtmlDocument,
    selector: &str,
    attr: &str,
    len: usize,
) -> Vec<Option<NodeId>> {
    let mut out = vec![None; len];
    for id in doc.query_selector_all(selector).into_iter().flatten() {
        let index = doc
            .get_node(id)
            .and_then(|n| n.attr(blitz_dom::LocalName::from(attr)))
            .and_then(|v| v.parse::<usize>().ok());
        if let Some(slot) = index.and_then(|i| out.get_mut(i)) {
            *slot = Some(id);
        }
    }
    out
}

/// Keeps an `<img>`'s pixel `height` attribute when `max-width` narrows the picture,
/// as Blink does (the picture is then stretched, an SVG letterboxed). Blitz scales
/// the height down with the width; the laid-out width is kept and the height
/// restored, then the document is laid out again. Returns whether anything changed.
fn keep_image_heights(doc: &mut HtmlDocument) -> bool {
    let Ok(ids) = doc.query_selector_all("img[height]") else {
        return false;
    };
    let mut fixes = Vec::new();
    for id in ids {
        let Some(node) = doc.get_node(id) else {
            continue;
        };
        let Ok(height) = node
            .attr(blitz_dom::LocalName::from("height"))
            .unwrap_or("")
            .trim()
            .parse::<f32>()
        else {
            continue;
        };
        let layout = node.final_layout();
        let content_h = layout.size.height
            - layout.border.top
            - layout.border.bottom
            - layout.padding.top
            - layout.padding.bottom;
        let content_w = layout.size.width
            - layout.border.left
            - layout.border.right
            - layout.padding.left
            - layout.padding.right;
        if height > 0.0 && content_w > 0.0 && (content_h - height).abs() > 0.5 {
            fixes.push((id, content_w, height));
        }
    }
    for (id, w, h) in &fixes {
        doc.set_style_property(*id, "width", &format!("{w}px"));
        doc.set_style_property(*id, "height", &format!("{h}px"));
        doc.set_style_property(*id, "max-width", "none");
        doc.set_style_property(*id, "max-height", "none");
    }
    !fixes.is_empty()
}

/// reveal's contrast classes: a slide whose background colour is dark gets
/// `has-dark-background`, a light one `has-light-background` (brightness
/// (299·r + 587·g + 114·b) / 1000 below 128 is dark); themes recolour text by them.
/// Returns whether any class was added.
fn mark_background_contrast(
    doc: &mut HtmlDocument,
    sections: &[Option<NodeId>],
    probes: &[Option<NodeId>],
) -> bool {
    let mut marks = Vec::new();
    for (section, probe) in sections.iter().zip(probes) {
        let (Some(section), Some(probe)) = (section, probe) else {
            continue;
        };
        let Some(color) = doc.get_node(*probe).and_then(|n| {
            let styles = n.primary_styles()?;
            Some(to_color(
                &styles.resolve_color(&styles.get_background().background_color),
            ))
        }) else {
            continue;
        };
        if color.a == 0 {
            continue;
        }
        let brightness =
            (u32::from(color.r) * 299 + u32::from(color.g) * 587 + u32::from(color.b) * 114) / 1000;
        let class = if brightness < 128 {
            "has-dark-background"
        } else {
            "has-light-background"
        };
        let existing = doc
            .get_node(*section)
            .and_then(|n| n.attr(blitz_dom::LocalName::from("class")))
            .unwrap_or("")
            .to_string();
        let value = if existing.is_empty() {
            class.to_string()
        } else {
            format!("{existing} {class}")
        };
        marks.push((*section, value));
    }
    let changed = !marks.is_empty();
    let mut mutator = doc.mutate();
    for (id, value) in marks {
        let name = blitz_dom::QualName::new(
            None,
            blitz_dom::Namespace::from(""),
            blitz_dom::LocalName::from("class"),
        );
        mutator.set_attribute(id, name, &value);
    }
    changed
}

/// Converts a Stylo colour to 8-bit sRGB.
pub(crate) fn to_color(c: &style::color::AbsoluteColor) -> Color {
    let srgb = c.to_color_space(style::color::ColorSpace::Srgb);
    let [r, g, b, a] = *srgb.raw_components();
    let q = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    Color::rgba(q(r), q(g), q(b), q(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stand_ins_keep_the_aspect_ratio_in_few_pixels() {
        assert_eq!(stand_in_size(1280.0, 720.0), (16.0, 9.0));
        assert_eq!(stand_in_size(640.0, 360.0), (16.0, 9.0));
        assert_eq!(stand_in_size(30.0, 20.0), (3.0, 2.0));
        let (w, h) = stand_in_size(1921.0, 1079.0);
        assert_eq!(w, 256.0);
        assert!((w / h - 1921.0 / 1079.0).abs() < 0.01);
    }

    #[test]
    fn reveal_background_image_rule() {
        assert!(background_is_image("https://x.org/a"));
        assert!(background_is_image("img/a.PNG"));
        assert!(background_is_image("a.jpg?x=1"));
        assert!(!background_is_image("#ff0000"));
        assert!(!background_is_image("linear-gradient(red, blue)"));
        assert!(!background_is_image("a.pngx"));
    }
}
