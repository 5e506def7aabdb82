//! Front matter YAML read into a loose tree that keeps each node's line.
//!
//! HedgeDoc reads the front matter with js-yaml and then looks at a handful of keys,
//! tolerating any shape. Deserialising straight into typed structs would lose every key
//! when one has the wrong type, so the YAML becomes a [`Node`] tree first and
//! `front_matter` picks values out of it, warning at the offending line.
//!
//! The loader runs with tight budgets: front matter is a few lines of settings, and an
//! alias bomb (billion laughs) must fail fast instead of expanding.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::options::AliasLimits;
use serde_saphyr::{DuplicateKeyPolicy, NonFiniteFloatPolicy, Options, Spanned};
use std::fmt;

/// A YAML string without control characters other than tab and line feed. The source
/// stage removes raw ones; these come from escapes (`"\x07"`, `"\0"`), and would
/// otherwise reach the PDF's metadata, the PPTX's XML or a warning on a terminal.
fn without_controls(s: &str) -> String {
    s.chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect()
}

/// One YAML node and the 1-based line it starts on (0 when unknown).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) line: usize,
    pub(crate) value: Value,
}

/// A YAML value in JSON's shapes, as js-yaml hands it to HedgeDoc.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    /// Every number, as JavaScript holds it.
    Number(f64),
    String(String),
    Seq(Vec<Node>),
    /// Entries in document order.
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// A short name of the value's kind for warnings ("a list", "a number").
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// Why the front matter could not be read, with the 1-based line when known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LoadError {
    pub(crate) line: Option<usize>,
    pub(crate) message: String,
}

/// Parses YAML text into a [`Node`] tree under tight budgets.
///
/// Like js-yaml 4 (YAML 1.2 core schema): only `true`/`false` spellings are booleans and
/// duplicate keys are an error.
pub(crate) fn load(yaml: &str) -> Result<Node, LoadError> {
    serde_saphyr::from_str_with_options::<Node>(yaml, options()).map_err(|err| {
        let line = err
            .location()
            .and_then(|loc| usize::try_from(loc.line()).ok())
            .filter(|&line| line > 0);
        LoadError {
            line,
            message: tidy_message(&first_line_of(&err.to_string())),
        }
    })
}

/// Drops what the warning already says (`error:`, the position) and the library's hints
/// about its own options; names budget breaches in the author's terms.
fn tidy_message(message: &str) -> String {
    let mut msg = message.strip_prefix("error: ").unwrap_or(message);
    if let Some(rest) = msg.strip_prefix("line ")
        && let Some((position, tail)) = rest.split_once(": ")
        && position
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b' ' || b.is_ascii_lowercase())
    {
        msg = tail;
    }
    if msg.contains("budget breached") || msg.contains("alias replay") {
        return "it is too large or its aliases expand too far".to_owned();
    }
    let msg = msg.split_once(", set ").map_or(msg, |(head, _)| head);
    msg.to_owned()
}

/// Loader options: YAML 1.2 booleans, duplicate keys rejected, small budgets.
fn options() -> Options {
    let budget = serde_saphyr::budget! {
        max_events: 100_000,
        max_aliases: 1_000,
        max_anchors: 1_000,
        max_depth: 32,
        max_nodes: 50_000,
        max_total_scalar_bytes: 4 * 1024 * 1024,
        max_recorded_anchor_events: 10_000,
        max_recorded_anchor_bytes: 1024 * 1024,
    };
    let limits: AliasLimits = serde_saphyr::alias_limits! {
        max_total_replayed_events: 10_000,
        max_replay_stack_depth: 16,
        max_alias_expansions_per_anchor: 100,
    };
    serde_saphyr::options! {
        budget: budget,
        alias_limits: limits,
        duplicate_keys: DuplicateKeyPolicy::Error,
        strict_booleans: true,
        non_finite_float_policy: NonFiniteFloatPolicy::PassThrough,
    }
}

