//! The slide's logical structure, built while the walk emits items.
//!
//! Screen readers and PDF/UA want content in reading order with its role
//! (heading, list item, table cell, figure …); the drawing order puts
//! backgrounds, borders and markers in between. The walker therefore opens a
//! structure element when it enters an element with a role and refers to the
//! items that carry content (text, pictures, links) from the innermost open
//! element. Items no element refers to are decoration.

use super::{attr, tag};
use crate::page::{StructChild, StructKind, StructNode};
use blitz_dom::{BaseDocument, Node, NodeId};

/// Open elements (innermost last) and the finished top-level ones.
#[derive(Debug, Default)]
pub(crate) struct StructBuilder {
    stack: Vec<StructNode>,
    roots: Vec<StructNode>,
    /// The `<tr>` of the row element on top of the stack, when one is open.
    row: Option<NodeId>,
}

impl StructBuilder {
    /// Opens an element; what is added until the matching [`close`](Self::close) goes inside.
    pub fn open(&mut self, kind: StructKind) {
        self.stack.push(StructNode::new(kind));
    }

    /// How many elements are open.
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Closes elements until `depth` remain open.
    pub fn close_to(&mut self, depth: usize) {
        while self.stack.len() > depth {
            self.close();
        }
    }

    /// Makes sure a row element for the `<tr>` `row` is the innermost one.
    ///
    /// Blitz lays table cells out as children of the table, so rows never reach
    /// the walk; the cells' parent `<tr>` says where one row ends and the next begins.
    pub fn enter_row(&mut self, row: NodeId) {
        let in_row = matches!(self.current(), Some(StructKind::TableRow));
        if in_row && self.row == Some(row) {
            return;
        }
        if in_row {
            self.close();
        }
        self.open(StructKind::TableRow);
        self.row = Some(row);
    }

    /// Closes the innermost element; an element with nothing in it is dropped.
    pub fn close(&mut self) {
        let Some(node) = self.stack.pop() else {
            return;
        };
        if node.kind == StructKind::TableRow {
            self.row = None;
        }
        if node.children.is_empty() {
            return;
        }
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(StructChild::Node(node)),
            None => self.roots.push(node),
        }
    }

    /// The innermost open element's kind.
    pub fn current(&self) -> Option<&StructKind> {
        self.stack.last().map(|n| &n.kind)
    }

    /// Gives the innermost open figure its alternative text if it has none yet
    /// (or always, with `replace`).
    pub fn set_figure_alt(&mut self, text: &str, replace: bool) {
        if let Some(StructNode {
            kind: StructKind::Figure { alt },
            ..
        }) = self.stack.last_mut()
            && (replace || alt.trim().is_empty())
        {
            *alt = text.to_string();
        }
    }

    /// Adds a content item to the innermost element. Text outside any element
    /// that may hold it (directly in a slide, a table row, a list) gets a paragraph
    /// of its own.
    pub fn content(&mut self, item: usize) {
        let holds_content = self.current().is_some_and(|k| {
            !matches!(
                k,
                StructKind::List { .. }
                    | StructKind::ListItem
                    | StructKind::Table
                    | StructKind::TableHead
                    | StructKind::TableBody
                    | StructKind::TableRow
            )
        });
        if holds_content {
            if let Some(top) = self.stack.last_mut() {
                top.children.push(StructChild::Item(item));
            }
        } else {
            self.open(StructKind::Paragraph);
            if let Some(top) = self.stack.last_mut() {
                top.children.push(StructChild::Item(item));
            }
            self.close();
        }
    }

    /// Closes whatever is still open and returns the top-level elements.
    pub fn finish(mut self) -> Vec<StructNode> {
        while !self.stack.is_empty() {
            self.close();
        }
        self.roots
    }
}

/// The structure roles an element opens, outermost first (a list item opens
/// the item and its body). Pictures and links are handled where they are drawn.
pub(crate) fn kinds_of(doc: &BaseDocument, node: &Node) -> Vec<StructKind> {
    let Some(name) = tag(node) else {
        return Vec::new();
    };
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let level = name.as_bytes()[1] - b'0';
            vec![StructKind::Heading(level)]
        }
        "p" => vec![StructKind::Paragraph],
        "ul" => vec![StructKind::List { numbered: false }],
        "ol" => vec![StructKind::List { numbered: true }],
        "li" => vec![StructKind::ListItem, StructKind::ListBody],
        "table" => vec![StructKind::Table],
        "thead" => vec![StructKind::TableHead],
        "tbody" => vec![StructKind::TableBody],
        "th" => vec![StructKind::HeaderCell],
        "td" => vec![StructKind::Cell],
        "pre" => vec![StructKind::Code],
        "blockquote" => vec![StructKind::BlockQuote],
        "figcaption" => vec![StructKind::Caption],
        "figure" => vec![StructKind::Figure {
            alt: first_img_alt(doc, node.id).unwrap_or_default(),
        }],
        _ => Vec::new(),
    }
}

/// The `alt` of the first `<img>` under a node, if it has a non-empty one.
fn first_img_alt(doc: &BaseDocument, root: NodeId) -> Option<String> {
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        let node = doc.get_node(id)?;
        if tag(node) == Some("img") {
            return attr(node, "alt")
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string);
        }
        stack.extend(node.children.iter().rev().copied());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_elements_vanish_and_stray_text_gets_a_paragraph() {
        let mut b = StructBuilder::default();
        b.open(StructKind::Heading(1));
        b.content(0);
        b.close();
        b.open(StructKind::List { numbered: false });
        b.content(1);
        b.open(StructKind::ListItem);
        b.close();
        b.close();
        let roots = b.finish();
        assert_eq!(roots.len(), 2);
        assert_eq!(roots[0].kind, StructKind::Heading(1));
        assert_eq!(roots[0].children, [StructChild::Item(0)]);
        let StructChild::Node(p) = &roots[1].children[0] else {
            panic!("a paragraph in the list");
        };
        assert_eq!(p.kind, StructKind::Paragraph);
        assert_eq!(roots[1].children.len(), 1);
    }
}
