//! Tagged PDF: the display list's structure ([`crate::page::StructNode`]) as krilla's tag tree.
//!
//! Every drawn item is marked: items the slide's structure refers to become
//! marked content with an identifier, placed in the tag tree where the structure
//! puts them (reading order, not drawing order); all other items are artifacts
//! (backgrounds, borders, list markers, shadows, slide numbers), which assistive
//! technology skips. Each page's elements sit in one `Sect` for the slide.

use std::num::NonZeroU16;

use krilla::surface::Surface;
use krilla::tagging::{
    ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope, Tag,
    TagGroup, TagKind,
};

use crate::page::{Item, Page, StructChild, StructKind, StructNode};

/// Which items of a page the structure refers to, by index.
pub(crate) fn referenced(page: &Page) -> Vec<bool> {
    let mut out = vec![false; page.items.len()];
    let mut stack: Vec<&StructNode> = page.structure.iter().collect();
    while let Some(node) = stack.pop() {
        for child in &node.children {
            match child {
                StructChild::Node(n) => stack.push(n),
                StructChild::Item(i) => {
                    if let Some(slot) = out.get_mut(*i) {
                        *slot = true;
                    }
                }
            }
        }
    }
    out
}

/// Whether drawing the item puts anything into the content stream.
pub(crate) fn draws(item: &Item) -> bool {
    match item {
        Item::Text(t) => !t.runs.is_empty(),
        Item::Shadow(s) => !s.runs.is_empty(),
        Item::Image(_) | Item::Svg(_) | Item::Shape(_) | Item::Thumbnail(_) => true,
        Item::Link(_) | Item::PushClip(_) | Item::PopClip => false,
    }
}

/// Starts the marked content for one drawn item: content with an identifier when
/// the structure refers to it, an artifact otherwise.
pub(crate) fn start(
    surface: &mut Surface<'_>,
    item: &Item,
    referenced: bool,
) -> Option<Identifier> {
    if !referenced {
        surface.start_tagged(artifact());
        return None;
    }
    let tag = match item {
        Item::Text(_) => ContentTag::Span(SpanTag::empty()),
        _ => ContentTag::Other,
    };
    Some(surface.start_tagged(tag))
}

/// The content tag for decoration.
pub(crate) fn artifact() -> ContentTag<'static> {
    ContentTag::Artifact(krilla::tagging::Artifact::with_kind(ArtifactType::Other))
}

/// The page's structure as one `Sect`, each item reference replaced by the
/// identifier its drawing produced (each identifier used once).
pub(crate) fn page_group(page: &Page, ids: &mut [Option<Identifier>]) -> TagGroup {
    let mut sect = TagGroup::new(Tag::Section);
    for node in &page.structure {
        if let Some(group) = group(node, ids) {
            sect.push(group);
        }
    }
    sect
}

fn group(node: &StructNode, ids: &mut [Option<Identifier>]) -> Option<TagGroup> {
    let mut group = TagGroup::new(kind(&node.kind));
    for child in &node.children {
        match child {
            StructChild::Node(n) => {
                if let Some(g) = self::group(n, ids) {
                    group.push(Node::Group(g));
                }
            }
            StructChild::Item(i) => {
                if let Some(id) = ids.get_mut(*i).and_then(Option::take) {
                    group.push(Node::Leaf(id));
                }
            }
        }
    }
    (!group.children.is_empty()).then_some(group)
}

fn kind(kind: &StructKind) -> TagKind {
    match kind {
        StructKind::Heading(level) => {
            let level = NonZeroU16::new(u16::from((*level).clamp(1, 6))).unwrap_or(NonZeroU16::MIN);
            Tag::Hn(level, None).into()
        }
        StructKind::Paragraph => Tag::P.into(),
        StructKind::List { numbered } => Tag::L(if *numbered {
            ListNumbering::Decimal
        } else {
            ListNumbering::Disc
        })
        .into(),
        StructKind::ListItem => Tag::LI.into(),
        StructKind::ListBody => Tag::LBody.into(),
        StructKind::Table => Tag::Table.into(),
        StructKind::TableHead => Tag::THead.into(),
        StructKind::TableBody => Tag::TBody.into(),
        StructKind::TableRow => Tag::TR.into(),
        StructKind::HeaderCell => Tag::TH(TableHeaderScope::Column).into(),
        StructKind::Cell => Tag::TD.into(),
        StructKind::Figure { alt } => Tag::Figure(Some(alt.clone())).into(),
        StructKind::Caption => Tag::Caption.into(),
        StructKind::Link => Tag::Link.into(),
        StructKind::Code => Tag::Code.into(),
        StructKind::BlockQuote => Tag::BlockQuote.into(),
    }
}
