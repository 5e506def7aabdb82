//! Front matter: finding the YAML block the way HedgeDoc's server does (format spec §2.1)
//! and picking the keys that matter for export (§2.2, §2.3) out of it.
//!
//! Every problem degrades: a YAML error gives HedgeDoc's fallback (no meta, the whole note
//! is slide text), a key of the wrong type is dropped with a warning at its line, and the
//! other keys are kept.

use super::yaml::{self, Node, Value};
use super::{Dim, Meta, SlideNumber, SlideOptions};
use crate::diag::Sink;

/// The `slideOptions` keys HedgeDoc copies into reveal's configuration (HD `slide.js:78-129`).
/// Keys outside this list are ignored by HedgeDoc, so deckport warns about them.
const REVEAL_KEYS: &[&str] = &[
    "autoPlayMedia",
    "autoSlide",
    "autoSlideStoppable",
    "backgroundTransition",
    "center",
    "controls",
    "controlsBackArrows",
    "controlsLayout",
    "controlsTutorial",
    "defaultTiming",
    "display",
    "embedded",
    "fragmentInURL",
    "fragments",
    "hash",
    "height",
    "help",
    "hideAddressBar",
    "hideCursorTime",
    "hideInactiveCursor",
    "history",
    "keyboard",
    "loop",
    "margin",
    "maxScale",
    "minScale",
    "minimumTimePerSlide",
    "mobileViewDistance",
    "mouseWheel",
    "navigationMode",
    "overview",
    "parallaxBackgroundHorizontal",
    "parallaxBackgroundImage",
    "parallaxBackgroundSize",
    "parallaxBackgroundVertical",
    "preloadIframes",
    "previewLinks",
    "progress",
    "rtl",
    "showNotes",
    "shuffle",
    "slideNumber",
    "theme",
    "totalTime",
    "touch",
    "transition",
    "transitionSpeed",
    "viewDistance",
    "width",
];

/// The deck's meta and where its slide text starts.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct FrontMatter {
    pub(super) meta: Meta,
    /// Byte offset in the deck text where the slide body starts.
    pub(super) body_start: usize,
}

/// Finds, parses and maps the front matter of normalised deck text.
pub(super) fn read(text: &str, sink: &mut Sink) -> FrontMatter {
    let Some((yaml_end, body_start)) = find_block(text) else {
        if text.starts_with("---") {
            sink.warn(
                Some(1),
                "front matter has no closing `---` or `...` line; the whole note is read as slides",
            );
        }
        return FrontMatter::default();
    };
    match yaml::load(&text[..yaml_end]) {
        Ok(root) => FrontMatter {
            meta: map_meta(&root, sink),
            body_start,
        },
        Err(err) => {
            sink.warn(
                Some(err.line.unwrap_or(1)),
                format!(
                    "front matter is not valid YAML ({}); the whole note is read as slides",
                    err.message
                ),
            );
            FrontMatter::default()
        }
    }
}

/// Locates the block as `meta-marked` does: the text starts with `---`, and the block ends
/// at the first later `\n---` or `\n...` (a line *starting* with them). Returns the end of
/// the YAML (the opening `---` is part of it) and the start of the body, which is right
/// after those three characters.
fn find_block(text: &str) -> Option<(usize, usize)> {
    if !text.starts_with("---") {
        return None;
    }
    let bytes = text.as_bytes();
    text.match_indices('\n')
        .map(|(i, _)| i)
        .find(|&i| matches!(bytes.get(i + 1..i + 4), Some(b"---" | b"...")))
        .map(|i| (i, i + 4))
}

/// Maps the YAML root to [`Meta`], warning about values HedgeDoc would not use.
fn map_meta(root: &Node, sink: &mut Sink) -> Meta {
    let mut meta = Meta::default();
    let entries = match &root.value {
        Value::Map(entries) => entries,
        Value::Null => return meta,
        other => {
            let message = format!("front matter is {}, not a mapping; ignored", other.kind());
            sink.warn(Some(line_of(root)), message);
            return meta;
        }
    };
    for (key, value) in entries {
        let Some(name) = key_name(key) else { continue };
        match name.as_str() {
            "title" => meta.title = text_or_number(value, "title", sink),
            "lang" => meta.lang = string_value(value, "lang", sink),
            "dir" => meta.dir = string_value(value, "dir", sink),
            "tags" => meta.tags = tags(value, sink),
            "slideOptions" => meta.slide_options = slide_options(value, sink),
            _ => {}
        }
    }
    // HedgeDoc sets reveal's `rtl` from `dir` alone, overwriting `slideOptions.rtl`.
    meta.slide_options.rtl = (meta.dir.as_deref() == Some("rtl")).then_some(true);
    meta
}

