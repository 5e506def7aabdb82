//! The seed deck (`community-call-2024-04-25.md`): 22 leaf slides in HedgeDoc's
//! numbering, checked on a structural excerpt and, when present, on the real file.

use super::*;

/// The seed deck `community-call-2024-04-25.md` cut down to its structure: the real front
/// matter, every separator with the blank lines around it, each slide's first line and
/// the spots that matter (the indented `<style>` block, nested list, the whitespace-only
/// line before a separator).
const SEED_EXCERPT: &str = "---
title: SCS Community Call
type: slide
tags: presentation
slideOptions:
  theme: white
  transition: 'slide'
  parallaxBackgroundSize: '1920px 1080px'
---

<style>
    .slides h1 {
        font-size: 36px;
    }
</style>

<!-- .slide: data-background=\"https://input.scs.community/uploads/d6bddd57.jpg\" -->


# Sovereign Cloud Stack


---

# Any newcomers? Welcome!


---

# Updates from the Teams

---

# Team IaaS

---

# Team IaaS

- updates:
    - Octavia upgraded to mandatory

---

# Team IAM & Security - Roles

----

# Team IAM & Security - IAM

----

![](https://input.scs.community/uploads/e9130ce6.svg =x640)


----

# Team IAM & Security - Security

---

# Team Ops

----

# Team Ops\x20

---

# Team Container

----

# Team Container 2

----

# Team Container 3

----

# Team Container 4

----

# Team Container 5

* Revival of the friday hacking sessions
  * **Maybe** spontaneous session on May 3rd\x20
\x20

---

# Invite to the SIG Community


---

# Adoption

---

# Events

----

![](https://input.scs.community/uploads/8903f45e.png)

### 2. Sovereign Cloud Stack Summit May 14, 2024 in Berlin

----

![](https://input.scs.community/uploads/fcfebbe6.png)

----

### OpenInfra Day Germany May 15, 2024 in Berlin

More Sponsoring wanted!
";

const SEED_LABELS: [&str; 22] = [
    "1", "2", "3", "4", "5", "6.1", "6.2", "6.3", "6.4", "7.1", "7.2", "8.1", "8.2", "8.3", "8.4",
    "8.5", "9", "10", "11.1", "11.2", "11.3", "11.4",
];

#[test]
fn seed_excerpt_structure() {
    let (deck, warnings) = parse_all(SEED_EXCERPT);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(deck.meta.title.as_deref(), Some("SCS Community Call"));
    assert_eq!(deck.meta.tags, ["presentation"]);
    let o = &deck.meta.slide_options;
    assert_eq!(o.theme.as_deref(), Some("white"));
    assert_eq!(o.parallax_background_size.as_deref(), Some("1920px 1080px"));
    assert_eq!(deck.slides.len(), 22);
    assert_eq!(labels(&deck), SEED_LABELS);

    let firsts: Vec<&str> = deck
        .slides
        .iter()
        .map(|s| {
            s.markdown
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
        })
        .collect();
    assert_eq!(firsts[0], "<style>");
    assert_eq!(firsts[1], "# Any newcomers? Welcome!");
    assert_eq!(firsts[5], "# Team IAM & Security - Roles");
    assert_eq!(
        firsts[7],
        "![](https://input.scs.community/uploads/e9130ce6.svg =x640)"
    );
    assert_eq!(firsts[15], "# Team Container 5");
    assert_eq!(
        firsts[21],
        "### OpenInfra Day Germany May 15, 2024 in Berlin"
    );

    // No slide triggers the indentation quirk: indents survive.
    assert!(
        deck.slides[0]
            .markdown
            .contains("\n    .slides h1 {\n        font-size")
    );
    assert!(deck.slides[4].markdown.contains("\n    - Octavia"));
    assert!(deck.slides[15].markdown.ends_with("May 3rd \n \n"));
    assert!(deck.slides.iter().all(|s| s.notes.is_none()));

    // Lines: the body starts on the closing `---` line (9); the first separator is on line
    // 23 with its blank line 22, so slide 1 ends before 22 and slide 2 starts on 24.
    assert_eq!(deck.slides[0].lines, 9..22);
    assert_eq!(deck.slides[1].first_line, 24);
    assert_eq!(deck.slides[21].lines.end, SEED_EXCERPT.lines().count() + 1);
}

/// The real seed deck from the shared folder beside the repository.
#[test]
fn seed_deck_from_the_shared_folder() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/seed/community-call-2024-04-25.md");
    let bytes = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("the seed deck is expected at {} ({e})", path.display()));
    let mut sink = Sink::new();
    let text = source::normalize(&bytes, &mut sink);
    let deck = parse(&text, &mut sink);
    check_invariants(&text, &deck);
    assert!(sink.is_empty(), "{:?}", sink.warnings());
    assert_eq!(labels(&deck), SEED_LABELS);
    let ranges: Vec<_> = deck.slides.iter().map(|s| s.lines.clone()).collect();
    let want = [
        9..46,
        48..51,
        53..55,
        57..61,
        63..72,
        74..85,
        87..100,
        102..105,
        107..115,
        117..122,
        124..130,
        132..138,
        140..147,
        149..157,
        159..167,
        169..177,
        179..190,
        192..198,
        200..211,
        213..219,
        221..223,
        225..230,
    ];
    assert_eq!(ranges, want);
}
