//! Glob patterns in deck arguments (`decks/*.md`), for shells that do not expand
//! them (Windows, quoted arguments, CI files).
//!
//! `*` matches any run of characters within one path component, `?` one
//! character, `[abc]` / `[a-z]` / `[!a]` one character of a set. Names starting
//! with `.` are matched only by a pattern starting with `.`. Matches come back
//! sorted, so the order of a batch never depends on the file system.

use std::path::{Component, Path, PathBuf};

/// Whether an argument contains glob characters.
pub fn is_pattern(arg: &str) -> bool {
    arg.contains(['*', '?', '['])
}

/// The paths a pattern matches, sorted; empty when none does.
pub fn expand(pattern: &str) -> Vec<PathBuf> {
    let path = Path::new(pattern);
    let mut found = vec![PathBuf::new()];
    for component in path.components() {
        let part = match component {
            Component::Normal(p) => p.to_string_lossy().into_owned(),
            other => {
                for f in &mut found {
                    f.push(other.as_os_str());
                }
                continue;
            }
        };
        if !is_pattern(&part) {
            for f in &mut found {
                f.push(&part);
            }
            found.retain(|f| f.symlink_metadata().is_ok());
            continue;
        }
        let mut next = Vec::new();
        for base in &found {
            let dir = if base.as_os_str().is_empty() {
                Path::new(".")
            } else {
                base.as_path()
            };
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if matches(&part, &name) {
                    next.push(base.join(&name));
                }
            }
        }
        found = next;
    }
    found.retain(|f| !f.as_os_str().is_empty());
    found.sort();
    found
}

/// Whether one file name matches one pattern component.
pub fn matches(pattern: &str, name: &str) -> bool {
    if name.starts_with('.') && !pattern.starts_with('.') {
        return false;
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    match_from(&p, &n)
}

fn match_from(p: &[char], n: &[char]) -> bool {
    match p.first() {
        None => n.is_empty(),
        Some('*') => (0..=n.len()).any(|skip| match_from(&p[1..], &n[skip..])),
        Some('?') => !n.is_empty() && match_from(&p[1..], &n[1..]),
        Some('[') => match (class(&p[1..]), n.first()) {
            (Some((ok, used)), Some(&c)) => ok(c) && match_from(&p[1 + used..], &n[1..]),
            (None, Some(&c)) => c == '[' && match_from(&p[1..], &n[1..]),
            (_, None) => false,
        },
        Some(&c) => n.first() == Some(&c) && match_from(&p[1..], &n[1..]),
    }
}

/// A `[...]` set after its `[`: a test and the number of pattern characters used.
#[expect(clippy::type_complexity, reason = "a closure and a count, used once")]
fn class(p: &[char]) -> Option<(Box<dyn Fn(char) -> bool>, usize)> {
    let end = p.iter().skip(1).position(|&c| c == ']')? + 1;
    let body = &p[..end];
    let (negate, body) = match body.first() {
        Some('!' | '^') => (true, &body[1..]),
        _ => (false, body),
    };
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < body.len() {
        if i + 2 < body.len() && body[i + 1] == '-' {
            ranges.push((body[i], body[i + 2]));
            i += 3;
        } else {
            ranges.push((body[i], body[i]));
            i += 1;
        }
    }
    Some((
        Box::new(move |c| ranges.iter().any(|&(a, b)| a <= c && c <= b) != negate),
        end + 1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match() {
        assert!(matches("*.md", "deck.md"));
        assert!(!matches("*.md", "deck.mdx"));
        assert!(!matches("*.md", ".hidden.md"));
        assert!(matches("d?ck-[0-9].md", "deck-7.md"));
        assert!(!matches("deck-[!0-9].md", "deck-7.md"));
        assert!(matches("a*b*c", "abxxbc"));
        assert!(matches("[ab]", "b"));
    }

    #[test]
    fn patterns_expand_sorted_across_folders() {
        let dir = tempfile::tempdir().unwrap();
        for p in ["x/b.md", "x/a.md", "y/a.md", "y/c.txt"] {
            let p = dir.path().join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let pattern = format!("{}/*/*.md", dir.path().display());
        let found: Vec<String> = expand(&pattern)
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(found, ["x/a.md", "x/b.md", "y/a.md"]);
        assert!(expand(&format!("{}/none/*.md", dir.path().display())).is_empty());
    }
}
