//! Front matter detection and key mapping.

use super::*;
use crate::diag::Warning;

fn read_all(text: &str) -> (FrontMatter, Vec<Warning>) {
    let mut sink = Sink::new();
    let front = read(text, &mut sink);
    (front, sink.warnings())
}

/// Reads `---\n{yaml}\n---\n` and returns the meta and warnings.
fn meta_of(yaml: &str) -> (Meta, Vec<Warning>) {
    let (front, warnings) = read_all(&format!("---\n{yaml}\n---\n"));
    (front.meta, warnings)
}

#[test]
fn block_detection() {
    assert_eq!(find_block("---\na: 1\n---\nbody"), Some((8, 12)));
    assert_eq!(find_block("---\na: 1\n...\nbody"), Some((8, 12)));
    // The closing line only has to start with the three characters.
    assert_eq!(find_block("---\na: 1\n---x\nbody"), Some((8, 12)));
    assert_eq!(find_block("---\na: 1\n-----\n"), Some((8, 12)));
    // The first such line wins.
    assert_eq!(find_block("---\n---\n---\n"), Some((3, 7)));
    assert_eq!(find_block("---"), None);
    assert_eq!(find_block("---\na: 1\n"), None);
    assert_eq!(find_block(" ---\na: 1\n---\n"), None);
    assert_eq!(find_block("\n---\na: 1\n---\n"), None);
    assert_eq!(find_block(""), None);
}

#[test]
fn body_starts_right_after_the_closing_three_characters() {
    let (front, warnings) = read_all("---\ntitle: T\n---\n\n# A\n");
    assert_eq!(front.body_start, 16);
    assert_eq!(front.meta.title.as_deref(), Some("T"));
    assert!(warnings.is_empty());
    // A closing line with more text: the rest of that line belongs to the body.
    let text = "---\ntitle: T\n---more\n";
    let (front, _) = read_all(text);
    assert_eq!(&text[front.body_start..], "more\n");
}

#[test]
fn front_matter_closing_dots() {
    let text = "---\ntitle: Dots\n...\n\n# A\n";
    let (front, warnings) = read_all(text);
    assert_eq!(front.meta.title.as_deref(), Some("Dots"));
    assert_eq!(&text[front.body_start..], "\n\n# A\n");
    assert!(warnings.is_empty());
}

#[test]
fn no_front_matter_means_body_from_start() {
    let (front, warnings) = read_all("# Title\n\n---\n\ntitle: x\n");
    assert_eq!(front, FrontMatter::default());
    assert!(warnings.is_empty());
}

#[test]
fn unterminated_front_matter_is_slide_text_with_a_warning() {
    let (front, warnings) = read_all("---\ntitle: x\n# Hello\n");
    assert_eq!(front, FrontMatter::default());
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].line, Some(1));
    assert!(warnings[0].message.contains("no closing"));
}

#[test]
fn broken_yaml_gives_default_meta_and_whole_note() {
    let (front, warnings) = read_all("---\ntitle: ok\nslideOptions: [oops\n---\n# A\n");
    assert_eq!(front.body_start, 0);
    assert_eq!(front.meta, Meta::default());
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .message
            .starts_with("front matter is not valid YAML")
    );
    assert!(warnings[0].line.is_some_and(|l| (2..=5).contains(&l)));
}

#[test]
fn tab_indentation_is_a_yaml_error() {
    let (front, warnings) = read_all("---\nslideOptions:\n\ttheme: white\n---\n");
    assert_eq!(front.body_start, 0);
    assert_eq!(warnings.len(), 1);
}

#[test]
fn duplicate_key_is_a_yaml_error_like_js_yaml() {
    let (front, warnings) = read_all("---\ntitle: a\ntitle: b\n---\n");
    assert_eq!(front.body_start, 0);
    assert_eq!(front.meta.title, None);
    assert_eq!(warnings.len(), 1);
}

#[test]
fn alias_bomb_falls_back_quickly() {
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let items = vec![format!("*a{}", i - 1); 10].join(", ");
        yaml.push_str(&format!("a{i}: &a{i} [{items}]\n"));
    }
    yaml.push_str("title: Bomb");
    let start = std::time::Instant::now();
    let (meta, warnings) = meta_of(&yaml);
    assert!(start.elapsed() < std::time::Duration::from_secs(2));
    assert_eq!(meta, Meta::default());
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .message
            .starts_with("front matter is not valid YAML")
    );
}