/// serde-saphyr renders errors with a source snippet; a warning wants the first line only.
fn first_line_of(rendered: &str) -> String {
    let line = rendered.lines().map(str::trim).find(|l| !l.is_empty());
    line.unwrap_or("invalid YAML").to_owned()
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        let line = usize::try_from(spanned.referenced.line()).unwrap_or(0);
        Ok(Node {
            line,
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

/// Accepts any YAML node.
struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    #[expect(
        clippy::cast_precision_loss,
        reason = "JavaScript numbers are doubles; js-yaml loses the same precision"
    )]
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }

    #[expect(
        clippy::cast_precision_loss,
        reason = "JavaScript numbers are doubles; js-yaml loses the same precision"
    )]
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }

    #[expect(
        clippy::cast_precision_loss,
        reason = "JavaScript numbers are doubles; js-yaml loses the same precision"
    )]
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }

    #[expect(
        clippy::cast_precision_loss,
        reason = "JavaScript numbers are doubles; js-yaml loses the same precision"
    )]
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(without_controls(v)))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(without_controls(&v)))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::String(without_controls(&String::from_utf8_lossy(v))))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_entries(node: &Node) -> &[(Node, Node)] {
        match &node.value {
            Value::Map(entries) => entries,
            other => panic!("expected a mapping, got {other:?}"),
        }
    }

    #[test]
    fn scalars_keep_their_lines() {
        let root = load("---\ntitle: Hello\nwidth: 1280\nflag: true\nnothing:\n").unwrap();
        let entries = map_entries(&root);
        assert_eq!(entries.len(), 4);
        assert_eq!(entries[0].0.value, Value::String("title".into()));
        assert_eq!(entries[0].1.value, Value::String("Hello".into()));
        assert_eq!(entries[0].1.line, 2);
        assert_eq!(entries[1].1.value, Value::Number(1280.0));
        assert_eq!(entries[1].1.line, 3);
        assert_eq!(entries[2].1.value, Value::Bool(true));
        assert_eq!(entries[3].1.value, Value::Null);
    }

    #[test]
    fn nested_mappings_and_lists() {
        let root = load("---\nslideOptions:\n  theme: white\ntags: [a, 2]\n").unwrap();
        let entries = map_entries(&root);
        let inner = map_entries(&entries[0].1);
        assert_eq!(inner[0].1.value, Value::String("white".into()));
        assert_eq!(inner[0].1.line, 3);
        match &entries[1].1.value {
            Value::Seq(items) => {
                assert_eq!(items[0].value, Value::String("a".into()));
                assert_eq!(items[1].value, Value::Number(2.0));
            }
            other => panic!("expected a list, got {other:?}"),
        }
    }

    #[test]
    fn yaml_1_1_booleans_are_strings() {
        let root = load("---\na: yes\nb: off\nc: True\n").unwrap();
        let entries = map_entries(&root);
        assert_eq!(entries[0].1.value, Value::String("yes".into()));
        assert_eq!(entries[1].1.value, Value::String("off".into()));
        assert_eq!(entries[2].1.value, Value::Bool(true));
    }

    #[test]
    fn document_marker_alone_is_null() {
        assert_eq!(load("---").unwrap().value, Value::Null);
    }

    #[test]
    fn duplicate_keys_are_an_error() {
        let err = load("---\na: 1\na: 2\n").unwrap_err();
        assert!(!err.message.is_empty());
    }

    #[test]
    fn syntax_error_reports_a_line() {
        let err = load("---\ntitle: ok\nbad: [unclosed\nmore: x\n").unwrap_err();
        assert!(err.line.is_some_and(|line| line >= 3), "{err:?}");
        assert!(!err.message.contains('\n'));
    }

    #[test]
    fn anchors_and_aliases_still_work() {
        let root = load("---\na: &x hello\nb: *x\n").unwrap();
        let entries = map_entries(&root);
        assert_eq!(entries[1].1.value, Value::String("hello".into()));
    }

    #[test]
    fn billion_laughs_is_refused_quickly() {
        let mut yaml = String::from("---\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            let items = [prev.as_str(); 9].join(", ");
            yaml.push_str(&format!("a{i}: &a{i} [{items}]\n"));
        }
        let start = std::time::Instant::now();
        assert!(load(&yaml).is_err());
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let yaml = format!("---\na: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert!(load(&yaml).is_err());
    }

    #[test]
    fn messages_are_tidied() {
        assert_eq!(
            tidy_message("error: line 2 column 8: unclosed bracket '['"),
            "unclosed bracket '['"
        );
        assert_eq!(
            tidy_message(
                "error: line 3 column 1: duplicate mapping key: a, set DuplicateKeyPolicy in Options if acceptable"
            ),
            "duplicate mapping key: a"
        );
        assert_eq!(
            tidy_message("error: line 5 column 29: budget breached: RecordedAnchorEvents { n: 1 }"),
            "it is too large or its aliases expand too far"
        );
        assert_eq!(tidy_message("something else"), "something else");
    }

    #[test]
    fn first_line_of_skips_blank_lines() {
        assert_eq!(
            first_line_of("\n  oops at line 3\nsnippet"),
            "oops at line 3"
        );
        assert_eq!(first_line_of(""), "invalid YAML");
    }
}
