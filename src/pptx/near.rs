//! Which paragraphs and glyph runs of a slide lie at a given height.
//!
//! The slide writer matches every shape and glyph run against the paragraphs (is this
//! a list marker, an underline, text already written as a paragraph?). Asking every
//! paragraph each time costs shapes × paragraphs, minutes for a 10,000-cell table;
//! these indexes keep it linear: runs sorted by baseline, paragraphs filed by bands of
//! page height.

use std::collections::HashMap;

use crate::page::{GlyphRun, Paragraph};

/// Height of one band, in page px.
const BAND: f32 = 32.0;

/// A paragraph taller than this many bands is checked for every height instead.
const MAX_BANDS: i64 = 256;

/// The band a height falls in; `None` for NaN or infinities.
fn band(y: f32) -> Option<i64> {
    let b = (y / BAND).floor();
    b.is_finite().then_some(b as i64)
}

/// Paragraphs filed by the bands their box (or first line) touches, one px of slack
/// above and below.
pub(crate) struct ParagraphBands<'a> {
    paras: &'a [&'a Paragraph],
    rows: HashMap<i64, Vec<usize>>,
    /// Tall paragraphs and those with a non-finite box.
    always: Vec<usize>,
}

impl<'a> ParagraphBands<'a> {
    pub(crate) fn new(paras: &'a [&'a Paragraph]) -> Self {
        let mut rows: HashMap<i64, Vec<usize>> = HashMap::new();
        let mut always = Vec::new();
        for (i, p) in paras.iter().enumerate() {
            // A list marker sits on the first line, which may reach below a short box.
            let size = p.spans.first().map_or(16.0, |s| s.size);
            let reach = p.bbox.bottom().max(p.bbox.y + p.line_height.max(size));
            match (band(p.bbox.y - 1.0), band(reach + 1.0)) {
                (Some(a), Some(b)) if b >= a && b - a <= MAX_BANDS => {
                    for k in a..=b {
                        rows.entry(k).or_default().push(i);
                    }
                }
                _ => always.push(i),
            }
        }
        Self {
            paras,
            rows,
            always,
        }
    }

    /// The paragraphs whose box (with its slack) may contain height `y`: a superset,
    /// for the caller's exact test.
    pub(crate) fn at(&self, y: f32) -> impl Iterator<Item = &'a Paragraph> + '_ {
        let row = band(y).and_then(|k| self.rows.get(&k));
        row.into_iter()
            .flatten()
            .chain(&self.always)
            .map(|&i| self.paras[i])
    }
}

/// Glyph runs with a finite baseline, sorted by it.
pub(crate) struct RunsByHeight<'a> {
    sorted: Vec<&'a GlyphRun>,
}

impl<'a> RunsByHeight<'a> {
    pub(crate) fn new(runs: &[&'a GlyphRun]) -> Self {
        let mut sorted: Vec<&GlyphRun> = runs
            .iter()
            .copied()
            .filter(|r| r.origin.y.is_finite())
            .collect();
        sorted.sort_by(|a, b| a.origin.y.total_cmp(&b.origin.y));
        Self { sorted }
    }

    /// The runs whose baseline lies in `top..=bottom` (none when either is NaN).
    pub(crate) fn between(&self, top: f32, bottom: f32) -> &[&'a GlyphRun] {
        let from = self.sorted.partition_point(|r| r.origin.y < top);
        let to = self.sorted.partition_point(|r| r.origin.y <= bottom);
        self.sorted.get(from..to.max(from)).unwrap_or(&[])
    }
}