/// Maps the `slideOptions` mapping; unknown keys and mistyped values warn and are skipped.
fn slide_options(node: &Node, sink: &mut Sink) -> SlideOptions {
    let mut opts = SlideOptions::default();
    let entries = match &node.value {
        Value::Map(entries) => entries,
        Value::Null => return opts,
        other => {
            let message = format!(
                "`slideOptions` should be a mapping, not {}; ignored",
                other.kind()
            );
            sink.warn(Some(line_of(node)), message);
            return opts;
        }
    };
    for (key, value) in entries {
        let Some(name) = key_name(key) else { continue };
        let path = format!("slideOptions.{name}");
        match name.as_str() {
            "theme" => opts.theme = string_value(value, &path, sink),
            "width" => opts.width = dim(value, &path, sink),
            "height" => opts.height = dim(value, &path, sink),
            "margin" => opts.margin = number(value, &path, |m| (0.0..1.0).contains(&m), sink),
            "minScale" => opts.min_scale = number(value, &path, |s| s > 0.0, sink),
            "maxScale" => opts.max_scale = number(value, &path, |s| s > 0.0, sink),
            "center" => opts.center = boolean(value, &path, sink),
            "showNotes" => opts.show_notes = boolean(value, &path, sink),
            "slideNumber" => opts.slide_number = slide_number(value, sink),
            "parallaxBackgroundImage" => {
                opts.parallax_background_image = string_value(value, &path, sink);
            }
            "parallaxBackgroundSize" => {
                opts.parallax_background_size = string_value(value, &path, sink);
            }
            "rtl" => sink.warn(
                Some(line_of(key)),
                "`slideOptions.rtl` has no effect in HedgeDoc (use `dir: rtl`); ignored",
            ),
            known if REVEAL_KEYS.contains(&known) => {}
            _ => sink.warn(
                Some(line_of(key)),
                format!("`{path}` is not passed to reveal.js by HedgeDoc; ignored"),
            ),
        }
    }
    opts
}

/// The line to report for a node (1 when the loader did not know it).
fn line_of(node: &Node) -> usize {
    node.line.max(1)
}

