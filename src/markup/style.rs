//! A budget on the deck's own CSS.
//!
//! Stylo files each rule under its rightmost selector and tests an element against
//! every rule filed under its name, class or id, so a `<style>` of 100,000 rules ending
//! in `p` costs each paragraph 100,000 matches. The deck's `<style>` blocks together may
//! hold [`MAX_STYLE_RULES`] selectors (a rule with a selector list counts each one); the
//! text past the last rule that fits is dropped, with a warning.

/// Selectors in all the deck's `<style>` blocks together.
pub const MAX_STYLE_RULES: usize = 10_000;

/// Keeps the rules of `css` that fit in `left` selectors, taking them from `left`.
/// Returns `None` when all of `css` fits, else the text up to the end of the last rule
/// (or statement) that fits.
pub(crate) fn within_budget(css: &str, left: &mut usize) -> Option<String> {
    let bytes = css.as_bytes();
    let mut i = 0;
    // Selectors in the prelude being read, end of the last whole rule or statement.
    let mut selectors = 1usize;
    let mut parens = 0usize;
    let mut kept_to = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = css[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |e| i + 2 + e + 2);
                continue;
            }
            quote @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'\\' => i += 1,
            b'(' | b'[' => parens += 1,
            b')' | b']' => parens = parens.saturating_sub(1),
            b',' if parens == 0 => selectors += 1,
            b'{' => {
                if selectors > *left {
                    *left = 0;
                    return Some(css[..kept_to].to_owned());
                }
                *left -= selectors;
                selectors = 1;
                parens = 0;
            }
            b'}' | b';' => {
                selectors = 1;
                parens = 0;
                kept_to = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_within_the_budget_are_kept_whole() {
        let mut left = 10;
        assert_eq!(
            within_budget("p { color: red } a, b { x: y }", &mut left),
            None
        );
        assert_eq!(left, 7);
    }

    #[test]
    fn the_text_is_cut_after_the_last_rule_that_fits() {
        let mut left = 3;
        let css = "p { a: b } h1, h2 { c: d } q { e: f } r { }";
        assert_eq!(
            within_budget(css, &mut left).as_deref(),
            Some("p { a: b } h1, h2 { c: d }")
        );
        assert_eq!(left, 0);
        assert_eq!(within_budget("s { }", &mut left).as_deref(), Some(""));
    }

    #[test]
    fn commas_in_strings_comments_and_functions_are_not_selectors() {
        let mut left = 2;
        let css = "a[title=\"x,y\"], /* , , */ b:is(c, d, e) { font-family: f, g; }";
        assert_eq!(within_budget(css, &mut left), None);
        assert_eq!(left, 0);
    }

    #[test]
    fn rules_inside_at_rules_count() {
        let mut left = 3;
        let css = "@media print { a { } b { } c { } }";
        assert_eq!(
            within_budget(css, &mut left).as_deref(),
            Some("@media print { a { } b { }")
        );
    }

    #[test]
    fn unterminated_comments_and_strings_end_the_text() {
        let mut left = 5;
        assert_eq!(within_budget("a { } /* open", &mut left), None);
        assert_eq!(within_budget("b[x=\"open", &mut left), None);
        assert_eq!(within_budget("c\\", &mut left), None);
    }
}