#[test]
fn empty_front_matter_is_fine() {
    let (front, warnings) = read_all("---\n---\n# A");
    assert_eq!(front.meta, Meta::default());
    assert_eq!(front.body_start, 7);
    assert!(warnings.is_empty());
}

#[test]
fn non_mapping_front_matter_is_ignored_with_a_warning() {
    let (front, warnings) = read_all("---\n- a\n- b\n---\n# A");
    assert_eq!(front.meta, Meta::default());
    assert_eq!(front.body_start, 15);
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].message.contains("not a mapping"));
}

#[test]
fn title_string_or_number() {
    assert_eq!(meta_of("title: Hello").0.title.as_deref(), Some("Hello"));
    assert_eq!(meta_of("title: 2024").0.title.as_deref(), Some("2024"));
    assert_eq!(meta_of("title: 1.50").0.title.as_deref(), Some("1.5"));
    assert_eq!(meta_of("title: 3.0").0.title.as_deref(), Some("3"));
    assert_eq!(meta_of("title: '007'").0.title.as_deref(), Some("007"));
    // Falsy values give no title, as in HedgeDoc.
    assert_eq!(meta_of("title: ''").0.title, None);
    assert_eq!(meta_of("title: 0").0.title, None);
    let (meta, warnings) = meta_of("title: [a]\nlang: de");
    assert_eq!(meta.title, None);
    assert_eq!(meta.lang.as_deref(), Some("de"), "other keys survive");
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].line, Some(2));
}

#[test]
fn lang_and_dir() {
    let (meta, warnings) = meta_of("lang: ja-jp\ndir: rtl");
    assert_eq!(meta.lang.as_deref(), Some("ja-jp"));
    assert_eq!(meta.dir.as_deref(), Some("rtl"));
    assert_eq!(meta.slide_options.rtl, Some(true));
    assert!(warnings.is_empty());
    let (meta, _) = meta_of("dir: ltr");
    assert_eq!(meta.slide_options.rtl, None);
    let (meta, warnings) = meta_of("lang: 5");
    assert_eq!(meta.lang, None);
    assert_eq!(warnings.len(), 1);
}

#[test]
fn slide_options_rtl_is_overwritten_by_dir() {
    let (meta, warnings) = meta_of("slideOptions:\n  rtl: true");
    assert_eq!(meta.slide_options.rtl, None);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].line, Some(3));
    let (meta, _) = meta_of("dir: rtl\nslideOptions:\n  rtl: false");
    assert_eq!(meta.slide_options.rtl, Some(true));
}

#[test]
fn tags_list_or_comma_string() {
    assert_eq!(meta_of("tags: a, b ,,c").0.tags, ["a", "b", "c"]);
    assert_eq!(meta_of("tags: [x, ' y ', 3, x]").0.tags, ["x", "y", "3"]);
    assert_eq!(meta_of("tags: presentation").0.tags, ["presentation"]);
    let (meta, warnings) = meta_of("tags: {a: 1}");
    assert!(meta.tags.is_empty());
    assert_eq!(warnings.len(), 1);
    let (meta, warnings) = meta_of("tags: [ok, [nested]]");
    assert_eq!(meta.tags, ["ok"]);
    assert_eq!(warnings.len(), 1);
}

#[test]
fn slide_options_all_keys() {
    let yaml = "slideOptions:
  theme: white
  width: 1280
  height: '90%'
  margin: 0.1
  minScale: 0.5
  maxScale: '3'
  center: false
  slideNumber: c/t
  showNotes: true
  parallaxBackgroundImage: 'https://x/bg.png'
  parallaxBackgroundSize: '1920px 1080px'
  transition: 'slide'";
    let (meta, warnings) = meta_of(yaml);
    assert!(warnings.is_empty(), "{warnings:?}");
    let o = meta.slide_options;
    assert_eq!(o.theme.as_deref(), Some("white"));
    assert_eq!(o.width, Some(Dim::Px(1280.0)));
    assert_eq!(o.height, Some(Dim::Percent(90.0)));
    assert_eq!(o.margin, Some(0.1));
    assert_eq!(o.min_scale, Some(0.5));
    assert_eq!(o.max_scale, Some(3.0));
    assert_eq!(o.center, Some(false));
    assert_eq!(o.slide_number, Some(SlideNumber::Format("c/t".into())));
    assert_eq!(o.show_notes, Some(true));
    assert_eq!(
        o.parallax_background_image.as_deref(),
        Some("https://x/bg.png")
    );
    assert_eq!(o.parallax_background_size.as_deref(), Some("1920px 1080px"));
    assert_eq!(o.rtl, None);
}

