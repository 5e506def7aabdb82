//! `--slides RANGE`: part of a deck.
//!
//! Slides are counted in the order they are exported, from 1, vertical slides
//! included, so `--slides 3` is the third page of the full export. The pages kept
//! keep their slide-number labels; links between kept pages are renumbered and
//! links to pages left out are dropped (their text stays).

use crate::page::{Document, Item, LinkTarget};

/// A list of slide numbers and ranges: `2`, `1-3`, `5-` (to the end), `1,4-6`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlideRange {
    /// Inclusive 1-based bounds; `None` as the end means "to the last slide".
    parts: Vec<(usize, Option<usize>)>,
}

impl std::str::FromStr for SlideRange {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let number = |t: &str| -> Result<usize, String> {
            match t.trim().parse::<usize>() {
                Ok(n) if n >= 1 => Ok(n),
                _ => Err(format!("'{t}' is not a slide number (they start at 1)")),
            }
        };
        let mut parts = Vec::new();
        for part in s.split(',') {
            let part = part.trim();
            if part.is_empty() {
                return Err(format!("empty part in '{s}' (e.g. 1-3,5,8-)"));
            }
            parts.push(match part.split_once('-') {
                None => {
                    let n = number(part)?;
                    (n, Some(n))
                }
                Some((a, b)) => {
                    let a = if a.trim().is_empty() { 1 } else { number(a)? };
                    let b = if b.trim().is_empty() {
                        None
                    } else {
                        Some(number(b)?)
                    };
                    if b.is_some_and(|b| b < a) {
                        return Err(format!("'{part}' ends before it starts"));
                    }
                    (a, b)
                }
            });
        }
        Ok(SlideRange { parts })
    }
}

impl SlideRange {
    /// Whether the 1-based slide `n` is asked for.
    pub fn contains(&self, n: usize) -> bool {
        self.parts
            .iter()
            .any(|&(a, b)| n >= a && b.is_none_or(|b| n <= b))
    }

    /// The document with only the slides asked for; an error when none is. Pages are
    /// counted in export order; a notes page goes with its slide and is not counted.
    pub fn select(&self, mut document: Document) -> Result<Document, String> {
        let total = document.pages.len();
        // New index of each old page, for the links between pages.
        let mut new_index: Vec<Option<usize>> = vec![None; total];
        let (mut kept, mut counted) = (0, 0);
        for i in 0..total {
            let keep = match document.pages[i].notes_for {
                Some(slide) => new_index.get(slide).copied().flatten().is_some(),
                None => {
                    counted += 1;
                    self.contains(counted)
                }
            };
            if keep {
                new_index[i] = Some(kept);
                kept += 1;
            }
        }
        if kept == 0 {
            return Err(format!(
                "--slides selects none of the deck's {counted} slides"
            ));
        }
        let renumber = |old: usize| new_index.get(old).copied().flatten();
        let pages = std::mem::take(&mut document.pages);
        document.pages = pages
            .into_iter()
            .zip(&new_index)
            .filter(|(_, slot)| slot.is_some())
            .map(|(mut page, _)| {
                page.notes_for = page.notes_for.and_then(renumber);
                page.retain_items(|item| match item {
                    Item::Link(link) => match link.target {
                        LinkTarget::Page(old) => match renumber(old) {
                            Some(new) => {
                                link.target = LinkTarget::Page(new);
                                true
                            }
                            None => false,
                        },
                        LinkTarget::Url(_) => true,
                    },
                    Item::Thumbnail(t) => match renumber(t.page) {
                        Some(new) => {
                            t.page = new;
                            true
                        }
                        None => false,
                    },
                    _ => true,
                });
                page
            })
            .collect();
        Ok(document)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::{Color, Link, Page, Paint};

    fn range(s: &str) -> SlideRange {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_parse() {
        let r = range("2,4-5,9-");
        let picked: Vec<usize> = (1..=12).filter(|&n| r.contains(n)).collect();
        assert_eq!(picked, [2, 4, 5, 9, 10, 11, 12]);
        assert!(range("-2").contains(1));
        for bad in ["", "0", "3-1", "a", "1,,2"] {
            assert!(bad.parse::<SlideRange>().is_err(), "{bad}");
        }
    }

    fn page(label: &str, link_to: Option<usize>) -> Page {
        Page {
            width: 1920.0,
            height: 1080.0,
            background: Paint::Solid(Color::default()),
            items: link_to
                .map(|p| {
                    Item::Link(Link {
                        rects: Vec::new(),
                        target: LinkTarget::Page(p),
                        line: 1,
                    })
                })
                .into_iter()
                .collect(),
            notes: None,
            title: None,
            label: label.into(),
            lines: 1..2,
            anchors: Vec::new(),
            notes_for: None,
            structure: Vec::new(),
        }
    }

    #[test]
    fn links_follow_their_pages_or_go() {
        let doc = Document {
            pages: vec![page("1", None), page("2", Some(2)), page("3", Some(0))],
            ..Document::default()
        };
        let doc = range("2-3").select(doc).unwrap();
        let labels: Vec<&str> = doc.pages.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["2", "3"]);
        assert!(matches!(
            &doc.pages[0].items[..],
            [Item::Link(Link {
                target: LinkTarget::Page(1),
                ..
            })]
        ));
        assert!(
            doc.pages[1].items.is_empty(),
            "the link to slide 1 is dropped"
        );
        assert!(range("7").select(doc).is_err());
    }

    #[test]
    fn notes_pages_go_with_their_slides_and_are_not_counted() {
        let notes = |slide: usize| {
            let mut p = page("notes", None);
            p.notes_for = Some(slide);
            p.items = vec![Item::Thumbnail(crate::page::Thumbnail {
                page: slide,
                rect: crate::page::Rect::new(0.0, 0.0, 480.0, 270.0),
                line: 1,
            })];
            p
        };
        let deck = || Document {
            pages: vec![page("1", None), notes(0), page("2", None), notes(2)],
            ..Document::default()
        };
        let second = range("2").select(deck()).unwrap();
        let labels: Vec<&str> = second.pages.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["2", "notes"]);
        assert_eq!(second.pages[1].notes_for, Some(0));
        assert!(matches!(
            &second.pages[1].items[..],
            [Item::Thumbnail(t)] if t.page == 0
        ));
        assert_eq!(range("1-2").select(deck()).unwrap().pages.len(), 4);
        assert!(range("3").select(deck()).is_err());
    }
}
