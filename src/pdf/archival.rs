//! PDF/A-2b: krilla's archival validator, and its refusals as warnings that
//! name the slide and the rule.
//!
//! krilla writes the XMP metadata, the sRGB output intent and the identifiers
//! PDF/A asks for once the validator is on, and refuses to finish a document
//! that breaks a rule instead of writing a false claim. Most rules cannot be
//! broken by a deck (pictures are embedded without interpolation, dates come
//! from the caller); what can is text no bundled font has a glyph for, and
//! gradients that would need PostScript.

use krilla::configure::{
    Archival, Configuration, ConfigurationBuilder, ValidationError, Validators,
};

use crate::diag::Warning;
use crate::page;

/// The configuration for plain output or PDF/A-2b.
pub(crate) fn configuration(pdfa: bool) -> Configuration {
    if !pdfa {
        return Configuration::default();
    }
    ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_B)
        .finish()
        // A-2b alone always has a matching PDF version; fall back to plain output
        // rather than fail if a krilla update ever says otherwise.
        .unwrap_or_default()
}

/// One warning per broken rule, at the deck line krilla located it (deduplicated).
pub(crate) fn warnings(
    doc: &page::Document,
    errors: &[(ValidationError, Validators)],
) -> Vec<Warning> {
    let mut out: Vec<Warning> = Vec::new();
    for (error, _) in errors {
        let line = location(error);
        let slide = line.and_then(|l| slide_of(doc, l));
        let place = match slide {
            Some(label) => format!("slide {label}: "),
            None => String::new(),
        };
        let message = format!(
            "{place}not PDF/A-2b: {}; the PDF is written without the PDF/A claim",
            rule(error)
        );
        if !out.iter().any(|w| w.line == line && w.message == message) {
            out.push(Warning { line, message });
        }
    }
    out
}

/// The deck line an error points at, when krilla knows it.
fn location(error: &ValidationError) -> Option<usize> {
    use ValidationError as E;
    let location = match error {
        E::ContainsPostScript(l)
        | E::ContainsNotDefGlyph(_, l, _)
        | E::NoCodepointMapping(_, _, l)
        | E::InvalidCodepointMapping(_, _, _, l)
        | E::UnicodePrivateArea(_, _, _, l)
        | E::Transparency(l)
        | E::ImageInterpolation(l)
        | E::MissingAltText(l)
        | E::MissingAnnotationAltText(l) => *l,
        _ => None,
    };
    location.map(|l| l.get() as usize)
}

/// The label of the slide whose deck lines hold `line`.
fn slide_of(doc: &page::Document, line: usize) -> Option<String> {
    doc.pages
        .iter()
        .find(|p| p.lines.contains(&line))
        .map(|p| p.label.clone())
}

/// The rule an error breaks, in words.
fn rule(error: &ValidationError) -> String {
    use ValidationError as E;
    match error {
        E::ContainsNotDefGlyph(_, _, text) => format!(
            "no font has a glyph for {text:?} (rule: no .notdef glyphs, ISO 19005-2 6.2.11.8)"
        ),
        E::NoCodepointMapping(..) | E::InvalidCodepointMapping(..) => {
            "a glyph has no usable Unicode mapping (rule: ToUnicode, ISO 19005-2 6.2.11.7)".into()
        }
        E::ContainsPostScript(_) => {
            "a repeating gradient would need PostScript (rule: no PostScript, ISO 19005-2 6.2.9)"
                .into()
        }
        E::Transparency(_) => "transparency (rule: ISO 19005-2 6.4)".into(),
        E::ImageInterpolation(_) => {
            "an interpolated picture (rule: no /Interpolate, ISO 19005-2 6.2.8)".into()
        }
        E::MissingDocumentDate => "no document date (rule: XMP dates, ISO 19005-2 6.6)".into(),
        E::TooLongString | E::TooLongName | E::TooLongArray | E::TooLongDictionary => {
            "an object exceeds an implementation limit (rule: ISO 19005-2 6.1.13)".into()
        }
        E::TooHighQNestingLevel => {
            "graphics states nest too deeply (rule: ISO 19005-2 6.1.13)".into()
        }
        other => {
            // Rules a deck cannot normally break: name krilla's rule as it does.
            let name = format!("{other:?}");
            let name = name
                .split(['(', ' '])
                .next()
                .unwrap_or("unknown")
                .to_string();
            format!("rule {name}")
        }
    }
}