/// A mapping key as JavaScript would name the property; `None` for keys no code reads.
fn key_name(key: &Node) -> Option<String> {
    match &key.value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(js_number(*n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Warns that `path` has a value of the wrong kind.
fn wrong_kind(node: &Node, path: &str, expected: &str, sink: &mut Sink) {
    let message = format!(
        "`{path}` should be {expected}, not {}; ignored",
        node.value.kind()
    );
    sink.warn(Some(line_of(node)), message);
}

/// `title`: a non-empty string or a non-zero number (HedgeDoc tests truthiness).
fn text_or_number(node: &Node, path: &str, sink: &mut Sink) -> Option<String> {
    match &node.value {
        Value::String(s) => (!s.is_empty()).then(|| s.clone()),
        Value::Number(n) => (*n != 0.0 && !n.is_nan()).then(|| js_number(*n)),
        Value::Null => None,
        _ => {
            wrong_kind(node, path, "a string or a number", sink);
            None
        }
    }
}

/// A non-empty string value.
fn string_value(node: &Node, path: &str, sink: &mut Sink) -> Option<String> {
    match &node.value {
        Value::String(s) => (!s.is_empty()).then(|| s.clone()),
        Value::Null => None,
        _ => {
            wrong_kind(node, path, "a string", sink);
            None
        }
    }
}

fn boolean(node: &Node, path: &str, sink: &mut Sink) -> Option<bool> {
    match &node.value {
        Value::Bool(b) => Some(*b),
        Value::Null => None,
        _ => {
            wrong_kind(node, path, "`true` or `false`", sink);
            None
        }
    }
}

/// A number (or a numeric string, which reveal's arithmetic coerces) accepted by `valid`.
fn number(node: &Node, path: &str, valid: impl Fn(f64) -> bool, sink: &mut Sink) -> Option<f64> {
    let n = match &node.value {
        Value::Number(n) => *n,
        Value::String(s) => match s.trim().parse::<f64>() {
            Ok(n) => n,
            Err(_) => {
                let message = format!("`{path}` value \"{s}\" is not a number; ignored");
                sink.warn(Some(line_of(node)), message);
                return None;
            }
        },
        Value::Null => return None,
        _ => {
            wrong_kind(node, path, "a number", sink);
            return None;
        }
    };
    if n.is_finite() && valid(n) {
        Some(n)
    } else {
        let message = format!("`{path}` value {} is out of range; ignored", js_number(n));
        sink.warn(Some(line_of(node)), message);
        None
    }
}

/// `width`/`height`: a number or `"NNpx"` is pixels, `"NN%"` a share of the page.
fn dim(node: &Node, path: &str, sink: &mut Sink) -> Option<Dim> {
    let parsed = match &node.value {
        Value::Number(n) => Some(Dim::Px(*n)),
        Value::String(s) => parse_dim(s),
        Value::Null => return None,
        _ => {
            wrong_kind(node, path, "a number, \"NNpx\" or \"NN%\"", sink);
            return None;
        }
    };
    match parsed {
        Some(Dim::Px(n) | Dim::Percent(n)) if n.is_finite() && n > 0.0 => parsed,
        _ => {
            let shown = match &node.value {
                Value::String(s) => format!("\"{s}\""),
                Value::Number(n) => js_number(*n),
                _ => String::new(),
            };
            let message = format!("`{path}` value {shown} is not a positive size; ignored");
            sink.warn(Some(line_of(node)), message);
            None
        }
    }
}

/// Parses `"80%"`, `"960px"` and `"960"`.
fn parse_dim(s: &str) -> Option<Dim> {
    let s = s.trim();
    if let Some(percent) = s.strip_suffix('%') {
        return percent.trim_end().parse().ok().map(Dim::Percent);
    }
    let px = s.strip_suffix("px").unwrap_or(s).trim_end();
    px.parse().ok().map(Dim::Px)
}

/// `slideNumber`: booleans, `null` (off) and format strings; `"h.v"` is the default format.
fn slide_number(node: &Node, sink: &mut Sink) -> Option<SlideNumber> {
    match &node.value {
        Value::Bool(true) => Some(SlideNumber::HDotV),
        Value::Bool(false) | Value::Null => Some(SlideNumber::Off),
        Value::String(s) if s.is_empty() => Some(SlideNumber::Off),
        Value::String(s) if s == "h.v" => Some(SlideNumber::HDotV),
        Value::String(s) => Some(SlideNumber::Format(s.clone())),
        _ => {
            wrong_kind(
                node,
                "slideOptions.slideNumber",
                "`true`, `false` or a format string",
                sink,
            );
            None
        }
    }
}

/// `tags`: a comma-separated string (or number) or a list; trimmed, empty ones dropped,
/// duplicates kept once.
fn tags(node: &Node, sink: &mut Sink) -> Vec<String> {
    let mut raw = Vec::new();
    match &node.value {
        Value::String(s) => raw.extend(s.split(',').map(str::to_owned)),
        Value::Number(n) => raw.extend(js_number(*n).split(',').map(str::to_owned)),
        Value::Seq(items) => {
            for item in items {
                match &item.value {
                    Value::String(s) => raw.push(s.clone()),
                    Value::Number(n) => raw.push(js_number(*n)),
                    _ => wrong_kind(item, "tags", "a string", sink),
                }
            }
        }
        Value::Null => {}
        _ => wrong_kind(node, "tags", "a list or a comma-separated string", sink),
    }
    let mut out: Vec<String> = Vec::new();
    for tag in raw {
        let tag = tag.trim();
        if !tag.is_empty() && !out.iter().any(|t| t == tag) {
            out.push(tag.to_owned());
        }
    }
    out
}

/// Formats a number as JavaScript's `String(n)` does for the common cases: integral
/// values without a fraction (`1`, not `1.0`).
fn js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_owned()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{:.0}", n + 0.0)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests;