#[test]
fn dims() {
    let w = |v: &str| {
        meta_of(&format!("slideOptions:\n  width: {v}"))
            .0
            .slide_options
            .width
    };
    assert_eq!(w("1024"), Some(Dim::Px(1024.0)));
    assert_eq!(w("1024.5"), Some(Dim::Px(1024.5)));
    assert_eq!(w("'1024px'"), Some(Dim::Px(1024.0)));
    assert_eq!(w("'1024'"), Some(Dim::Px(1024.0)));
    assert_eq!(w("80%"), Some(Dim::Percent(80.0)));
    assert_eq!(w("' 80 %'"), Some(Dim::Percent(80.0)));
    for bad in ["wide", "0", "-5", "'-10%'", "[1]", "true", "'px'"] {
        let (meta, warnings) = meta_of(&format!("slideOptions:\n  width: {bad}"));
        assert_eq!(meta.slide_options.width, None, "{bad}");
        assert_eq!(warnings.len(), 1, "{bad}");
        assert_eq!(warnings[0].line, Some(3), "{bad}");
    }
    assert_eq!(w("~"), None);
}

#[test]
fn slide_number_forms() {
    let n = |v: &str| {
        meta_of(&format!("slideOptions:\n  slideNumber: {v}"))
            .0
            .slide_options
            .slide_number
    };
    assert_eq!(n("true"), Some(SlideNumber::HDotV));
    assert_eq!(n("false"), Some(SlideNumber::Off));
    assert_eq!(n("'h.v'"), Some(SlideNumber::HDotV));
    assert_eq!(n("h/v"), Some(SlideNumber::Format("h/v".into())));
    assert_eq!(n("'c'"), Some(SlideNumber::Format("c".into())));
    assert_eq!(n("''"), Some(SlideNumber::Off));
    assert_eq!(n("null"), Some(SlideNumber::Off));
    // YAML 1.2: `yes` is a string, so it is a (strange) format, as reveal would see it.
    assert_eq!(n("yes"), Some(SlideNumber::Format("yes".into())));
    let (meta, warnings) = meta_of("slideOptions:\n  slideNumber: 1");
    assert_eq!(meta.slide_options.slide_number, None);
    assert_eq!(warnings.len(), 1);
}

#[test]
fn mistyped_slide_options_keep_the_others() {
    let yaml = "slideOptions:
  theme: [white]
  center: 'yes'
  margin: 2
  minScale: abc
  width: 800";
    let (meta, warnings) = meta_of(yaml);
    let o = &meta.slide_options;
    assert_eq!(o.theme, None);
    assert_eq!(o.center, None);
    assert_eq!(o.margin, None);
    assert_eq!(o.min_scale, None);
    assert_eq!(o.width, Some(Dim::Px(800.0)));
    let lines: Vec<_> = warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [Some(3), Some(4), Some(5), Some(6)]);
    assert!(warnings[0].message.contains("slideOptions.theme"));
}

#[test]
fn unknown_slide_option_warns_known_reveal_option_does_not() {
    let (_, warnings) = meta_of("slideOptions:\n  transition: fade\n  pdfSeparateFragments: false");
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].line, Some(4));
    assert!(
        warnings[0]
            .message
            .contains("slideOptions.pdfSeparateFragments")
    );
}

#[test]
fn slide_options_not_a_mapping() {
    let (meta, warnings) = meta_of("slideOptions: white\ntitle: T");
    assert_eq!(meta.slide_options, SlideOptions::default());
    assert_eq!(meta.title.as_deref(), Some("T"));
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].line, Some(2));
}

#[test]
fn other_top_level_keys_are_ignored_silently() {
    let (meta, warnings) = meta_of("type: slide\nGA: UA-1\nbreaks: false\n1: one\n[a]: b");
    assert_eq!(meta, Meta::default());
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn js_number_formatting() {
    assert_eq!(js_number(1.0), "1");
    assert_eq!(js_number(-0.0), "0");
    assert_eq!(js_number(1.25), "1.25");
    assert_eq!(js_number(f64::INFINITY), "Infinity");
    assert_eq!(js_number(f64::NAN), "NaN");
}
