//! The front matter reader (YAML with limits, `slideOptions`) on arbitrary text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        deckport::fuzzing::front_matter(text);
    }
});
