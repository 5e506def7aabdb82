//! Links: clickable areas as PDF link annotations.
//!
//! A link whose text wraps over several lines has one rectangle per line; it
//! becomes a single annotation with one quadrilateral per rectangle (`/QuadPoints`),
//! so a viewer treats it as one link. Its `/Rect` is the box around all of them,
//! which viewers that ignore quad points use instead. Annotations live outside
//! the content stream, so their rectangles are converted to points here.

use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::destination::XyzDestination;
use krilla::geom::{Point, Quadrilateral, Rect as KRect};
use krilla::page::Page;
use krilla::tagging::Identifier;

use super::{Context, PT_PER_PX};
use crate::page::{Link, LinkTarget};

/// Adds one annotation for `link` to the page; a `tagged` one returns the
/// identifier that places it in the tag tree.
pub(crate) fn annotate(
    page: &mut Page<'_>,
    link: &Link,
    tagged: bool,
    ctx: &mut Context<'_>,
) -> Option<Identifier> {
    let rects: Vec<KRect> = link
        .rects
        .iter()
        .filter_map(|r| {
            KRect::from_xywh(
                r.x * PT_PER_PX,
                r.y * PT_PER_PX,
                r.w * PT_PER_PX,
                r.h * PT_PER_PX,
            )
        })
        .collect();
    if rects.is_empty() {
        return None;
    }
    let (target, alt) = match &link.target {
        LinkTarget::Url(url) => (
            Target::Action(LinkAction::new(url.clone()).into()),
            url.clone(),
        ),
        LinkTarget::Page(index) if *index < ctx.page_count => {
            // The target page's top-left corner, keeping the viewer's zoom.
            let destination = XyzDestination::new(*index, Point::from_xy(0.0, 0.0));
            (
                Target::Destination(destination.into()),
                format!("page {}", index + 1),
            )
        }
        LinkTarget::Page(index) => {
            ctx.warn(
                link.line,
                format!(
                    "a link points to page {} of {}; it is left out",
                    index + 1,
                    ctx.page_count
                ),
            );
            return None;
        }
    };
    let annotation = match rects.as_slice() {
        [rect] => LinkAnnotation::new(*rect, target),
        _ => LinkAnnotation::new_with_quad_points(
            rects.into_iter().map(Quadrilateral::from).collect(),
            target,
        ),
    };
    let annotation = Annotation::new_link(annotation, Some(alt));
    if tagged {
        Some(page.add_tagged_annotation(annotation))
    } else {
        page.add_annotation(annotation);
        None
    }
}
